// The identity registry of a userdata type: Swift object pointer -> its userdata, weakly.
//
// A Lua table with weak values keyed by light userdata would do, but objects made and
// collected by the hundred thousand make such a table rehash over and over as its entries die
// (pmo-bench's figures are in commit da0f332's message). Here the userdata sit in a
// weak-valued array (slots reused through a free list threaded through the free slots as
// integers), and the pointer -> slot map is a C open-addressing table (linear probing,
// backward-shift deletion, load at most 1/2) held in a full userdata, so Lua's allocator
// counts it and the state frees it. The array keeps the size of the type's peak of live
// objects (16 bytes a slot); the map shrinks again.
#include "objects.h"

#include <stdint.h>
#include <string.h>

typedef struct {
    void *key;          // NULL: empty
    lua_Integer slot;
} lkb_entry;

typedef struct {
    lua_Integer count;     // keys present
    lua_Integer bits;      // capacity is 1 << bits
    lua_Integer freehead;  // first free slot of the array, 0 when none
    lua_Integer top;       // highest slot ever used
    lkb_entry e[];
} lkb_map;

static const char LKB_MAP_KEY[] = "lkb.map";          // in TT: the map userdata
static const char LKB_ARRAY_KEY[] = "lkb.array";      // in TT: slot -> userdata, weak values

static size_t lkb_hash(const void *p, lua_Integer bits) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)(x >> (64 - bits));
}

static lkb_map *lkb_getmap(lua_State *L, int tt) {
    lua_rawgetp(L, tt, LKB_MAP_KEY);
    lkb_map *m = (lkb_map *)lua_touserdata(L, -1);
    lua_pop(L, 1);  // TT keeps it alive
    return m;
}

static lkb_entry *lkb_find(lkb_map *m, const void *key) {
    size_t mask = ((size_t)1 << m->bits) - 1;
    for (size_t i = lkb_hash(key, m->bits);; i = (i + 1) & mask) {
        if (m->e[i].key == key) return &m->e[i];
        if (m->e[i].key == NULL) return NULL;
    }
}

// Inserts or overwrites; the caller has made room (load stays under 1).
static void lkb_put(lkb_map *m, void *key, lua_Integer slot) {
    size_t mask = ((size_t)1 << m->bits) - 1;
    for (size_t i = lkb_hash(key, m->bits);; i = (i + 1) & mask) {
        if (m->e[i].key == key) {
            m->e[i].slot = slot;
            return;
        }
        if (m->e[i].key == NULL) {
            m->e[i].key = key;
            m->e[i].slot = slot;
            m->count++;
            return;
        }
    }
}

// Backward-shift deletion: entries after the hole move into it unless their home lies in the
// cyclic range (hole, their place].
static void lkb_delete(lkb_map *m, lkb_entry *entry) {
    size_t mask = ((size_t)1 << m->bits) - 1;
    size_t hole = (size_t)(entry - m->e);
    for (size_t j = (hole + 1) & mask; m->e[j].key != NULL; j = (j + 1) & mask) {
        size_t home = lkb_hash(m->e[j].key, m->bits);
        int stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!stays) {
            m->e[hole] = m->e[j];
            hole = j;
        }
    }
    m->e[hole].key = NULL;
    m->count--;
}

static lkb_map *lkb_newmap(lua_State *L, lua_Integer bits) {
    size_t size = sizeof(lkb_map) + ((size_t)1 << bits) * sizeof(lkb_entry);
    lkb_map *m = (lkb_map *)lua_newuserdatauv(L, size, 0);
    memset(m, 0, size);
    m->bits = bits;
    return m;
}

void lkb_objects_new(lua_State *L, int tt) {
    lkb_newmap(L, 6);
    lua_rawsetp(L, tt, LKB_MAP_KEY);
    lua_createtable(L, 0, 0);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, tt, LKB_ARRAY_KEY);
}

int lkb_objects_get(lua_State *L, int tt, void *object) {
    lkb_entry *e = lkb_find(lkb_getmap(L, tt), object);
    if (e == NULL) return 0;
    lua_rawgetp(L, tt, LKB_ARRAY_KEY);
    // Empty while the userdata awaits its finaliser: the object then gets a new one.
    if (lua_rawgeti(L, -1, e->slot) == LUA_TUSERDATA
        && ((lkb_block *)lua_touserdata(L, -1))->object == object) {
        lua_remove(L, -2);
        return 1;
    }
    lua_pop(L, 2);
    return 0;
}

// The capacity (as bits) the map should have for one more key: grown past a load of 1/2,
// shrunk (by half, so not back and forth) under 1/8.
static lua_Integer lkb_wantbits(lkb_map *m) {
    lua_Integer cap = (lua_Integer)1 << m->bits;
    if ((m->count + 1) * 2 > cap) return m->bits + 1;
    if (m->bits > 6 && (m->count + 1) * 8 < cap) return m->bits - 1;
    return m->bits;
}

void lkb_objects_reserve(lua_State *L, int tt) {
    for (;;) {
        lkb_map *m = lkb_getmap(L, tt);
        lua_Integer bits = lkb_wantbits(m);
        if (bits == m->bits) return;
        lkb_map *resized = lkb_newmap(L, bits);
        m = lkb_getmap(L, tt);  // the allocation may have run finalisers that changed it
        if (lkb_wantbits(m) != bits) {
            lua_pop(L, 1);
            continue;
        }
        resized->freehead = m->freehead;
        resized->top = m->top;
        for (size_t i = 0; i < ((size_t)1 << m->bits); i++)
            if (m->e[i].key) lkb_put(resized, m->e[i].key, m->e[i].slot);
        lua_rawsetp(L, tt, LKB_MAP_KEY);  // an existing field: no allocation
    }
}

void lkb_objects_add(lua_State *L, int tt, int u) {
    lkb_block *b = (lkb_block *)lua_touserdata(L, u);
    lua_rawgetp(L, tt, LKB_ARRAY_KEY);
    lkb_map *m = lkb_getmap(L, tt);
    lua_Integer slot = m->freehead;
    if (slot) {
        lua_rawgeti(L, -1, slot);
        m->freehead = lua_tointeger(L, -1);
        lua_pop(L, 1);
    } else {
        slot = ++m->top;
    }
    lkb_put(m, b->object, slot);
    b->slot = slot;
    lua_pushvalue(L, u);
    lua_rawseti(L, -2, slot);
    lua_pop(L, 1);
}

void lkb_objects_forget(lua_State *L, int tt, lkb_block *b) {
    if (b->object == NULL || b->slot == 0) return;
    lkb_map *m = lkb_getmap(L, tt);
    lkb_entry *e = lkb_find(m, b->object);
    if (e && e->slot == b->slot) lkb_delete(m, e);
}

void lkb_objects_collected(lua_State *L, int tt, lkb_block *b) {
    lkb_objects_forget(L, tt, b);
    if (b->slot == 0) return;
    lua_rawgetp(L, tt, LKB_ARRAY_KEY);
    lkb_map *m = lkb_getmap(L, tt);
    lua_pushinteger(L, m->freehead);
    lua_rawseti(L, -2, b->slot);  // first, so that a failure only loses the slot
    m->freehead = b->slot;
    b->slot = 0;
    lua_pop(L, 1);
}
