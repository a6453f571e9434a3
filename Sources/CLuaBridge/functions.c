// The trampoline through which Lua calls Swift, and userdata with declared metatables.
#include "CLuaBridge.h"
#include "control.h"
#include "objects.h"

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
#define LKB_CALL_SWIFT(L, expr, out)            \
    do {                                        \
        lkb_control *c_ = lkb_ctl(L);           \
        int saved_ = c_->enforce;               \
        c_->enforce = 0;                        \
        out = (expr);                           \
        c_->enforce = saved_;                   \
    } while (0)

static void lkb_dropcaches_or_raise(lua_State *L);

static int lkb_trampoline(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    int n;
    LKB_CALL_SWIFT(L, g_dispatch(L, *slot), n);
    // The function may have changed any object: no cached property value may outlive it.
    if (lkb_ctl(L)->caches) lkb_dropcaches_or_raise(L);
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
//
// Layout (CLuaBridge.h tells the story): type table TT = { __index = miss, __metatable = face,
// [TEMPLATE] = shared metatable, [KEYS] = keys table, and the identity registry (objects.c) }.
// The shared metatable holds __name, __metatable = face, __index = first read, __newindex,
// __gc and the declared metamethods. An object that has been read enough has its own copy of
// it whose __index is its values table V = { [SELF] = the userdata, [LISTED] = true while on
// the cache list, property = value ..., method = function ... }, which is also its user value.
// Methods found in V stay there: only property values are dropped. Scripts cannot reach TT,
// the metatables or V (__metatable), nor make the light userdata keys below, so they can
// neither forge an object nor a cached value.

// Keys of static addresses, as light userdata.
static const char LKB_SELF_KEY[] = "lkb.self";          // in V: its userdata
static const char LKB_LISTED_KEY[] = "lkb.listed";      // in V: V is on the cache list
static const char LKB_TEMPLATE_KEY[] = "lkb.template";  // in TT: the shared metatable
static const char LKB_SIZE_KEY[] = "lkb.size";          // in TT: its number of fields
static const char LKB_KEYS_KEY[] = "lkb.keys";          // in TT: name -> method or property
static const char LKB_CACHES_KEY[] = "lkb.caches";      // in the registry: list of V, weak

// The object's slot if the value at `index` is a userdata of the type `tt`, else NULL. The
// slot holds NULL once the object is released.
static void **lkb_slot(lua_State *L, int index, int tt) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return NULL;
    int n = 1 + lua_getmetatable(L, -1);
    int same = n == 2 && lua_rawequal(L, -1, tt);
    lua_pop(L, n);
    return same ? (void **)lua_touserdata(L, index) : NULL;
}

void *lkb_toobject(lua_State *L, int index, int ttindex) {
    void **slot = lkb_slot(L, lua_absindex(L, index), lua_absindex(L, ttindex));
    return slot ? *slot : NULL;
}

void *lkb_toobjectref(lua_State *L, int index, int ttref) {
    index = lua_absindex(L, index);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ttref);
    void *object = lkb_toobject(L, index, -1);
    lua_pop(L, 1);
    return object;
}

int lkb_isreleasedref(lua_State *L, int index, int ttref) {
    index = lua_absindex(L, index);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ttref);
    void **slot = lkb_slot(L, index, lua_gettop(L));
    lua_pop(L, 1);
    return slot && *slot == NULL;
}

// Drops the property values, and the LISTED mark, of the values table at `v`; keeps SELF and
// the methods. lua_next cannot raise here: every key it is given comes from this traversal, and
// clearing fields during a traversal is allowed. Nothing is allocated. Uses 4 stack slots.
static void lkb_clearvalues(lua_State *L, int v) {
    if (!lua_getmetatable(L, v)) return;
    lua_rawgetp(L, -1, LKB_KEYS_KEY);
    lua_remove(L, -2);
    int keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, v)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TLIGHTUSERDATA) {
            if (lua_touserdata(L, -1) == (void *)LKB_SELF_KEY) continue;
        } else {
            lua_pushvalue(L, -1);
            int method = lua_rawget(L, keys) == LUA_TFUNCTION;
            lua_pop(L, 1);
            if (method) continue;
        }
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, v);
    }
    lua_pop(L, 1);
}

// Needs 6 free stack slots; returns 0, leaving the caches listed, if it cannot have them.
static int lkb_dropcaches_k(lua_State *L) {
    lkb_control *c = lkb_ctl(L);
    if (c->caches == 0) return 1;
    if (!lua_checkstack(L, 6)) return 0;
    int n = c->caches;
    c->caches = 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, LKB_CACHES_KEY);
    int list = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        // Collected values tables (weak values) have left holes.
        if (lua_rawgeti(L, list, i) == LUA_TTABLE) lkb_clearvalues(L, list + 1);
        lua_pop(L, 1);
        lua_pushnil(L);
        lua_rawseti(L, list, i);  // the slot exists: no allocation
    }
    lua_pop(L, 1);
    return 1;
}

void lkb_dropcaches(lua_State *L) {
    lkb_dropcaches_k(L);
}

static void lkb_dropcaches_or_raise(lua_State *L) {
    if (!lkb_dropcaches_k(L)) luaL_error(L, "stack overflow (dropping cached property values)");
}

// Sets field key (at `key`) of the values table at `v` to the value on top (left there), and
// puts v on the cache list if it is not on it.
static void lkb_cache(lua_State *L, int v, int key) {
    if (lua_rawgetp(L, v, LKB_LISTED_KEY) == LUA_TNIL) {
        lkb_control *c = lkb_ctl(L);
        lua_rawgetp(L, LUA_REGISTRYINDEX, LKB_CACHES_KEY);
        lua_pushvalue(L, v);
        lua_rawseti(L, -2, c->caches + 1);
        c->caches++;
        lua_pushboolean(L, 1);
        lua_rawsetp(L, v, LKB_LISTED_KEY);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, key);
    lua_pushvalue(L, -2);
    lua_rawset(L, v);
}

// The values table of the object at `u` (of the type at `tt`), made on first use along with
// the object's own metatable; pushes it and returns its index.
static int lkb_values(lua_State *L, int u, int tt) {
    if (lua_getiuservalue(L, u, 1) == LUA_TTABLE) return lua_gettop(L);
    lua_pop(L, 1);
    lua_rawgetp(L, tt, LKB_TEMPLATE_KEY);
    int template = lua_gettop(L);
    lua_rawgetp(L, tt, LKB_SIZE_KEY);
    int size = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_createtable(L, 0, 4);
    int v = lua_gettop(L);
    lua_pushvalue(L, u);
    lua_rawsetp(L, v, LKB_SELF_KEY);
    lua_pushvalue(L, tt);
    lua_setmetatable(L, v);
    lua_createtable(L, 0, size);
    int m = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, template)) {  // the template is never changed after lkb_newtype
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, m);
    }
    lua_pushliteral(L, "__index");
    lua_pushvalue(L, v);
    lua_rawset(L, m);
    lua_pushvalue(L, tt);
    lua_setmetatable(L, m);
    lua_pushvalue(L, v);
    lua_setiuservalue(L, u, 1);
    lua_setmetatable(L, u);  // __gc is in m before it is set (the object stays marked anyway)
    lua_remove(L, template);
    return lua_gettop(L);
}

// Reads property `property` of the live object at 1, whose name is at `key`, caching the value
// in its values table (at `v`, or 0 if it has none yet); returns the value.
static int lkb_read(lua_State *L, void *property, int key, int v) {
    int n;
    LKB_CALL_SWIFT(L, g_getter(L, property), n);
    if (n < 0) return lkb_finish(L, n);
    int value = lua_gettop(L);
    if (n == LKB_LIVE || lua_isnil(L, value)) return 1;  // nil cannot be stored: read again
    if (v == 0) v = lkb_values(L, 1, lua_upvalueindex(3));
    lua_pushvalue(L, value);
    lkb_cache(L, v, key);
    return 1;
}

static int lkb_notobject(lua_State *L, int self, const char *what) {
    void **slot = lkb_slot(L, self, lua_upvalueindex(3));
    const char *name = luaL_getmetafield(L, self, "__name") == LUA_TSTRING ? lua_tostring(L, -1) : "?";
    if (slot && *slot == NULL) return luaL_error(L, "attempt to %s of a released %s", what, name);
    return luaL_error(L, "attempt to %s of a foreign object", what);
}

// Upvalues of the closures below: 1 keys table, 2 the box owning the property boxes, 3 TT
// (and 4 for lkb_firstread: the number of reads before caching).

// __index of an object without a values table: methods, and property reads. The first few
// (upvalue 4) go to Swift uncached, as a values table costs about as much to set up as 15 such
// reads and an object read once or twice would never repay it; the next one gives the object
// its values table.
static int lkb_firstread(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    int t = lua_rawget(L, lua_upvalueindex(1));
    if (t == LUA_TFUNCTION) return 1;
    if (t != LUA_TLIGHTUSERDATA) return 0;
    void *property = lua_touserdata(L, -1);
    lua_pop(L, 1);
    void **slot = lkb_slot(L, 1, lua_upvalueindex(3));
    if (slot == NULL || *slot == NULL) {
        lua_pushfstring(L, "read field '%s'", lua_tostring(L, 2));
        return lkb_notobject(L, 1, lua_tostring(L, -1));
    }
    lkb_block *b = (lkb_block *)slot;
    if (b->reads < lua_tointeger(L, lua_upvalueindex(4))) {
        b->reads++;
        int n;
        LKB_CALL_SWIFT(L, g_getter(L, property), n);
        return n < 0 ? lkb_finish(L, n) : 1;
    }
    return lkb_read(L, property, 2, 0);
}

// Pushes the userdata whose values table is at 1 (nil if 1 is none) and returns whether it is
// a live object of the type (upvalue 3) that owns that table. Values tables are out of
// scripts' reach, but lkb_miss is not, through the debug library.
static int lkb_owner(lua_State *L) {
    if (lua_type(L, 1) != LUA_TTABLE) {
        lua_pushnil(L);
        return 0;
    }
    int u = lua_gettop(L) + 1;
    if (lua_rawgetp(L, 1, LKB_SELF_KEY) != LUA_TUSERDATA) return 0;
    void **slot = lkb_slot(L, u, lua_upvalueindex(3));
    if (slot == NULL || *slot == NULL) return 0;
    lua_getiuservalue(L, u, 1);
    int owned = lua_rawequal(L, -1, 1);
    lua_pop(L, 1);
    return owned;
}

// __index of values tables: a name not cached (yet) in V. Arguments: V, name.
static int lkb_miss(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    int t = lua_rawget(L, lua_upvalueindex(1));
    if (t == LUA_TFUNCTION) {
        // Methods stay in V, so later calls find them without leaving the VM.
        if (lkb_owner(L)) {
            lua_pushvalue(L, 2);
            lua_pushvalue(L, 3);
            lua_rawset(L, 1);
        }
        lua_settop(L, 3);
        return 1;
    }
    if (t != LUA_TLIGHTUSERDATA) return 0;
    void *property = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!lkb_owner(L)) {
        lua_pushfstring(L, "read field '%s'", lua_tostring(L, 2));
        return lkb_notobject(L, 3, lua_tostring(L, -1));
    }
    lua_rotate(L, 1, 1);  // u V name: the getter finds the object at 1
    return lkb_read(L, property, 3, 2);
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
    void **slot = lkb_slot(L, 1, lua_upvalueindex(3));
    if (slot == NULL || *slot == NULL) {
        lua_pushfstring(L, "write field '%s'", lua_tostring(L, 2));
        return lkb_notobject(L, 1, lua_tostring(L, -1));
    }
    int n;
    LKB_CALL_SWIFT(L, g_setter(L, property), n);
    // A setter may change any property, of this object or another.
    if (lkb_ctl(L)->caches) lkb_dropcaches_or_raise(L);
    return lkb_finish(L, n < 0 ? n : 0);
}

// Upvalue 1: TT. Checks the type, so that calling it by hand (debug.getmetatable) is harmless.
static int lkb_object_gc(lua_State *L) {
    lkb_block *b = (lkb_block *)lkb_slot(L, 1, lua_upvalueindex(1));
    if (b == NULL) return 0;
    void *object = b->object;
    lkb_objects_collected(L, lua_upvalueindex(1), b);
    if (object) {
        b->object = NULL;
        g_release(object);
    }
    return 0;
}

static void lkb_newweaktable(lua_State *L) {
    lua_createtable(L, 0, 0);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
}

// Copies the string-keyed functions of the table at `from` into the table at `to`.
static void lkb_copyfunctions(lua_State *L, int from, int to) {
    lua_pushnil(L);
    while (lua_next(L, from)) {  // a table just built by the caller: cannot raise
        if (lua_type(L, -1) == LUA_TFUNCTION && lua_type(L, -2) == LUA_TSTRING) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, to);
        } else {
            lua_pop(L, 1);
        }
    }
}

void lkb_newtype(lua_State *L, int keysindex, int metaindex, void *typebox, const char *name,
                 int readsbeforecaching) {
    int keys = lua_absindex(L, keysindex);
    int meta = lua_absindex(L, metaindex);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, LKB_CACHES_KEY) == LUA_TNIL) {
        lkb_newweaktable(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, LKB_CACHES_KEY);
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 6);
    int tt = lua_gettop(L);
    lua_createtable(L, 0, 16);
    int template = lua_gettop(L);
    lua_createtable(L, 0, 8);
    int face = lua_gettop(L);
    lkb_pushbox(L, typebox);
    int box = lua_gettop(L);

    // The face scripts see through getmetatable: name, metamethods, methods.
    lua_pushstring(L, name);
    lua_setfield(L, face, "__name");
    lkb_copyfunctions(L, meta, face);
    lua_newtable(L);
    lkb_copyfunctions(L, keys, lua_gettop(L));
    lua_setfield(L, face, "__index");

    lua_pushstring(L, name);
    lua_setfield(L, template, "__name");
    lkb_copyfunctions(L, meta, template);
    lua_pushvalue(L, face);
    lua_setfield(L, template, "__metatable");
    const lua_CFunction fns[3] = {lkb_firstread, lkb_newindex, lkb_miss};
    const int owners[3] = {template, template, tt};
    const char *names[3] = {"__index", "__newindex", "__index"};
    for (int i = 0; i < 3; i++) {
        lua_pushvalue(L, keys);
        lua_pushvalue(L, box);
        lua_pushvalue(L, tt);
        int n = 3;
        if (fns[i] == lkb_firstread) {
            lua_pushinteger(L, readsbeforecaching);
            n++;
        }
        lua_pushcclosure(L, fns[i], n);
        lua_setfield(L, owners[i], names[i]);
    }
    lua_pushvalue(L, tt);
    lua_pushcclosure(L, lkb_object_gc, 1);
    lua_setfield(L, template, "__gc");
    int size = 0;
    lua_pushnil(L);
    while (lua_next(L, template)) { lua_pop(L, 1); size++; }
    lua_pushvalue(L, tt);
    lua_setmetatable(L, template);

    lua_pushvalue(L, face);
    lua_setfield(L, tt, "__metatable");
    lua_pushvalue(L, template);
    lua_rawsetp(L, tt, LKB_TEMPLATE_KEY);
    lua_pushvalue(L, keys);
    lua_rawsetp(L, tt, LKB_KEYS_KEY);
    lua_pushinteger(L, size);
    lua_rawsetp(L, tt, LKB_SIZE_KEY);
    lkb_objects_new(L, tt);
    lua_settop(L, tt);
}

void lkb_pushobject(lua_State *L, void *object, int ttindex) {
    int tt = lua_absindex(L, ttindex);
    if (lkb_objects_get(L, tt, object)) {
        g_release(object);  // the userdata already holds a retain
        return;
    }
    lkb_objects_reserve(L, tt);
    lkb_block *b = (lkb_block *)lua_newuserdatauv(L, sizeof(lkb_block), 1);
    b->object = object;
    b->slot = 0;
    b->reads = 0;
    lua_rawgetp(L, tt, LKB_TEMPLATE_KEY);
    lua_setmetatable(L, -2);
    lkb_objects_add(L, tt, lua_gettop(L));
}

int lkb_detachobject(lua_State *L, void *object, int ttindex) {
    int tt = lua_absindex(L, ttindex);
    if (!lua_checkstack(L, 8)) return 0;  // only at the stack's hard limit
    if (!lkb_objects_get(L, tt, object)) return 0;
    lkb_block *b = (lkb_block *)lua_touserdata(L, -1);
    if (lua_getiuservalue(L, -1, 1) == LUA_TTABLE) lkb_clearvalues(L, lua_gettop(L));
    lua_pop(L, 2);
    lkb_objects_forget(L, tt, b);
    b->object = NULL;
    g_release(object);
    return 1;
}
