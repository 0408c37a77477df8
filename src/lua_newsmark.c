/* lua_newsmark.c - the Lua module newsmark.core: the one file that touches
 * the Lua C API (Lua 5.1 API only, so it loads in LuaJIT, lua5.1 and Neovim).
 *
 *   local core = require("newsmark.core")
 *   local model, err = core.load(dir, profile) -- dir nil: the bundled data/ folder;
 *                                           -- profile: newsmark-PROFILE.model (nil: newsmark.model)
 *   local r = model:analyze(text, { entities = true, quotes = true })
 *   local ids, labels = model:link({ {text=, label=}, ... })
 *   local lk = model:linker()              -- incremental linking (the editor)
 *   local tags = model:tag({ "Ana", "Ruiz", ... }, { true, false, ... })
 *   local job = model:analyze_async(text, opts)  -- on a worker thread
 *   job:done()  job:result()  job:cancel()       -- (see "model:analyze_async")
 *   job:diff(old, ...)  job:entity(i)  ...       -- the editor's incremental reading
 *
 * Wrong arguments raise errors; expected failures (a missing or corrupt model
 * file) return nil, message. No malloc'd memory is held across a call that may
 * raise: scratch lives in userdata, which the garbage collector owns. */
#define _GNU_SOURCE
#include "newsmark.h"
#include "tagger.h" /* issue 7: core.train */

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua51.h" /* the Lua 5.1 API subset; NEWSMARK_SYSTEM_LUA: the real headers */

/* The contract between this module and lua/newsmark/core.lua (expected_abi
 * there): raise it whenever a function, argument or result shape changes,
 * so a core left from before a `git pull` is reported as stale, not misused. */
#define NM_LUA_ABI 5 /* 3: model:analyze_async and its job; 4: the job's readers and job:diff; 5: core.load(dir, profile), train{domain, profiles} */

#define MODEL_MT "newsmark.model"

typedef struct ljob ljob_t;
typedef struct orphan orphan_t;

typedef struct {
    nm_model_t *model;
    nm_result_t *res;
    ljob_t *jobs;       /* the job userdata that still hold a job of this model */
    orphan_t *orphans;  /* jobs still running whose userdata let go of them */
} lmodel_t;

static void wait_jobs(lmodel_t *lm, int detach);

static lmodel_t *check_model(lua_State *L) {
    lmodel_t *lm = (lmodel_t *)luaL_checkudata(L, 1, MODEL_MT);
    if (!lm->model) luaL_error(L, "newsmark: the model is closed");
    return lm;
}

/* The bundled data folder: <dir of core.so>/../../data, or $NEWSMARK_DATA. */
static int default_dir(char *buf, size_t cap) {
    Dl_info info;
    const char *env = getenv("NEWSMARK_DATA");
    char *slash;
    int k;
    if (env && *env) {
        snprintf(buf, cap, "%s", env);
        return 1;
    }
    if (!dladdr((void *)&default_dir, &info) || !info.dli_fname) return 0;
    snprintf(buf, cap, "%s", info.dli_fname);
    for (k = 0; k < 3; k++) { /* strip core.so, newsmark/, lua/ */
        slash = strrchr(buf, '/');
        if (!slash) {
            snprintf(buf, cap, "%s", k == 2 ? "." : "..");
            break;
        }
        *slash = '\0';
    }
    if (strlen(buf) + sizeof "/data" > cap) return 0;
    strcat(buf, "/data");
    return 1;
}

/* What a binding gives for status rc: true; or nil and "newsmark: " with
 * the message (err when it holds one, else the status's). */
static int push_status(lua_State *L, int rc, const char *err) {
    if (rc == NM_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushnil(L);
    lua_pushfstring(L, "newsmark: %s", err[0] ? err : nm_strerror(rc));
    return 2;
}

/* `dir`, or the bundled data folder (default_dir, into buf) when it is
 * NULL. NULL, with nil and a message pushed, when that cannot be found. */
static const char *data_dir(lua_State *L, const char *dir, char *buf, size_t cap) {
    if (dir) return dir;
    if (default_dir(buf, cap)) return buf;
    lua_pushnil(L);
    lua_pushstring(L, "newsmark: cannot locate the bundled data folder; pass a path");
    return NULL;
}

static int l_load(lua_State *L) {
    const char *dir = luaL_optstring(L, 1, NULL);
    const char *profile = luaL_optstring(L, 2, NULL);
    char path[4096], err[512];
    lmodel_t *lm;
    int rc;

    if (!(dir = data_dir(L, dir, path, sizeof path))) return 2;
    lm = (lmodel_t *)lua_newuserdata(L, sizeof *lm);
    memset(lm, 0, sizeof *lm);
    luaL_getmetatable(L, MODEL_MT);
    lua_setmetatable(L, -2);
    err[0] = '\0';
    rc = nm_model_load_profile(dir, profile, &lm->model, err, sizeof err);
    if (rc == NM_OK) rc = nm_result_new(&lm->res);
    if (rc != NM_OK) return push_status(L, rc, err);
    return 1;
}

static int l_gc(lua_State *L) {
    lmodel_t *lm = (lmodel_t *)luaL_checkudata(L, 1, MODEL_MT);
    wait_jobs(lm, 1); /* no thread may read the model once it is freed */
    nm_result_free(lm->res);
    nm_model_free(lm->model);
    lm->res = NULL;
    lm->model = NULL;
    return 0;
}

static void set_int(lua_State *L, const char *k, lua_Number v) {
    lua_pushnumber(L, v);
    lua_setfield(L, -2, k);
}

static void push_span(lua_State *L, nm_span_t s, int id, int with_id) {
    lua_createtable(L, 0, 3);
    set_int(L, "start", s.start);
    set_int(L, "finish", s.end);
    if (with_id) set_int(L, "id", id);
}

static int opt_flag(lua_State *L, int idx, const char *key, int dflt) {
    int v;
    if (lua_isnoneornil(L, idx)) return dflt;
    lua_getfield(L, idx, key);
    v = lua_isnil(L, -1) ? dflt : lua_toboolean(L, -1);
    lua_pop(L, 1);
    return v;
}

/* Push the table of one entity of a result. */
static void push_entity(lua_State *L, const nm_entity_t *e) {
    lua_createtable(L, 0, 4);
    set_int(L, "start", e->start);
    set_int(L, "finish", e->end);
    lua_pushstring(L, nm_label_name(e->label));
    lua_setfield(L, -2, "label");
    set_int(L, "id", e->id);
}

/* Push the table of one quote of result `res`. */
static void push_quote(lua_State *L, const nm_result_t *res, const nm_quote_t *q) {
    size_t np, k;
    const nm_span_t *part;
    lua_createtable(L, 0, 7);
    set_int(L, "start", q->start);
    set_int(L, "finish", q->end);
    lua_pushstring(L, nm_quote_type_name(q->type));
    lua_setfield(L, -2, "type");
    lua_createtable(L, 0, 4);
    if (q->flags & NM_QF_UNCLOSED) lua_pushboolean(L, 1), lua_setfield(L, -2, "unclosed");
    if (q->flags & NM_QF_INHERITED) lua_pushboolean(L, 1), lua_setfield(L, -2, "inherited");
    if (q->flags & NM_QF_UNMARKED) lua_pushboolean(L, 1), lua_setfield(L, -2, "unmarked");
    if (q->flags & NM_QF_CONTINUED) lua_pushboolean(L, 1), lua_setfield(L, -2, "continued");
    lua_setfield(L, -2, "flags");
    if (q->speaker.end > q->speaker.start) {
        push_span(L, q->speaker, q->speaker_id, q->speaker_id >= 0); /* (-1: merged away) */
        lua_setfield(L, -2, "speaker");
    }
    if (q->cue.end > q->cue.start) {
        push_span(L, q->cue, 0, 0);
        lua_setfield(L, -2, "cue");
    }
    if (q->rule > 0) {
        lua_pushstring(L, nm_quote_rule_name(q->rule));
        lua_setfield(L, -2, "rule");
    }
    part = nm_result_quote_parts(res, q, &np);
    if (np >= 2) { /* parts = { { start, finish }, ... } */
        lua_createtable(L, (int)np, 0);
        for (k = 0; k < np; k++) {
            lua_createtable(L, 0, 2);
            set_int(L, "start", part[k].start);
            set_int(L, "finish", part[k].end);
            lua_rawseti(L, -2, (int)k + 1);
        }
        lua_setfield(L, -2, "parts");
    }
}

/* Push the tables of the last analysis. */
static void push_job_result(lua_State *L, const ljob_t *lj, const nm_result_t *res);

/* Push the table of result `res`: { entities = { ... }, quotes = { ... } }. */
static void push_result(lua_State *L, const nm_result_t *res) { push_job_result(L, NULL, res); }

static unsigned what_of(lua_State *L, int idx) {
    unsigned what = 0;
    if (!lua_isnoneornil(L, idx)) luaL_checktype(L, idx, LUA_TTABLE);
    if (opt_flag(L, idx, "entities", 1)) what |= NM_AN_ENTITIES;
    if (opt_flag(L, idx, "quotes", 1)) what |= NM_AN_QUOTES;
    return what;
}

static int l_analyze(lua_State *L) {
    lmodel_t *lm = check_model(L);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    unsigned what = what_of(L, 3);
    int rc = nm_analyze(lm->model, text, len, what, lm->res);
    if (rc != NM_OK) return luaL_error(L, "newsmark: analysis failed: %s", nm_strerror(rc));
    push_result(L, lm->res);
    return 1;
}

/* model:tokens(text) -> { {start, finish}, ... } */
static int l_tokens(lua_State *L) {
    lmodel_t *lm = check_model(L);
    size_t len, n, i;
    const char *text = luaL_checklstring(L, 2, &len);
    int rc = nm_analyze(lm->model, text, len, 0, lm->res);
    if (rc != NM_OK) return luaL_error(L, "newsmark: tokenization failed: %s", nm_strerror(rc));
    n = nm_result_token_count(lm->res);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        push_span(L, nm_result_token(lm->res, i), 0, 0);
        if (nm_result_token_starts_sentence(lm->res, i)) {
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, "sentence");
        }
        lua_rawseti(L, -2, (int)i + 1);
    }
    return 1;
}

/* model:tag(tokens, sent_start) -> { "B-PERSON", "I-PERSON", "O", ... }
 * tokens: array of strings (one document); sent_start: array of booleans. */
static int l_tag(lua_State *L) {
    lmodel_t *lm = check_model(L);
    size_t n, i, total = 0, off = 0, ne, k;
    char *text;
    nm_span_t *spans;
    unsigned char *starts;
    const nm_entity_t *e;
    int rc;

    luaL_checktype(L, 2, LUA_TTABLE);
    if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
    n = lua_objlen(L, 2);
    for (i = 1; i <= n; i++) {
        size_t l;
        lua_rawgeti(L, 2, (int)i);
        if (!lua_isstring(L, -1)) return luaL_error(L, "newsmark: token %d is not a string", (int)i);
        lua_tolstring(L, -1, &l);
        total += l + 1;
        lua_pop(L, 1);
    }
    text = (char *)lua_newuserdata(L, total + 1);
    spans = (nm_span_t *)lua_newuserdata(L, (n + 1) * sizeof *spans);
    starts = (unsigned char *)lua_newuserdata(L, n + 1);
    for (i = 0; i < n; i++) {
        size_t l;
        const char *s;
        lua_rawgeti(L, 2, (int)i + 1);
        s = lua_tolstring(L, -1, &l);
        memcpy(text + off, s, l);
        spans[i].start = (uint32_t)off;
        spans[i].end = (uint32_t)(off + l);
        off += l;
        text[off++] = ' ';
        lua_pop(L, 1);
        starts[i] = i == 0;
        if (!lua_isnoneornil(L, 3)) {
            lua_rawgeti(L, 3, (int)i + 1);
            if (lua_toboolean(L, -1)) starts[i] = 1;
            lua_pop(L, 1);
        }
    }
    rc = nm_analyze_tokens(lm->model, text, off, spans, starts, n, NM_AN_ENTITIES, lm->res);
    if (rc != NM_OK) return luaL_error(L, "newsmark: tagging failed: %s", nm_strerror(rc));
    e = nm_result_entities(lm->res, &ne);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_pushliteral(L, "O");
        lua_rawseti(L, -2, (int)i + 1);
    }
    /* entity spans start and end on token boundaries: walk both in order */
    i = 0;
    for (k = 0; k < ne; k++) {
        int first = 1;
        while (i < n && spans[i].end <= e[k].start) i++;
        for (; i < n && spans[i].start < e[k].end; i++) {
            lua_pushfstring(L, "%s-%s", first ? "B" : "I", nm_label_name(e[k].label));
            lua_rawseti(L, -2, (int)i + 1);
            first = 0;
        }
    }
    return 1;
}

static int l_link(lua_State *L) {
    lmodel_t *lm = check_model(L);
    size_t n, i;
    nm_mention_t *m;
    int rc;
    luaL_checktype(L, 2, LUA_TTABLE);
    n = lua_objlen(L, 2);
    m = (nm_mention_t *)lua_newuserdata(L, (n + 1) * sizeof *m);
    for (i = 0; i < n; i++) {
        const char *label;
        lua_rawgeti(L, 2, (int)i + 1);
        if (!lua_istable(L, -1)) return luaL_error(L, "newsmark: mention %d is not a table", (int)i + 1);
        lua_getfield(L, -1, "text");
        /* a real string only: a converted number would be a temporary the
         * collector may free before nm_link reads it */
        if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "newsmark: mention %d has no text", (int)i + 1);
        m[i].text = lua_tolstring(L, -1, &m[i].len);
        lua_getfield(L, -2, "label");
        label = lua_tostring(L, -1);
        m[i].label = nm_label_from_name(label);
        m[i].id = 0;
        /* keep the strings reachable: leave the mention table's text on the
         * stack would overflow it; the table itself stays in argument 2 */
        lua_pop(L, 3);
    }
    rc = nm_link(lm->model, m, n);
    if (rc != NM_OK) return luaL_error(L, "newsmark: linking failed: %s", nm_strerror(rc));
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        lua_pushnumber(L, m[i].id);
        lua_rawseti(L, -3, (int)i + 1);
        lua_pushstring(L, nm_label_name(m[i].label));
        lua_rawseti(L, -2, (int)i + 1);
    }
    return 2;
}

/* issue 5: model:set_user_lexicon(path | entries | nil) -> true | nil, msg
 * entries = { {text, LABEL}, ... } or { {text=, label=}, ... } (LABEL a label
 * name or "NEVER"). Arguments are checked and the text is built in a Lua
 * buffer before the core allocates anything; the core frees its own memory
 * on failure, so no error can leak. */
/* Push field `pos` of the lexicon entry on top of the stack, or its field
 * `name` when that is nil ({ text, label } or { text = , label = }). */
static void push_entry_field(lua_State *L, int pos, const char *name) {
    lua_rawgeti(L, -1, pos);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_getfield(L, -1, name);
    }
}

/* Add that field of entry i of the list (argument 2) to buffer b. */
static void add_entry_field(lua_State *L, luaL_Buffer *b, int i, int pos, const char *name) {
    lua_rawgeti(L, 2, i);
    push_entry_field(L, pos, name);
    lua_remove(L, -2);
    luaL_addvalue(b);
}

static int l_set_user_lexicon(lua_State *L) {
    lmodel_t *lm = check_model(L);
    char err[512];
    const char *tsv = NULL, *path = NULL;
    size_t len = 0;
    int rc;
    err[0] = '\0';
    /* the lexicon changes the model: every job reading it ends first, so a
     * job started before this call gives the analysis of before it */
    wait_jobs(lm, 0);
    if (lua_istable(L, 2)) {
        luaL_Buffer b;
        int i, n = (int)lua_objlen(L, 2);
        for (i = 1; i <= n; i++) { /* check everything first */
            const char *t, *l;
            size_t tl, k;
            lua_rawgeti(L, 2, i);
            if (!lua_istable(L, -1)) return luaL_error(L, "newsmark: user lexicon entry %d is not a table", i);
            push_entry_field(L, 1, "text"); /* entry text */
            lua_pushvalue(L, -2);
            push_entry_field(L, 2, "label");
            lua_remove(L, -2); /* entry text label */
            t = lua_tolstring(L, -2, &tl);
            l = lua_tostring(L, -1);
            if (!t || !l) return luaL_error(L, "newsmark: user lexicon entry %d needs a text and a label", i);
            for (k = 0; k < tl; k++)
                if (t[k] == '\t' || t[k] == '\n' || t[k] == '\r')
                    return luaL_error(L, "newsmark: user lexicon entry %d: the text holds a tab or line break", i);
            if (strchr(l, '\t') || strchr(l, '\n'))
                return luaL_error(L, "newsmark: user lexicon entry %d: bad label", i);
            lua_pop(L, 3);
        }
        luaL_buffinit(L, &b);
        for (i = 1; i <= n; i++) {
            add_entry_field(L, &b, i, 1, "text");
            luaL_addchar(&b, '\t');
            add_entry_field(L, &b, i, 2, "label");
            luaL_addchar(&b, '\n');
        }
        luaL_pushresult(&b);
        tsv = lua_tolstring(L, -1, &len);
        rc = nm_model_set_user_lexicon(lm->model, tsv, len, err, sizeof err);
    } else if (lua_isstring(L, 2)) {
        path = lua_tostring(L, 2);
        rc = nm_model_load_user_lexicon(lm->model, path, err, sizeof err);
    } else if (lua_isnoneornil(L, 2) || (lua_isboolean(L, 2) && !lua_toboolean(L, 2))) {
        rc = nm_model_set_user_lexicon(lm->model, NULL, 0, err, sizeof err);
    } else {
        return luaL_argerror(L, 2, "a path, a list of entries, or nil");
    }
    return push_status(L, rc, err);
}

/* ---- model:linker() -> linker: document-wide ids kept per buffer, updated
 * one paragraph at a time (the editor). The algorithm is nm_linker_* in
 * src/linker.c (see newsmark.h); this is its binding.
 *
 *   local lk = model:linker()
 *   local h = lk:add(packed [, ids])  -- packed: for each mention in order
 *                              --   LABEL .. " " .. #text .. " " .. text
 *                              -- ids: the ids its mentions had (a paragraph
 *                              -- replaced by one that mentions the same)
 *   lk:remove(h)
 *   local changed = lk:link({ h1, h2, ... })   -- every live handle, in order
 *   -- changed[h] = { id, ... } for each group whose ids changed (or are new)
 *   lk:count()                 -- live groups, mentions
 *
 * The nm_linker_t is freed by the userdata's __gc; arguments are read into
 * userdata (owned by the collector) before the core is called, and the
 * core's failures return nil, message, so no error can leak. */
#define LINKER_MT "newsmark.linker"

typedef struct {
    nm_linker_t *lk;
    lmodel_t *lm; /* the model (kept alive through the userdata's env) */
} llinker_t;

static llinker_t *check_linker(lua_State *L) {
    llinker_t *ll = (llinker_t *)luaL_checkudata(L, 1, LINKER_MT);
    if (!ll->lk) luaL_error(L, "newsmark: the linker is closed");
    return ll;
}

static int l_linker_gc(lua_State *L) {
    llinker_t *ll = (llinker_t *)luaL_checkudata(L, 1, LINKER_MT);
    nm_linker_free(ll->lk);
    ll->lk = NULL;
    return 0;
}

static int linker_fail(lua_State *L, int rc) {
    lua_pushnil(L);
    if (rc == NM_ENOMEM) lua_pushliteral(L, "newsmark: out of memory");
    else lua_pushfstring(L, "newsmark: linking failed: %s", nm_strerror(rc));
    return 2;
}

static int l_linker_add(lua_State *L) {
    llinker_t *ll = check_linker(L);
    size_t len, n = 0, j;
    const char *s = luaL_checklstring(L, 2, &len);
    int *ids = NULL, h, rc;
    if (nm_linker_packed_count(s, len, &n) != NM_OK)
        return luaL_argerror(L, 2, "malformed mentions (LABEL LEN TEXT ...)");
    if (lua_istable(L, 3)) { /* the ids it had (raw reads: no errors) */
        ids = (int *)lua_newuserdata(L, (n ? n : 1) * sizeof *ids);
        for (j = 0; j < n; j++) {
            lua_rawgeti(L, 3, (int)j + 1);
            ids[j] = lua_isnumber(L, -1) ? (int)lua_tointeger(L, -1) : 0;
            lua_pop(L, 1);
        }
    }
    rc = nm_linker_add_packed(ll->lk, s, len, ids, ids ? n : 0, &h);
    if (rc != NM_OK) return linker_fail(L, rc);
    lua_pushinteger(L, h);
    return 1;
}

static int l_linker_remove(lua_State *L) {
    llinker_t *ll = check_linker(L);
    int h = (int)luaL_checkinteger(L, 2);
    if (nm_linker_remove(ll->lk, h) != NM_OK) return luaL_argerror(L, 2, "not a live linker handle");
    return 0;
}

static int l_linker_count(lua_State *L) {
    llinker_t *ll = check_linker(L);
    size_t groups, mentions;
    nm_linker_count(ll->lk, &groups, &mentions);
    lua_pushinteger(L, (lua_Integer)groups);
    lua_pushinteger(L, (lua_Integer)mentions);
    return 2;
}

static int l_linker_link(lua_State *L) {
    llinker_t *ll = check_linker(L);
    size_t no, i, nch, nid, j;
    const int *ch, *id;
    int *order, rc;
    char err[128];
    luaL_checktype(L, 2, LUA_TTABLE);
    if (!ll->lm || !ll->lm->model) return luaL_error(L, "newsmark: the model is closed");
    no = lua_objlen(L, 2);
    order = (int *)lua_newuserdata(L, (no ? no : 1) * sizeof *order);
    for (i = 0; i < no; i++) {
        lua_rawgeti(L, 2, (int)i + 1);
        order[i] = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    rc = nm_linker_link(ll->lk, ll->lm->model, order, no, err, sizeof err);
    if (rc == NM_EINVAL) return luaL_argerror(L, 2, err);
    if (rc != NM_OK) return linker_fail(L, rc);
    /* the results: groups whose ids changed */
    ch = nm_linker_changed(ll->lk, &nch);
    lua_createtable(L, 0, 0);
    for (i = 0; i < nch; i++) {
        id = nm_linker_ids(ll->lk, ch[i], &nid);
        lua_createtable(L, (int)nid, 0);
        for (j = 0; j < nid; j++) {
            lua_pushinteger(L, id[j]);
            lua_rawseti(L, -2, (int)j + 1);
        }
        lua_rawseti(L, -2, ch[i]);
    }
    return 1;
}

static const luaL_Reg linker_methods[] = {
    {"add", l_linker_add}, {"remove", l_linker_remove}, {"link", l_linker_link},
    {"count", l_linker_count}, {NULL, NULL},
};

/* The metatable `name` of a userdata type (created once; left on the
 * stack): __gc, __tostring when given, and __index with the methods. */
static void register_type(lua_State *L, const char *name, lua_CFunction gc,
                          lua_CFunction tostring, const luaL_Reg *methods) {
    if (!luaL_newmetatable(L, name))
        return;
    lua_pushcfunction(L, gc);
    lua_setfield(L, -2, "__gc");
    if (tostring) {
        lua_pushcfunction(L, tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_newtable(L);
    luaL_register(L, NULL, methods);
    lua_setfield(L, -2, "__index");
}

static int l_linker(lua_State *L) {
    lmodel_t *lm = check_model(L);
    llinker_t *ll = (llinker_t *)lua_newuserdata(L, sizeof *ll);
    int rc;
    ll->lk = NULL;
    ll->lm = lm;
    register_type(L, LINKER_MT, l_linker_gc, NULL, linker_methods);
    lua_setmetatable(L, -2);
    /* keep the model alive as long as the linker */
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    lua_setfenv(L, -2);
    rc = nm_linker_new(&ll->lk);
    if (rc != NM_OK) return linker_fail(L, rc);
    return 1;
}

/* ---- model:analyze_async(text [, opts]) -> job: model:analyze on a worker
 * thread (nm_job_* in src/job.c), so the editor's main thread stays free
 * while a whole buffer is analysed.
 *
 *   local job = model:analyze_async(text, { quotes = false })  -- opts as analyze's
 *   job:done()     -- true once result() would not block (never blocks)
 *   job:result()   -- waits, then the table model:analyze(text, opts) gives
 *                  -- (a new table on each call), or nil, message on failure;
 *                  -- nil, "cancelled" after cancel()
 *   job:cancel()   -- the result will never be asked for: its memory goes as
 *                  -- soon as the thread ends (which it still does)
 *
 * The job keeps its model alive (the model userdata is in the job's
 * environment). The model keeps a list of the jobs that read it:
 * model:close() (and its __gc) and model:set_user_lexicon() wait for all of
 * them first, so a job started before a lexicon change gives the analysis of
 * before it. A job whose userdata is cancelled or collected while its thread
 * still runs is handed to the model as an orphan and freed once done (checked
 * at the next analyze_async) or when the model is closed, so neither cancel()
 * nor __gc ever waits for a thread. */
#define JOB_MT "newsmark.job"

struct ljob {
    nm_job_t *job;         /* NULL once released (cancelled) */
    lmodel_t *lm;          /* the model whose list holds this job, NULL when none */
    ljob_t *prev, *next;   /* in lm->jobs */
    int cancelled;
    int *best;             /* by entity id: 1 + index of its longest mention (job:name) */
    size_t nbest;
    /* job:merge: the person's decisions merged into the result (nm_merge_decisions);
     * every reader of the job reads these when `merged` is set */
    int merged;
    nm_entity_t *ment;
    nm_merge_info_t *minfo;
    size_t nment;
    nm_quote_t *mquote; /* the quotes, their speaker ids following the merge (-1: none) */
    size_t nmquote;
    char **tids; /* the decisions' names ("T3"), by number */
    size_t ntids;
    uint32_t *maxfin; /* job:longer: maxfin[i] = the largest end of the machine's entities 0..i */
};

struct orphan {
    nm_job_t *job;
    orphan_t *next;
};

static void unlink_job(ljob_t *lj) {
    if (!lj->lm) return;
    if (lj->prev) lj->prev->next = lj->next;
    else lj->lm->jobs = lj->next;
    if (lj->next) lj->next->prev = lj->prev;
    lj->prev = lj->next = NULL;
    lj->lm = NULL;
}

/* Free the orphans that have finished. */
static void reap_orphans(lmodel_t *lm) {
    orphan_t **p = &lm->orphans;
    while (*p) {
        orphan_t *o = *p;
        if (nm_job_done(o->job)) {
            *p = o->next;
            nm_job_free(o->job); /* finished: the join returns at once */
            free(o);
        } else {
            p = &o->next;
        }
    }
}

/* Forget lj's merged decisions (job:merge). */
static void drop_merge(ljob_t *lj) {
    size_t i;
    if (!lj->merged && !lj->ment && !lj->mquote && !lj->tids) return;
    free(lj->ment), free(lj->minfo), free(lj->mquote);
    for (i = 0; i < lj->ntids; i++) free(lj->tids[i]);
    free(lj->tids);
    lj->ment = NULL, lj->minfo = NULL, lj->mquote = NULL, lj->tids = NULL;
    lj->nment = lj->nmquote = lj->ntids = 0;
    lj->merged = 0;
    free(lj->best); /* (names are read from the entities) */
    lj->best = NULL;
    lj->nbest = 0;
}

/* Let go of lj's job without waiting: freed now when finished, else handed
 * to the model (or, when no memory is left for that, waited for). */
static void release_job(ljob_t *lj) {
    nm_job_t *job = lj->job;
    lmodel_t *lm = lj->lm;
    lj->job = NULL;
    drop_merge(lj);
    free(lj->best);
    lj->best = NULL;
    lj->nbest = 0;
    free(lj->maxfin);
    lj->maxfin = NULL;
    unlink_job(lj);
    if (!job) return;
    if (lm && !nm_job_done(job)) {
        orphan_t *o = (orphan_t *)malloc(sizeof *o);
        if (o) {
            o->job = job;
            o->next = lm->orphans;
            lm->orphans = o;
            return;
        }
    }
    nm_job_free(job);
}

/* Wait until no thread reads lm's model: every job in its list ends, every
 * orphan ends and is freed. detach: the model goes away (close, __gc), so
 * the jobs leave its list (their results stay readable). */
static void wait_jobs(lmodel_t *lm, int detach) {
    ljob_t *lj = lm->jobs;
    while (lj) {
        ljob_t *next = lj->next;
        (void)nm_job_wait(lj->job);
        if (detach) unlink_job(lj);
        lj = next;
    }
    while (lm->orphans) {
        orphan_t *o = lm->orphans;
        lm->orphans = o->next;
        nm_job_free(o->job);
        free(o);
    }
}

static ljob_t *check_job(lua_State *L) { return (ljob_t *)luaL_checkudata(L, 1, JOB_MT); }

static int l_job_gc(lua_State *L) {
    release_job(check_job(L));
    return 0;
}

static int l_job_done(lua_State *L) {
    ljob_t *lj = check_job(L);
    lua_pushboolean(L, !lj->job || nm_job_done(lj->job));
    return 1;
}

static int l_job_result(lua_State *L) {
    ljob_t *lj = check_job(L);
    int rc;
    if (lj->cancelled || !lj->job) {
        lua_pushnil(L);
        lua_pushliteral(L, "cancelled");
        return 2;
    }
    rc = nm_job_wait(lj->job);
    if (rc != NM_OK) {
        lua_pushnil(L);
        lua_pushfstring(L, "newsmark: analysis failed: %s", nm_strerror(rc));
        return 2;
    }
    push_job_result(L, lj, nm_job_result(lj->job)); /* the conversion model:analyze uses */
    return 1;
}

/* ---- the editor's incremental reading of a job's result (buffer_paras):
 *   job:count()            -- entities, quotes (waits; nil when failed/cancelled)
 *   job:entity(i)          -- entity i (1-based) as in job:result(), or nil
 *   job:quote(i)           -- quote i as in job:result(), or nil
 *   job:name(id)           -- start, finish of entity id's longest mention
 *                          -- (the first of that length), or nil
 *   job:status_counts()    -- distinct entity ids, quotes, quotes with no speaker
 *   job:diff(old, text, old_text, input, old_input)
 *       -- what differs between old's result (of old_text, read as old_input)
 *       -- and this one's: { from = , to = , dirty = { offsets }, relink = {
 *       -- offsets } } in this text's offsets, or nil when either has no
 *       -- result. [from, to) is where the texts or inputs differ; `dirty`
 *       -- holds the start of every item (entity or quote) with no equal in
 *       -- the other result, an old one's at where it moved to (what is
 *       -- drawn: spans, labels, types, flags, rules, parts, speaker and cue
 *       -- spans, the text of the speaker's name); `relink` the starts of
 *       -- the items equal but for an entity id. Sorted, with repeats.
 *   job:first_at(off)      -- first entity, first quote starting at or after off
 *   job:ids(e1, n, lids, q1, m, qids)  -- fill id arrays; true when changed */
static const nm_result_t *job_res(lua_State *L, ljob_t *lj) {
    if (lj->cancelled || !lj->job) return NULL;
    if (nm_job_wait(lj->job) != NM_OK) return NULL;
    return nm_job_result(lj->job);
}

/* The entities and quotes every reader of a job reads: with the decisions
 * merged when job:merge gave some. */
static const nm_entity_t *job_ents(const ljob_t *lj, const nm_result_t *res, size_t *n) {
    if (lj && lj->merged) {
        *n = lj->nment;
        return lj->ment;
    }
    return nm_result_entities(res, n);
}

static const nm_quote_t *job_quotes(const ljob_t *lj, const nm_result_t *res, size_t *n) {
    if (lj && lj->merged) {
        *n = lj->nmquote;
        return lj->mquote;
    }
    return nm_result_quotes(res, n);
}

/* Entity i (0-based) of the job, as model:analyze gives it; with the
 * decisions merged, as newsmark.export.merge gives it (manual, orig, tid). */
static void push_job_entity(lua_State *L, const ljob_t *lj, const nm_entity_t *e, size_t i) {
    const nm_merge_info_t *m;
    push_entity(L, &e[i]);
    if (!lj || !lj->merged) return;
    m = &lj->minfo[i];
    lua_pushboolean(L, m->manual);
    lua_setfield(L, -2, "manual");
    if (m->has_orig) set_int(L, "orig", m->orig);
    if (m->manual && m->tid >= 0 && (size_t)m->tid < lj->ntids) {
        lua_pushstring(L, lj->tids[m->tid]);
        lua_setfield(L, -2, "tid");
    }
}

/* Push the table of a job's result (lj NULL: of a model's result). */
static void push_job_result(lua_State *L, const ljob_t *lj, const nm_result_t *res) {
    size_t ne, nq, i;
    const nm_entity_t *e = job_ents(lj, res, &ne);
    const nm_quote_t *q = job_quotes(lj, res, &nq);
    lua_createtable(L, 0, 2);
    lua_createtable(L, (int)ne, 0);
    for (i = 0; i < ne; i++) {
        push_job_entity(L, lj, e, i);
        lua_rawseti(L, -2, (int)i + 1);
    }
    lua_setfield(L, -2, "entities");
    lua_createtable(L, (int)nq, 0);
    for (i = 0; i < nq; i++) {
        push_quote(L, res, &q[i]);
        lua_rawseti(L, -2, (int)i + 1);
    }
    lua_setfield(L, -2, "quotes");
}

static int l_job_count(lua_State *L) {
    ljob_t *lj = check_job(L);
    const nm_result_t *res = job_res(L, lj);
    size_t ne, nq;
    if (!res) return 0;
    (void)job_ents(lj, res, &ne);
    (void)job_quotes(lj, res, &nq);
    lua_pushnumber(L, (lua_Number)ne);
    lua_pushnumber(L, (lua_Number)nq);
    return 2;
}

/* job:entity(i) / job:quote(i): item i (1-based) of the result, as
 * model:analyze gives it; nothing when there is no such item. */
static int job_item(lua_State *L, int quote) {
    ljob_t *lj = check_job(L);
    lua_Integer i = luaL_checkinteger(L, 2);
    const nm_result_t *res = job_res(L, lj);
    size_t n;
    if (!res) return 0;
    if (quote) {
        const nm_quote_t *q = job_quotes(lj, res, &n);
        if (i < 1 || (size_t)i > n) return 0;
        push_quote(L, res, &q[i - 1]);
    } else {
        const nm_entity_t *e = job_ents(lj, res, &n);
        if (i < 1 || (size_t)i > n) return 0;
        push_job_entity(L, lj, e, (size_t)i - 1);
    }
    return 1;
}

static int l_job_entity(lua_State *L) { return job_item(L, 0); }
static int l_job_quote(lua_State *L) { return job_item(L, 1); }

/* lj->best, made once: the longest mention of each id (the first of that
 * length), as newsmark.buffer_paras.speaker_names names a speaker. */
static const int *best_of(ljob_t *lj, const nm_result_t *res) {
    size_t ne, i, n = 0;
    const nm_entity_t *e = job_ents(lj, res, &ne);
    if (lj->best || ne == 0) return lj->best;
    for (i = 0; i < ne; i++)
        if (e[i].id > 0 && (size_t)e[i].id >= n) n = (size_t)e[i].id + 1;
    if (n == 0) return NULL;
    lj->best = (int *)calloc(n, sizeof *lj->best);
    if (!lj->best) return NULL;
    lj->nbest = n;
    for (i = 0; i < ne; i++) {
        int id = e[i].id, b;
        if (id <= 0) continue;
        b = lj->best[id];
        if (!b || e[i].end - e[i].start > e[b - 1].end - e[b - 1].start) lj->best[id] = (int)i + 1;
    }
    return lj->best;
}

/* The span of entity id's name in `res`, or 0. */
static int name_of(ljob_t *lj, const nm_result_t *res, int id, nm_span_t *out) {
    size_t ne;
    const nm_entity_t *e = job_ents(lj, res, &ne);
    const int *best = best_of(lj, res);
    if (!best || id <= 0 || (size_t)id >= lj->nbest || !best[id]) return 0;
    out->start = e[best[id] - 1].start;
    out->end = e[best[id] - 1].end;
    return 1;
}

static int l_job_name(lua_State *L) {
    ljob_t *lj = check_job(L);
    lua_Integer id = luaL_checkinteger(L, 2);
    const nm_result_t *res = job_res(L, lj);
    nm_span_t sp;
    if (!res || id < 1 || id > 0x7fffffff || !name_of(lj, res, (int)id, &sp)) return 0;
    lua_pushnumber(L, sp.start);
    lua_pushnumber(L, sp.end);
    return 2;
}

static int l_job_status_counts(lua_State *L) {
    ljob_t *lj = check_job(L);
    const nm_result_t *res = job_res(L, lj);
    size_t ne, nq, i, n = 0, none = 0;
    const nm_entity_t *e;
    const nm_quote_t *q;
    const int *best;
    if (!res) return 0;
    e = job_ents(lj, res, &ne);
    q = job_quotes(lj, res, &nq);
    best = best_of(lj, res);
    for (i = 0; i < ne; i++) /* an id counts once: at its longest mention */
        if (best && e[i].id > 0 && (size_t)e[i].id < lj->nbest && best[e[i].id] == (int)i + 1) n++;
    for (i = 0; i < nq; i++)
        if (q[i].speaker.end <= q[i].speaker.start) none++;
    lua_pushnumber(L, (lua_Number)n);
    lua_pushnumber(L, (lua_Number)nq);
    lua_pushnumber(L, (lua_Number)none);
    return 3;
}

/* job:first_at(off): the index (1-based) of the first entity and of the
 * first quote that start at or after byte `off` (count + 1 when none). */
static int l_job_first_at(lua_State *L) {
    ljob_t *lj = check_job(L);
    lua_Number off = luaL_checknumber(L, 2);
    const nm_result_t *res = job_res(L, lj);
    size_t ne, nq, lo, hi;
    const nm_entity_t *e;
    const nm_quote_t *q;
    if (!res) return 0;
    e = job_ents(lj, res, &ne);
    q = job_quotes(lj, res, &nq);
    for (lo = 0, hi = ne; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        if ((lua_Number)e[mid].start < off) lo = mid + 1;
        else hi = mid;
    }
    lua_pushnumber(L, (lua_Number)lo + 1);
    for (lo = 0, hi = nq; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        if ((lua_Number)q[mid].start < off) lo = mid + 1;
        else hi = mid;
    }
    lua_pushnumber(L, (lua_Number)lo + 1);
    return 2;
}

/* job:ids(e1, n, lids, q1, m, qids): lids[1..n] = the ids of entities
 * e1 .. e1+n-1, qids[1..m] = the speaker ids of quotes q1 .. q1+m-1 (false
 * for a quote with no speaker). Returns true when any value changed. */
static int l_job_ids(lua_State *L) {
    ljob_t *lj = check_job(L);
    lua_Integer e1 = luaL_checkinteger(L, 2), n = luaL_checkinteger(L, 3);
    lua_Integer q1 = luaL_checkinteger(L, 5), m = luaL_checkinteger(L, 6);
    const nm_result_t *res;
    size_t ne, nq;
    const nm_entity_t *e;
    const nm_quote_t *q;
    lua_Integer k;
    int changed = 0;
    luaL_checktype(L, 4, LUA_TTABLE);
    luaL_checktype(L, 7, LUA_TTABLE);
    res = job_res(L, lj);
    if (!res) return 0;
    e = job_ents(lj, res, &ne);
    q = job_quotes(lj, res, &nq);
    luaL_argcheck(L, e1 >= 1 && n >= 0 && (size_t)(e1 - 1 + n) <= ne, 3, "entities out of range");
    luaL_argcheck(L, q1 >= 1 && m >= 0 && (size_t)(q1 - 1 + m) <= nq, 6, "quotes out of range");
    for (k = 0; k < n; k++) {
        int id = e[e1 - 1 + k].id;
        lua_rawgeti(L, 4, (int)k + 1);
        if (!lua_isnumber(L, -1) || lua_tonumber(L, -1) != id) {
            changed = 1;
            lua_pushnumber(L, id);
            lua_rawseti(L, 4, (int)k + 1);
        }
        lua_pop(L, 1);
    }
    for (k = 0; k < m; k++) {
        const nm_quote_t *x = &q[q1 - 1 + k];
        int has = x->speaker.end > x->speaker.start && x->speaker_id >= 0; /* (-1: merged away) */
        lua_rawgeti(L, 7, (int)k + 1);
        if (has ? !lua_isnumber(L, -1) || lua_tonumber(L, -1) != x->speaker_id : !(lua_isboolean(L, -1) && !lua_toboolean(L, -1))) {
            changed = 1;
            if (has) lua_pushnumber(L, x->speaker_id);
            else lua_pushboolean(L, 0);
            lua_rawseti(L, 7, (int)k + 1);
        }
        lua_pop(L, 1);
    }
    lua_pushboolean(L, changed);
    return 1;
}

/* diff's view of where the texts differ: [p, old_end) of the old text is
 * [p, new_end) of the new one, delta = new_end - old_end. */
typedef struct {
    uint32_t p, old_end;
    int64_t delta;
    const char *text, *otext;
} edit_t;

/* Where old span [s, e) is in the new text: unchanged when it ends at or
 * before the change, moved by delta when it starts at or after the change's
 * old end; 0 when it overlaps the change (no place). A span of no length at
 * the change itself counts as before it. */
static int map_span(const edit_t *ed, uint32_t s, uint32_t e, int64_t *ms, int64_t *me) {
    if (e <= ed->p) {
        *ms = s, *me = e;
        return 1;
    }
    if (s >= ed->old_end) {
        *ms = (int64_t)s + ed->delta, *me = (int64_t)e + ed->delta;
        return 1;
    }
    return 0;
}

/* Old span o (absent: start == end) equals new span n once moved. */
static int span_same(const edit_t *ed, nm_span_t o, nm_span_t n) {
    int oa = o.end > o.start, na = n.end > n.start;
    int64_t ms, me;
    if (oa != na) return 0;
    if (!oa) return 1;
    return map_span(ed, o.start, o.end, &ms, &me) && ms == (int64_t)n.start && me == (int64_t)n.end;
}

/* The same for raw offsets (a span of no length is a place, not absent). */
static int raw_same(const edit_t *ed, uint32_t os, uint32_t oe, uint32_t ns, uint32_t ne) {
    int64_t ms, me;
    return map_span(ed, os, oe, &ms, &me) && ms == (int64_t)ns && me == (int64_t)ne;
}

typedef struct {
    uint32_t *v;
    size_t n, cap;
    int oom;
} posv_t;

static void put_pos(posv_t *pv, int64_t x, uint32_t p) {
    if (pv->n == pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 64;
        uint32_t *v = (uint32_t *)realloc(pv->v, cap * sizeof *v);
        if (!v) {
            pv->oom = 1;
            return;
        }
        pv->v = v;
        pv->cap = cap;
    }
    pv->v[pv->n++] = x < 0 ? p : (uint32_t)x;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* 1: old quote oq equals new quote nq in all that is drawn; 2: equal but
 * for the speaker's id; 0: different. */
static int quote_same(const edit_t *ed, ljob_t *olj, const nm_result_t *ores, const nm_quote_t *oq,
                      ljob_t *nlj, const nm_result_t *nres, const nm_quote_t *nq) {
    size_t onp, nnp, k;
    const nm_span_t *op, *np;
    if (!raw_same(ed, oq->start, oq->end, nq->start, nq->end) || oq->type != nq->type ||
        oq->flags != nq->flags || oq->rule != nq->rule)
        return 0;
    if (!span_same(ed, oq->speaker, nq->speaker) || !span_same(ed, oq->cue, nq->cue)) return 0;
    op = nm_result_quote_parts(ores, oq, &onp);
    np = nm_result_quote_parts(nres, nq, &nnp);
    if ((onp >= 2) != (nnp >= 2) || (nnp >= 2 && onp != nnp)) return 0;
    for (k = 0; nnp >= 2 && k < nnp; k++)
        if (!raw_same(ed, op[k].start, op[k].end, np[k].start, np[k].end)) return 0;
    if (nq->speaker.end > nq->speaker.start) {
        nm_span_t on, nn;
        int ho = oq->speaker_id > 0 && name_of(olj, ores, oq->speaker_id, &on);
        int hn = nq->speaker_id > 0 && name_of(nlj, nres, nq->speaker_id, &nn);
        if (ho != hn) return 0;
        if (hn && (on.end - on.start != nn.end - nn.start ||
                   memcmp(ed->otext + on.start, ed->text + nn.start, nn.end - nn.start) != 0))
            return 0;
        if (oq->speaker_id != nq->speaker_id) return 2;
    }
    return 1;
}

static void push_posv(lua_State *L, posv_t *pv, const char *key) {
    size_t i;
    if (pv->n > 1) qsort(pv->v, pv->n, sizeof *pv->v, cmp_u32);
    lua_createtable(L, (int)pv->n, 0);
    for (i = 0; i < pv->n; i++) {
        lua_pushnumber(L, pv->v[i]);
        lua_rawseti(L, -2, (int)i + 1);
    }
    lua_setfield(L, -2, key);
}

static int l_job_diff(lua_State *L) {
    ljob_t *lj = check_job(L);
    ljob_t *olj = (ljob_t *)luaL_checkudata(L, 2, JOB_MT);
    size_t nl, ol, nil_, oil, p = 0, s = 0, m, i, j, ne, one, nq, onq;
    const char *text = luaL_checklstring(L, 3, &nl);
    const char *otext = luaL_checklstring(L, 4, &ol);
    const char *input = luaL_checklstring(L, 5, &nil_);
    const char *oinput = luaL_checklstring(L, 6, &oil);
    const nm_result_t *res, *ores;
    const nm_entity_t *e, *oe;
    const nm_quote_t *q, *oq;
    edit_t ed;
    posv_t dirty = {NULL, 0, 0, 0}, relink = {NULL, 0, 0, 0};
    luaL_argcheck(L, nil_ == nl, 5, "the input must have the text's length");
    luaL_argcheck(L, oil == ol, 6, "the input must have the text's length");
    res = job_res(L, lj);
    ores = job_res(L, olj);
    if (!res || !ores || lj == olj) return 0;
    m = nl < ol ? nl : ol;
    while (p < m && text[p] == otext[p] && input[p] == oinput[p]) p++;
    while (s < m - p && text[nl - 1 - s] == otext[ol - 1 - s] && input[nl - 1 - s] == oinput[ol - 1 - s]) s++;
    if (nl > 0xffffffffu || ol > 0xffffffffu) return 0;
    ed.p = (uint32_t)p;
    ed.old_end = (uint32_t)(ol - s);
    ed.delta = (int64_t)nl - (int64_t)ol;
    ed.text = text;
    ed.otext = otext;
    e = job_ents(lj, res, &ne);
    oe = job_ents(olj, ores, &one);
    for (i = 0, j = 0; i < ne || j < one;) {
        int64_t om = -1, ome;
        if (j < one && !map_span(&ed, oe[j].start, oe[j].end, &om, &ome)) {
            put_pos(&dirty, -1, ed.p); /* an old one over the change: gone */
            j++;
        } else if (i < ne && (j >= one || e[i].start < om)) {
            put_pos(&dirty, e[i].start, 0); /* new */
            i++;
        } else if (i >= ne || (int64_t)e[i].start > om) {
            put_pos(&dirty, om, 0); /* gone */
            j++;
        } else {
            if (!raw_same(&ed, oe[j].start, oe[j].end, e[i].start, e[i].end) || oe[j].label != e[i].label ||
                (olj->merged && olj->minfo[j].manual) != (lj->merged && lj->minfo[i].manual)) {
                put_pos(&dirty, e[i].start, 0);
                put_pos(&dirty, om, 0);
            } else if (oe[j].id != e[i].id) {
                put_pos(&relink, e[i].start, 0);
            }
            i++, j++;
        }
    }
    q = job_quotes(lj, res, &nq);
    oq = job_quotes(olj, ores, &onq);
    for (i = 0, j = 0; i < nq || j < onq;) {
        int64_t om = -1, ome;
        if (j < onq && !map_span(&ed, oq[j].start, oq[j].end, &om, &ome)) {
            put_pos(&dirty, -1, ed.p);
            j++;
        } else if (i < nq && (j >= onq || q[i].start < om)) {
            put_pos(&dirty, q[i].start, 0);
            i++;
        } else if (i >= nq || (int64_t)q[i].start > om) {
            put_pos(&dirty, om, 0);
            j++;
        } else {
            int same = quote_same(&ed, olj, ores, &oq[j], lj, res, &q[i]);
            if (!same) {
                put_pos(&dirty, q[i].start, 0);
                put_pos(&dirty, om, 0);
            } else if (same == 2) {
                put_pos(&relink, q[i].start, 0);
            }
            i++, j++;
        }
    }
    if (dirty.oom || relink.oom) {
        free(dirty.v);
        free(relink.v);
        return luaL_error(L, "newsmark: job:diff: out of memory");
    }
    lua_createtable(L, 0, 4);
    set_int(L, "from", (lua_Number)p);
    set_int(L, "to", (lua_Number)(nl - s));
    push_posv(L, &dirty, "dirty");
    push_posv(L, &relink, "relink");
    free(dirty.v);
    free(relink.v);
    return 1;
}

/* An integer field of the table at idx (>= 0, < 2^32), or an error. */
static uint32_t u32_field(lua_State *L, int idx, const char *key, const char *what) {
    lua_Number v;
    lua_getfield(L, idx, key);
    if (!lua_isnumber(L, -1)) luaL_error(L, "newsmark: job:merge: %s has no %s", what, key);
    v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (v < 0 || v > 4294967295.0 || v != (lua_Number)(uint32_t)v)
        luaL_error(L, "newsmark: job:merge: %s has a bad %s", what, key);
    return (uint32_t)v;
}

/* job:merge(decisions, groups, tids, text): the person's decisions merged into
 * the job's result (nm_merge_decisions); every reader of the job (result,
 * entity, quote, name, ids, first_at, count, status_counts, diff) then reads
 * the merge, as newsmark.export.apply makes it of job:result().
 *   decisions: { {start=, finish=, label=, never=, tid=k}, ... } by start,
 *              without overlaps (newsmark.export.effective's), k >= 1 in tids
 *   groups:    { {k, ...}, ... } equivalence groups of decision numbers
 *   tids:      { "T1", ... } the decisions' names (an entity's `tid`)
 *   text:      the text the job analysed (what manual entities' texts are)
 * job:merge(nil) takes the decisions away. Returns true; nil and a message for
 * what it cannot merge (a label the core does not know); nothing when the
 * job has no result. */
static int l_job_merge(lua_State *L) {
    ljob_t *lj = check_job(L);
    const nm_result_t *res = job_res(L, lj);
    const nm_entity_t *me;
    const nm_quote_t *mq;
    nm_decision_t *dec = NULL;
    int *groups = NULL, *map = NULL, rc, maxid = 0;
    size_t nd, ngr, ng = 0, nt, len, ne, nq, i, k, at = 0;
    const char *text;
    drop_merge(lj);
    if (lua_isnoneornil(L, 2)) {
        lua_pushboolean(L, 1);
        return 1;
    }
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    text = luaL_checklstring(L, 5, &len);
    if (!res) return 0;
    nd = lua_objlen(L, 2), ngr = lua_objlen(L, 3), nt = lua_objlen(L, 4);
    for (i = 1; i <= ngr; i++) {
        lua_rawgeti(L, 3, (int)i);
        luaL_argcheck(L, lua_istable(L, -1), 3, "a group is not a table");
        ng += lua_objlen(L, -1) + 1;
        lua_pop(L, 1);
    }
    dec = (nm_decision_t *)lua_newuserdata(L, (nd + 1) * sizeof *dec); /* (collected with the stack) */
    groups = (int *)lua_newuserdata(L, (ng + 1) * sizeof *groups);
    for (i = 0; i < nd; i++) {
        lua_rawgeti(L, 2, (int)i + 1);
        luaL_argcheck(L, lua_istable(L, -1), 2, "a decision is not a table");
        dec[i].start = u32_field(L, -1, "start", "a decision");
        dec[i].end = u32_field(L, -1, "finish", "a decision");
        dec[i].tid = (int)u32_field(L, -1, "tid", "a decision") - 1;
        luaL_argcheck(L, dec[i].tid >= 0 && (size_t)dec[i].tid < nt, 2, "a decision's tid is not in tids");
        lua_getfield(L, -1, "never");
        dec[i].never = lua_toboolean(L, -1);
        lua_pop(L, 1);
        dec[i].label = NM_NONE;
        if (!dec[i].never) {
            lua_getfield(L, -1, "label");
            dec[i].label = lua_isstring(L, -1) ? nm_label_from_name(lua_tostring(L, -1)) : NM_NONE;
            lua_pop(L, 1);
            if (dec[i].label == NM_NONE) {
                lua_pushnil(L);
                lua_pushliteral(L, "newsmark: job:merge: a label the core does not know");
                return 2;
            }
        }
        lua_pop(L, 1);
    }
    for (i = 1; i <= ngr; i++) {
        size_t n;
        lua_rawgeti(L, 3, (int)i);
        n = lua_objlen(L, -1);
        for (k = 1; k <= n; k++) {
            lua_rawgeti(L, -1, (int)k);
            luaL_argcheck(L, lua_isnumber(L, -1), 3, "a group holds a non-number");
            groups[at++] = (int)lua_tonumber(L, -1) - 1;
            lua_pop(L, 1);
        }
        groups[at++] = -1;
        lua_pop(L, 1);
    }
    me = nm_result_entities(res, &ne);
    mq = nm_result_quotes(res, &nq);
    rc = nm_merge_decisions(text, len, me, ne, dec, nd, groups, ng, &lj->ment, &lj->minfo, &lj->nment);
    if (rc == NM_EINVAL) return luaL_error(L, "newsmark: job:merge: the decisions do not fit the text (out of order, overlapping or past its end)");
    if (rc != NM_OK) return luaL_error(L, "newsmark: job:merge: %s", nm_strerror(rc));
    lj->merged = 1;
    lj->tids = (char **)calloc(nt + 1, sizeof *lj->tids);
    lj->mquote = (nm_quote_t *)malloc((nq + 1) * sizeof *lj->mquote);
    for (i = 0; i < ne; i++)
        if (me[i].id > maxid) maxid = me[i].id;
    map = (int *)malloc(((size_t)maxid + 1) * sizeof *map);
    if (!lj->tids || !lj->mquote || !map) {
        free(map);
        drop_merge(lj);
        return luaL_error(L, "newsmark: job:merge: out of memory");
    }
    lj->ntids = nt;
    for (i = 0; i < nt; i++) {
        const char *t;
        lua_rawgeti(L, 4, (int)i + 1);
        t = lua_tostring(L, -1);
        lj->tids[i] = t ? strdup(t) : NULL;
        lua_pop(L, 1);
    }
    nm_merge_speaker_map(lj->ment, lj->minfo, lj->nment, map, (size_t)maxid + 1);
    for (i = 0; i < nq; i++) {
        nm_quote_t *q = &lj->mquote[i];
        *q = mq[i];
        if (q->speaker.end > q->speaker.start && q->speaker_id > 0 && q->speaker_id <= maxid)
            q->speaker_id = map[q->speaker_id];
    }
    lj->nmquote = nq;
    free(map);
    lua_pushboolean(L, 1);
    return 1;
}

/* job:longer(s, f): true when an entity of the machine's result (the
 * decisions aside) overlaps [s, f) without lying inside it
 * (nm_entities_overlap_longer; newsmark.export.effective asks it). */
static int l_job_longer(lua_State *L) {
    ljob_t *lj = check_job(L);
    lua_Number s = luaL_checknumber(L, 2), f = luaL_checknumber(L, 3);
    const nm_result_t *res = job_res(L, lj);
    const nm_entity_t *e;
    size_t ne, i;
    if (!res) return 0;
    e = nm_result_entities(res, &ne);
    if (!lj->maxfin && ne > 0) {
        int ok = 1;
        for (i = 1; i < ne && ok; i++) ok = e[i].start >= e[i - 1].start;
        lj->maxfin = ok ? (uint32_t *)malloc(ne * sizeof *lj->maxfin) : NULL;
        for (i = 0; lj->maxfin && i < ne; i++)
            lj->maxfin[i] = i > 0 && lj->maxfin[i - 1] > e[i].end ? lj->maxfin[i - 1] : e[i].end;
    }
    if (s < 0) s = 0;
    if (f < 0) f = 0;
    if (s > 4294967295.0) s = 4294967295.0;
    if (f > 4294967295.0) f = 4294967295.0;
    lua_pushboolean(L, nm_entities_overlap_longer(e, ne, lj->maxfin, (uint32_t)s, (uint32_t)f));
    return 1;
}

static int l_job_cancel(lua_State *L) {
    ljob_t *lj = check_job(L);
    lj->cancelled = 1;
    release_job(lj);
    return 0;
}

static int l_job_tostring(lua_State *L) {
    ljob_t *lj = check_job(L);
    lua_pushfstring(L, "newsmark.job (%s)",
                    lj->cancelled ? "cancelled" : !lj->job || nm_job_done(lj->job) ? "done" : "running");
    return 1;
}

static const luaL_Reg job_methods[] = {
    {"done", l_job_done},         {"result", l_job_result}, {"cancel", l_job_cancel},
    {"count", l_job_count},       {"entity", l_job_entity}, {"quote", l_job_quote},
    {"name", l_job_name},         {"status_counts", l_job_status_counts},
    {"diff", l_job_diff},         {"first_at", l_job_first_at}, {"ids", l_job_ids},
    {"merge", l_job_merge},       {"longer", l_job_longer},
    {NULL, NULL},
};

static int l_analyze_async(lua_State *L) {
    lmodel_t *lm = check_model(L);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    unsigned what = what_of(L, 3);
    ljob_t *lj;
    int rc;
    reap_orphans(lm);
    lj = (ljob_t *)lua_newuserdata(L, sizeof *lj);
    memset(lj, 0, sizeof *lj);
    luaL_getmetatable(L, JOB_MT);
    lua_setmetatable(L, -2);
    /* keep the model alive as long as the job */
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    lua_setfenv(L, -2);
    rc = nm_job_start(lm->model, text, len, what, &lj->job);
    if (rc != NM_OK) return luaL_error(L, "newsmark: analysis failed: %s", nm_strerror(rc));
    lj->lm = lm;
    lj->next = lm->jobs;
    if (lm->jobs) lm->jobs->prev = lj;
    lm->jobs = lj;
    return 1;
}

static int l_close(lua_State *L) { return l_gc(L); }

static int l_tostring(lua_State *L) {
    lmodel_t *lm = (lmodel_t *)luaL_checkudata(L, 1, MODEL_MT);
    lua_pushfstring(L, "newsmark.model (%s)", lm->model ? "loaded" : "closed");
    return 1;
}

static const luaL_Reg model_methods[] = {
    {"analyze", l_analyze}, {"tokens", l_tokens}, {"tag", l_tag},
    {"link", l_link},       {"close", l_close},
    {"set_user_lexicon", l_set_user_lexicon}, /* issue 5 */
    {"linker", l_linker}, /* incremental linking for the editor */
    {"analyze_async", l_analyze_async}, /* issue 15: on a worker thread */
    {NULL, NULL},
};

/* ---- issue 7: core.train(opts) -> true, nil | nil, msg
 * opts = { files = { path, ... }, weights = { w, ... } | nil, epochs = N,
 *          seed = S, output = PATH, data = DIR (lexicon folder; nil: the
 *          bundled one), min_count = N, labels = "PERSON,ORG,...",
 *          clusters = PATH | nil, runs = N, prune = X, verbose = bool }
 * Every argument is checked before anything is malloc'd; the arrays live in
 * userdata, so no error can leak memory. */
static void train_progress(void *ud, const char *line) {
    (void)ud;
    fprintf(stderr, "newsmark train: %s\n", line);
}

static const char *opt_string(lua_State *L, const char *key, int required) {
    const char *v;
    lua_getfield(L, 1, key);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        if (required) luaL_error(L, "newsmark: train: option '%s' is required", key);
        return NULL;
    }
    if (!lua_isstring(L, -1)) luaL_error(L, "newsmark: train: option '%s' must be a string", key);
    v = lua_tostring(L, -1);
    lua_pop(L, 1); /* the string stays reachable from the options table */
    return v;
}

/* The `files` list of the options table at index 1 as C strings: pushes the
 * list and an array (userdata) that stay on the stack until the caller
 * returns. Only real strings are accepted: a number would be converted on
 * the stack and collected once popped. */
static const char **file_list(lua_State *L, const char *fn, size_t *np) {
    const char **files;
    size_t n, i;
    lua_getfield(L, 1, "files");
    if (!lua_istable(L, -1)) luaL_error(L, "newsmark: %s: 'files' must be a list of paths", fn);
    n = lua_objlen(L, -1);
    if (n == 0) luaL_error(L, "newsmark: %s: no data files", fn);
    files = (const char **)lua_newuserdata(L, n * sizeof *files);
    for (i = 0; i < n; i++) {
        lua_rawgeti(L, -2, (int)i + 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "newsmark: %s: file %d is not a string", fn, (int)i + 1);
        files[i] = lua_tostring(L, -1); /* kept alive by the list */
        lua_pop(L, 1);
    }
    *np = n;
    return files;
}

static int l_train(lua_State *L) {
    nm_train_opts_t o;
    const char **files;
    double *weights = NULL;
    const char *dir;
    char path[4096], err[512];
    char lexpath[4200];
    nm_lexicon_t *lex = NULL;
    size_t n, i;
    int rc;

    luaL_checktype(L, 1, LUA_TTABLE);
    memset(&o, 0, sizeof o);
    files = file_list(L, "train", &n);
    lua_getfield(L, 1, "weights");
    if (lua_istable(L, -1)) {
        weights = (double *)lua_newuserdata(L, n * sizeof *weights);
        for (i = 0; i < n; i++) {
            lua_rawgeti(L, -2, (int)i + 1);
            weights[i] = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 1.0;
            lua_pop(L, 1);
        }
    }
    /* the files table and weight userdata stay on the stack until we return */
    lua_getfield(L, 1, "epochs");
    o.epochs = lua_isnumber(L, -1) ? (int)lua_tonumber(L, -1) : 10;
    lua_getfield(L, 1, "seed");
    o.seed = lua_isnumber(L, -1) ? (uint64_t)lua_tonumber(L, -1) : 1;
    lua_getfield(L, 1, "min_count");
    o.min_count = lua_isnumber(L, -1) ? (int)lua_tonumber(L, -1) : 1;
    lua_getfield(L, 1, "verbose");
    if (lua_toboolean(L, -1)) o.progress = train_progress;
    lua_getfield(L, 1, "runs");
    o.runs = lua_isnumber(L, -1) ? (int)lua_tonumber(L, -1) : 1;
    lua_getfield(L, 1, "prune");
    o.prune = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 0;
    lua_getfield(L, 1, "anchor");
    o.anchor = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 0;
    lua_getfield(L, 1, "domain");
    o.domain = lua_isnumber(L, -1) ? (int)lua_tonumber(L, -1) : 0;
    lua_pop(L, 8);
    /* profiles = { {domain = N, output = PATH}, ... } (the table stays on the stack) */
    lua_getfield(L, 1, "profiles");
    if (lua_istable(L, -1)) {
        size_t np = lua_objlen(L, -1);
        struct nm_train_profile *pr;
        pr = (struct nm_train_profile *)lua_newuserdata(L, (np ? np : 1) * sizeof *pr);
        for (i = 0; i < np; i++) {
            lua_rawgeti(L, -2, (int)i + 1);
            if (!lua_istable(L, -1)) return luaL_error(L, "newsmark: train: profile %d is not a table", (int)i + 1);
            lua_getfield(L, -1, "domain");
            pr[i].domain = lua_isnumber(L, -1) ? (int)lua_tonumber(L, -1) : 0;
            lua_getfield(L, -2, "output");
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "newsmark: train: profile %d has no output", (int)i + 1);
            pr[i].output = lua_tostring(L, -1); /* kept alive by the profile table */
            lua_pop(L, 3);
        }
        o.profiles = pr;
        o.nprofiles = np;
    }
    o.files = files;
    o.weights = weights;
    o.nfiles = n;
    o.output = opt_string(L, "output", 1);
    o.labels = opt_string(L, "labels", 0);
    o.clusters = opt_string(L, "clusters", 0);
    o.init = opt_string(L, "init", 0); /* fine-tuning (train --init) */
    dir = opt_string(L, "data", 0);
    if (o.epochs < 1) return luaL_error(L, "newsmark: train: epochs must be >= 1");
    if (!(dir = data_dir(L, dir, path, sizeof path))) return 2;
    /* from here on: no Lua errors until the model is freed */
    err[0] = '\0';
    snprintf(lexpath, sizeof lexpath, "%s/newsmark.lex", dir);
    rc = nm_lexicon_load(lexpath, &lex, err, sizeof err);
    if (rc == NM_OK) rc = nm_train(lex, &o, err, sizeof err);
    nm_lexicon_free(lex);
    return push_status(L, rc, err);
}

/* ---- issue 7: core.build_clusters{ files = {...}, output = PATH,
 * clusters = N, min_count = N } -> true | nil, msg */
static int l_build_clusters(lua_State *L) {
    const char **files;
    const char *output;
    char err[512];
    size_t n;
    int nclusters, minc, rc;
    luaL_checktype(L, 1, LUA_TTABLE);
    files = file_list(L, "build_clusters", &n);
    output = opt_string(L, "output", 1);
    lua_getfield(L, 1, "clusters");
    nclusters = lua_isnumber(L, -1) ? (int)lua_tonumber(L, -1) : 512;
    lua_getfield(L, 1, "min_count");
    minc = lua_isnumber(L, -1) ? (int)lua_tonumber(L, -1) : 3;
    lua_pop(L, 2);
    err[0] = '\0';
    rc = nm_clusters_build(files, n, nclusters, minc, output, err, sizeof err);
    return push_status(L, rc, err);
}

static const luaL_Reg funcs[] = {
    {"load", l_load},
    {"train", l_train}, /* issue 7 */
    {"build_clusters", l_build_clusters}, /* issue 7 */
    {NULL, NULL},
};

__attribute__((visibility("default"))) int luaopen_newsmark_core(lua_State *L);

int luaopen_newsmark_core(lua_State *L) {
    int i;
    register_type(L, MODEL_MT, l_gc, l_tostring, model_methods);
    lua_pop(L, 1);
    register_type(L, JOB_MT, l_job_gc, l_job_tostring, job_methods);
    lua_pop(L, 1);

    lua_newtable(L);
    luaL_register(L, NULL, funcs);
    lua_pushliteral(L, NM_VERSION);
    lua_setfield(L, -2, "version");
    lua_pushinteger(L, NM_LUA_ABI);
    lua_setfield(L, -2, "abi");
    lua_newtable(L);
    for (i = 1; i < NM_LABEL_COUNT; i++) {
        lua_pushstring(L, nm_label_name(i));
        lua_rawseti(L, -2, i);
    }
    lua_setfield(L, -2, "labels");
    return 1;
}
