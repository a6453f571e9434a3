// The state, its control block, the allocator, the hook and protected calls.
#include "CLuaBridge.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "control.h"

// ---- allocator ---------------------------------------------------------------------------------

// The cap applies only while `enforce` > 0: inside lkb_pcall and outside any Swift function.
// A push made from Swift therefore never fails because of the cap (DESIGN.md, decision 1).
static void *lkb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    lkb_control *c = (lkb_control *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    if (c->cap && c->enforce > 0 && nsize > old && c->used - old + nsize > c->cap)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p) {
        c->used = c->used - old + nsize;
        if (c->used > c->peak) c->peak = c->used;
    }
    return p;
}

static int lkb_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "pmo: unprotected Lua error (a bug in pmo): %s\n", msg ? msg : "?");
    abort();
}

lua_State *lkb_newstate(void) {
    lkb_control *c = calloc(1, sizeof(lkb_control));
    if (!c) return NULL;
    lua_State *L = lua_newstate(lkb_alloc, c);
    if (!L) { free(c); return NULL; }
    *(lkb_control **)lua_getextraspace(L) = c;
    c->main = L;
    lua_atpanic(L, lkb_panic);
    return L;
}

void lkb_close(lua_State *L) {
    lkb_control *c = lkb_ctl(L);
    lua_close(L);
    free(c);
}

static int lkb_openlibs_k(lua_State *L) {
    static const struct { int bit; const char *name; lua_CFunction open; } libs[] = {
        {LKB_LIB_BASE, LUA_GNAME, luaopen_base},
        {LKB_LIB_PACKAGE, LUA_LOADLIBNAME, luaopen_package},
        {LKB_LIB_COROUTINE, LUA_COLIBNAME, lkb_opencoroutine},
        {LKB_LIB_TABLE, LUA_TABLIBNAME, luaopen_table},
        {LKB_LIB_IO, LUA_IOLIBNAME, luaopen_io},
        {LKB_LIB_OS, LUA_OSLIBNAME, luaopen_os},
        {LKB_LIB_STRING, LUA_STRLIBNAME, luaopen_string},
        {LKB_LIB_MATH, LUA_MATHLIBNAME, luaopen_math},
        {LKB_LIB_UTF8, LUA_UTF8LIBNAME, luaopen_utf8},
        {LKB_LIB_DEBUG, LUA_DBLIBNAME, luaopen_debug},
    };
    int mask = (int)lua_tointeger(L, 1);
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        if (mask & libs[i].bit) {
            luaL_requiref(L, libs[i].name, libs[i].open, 1);
            lua_pop(L, 1);
        }
    }
    return 0;
}

int lkb_openlibs(lua_State *L, int mask) {
    lua_pushcfunction(L, lkb_openlibs_k);
    lua_pushinteger(L, mask);
    return lkb_pcall(L, 1, 0);
}

// ---- memory ----------------------------------------------------------------------------------

void lkb_setmemorylimit(lua_State *L, size_t bytes) { lkb_ctl(L)->cap = bytes; }
size_t lkb_memorylimit(lua_State *L) { return lkb_ctl(L)->cap; }
size_t lkb_memoryused(lua_State *L) { return lkb_ctl(L)->used; }
size_t lkb_memorypeak(lua_State *L) { return lkb_ctl(L)->peak; }
void lkb_resetmemorypeak(lua_State *L) { lkb_control *c = lkb_ctl(L); c->peak = c->used; }

// ---- hook ------------------------------------------------------------------------------------

static double lkb_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *lkb_tripmessage(int trip) {
    switch (trip) {
    case LKB_TRIP_INSTRUCTIONS: return "instruction budget exceeded";
    case LKB_TRIP_DEADLINE: return "time limit exceeded";
    default: return "interrupted";
    }
}

static void lkb_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    lkb_control *c = lkb_ctl(L);
    if (c->interrupted) c->tripped = LKB_TRIP_INTERRUPT;
    if (!c->tripped && c->depth > 0) {
        if (c->instructions > 0) {
            c->used_instructions += c->granularity;
            if (c->used_instructions > c->instructions) c->tripped = LKB_TRIP_INSTRUCTIONS;
        }
        if (!c->tripped && c->deadline > 0 && lkb_now() > c->deadline)
            c->tripped = LKB_TRIP_DEADLINE;
    }
    if (c->tripped) {
        // From now on raise at every instruction of every thread that runs, so that a pcall
        // or an error handler in Lua cannot carry on past the limit.
        lua_sethook(L, lkb_hook, LUA_MASKCOUNT, 1);
        luaL_error(L, "%s", lkb_tripmessage(c->tripped));
    }
}

void lkb_setlimits(lua_State *L, long long instructions, double seconds, int granularity) {
    lkb_control *c = lkb_ctl(L);
    c->instructions = instructions > 0 ? instructions : 0;
    c->seconds = seconds > 0 ? seconds : 0;
    c->granularity = granularity > 0 ? granularity : 1000;
}

void lkb_interrupt(lua_State *L) {
    lkb_control *c = lkb_ctl(L);
    c->interrupted = 1;
    lua_sethook(c->main, lkb_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
    if (c->running && c->running != c->main)
        lua_sethook(c->running, lkb_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

int lkb_checkstop(lua_State *L) {
    lkb_control *c = lkb_ctl(L);
    if (c->depth == 0) return LKB_TRIP_NONE;
    if (!c->tripped) {
        if (c->interrupted) c->tripped = LKB_TRIP_INTERRUPT;
        else if (c->deadline > 0 && lkb_now() > c->deadline) c->tripped = LKB_TRIP_DEADLINE;
    }
    if (c->tripped) {
        // As lkb_hook does once tripped: raise at the next instruction of whichever thread
        // runs, so the error the host raises cannot be caught and the run carried on.
        lua_sethook(c->main, lkb_hook, LUA_MASKCOUNT, 1);
        if (c->running && c->running != c->main) lua_sethook(c->running, lkb_hook, LUA_MASKCOUNT, 1);
        if (L != c->main && L != c->running) lua_sethook(L, lkb_hook, LUA_MASKCOUNT, 1);
    }
    return c->tripped;
}

void lkb_hookthread(lua_State *L, lua_State *co) {
    lkb_control *c = lkb_ctl(L);
    if (c->tripped || c->interrupted)
        lua_sethook(co, lkb_hook, LUA_MASKCOUNT, 1);
    else if (c->instructions > 0 || c->seconds > 0)
        lua_sethook(co, lkb_hook, LUA_MASKCOUNT, c->granularity);
}

int lkb_hookthread_f(lua_State *L) {
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

void lkb_armthread(lua_State *co) {
    lkb_control *c = lkb_ctl(co);
    if (c->tripped || c->interrupted)
        lua_sethook(co, lkb_hook, LUA_MASKCOUNT, 1);
    else if (c->depth > 0 && (c->instructions > 0 || c->seconds > 0))
        lua_sethook(co, lkb_hook, LUA_MASKCOUNT, c->granularity);
    else if (lua_gethook(co) == lkb_hook)
        lua_sethook(co, NULL, 0, 0);
}

int lkb_lasttrip(lua_State *L) {
    lkb_control *c = lkb_ctl(L);
    return c->depth > 0 ? c->tripped : c->lasttrip;
}

// ---- message handler and protected calls ---------------------------------------------------------

#define LKB_TRACEBACK_KEY "lkb.traceback"

// Turns any error value into a string and records a traceback. It calls a __tostring only
// inside a protected call, so a failing __tostring cannot replace the original error. An error
// object with a __tostring is its text alone, with no traceback, as lua.c's msghandler has it.
static int lkb_msgh(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
            lua_pushvalue(L, 1);
            if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) {
                lua_pushnil(L);
                lua_setfield(L, LUA_REGISTRYINDEX, LKB_TRACEBACK_KEY);
                return 1;
            } else {
                lua_pop(L, 1);
            }
        }
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        msg = lua_tostring(L, -1);
    }
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, LKB_TRACEBACK_KEY);
    lua_pushstring(L, msg);
    return 1;
}

static int lkb_caller(lua_State *L) {
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

void lkb_pushcaller(lua_State *L) {
    lua_pushcfunction(L, lkb_caller);
}

int lkb_pcall(lua_State *L, int nargs, int nresults) {
    lkb_control *c = lkb_ctl(L);
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, lkb_msgh);
    lua_insert(L, base);
    lua_State *previous = c->running;
    c->running = L;
    int outermost = c->depth == 0;
    if (outermost) {
        c->tripped = LKB_TRIP_NONE;
        c->interrupted = 0;
        c->used_instructions = 0;
        c->deadline = c->seconds > 0 ? lkb_now() + c->seconds : 0;
        lua_pushnil(L);
        lua_setfield(L, LUA_REGISTRYINDEX, LKB_TRACEBACK_KEY);
        if (c->instructions > 0 || c->seconds > 0)
            lua_sethook(L, lkb_hook, LUA_MASKCOUNT, c->granularity);
    }
    c->depth++;
    c->enforce++;
    int status = lua_pcall(L, nargs, nresults, base);
    c->enforce--;
    c->depth--;
    c->running = previous;
    lua_remove(L, base);
    if (outermost) {
        c->lasttrip = c->tripped;
        c->tripped = LKB_TRIP_NONE;
        c->interrupted = 0;
        lua_sethook(L, NULL, 0, 0);
    }
    return status;
}

void lkb_pushtraceback(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, LKB_TRACEBACK_KEY);
}

int lkb_load(lua_State *L, const char *buf, size_t size, const char *chunkname, const char *mode) {
    return luaL_loadbufferx(L, buf, size, chunkname, mode);
}
