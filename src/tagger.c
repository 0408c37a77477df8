/*
 * tagger.c - the statistical entity tagger: feature extraction (shared with
 * the trainer), the model file (load, validate) and Viterbi decoding.
 *
 * See tagger.h for the model and the file format. Nothing here allocates per
 * token: the caller's nm_tagscratch_t holds every per-call array. A loaded
 * model is one malloc'd block plus a small struct, never written after
 * nm_tagger_load returns.
 */
#include "tagger.h"

#include "lexicon_build.h"

#include <stdio.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct nm_tagger {
    unsigned char *buf;  /* the whole file */
    size_t size;
    const uint32_t *slot; /* pairs {fp, row} */
    const int16_t *rows;  /* nrows * NM_TAGGER_ROW */
    float inv_scale;
    uint32_t mask;
    int ntags, nlabels;
    uint8_t labels[NM_TAGGER_MAXLABELS];
    nm_clusters_t cl;
    /* transitions with the BIO constraint applied: row ntags = start */
    float trans[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_MAXTAGS];
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
    uint8_t pad;
    uint32_t dslot;             /* slot in the document word table */
} rec_t;

void nm_tagscratch_init(nm_tagscratch_t *s) { memset(s, 0, sizeof *s); }

void nm_tagscratch_finish(nm_tagscratch_t *s) {
    free(s->rec);
    free(s->feat);
    free(s->nfeat);
    free(s->score);
    free(s->back);
    free(s->dkey);
    free(s->dbits);
    free(s->dhist);
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
    RE(score, cap * NM_TAGGER_MAXTAGS * sizeof(float));
    RE(back, cap * NM_TAGGER_MAXTAGS);
#undef RE
    s->cap = cap;
    return NM_OK;
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

/* Feature templates. */
enum {
    F_BIAS = 1, F_W0, F_L0, F_Lm1, F_Lp1, F_Lm2, F_Lp2, F_Lm1L0, F_L0Lp1, F_S0, F_Sm1, F_Sp1,
    F_Sm1S0, F_S0Sp1, F_Sm1S0Sp1, F_SL0, F_PRE1, F_PRE2, F_PRE3, F_PRE4, F_SUF1, F_SUF2, F_SUF3,
    F_SUF4, F_CAP0, F_CAPm1CAP0, F_CAP0CAPp1, F_LEX0, F_LEXm1, F_LEXp1, F_LEXm2, F_LEXp2,
    F_LEXMASK0, F_MLEX0, F_MLEXm1, F_MLEXp1, F_DOC0, F_DOCCAP0, F_CL0, F_CLm1, F_CLp1,
    F_Wm1, F_Wp1, F_L0CAP, F_HL_L0, F_Lm1S0, F_S0Lp1, F_LEXm1CAP0, F_LEN, F_HIST
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

int nm_tagger_doc(const nm_tagctx_t *cx, nm_tagscratch_t *s) {
    size_t k, b, n = 0;
    int rc;
    if (s->dalloc < 1024) {
        s->dcap = 0;
        if ((rc = doc_grow(s)) != NM_OK) return rc;
    }
    /* reuse the table as allocated; it grows with the distinct words */
    s->dcap = s->dalloc;
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
        int j;
#define ADD(tpl, v) (f[k++] = fmix(((uint64_t)(tpl) << 56) ^ (uint64_t)(v) * 0xD6E8FEB86659FD93ull ^ (tpl)))
        ADD(F_BIAS, 0);
        ADD(F_W0, c->w);
        ADD(F_L0, c->l);
        ADD(F_Lm1, lm1);
        ADD(F_Lp1, lp1);
        ADD(F_Lm2, m2 ? m2->l : BOS);
        ADD(F_Lp2, p2 ? p2->l : EOS);
        ADD(F_Lm1L0, PAIR(lm1, c->l));
        ADD(F_L0Lp1, PAIR(c->l, lp1));
        ADD(F_Wm1, m1 ? m1->w : BOS);
        ADD(F_Wp1, p1 ? p1->w : EOS);
        ADD(F_S0, c->sh);
        ADD(F_SL0, c->shl);
        ADD(F_Sm1, sm1);
        ADD(F_Sp1, sp1);
        ADD(F_Sm1S0, PAIR(sm1, c->sh));
        ADD(F_S0Sp1, PAIR(c->sh, sp1));
        ADD(F_Sm1S0Sp1, PAIR(PAIR(sm1, c->sh), sp1));
        ADD(F_Lm1S0, PAIR(lm1, c->sh));
        ADD(F_S0Lp1, PAIR(c->sh, lp1));
        for (j = 0; j < 4; j++) {
            ADD(F_PRE1 + j, c->pre[j]);
            ADD(F_SUF1 + j, c->suf[j]);
        }
        ADD(F_CAP0, c->cap);
        ADD(F_CAPm1CAP0, PAIR(m1 ? m1->cap : 0x100u, c->cap));
        ADD(F_CAP0CAPp1, PAIR(c->cap, p1 ? p1->cap : 0x100u));
        ADD(F_L0CAP, PAIR(c->l, c->cap & (CX_INIT | CX_HEADLINE | CX_UPPER | CX_TITLELINE)));
        if (c->cap & CX_HEADLINE) ADD(F_HL_L0, c->l);
        {
            uint32_t len = cx->tok[b + p].end - cx->tok[b + p].start;
            ADD(F_LEN, (c->flags & NM_TF_ALPHA) ? (uint64_t)(len > 3) + 2u * (len > 6) : 9u);
        }
        /* lexicon classes of the token and its neighbours, bit by bit */
        for (bits = c->lex & LEX_FEAT; bits && k < NM_TAGGER_MAXFEAT - 40; bits &= bits - 1)
            ADD(F_LEX0, bits & -bits);
        for (bits = m1 ? m1->lex & LEX_FEAT : 0; bits && k < NM_TAGGER_MAXFEAT - 36; bits &= bits - 1)
            ADD(F_LEXm1, bits & -bits);
        for (bits = p1 ? p1->lex & LEX_FEAT : 0; bits && k < NM_TAGGER_MAXFEAT - 32; bits &= bits - 1)
            ADD(F_LEXp1, bits & -bits);
        ADD(F_LEXm2, m2 ? m2->lex & LEX_NAME : 1u << 31);
        ADD(F_LEXp2, p2 ? p2->lex & LEX_NAME : 1u << 31);
        ADD(F_LEXMASK0, PAIR(c->lex & LEX_NAME, c->cap & (CX_UPPER | CX_INIT | CX_HEADLINE)));
        ADD(F_LEXm1CAP0, PAIR(m1 ? m1->lex & (NM_LX_TITLE | NM_LX_ROLE | NM_LX_FUNC | NM_LX_DEMONYM | NM_LX_COUNTRY) : 1u << 31, c->cap & (CX_UPPER | CX_ALLCAPS)));
        /* multi-token lexicon match covering the token */
        for (bits = c->mcls; bits && k < NM_TAGGER_MAXFEAT - 24; bits &= bits - 1)
            ADD(F_MLEX0, PAIR(bits & -bits, c->mpos));
        ADD(F_MLEXm1, PAIR(m1 ? m1->mcls : 1u << 31, m1 ? m1->mpos : 9));
        ADD(F_MLEXp1, PAIR(p1 ? p1->mcls : 1u << 31, p1 ? p1->mpos : 9));
        /* casing of the word elsewhere in the document */
        ADD(F_DOC0, PAIR(c->dbits, c->cap & (CX_INIT | CX_HEADLINE | CX_UPPER | CX_ALLCAPS | CX_TITLELINE)));
        ADD(F_DOCCAP0, PAIR(c->dbits & (DW_CAPMID | DW_LOWER), c->lex & (NM_LX_COMMON | NM_LX_FUNC)));
        /* word clusters at three granularities (clusters.c) */
        if (c->path) {
            ADD(F_CL0, PAIR(1, (c->path >> 20) & 0x7fu));
            ADD(F_CL0, PAIR(2, (c->path >> 11) & 0x1ffu));
            ADD(F_CL0, PAIR(3, c->path & 0x7ffu));
        } else {
            ADD(F_CL0, 7);
        }
        ADD(F_CLm1, m1 ? (m1->path >> 11) & 0xffffu : 1u << 20);
        ADD(F_CLp1, p1 ? (p1->path >> 11) & 0xffffu : 1u << 20);
#undef ADD
        /* last: the prediction history of the word (see tagger.h) */
        f[k++] = nm_tagger_hist_hash(nm_tagger_hist_value(
            c->dslot == UINT32_MAX ? no_hist : s->dhist + (size_t)c->dslot * NM_TAGGER_HIST,
            (c->cap & CX_UPPER) != 0));
        s->nfeat[p] = (uint8_t)k;
    }
}

/* ---------------------------------------------------------------- decoding */

void nm_viterbi(const float *trans, int nt, const float *score, size_t n, uint8_t *back,
                uint8_t *tags) {
    float cur[NM_TAGGER_MAXTAGS], nxt[NM_TAGGER_MAXTAGS];
    size_t i;
    int t, u, best;
    if (n == 0) return;
    for (t = 0; t < nt; t++) cur[t] = trans[nt * nt + t] + score[t];
    for (i = 1; i < n; i++) {
        const float *sc = score + i * nt;
        uint8_t *bk = back + i * nt;
        for (t = 0; t < nt; t++) {
            float bv;
            int bu;
            if (t && !(t & 1)) {
                /* I-x follows only B-x (t - 1) or I-x (t) */
                float v1 = cur[t - 1] + trans[(t - 1) * nt + t], v2 = cur[t] + trans[t * nt + t];
                bv = v1 >= v2 ? v1 : v2;
                bu = v1 >= v2 ? t - 1 : t;
            } else {
                bv = cur[0] + trans[t];
                bu = 0;
                for (u = 1; u < nt; u++) {
                    float v = cur[u] + trans[u * nt + t];
                    if (v > bv) {
                        bv = v;
                        bu = u;
                    }
                }
            }
            nxt[t] = bv + sc[t];
            bk[t] = (uint8_t)bu;
        }
        memcpy(cur, nxt, sizeof(float) * (size_t)nt);
    }
    best = 0;
    for (t = 1; t < nt; t++)
        if (cur[t] > cur[best]) best = t;
    i = n - 1;
    tags[i] = (uint8_t)best;
    while (i > 0) {
        best = back[i * nt + best];
        tags[--i] = (uint8_t)best;
    }
}

int nm_bio_allowed(int from, int to, int nt) {
    if (to == 0 || (to & 1)) return 1; /* O and B-x anywhere */
    if (from == nt || from == 0) return 0;
    return (from + 1) / 2 == to / 2; /* B-x or I-x before I-x */
}

/* Sum the rows of the features of one token into acc[NM_TAGGER_ROW]. */
static void score_token(const nm_tagger_t *tg, const uint64_t *f, size_t nf, int32_t *acc) {
    size_t k;
#if defined(__SSE2__)
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
#else
    int t;
    for (t = 0; t < NM_TAGGER_ROW; t++) acc[t] = 0;
#endif
    for (k = 0; k < nf; k++) {
        uint64_t h = f[k];
        uint32_t fp = (uint32_t)(h >> 32) | 1u, i = (uint32_t)h & tg->mask, sf;
        const int16_t *r;
        while ((sf = tg->slot[2 * i]) != fp) {
            if (!sf) goto next;
            i = (i + 1) & tg->mask;
        }
        r = tg->rows + (size_t)tg->slot[2 * i + 1] * NM_TAGGER_ROW;
#if defined(__SSE2__)
        {
            __m128i x = _mm_loadu_si128((const __m128i *)r), y = _mm_loadu_si128((const __m128i *)(r + 8));
            a0 = _mm_add_epi32(a0, _mm_srai_epi32(_mm_unpacklo_epi16(x, x), 16));
            a1 = _mm_add_epi32(a1, _mm_srai_epi32(_mm_unpackhi_epi16(x, x), 16));
            a2 = _mm_add_epi32(a2, _mm_srai_epi32(_mm_unpacklo_epi16(y, y), 16));
            a3 = _mm_add_epi32(a3, _mm_srai_epi32(_mm_unpackhi_epi16(y, y), 16));
        }
#else
        for (t = 0; t < NM_TAGGER_ROW; t++) acc[t] += r[t];
#endif
    next:;
    }
#if defined(__SSE2__)
    _mm_storeu_si128((__m128i *)acc, a0);
    _mm_storeu_si128((__m128i *)(acc + 4), a1);
    _mm_storeu_si128((__m128i *)(acc + 8), a2);
    _mm_storeu_si128((__m128i *)(acc + 12), a3);
#endif
}

void nm_tagger_decode(const nm_tagger_t *tg, size_t n, nm_tagscratch_t *s, uint8_t *tags) {
    int nt = tg->ntags, t;
    size_t p;
    int32_t acc[NM_TAGGER_ROW];
    if (n) {
        const uint64_t *f = s->feat;
        size_t k, nf = s->nfeat[0];
        for (k = 0; k < nf; k++) __builtin_prefetch(&tg->slot[2 * ((uint32_t)f[k] & tg->mask)]);
    }
    for (p = 0; p < n; p++) {
        float *sc = s->score + p * nt;
        const uint64_t *f = s->feat + p * NM_TAGGER_MAXFEAT;
        if (p + 1 < n) {
            const uint64_t *g = f + NM_TAGGER_MAXFEAT;
            size_t k, ng = s->nfeat[p + 1];
            for (k = 0; k < ng; k++) __builtin_prefetch(&tg->slot[2 * ((uint32_t)g[k] & tg->mask)]);
        }
        score_token(tg, f, s->nfeat[p], acc);
        for (t = 0; t < nt; t++) sc[t] = (float)acc[t] * tg->inv_scale;
    }
    nm_viterbi(tg->trans, nt, s->score, n, s->back, tags);
}

int nm_tagger_ntags(const nm_tagger_t *tg) { return tg ? tg->ntags : 0; }

int nm_tagger_tag_label(const nm_tagger_t *tg, int tag, int *begin) {
    if (begin) *begin = (tag & 1) != 0;
    if (!tg || tag <= 0 || tag >= tg->ntags) return NM_NONE;
    return tg->labels[(tag - 1) / 2];
}

const nm_clusters_t *nm_tagger_clusters(const nm_tagger_t *tg) {
    return tg && tg->cl.slot ? &tg->cl : NULL;
}

/* ---------------------------------------------------------------- loading */

static uint32_t rd32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t rd64(const unsigned char *p) { return (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32); }

static int fail(char *errbuf, size_t errlen, const char *name, int code, const char *what) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "%s: %s", name, what);
    return code;
}

static int is_pow2(uint32_t x) { return x && !(x & (x - 1)); }

/* Validate buf (owned: freed on failure) and make *out. */
static int load_buf(unsigned char *buf, size_t size, const char *name, nm_tagger_t **out,
                    char *errbuf, size_t errlen) {
    nm_tagger_t *tg = NULL;
    uint32_t version, featset, nlabels, ntags, nslots, nrows, ncslots, i;
    float scale;
    uint64_t off, transsz;
    int rc, from, to;
    const unsigned char *h = buf;

    if (size < NM_TAGGER_HEADER || memcmp(h, NM_TAGGER_MAGIC, 8) != 0) {
        rc = fail(errbuf, errlen, name,
                  NM_EFORMAT, size < NM_TAGGER_HEADER && size >= 8 && !memcmp(h, NM_TAGGER_MAGIC, 8)
                                  ? "truncated model file (shorter than its header)"
                                  : "not a newsmark model file (bad magic)");
        goto bad;
    }
    version = rd32(h + 8);
    featset = rd32(h + 12);
    if (version != NM_TAGGER_VERSION) {
        rc = fail(errbuf, errlen, name, NM_EVERSION, "unsupported model format version");
        goto bad;
    }
    if (featset != NM_TAGGER_FEATSET) {
        rc = fail(errbuf, errlen, name, NM_EVERSION,
                  "model trained with another feature set; retrain it (make model)");
        goto bad;
    }
    nlabels = rd32(h + 16);
    ntags = rd32(h + 20);
    nslots = rd32(h + 24);
    nrows = rd32(h + 28);
    ncslots = rd32(h + 56);
    memcpy(&scale, h + 60, sizeof scale);
    if (nlabels < 1 || nlabels > NM_TAGGER_MAXLABELS || ntags != 1 + 2 * nlabels || !is_pow2(nslots) ||
        (ncslots && !is_pow2(ncslots)) || nrows > nslots || !(scale > 0) || scale > 1e30f) {
        rc = fail(errbuf, errlen, name, NM_EFORMAT, "bad sizes in the model header");
        goto bad;
    }
    transsz = ((uint64_t)(ntags + 1) * ntags * 4 + 15) & ~(uint64_t)15;
    off = NM_TAGGER_HEADER + transsz + (uint64_t)nslots * 8 + (uint64_t)nrows * NM_TAGGER_ROW * 2;
    off += (uint64_t)ncslots * 8;
    if (rd64(h + 48) != off || size != off) {
        rc = fail(errbuf, errlen, name, NM_EFORMAT,
                  size < off || size < rd64(h + 48) ? "truncated model file" : "model file size does not match its header");
        goto bad;
    }
    if (nm_lex_checksum(buf + NM_TAGGER_HEADER, size - NM_TAGGER_HEADER) != rd64(h + 40)) {
        rc = fail(errbuf, errlen, name, NM_ECHECKSUM, "checksum mismatch (model file damaged)");
        goto bad;
    }
    tg = calloc(1, sizeof *tg);
    if (!tg) {
        rc = fail(errbuf, errlen, name, NM_ENOMEM, "out of memory");
        goto bad;
    }
    tg->buf = buf;
    tg->size = size;
    tg->ntags = (int)ntags;
    tg->nlabels = (int)nlabels;
    for (i = 0; i < nlabels; i++) {
        tg->labels[i] = h[32 + i];
        if (tg->labels[i] == NM_NONE || tg->labels[i] >= NM_LABEL_COUNT) {
            rc = fail(errbuf, errlen, name, NM_EFORMAT, "unknown label in the model header");
            goto bad;
        }
    }
    tg->slot = (const uint32_t *)(buf + NM_TAGGER_HEADER + transsz);
    tg->rows = (const int16_t *)(tg->slot + 2 * (size_t)nslots);
    tg->inv_scale = 1.0f / scale;
    tg->mask = nslots - 1;
    if (ncslots) {
        tg->cl.slot = (const uint32_t *)(buf + size - (size_t)ncslots * 8);
        tg->cl.mask = ncslots - 1;
    }
    for (i = 0; i < nslots; i++) {
        if (tg->slot[2 * i] && tg->slot[2 * i + 1] >= nrows) {
            rc = fail(errbuf, errlen, name, NM_EFORMAT, "bad feature table in the model");
            goto bad;
        }
    }
    for (from = 0; from <= (int)ntags; from++) {
        for (to = 0; to < (int)ntags; to++) {
            float w;
            memcpy(&w, buf + NM_TAGGER_HEADER + 4 * ((size_t)from * ntags + (size_t)to), sizeof w);
            if (w != w) w = 0; /* NaN */
            tg->trans[from * (int)ntags + to] = nm_bio_allowed(from, to, (int)ntags) ? w : -1e30f;
        }
    }
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
    buf = malloc(size ? size : 1);
    if (!buf) return fail(errbuf, errlen, "model", NM_ENOMEM, "out of memory");
    if (size) memcpy(buf, data, size);
    return load_buf(buf, size, "model", out, errbuf, errlen);
}

int nm_tagger_load(const char *path, nm_tagger_t **out, char *errbuf, size_t errlen) {
    FILE *f = NULL;
    unsigned char *buf = NULL;
    long sz;
    int rc;
    if (!out) return NM_EINVAL;
    *out = NULL;
    f = fopen(path, "rb");
    if (!f) return fail(errbuf, errlen, path, NM_EIO, "cannot open the model file");
    if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        rc = fail(errbuf, errlen, path, NM_EIO, "cannot read the model file");
        goto done;
    }
    buf = malloc(sz ? (size_t)sz : 1);
    if (!buf) {
        rc = fail(errbuf, errlen, path, NM_ENOMEM, "out of memory");
        goto done;
    }
    if (sz && fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        free(buf);
        rc = fail(errbuf, errlen, path, NM_EIO, "cannot read the model file");
        goto done;
    }
    rc = load_buf(buf, (size_t)sz, path, out, errbuf, errlen);
done:
    fclose(f);
    return rc;
}

void nm_tagger_free(nm_tagger_t *tg) {
    if (!tg) return;
    free(tg->buf);
    free(tg);
}
