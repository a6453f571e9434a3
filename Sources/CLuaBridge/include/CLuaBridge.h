// CLuaBridge: the C side of LuaKit.
//
// Swift must never be unwound by a Lua error (a longjmp). Everything here exists so that
// Swift code can drive Lua without calling an API that raises:
//   * Lua's function-like macros, re-exported as real functions (Swift cannot see macros);
//   * the trampoline through which Lua calls Swift: Swift returns a status, and only after
//     Swift has returned does C call lua_error;
//   * protected wrappers (lkb_*_p) for the raising operations Swift needs (gettable, next...);
//   * a capped allocator that enforces its cap only while Lua runs inside a protected call,
//     so that pushes made from Swift frames never fail because of the cap;
//   * the count hook behind instruction budgets, deadlines and interrupts.
#ifndef CLUABRIDGE_H
#define CLUABRIDGE_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- state and control block ---------------------------------------------------------------

/// Why the last protected call was stopped by the control block, if it was.
typedef enum {
    LKB_TRIP_NONE = 0,
    LKB_TRIP_INSTRUCTIONS = 1,
    LKB_TRIP_DEADLINE = 2,
    LKB_TRIP_INTERRUPT = 3,
} lkb_trip;

/// Creates a state with LuaKit's allocator and control block. Returns NULL if out of memory.
lua_State *lkb_newstate(void);
/// Closes a state made by lkb_newstate and frees its control block.
void lkb_close(lua_State *L);

/// Opens the standard libraries selected by `mask` (bits below), in a protected call.
/// Returns a Lua status code; on failure the message is on the stack.
enum {
    LKB_LIB_BASE = 1 << 0, LKB_LIB_PACKAGE = 1 << 1, LKB_LIB_COROUTINE = 1 << 2,
    LKB_LIB_TABLE = 1 << 3, LKB_LIB_IO = 1 << 4, LKB_LIB_OS = 1 << 5,
    LKB_LIB_STRING = 1 << 6, LKB_LIB_MATH = 1 << 7, LKB_LIB_UTF8 = 1 << 8,
    LKB_LIB_DEBUG = 1 << 9, LKB_LIB_ALL = (1 << 10) - 1,
};
int lkb_openlibs(lua_State *L, int mask);

// ---- memory ----------------------------------------------------------------------------------

/// Sets the memory cap in bytes (0: none). Allocations that would pass it fail with a Lua
/// memory error, but only while Lua runs inside lkb_pcall and no Swift function is active.
void lkb_setmemorylimit(lua_State *L, size_t bytes);
size_t lkb_memorylimit(lua_State *L);
/// Bytes currently allocated by this state.
size_t lkb_memoryused(lua_State *L);
/// Highest value of lkb_memoryused since the state was made or the peak was reset.
size_t lkb_memorypeak(lua_State *L);
void lkb_resetmemorypeak(lua_State *L);

// ---- budgets, deadlines, interrupts ----------------------------------------------------------

/// Sets the instruction budget (0: none) and wall-clock limit in seconds (0: none) that each
/// outermost lkb_pcall gets. With either set, a count hook runs every `granularity`
/// instructions; once a limit trips, the hook raises at every instruction until the
/// outermost protected call returns, so a pcall inside Lua cannot swallow it.
void lkb_setlimits(lua_State *L, long long instructions, double seconds, int granularity);
/// Asks the running code to stop with an "interrupted" error. Async-signal-safe (it only sets
/// a flag and calls lua_sethook, which Lua documents as safe from a signal handler).
void lkb_interrupt(lua_State *L);
/// For long work done in C or Swift on behalf of Lua inside a protected call (an SQL query run
/// by a host function), where no hook can run: whether that work must stop now, because the
/// call was interrupted or is past its deadline. When it must, the call is tripped as the hook
/// would trip it (Lua code cannot swallow the stop once the host function returns) and the
/// trip (LKB_TRIP_*) is returned; otherwise LKB_TRIP_NONE. Never raises; cheap enough to call
/// every few microseconds (one clock read).
int lkb_checkstop(lua_State *L);
/// Installs the state's hook on a coroutine (threads made before the limits were set do not
/// inherit it).
void lkb_hookthread(lua_State *L, lua_State *co);
/// A lua_CFunction: `hookthread(co)` installs the state's limit hook on coroutine `co` (as
/// lkb_hookthread does) and returns `co`; a thread that already carries the caller's hook is left
/// alone, so that its count is not restarted. A sandbox's `coroutine.resume` and `coroutine.wrap`
/// call it before every resume, so a coroutine made before the limits were set, or while no
/// limit applied, still counts against the budget and the deadline. Raises only on a bad
/// argument, and only from Lua.
int lkb_hookthread_f(lua_State *L);
/// Why the running protected call is stopping, or, outside any, why the last outermost one
/// stopped (LKB_TRIP_*).
int lkb_lasttrip(lua_State *L);

// ---- calls -----------------------------------------------------------------------------------

/// lua_pcall with LuaKit's message handler (message plus traceback, no __tostring that could
/// fail), the memory cap and the limits armed. The traceback of a runtime error is left in the
/// registry (read it with lkb_pushtraceback). Returns the Lua status.
int lkb_pcall(lua_State *L, int nargs, int nresults);
/// Pushes a C function that calls its first argument with the others and returns all its
/// results: called under lkb_pcall, a main chunk then has a C frame below it, as the stock
/// interpreter's has its `pmain`, so that its tracebacks end alike ("[C]: in ?").
void lkb_pushcaller(lua_State *L);
/// Pushes the traceback recorded by the last failed lkb_pcall (a string, or nil).
void lkb_pushtraceback(lua_State *L);
/// luaL_loadbufferx; mode is "t", "b" or "bt". Never raises.
int lkb_load(lua_State *L, const char *buf, size_t size, const char *chunkname, const char *mode);

// ---- Swift functions ---------------------------------------------------------------------------

/// Called by the trampoline with the box registered by lkb_pushfunction. Returns the number of
/// results pushed, LKB_RAISE to raise the value on top of the stack as is, or LKB_RAISE_WHERE to
/// raise the string on top prefixed with the caller's position ("file:line: "), as luaL_error does,
/// or LKB_RAISE_MEMORY to raise Lua's own memory error (status LUA_ERRMEM, "not enough memory"),
/// as an allocation past the memory cap would, for work Swift refused to do because it would not
/// fit under the cap (the string on top is then dropped).
typedef int (*lkb_dispatch_fn)(lua_State *L, void *box);
/// Releases a box when Lua collects the function holding it.
typedef void (*lkb_release_fn)(void *box);
enum { LKB_RAISE = -1, LKB_RAISE_WHERE = -2, LKB_RAISE_MEMORY = -3 };

/// Installs Swift's callbacks. Called once per process before the first state is made.
void lkb_setcallbacks(lkb_dispatch_fn dispatch, lkb_release_fn release);
/// Pushes a Lua function that calls Swift with `box`; Lua owns the box and releases it at
/// collection.
void lkb_pushfunction(lua_State *L, void *box);

// ---- protected operations (the e-marked API, for Swift) --------------------------------------

/// t[k] with metamethods; t at `index`, k on top (replaced by the value). Returns a status.
int lkb_gettable_p(lua_State *L, int index);
/// t[k] = v with metamethods; t at `index`, k and v on top (both popped). Returns a status.
int lkb_settable_p(lua_State *L, int index);
/// lua_next in a protected call: pops a key, pushes the next key and value. Returns 1 with a
/// pair, 0 at the end, or -1 with an error message on the stack.
int lkb_next_p(lua_State *L, int index);
/// luaL_tolstring in a protected call: pushes the string form of the value at `index`.
int lkb_tostring_p(lua_State *L, int index);

// ---- Lua's macros as functions ---------------------------------------------------------------

void lkb_pop(lua_State *L, int n);
void lkb_newtable(lua_State *L);
void lkb_pushcfunction(lua_State *L, lua_CFunction f);
int lkb_upvalueindex(int i);
int lkb_registryindex(void);
double lkb_tonumber(lua_State *L, int index, int *isnum);
long long lkb_tointeger(lua_State *L, int index, int *isnum);
void lkb_insert(lua_State *L, int index);
void lkb_remove(lua_State *L, int index);
void lkb_replace(lua_State *L, int index);
int lkb_isnoneornil(lua_State *L, int index);
/// A full garbage collection (lua_gc is variadic; finalizer errors become warnings, never raise).
void lkb_collectgarbage(lua_State *L);
/// Incremental collection with the given pause and step multiplier (percent; 0 keeps the
/// current value), as collectgarbage("incremental", pause, stepmul). Never raises.
void lkb_gcincremental(lua_State *L, int pause, int stepmul);
/// Lets `kilobytes` more be allocated before the collector's next step, as
/// collectgarbage("step", -kilobytes): lua_gc(LUA_GCSTEP, n) adds n KB to the collector's debt
/// (lapi.c), and a step runs only once the debt is positive. Never raises.
void lkb_gcpostpone(lua_State *L, int kilobytes);
/// lua_pushglobaltable.
void lkb_pushglobaltable(lua_State *L);
/// Whether the double is exactly an integer in lua_Integer's range (as lua_numbertointeger).
int lkb_floatisinteger(double d, long long *out);

#ifdef __cplusplus
}
#endif

#endif
