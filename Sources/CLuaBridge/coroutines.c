// coroutine.resume and coroutine.wrap that tell the control block which thread runs.
//
// lkb_interrupt can only hook a thread it knows: lua_sethook is per thread, and a coroutine
// made before the interrupt (or before limits were set) has no hook. The stock resume keeps no
// record of the running coroutine, so Ctrl-C could not stop `while true do end` inside one.
// These versions record the thread in `running` around lua_resume and arm its hook; otherwise
// they behave as the stock functions (same results, same error messages).
#include "CLuaBridge.h"
#include "control.h"

// Resumes `co` with the `narg` values on top of L. On success moves the results to L and
// returns their count; on failure moves the error value to L and returns -1. Never raises.
// (lua_resume itself rejects dead and non-suspended coroutines with the stock messages.)
static int lkb_auxresume(lua_State *L, lua_State *co, int narg) {
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    lkb_control *c = lkb_ctl(L);
    lua_State *previous = c->running;
    c->running = co;
    // After `running` names co, so that a Ctrl-C landing in between is not lost: either the
    // handler saw co, or it set `interrupted` before this line reads it.
    lkb_armthread(co);
    int nres;
    int status = lua_resume(co, L, narg, &nres);
    c->running = previous;
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    return -1;
}

static int lkb_coresume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "coroutine");
    int r = lkb_auxresume(L, co, lua_gettop(L) - 1);
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

static int lkb_auxwrap(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int r = lkb_auxresume(L, co, lua_gettop(L));
    if (r >= 0) return r;
    int st = lua_status(co);
    if (st != LUA_OK && st != LUA_YIELD) {
        // The coroutine died: close its to-be-closed variables now, as the stock wrap does;
        // an error raised while closing replaces the original one.
        st = lua_resetthread(co);
        lua_xmove(co, L, 1);
    }
    if (st != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int lkb_cowrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, lkb_auxwrap, 1);
    return 1;
}

int lkb_opencoroutine(lua_State *L) {
    luaopen_coroutine(L);
    lua_pushcfunction(L, lkb_coresume);
    lua_setfield(L, -2, "resume");
    lua_pushcfunction(L, lkb_cowrap);
    lua_setfield(L, -2, "wrap");
    return 1;
}
