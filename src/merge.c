/* merge.c - a person's decisions over the machine's entities: the rules of
 * newsmark.export.merge (lua/newsmark/export.lua) in C, for the editor's
 * keystroke path, where the merged result stays in the core's job and is
 * read, diffed and split like the machine's (src/lua_newsmark.c). The command
 * line merges in Lua; tests/core/merge_spec.lua holds the two equal on random
 * articles and decisions.
 *
 * The decisions come resolved (newsmark.export.effective: document-wide ones
 * expanded to their occurrences, conflicts settled): spans sorted by start,
 * without overlaps. The rules:
 * - a "never" span removes every machine entity inside it;
 * - a labelled span removes every machine entity overlapping it and becomes
 *   a manual entity;
 * - a manual entity keeps the id of the machine entity with the same span,
 *   else takes the id of the first kept entity with the same text, else the
 *   id of an earlier decision on that text, else a new id;
 * - equivalence groups (lists of decision numbers) give all their manual
 *   entities one id, the smallest root. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int overlaps(uint32_t as, uint32_t ae, uint32_t bs, uint32_t be) { return as < be && bs < ae; }

static int inside(uint32_t is, uint32_t ie, uint32_t os, uint32_t oe) { return os <= is && ie <= oe; }

static int before(const nm_entity_t *a, const nm_entity_t *b) {
    return a->start != b->start ? a->start < b->start : a->end < b->end;
}

static int sorted(const nm_entity_t *e, size_t n) {
    size_t i;
    for (i = 1; i < n; i++)
        if (before(&e[i], &e[i - 1])) return 0;
    return 1;
}

static int find(const int *parent, int x) {
    while (parent[x] && parent[x] != x) x = parent[x];
    return x;
}

static int same_text(const char *text, uint32_t as, uint32_t ae, uint32_t bs, uint32_t be) {
    return ae - as == be - bs && memcmp(text + as, text + bs, ae - as) == 0;
}

/* One entity with its merge information, for the sort of unsorted input. */
typedef struct {
    nm_entity_t e;
    nm_merge_info_t info;
} pair_t;

static int cmp_pair(const void *a, const void *b) {
    const pair_t *x = (const pair_t *)a, *y = (const pair_t *)b;
    if (before(&x->e, &y->e)) return -1;
    if (before(&y->e, &x->e)) return 1;
    return x < y ? -1 : x > y; /* (never equal pointers: qsort compares two places) */
}

int nm_merge_decisions(const char *text, size_t len, const nm_entity_t *ents, size_t ne,
                       const nm_decision_t *dec, size_t nd, const int *groups, size_t ng,
                       nm_entity_t **out, nm_merge_info_t **info, size_t *nout) {
    nm_entity_t *oe = NULL, *kept = NULL, *man = NULL;
    nm_merge_info_t *oi = NULL, *ki = NULL, *mi = NULL;
    int *replaced = NULL, *fresh = NULL, *parent = NULL;
    size_t nk = 0, nm = 0, i, j, k;
    int maxid = 0, rc = NM_ENOMEM;
    if (!out || !info || !nout) return NM_EINVAL;
    *out = NULL, *info = NULL, *nout = 0;
    if ((ne && !ents) || (nd && !dec) || (ng && !groups) || (!text && len)) return NM_EINVAL;
    for (j = 0; j < nd; j++)
        if (dec[j].end < dec[j].start || dec[j].end > len || dec[j].tid < 0 ||
            (j > 0 && dec[j].start < dec[j - 1].end))
            return NM_EINVAL;
    for (i = 0; i < ne; i++) {
        if (ents[i].end < ents[i].start || ents[i].end > len || ents[i].id < 0) return NM_EINVAL;
        if (ents[i].id > maxid) maxid = ents[i].id;
    }
    if ((size_t)maxid + nd + 1 > (size_t)0x7fffffff) return NM_EINVAL;
    kept = (nm_entity_t *)malloc((ne + 1) * sizeof *kept);
    ki = (nm_merge_info_t *)malloc((ne + 1) * sizeof *ki);
    man = (nm_entity_t *)malloc((nd + 1) * sizeof *man);
    mi = (nm_merge_info_t *)malloc((nd + 1) * sizeof *mi);
    replaced = (int *)malloc((nd + 1) * sizeof *replaced);
    fresh = (int *)calloc(nd + 1, sizeof *fresh);
    if (!kept || !ki || !man || !mi || !replaced || !fresh) goto done;
    for (j = 0; j < nd; j++) replaced[j] = -1;
    /* the machine's entities a decision removes, and those it replaces */
    for (i = 0; i < ne; i++) {
        const nm_entity_t *m = &ents[i];
        size_t lo = 0, hi = nd;
        int drop = 0;
        while (lo < hi) { /* the first decision ending after m starts */
            size_t mid = lo + (hi - lo) / 2;
            if (dec[mid].end <= m->start) lo = mid + 1;
            else hi = mid;
        }
        for (j = lo; j < nd; j++) {
            const nm_decision_t *d = &dec[j];
            if (d->start >= m->end && m->end > m->start) break;
            if (d->never ? inside(m->start, m->end, d->start, d->end)
                         : overlaps(m->start, m->end, d->start, d->end)) {
                drop = 1;
                if (!d->never && m->start == d->start && m->end == d->end) replaced[j] = (int)i;
                break;
            }
        }
        if (!drop) {
            kept[nk] = *m;
            ki[nk].manual = 0, ki[nk].tid = -1, ki[nk].orig = m->id, ki[nk].has_orig = 1;
            nk++;
        }
    }
    /* the decisions' entities and their ids */
    for (j = 0; j < nd; j++) {
        const nm_decision_t *d = &dec[j];
        int id = 0, found = 0;
        if (d->never) continue;
        if (replaced[j] >= 0) {
            id = ents[replaced[j]].id, found = 1;
        } else {
            for (k = 0; k < nk && !found; k++)
                if (same_text(text, kept[k].start, kept[k].end, d->start, d->end)) id = kept[k].id, found = 1;
            for (k = 0; k < j && !found; k++)
                if (fresh[k] && same_text(text, dec[k].start, dec[k].end, d->start, d->end))
                    id = fresh[k], found = 1;
            if (!found) id = fresh[j] = ++maxid;
        }
        man[nm].start = d->start, man[nm].end = d->end, man[nm].label = d->label, man[nm].id = id;
        mi[nm].manual = 1, mi[nm].tid = d->tid, mi[nm].has_orig = replaced[j] >= 0;
        mi[nm].orig = replaced[j] >= 0 ? ents[replaced[j]].id : 0;
        nm++;
    }
    /* equivalence groups: the union of their ids */
    parent = (int *)calloc((size_t)maxid + 1, sizeof *parent);
    if (!parent) goto done;
    for (i = 0; i < ng;) {
        int root = -1;
        for (; i < ng && groups[i] >= 0; i++)
            for (k = 0; k < nm; k++) {
                int r;
                if (mi[k].tid != groups[i]) continue;
                r = find(parent, man[k].id);
                if (root < 0) {
                    root = r;
                } else if (r != root) {
                    if (r < root) parent[root] = r, root = r;
                    else parent[r] = root;
                }
            }
        i++; /* (the group's -1) */
    }
    /* both lists as one, in text order */
    oe = (nm_entity_t *)malloc((nk + nm + 1) * sizeof *oe);
    oi = (nm_merge_info_t *)malloc((nk + nm + 1) * sizeof *oi);
    if (!oe || !oi) goto done;
    if (sorted(kept, nk) && sorted(man, nm)) {
        for (i = 0, j = 0, k = 0; i < nk || j < nm; k++) {
            if (j < nm && (i >= nk || before(&man[j], &kept[i]))) oe[k] = man[j], oi[k] = mi[j], j++;
            else oe[k] = kept[i], oi[k] = ki[i], i++;
        }
    } else {
        pair_t *p = (pair_t *)malloc((nk + nm + 1) * sizeof *p);
        if (!p) goto done;
        for (i = 0; i < nk; i++) p[i].e = kept[i], p[i].info = ki[i];
        for (j = 0; j < nm; j++) p[nk + j].e = man[j], p[nk + j].info = mi[j];
        qsort(p, nk + nm, sizeof *p, cmp_pair);
        for (k = 0; k < nk + nm; k++) oe[k] = p[k].e, oi[k] = p[k].info;
        free(p);
    }
    for (k = 0; k < nk + nm; k++) oe[k].id = find(parent, oe[k].id);
    *out = oe, *info = oi, *nout = nk + nm;
    oe = NULL, oi = NULL;
    rc = NM_OK;
done:
    free(oe), free(oi), free(kept), free(ki), free(man), free(mi);
    free(replaced), free(fresh), free(parent);
    return rc;
}

void nm_merge_speaker_map(const nm_entity_t *ents, const nm_merge_info_t *info, size_t n, int *map,
                          size_t nid) {
    size_t i;
    for (i = 0; i < nid; i++) map[i] = -1;
    for (i = 0; i < n; i++)
        if (info[i].has_orig && info[i].orig >= 0 && (size_t)info[i].orig < nid) map[info[i].orig] = ents[i].id;
}

int nm_entities_overlap_longer(const nm_entity_t *ents, size_t ne, const uint32_t *maxfin, uint32_t s,
                               uint32_t f) {
    size_t i, lo = 0, hi = ne;
    if (!maxfin) {
        for (i = 0; i < ne; i++) {
            const nm_entity_t *m = &ents[i];
            if (m->end > m->start && m->start < f && m->end > s && (m->start < s || m->end > f)) return 1;
        }
        return 0;
    }
    while (lo < hi) { /* the first entity starting at or after f */
        size_t mid = lo + (hi - lo) / 2;
        if (ents[mid].start < f) lo = mid + 1;
        else hi = mid;
    }
    for (i = lo; i > 0 && maxfin[i - 1] > s; i--) {
        const nm_entity_t *m = &ents[i - 1];
        if (m->end > m->start && m->end > s && (m->start < s || m->end > f)) return 1;
    }
    return 0;
}
