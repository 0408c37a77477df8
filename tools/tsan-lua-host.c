/* tsan-lua-host.c - a lua5.1 interpreter built with ThreadSanitizer, that
 * runs busted: a module built with -fsanitize=thread cannot be loaded into
 * an uninstrumented lua5.1 or LuaJIT (TSan must own the process from its
 * start), so tools/test-tsan.sh runs the core specs of model:analyze_async
 * in this one. Usage: tsan-lua-host BUSTED-ARGS... (like `busted`). */
#include <stdio.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

int main(int argc, char **argv) {
    lua_State *L = luaL_newstate();
    int i, rc;
    if (!L) return 1;
    luaL_openlibs(L);
    lua_createtable(L, argc, 0); /* arg, as the lua command makes it */
    for (i = 0; i < argc; i++) {
        lua_pushstring(L, i == 0 ? "busted" : argv[i]);
        lua_rawseti(L, -2, i);
    }
    lua_setglobal(L, "arg");
    rc = luaL_dostring(L, "require('busted.runner')({ standalone = false })");
    if (rc) fprintf(stderr, "tsan-lua-host: %s\n", lua_tostring(L, -1));
    lua_close(L);
    return rc ? 1 : 0;
}
