/*
 * lexicon.c - the compiled gazetteer: loading, validation, lookups, longest
 * match, and the builder shared by tools/mklex.c and the tests.
 *
 * The file format is described in lexicon_build.h. A loaded lexicon is one
 * malloc'd block that is never written after nm_lexicon_load returns, so it
 * can be shared by threads. Lookups allocate nothing.
 */
#include "lexicon_build.h"

#include <stdio.h>

typedef struct {
    uint32_t hash32;
    uint32_t index; /* entry index + 1; 0 = empty */
} lex_slot_t;

typedef struct {
    uint32_t keyoff;
    uint32_t classes;
    uint16_t keylen;
    uint8_t label;
    uint8_t ntok;
} lex_entry_t;

struct nm_lexicon {
    unsigned char *buf; /* the whole file; slots, entries and pool point into it */
    size_t size;
    const lex_slot_t *slot;
    const lex_entry_t *ent;
    const char *pool;
    uint32_t mask; /* nslots - 1 */
    uint32_t nentries;
    uint32_t maxtok;
};

/* ---------------------------------------------------------------- helpers */

uint64_t nm_lex_fnv64(const void *data, size_t n) {
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* File checksum: FNV-1a 64 over little-endian 8-byte words (a tail of
 * fewer than 8 bytes byte by byte); 8x faster than byte-wise FNV-1a. */
uint64_t nm_lex_checksum(const void *data, size_t n) {
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = (uint64_t)p[i] | ((uint64_t)p[i + 1] << 8) | ((uint64_t)p[i + 2] << 16) |
                     ((uint64_t)p[i + 3] << 24) | ((uint64_t)p[i + 4] << 32) |
                     ((uint64_t)p[i + 5] << 40) | ((uint64_t)p[i + 6] << 48) |
                     ((uint64_t)p[i + 7] << 56);
        h ^= w;
        h *= 0x100000001b3ull;
    }
    for (; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static void wr16(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static void wr32(unsigned char *p, uint32_t v) {
    wr16(p, v & 0xffff);
    wr16(p + 2, v >> 16);
}
static void wr64(unsigned char *p, uint64_t v) {
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static int host_little_endian(void) {
    const uint16_t one = 1;
    unsigned char c;
    memcpy(&c, &one, 1);
    return c == 1;
}

/* Append the case-folded bytes of s[0..n) to out at *pos (cap bytes); returns
 * 0 when it does not fit. ASCII and Latin-1 / Latin Extended-A upper case
 * letters become lower case, U+2019 becomes ', every other byte is copied. */
static int fold_append(const unsigned char *s, size_t n, char *out, size_t *pos, size_t cap) {
    size_t i = 0, o = *pos;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (o >= cap) return 0;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            uint32_t cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
            else if (cp == 0x130) cp = 'i';
            else if (cp == 0x178) cp = 0xFF;
            else if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) cp |= 1;
            else if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) cp += cp & 1;
            if (cp < 0x80) {
                if (o >= cap) return 0;
                out[o++] = (char)cp;
            } else {
                if (o + 2 > cap) return 0;
                out[o++] = (char)(0xC0 | (cp >> 6));
                out[o++] = (char)(0x80 | (cp & 0x3F));
            }
            i += 2;
            continue;
        }
        if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
            if (o >= cap) return 0;
            out[o++] = '\'';
            i += 3;
            continue;
        }
        if (o >= cap) return 0;
        out[o++] = (char)c;
        i++;
    }
    *pos = o;
    return 1;
}

size_t nm_lexicon_key(const char *text, const nm_tok_t *tok, size_t i, size_t j, char *buf,
                      size_t cap) {
    size_t k, pos = 0;
    if (!text || !tok || !buf || i >= j) return 0;
    for (k = i; k < j; k++) {
        if (k > i) {
            if (pos >= cap) return 0;
            buf[pos++] = ' ';
        }
        if (!fold_append((const unsigned char *)text + tok[k].start, tok[k].end - tok[k].start, buf,
                         &pos, cap))
            return 0;
    }
    return pos;
}

/* ---------------------------------------------------------------- lookup */

static const lex_entry_t *lookup(const nm_lexicon_t *lx, const char *key, size_t n) {
    uint64_t h = nm_lex_fnv64(key, n);
    uint32_t i = (uint32_t)h & lx->mask, h32 = (uint32_t)(h >> 32);
    for (;;) {
        const lex_slot_t *s = &lx->slot[i];
        if (s->index == 0) return NULL;
        if (s->hash32 == h32) {
            const lex_entry_t *e = &lx->ent[s->index - 1];
            if (e->keylen == n && memcmp(lx->pool + e->keyoff, key, n) == 0) return e;
        }
        i = (i + 1) & lx->mask;
    }
}

uint32_t nm_lexicon_get(const nm_lexicon_t *lx, const char *key, size_t keylen, int *label) {
    const lex_entry_t *e;
    if (label) *label = 0;
    if (!lx || !key || keylen == 0 || keylen > NM_LEX_MAXKEY) return 0;
    e = lookup(lx, key, keylen);
    if (!e) return 0;
    if (label) *label = e->label;
    return e->classes & ~NM_LX_GAZORG; /* the gazetteer is the tagger's (nm_lexicon_match_in) */
}

size_t nm_lexicon_match(const nm_lexicon_t *lx, const char *text, const nm_tok_t *tok, size_t i,
                        size_t end, uint32_t *classes, int *label) {
    size_t n = nm_lexicon_match_in(lx, text, tok, i, end, ~(NM_LX_PREFIX | NM_LX_GAZORG), classes,
                                   label);
    if (classes) *classes &= ~NM_LX_GAZORG;
    return n;
}

size_t nm_lexicon_match_in(const nm_lexicon_t *lx, const char *text, const nm_tok_t *tok, size_t i,
                           size_t end, uint32_t want, uint32_t *classes, int *label) {
    char buf[NM_LEX_MAXKEY];
    size_t pos = 0, k, best = 0;
    uint32_t bestcls = 0;
    int bestlabel = 0;
    if (classes) *classes = 0;
    if (label) *label = 0;
    if (!lx || !text || !tok) return 0;
    for (k = i; k < end && k - i < NM_LEX_MAXTOK && k - i < lx->maxtok; k++) {
        const lex_entry_t *e;
        if (k > i) {
            if (pos >= sizeof buf) break;
            buf[pos++] = ' ';
        }
        if (!fold_append((const unsigned char *)text + tok[k].start, tok[k].end - tok[k].start, buf,
                         &pos, sizeof buf))
            break;
        e = lookup(lx, buf, pos);
        if (!e) break;
        if (e->classes & want & ~NM_LX_PREFIX) {
            best = k - i + 1;
            bestcls = e->classes & ~NM_LX_PREFIX;
            bestlabel = e->label;
        }
        if (!(e->classes & NM_LX_PREFIX)) break;
    }
    if (classes) *classes = bestcls;
    if (label) *label = bestlabel;
    return best;
}

void nm_lexicon_tag(const nm_lexicon_t *lx, const char *text, nm_tokens_t *tk) {
    char buf[NM_LEX_MAXKEY];
    size_t k;
    if (!tk) return;
    for (k = 0; k < tk->ntok; k++) {
        nm_tok_t *t = &tk->tok[k];
        size_t pos = 0;
        const lex_entry_t *e;
        t->lex = 0;
        if (!lx || !text) continue;
        if (!fold_append((const unsigned char *)text + t->start, t->end - t->start, buf, &pos,
                         sizeof buf) ||
            pos == 0)
            continue;
        e = lookup(lx, buf, pos);
        if (e) t->lex = e->classes & ~(NM_LX_PREFIX | NM_LX_GAZORG);
    }
}

static size_t pair_part(const char *s, size_t n, char *buf, size_t pos, size_t cap) {
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
        else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80)) continue;
        if (pos >= cap) return 0;
        buf[pos++] = (char)ch;
    }
    return pos;
}

size_t nm_lexicon_pair_key(const char *name, size_t nn, const char *shortf, size_t sn, char *buf,
                           size_t cap) {
    size_t pos, end;
    if (!name || !shortf || !buf) return 0;
    pos = pair_part(name, nn, buf, 0, cap);
    if ((nn && pos == 0) || pos >= cap) return 0;
    buf[pos++] = 0x1f;
    end = pair_part(shortf, sn, buf, pos, cap);
    return end > pos ? end : 0;
}

int nm_lexicon_is_short(const nm_lexicon_t *lx, const char *shortf, size_t sn) {
    return nm_lexicon_has_pair(lx, "", 0, shortf, sn);
}

int nm_lexicon_has_pair(const nm_lexicon_t *lx, const char *name, size_t nn, const char *shortf,
                        size_t sn) {
    char buf[NM_LEX_MAXKEY];
    size_t n;
    const lex_entry_t *e;
    if (!lx) return 0;
    n = nm_lexicon_pair_key(name, nn, shortf, sn, buf, sizeof buf);
    if (!n) return 0;
    e = lookup(lx, buf, n);
    return e && (e->classes & NM_LX_GAZORG);
}

/* ---------------------------------------------------------------- loading */

/* Validate buf (owned; freed on failure) and make *out. */
static int load_buf(unsigned char *buf, size_t size, const char *name, nm_lexicon_t **out,
                    char *errbuf, size_t errlen) {
    nm_lexicon_t *lx = NULL;
    uint32_t nslots, nent, poolsz, maxtok, i, nempty = 0;
    uint64_t need;
    int rc;
    char msg[160];
    if (size < NM_LEX_HEADER) {
        snprintf(msg, sizeof msg, "truncated lexicon (%zu bytes, header needs %d)", size,
                 NM_LEX_HEADER);
        rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, msg);
        goto fail;
    }
    if (memcmp(buf, NM_LEX_MAGIC, 6) != 0) {
        rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, "not a newsmark lexicon (bad magic)");
        goto fail;
    }
    if (rd16(buf + 6) != NM_LEX_VERSION) {
        snprintf(msg, sizeof msg, "lexicon format version %u, this build reads version %d",
                 (unsigned)rd16(buf + 6), NM_LEX_VERSION);
        rc = nm_load_fail(errbuf, errlen, name, NM_EVERSION, msg);
        goto fail;
    }
    nslots = nm_rd32(buf + 12);
    nent = nm_rd32(buf + 16);
    poolsz = nm_rd32(buf + 20);
    maxtok = nm_rd32(buf + 32);
    if (nm_rd32(buf + 8) != NM_LEX_HEADER || nslots < 2 || (nslots & (nslots - 1)) != 0 ||
        nent >= nslots || maxtok > NM_LEX_MAXTOK) {
        rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, "bad lexicon header (sizes out of range)");
        goto fail;
    }
    need = (uint64_t)NM_LEX_HEADER + (uint64_t)nslots * NM_LEX_SLOT +
           (uint64_t)nent * NM_LEX_ENTRY + poolsz;
    if (need != (uint64_t)size) {
        snprintf(msg, sizeof msg, "%s lexicon (%zu bytes, header says %llu)",
                 need > (uint64_t)size ? "truncated" : "oversized", size, (unsigned long long)need);
        rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, msg);
        goto fail;
    }
    if (nm_lex_checksum(buf + NM_LEX_HEADER, size - NM_LEX_HEADER) != nm_rd64(buf + 24)) {
        rc = nm_load_fail(errbuf, errlen, name, NM_ECHECKSUM, "lexicon checksum mismatch (file damaged)");
        goto fail;
    }
    lx = calloc(1, sizeof *lx);
    if (!lx) {
        rc = nm_load_fail(errbuf, errlen, name, NM_ENOMEM, "out of memory");
        goto fail;
    }
    lx->buf = buf;
    lx->size = size;
    lx->slot = (const lex_slot_t *)(void *)(buf + NM_LEX_HEADER);
    lx->ent = (const lex_entry_t *)(void *)(buf + NM_LEX_HEADER + (size_t)nslots * NM_LEX_SLOT);
    lx->pool = (const char *)buf + NM_LEX_HEADER + (size_t)nslots * NM_LEX_SLOT +
               (size_t)nent * NM_LEX_ENTRY;
    lx->mask = nslots - 1;
    lx->nentries = nent;
    lx->maxtok = maxtok;
    if (!host_little_endian()) { /* convert to host order once; read-only afterwards */
        unsigned char *p = buf + NM_LEX_HEADER;
        lex_slot_t *s = (lex_slot_t *)(void *)p;
        lex_entry_t *e = (lex_entry_t *)(void *)(p + (size_t)nslots * NM_LEX_SLOT);
        for (i = 0; i < nslots; i++) {
            unsigned char *q = p + (size_t)i * NM_LEX_SLOT;
            uint32_t a = nm_rd32(q), b = nm_rd32(q + 4);
            s[i].hash32 = a;
            s[i].index = b;
        }
        p += (size_t)nslots * NM_LEX_SLOT;
        for (i = 0; i < nent; i++) {
            unsigned char *q = p + (size_t)i * NM_LEX_ENTRY;
            uint32_t a = nm_rd32(q), b = nm_rd32(q + 4);
            uint16_t c = rd16(q + 8);
            e[i].keyoff = a;
            e[i].classes = b;
            e[i].keylen = c;
        }
    }
    for (i = 0; i < nent; i++) {
        const lex_entry_t *e = &lx->ent[i];
        if (e->keylen == 0 || e->keylen > NM_LEX_MAXKEY || e->keyoff > poolsz ||
            e->keylen > poolsz - e->keyoff || e->ntok == 0 || e->ntok > NM_LEX_MAXTOK) {
            snprintf(msg, sizeof msg, "lexicon entry %u out of bounds", (unsigned)i);
            rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, msg);
            goto fail;
        }
    }
    for (i = 0; i < nslots; i++) {
        if (lx->slot[i].index == 0) nempty++;
        else if (lx->slot[i].index > nent) {
            snprintf(msg, sizeof msg, "lexicon slot %u points past the entries", (unsigned)i);
            rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, msg);
            goto fail;
        }
    }
    if (nempty == 0) { /* a lookup would never end */
        rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, "lexicon hash table has no empty slot");
        goto fail;
    }
    *out = lx;
    return NM_OK;
fail:
    free(lx);
    free(buf);
    return rc;
}

int nm_lexicon_load_mem(const void *data, size_t size, nm_lexicon_t **out, char *errbuf,
                        size_t errlen) {
    unsigned char *buf;
    if (!out) return NM_EINVAL;
    *out = NULL;
    if (!data && size) return nm_load_fail(errbuf, errlen, "lexicon (memory)", NM_EINVAL, "no data");
    buf = malloc(size ? size : 1);
    if (!buf) return nm_load_fail(errbuf, errlen, "lexicon (memory)", NM_ENOMEM, "out of memory");
    if (size) memcpy(buf, data, size);
    return load_buf(buf, size, "lexicon (memory)", out, errbuf, errlen);
}

int nm_lexicon_load(const char *path, nm_lexicon_t **out, char *errbuf, size_t errlen) {
    unsigned char *buf;
    size_t size;
    int rc;
    if (!out) return NM_EINVAL;
    *out = NULL;
    if (!path) return nm_load_fail(errbuf, errlen, "lexicon", NM_EINVAL, "no path given");
    /* offsets inside a lexicon are 32-bit */
    rc = nm_read_file(path, 0xFFFFFFFFu, NULL, &buf, &size, errbuf, errlen);
    if (rc != NM_OK) return rc;
    return load_buf(buf, size, path, out, errbuf, errlen); /* owns buf */
}

void nm_lexicon_free(nm_lexicon_t *lx) {
    if (!lx) return;
    free(lx->buf);
    free(lx);
}

/* ---------------------------------------------------------------- builder */

typedef struct {
    uint32_t keyoff; /* into b->pool */
    uint32_t classes;
    uint16_t keylen;
    uint8_t label;
    uint8_t ntok;
} lexb_entry_t;

struct nm_lexb {
    char *pool;
    size_t npool, poolcap;
    lexb_entry_t *ent;
    size_t nent, entcap;
    uint32_t *index; /* open addressing: entry index + 1, 0 = empty */
    size_t nindex;   /* power of two */
    nm_tokens_t tk;
    unsigned maxtok;
};

nm_lexb_t *nm_lexb_new(void) {
    nm_lexb_t *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->nindex = 1024;
    b->index = calloc(b->nindex, sizeof *b->index);
    if (!b->index) {
        free(b);
        return NULL;
    }
    nm_tokens_init(&b->tk);
    return b;
}

void nm_lexb_free(nm_lexb_t *b) {
    if (!b) return;
    free(b->pool);
    free(b->ent);
    free(b->index);
    nm_tokens_finish(&b->tk);
    free(b);
}

static lexb_entry_t *lexb_find(const nm_lexb_t *b, const char *key, size_t n, size_t *slot) {
    size_t mask = b->nindex - 1, i = (size_t)nm_lex_fnv64(key, n) & mask;
    for (;;) {
        uint32_t x = b->index[i];
        if (x == 0) break;
        if (b->ent[x - 1].keylen == n && memcmp(b->pool + b->ent[x - 1].keyoff, key, n) == 0) {
            if (slot) *slot = i;
            return &b->ent[x - 1];
        }
        i = (i + 1) & mask;
    }
    if (slot) *slot = i;
    return NULL;
}

static int lexb_rehash(nm_lexb_t *b) {
    size_t n = b->nindex * 2, k;
    uint32_t *idx = calloc(n, sizeof *idx);
    if (!idx) return NM_ENOMEM;
    for (k = 0; k < b->nent; k++) {
        size_t i = (size_t)nm_lex_fnv64(b->pool + b->ent[k].keyoff, b->ent[k].keylen) & (n - 1);
        while (idx[i]) i = (i + 1) & (n - 1);
        idx[i] = (uint32_t)(k + 1);
    }
    free(b->index);
    b->index = idx;
    b->nindex = n;
    return NM_OK;
}

/* Add or OR one key. */
static int lexb_put(nm_lexb_t *b, const char *key, size_t n, size_t ntok, uint32_t classes,
                    int label) {
    size_t slot;
    lexb_entry_t *e = lexb_find(b, key, n, &slot);
    if (e) {
        e->classes |= classes;
        if (!e->label && label) e->label = (uint8_t)label;
        return NM_OK;
    }
    if (b->nent >= 0xFFFFFFF0u || b->npool + n > 0xFFFFFFF0u) return NM_ENOMEM;
    if (NM_GROW(b->ent, b->nent, b->entcap, 1) || NM_GROW(b->pool, b->npool, b->poolcap, n))
        return NM_ENOMEM;
    memcpy(b->pool + b->npool, key, n);
    e = &b->ent[b->nent];
    e->keyoff = (uint32_t)b->npool;
    e->keylen = (uint16_t)n;
    e->classes = classes;
    e->label = (uint8_t)label;
    e->ntok = (uint8_t)ntok;
    b->npool += n;
    b->index[slot] = (uint32_t)(++b->nent);
    if (b->nent * 2 > b->nindex) return lexb_rehash(b);
    return NM_OK;
}

int nm_lexb_add_key(nm_lexb_t *b, const char *key, size_t keylen, size_t ntok, uint32_t classes,
                    int label) {
    size_t i, t = 1;
    int rc;
    if (!b || !key || keylen == 0 || keylen > NM_LEX_MAXKEY || ntok == 0 || ntok > NM_LEX_MAXTOK ||
        label < 0 || label > 255)
        return NM_EINVAL;
    classes &= ~NM_LX_PREFIX;
    for (i = 0; i < keylen && t < ntok; i++) {
        if (key[i] == ' ') {
            rc = lexb_put(b, key, i, t, NM_LX_PREFIX, 0);
            if (rc) return rc;
            t++;
        }
    }
    rc = lexb_put(b, key, keylen, ntok, classes, label);
    if (rc) return rc;
    if (ntok > b->maxtok) b->maxtok = (unsigned)ntok;
    return NM_OK;
}

int nm_lexb_add_text(nm_lexb_t *b, const char *text, size_t len, uint32_t classes, int label) {
    char key[NM_LEX_MAXKEY];
    size_t n;
    int rc;
    if (!b || !text) return NM_EINVAL;
    rc = nm_tokenize(text, len, &b->tk);
    if (rc) return rc;
    if (b->tk.ntok == 0 || b->tk.ntok > NM_LEX_MAXTOK) return NM_EINVAL;
    n = nm_lexicon_key(text, b->tk.tok, 0, b->tk.ntok, key, sizeof key);
    if (n == 0) return NM_EINVAL;
    return nm_lexb_add_key(b, key, n, b->tk.ntok, classes, label);
}

uint32_t nm_lexb_get(const nm_lexb_t *b, const char *key, size_t keylen) {
    const lexb_entry_t *e;
    if (!b || !key) return 0;
    e = lexb_find(b, key, keylen, NULL);
    return e ? e->classes : 0;
}

void nm_lexb_clear(nm_lexb_t *b, const char *key, size_t keylen, uint32_t classes) {
    lexb_entry_t *e;
    if (!b || !key) return;
    e = lexb_find(b, key, keylen, NULL);
    if (e) e->classes &= ~(classes & ~NM_LX_PREFIX);
}

size_t nm_lexb_count(const nm_lexb_t *b) { return b ? b->nent : 0; }

void nm_lexb_class_counts(const nm_lexb_t *b, size_t counts[32]) {
    size_t k;
    int bit;
    memset(counts, 0, 32 * sizeof *counts);
    if (!b) return;
    for (k = 0; k < b->nent; k++)
        for (bit = 0; bit < 32; bit++)
            if (b->ent[k].classes & (1u << bit)) counts[bit]++;
}

typedef struct {
    const char *key;
    const lexb_entry_t *e;
} lexb_sort_t;

static int lexb_cmp(const void *pa, const void *pb) {
    const lexb_sort_t *a = pa, *b = pb;
    size_t n = a->e->keylen < b->e->keylen ? a->e->keylen : b->e->keylen;
    int c = memcmp(a->key, b->key, n);
    if (c) return c;
    return (int)a->e->keylen - (int)b->e->keylen;
}

int nm_lexb_finish(const nm_lexb_t *b, unsigned char **out, size_t *outlen) {
    lexb_sort_t *s = NULL;
    unsigned char *buf = NULL, *slots, *ents, *pool;
    size_t k, nslots = 2, size, mask, poolsz = 0;
    size_t n;
    if (!b || !out || !outlen) return NM_EINVAL;
    *out = NULL;
    *outlen = 0;
    /* Drop entries left with no class at all (cleared, and no prefix role). */
    s = malloc((b->nent ? b->nent : 1) * sizeof *s);
    if (!s) return NM_ENOMEM;
    for (k = 0, n = 0; k < b->nent; k++) {
        if (b->ent[k].classes == 0) continue;
        s[n].key = b->pool + b->ent[k].keyoff;
        s[n].e = &b->ent[k];
        poolsz += b->ent[k].keylen;
        n++;
    }
    qsort(s, n, sizeof *s, lexb_cmp);
    while (nslots < n + n / 2 + 1) nslots *= 2; /* load factor <= 2/3 */
    if (nslots > 0x40000000u || poolsz > 0xFFFFFFF0u) {
        free(s);
        return NM_ENOMEM;
    }
    size = NM_LEX_HEADER + nslots * NM_LEX_SLOT + n * NM_LEX_ENTRY + poolsz;
    buf = calloc(1, size);
    if (!buf) {
        free(s);
        return NM_ENOMEM;
    }
    slots = buf + NM_LEX_HEADER;
    ents = slots + nslots * NM_LEX_SLOT;
    pool = ents + n * NM_LEX_ENTRY;
    mask = nslots - 1;
    poolsz = 0;
    for (k = 0; k < n; k++) {
        const lexb_entry_t *e = s[k].e;
        unsigned char *q = ents + k * NM_LEX_ENTRY;
        uint64_t h = nm_lex_fnv64(s[k].key, e->keylen);
        size_t i = (size_t)h & mask;
        memcpy(pool + poolsz, s[k].key, e->keylen);
        wr32(q, (uint32_t)poolsz);
        wr32(q + 4, e->classes);
        wr16(q + 8, e->keylen);
        q[10] = e->label;
        q[11] = e->ntok;
        poolsz += e->keylen;
        while (nm_rd32(slots + i * NM_LEX_SLOT + 4) != 0) i = (i + 1) & mask;
        wr32(slots + i * NM_LEX_SLOT, (uint32_t)(h >> 32));
        wr32(slots + i * NM_LEX_SLOT + 4, (uint32_t)(k + 1));
    }
    memcpy(buf, NM_LEX_MAGIC, 6);
    wr16(buf + 6, NM_LEX_VERSION);
    wr32(buf + 8, NM_LEX_HEADER);
    wr32(buf + 12, (uint32_t)nslots);
    wr32(buf + 16, (uint32_t)n);
    wr32(buf + 20, (uint32_t)poolsz);
    wr32(buf + 32, b->maxtok);
    wr64(buf + 24, nm_lex_checksum(buf + NM_LEX_HEADER, size - NM_LEX_HEADER));
    free(s);
    *out = buf;
    *outlen = size;
    return NM_OK;
}

/* ---------------------------------------------------------------- user lexicon
 *
 * A person's own lexicon, loaded at run time from plain text: one entry a
 * line, `text<TAB>LABEL` (always tag text with LABEL) or `text<TAB>NEVER`
 * (never tag it); blank lines and lines starting with '#' are skipped. The
 * text is tokenized and keyed like the compiled lexicon (nm_lexicon_key: case
 * folded, tokens joined by one space), so "Harbour  Trust" and "harbour trust"
 * are one entry; a later line for the same key replaces an earlier one. It is
 * built into an ordinary nm_lexicon_t: classes NM_LX_USER or NM_LX_NEVER, and
 * for NM_LX_USER the label in the entry's label byte, plus NM_ULX_CAPS when the
 * text as written starts with an upper-case ASCII letter (then the entry only
 * matches where the first token is capitalized too: "Apple" does not tag
 * "apple pie"). */
#define NM_ULX_CAPS 0x80
#define NM_ULX_LABEL 0x7f

static int ulx_fail(char *errbuf, size_t errlen, const char *name, size_t lineno, int code,
                    const char *what) {
    if (errbuf && errlen) {
        if (lineno) snprintf(errbuf, errlen, "%s line %zu: %s", name, lineno, what);
        else snprintf(errbuf, errlen, "%s: %s", name, what);
    }
    return code;
}

/* Add or replace one user entry. */
static int ulx_put(nm_lexb_t *b, const char *text, size_t len, uint32_t classes, int label) {
    char key[NM_LEX_MAXKEY];
    size_t n;
    lexb_entry_t *e;
    int rc = nm_tokenize(text, len, &b->tk);
    if (rc) return rc;
    if (b->tk.ntok == 0 || b->tk.ntok > NM_LEX_MAXTOK) return NM_EINVAL;
    n = nm_lexicon_key(text, b->tk.tok, 0, b->tk.ntok, key, sizeof key);
    if (n == 0) return NM_EINVAL;
    e = lexb_find(b, key, n, NULL);
    if (e) {
        e->classes = (e->classes & NM_LX_PREFIX) | classes;
        e->label = (uint8_t)label;
        if (b->tk.ntok > b->maxtok) b->maxtok = (unsigned)b->tk.ntok;
        return NM_OK;
    }
    return nm_lexb_add_key(b, key, n, b->tk.ntok, classes, label);
}

int nm_userlex_parse(const char *tsv, size_t len, const char *name, nm_lexicon_t **out,
                     char *errbuf, size_t errlen) {
    nm_lexb_t *b = NULL;
    unsigned char *bytes = NULL;
    size_t size = 0, pos = 0, lineno = 0, count = 0;
    char msg[160];
    int rc = NM_OK;

    if (!out) return NM_EINVAL;
    *out = NULL;
    if (!name) name = "user lexicon";
    if (!tsv && len) return ulx_fail(errbuf, errlen, name, 0, NM_EINVAL, "no data");
    b = nm_lexb_new();
    if (!b) return ulx_fail(errbuf, errlen, name, 0, NM_ENOMEM, "out of memory");
    while (pos < len) {
        const char *line = tsv + pos, *tab, *lab;
        size_t n = 0, textlen, lablen;
        uint32_t classes;
        int label;
        char lname[16];
        while (pos + n < len && line[n] != '\n') n++;
        pos += n + (pos + n < len);
        lineno++;
        if (n && line[n - 1] == '\r') n--;
        if (n == 0 || line[0] == '#') continue;
        tab = memchr(line, '\t', n);
        if (!tab) {
            size_t k;
            for (k = 0; k < n && (line[k] == ' ' || line[k] == '\t'); k++) {}
            if (k == n) continue; /* white space only */
            rc = ulx_fail(errbuf, errlen, name, lineno, NM_EFORMAT, "expected 'text<TAB>LABEL'");
            goto fail;
        }
        textlen = (size_t)(tab - line);
        lab = tab + 1;
        lablen = n - textlen - 1;
        while (lablen && (lab[lablen - 1] == ' ' || lab[lablen - 1] == '\t')) lablen--;
        if (lablen == 0 || lablen >= sizeof lname) {
            rc = ulx_fail(errbuf, errlen, name, lineno, NM_EFORMAT, "missing or bad label");
            goto fail;
        }
        memcpy(lname, lab, lablen);
        lname[lablen] = '\0';
        if (strcmp(lname, "NEVER") == 0) {
            classes = NM_LX_NEVER;
            label = 0;
        } else {
            label = nm_label_from_name(lname);
            if (label == NM_NONE) {
                snprintf(msg, sizeof msg, "unknown label '%s' (PERSON, ORG, GPE, ... or NEVER)", lname);
                rc = ulx_fail(errbuf, errlen, name, lineno, NM_EFORMAT, msg);
                goto fail;
            }
            classes = NM_LX_USER;
            if (line[0] >= 'A' && line[0] <= 'Z') label |= NM_ULX_CAPS;
        }
        rc = ulx_put(b, line, textlen, classes, label);
        if (rc == NM_EINVAL) {
            snprintf(msg, sizeof msg, "the text must be 1 to %d tokens and at most %d bytes",
                     NM_LEX_MAXTOK, NM_LEX_MAXKEY);
            rc = ulx_fail(errbuf, errlen, name, lineno, NM_EFORMAT, msg);
            goto fail;
        }
        if (rc != NM_OK) {
            rc = ulx_fail(errbuf, errlen, name, lineno, rc, nm_strerror(rc));
            goto fail;
        }
        count++;
    }
    if (count == 0) { /* nothing to match: no lexicon at all */
        nm_lexb_free(b);
        return NM_OK;
    }
    rc = nm_lexb_finish(b, &bytes, &size);
    nm_lexb_free(b);
    b = NULL;
    if (rc != NM_OK) return ulx_fail(errbuf, errlen, name, 0, rc, nm_strerror(rc));
    return load_buf(bytes, size, name, out, errbuf, errlen); /* owns bytes */
fail:
    nm_lexb_free(b);
    return rc;
}

int nm_userlex_load(const char *path, nm_lexicon_t **out, char *errbuf, size_t errlen) {
    unsigned char *buf;
    size_t len;
    int rc;
    if (!out) return NM_EINVAL;
    *out = NULL;
    if (!path) return ulx_fail(errbuf, errlen, "user lexicon", 0, NM_EINVAL, "no path given");
    rc = nm_read_file(path, (size_t)64 << 20, NULL, &buf, &len, errbuf, errlen);
    if (rc != NM_OK) return rc;
    rc = nm_userlex_parse((const char *)buf, len, path, out, errbuf, errlen);
    free(buf);
    return rc;
}

/* Next user-lexicon match at or after token *i of sentence [*i, e): returns
 * its length in tokens (0: none left) and its classes / label. */
static size_t ulx_next(const nm_lexicon_t *user, const char *text, const nm_tok_t *tok, size_t *i,
                       size_t e, uint32_t *cls, int *label) {
    while (*i < e) {
        size_t n = nm_lexicon_match(user, text, tok, *i, e, cls, label);
        if (n && (*cls & NM_LX_USER) && (*label & NM_ULX_CAPS) && !(tok[*i].flags & NM_TF_UPPER))
            n = 0;
        if (n && (*cls & (NM_LX_USER | NM_LX_NEVER))) return n;
        (*i)++;
    }
    return 0;
}

int nm_userlex_apply(const nm_lexicon_t *user, const char *text, nm_result_t *res) {
    const nm_tok_t *tok;
    size_t si, i, n, nuser = 0, r, rend, w;
    uint32_t cls;
    int label;
    if (!user || !res || res->tk.ntok == 0) return NM_OK;
    tok = res->tk.tok;
    /* pass 1: how many entities the person's entries add */
    for (si = 0; si < res->tk.nsent; si++) {
        size_t e = res->tk.sent[si].end;
        i = res->tk.sent[si].begin;
        while ((n = ulx_next(user, text, tok, &i, e, &cls, &label)) != 0) {
            if (cls & NM_LX_USER) nuser++;
            i += n;
        }
    }
    if (NM_GROW(res->ent, res->nent, res->entcap, nuser)) return NM_ENOMEM;
    /* the machine's entities move up; the merged list is written from 0
     * (w <= r always: each added entity is one of the nuser free slots) */
    if (res->nent) memmove(res->ent + nuser, res->ent, res->nent * sizeof *res->ent);
    r = nuser;
    rend = nuser + res->nent;
    w = 0;
    for (si = 0; si < res->tk.nsent; si++) {
        size_t e = res->tk.sent[si].end;
        i = res->tk.sent[si].begin;
        while ((n = ulx_next(user, text, tok, &i, e, &cls, &label)) != 0) {
            uint32_t s = tok[i].start, f = tok[i + n - 1].end;
            int is_user = (cls & NM_LX_USER) != 0;
            size_t k;
            while (r < rend && res->ent[r].start < s) res->ent[w++] = res->ent[r++];
            if (is_user) {
                /* never cut a longer name the machine found: a match inside
                 * or across a machine entity that is not inside the match
                 * leaves that entity whole and adds nothing ("Brevik" ORG
                 * keeps "Erik Brevik" and "Brevik Shipping ASA") */
                int cuts = w > 0 && res->ent[w - 1].end > s && res->ent[w - 1].id != -1;
                for (k = r; !cuts && k < rend && res->ent[k].start < f; k++)
                    if (res->ent[k].end > f) cuts = 1;
                if (cuts) {
                    i += n;
                    continue;
                }
            }
            while (r < rend && res->ent[r].start < f) {
                if (!is_user && res->ent[r].end > f) res->ent[w++] = res->ent[r]; /* not inside */
                r++;
            }
            if (is_user) {
                res->ent[w].start = s;
                res->ent[w].end = f;
                res->ent[w].label = label & NM_ULX_LABEL;
                res->ent[w].id = -1; /* "the person's label": kept by linking, which sets the ids */
                w++;
            }
            i += n;
        }
    }
    while (r < rend) res->ent[w++] = res->ent[r++];
    res->nent = w;
    return NM_OK;
}

/* ---------------------------------------------------------------- model API */

int nm_model_set_user_lexicon(nm_model_t *model, const char *tsv, size_t len, char *errbuf,
                              size_t errlen) {
    nm_lexicon_t *lx = NULL;
    int rc;
    if (!model) return NM_EINVAL;
    if (tsv) {
        rc = nm_userlex_parse(tsv, len, "user lexicon", &lx, errbuf, errlen);
        if (rc != NM_OK) return rc;
    }
    nm_lexicon_free(model->user);
    model->user = lx;
    return NM_OK;
}

int nm_model_load_user_lexicon(nm_model_t *model, const char *path, char *errbuf, size_t errlen) {
    nm_lexicon_t *lx = NULL;
    int rc;
    if (!model) return NM_EINVAL;
    if (path) {
        rc = nm_userlex_load(path, &lx, errbuf, errlen);
        if (rc != NM_OK) return rc;
    }
    nm_lexicon_free(model->user);
    model->user = lx;
    return NM_OK;
}
