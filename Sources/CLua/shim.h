// The system Lua 5.4 (Debian: liblua5.4-dev); the include path comes from pkg-config `lua5.4`.
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
