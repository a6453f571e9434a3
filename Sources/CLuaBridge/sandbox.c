// C side of the sandbox (see CLuaBridgeSandbox.h).
#include "CLuaBridge.h"
#include "CLuaBridgeSandbox.h"

int lkb_sandbox_hookthread(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTHREAD);
    lua_State *co = lua_tothread(L, 1);
    // Re-arming a thread that already carries the caller's hook would restart its count, so a
    // coroutine resumed for short bursts would never reach the hook; leave such a thread alone.
    int hooked = lua_gethook(co) != NULL && lua_gethook(co) == lua_gethook(L) &&
                 lua_gethookcount(co) <= lua_gethookcount(L);
    if (!hooked) lkb_hookthread(L, co);
    lua_settop(L, 1);
    return 1;
}
