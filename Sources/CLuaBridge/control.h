// The per-state control block, reached through lua_getextraspace (threads share the main
// thread's pointer, which Lua copies into every new thread's extra space).
#ifndef LKB_CONTROL_H
#define LKB_CONTROL_H

#include <signal.h>
#include <stddef.h>
#include <lua.h>

typedef struct lkb_control {
    lua_State *main;
    lua_State *running;          // thread of the innermost lkb_pcall, for interrupts
    size_t used, peak, cap;      // bytes; cap 0 means none
    int enforce;                 // > 0 while the cap applies
    int depth;                   // nesting of lkb_pcall
    long long instructions;      // budget per outermost call; 0 means none
    long long used_instructions;
    double seconds;              // wall-clock limit per outermost call; 0 means none
    double deadline;             // monotonic time, 0 means none
    int granularity;             // instructions between two hook calls
    volatile sig_atomic_t interrupted;
    int tripped;                 // lkb_trip of the running call
    int lasttrip;                // lkb_trip of the last outermost call
} lkb_control;

static inline lkb_control *lkb_ctl(lua_State *L) {
    return *(lkb_control **)lua_getextraspace(L);
}

/// Arms the hook of a thread about to run: every instruction once a call is interrupted or
/// tripped, the limits' granularity while limits are set, and none (removing a stale hook that
/// an earlier interrupt left) otherwise.
void lkb_armthread(lua_State *co);
/// The coroutine library with resume and wrap that track the running thread (coroutines.c).
int lkb_opencoroutine(lua_State *L);

#endif
