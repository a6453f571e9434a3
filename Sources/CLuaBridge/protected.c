// Protected versions of the raising operations that Swift needs, and Lua's macros as functions.
#include "CLuaBridge.h"

static int lkb_gettable_k(lua_State *L) {
    lua_gettable(L, 1);
    return 1;
}

int lkb_gettable_p(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, lkb_gettable_k);
    lua_pushvalue(L, index);
    lua_rotate(L, -3, -1);  // f t k
    return lkb_pcall(L, 2, 1);
}

static int lkb_settable_k(lua_State *L) {
    lua_settable(L, 1);
    return 0;
}

int lkb_settable_p(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, lkb_settable_k);
    lua_pushvalue(L, index);
    lua_rotate(L, -4, 2);  // f t k v
    return lkb_pcall(L, 3, 0);
}

static int lkb_next_k(lua_State *L) {
    if (lua_next(L, 1)) return 2;
    return 0;
}

int lkb_next_p(lua_State *L, int index) {
    index = lua_absindex(L, index);
    int top = lua_gettop(L) - 1;  // below the key
    lua_pushcfunction(L, lkb_next_k);
    lua_pushvalue(L, index);
    lua_rotate(L, -3, -1);  // f t k
    int status = lkb_pcall(L, 2, LUA_MULTRET);
    if (status != LUA_OK) return -1;
    return lua_gettop(L) > top ? 1 : 0;
}

static int lkb_tostring_k(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int lkb_tostring_p(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, lkb_tostring_k);
    lua_pushvalue(L, index);
    return lkb_pcall(L, 1, 1);
}

// ---- macros ------------------------------------------------------------------------------------

void lkb_pop(lua_State *L, int n) { lua_pop(L, n); }
void lkb_newtable(lua_State *L) { lua_newtable(L); }
void lkb_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
int lkb_upvalueindex(int i) { return lua_upvalueindex(i); }
int lkb_registryindex(void) { return LUA_REGISTRYINDEX; }
double lkb_tonumber(lua_State *L, int index, int *isnum) { return lua_tonumberx(L, index, isnum); }
long long lkb_tointeger(lua_State *L, int index, int *isnum) {
    return (long long)lua_tointegerx(L, index, isnum);
}
void lkb_insert(lua_State *L, int index) { lua_insert(L, index); }
void lkb_remove(lua_State *L, int index) { lua_remove(L, index); }
void lkb_replace(lua_State *L, int index) { lua_replace(L, index); }
int lkb_isnoneornil(lua_State *L, int index) { return lua_isnoneornil(L, index); }
void lkb_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
int lkb_floatisinteger(double d, long long *out) {
    lua_Integer i;
    if (lua_numbertointeger(d, &i) && (double)i == d) {
        *out = (long long)i;
        return 1;
    }
    return 0;
}

void lkb_collectgarbage(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }

void lkb_gcincremental(lua_State *L, int pause, int stepmul) { lua_gc(L, LUA_GCINC, pause, stepmul, 0); }

void lkb_gcpostpone(lua_State *L, int kilobytes) { lua_gc(L, LUA_GCSTEP, -kilobytes); }
