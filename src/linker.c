/* linker.c - incremental mention linking: document-wide ids kept across
 * edits, one group of mentions (a paragraph) at a time.
 *
 * The editor re-analyses only the paragraphs an edit touched. The linker
 * keeps every paragraph's mentions as a group (by handle) with the ids they
 * had; an edit removes the groups of the replaced paragraphs and adds the new
 * ones, and nm_linker_link() runs nm_link() over every group in document
 * order. Ids are kept stable across links: a cluster of nm_link() takes the
 * old id of its first member that had one not yet taken by an earlier
 * cluster; the other clusters get new ids. Only the groups whose ids changed
 * are reported, so the caller redraws only those.
 *
 * The linker owns copies of the mentions' texts; the model is borrowed for
 * one nm_linker_link() call only. */
#include "internal.h"

#include <limits.h>
#include <stdio.h>

typedef struct {
    char *text;     /* the mentions' texts, concatenated */
    uint32_t *off;  /* offsets into text, n + 1 */
    int *label;     /* n */
    int *id;        /* n: ids of the last link (0: never linked) */
    size_t n;
    int live;
    int next_free;  /* free list of handles (when !live) */
    unsigned stamp; /* the link that last saw it in the order */
} group_t;

struct nm_linker {
    group_t *g; /* g[h - 1] */
    size_t ng, capg;
    int free_head; /* 0: none */
    int next_id;   /* ids handed out so far */
    size_t nment;  /* live mentions */
    size_t nlive;  /* live groups */
    unsigned stamp;
    /* scratch of nm_linker_link() */
    int *order;
    size_t cap_order;
    nm_mention_t *m;
    size_t cap_m;
    int *map; /* raw id of nm_link -> stable id */
    size_t cap_map;
    unsigned char *claimed; /* stable id -> taken by this link */
    size_t cap_claimed;
    int *changed; /* handles whose ids changed in the last link */
    size_t nchanged, cap_changed;
};

/* Grow *p (elements of size sz) to hold at least n; 0 on failure. */
static int grow(void **p, size_t *cap, size_t n, size_t sz) {
    return n <= *cap || nm_grow_(p, cap, n, sz) == NM_OK;
}

static void group_free(group_t *g) {
    free(g->text);
    free(g->off);
    free(g->label);
    free(g->id);
    g->text = NULL;
    g->off = NULL;
    g->label = NULL;
    g->id = NULL;
    g->n = 0;
    g->live = 0;
}

int nm_linker_new(nm_linker_t **out) {
    if (!out) return NM_EINVAL;
    *out = calloc(1, sizeof **out);
    return *out ? NM_OK : NM_ENOMEM;
}

void nm_linker_free(nm_linker_t *lk) {
    size_t i;
    if (!lk) return;
    for (i = 0; i < lk->ng; i++) group_free(&lk->g[i]);
    free(lk->g);
    free(lk->order);
    free(lk->m);
    free(lk->map);
    free(lk->claimed);
    free(lk->changed);
    free(lk);
}

/* Parse "LABEL LEN TEXT" records; counts mentions and text bytes. Returns 0
 * when malformed. Fills the arrays when text is given. */
static int parse_packed(const char *s, size_t len, size_t *nout, size_t *tout, char *text,
                        uint32_t *off, int *label) {
    size_t i = 0, n = 0, t = 0;
    while (i < len) {
        char lab[16];
        size_t ll = 0, tl = 0;
        while (i < len && s[i] != ' ') {
            if (ll + 1 >= sizeof lab) return 0;
            lab[ll++] = s[i++];
        }
        if (i >= len || ll == 0) return 0;
        lab[ll] = '\0';
        i++;
        if (i >= len || s[i] < '0' || s[i] > '9') return 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            tl = tl * 10 + (size_t)(s[i++] - '0');
            if (tl > len) return 0;
        }
        if (i >= len || s[i] != ' ') return 0;
        i++;
        if (tl > len - i) return 0;
        if (text) {
            memcpy(text + t, s + i, tl);
            off[n] = (uint32_t)t;
            label[n] = nm_label_from_name(lab);
        }
        i += tl;
        t += tl;
        n++;
    }
    if (text) off[n] = (uint32_t)t;
    *nout = n;
    *tout = t;
    return 1;
}

/* Mentions and text bytes of a packed list; NM_EFORMAT when malformed. */
static int packed_sizes(const char *packed, size_t len, size_t *n, size_t *t) {
    *n = *t = 0;
    if (!packed && len) return NM_EINVAL;
    if (len > UINT32_MAX) return NM_ETOOBIG;
    return parse_packed(packed, len, n, t, NULL, NULL, NULL) ? NM_OK : NM_EFORMAT;
}

int nm_linker_packed_count(const char *packed, size_t len, size_t *count) {
    size_t n, t;
    int rc = packed_sizes(packed, len, &n, &t);
    if (count) *count = rc == NM_OK ? n : 0;
    return rc;
}

/* Take a filled group into a free slot; its handle in *handle. */
static int take_slot(nm_linker_t *lk, group_t *g, const int *ids, size_t nids, int *handle) {
    size_t j;
    int h;
    for (j = 0; ids && j < g->n && j < nids; j++) /* the ids it had; unknown ones are new */
        g->id[j] = ids[j] < 0 || ids[j] > lk->next_id ? 0 : ids[j];
    if (lk->free_head) {
        h = lk->free_head;
        lk->free_head = lk->g[h - 1].next_free;
    } else {
        if (lk->ng >= INT_MAX || !grow((void **)&lk->g, &lk->capg, lk->ng + 1, sizeof *lk->g)) {
            group_free(g);
            return NM_ENOMEM;
        }
        h = (int)++lk->ng;
    }
    g->live = 1;
    g->next_free = 0;
    g->stamp = 0;
    lk->g[h - 1] = *g;
    lk->nment += g->n;
    lk->nlive++;
    *handle = h;
    return NM_OK;
}

static int group_alloc(group_t *g, size_t n, size_t t) {
    memset(g, 0, sizeof *g);
    g->text = malloc(t ? t : 1);
    g->off = malloc((n + 1) * sizeof *g->off);
    g->label = malloc((n ? n : 1) * sizeof *g->label);
    g->id = calloc(n ? n : 1, sizeof *g->id);
    if (!g->text || !g->off || !g->label || !g->id) {
        group_free(g);
        return NM_ENOMEM;
    }
    return NM_OK;
}

int nm_linker_add_packed(nm_linker_t *lk, const char *packed, size_t len, const int *ids, size_t nids,
                         int *handle) {
    group_t g;
    size_t n = 0, t = 0;
    int rc;
    if (handle) *handle = 0;
    if (!lk || !handle) return NM_EINVAL;
    if ((rc = packed_sizes(packed, len, &n, &t)) != NM_OK) return rc;
    if ((rc = group_alloc(&g, n, t)) != NM_OK) return rc;
    parse_packed(packed, len, &n, &t, g.text, g.off, g.label);
    g.n = n;
    return take_slot(lk, &g, ids, nids, handle);
}

int nm_linker_add(nm_linker_t *lk, const nm_mention_t *mentions, size_t n, const int *ids, size_t nids,
                  int *handle) {
    group_t g;
    size_t j, t = 0;
    int rc;
    if (handle) *handle = 0;
    if (!lk || !handle || (!mentions && n)) return NM_EINVAL;
    for (j = 0; j < n; j++) {
        if (!mentions[j].text && mentions[j].len) return NM_EINVAL;
        if (mentions[j].len > UINT32_MAX - t) return NM_ETOOBIG;
        t += mentions[j].len;
    }
    if ((rc = group_alloc(&g, n, t)) != NM_OK) return rc;
    t = 0;
    for (j = 0; j < n; j++) {
        if (mentions[j].len) memcpy(g.text + t, mentions[j].text, mentions[j].len);
        g.off[j] = (uint32_t)t;
        g.label[j] = mentions[j].label;
        t += mentions[j].len;
    }
    g.off[n] = (uint32_t)t;
    g.n = n;
    return take_slot(lk, &g, ids, nids, handle);
}

static group_t *live_group(const nm_linker_t *lk, int h) {
    if (!lk || h < 1 || (size_t)h > lk->ng || !lk->g[h - 1].live) return NULL;
    return &lk->g[h - 1];
}

int nm_linker_remove(nm_linker_t *lk, int handle) {
    group_t *g = live_group(lk, handle);
    if (!g) return NM_EINVAL;
    lk->nment -= g->n;
    lk->nlive--;
    group_free(g);
    g->next_free = lk->free_head;
    lk->free_head = handle;
    return NM_OK;
}

void nm_linker_count(const nm_linker_t *lk, size_t *groups, size_t *mentions) {
    if (groups) *groups = lk ? lk->nlive : 0;
    if (mentions) *mentions = lk ? lk->nment : 0;
}

int nm_linker_live(const nm_linker_t *lk, int handle) { return live_group(lk, handle) != NULL; }

static int order_fail(char *errbuf, size_t errlen, const char *what) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "%s", what);
    return NM_EINVAL;
}

int nm_linker_link(nm_linker_t *lk, const nm_model_t *model, const int *order, size_t n, char *errbuf,
                   size_t errlen) {
    size_t i, j, k, total = 0;
    int rc, raw_max = 0;
    group_t *g;
    if (errbuf && errlen) errbuf[0] = '\0';
    if (!lk || (!order && n)) return order_fail(errbuf, errlen, "no linker or no order");
    lk->nchanged = 0;
    if (n != lk->nlive) return order_fail(errbuf, errlen, "the order must list every live handle once");
    lk->stamp++;
    for (i = 0; i < n; i++) {
        g = live_group(lk, order[i]);
        if (!g) return order_fail(errbuf, errlen, "not a live linker handle");
        if (g->stamp == lk->stamp) return order_fail(errbuf, errlen, "a handle is listed twice");
        g->stamp = lk->stamp;
        total += g->n;
    }
    /* nothing is changed until every allocation has succeeded */
    if (!grow((void **)&lk->order, &lk->cap_order, n + 1, sizeof *lk->order) ||
        !grow((void **)&lk->m, &lk->cap_m, total + 1, sizeof *lk->m) ||
        !grow((void **)&lk->changed, &lk->cap_changed, n + 1, sizeof *lk->changed))
        return NM_ENOMEM;
    if (n) memcpy(lk->order, order, n * sizeof *order);
    k = 0;
    for (i = 0; i < n; i++) {
        g = &lk->g[lk->order[i] - 1];
        for (j = 0; j < g->n; j++, k++) {
            lk->m[k].text = g->text + g->off[j];
            lk->m[k].len = g->off[j + 1] - g->off[j];
            lk->m[k].label = g->label[j];
            lk->m[k].id = 0;
        }
    }
    rc = nm_link(model, lk->m, total);
    if (rc != NM_OK) return rc;
    for (k = 0; k < total; k++)
        if (lk->m[k].id > raw_max) raw_max = lk->m[k].id;
    if (!grow((void **)&lk->map, &lk->cap_map, (size_t)raw_max + 1, sizeof *lk->map) ||
        !grow((void **)&lk->claimed, &lk->cap_claimed, (size_t)lk->next_id + 1, 1))
        return NM_ENOMEM;
    memset(lk->map, 0, ((size_t)raw_max + 1) * sizeof *lk->map);
    memset(lk->claimed, 0, (size_t)lk->next_id + 1);
    /* stable ids: a cluster takes the old id of its first member that had
     * one not yet taken by an earlier cluster; the others get new ids */
    k = 0;
    for (i = 0; i < n; i++) {
        g = &lk->g[lk->order[i] - 1];
        for (j = 0; j < g->n; j++, k++) {
            int raw = lk->m[k].id, old = g->id[j];
            if (raw > 0 && !lk->map[raw] && old > 0 && old <= lk->next_id && !lk->claimed[old]) {
                lk->map[raw] = old;
                lk->claimed[old] = 1;
            }
        }
    }
    /* nothing kept an id (a new linker, or a whole new document): number
     * from 1 again rather than above the ids no group holds any more */
    for (i = 1; i <= (size_t)lk->next_id && !lk->claimed[i]; i++) {
    }
    if (i > (size_t)lk->next_id) lk->next_id = 0;
    /* the new ids, and the groups whose ids changed */
    k = 0;
    for (i = 0; i < n; i++) {
        int changed = 0;
        g = &lk->g[lk->order[i] - 1];
        for (j = 0; j < g->n; j++, k++) {
            int raw = lk->m[k].id, id;
            if (raw <= 0) {
                id = ++lk->next_id; /* nm_link always sets ids; never here */
            } else {
                if (!lk->map[raw]) lk->map[raw] = ++lk->next_id;
                id = lk->map[raw];
            }
            if (g->id[j] != id) changed = 1;
            g->id[j] = id;
        }
        if (changed) lk->changed[lk->nchanged++] = lk->order[i];
    }
    return NM_OK;
}

const int *nm_linker_changed(const nm_linker_t *lk, size_t *count) {
    if (count) *count = lk ? lk->nchanged : 0;
    return lk ? lk->changed : NULL;
}

const int *nm_linker_ids(const nm_linker_t *lk, int handle, size_t *count) {
    const group_t *g = live_group(lk, handle);
    if (count) *count = g ? g->n : 0;
    return g ? g->id : NULL;
}
