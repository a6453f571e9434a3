// The identity registry of a userdata type (objects.c): Swift object pointer -> its userdata,
// without keeping the userdata alive. Private to CLuaBridge.
#ifndef LKB_OBJECTS_H
#define LKB_OBJECTS_H

#include <lua.h>

/// The memory of an object's userdata. `object` comes first: Swift reads it as the pointer.
typedef struct {
    void *object;       // retained; NULL once released
    lua_Integer slot;   // its slot in the registry's array, 0 once freed
    lua_Integer reads;  // property reads made before it had a values table
} lkb_block;

/// Stores a new, empty registry in the type table at `tt`.
void lkb_objects_new(lua_State *L, int tt);
/// Pushes the userdata registered for `object` and returns 1, or returns 0 and pushes nothing.
int lkb_objects_get(lua_State *L, int tt, void *object);
/// Makes room for one more registration. It may allocate, and so run finalisers: call it
/// before making the userdata that lkb_objects_add will register.
void lkb_objects_reserve(lua_State *L, int tt);
/// Registers the userdata at `u` for the object in its block. Allocates only to grow the array.
void lkb_objects_add(lua_State *L, int tt, int u);
/// Unregisters the block's object, if it is registered for this block (its slot stays taken
/// until collection). Never allocates.
void lkb_objects_forget(lua_State *L, int tt, lkb_block *b);
/// At collection: unregisters the block's object and frees its slot.
void lkb_objects_collected(lua_State *L, int tt, lkb_block *b);

#endif
