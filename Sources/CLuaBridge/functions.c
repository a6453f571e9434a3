// The trampoline through which Lua calls Swift.
#include "CLuaBridge.h"
#include "control.h"

static lkb_dispatch_fn g_dispatch;
static lkb_release_fn g_release;

void lkb_setcallbacks(lkb_dispatch_fn dispatch, lkb_release_fn release) {
    g_dispatch = dispatch;
    g_release = release;
}

// Raises what Swift left on the stack, after Swift has returned (DESIGN.md, decision 1).
static int lkb_finish(lua_State *L, int n) {
    if (n >= 0) return n;
    if (n == LKB_RAISE_MEMORY) {
        lkb_control *c = lkb_ctl(L);
        lua_pop(L, 1);
        // An allocation larger than the cap fails in the allocator, after Lua's emergency
        // collection: Lua raises its memory error (LUA_ERRMEM) itself. Without a cap in force
        // (no cap, or outside lkb_pcall) there is no such error to raise: a plain one.
        if (c->cap > 0 && c->enforce > 0) lua_newuserdatauv(L, c->cap + 1, 0);
        return luaL_error(L, "not enough memory");
    }
    if (n == LKB_RAISE_WHERE) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

// Runs Swift with the cap lifted: a push made by Swift must never raise.
static int lkb_trampoline(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    lkb_control *c = lkb_ctl(L);
    int saved = c->enforce;
    c->enforce = 0;
    int n = g_dispatch(L, *slot);
    c->enforce = saved;
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
