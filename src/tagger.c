/*
 * tagger.c - the statistical entity tagger: feature extraction (shared with
 * the trainer), the model file (load, validate) and Viterbi decoding.
 *
 * See tagger.h for the model and the file format. Nothing here allocates per
 * token: the caller's nm_tagscratch_t holds every per-call array. A loaded
 * model is one malloc'd block plus a small struct, never written after
 * nm_tagger_load returns.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise(MADV_HUGEPAGE) */
#endif
#include "tagger.h"

#include "lexicon_build.h"

#include <stdio.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct nm_tagger {
    uint64_t serial;     /* unique per load in this process (word caches are keyed by it) */
    unsigned char *buf;  /* the whole file */
    size_t size;
    const uint32_t *slot; /* pairs {fp, row} */
    const int16_t *rows;  /* nrows * NM_TAGGER_ROW */
    float inv_scale;
    float conf_unit; /* margins are measured in this: the mean |weight| of the rows */
    uint32_t mask;
    int ntags, nlabels;
    uint8_t labels[NM_TAGGER_MAXLABELS];
    nm_clusters_t cl;
    /* transitions with the BIO constraint applied: row ntags = start */
    float trans[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_MAXTAGS];
    /* the same in rows of NM_TAGGER_ROW, -1e30 in the padding (viterbi16) */
    float trans16[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_ROW];
    /* transposed: transT16[to * NM_TAGGER_ROW + from] (nm_tagger_confidence) */
    float transT16[NM_TAGGER_MAXTAGS * NM_TAGGER_ROW];
};


/* ---------------------------------------------------------------- hashing */

static inline uint64_t fmix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return k;
}

#define FNV_INIT 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static inline unsigned char lower_byte(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

uint64_t nm_cluster_key(const char *s, size_t n) {
    uint64_t h = FNV_INIT;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= lower_byte((unsigned char)s[i]);
        h *= FNV_PRIME;
    }
    return h;
}

uint32_t nm_clusters_get(const nm_clusters_t *cl, uint64_t key) {
    uint32_t fp, i;
    if (!cl || !cl->slot) return 0;
    fp = (uint32_t)(key >> 32) | 1u;
    i = (uint32_t)key & cl->mask;
    for (;;) {
        uint32_t f = cl->slot[2 * i];
        if (f == fp) return cl->slot[2 * i + 1];
        if (!f) return 0;
        i = (i + 1) & cl->mask;
    }
}

/* ---------------------------------------------------------------- scratch */

typedef struct {
    uint64_t w, l, sh, shl;     /* word, lower, short shape, long shape */
    uint64_t pre[4], suf[4];
    uint32_t lex, flags;
    uint32_t mcls;              /* classes of the multi-token match covering it */
    uint32_t path;              /* word cluster path (0: none) */
    uint8_t mpos;               /* 0 none, 1 begin, 2 inside, 3 single */
    uint8_t cap;                /* capitalization in context (CX_*) */
    uint8_t dbits;              /* DW_* bits of the word in this document */
    uint8_t lenc;               /* length class (F_LEN) */
    uint32_t dslot;             /* slot in the document word table */
} rec_t;

void nm_tagscratch_init(nm_tagscratch_t *s) { memset(s, 0, sizeof *s); }

void nm_tagscratch_finish(nm_tagscratch_t *s) {
    free(s->rec);
    free(s->feat);
    free(s->nfeat);
    free(s->score);
    free(s->back);
    free(s->alpha);
    free(s->beta);
    free(s->dkey);
    free(s->dbits);
    free(s->dhist);
    free(s->wc);
    free(s->wkey);
    memset(s, 0, sizeof *s);
}

int nm_tagscratch_reserve(nm_tagscratch_t *s, size_t n) {
    size_t cap = s->cap ? s->cap : 64;
    void *p;
    if (n <= s->cap) return NM_OK;
    while (cap < n) cap *= 2;
#define RE(field, size)                       \
    p = realloc(s->field, (size));            \
    if (!p) return NM_ENOMEM;                 \
    s->field = p;
    RE(rec, cap * sizeof(rec_t));
    RE(feat, cap * NM_TAGGER_MAXFEAT * sizeof(uint64_t));
    RE(nfeat, cap);
    RE(score, cap * NM_TAGGER_ROW * sizeof(float));
    RE(back, cap * NM_TAGGER_ROW);
    RE(alpha, cap * NM_TAGGER_ROW * sizeof(float));
    RE(beta, cap * NM_TAGGER_ROW * sizeof(float));
    RE(wkey, cap * sizeof(uint64_t));
#undef RE
    s->cap = cap;
    return NM_OK;
}

/* Word cache entry: summed rows per role (see word_feats). */
enum { ROLE_SELF, ROLE_LEFT, ROLE_RIGHT, NROLES };
typedef struct {
    uint64_t key; /* 0: empty */
    int32_t sum[NROLES][NM_TAGGER_ROW];
} wentry_t;
/* Entries NM_TAGGER_WCACHE (the sentence boundary's sums) and + 1 (the
 * boundary's key) hold the boundary: slot NM_TAGGER_WCACHE. */

int nm_tagscratch_use_cache(nm_tagscratch_t *s) {
    if (s->wc) return NM_OK;
    s->wc = calloc(NM_TAGGER_WCACHE + 1, sizeof(wentry_t));
    s->wcserial = 0;
    return s->wc ? NM_OK : NM_ENOMEM;
}

size_t nm_tagscratch_bytes(const nm_tagscratch_t *s) {
    return s->cap * (sizeof(rec_t) + NM_TAGGER_MAXFEAT * sizeof(uint64_t) + 1 +
                     NM_TAGGER_ROW * (3 * sizeof(float) + 1) + sizeof(uint64_t)) +
           s->dalloc * (sizeof(uint64_t) + 1) + s->dhalloc * NM_TAGGER_HIST +
           (s->wc ? (NM_TAGGER_WCACHE + 1) * sizeof(wentry_t) : 0);
}

size_t nm_tagger_window(const nm_tok_t *tok, size_t b, size_t e) {
    size_t k;
    if (e - b <= NM_TAGGER_WINDOW) return e;
    /* cut after the last punctuation mark of the window's last quarter, so
     * that a name is seldom split */
    for (k = b + NM_TAGGER_WINDOW; k > b + NM_TAGGER_WINDOW * 3 / 4; k--)
        if (tok[k - 1].flags & NM_TF_PUNCT) return k;
    return b + NM_TAGGER_WINDOW;
}

/* ---------------------------------------------------------------- features */

/* Capitalization in context. */
#define CX_INIT 0x01u     /* first token of the sentence or clause */
#define CX_UPPER 0x02u    /* first letter upper case */
#define CX_ALLCAPS 0x04u
#define CX_HEADLINE 0x08u /* the sentence is (almost) all capitals */
#define CX_LOWER 0x10u
#define CX_DIGIT 0x20u
#define CX_TITLE 0x40u    /* title case */
#define CX_TITLELINE 0x80u /* the sentence is (almost) all title case */

/* How a word is written elsewhere in the document. */
#define DW_CAPMID 0x01u   /* title case in the middle of a normal sentence */
#define DW_LOWER 0x02u    /* lower case */
#define DW_SEEN2 0x04u    /* seen more than once */
/* Contexts the capitalized word is seen in somewhere in the document
 * (non-local evidence: "in Coron", "Coron Island", "Brisk said"). */
#define DW_PREP 0x08u     /* after a place preposition: in, at, from, near ... */
#define DW_PERS 0x10u     /* after a title or first name, or before a speech verb */
#define DW_LOCCTX 0x20u   /* before a place word: Island, River, Mountains */
#define DW_ORGCTX 0x40u   /* before an organization word or suffix: Council, Inc. */
#define DW_BASIC (DW_CAPMID | DW_LOWER | DW_SEEN2)

/* Lexicon classes used as features. */
#define LEX_FEAT                                                                                 \
    (NM_LX_COUNTRY | NM_LX_DEMONYM | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_BIGCITY | NM_LX_FIRST_F | \
     NM_LX_FIRST_M | NM_LX_SURNAME | NM_LX_PERSON | NM_LX_TITLE | NM_LX_ROLE | NM_LX_ORGSUF |    \
     NM_LX_ORGWORD | NM_LX_ORG | NM_LX_LOCWORD | NM_LX_EVENTWORD | NM_LX_CUE | NM_LX_MONTH |     \
     NM_LX_WEEKDAY | NM_LX_DATEWORD | NM_LX_NUMWORD | NM_LX_CURRENCY | NM_LX_COMMON |             \
     NM_LX_FUNC | NM_LX_PRONOUN | NM_LX_RELIGION | NM_LX_USER)
/* Classes of names (whole-mask features and multi-token matches). */
#define LEX_NAME                                                                            \
    (NM_LX_COUNTRY | NM_LX_DEMONYM | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_FIRST_F |           \
     NM_LX_FIRST_M | NM_LX_SURNAME | NM_LX_PERSON | NM_LX_TITLE | NM_LX_ORG | NM_LX_ORGWORD | \
     NM_LX_RELIGION | NM_LX_COMMON | NM_LX_USER)
#define LEX_MULTI                                                                        \
    (NM_LX_COUNTRY | NM_LX_DEMONYM | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_PERSON | NM_LX_ORG | \
     NM_LX_TITLE | NM_LX_RELIGION | NM_LX_USER | NM_LX_EVENTWORD)

/* Name classes that count for a lower-case word. */
#define LEX_LOWNAME                                                                             \
    (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_BIGCITY | NM_LX_FIRST_F | NM_LX_FIRST_M | \
     NM_LX_PERSON | NM_LX_ORG)

/* Feature templates. */
enum {
    F_BIAS = 1, F_W0, F_L0, F_Lm1, F_Lp1, F_Lm2, F_Lp2, F_Lm1L0, F_L0Lp1, F_S0, F_Sm1, F_Sp1,
    F_Sm1S0, F_S0Sp1, F_Sm1S0Sp1, F_SL0, F_PRE1, F_PRE2, F_PRE3, F_PRE4, F_SUF1, F_SUF2, F_SUF3,
    F_SUF4, F_CAP0, F_CAPm1CAP0, F_CAP0CAPp1, F_LEX0, F_LEXm1, F_LEXp1, F_LEXm2, F_LEXp2,
    F_LEXMASK0, F_MLEX0, F_MLEXm1, F_MLEXp1, F_DOC0, F_DOCCAP0, F_CL0, F_CLm1, F_CLp1,
    F_Wm1, F_Wp1, F_L0CAP, F_HL_L0, F_Lm1S0, F_S0Lp1, F_LEXm1CAP0, F_LEN, F_HIST, F_DOCCTX, F_LOWLEX
};

#define PAIR(a, b) ((a) * 0x9E3779B97F4A7C15ull ^ (b))

static inline uint64_t hstr(const unsigned char *s, size_t n, int lower) {
    uint64_t h = FNV_INIT;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= lower ? lower_byte(s[i]) : s[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* Shape: X upper, x lower, d digit, other bytes kept (non-ASCII: 'u');
 * short = runs collapsed, long = up to 12 characters. */
static void shapes(const unsigned char *s, size_t n, uint64_t *shortsh, uint64_t *longsh) {
    uint64_t hs = FNV_INIT, hl = FNV_INIT;
    unsigned char prev = 0;
    size_t i, kept = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = s[i], k;
        if (c >= 'A' && c <= 'Z') k = 'X';
        else if (c >= 'a' && c <= 'z') k = 'x';
        else if (c >= '0' && c <= '9') k = 'd';
        else if (c >= 0x80) {
            if ((c & 0xC0) == 0x80) continue; /* continuation byte */
            k = 'u';
        } else k = c;
        if (kept < 12) {
            hl ^= k;
            hl *= FNV_PRIME;
            kept++;
        }
        if (k != prev) {
            hs ^= k;
            hs *= FNV_PRIME;
            prev = k;
        }
    }
    *shortsh = hs;
    *longsh = hl ^ (uint64_t)(n > 12);
}

/* 1: an all-capitals headline; 2: a title-case line ("Visit To The Old
 * Harbor"), where capitals say little about names either. */
static int headline_sent(const nm_tok_t *tok, size_t b, size_t e) {
    size_t k, alpha = 0, caps = 0, upper = 0;
    for (k = b; k < e; k++) {
        if ((tok[k].flags & (NM_TF_ALPHA | NM_TF_URL)) == NM_TF_ALPHA) {
            alpha++;
            if ((tok[k].flags & NM_TF_ALLCAPS) ||
                (tok[k].end - tok[k].start == 1 && (tok[k].flags & NM_TF_UPPER)))
                caps++;
            if (tok[k].flags & NM_TF_UPPER) upper++;
        }
    }
    if (alpha >= 2 && caps * 10 >= alpha * 8) return 1;
    if (alpha >= 3 && upper * 10 >= alpha * 9) return 2;
    return 0;
}

static int clause_start(const char *text, const nm_tok_t *tok, size_t b, size_t i) {
    const nm_tok_t *p;
    if (i == b) return 1;
    p = &tok[i - 1];
    if ((p->flags & NM_TF_QUOTE) && p->quote != NM_Q_CLOSE) return 1;
    if (p->flags & NM_TF_DASH) return 1;
    if (p->end - p->start == 1 && (text[p->start] == ':' || text[p->start] == '(')) return 1;
    return 0;
}

static uint8_t cap_of(uint32_t f) {
    uint8_t c = 0;
    if (f & NM_TF_UPPER) c |= CX_UPPER;
    if (f & NM_TF_ALLCAPS) c |= CX_ALLCAPS;
    if (f & NM_TF_LOWER) c |= CX_LOWER;
    if (f & NM_TF_DIGIT) c |= CX_DIGIT;
    if (f & NM_TF_TITLECASE) c |= CX_TITLE;
    return c;
}

/* Document word table: open addressing on the lower-case hash. */
static uint8_t *doc_slot(const nm_tagscratch_t *s, uint64_t key, int insert) {
    size_t i, mask = s->dcap - 1;
    if (!s->dcap) return NULL;
    key |= 1;
    i = (size_t)(key >> 7) & mask;
    for (;;) {
        if (s->dkey[i] == key) return &s->dbits[i];
        if (!s->dkey[i]) {
            if (!insert) return NULL;
            s->dkey[i] = key;
            s->dbits[i] = 0;
            return &s->dbits[i];
        }
        i = (i + 1) & mask;
    }
}

/* Double the document word table (it grows with the distinct words, so a
 * long document of few words stays small and page faults stay rare). */
static int doc_grow(nm_tagscratch_t *s) {
    size_t ncap = s->dcap ? s->dcap * 2 : 1024, i;
    uint64_t *nk = calloc(ncap, sizeof *nk);
    uint8_t *nb = malloc(ncap);
    if (!nk || !nb) {
        free(nk);
        free(nb);
        return NM_ENOMEM;
    }
    for (i = 0; i < s->dcap; i++) {
        size_t j;
        if (!s->dkey[i]) continue;
        j = (size_t)(s->dkey[i] >> 7) & (ncap - 1);
        while (nk[j]) j = (j + 1) & (ncap - 1);
        nk[j] = s->dkey[i];
        nb[j] = s->dbits[i];
    }
    free(s->dkey);
    free(s->dbits);
    s->dkey = nk;
    s->dbits = nb;
    s->dcap = s->dalloc = ncap;
    return NM_OK;
}

static int word_is(const char *text, const nm_tok_t *t, const char *w, size_t n) {
    size_t k;
    if (t->end - t->start != n) return 0;
    for (k = 0; k < n; k++)
        if (lower_byte((unsigned char)text[t->start + k]) != (unsigned char)w[k]) return 0;
    return 1;
}

/* DW_PREP .. DW_ORGCTX bits of the capitalized token k of sentence [b, e). */
static uint8_t doc_context(const char *text, const nm_tok_t *tok, size_t b, size_t e, size_t k) {
    uint8_t bits = 0;
    if (k > b) {
        const nm_tok_t *p = &tok[k - 1];
        if ((p->flags & NM_TF_LOWER) && (p->lex & NM_LX_FUNC) &&
            (word_is(text, p, "in", 2) || word_is(text, p, "at", 2) || word_is(text, p, "from", 4) ||
             word_is(text, p, "near", 4) || word_is(text, p, "into", 4) || word_is(text, p, "across", 6)))
            bits |= DW_PREP;
        if ((p->lex & NM_LX_TITLE) ||
            ((p->flags & NM_TF_UPPER) && (p->lex & (NM_LX_FIRST_F | NM_LX_FIRST_M)) && !(p->lex & NM_LX_FUNC)))
            bits |= DW_PERS;
    }
    if (k + 1 < e) {
        const nm_tok_t *q = &tok[k + 1];
        if ((q->lex & NM_LX_CUE) && (q->flags & NM_TF_LOWER)) bits |= DW_PERS;
        if ((q->lex & NM_LX_LOCWORD) && (q->flags & NM_TF_UPPER)) bits |= DW_LOCCTX;
        if ((q->lex & (NM_LX_ORGWORD | NM_LX_ORGSUF)) && (q->flags & NM_TF_UPPER)) bits |= DW_ORGCTX;
    }
    return bits;
}

int nm_tagger_doc(const nm_tagctx_t *cx, nm_tagscratch_t *s) {
    size_t k, b, n = 0;
    int rc;
    if (s->dalloc < 1024) {
        s->dcap = 0;
        if ((rc = doc_grow(s)) != NM_OK) return rc;
    }
    /* reuse the allocation, but size the table for this document: clearing
     * a table left large by an earlier big document would cost every small
     * call (a paragraph in the editor) time in proportion to that document */
    {
        size_t want = 1024;
        while (want < cx->ntok * 2 && want < s->dalloc) want *= 2;
        s->dcap = want < s->dalloc ? want : s->dalloc;
    }
    memset(s->dkey, 0, s->dcap * sizeof *s->dkey);
    b = 0;
    while (b < cx->ntok) {
        size_t e = b + 1;
        int hl;
        while (e < cx->ntok && !(cx->tok[e].flags & NM_TF_SENT_START)) e++;
        hl = headline_sent(cx->tok, b, e);
        for (k = b; k < e; k++) {
            const nm_tok_t *t = &cx->tok[k];
            uint64_t key;
            uint8_t *d, add = 0;
            if (!(t->flags & NM_TF_ALPHA)) continue;
            if (t->flags & NM_TF_LOWER) add = DW_LOWER;
            else if (!hl && (t->flags & NM_TF_TITLECASE) && !clause_start(cx->text, cx->tok, b, k))
                add = DW_CAPMID;
            key = hstr((const unsigned char *)cx->text + t->start,
                       t->end - t->start > 64 ? 64 : t->end - t->start, 1);
            d = doc_slot(s, key, 0);
            if (!d) {
                if ((n + 1) * 2 > s->dcap && (rc = doc_grow(s)) != NM_OK) return rc;
                d = doc_slot(s, key, 1);
                n++;
            }
            if (*d & (DW_LOWER | DW_CAPMID | 0x80)) *d |= DW_SEEN2;
            *d |= add | 0x80;
            if ((t->flags & NM_TF_UPPER) && hl != 1)
                *d |= doc_context(cx->text, cx->tok, b, e, k);
        }
        b = e;
    }
    if (s->dcap > s->dhalloc) {
        void *p = realloc(s->dhist, s->dcap * NM_TAGGER_HIST);
        if (!p) return NM_ENOMEM;
        s->dhist = p;
        s->dhalloc = s->dcap;
    }
    memset(s->dhist, 0, s->dcap * NM_TAGGER_HIST);
    return NM_OK;
}

static void fill_records(const nm_tagctx_t *cx, size_t b, size_t e, nm_tagscratch_t *s) {
    rec_t *r = (rec_t *)s->rec;
    int hl = headline_sent(cx->tok, b, e);
    size_t i;
    for (i = b; i < e; i++) {
        const nm_tok_t *t = &cx->tok[i];
        const unsigned char *w = (const unsigned char *)cx->text + t->start;
        size_t n = t->end - t->start, k;
        rec_t *q = &r[i - b];
        uint8_t *d;
        if (n > 64) n = 64;
        {
            /* one forward pass: word, lower form and lower prefixes 1-4;
             * one backward pass: lower suffixes 1-4 */
            uint64_t hw = FNV_INIT, hlw = FNV_INIT;
            for (k = 0; k < n; k++) {
                hw = (hw ^ w[k]) * FNV_PRIME;
                hlw = (hlw ^ lower_byte(w[k])) * FNV_PRIME;
                if (k < 4) q->pre[k] = hlw ^ k;
            }
            for (; k < 4; k++) q->pre[k] = hlw ^ k;
            q->w = hw;
            q->l = hlw;
            hlw = FNV_INIT;
            for (k = 0; k < 4; k++) {
                if (k < n) hlw = (hlw ^ lower_byte(w[n - 1 - k])) * FNV_PRIME;
                q->suf[k] = hlw ^ (k + 8);
            }
        }
        shapes(w, n, &q->sh, &q->shl);
        q->lex = t->lex;
        q->flags = t->flags;
        {
            uint32_t len = t->end - t->start;
            q->lenc = (t->flags & NM_TF_ALPHA) ? (uint8_t)((len > 3) + 2u * (len > 6)) : 9u;
        }
        q->mcls = 0;
        q->mpos = 0;
        q->cap = cap_of(t->flags);
        if (clause_start(cx->text, cx->tok, b, i)) q->cap |= CX_INIT;
        if (hl == 1) q->cap |= CX_HEADLINE;
        if (hl == 2) q->cap |= CX_TITLELINE;
        d = doc_slot(s, q->l, 0);
        q->dbits = d ? (uint8_t)(*d & 0x7f) : 0;
        q->dslot = d ? (uint32_t)(d - s->dbits) : UINT32_MAX;
        q->path = cx->cl ? nm_clusters_get(cx->cl, q->l) : 0; /* q->l == nm_cluster_key */
    }
    /* multi-token lexicon matches, greedy left to right */
    if (cx->lx) {
        i = b;
        while (i < e) {
            const nm_tok_t *t = &cx->tok[i];
            uint32_t cls = 0;
            size_t n = 0, k;
            if ((t->flags & (NM_TF_UPPER | NM_TF_DIGIT)) || (t->lex & LEX_MULTI))
                n = nm_lexicon_match(cx->lx, cx->text, cx->tok, i, e, &cls, NULL);
            cls &= LEX_MULTI;
            if (n == 0 || !cls) {
                i++;
                continue;
            }
            for (k = 0; k < n; k++) {
                r[i - b + k].mcls = cls;
                r[i - b + k].mpos = n == 1 ? 3 : k == 0 ? 1 : 2;
            }
            i += n;
        }
    }
}

int nm_tagger_hist_value(const uint8_t *counts, int upper) {
    int best = -1, q, total = 0;
    for (q = 0; q < NM_TAGGER_HIST; q++) {
        total += counts[q];
        if (counts[q] && (best < 0 || counts[q] > counts[best])) best = q;
    }
    /* (majority label or none) x (unanimous) x (capitalized) */
    return ((best + 1) * 2 + (best >= 0 && counts[best] == total)) * 2 + (upper != 0);
}

uint64_t nm_tagger_hist_hash(int value) {
    return fmix(((uint64_t)F_HIST << 56) ^ (uint64_t)(value + 1) * 0xD6E8FEB86659FD93ull ^ F_HIST);
}

uint32_t nm_tagger_token_slot(const nm_tagscratch_t *s, size_t p, int *upper) {
    const rec_t *r = (const rec_t *)s->rec + p;
    *upper = (r->cap & CX_UPPER) != 0;
    return r->dslot;
}

void nm_tagger_observe(nm_tagscratch_t *s, size_t n, const uint8_t *tags) {
    const rec_t *r = (const rec_t *)s->rec;
    size_t p;
    for (p = 0; p < n; p++) {
        uint8_t *h;
        if (r[p].dslot == UINT32_MAX || !(r[p].cap & CX_UPPER)) continue;
        h = s->dhist + (size_t)r[p].dslot * NM_TAGGER_HIST + (tags[p] ? (tags[p] + 1) / 2 : 0);
        if (*h < 255) (*h)++;
    }
}

static const uint8_t no_hist[NM_TAGGER_HIST];

#define BOS 0x5bu
#define EOS 0x5du

#define ADD(tpl, v) (f[k++] = fmix(((uint64_t)(tpl) << 56) ^ (uint64_t)(v) * 0xD6E8FEB86659FD93ull ^ (tpl)))

/* Features that depend only on one word (its bytes, lexicon classes, flags
 * and document bits), seen as the token itself (ROLE_SELF), as the left
 * neighbour (ROLE_LEFT) or as the right one (ROLE_RIGHT); c NULL: the
 * sentence boundary. The tagger caches their sums per word (decode). */
static size_t word_feats(const rec_t *c, int role, uint64_t *f) {
    size_t k = 0;
    uint32_t bits;
    int j, nb;
    if (role == ROLE_SELF) {
        ADD(F_W0, c->w);
        ADD(F_L0, c->l);
        ADD(F_S0, c->sh);
        ADD(F_SL0, c->shl);
        for (j = 0; j < 4; j++) {
            ADD(F_PRE1 + j, c->pre[j]);
            ADD(F_SUF1 + j, c->suf[j]);
        }
        ADD(F_LEN, c->lenc);
        for (bits = c->lex & LEX_FEAT, nb = 0; bits && nb < 16; bits &= bits - 1, nb++)
            ADD(F_LEX0, bits & -bits);
        ADD(F_DOCCAP0, PAIR(c->dbits & (DW_CAPMID | DW_LOWER), c->lex & (NM_LX_COMMON | NM_LX_FUNC)));
        /* a lower-case word the lexicon knows as a name ("france", "kerala"
         * in web text), with whether it is also a common word */
        if ((c->cap & CX_LOWER) && (c->lex & LEX_LOWNAME)) {
            ADD(F_LOWLEX, PAIR(c->lex & LEX_LOWNAME, c->lex & (NM_LX_COMMON | NM_LX_FUNC)));
            ADD(F_LOWLEX, (c->lex & (NM_LX_COMMON | NM_LX_FUNC)) ? 1 : 2);
        }
        /* contexts of the word elsewhere in the document */
        if ((c->cap & CX_UPPER) && (c->dbits & ~DW_BASIC & 0x7f)) {
            for (bits = c->dbits & ~DW_BASIC & 0x7fu; bits; bits &= bits - 1) ADD(F_DOCCTX, bits & -bits);
            ADD(F_DOCCTX, PAIR(c->dbits & ~DW_BASIC & 0x7fu, 0x100u));
        }
        /* word clusters at three granularities (clusters.c) */
        if (c->path) {
            ADD(F_CL0, PAIR(1, (c->path >> 20) & 0x7fu));
            ADD(F_CL0, PAIR(2, (c->path >> 11) & 0x1ffu));
            ADD(F_CL0, PAIR(3, c->path & 0x7ffu));
        } else {
            ADD(F_CL0, 7);
        }
    } else {
        /* the word before (ROLE_LEFT) or after: the same features, each
         * side with its own ids and its own edge value */
        int left = role == ROLE_LEFT;
        ADD(left ? F_Lm1 : F_Lp1, c ? c->l : (left ? BOS : EOS));
        ADD(left ? F_Wm1 : F_Wp1, c ? c->w : (left ? BOS : EOS));
        ADD(left ? F_Sm1 : F_Sp1, c ? c->sh : (left ? BOS : EOS));
        for (bits = c ? c->lex & LEX_FEAT : 0, nb = 0; bits && nb < 12; bits &= bits - 1, nb++)
            ADD(left ? F_LEXm1 : F_LEXp1, bits & -bits);
        ADD(left ? F_CLm1 : F_CLp1, c ? (c->path >> 11) & 0xffffu : 1u << 20);
    }
    return k;
}

/* Cache key of a word for word_feats: everything those features read. */
static uint64_t word_key(const rec_t *c) {
    uint64_t k = fmix(c->w ^ ((uint64_t)c->lex << 17) ^ ((uint64_t)c->dbits << 51) ^
                      ((uint64_t)c->lenc << 59) ^ ((uint64_t)(c->cap & CX_UPPER) << 40));
    return k ? k : 1;
}

void nm_tagger_features(const nm_tagctx_t *cx, size_t b, size_t e, nm_tagscratch_t *s) {
    const rec_t *r;
    size_t n = e - b, p;
    fill_records(cx, b, e, s);
    r = (const rec_t *)s->rec;
    for (p = 0; p < n; p++) {
        uint64_t *f = s->feat + p * NM_TAGGER_MAXFEAT;
        size_t k = 0;
        const rec_t *c = &r[p];
        const rec_t *m1 = p > 0 ? &r[p - 1] : NULL, *m2 = p > 1 ? &r[p - 2] : NULL;
        const rec_t *p1 = p + 1 < n ? &r[p + 1] : NULL, *p2 = p + 2 < n ? &r[p + 2] : NULL;
        uint64_t lm1 = m1 ? m1->l : BOS, lp1 = p1 ? p1->l : EOS;
        uint64_t sm1 = m1 ? m1->sh : BOS, sp1 = p1 ? p1->sh : EOS;
        uint32_t bits;
        int nb;
        if (s->wc) {
            /* the tagger: word features come from its cache (decode) */
            s->wkey[p] = word_key(c);
        } else {
            k += word_feats(c, ROLE_SELF, f + k);
            k += word_feats(m1, ROLE_LEFT, f + k);
            k += word_feats(p1, ROLE_RIGHT, f + k);
        }
        ADD(F_BIAS, 0);
        ADD(F_Lm2, m2 ? m2->l : BOS);
        ADD(F_Lp2, p2 ? p2->l : EOS);
        ADD(F_Lm1L0, PAIR(lm1, c->l));
        ADD(F_L0Lp1, PAIR(c->l, lp1));
        ADD(F_Sm1S0, PAIR(sm1, c->sh));
        ADD(F_S0Sp1, PAIR(c->sh, sp1));
        ADD(F_Sm1S0Sp1, PAIR(PAIR(sm1, c->sh), sp1));
        ADD(F_Lm1S0, PAIR(lm1, c->sh));
        ADD(F_S0Lp1, PAIR(c->sh, lp1));
        ADD(F_CAP0, c->cap);
        ADD(F_CAPm1CAP0, PAIR(m1 ? m1->cap : 0x100u, c->cap));
        ADD(F_CAP0CAPp1, PAIR(c->cap, p1 ? p1->cap : 0x100u));
        ADD(F_L0CAP, PAIR(c->l, c->cap & (CX_INIT | CX_HEADLINE | CX_UPPER | CX_TITLELINE)));
        if (c->cap & CX_HEADLINE) ADD(F_HL_L0, c->l);
        ADD(F_LEXm2, m2 ? m2->lex & LEX_NAME : 1u << 31);
        ADD(F_LEXp2, p2 ? p2->lex & LEX_NAME : 1u << 31);
        ADD(F_LEXMASK0, PAIR(c->lex & LEX_NAME, c->cap & (CX_UPPER | CX_INIT | CX_HEADLINE)));
        ADD(F_LEXm1CAP0, PAIR(m1 ? m1->lex & (NM_LX_TITLE | NM_LX_ROLE | NM_LX_FUNC | NM_LX_DEMONYM | NM_LX_COUNTRY) : 1u << 31, c->cap & (CX_UPPER | CX_ALLCAPS)));
        /* multi-token lexicon match covering the token */
        for (bits = c->mcls, nb = 0; bits && nb < 10; bits &= bits - 1, nb++)
            ADD(F_MLEX0, PAIR(bits & -bits, c->mpos));
        ADD(F_MLEXm1, PAIR(m1 ? m1->mcls : 1u << 31, m1 ? m1->mpos : 9));
        ADD(F_MLEXp1, PAIR(p1 ? p1->mcls : 1u << 31, p1 ? p1->mpos : 9));
        /* casing of the word elsewhere in the document */
        ADD(F_DOC0, PAIR(c->dbits & DW_BASIC, c->cap & (CX_INIT | CX_HEADLINE | CX_UPPER | CX_ALLCAPS | CX_TITLELINE)));
        /* last: the prediction history of the word (see tagger.h) */
        f[k++] = nm_tagger_hist_hash(nm_tagger_hist_value(
            c->dslot == UINT32_MAX ? no_hist : s->dhist + (size_t)c->dslot * NM_TAGGER_HIST,
            (c->cap & CX_UPPER) != 0));
        s->nfeat[p] = (uint8_t)k;
    }
}
#undef ADD

/* ---------------------------------------------------------------- decoding */

/* One step of the Viterbi recursion, scalar: for each of the `ncols` tags t,
 * the best previous tag u < nt (into bk[t]) and nxt[t] = cur[u] + tr[u *
 * stride + t] + sc[t]. Forbidden moves are at -1e30 in tr. */
static void viterbi_step(const float *cur, const float *tr, int nt, int ncols, int stride,
                         const float *sc, float *nxt, uint8_t *bk) {
    int t, u;
    for (t = 0; t < ncols; t++) {
        float bv = cur[0] + tr[t];
        int bu = 0;
        for (u = 1; u < nt; u++) {
            float v = cur[u] + tr[u * stride + t];
            if (v > bv) {
                bv = v;
                bu = u;
            }
        }
        nxt[t] = bv + sc[t];
        bk[t] = (uint8_t)bu;
    }
}

/* The tags of the best path: the best last tag by cur (the lowest on a tie),
 * then back (rows of `stride`) to the first token. */
static void viterbi_back(const float *cur, int nt, const uint8_t *back, int stride, size_t n,
                         uint8_t *tags) {
    size_t i = n - 1;
    int t, best = 0;
    for (t = 1; t < nt; t++)
        if (cur[t] > cur[best]) best = t;
    tags[i] = (uint8_t)best;
    while (i > 0) {
        best = back[i * (size_t)stride + (size_t)best];
        tags[--i] = (uint8_t)best;
    }
}

void nm_viterbi(const float *trans, int nt, const float *score, size_t n, uint8_t *back,
                uint8_t *tags) {
    float cur[NM_TAGGER_MAXTAGS], nxt[NM_TAGGER_MAXTAGS];
    size_t i;
    int t;
    if (n == 0) return;
    for (t = 0; t < nt; t++) cur[t] = trans[nt * nt + t] + score[t];
    for (i = 1; i < n; i++) {
        viterbi_step(cur, trans, nt, nt, nt, score + i * nt, nxt, back + i * nt);
        memcpy(cur, nxt, sizeof(float) * (size_t)nt);
    }
    viterbi_back(cur, nt, back, nt, n, tags);
}

int nm_tag_nunit(int nlabels) {
    int u = NM_TAGGER_ROW - 1 - 2 * nlabels;
    if (u > 3) u = 3;
    if (u > nlabels) u = nlabels;
    return u < 0 ? 0 : u;
}

int nm_tag_count(int nlabels) { return 1 + 2 * nlabels + nm_tag_nunit(nlabels); }

int nm_tag_bio(int tag, int nlabels) {
    return tag > 2 * nlabels ? 1 + 2 * (tag - 1 - 2 * nlabels) : tag;
}

int nm_bio_allowed(int from, int to, int nlabels) {
    int nt = nm_tag_count(nlabels);
    /* a B-x of a label that has a unit tag starts a name of two tokens or more */
    if (from > 0 && from < 2 * nlabels && (from & 1) && (from - 1) / 2 < nm_tag_nunit(nlabels))
        return to == from + 1;
    if (to == 0 || (to & 1) || to > 2 * nlabels) return 1; /* O, B-x and U-x anywhere else */
    if (from == nt || from == 0 || from > 2 * nlabels) return 0;
    return (from + 1) / 2 == to / 2; /* B-x or I-x before I-x */
}

/* Row pointers of the features of one token (NULL: not in the model). */
static size_t resolve_rows(const nm_tagger_t *tg, const uint64_t *f, size_t nf, const int16_t **out) {
    size_t k, m = 0;
    for (k = 0; k < nf; k++) {
        uint64_t h = f[k];
        uint32_t fp = (uint32_t)(h >> 32) | 1u, i = (uint32_t)h & tg->mask, sf;
        const int16_t *r;
        while ((sf = tg->slot[2 * i]) != fp) {
            if (!sf) goto next;
            i = (i + 1) & tg->mask;
        }
        r = tg->rows + (size_t)tg->slot[2 * i + 1] * NM_TAGGER_ROW;
        __builtin_prefetch(r);
        out[m++] = r;
    next:;
    }
    return m;
}

/* Sum the rows of one token into acc[NM_TAGGER_ROW] (int32, added to what
 * acc holds). */
static void sum_rows(const int16_t *const *rp, size_t m, int32_t *acc) {
    size_t k;
#if defined(__SSE2__)
    __m128i a0 = _mm_loadu_si128((const __m128i *)acc), a1 = _mm_loadu_si128((const __m128i *)(acc + 4));
    __m128i a2 = _mm_loadu_si128((const __m128i *)(acc + 8)), a3 = _mm_loadu_si128((const __m128i *)(acc + 12));
    for (k = 0; k < m; k++) {
        const int16_t *r = rp[k];
        __m128i x = _mm_loadu_si128((const __m128i *)r), y = _mm_loadu_si128((const __m128i *)(r + 8));
        a0 = _mm_add_epi32(a0, _mm_srai_epi32(_mm_unpacklo_epi16(x, x), 16));
        a1 = _mm_add_epi32(a1, _mm_srai_epi32(_mm_unpackhi_epi16(x, x), 16));
        a2 = _mm_add_epi32(a2, _mm_srai_epi32(_mm_unpacklo_epi16(y, y), 16));
        a3 = _mm_add_epi32(a3, _mm_srai_epi32(_mm_unpackhi_epi16(y, y), 16));
    }
    _mm_storeu_si128((__m128i *)acc, a0);
    _mm_storeu_si128((__m128i *)(acc + 4), a1);
    _mm_storeu_si128((__m128i *)(acc + 8), a2);
    _mm_storeu_si128((__m128i *)(acc + 12), a3);
#else
    int t;
    for (k = 0; k < m; k++)
        for (t = 0; t < NM_TAGGER_ROW; t++) acc[t] += rp[k][t];
#endif
}

static void add_sum(int32_t *acc, const int32_t *x) {
    int t;
    for (t = 0; t < NM_TAGGER_ROW; t++) acc[t] += x[t];
}

/* Fill a cache entry: the sums of a word's features in each role (c NULL:
 * the sentence boundary, roles LEFT and RIGHT only). */
static void fill_entry(const nm_tagger_t *tg, const rec_t *c, wentry_t *w) {
    uint64_t f[NM_TAGGER_MAXFEAT];
    const int16_t *rp[NM_TAGGER_MAXFEAT];
    int role;
    memset(w->sum, 0, sizeof w->sum);
    for (role = c ? ROLE_SELF : ROLE_LEFT; role < NROLES; role++) {
        size_t nf = word_feats(c, role, f);
        sum_rows(rp, resolve_rows(tg, f, nf, rp), w->sum[role]);
    }
}

/* The sums of the word of token p (rec r) in a role. */
static const int32_t *word_sum(const nm_tagger_t *tg, nm_tagscratch_t *s, const rec_t *r, size_t p,
                               int role) {
    wentry_t *w = (wentry_t *)s->wc + (s->wkey[p] & (NM_TAGGER_WCACHE - 1));
    if (w->key != s->wkey[p]) {
        fill_entry(tg, &r[p], w);
        w->key = s->wkey[p];
    }
    return w->sum[role];
}

/* Viterbi over rows of NM_TAGGER_ROW: score[n][16], tr[(nt + 1)][16] with
 * -1e30 in the forbidden and padding columns. The same result as
 * nm_viterbi (ties go to the lowest previous tag), four tags at a time. */
static void viterbi16(const float *tr, int nt, const float *score, size_t n, uint8_t *back,
                      uint8_t *tags, float *alpha) {
    float cur[NM_TAGGER_ROW];
    size_t i;
    int t;
    if (n == 0) return;
    for (t = 0; t < NM_TAGGER_ROW; t++) cur[t] = tr[nt * NM_TAGGER_ROW + t] + score[t];
    memcpy(alpha, cur, sizeof cur);
    for (i = 1; i < n; i++) {
        const float *sc = score + i * NM_TAGGER_ROW;
        uint8_t *bk = back + i * NM_TAGGER_ROW;
#if defined(__SSE2__)
        __m128 b0, b1, b2, b3, c;
        __m128i u0, u1, u2, u3;
        int u;
        c = _mm_set1_ps(cur[0]);
        b0 = _mm_add_ps(c, _mm_loadu_ps(tr));
        b1 = _mm_add_ps(c, _mm_loadu_ps(tr + 4));
        b2 = _mm_add_ps(c, _mm_loadu_ps(tr + 8));
        b3 = _mm_add_ps(c, _mm_loadu_ps(tr + 12));
        u0 = u1 = u2 = u3 = _mm_setzero_si128();
        for (u = 1; u < nt; u++) {
            const float *row = tr + u * NM_TAGGER_ROW;
            __m128i uu = _mm_set1_epi32(u);
            __m128 v, m;
            c = _mm_set1_ps(cur[u]);
#define STEP(B, U, o)                                                              \
    v = _mm_add_ps(c, _mm_loadu_ps(row + (o)));                                    \
    m = _mm_cmpgt_ps(v, B);                                                        \
    B = _mm_or_ps(_mm_and_ps(m, v), _mm_andnot_ps(m, B));                          \
    U = _mm_or_si128(_mm_and_si128(_mm_castps_si128(m), uu), _mm_andnot_si128(_mm_castps_si128(m), U));
            STEP(b0, u0, 0)
            STEP(b1, u1, 4)
            STEP(b2, u2, 8)
            STEP(b3, u3, 12)
#undef STEP
        }
        _mm_storeu_ps(cur, _mm_add_ps(b0, _mm_loadu_ps(sc)));
        _mm_storeu_ps(cur + 4, _mm_add_ps(b1, _mm_loadu_ps(sc + 4)));
        _mm_storeu_ps(cur + 8, _mm_add_ps(b2, _mm_loadu_ps(sc + 8)));
        _mm_storeu_ps(cur + 12, _mm_add_ps(b3, _mm_loadu_ps(sc + 12)));
        _mm_storeu_si128((__m128i *)bk, _mm_packus_epi16(_mm_packs_epi32(u0, u1), _mm_packs_epi32(u2, u3)));
#else
        {
            float nxt[NM_TAGGER_ROW];
            viterbi_step(cur, tr, nt, NM_TAGGER_ROW, NM_TAGGER_ROW, sc, nxt, bk);
            memcpy(cur, nxt, sizeof nxt);
        }
#endif
        memcpy(alpha + i * NM_TAGGER_ROW, cur, sizeof cur);
    }
    viterbi_back(cur, nt, back, NM_TAGGER_ROW, n, tags);
}

static void prefetch_slots(const nm_tagger_t *tg, const uint64_t *f, size_t nf) {
    size_t k;
    for (k = 0; k < nf; k++) __builtin_prefetch(&tg->slot[2 * ((uint32_t)f[k] & tg->mask)]);
}

/* A pipeline over the tokens: the slots of token p + 2 are prefetched, the
 * rows of token p + 1 found and prefetched, the rows of token p summed. With
 * the word cache the one-word features come from it (the same integer sums
 * as the full lists give, so the same tags). */
void nm_tagger_decode(const nm_tagger_t *tg, size_t n, nm_tagscratch_t *s, uint8_t *tags) {
    const int16_t *rp[2][NM_TAGGER_MAXFEAT];
    size_t m[2] = {0, 0}, p;
    const rec_t *r = (const rec_t *)s->rec;
    wentry_t *bnd = NULL;
    int t;
    if (n == 0) return;
    if (s->wc) {
        bnd = (wentry_t *)s->wc + NM_TAGGER_WCACHE;
        if (s->wcserial != tg->serial) {
            memset(s->wc, 0, (NM_TAGGER_WCACHE + 1) * sizeof(wentry_t));
            fill_entry(tg, NULL, bnd);
            s->wcserial = tg->serial;
        }
    }
    prefetch_slots(tg, s->feat, s->nfeat[0]);
    if (n > 1) prefetch_slots(tg, s->feat + NM_TAGGER_MAXFEAT, s->nfeat[1]);
    m[0] = resolve_rows(tg, s->feat, s->nfeat[0], rp[0]);
    for (p = 0; p < n; p++) {
        int32_t acc[NM_TAGGER_ROW];
        float *sc = s->score + p * NM_TAGGER_ROW;
        if (p + 2 < n) prefetch_slots(tg, s->feat + (p + 2) * NM_TAGGER_MAXFEAT, s->nfeat[p + 2]);
        if (p + 1 < n)
            m[(p + 1) & 1] = resolve_rows(tg, s->feat + (p + 1) * NM_TAGGER_MAXFEAT, s->nfeat[p + 1],
                                          rp[(p + 1) & 1]);
        memset(acc, 0, sizeof acc);
        if (bnd) {
            if (p + 2 < n) __builtin_prefetch((wentry_t *)s->wc + (s->wkey[p + 2] & (NM_TAGGER_WCACHE - 1)));
            add_sum(acc, p > 0 ? word_sum(tg, s, r, p - 1, ROLE_LEFT) : bnd->sum[ROLE_LEFT]);
            add_sum(acc, word_sum(tg, s, r, p, ROLE_SELF));
            add_sum(acc, p + 1 < n ? word_sum(tg, s, r, p + 1, ROLE_RIGHT) : bnd->sum[ROLE_RIGHT]);
        }
        sum_rows(rp[p & 1], m[p & 1], acc);
#if defined(__SSE2__)
        {
            __m128 is = _mm_set1_ps(tg->inv_scale);
            for (t = 0; t < NM_TAGGER_ROW; t += 4)
                _mm_storeu_ps(sc + t, _mm_mul_ps(_mm_cvtepi32_ps(_mm_loadu_si128((const __m128i *)(acc + t))), is));
        }
#else
        for (t = 0; t < NM_TAGGER_ROW; t++) sc[t] = (float)acc[t] * tg->inv_scale;
#endif
    }
    viterbi16(tg->trans16, tg->ntags, s->score, n, s->back, tags, s->alpha);
    for (p = 0; p < n; p++) tags[p] = (uint8_t)nm_tag_bio(tags[p], tg->nlabels);
}

static uint8_t conf_byte(const nm_tagger_t *tg, float m) {
    m *= NM_CONF_STEP / tg->conf_unit;
    if (!(m > 0.0f)) return 0;
    return m >= 255.0f ? 255 : (uint8_t)(m + 0.5f);
}

/* Max-marginals: alpha[i][t] = best score of a path over tokens 0..i ending
 * in t, beta[i][t] = best score of the rest of the path after t at i, so
 * alpha + beta is the best score of a whole path through t at i. */
void nm_tagger_confidence(const nm_tagger_t *tg, size_t n, nm_tagscratch_t *s,
                          const uint8_t *tags, uint8_t *lab, uint8_t *ex) {
    const float *trT = tg->transT16, *score = s->score;
    const float *al = s->alpha;
    float *be = s->beta, best;
    int nt = tg->ntags, nl = tg->nlabels, t;
    size_t i, j, k;
    for (i = 0; i < n && !tags[i]; i++) lab[i] = ex[i] = 0;
    if (i == n) return; /* no name: nothing to measure */
    /* alpha: stored by viterbi16 */
    for (t = 0; t < NM_TAGGER_ROW; t++) be[(n - 1) * NM_TAGGER_ROW + t] = 0.0f;
    for (i = n - 1; i > 0; i--) {
        const float *nx = be + i * NM_TAGGER_ROW, *sc = score + i * NM_TAGGER_ROW;
        float *cur = be + (i - 1) * NM_TAGGER_ROW, w[NM_TAGGER_ROW];
        for (t = 0; t < NM_TAGGER_ROW; t++) w[t] = sc[t] + nx[t];
#if defined(__SSE2__)
        {
            __m128 b0, b1, b2, b3, c;
            c = _mm_set1_ps(w[0]);
            b0 = _mm_add_ps(c, _mm_loadu_ps(trT));
            b1 = _mm_add_ps(c, _mm_loadu_ps(trT + 4));
            b2 = _mm_add_ps(c, _mm_loadu_ps(trT + 8));
            b3 = _mm_add_ps(c, _mm_loadu_ps(trT + 12));
            for (t = 1; t < nt; t++) {
                const float *row = trT + t * NM_TAGGER_ROW;
                c = _mm_set1_ps(w[t]);
                b0 = _mm_max_ps(b0, _mm_add_ps(c, _mm_loadu_ps(row)));
                b1 = _mm_max_ps(b1, _mm_add_ps(c, _mm_loadu_ps(row + 4)));
                b2 = _mm_max_ps(b2, _mm_add_ps(c, _mm_loadu_ps(row + 8)));
                b3 = _mm_max_ps(b3, _mm_add_ps(c, _mm_loadu_ps(row + 12)));
            }
            _mm_storeu_ps(cur, b0);
            _mm_storeu_ps(cur + 4, b1);
            _mm_storeu_ps(cur + 8, b2);
            _mm_storeu_ps(cur + 12, b3);
        }
#else
        {
            int u;
            for (u = 0; u < NM_TAGGER_ROW; u++) {
                float bv = trT[u] + w[0];
                for (t = 1; t < nt; t++) {
                    float v = trT[t * NM_TAGGER_ROW + u] + w[t];
                    if (v > bv) bv = v;
                }
                cur[u] = bv;
            }
        }
#endif
    }
    best = al[0] + be[0];
    for (t = 1; t < nt; t++)
        if (al[t] + be[t] > best) best = al[t] + be[t];
    i = 0;
    while (i < n) {
        int l;
        float olab = -3e38f, oex = -3e38f;
        if (!(tags[i] & 1)) {
            lab[i] = ex[i] = 0;
            i++;
            continue;
        }
        l = (tags[i] - 1) / 2;
        for (j = i + 1; j < n && tags[j] == tags[i] + 1; j++)
            ;
        for (k = i; k < j; k++) {
            const float *a = al + k * NM_TAGGER_ROW, *b = be + k * NM_TAGGER_ROW;
            if (a[0] + b[0] > oex) oex = a[0] + b[0];
            for (t = 1; t < nt; t++) {
                int tl = t > 2 * nl ? t - 1 - 2 * nl : (t - 1) / 2;
                if (tl != l && a[t] + b[t] > olab) olab = a[t] + b[t];
            }
        }
        lab[i] = conf_byte(tg, best - olab);
        ex[i] = conf_byte(tg, best - oex);
        for (k = i + 1; k < j; k++) lab[k] = ex[k] = 0;
        i = j;
    }
}

void nm_tagger_weights(const nm_tagger_t *tg, nm_tagger_weights_t *w) {
    w->slot = tg->slot;
    w->rows = tg->rows;
    w->nslots = tg->mask + 1;
    w->nrows = nm_rd32(tg->buf + 28);
    memcpy(&w->scale, tg->buf + 60, sizeof w->scale);
    w->trans = (const float *)(tg->buf + NM_TAGGER_HEADER);
    w->nlabels = tg->nlabels;
    w->labels = tg->labels;
}

uint32_t nm_tagger_find(const nm_tagger_t *tg, uint64_t h) {
    uint32_t fp = (uint32_t)(h >> 32) | 1u, i = (uint32_t)h & tg->mask, sf;
    while ((sf = tg->slot[2 * i]) != fp) {
        if (!sf) return UINT32_MAX;
        i = (i + 1) & tg->mask;
    }
    return tg->slot[2 * i + 1];
}

uint64_t nm_tagger_serial(const nm_tagger_t *tg) { return tg ? tg->serial : 0; }

int nm_tagger_ntags(const nm_tagger_t *tg) { return tg ? tg->ntags : 0; }

int nm_tagger_tag_label(const nm_tagger_t *tg, int tag, int *begin) {
    if (begin) *begin = (tag & 1) != 0 || (tg && tag > 2 * tg->nlabels);
    if (!tg || tag <= 0 || tag >= tg->ntags) return NM_NONE;
    return tg->labels[(nm_tag_bio(tag, tg->nlabels) - 1) / 2];
}

const nm_clusters_t *nm_tagger_clusters(const nm_tagger_t *tg) {
    return tg && tg->cl.slot ? &tg->cl : NULL;
}

/* ---------------------------------------------------------------- loading */


static int is_pow2(uint32_t x) { return x && !(x & (x - 1)); }

/* The model's block: every token probes it at ~30 random places, so on
 * Linux it is asked for in 2 MB pages (far fewer TLB misses). Freed with
 * free(). */
static void *model_alloc(size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (size >= ((size_t)2 << 20)) {
        void *p = NULL;
        size_t huge = (size_t)2 << 20, round = (size + huge - 1) & ~(huge - 1);
        if (posix_memalign(&p, huge, round) == 0) {
            (void)madvise(p, round, MADV_HUGEPAGE);
            return p;
        }
    }
#endif
    return malloc(size ? size : 1);
}

/* Validate buf (owned: freed on failure) and make *out. */
/* A number no other model loaded by this process has had: a word cache
 * filled from one model is never taken for another one's, even when the
 * second is loaded at the address the first was freed from. */
static uint64_t next_serial(void) {
    static uint64_t serial;
#if defined(__GNUC__) || defined(__clang__)
    return __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED);
#else
    return ++serial; /* (loads from several threads at once need the builtin) */
#endif
}

static int load_buf(unsigned char *buf, size_t size, const char *name, nm_tagger_t **out,
                    char *errbuf, size_t errlen) {
    nm_tagger_t *tg = NULL;
    uint32_t version, featset, nlabels, ntags, nslots, nrows, ncslots, i;
    float scale;
    uint64_t off, transsz;
    int rc, from, to;
    const unsigned char *h = buf;

    if (size < NM_TAGGER_HEADER || memcmp(h, NM_TAGGER_MAGIC, 8) != 0) {
        rc = nm_load_fail(errbuf, errlen, name,
                  NM_EFORMAT, size < NM_TAGGER_HEADER && size >= 8 && !memcmp(h, NM_TAGGER_MAGIC, 8)
                                  ? "truncated model file (shorter than its header)"
                                  : "not a newsmark model file (bad magic)");
        goto bad;
    }
    version = nm_rd32(h + 8);
    featset = nm_rd32(h + 12);
    if (version != NM_TAGGER_VERSION) {
        rc = nm_load_fail(errbuf, errlen, name, NM_EVERSION, "unsupported model format version");
        goto bad;
    }
    if (featset != NM_TAGGER_FEATSET) {
        rc = nm_load_fail(errbuf, errlen, name, NM_EVERSION,
                  "model trained with another feature set; retrain it (make model)");
        goto bad;
    }
    nlabels = nm_rd32(h + 16);
    ntags = nm_rd32(h + 20);
    nslots = nm_rd32(h + 24);
    nrows = nm_rd32(h + 28);
    ncslots = nm_rd32(h + 56);
    memcpy(&scale, h + 60, sizeof scale);
    if (nlabels < 1 || nlabels > NM_TAGGER_MAXLABELS || ntags != (uint32_t)nm_tag_count((int)nlabels) || !is_pow2(nslots) ||
        (ncslots && !is_pow2(ncslots)) || nrows > nslots || !(scale > 0) || scale > 1e30f) {
        rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, "bad sizes in the model header");
        goto bad;
    }
    transsz = ((uint64_t)(ntags + 1) * ntags * 4 + 15) & ~(uint64_t)15;
    off = NM_TAGGER_HEADER + transsz + (uint64_t)nslots * 8 + (uint64_t)nrows * NM_TAGGER_ROW * 2;
    off += (uint64_t)ncslots * 8;
    if (nm_rd64(h + 48) != off || size != off) {
        rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT,
                  size < off || size < nm_rd64(h + 48) ? "truncated model file" : "model file size does not match its header");
        goto bad;
    }
    if (nm_lex_checksum(buf + NM_TAGGER_HEADER, size - NM_TAGGER_HEADER) != nm_rd64(h + 40)) {
        rc = nm_load_fail(errbuf, errlen, name, NM_ECHECKSUM, "checksum mismatch (model file damaged)");
        goto bad;
    }
    tg = calloc(1, sizeof *tg);
    if (!tg) {
        rc = nm_load_fail(errbuf, errlen, name, NM_ENOMEM, "out of memory");
        goto bad;
    }
    tg->serial = next_serial();
    tg->buf = buf;
    tg->size = size;
    tg->ntags = (int)ntags;
    tg->nlabels = (int)nlabels;
    for (i = 0; i < nlabels; i++) {
        tg->labels[i] = h[32 + i];
        if (tg->labels[i] == NM_NONE || tg->labels[i] >= NM_LABEL_COUNT) {
            rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, "unknown label in the model header");
            goto bad;
        }
    }
    tg->slot = (const uint32_t *)(buf + NM_TAGGER_HEADER + transsz);
    tg->rows = (const int16_t *)(tg->slot + 2 * (size_t)nslots);
    tg->inv_scale = 1.0f / scale;
    {
        /* the model's typical weight, so confidence thresholds mean the same
         * for a big mixed model and a small fine-tuned or test one */
        const int16_t *w = (const int16_t *)(tg->slot + 2 * (size_t)nslots);
        uint64_t sum = 0, cnt = 0;
        size_t q, nw = (size_t)nrows * NM_TAGGER_ROW;
        for (q = 0; q < nw; q++) {
            int v = w[q];
            sum += (uint64_t)(v < 0 ? -v : v);
            cnt += v != 0;
        }
        tg->conf_unit = cnt && sum ? (float)((double)sum / (double)cnt) * tg->inv_scale : 1.0f;
    }
    tg->mask = nslots - 1;
    if (ncslots) {
        tg->cl.slot = (const uint32_t *)(buf + size - (size_t)ncslots * 8);
        tg->cl.mask = ncslots - 1;
    }
    {
        /* lookups stop at an empty slot: a table without one would never end */
        uint64_t empty = 0, cempty = 0;
        for (i = 0; i < nslots; i++) {
            if (!tg->slot[2 * i]) empty++;
            else if (tg->slot[2 * i + 1] >= nrows) {
                rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, "bad feature table in the model");
                goto bad;
            }
        }
        for (i = 0; i < ncslots; i++)
            if (!tg->cl.slot[2 * i]) cempty++;
        if (!empty || (ncslots && !cempty)) {
            rc = nm_load_fail(errbuf, errlen, name, NM_EFORMAT, "full hash table in the model");
            goto bad;
        }
    }
    for (from = 0; from <= (int)ntags; from++) {
        for (to = 0; to < (int)ntags; to++) {
            float w;
            memcpy(&w, buf + NM_TAGGER_HEADER + 4 * ((size_t)from * ntags + (size_t)to), sizeof w);
            if (w != w) w = 0; /* NaN */
            tg->trans[from * (int)ntags + to] = nm_bio_allowed(from, to, (int)nlabels) ? w : -1e30f;
        }
        for (to = 0; to < NM_TAGGER_ROW; to++)
            tg->trans16[from * NM_TAGGER_ROW + to] =
                to < (int)ntags ? tg->trans[from * (int)ntags + to] : -1e30f;
    }
    for (to = 0; to < NM_TAGGER_MAXTAGS; to++)
        for (from = 0; from < NM_TAGGER_ROW; from++)
            tg->transT16[to * NM_TAGGER_ROW + from] =
                to < (int)ntags && from < (int)ntags ? tg->trans[from * (int)ntags + to] : -1e30f;
    *out = tg;
    return NM_OK;
bad:
    free(tg);
    free(buf);
    return rc;
}

int nm_tagger_load_mem(const void *data, size_t size, nm_tagger_t **out, char *errbuf,
                       size_t errlen) {
    unsigned char *buf;
    if (!out) return NM_EINVAL;
    *out = NULL;
    buf = model_alloc(size);
    if (!buf) return nm_load_fail(errbuf, errlen, "model", NM_ENOMEM, "out of memory");
    if (size) memcpy(buf, data, size);
    return load_buf(buf, size, "model", out, errbuf, errlen);
}

int nm_tagger_load(const char *path, nm_tagger_t **out, char *errbuf, size_t errlen) {
    unsigned char *buf;
    size_t size;
    int rc;
    if (!out) return NM_EINVAL;
    *out = NULL;
    /* read into the model's own block (model_alloc), which load_buf keeps */
    rc = nm_read_file(path, (size_t)-1, model_alloc, &buf, &size, errbuf, errlen);
    if (rc != NM_OK) return rc;
    return load_buf(buf, size, path, out, errbuf, errlen);
}

void nm_tagger_free(nm_tagger_t *tg) {
    if (!tg) return;
    free(tg->buf);
    free(tg);
}
