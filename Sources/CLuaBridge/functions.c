// The trampoline through which Lua calls Swift, and userdata with declared metatables.
#include "CLuaBridge.h"
#include "control.h"

static lkb_dispatch_fn g_dispatch;
static lkb_release_fn g_release;
static lkb_getter_fn g_getter;
static lkb_setter_fn g_setter;

void lkb_setcallbacks(lkb_dispatch_fn dispatch, lkb_release_fn release, lkb_getter_fn getter,
                      lkb_setter_fn setter) {
    g_dispatch = dispatch;
    g_release = release;
    g_getter = getter;
    g_setter = setter;
}

// Raises what Swift left on the stack, after Swift has returned (DESIGN.md, decision 1).
static int lkb_finish(lua_State *L, int n) {
    if (n >= 0) return n;
    if (n == LKB_RAISE_WHERE) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

// Runs Swift with the cap lifted: a push made by Swift must never raise.
#define LKB_CALL_SWIFT(L, expr, out)            \
    do {                                        \
        lkb_control *c_ = lkb_ctl(L);           \
        int saved_ = c_->enforce;               \
        c_->enforce = 0;                        \
        out = (expr);                           \
        c_->enforce = saved_;                   \
    } while (0)

static int lkb_trampoline(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    int n;
    LKB_CALL_SWIFT(L, g_dispatch(L, *slot), n);
    return lkb_finish(L, n);
}

static int lkb_box_gc(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot && *slot) {
        g_release(*slot);
        *slot = NULL;
    }
    return 0;
}

static const char LKB_BOXMT_KEY[] = "lkb.box";

// Pushes a userdata holding `box`, released by __gc.
static void lkb_pushbox(lua_State *L, void *box) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    if (luaL_getmetatable(L, LKB_BOXMT_KEY) == LUA_TNIL) {
        lua_pop(L, 1);
        luaL_newmetatable(L, LKB_BOXMT_KEY);
        lua_pushcfunction(L, lkb_box_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
}

void lkb_pushfunction(lua_State *L, void *box) {
    lkb_pushbox(L, box);
    lua_pushcclosure(L, lkb_trampoline, 1);
}

// ---- userdata ---------------------------------------------------------------------------------

void lkb_pushobject(lua_State *L, void *object, int mtindex) {
    mtindex = lua_absindex(L, mtindex);
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = object;
    lua_pushvalue(L, mtindex);
    lua_setmetatable(L, -2);
}

void *lkb_toobject(lua_State *L, int index, int mtindex) {
    mtindex = lua_absindex(L, mtindex);
    void **slot = (void **)lua_touserdata(L, index);
    if (slot == NULL || lua_islightuserdata(L, index) || !lua_getmetatable(L, index)) return NULL;
    int same = lua_rawequal(L, -1, mtindex);
    lua_pop(L, 1);
    return same ? *slot : NULL;
}

void *lkb_toobjectref(lua_State *L, int index, int mtref) {
    index = lua_absindex(L, index);
    lua_rawgeti(L, LUA_REGISTRYINDEX, mtref);
    void *object = lkb_toobject(L, index, -1);
    lua_pop(L, 1);
    return object;
}

void lkb_clearobject(lua_State *L, int index) {
    void **slot = (void **)lua_touserdata(L, index);
    if (slot && !lua_islightuserdata(L, index) && *slot) {
        g_release(*slot);
        *slot = NULL;
    }
}

// Upvalues of __index and __newindex: 1 keys table, 2 the box owning the property boxes,
// 3 the metatable itself.
static int lkb_checkself(lua_State *L) {
    if (lua_type(L, 1) != LUA_TUSERDATA || !lua_getmetatable(L, 1)) return 0;
    int same = lua_rawequal(L, -1, lua_upvalueindex(3));
    lua_pop(L, 1);
    return same && *(void **)lua_touserdata(L, 1) != NULL;
}

static int lkb_index(lua_State *L) {
    lua_pushvalue(L, 2);
    int t = lua_rawget(L, lua_upvalueindex(1));
    if (t == LUA_TFUNCTION) return 1;
    if (t != LUA_TLIGHTUSERDATA) return 0;
    void *property = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!lkb_checkself(L))
        return luaL_error(L, "attempt to read field '%s' of a released or foreign object",
                          lua_tostring(L, 2));
    int n;
    LKB_CALL_SWIFT(L, g_getter(L, property), n);
    return lkb_finish(L, n);
}

static int lkb_newindex(lua_State *L) {
    lua_pushvalue(L, 2);
    int t = lua_rawget(L, lua_upvalueindex(1));
    if (t != LUA_TLIGHTUSERDATA) {
        const char *type = luaL_getmetafield(L, 1, "__name") == LUA_TSTRING
                               ? lua_tostring(L, -1) : luaL_typename(L, 1);
        lua_pushvalue(L, 2);
        return luaL_error(L, "cannot set unknown field '%s' of %s", luaL_tolstring(L, -1, NULL), type);
    }
    void *property = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!lkb_checkself(L))
        return luaL_error(L, "attempt to write field of a released or foreign object");
    int n;
    LKB_CALL_SWIFT(L, g_setter(L, property), n);
    return lkb_finish(L, n < 0 ? n : 0);
}

static int lkb_object_gc(lua_State *L) {
    return lkb_box_gc(L);
}

void lkb_buildmetatable(lua_State *L, int keysindex, void *typebox, const char *name) {
    keysindex = lua_absindex(L, keysindex);
    int mt = lua_gettop(L);
    lua_pushstring(L, name);
    lua_setfield(L, mt, "__name");
    lkb_pushbox(L, typebox);
    int box = lua_gettop(L);
    const lua_CFunction fns[2] = {lkb_index, lkb_newindex};
    const char *names[2] = {"__index", "__newindex"};
    for (int i = 0; i < 2; i++) {
        lua_pushvalue(L, keysindex);
        lua_pushvalue(L, box);
        lua_pushvalue(L, mt);
        lua_pushcclosure(L, fns[i], 3);
        lua_setfield(L, mt, names[i]);
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, lkb_object_gc);
    lua_setfield(L, mt, "__gc");
}
