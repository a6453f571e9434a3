// CLuaBridge for the sandbox (PMOScripting's Sandbox): C functions that sandboxed Lua code reaches
// through wrappers, kept in C because they touch the hook machinery of the control block.
#ifndef CLUABRIDGE_SANDBOX_H
#define CLUABRIDGE_SANDBOX_H

#include <lua.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A lua_CFunction: `hookthread(co)` installs the state's limit hook on coroutine `co` (see
/// lkb_hookthread) and returns `co`. The sandbox's `coroutine.resume` and `coroutine.wrap` call
/// it before every resume, so a coroutine made before the limits were set, or while no limit
/// applied, still counts against the budget and the deadline. Raises only on a bad argument,
/// and only from Lua.
int lkb_sandbox_hookthread(lua_State *L);

#ifdef __cplusplus
}
#endif
#endif
