/* lua51.h - the part of the Lua 5.1 C API that src/lua_newsmark.c uses,
 * declared by the project itself, so `make` needs a C compiler and nothing
 * else (no LuaJIT or Lua 5.1 headers).
 *
 * The Lua 5.1 API is frozen: PUC Lua 5.1, LuaJIT 2.x and every Neovim export
 * the same functions with the same types, and the module links against none of
 * them (the host process supplies the symbols at load time). Only what the
 * module calls is declared here; a function missing from this list stops the
 * build (-Werror=implicit-function-declaration).
 *
 * Kept honest by the tests (tools/check-lua-api.sh, a layer of tests/run.sh):
 *  - with NEWSMARK_SYSTEM_LUA defined, this header includes the real <lua.h>
 *    and <lauxlib.h> instead, and lua_newsmark.c is compiled against the
 *    LuaJIT and the lua5.1 headers;
 *  - with NEWSMARK_LUA51_CHECK defined, after the real headers, every
 *    declaration below is repeated: a prototype or constant that disagrees
 *    with the real one is a compile error, and the layout of luaL_Buffer and
 *    luaL_Reg is compared with static assertions. */
#ifndef NEWSMARK_LUA51_H
#define NEWSMARK_LUA51_H

#if defined(NEWSMARK_SYSTEM_LUA) && !defined(NEWSMARK_LUA51_CHECK)
#include <lua.h>
#include <lauxlib.h>
#else

#include <stddef.h> /* size_t, ptrdiff_t */
#include <stdio.h>  /* BUFSIZ */

/* ---------------------------------------------------------------- types */
typedef struct lua_State lua_State;
typedef int (*lua_CFunction) (lua_State *L);
typedef double lua_Number;      /* LUA_NUMBER */
typedef ptrdiff_t lua_Integer;  /* LUA_INTEGER */

/* luaL_Buffer lives on the caller's stack and luaL_addchar writes into it, so
 * its size must be the host's: LuaJIT's rule, equal to lua5.1's (BUFSIZ)
 * wherever BUFSIZ <= 16384 (glibc 8192, macOS 1024). */
#define NM_LUAL_BUFFERSIZE (BUFSIZ > 16384 ? 8192 : BUFSIZ)
#define NM_LUAL_BUFFER_FIELDS \
  char *p;                    \
  int lvl;                    \
  lua_State *L;               \
  char buffer[NM_LUAL_BUFFERSIZE];
#define NM_LUAL_REG_FIELDS \
  const char *name;        \
  lua_CFunction func;

#ifndef NEWSMARK_LUA51_CHECK
typedef struct luaL_Buffer { NM_LUAL_BUFFER_FIELDS } luaL_Buffer;
typedef struct luaL_Reg { NM_LUAL_REG_FIELDS } luaL_Reg;
#define LUAL_BUFFERSIZE NM_LUAL_BUFFERSIZE
#else
struct nm_lua51_buffer { NM_LUAL_BUFFER_FIELDS };
struct nm_lua51_reg { NM_LUAL_REG_FIELDS };
_Static_assert(sizeof(luaL_Buffer) == sizeof(struct nm_lua51_buffer), "luaL_Buffer size");
_Static_assert(offsetof(luaL_Buffer, p) == offsetof(struct nm_lua51_buffer, p), "luaL_Buffer.p");
_Static_assert(offsetof(luaL_Buffer, lvl) == offsetof(struct nm_lua51_buffer, lvl), "luaL_Buffer.lvl");
_Static_assert(offsetof(luaL_Buffer, L) == offsetof(struct nm_lua51_buffer, L), "luaL_Buffer.L");
_Static_assert(offsetof(luaL_Buffer, buffer) == offsetof(struct nm_lua51_buffer, buffer), "luaL_Buffer.buffer");
_Static_assert(sizeof(luaL_Reg) == sizeof(struct nm_lua51_reg), "luaL_Reg size");
_Static_assert(offsetof(luaL_Reg, func) == offsetof(struct nm_lua51_reg, func), "luaL_Reg.func");
#endif

/* ---------------------------------------------------------------- constants
 * (a different value is a macro redefinition: an error in the check) */
#define LUA_MULTRET	(-1)
#define LUA_REGISTRYINDEX	(-10000)
#define LUA_ENVIRONINDEX	(-10001)
#define LUA_GLOBALSINDEX	(-10002)
#define lua_upvalueindex(i)	(LUA_GLOBALSINDEX-(i))
#define LUA_TNONE		(-1)
#define LUA_TNIL		0
#define LUA_TBOOLEAN		1
#define LUA_TLIGHTUSERDATA	2
#define LUA_TNUMBER		3
#define LUA_TSTRING		4
#define LUA_TTABLE		5
#define LUA_TFUNCTION		6
#define LUA_TUSERDATA		7
#define LUA_TTHREAD		8

/* ---------------------------------------------------------------- lua.h */
extern void (lua_settop) (lua_State *L, int idx);
extern int (lua_gettop) (lua_State *L);
extern void (lua_insert) (lua_State *L, int idx);
extern void (lua_remove) (lua_State *L, int idx);
extern void (lua_pushvalue) (lua_State *L, int idx);
extern int (lua_type) (lua_State *L, int idx);
extern const char *(lua_typename) (lua_State *L, int tp);
extern int (lua_isnumber) (lua_State *L, int idx);
extern int (lua_isstring) (lua_State *L, int idx);
extern lua_Number (lua_tonumber) (lua_State *L, int idx);
extern lua_Integer (lua_tointeger) (lua_State *L, int idx);
extern int (lua_toboolean) (lua_State *L, int idx);
extern const char *(lua_tolstring) (lua_State *L, int idx, size_t *len);
extern size_t (lua_objlen) (lua_State *L, int idx);
extern void *(lua_touserdata) (lua_State *L, int idx);
extern void (lua_pushnil) (lua_State *L);
extern void (lua_pushnumber) (lua_State *L, lua_Number n);
extern void (lua_pushinteger) (lua_State *L, lua_Integer n);
extern void (lua_pushlstring) (lua_State *L, const char *s, size_t l);
extern void (lua_pushstring) (lua_State *L, const char *s);
extern const char *(lua_pushfstring) (lua_State *L, const char *fmt, ...);
extern void (lua_pushcclosure) (lua_State *L, lua_CFunction fn, int n);
extern void (lua_pushboolean) (lua_State *L, int b);
extern void (lua_pushlightuserdata) (lua_State *L, void *p);
extern void (lua_gettable) (lua_State *L, int idx);
extern void (lua_getfield) (lua_State *L, int idx, const char *k);
extern void (lua_rawget) (lua_State *L, int idx);
extern void (lua_rawgeti) (lua_State *L, int idx, int n);
extern void (lua_createtable) (lua_State *L, int narr, int nrec);
extern void *(lua_newuserdata) (lua_State *L, size_t sz);
extern int (lua_getmetatable) (lua_State *L, int objindex);
extern void (lua_settable) (lua_State *L, int idx);
extern void (lua_setfield) (lua_State *L, int idx, const char *k);
extern void (lua_rawset) (lua_State *L, int idx);
extern void (lua_rawseti) (lua_State *L, int idx, int n);
extern int (lua_setmetatable) (lua_State *L, int objindex);
extern int (lua_setfenv) (lua_State *L, int idx);
extern int (lua_next) (lua_State *L, int idx);

#define lua_pop(L,n)		lua_settop(L, -(n)-1)
#define lua_newtable(L)		lua_createtable(L, 0, 0)
#define lua_pushcfunction(L,f)	lua_pushcclosure(L, (f), 0)
#define lua_isfunction(L,n)	(lua_type(L, (n)) == LUA_TFUNCTION)
#define lua_istable(L,n)	(lua_type(L, (n)) == LUA_TTABLE)
#define lua_isnil(L,n)		(lua_type(L, (n)) == LUA_TNIL)
#define lua_isboolean(L,n)	(lua_type(L, (n)) == LUA_TBOOLEAN)
#define lua_isnone(L,n)		(lua_type(L, (n)) == LUA_TNONE)
#define lua_isnoneornil(L, n)	(lua_type(L, (n)) <= 0)
#define lua_pushliteral(L, s)	\
	lua_pushlstring(L, "" s, (sizeof(s)/sizeof(char))-1)
#define lua_tostring(L,i)	lua_tolstring(L, (i), NULL)

/* ---------------------------------------------------------------- lauxlib.h */
extern void (luaL_register) (lua_State *L, const char *libname, const luaL_Reg *l);
extern int (luaL_argerror) (lua_State *L, int numarg, const char *extramsg);
extern const char *(luaL_checklstring) (lua_State *L, int numArg, size_t *l);
extern const char *(luaL_optlstring) (lua_State *L, int numArg, const char *def, size_t *l);
extern lua_Number (luaL_checknumber) (lua_State *L, int numArg);
extern lua_Number (luaL_optnumber) (lua_State *L, int nArg, lua_Number def);
extern lua_Integer (luaL_checkinteger) (lua_State *L, int numArg);
extern lua_Integer (luaL_optinteger) (lua_State *L, int nArg, lua_Integer def);
extern void (luaL_checkstack) (lua_State *L, int sz, const char *msg);
extern void (luaL_checktype) (lua_State *L, int narg, int t);
extern int (luaL_newmetatable) (lua_State *L, const char *tname);
extern void *(luaL_checkudata) (lua_State *L, int ud, const char *tname);
extern int (luaL_error) (lua_State *L, const char *fmt, ...);
extern int (luaL_ref) (lua_State *L, int t);
extern void (luaL_unref) (lua_State *L, int t, int ref);
extern void (luaL_buffinit) (lua_State *L, luaL_Buffer *B);
extern char *(luaL_prepbuffer) (luaL_Buffer *B);
extern void (luaL_addlstring) (luaL_Buffer *B, const char *s, size_t l);
extern void (luaL_addvalue) (luaL_Buffer *B);
extern void (luaL_pushresult) (luaL_Buffer *B);

#define luaL_argcheck(L, cond,numarg,extramsg)	\
		((void)((cond) || luaL_argerror(L, (numarg), (extramsg))))
#define luaL_checkstring(L,n)	(luaL_checklstring(L, (n), NULL))
#define luaL_optstring(L,n,d)	(luaL_optlstring(L, (n), (d), NULL))
#define luaL_getmetatable(L,n)	(lua_getfield(L, LUA_REGISTRYINDEX, (n)))
#define luaL_addchar(B,c) \
  ((void)((B)->p < ((B)->buffer+LUAL_BUFFERSIZE) || luaL_prepbuffer(B)), \
   (*(B)->p++ = (char)(c)))

#endif /* NEWSMARK_SYSTEM_LUA */
#endif /* NEWSMARK_LUA51_H */
