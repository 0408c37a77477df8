/* link.c - mention clustering: mentions of one entity share an id.
 *
 * "Ana Ruiz" ... "Ruiz" ... "Ms. Ruiz" ... "Ruiz's"; "European Union" ...
 * "EU"; the same name repeated. A bare surname that names a person earlier
 * in the document takes that person's id and label (document-level
 * consistency). Linear in the number of mentions: four hash tables. */
#include "internal.h"

typedef struct {
    const char *s; /* normalized key (in the key pool) */
    uint32_t len;
    int id;
} slot_t;

typedef struct {
    slot_t *slot;
    size_t cap; /* power of two */
} table_t;

typedef struct {
    const char *s;
    size_t len;
    int *label;
    int *id;
    int fixed; /* the label is the person's (user lexicon): linking keeps it */
} ment_t;

static slot_t *find(table_t *t, const char *s, size_t n) {
    size_t i = (size_t)nm_lex_fnv64(s, n) & (t->cap - 1);
    for (;;) {
        slot_t *sl = &t->slot[i];
        if (!sl->s || (sl->len == n && memcmp(sl->s, s, n) == 0)) return sl;
        i = (i + 1) & (t->cap - 1);
    }
}

static int lookup(table_t *t, const char *s, size_t n) {
    slot_t *sl = find(t, s, n);
    return sl->s ? sl->id : 0;
}

static void put(table_t *t, const char *s, size_t n, int id) {
    slot_t *sl = find(t, s, n);
    sl->s = s;
    sl->len = (uint32_t)n;
    sl->id = id;
}

/* The blanks that separate the words of a mention. */
static int is_blank(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Lower-case the mention into out, dropping leading titles ("Ms.",
 * "President"), a trailing possessive and collapsing whitespace. Returns the
 * length; word boundaries are single spaces. */
static size_t normalize(const nm_lexicon_t *lx, const char *s, size_t n, char *out) {
    size_t i = 0, o = 0;
    int leading = 1;
    while (i < n) {
        size_t ws, we, k;
        while (i < n && is_blank(s[i])) i++;
        if (i >= n) break;
        ws = i;
        while (i < n && !is_blank(s[i])) i++;
        we = i;
        /* possessive at the end of the mention */
        if (i >= n) {
            if (we - ws > 2 && s[we - 2] == '\'' && (s[we - 1] == 's' || s[we - 1] == 'S')) we -= 2;
            else if (we - ws > 4 && (unsigned char)s[we - 4] == 0xE2 && (unsigned char)s[we - 3] == 0x80 &&
                     (unsigned char)s[we - 2] == 0x99 && (s[we - 1] == 's' || s[we - 1] == 'S'))
                we -= 4;
        }
        if (leading && lx && i < n) {
            char w[64];
            size_t wl = we - ws;
            int hint;
            if (wl < sizeof w) {
                for (k = 0; k < wl; k++) {
                    unsigned char ch = (unsigned char)s[ws + k];
                    w[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
                }
                if (nm_lexicon_get(lx, w, wl, &hint) & NM_LX_TITLE) continue;
            }
        }
        leading = 0;
        if (o) out[o++] = ' ';
        for (k = ws; k < we; k++) {
            unsigned char ch = (unsigned char)s[k];
            out[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
    }
    return o;
}

static int is_name_label(int l) {
    return l == NM_PERSON || l == NM_ORG || l == NM_GPE || l == NM_LOC || l == NM_NORP ||
           l == NM_EVENT || l == NM_MISC;
}

/* Acronym of a multi-word name: initials of words other than of/the/and/for. */
static size_t acronym(const char *k, size_t n, char *out, size_t cap) {
    size_t i = 0, o = 0;
    while (i < n && o + 1 < cap) {
        size_t ws = i;
        while (i < n && k[i] != ' ') i++;
        if (!((i - ws == 2 && memcmp(k + ws, "of", 2) == 0) ||
              (i - ws == 3 && (memcmp(k + ws, "the", 3) == 0 || memcmp(k + ws, "and", 3) == 0 ||
                               memcmp(k + ws, "for", 3) == 0))))
            out[o++] = k[ws];
        i++;
    }
    return o;
}

#define LONG_MAX_FORMS 64 /* multi-word names kept for the gazetteer's pairs */

static int link(const nm_lexicon_t *lx, ment_t *m, size_t n) {
    table_t full = {0}, exact = {0}, last = {0}, first = {0}, acro = {0}, other = {0};
    char *pool = NULL, *opool = NULL, *p;
    int *canon = NULL; /* label of each id */
    char *lone = NULL; /* the id was given to one-word mentions only */
    slot_t longs[LONG_MAX_FORMS];
    size_t i, g, nlong = 0, total = 0, cap = 16, ocap = 16, owords = 0;
    int next = 1, rc = NM_ENOMEM;

    for (i = 0; i < n; i++) {
        total += 3 * (m[i].len + 2) + 16;
        if (is_name_label(*m[i].label) && *m[i].label != NM_PERSON) {
            size_t k;
            owords++; /* at most one word more than blanks (normalize splits at them) */
            for (k = 0; k < m[i].len; k++) owords += is_blank(m[i].s[k]);
        }
    }
    while (cap < n * 2 + 2) cap *= 2;
    while (ocap < owords * 2 + 2) ocap *= 2;
    pool = malloc(total ? total : 1);
    canon = calloc(n + 1, sizeof *canon);
    lone = calloc(n + 1, 1);
    opool = malloc(total ? total : 1);
    other.slot = calloc(ocap, sizeof(slot_t));
    full.slot = calloc(cap, sizeof(slot_t));
    exact.slot = calloc(cap, sizeof(slot_t));
    last.slot = calloc(cap, sizeof(slot_t));
    first.slot = calloc(cap, sizeof(slot_t));
    acro.slot = calloc(cap, sizeof(slot_t));
    if (!pool || !canon || !lone || !opool || !full.slot || !exact.slot || !last.slot ||
        !first.slot || !acro.slot || !other.slot)
        goto fail;
    full.cap = exact.cap = last.cap = first.cap = acro.cap = cap;
    other.cap = ocap;

    /* the words of the names of things that are not persons ("Holm" of
     * "Holm Shipping ASA"): a surname among them is no person named first */
    p = opool;
    for (i = 0; i < n; i++) {
        size_t kl, a = 0, b;
        if (!is_name_label(*m[i].label) || *m[i].label == NM_PERSON) continue;
        kl = normalize(lx, m[i].s, m[i].len, p);
        for (b = 0; b <= kl; b++) {
            if (b < kl && p[b] != ' ') continue;
            if (b > a && !lookup(&other, p + a, b - a)) put(&other, p + a, b - a, 1);
            a = b + 1;
        }
        p += kl + 1;
    }

    p = pool;
    for (i = 0; i < n; i++) {
        char *key = p, *ac, *lkey, *dk;
        size_t kl = normalize(lx, m[i].s, m[i].len, key), al, dl;
        const char *sp;
        int id = 0, label = *m[i].label, multi;
        p += kl + 1;
        sp = memchr(key, ' ', kl);
        multi = sp != NULL;
        if (!is_name_label(label)) {
            /* expressions: the same text is the same thing (never a name's id) */
            id = lookup(&full, key, kl);
            if (id && is_name_label(canon[id])) id = 0;
            if (!id) {
                id = next++;
                put(&full, key, kl, id);
                canon[id] = label;
            }
            *m[i].id = id;
            continue;
        }
        /* the same text with the same label is the same entity */
        lkey = p;
        lkey[0] = (char)('A' + label);
        memcpy(lkey + 1, key, kl);
        p += kl + 2;
        id = lookup(&exact, lkey, kl + 1);
        if (id) {
            *m[i].id = id;
            if (!m[i].fixed && is_name_label(canon[id]) && canon[id] != label && canon[id] == NM_PERSON)
                *m[i].label = NM_PERSON;
            continue;
        }
        /* a dotted acronym also stands without its dots: "U.N." is "UN" */
        dk = NULL;
        dl = 0;
        if (!multi && memchr(key, '.', kl)) {
            size_t k;
            dk = p;
            for (k = 0; k < kl; k++)
                if (key[k] != '.') dk[dl++] = key[k];
            p += dl + 1;
            if (dl < 2) dk = NULL;
        }
        id = lookup(&full, key, kl);
        if (id && !is_name_label(canon[id])) id = 0; /* "May" the name is not "May" the date */
        if (!id && !multi) {
            id = lookup(&last, key, kl);
            if (!id && label == NM_PERSON) id = lookup(&first, key, kl);
            if (!id) id = lookup(&acro, key, kl);
            if (!id && dk) id = lookup(&acro, dk, dl);
            if (!id && dk) id = lookup(&full, dk, dl);
            /* a short form the organization gazetteer lists for a long
             * form named earlier: "Defra" after "Department for Environment,
             * Food and Rural Affairs" */
            for (g = nlong && nm_lexicon_is_short(lx, key, kl) ? nlong : 0; !id && g > 0; g--)
                if (canon[longs[g - 1].id] == label &&
                    nm_lexicon_has_pair(lx, longs[g - 1].s, longs[g - 1].len, key, kl))
                    id = longs[g - 1].id;
        }
        if (!id && multi) {
            /* "European Union" after "EU" */
            char a[32];
            al = acronym(key, kl, a, sizeof a);
            if (al >= 2) {
                int aid = lookup(&full, a, al);
                if (aid && canon[aid] != NM_PERSON && canon[aid] == label) id = aid;
            }
        }
        if (!id && multi && label == NM_PERSON) {
            /* `Ruiz Warns Port Workers` (a headline), then "Ana Ruiz": a
             * surname named alone before any full name is that person (not
             * a word of another kind of name: "Holm Shipping ASA") */
            const char *ls = key + kl;
            int sid;
            while (ls > key && ls[-1] != ' ') ls--;
            sid = lookup(&full, ls, (size_t)(key + kl - ls));
            if (sid && canon[sid] == NM_PERSON && lone[sid] &&
                !lookup(&last, ls, (size_t)(key + kl - ls)) &&
                !lookup(&other, ls, (size_t)(key + kl - ls)))
                id = sid;
        }
        if (id && is_name_label(canon[id]) && canon[id] != label) {
            /* document-level consistency: a bare surname of a person is the person */
            /* a one-word person is not the place or organization of that
             * name ("Jordan" the player after "Jordan" the country) */
            /* a label the person gave stays, as a new entity of its own */
            if (!m[i].fixed && (canon[id] == NM_PERSON || label == NM_MISC)) *m[i].label = canon[id];
            else id = 0;
        }
        if (!id) {
            id = next++;
            canon[id] = label;
            lone[id] = !multi;
        } else if (multi) {
            lone[id] = 0;
        }
        *m[i].id = id;
        put(&exact, lkey, kl + 1, id);
        if (!lookup(&full, key, kl)) put(&full, key, kl, id);
        if (dk && !lookup(&full, dk, dl)) put(&full, dk, dl, id);
        if (multi && *m[i].label == NM_PERSON) {
            const char *ls = key + kl;
            while (ls > key && ls[-1] != ' ') ls--;
            put(&last, ls, (size_t)(key + kl - ls), id);
            if (!lookup(&first, key, (size_t)(sp - key))) put(&first, key, (size_t)(sp - key), id);
        } else if (multi) {
            if (lx && nlong < LONG_MAX_FORMS) {
                longs[nlong].s = key;
                longs[nlong].len = (uint32_t)kl;
                longs[nlong++].id = id;
            }
            ac = p;
            al = acronym(key, kl, ac, 16);
            if (al >= 2) {
                p += al + 1;
                put(&acro, ac, al, id);
            }
        }
    }
    rc = NM_OK;
fail:
    free(pool);
    free(canon);
    free(lone);
    free(opool);
    free(other.slot);
    free(full.slot);
    free(exact.slot);
    free(last.slot);
    free(first.slot);
    free(acro.slot);
    return rc;
}

int nm_entities_link(const nm_model_t *model, const char *text, nm_result_t *res) {
    ment_t *m;
    size_t i;
    int rc;
    if (res->nent == 0) return NM_OK;
    m = malloc(res->nent * sizeof *m);
    if (!m) return NM_ENOMEM;
    for (i = 0; i < res->nent; i++) {
        m[i].s = text + res->ent[i].start;
        m[i].len = res->ent[i].end - res->ent[i].start;
        m[i].label = &res->ent[i].label;
        m[i].id = &res->ent[i].id;
        m[i].fixed = res->ent[i].id == -1; /* (nm_userlex_apply's mark) */
    }
    rc = link(model ? model->lex : NULL, m, res->nent);
    free(m);
    return rc;
}

int nm_link(const nm_model_t *model, nm_mention_t *mentions, size_t n) {
    ment_t *m;
    size_t i;
    int rc;
    if (!mentions && n) return NM_EINVAL;
    if (n == 0) return NM_OK;
    m = malloc(n * sizeof *m);
    if (!m) return NM_ENOMEM;
    for (i = 0; i < n; i++) {
        m[i].s = mentions[i].text ? mentions[i].text : "";
        m[i].len = mentions[i].text ? mentions[i].len : 0;
        m[i].label = &mentions[i].label;
        m[i].id = &mentions[i].id;
        m[i].fixed = 0;
    }
    rc = link(model ? model->lex : NULL, m, n);
    free(m);
    return rc;
}
