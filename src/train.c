/*
 * train.c - training the entity tagger: an averaged structured perceptron
 * (Collins 2002) over BIO tags with first-order transitions, trained on
 * .bio files and written as a model file (format in tagger.h).
 *
 * Deterministic: sentence order comes from the seed (xorshift64*), feature
 * ids from first appearance, one thread. Features are computed once (the
 * same nm_tagger_features the tagger runs) and cached as ids.
 *
 * The stages, in the order nm_train runs them: corpus loading (read_bio,
 * load_corpus), feature indexing (index_features), the base model of a
 * fine-tuning (base_load, base_weights), the learner (learner_t, upd, tupd),
 * one epoch (train_epoch), averaging (add_average) and one model writer
 * (write_model, which keeps the base model's table when fine-tuning).
 */
#include "tagger.h"

#include "lexicon_build.h"

#include <stdio.h>

#define DEFAULT_LABELS "PERSON,ORG,LOC,NORP,EVENT,MISC"

static const uint8_t no_hist[NM_TAGGER_HIST];

typedef struct {
    /* feature hashes (pass 1), then ids (after counting), per token */
    uint64_t *fh;
    size_t nfh, fhcap;
    size_t *foff; /* per token: offset of its first feature; ntok + 1 */
    uint8_t *gold;
    size_t ntok, tokcap, foffcap;
    uint32_t *sb; /* sentence begin (token index); nsent + 1 */
    float *sw;    /* sentence weight */
    size_t nsent, sentcap, swcap;
    uint32_t *slot; /* per token: document word slot (prediction history) */
    uint8_t *upper; /* per token: capitalized */
    uint32_t *db;   /* document: first sentence; ndoc + 1 */
    uint32_t *dcap; /* document: word table size */
    size_t ndoc, doccap, dcapcap;
    /* with domains (o->domain): per feature hash, 1 when it is the copy of
     * a feature for the data file it was read from */
    uint8_t *fdom;
    size_t fdomcap;
    int domains;
} corpus_t;

typedef struct {
    int nlabels, ntags;
    uint8_t labels[NM_TAGGER_MAXLABELS];
    int map[NM_LABEL_COUNT]; /* project label -> model label index + 1 */
} labels_t;

static int err(char *errbuf, size_t errlen, int code, const char *a, const char *b) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "%s%s%s", a, b ? ": " : "", b ? b : "");
    return code;
}

static int parse_labels(const char *spec, labels_t *L) {
    const char *p = spec ? spec : DEFAULT_LABELS;
    memset(L, 0, sizeof *L);
    while (*p) {
        char name[32];
        size_t n = strcspn(p, ",");
        int lab;
        if (n == 0 || n >= sizeof name) return NM_EINVAL;
        memcpy(name, p, n);
        name[n] = '\0';
        lab = nm_label_from_name(name);
        if (!lab || L->map[lab] || L->nlabels >= NM_TAGGER_MAXLABELS) return NM_EINVAL;
        L->labels[L->nlabels++] = (uint8_t)lab;
        L->map[lab] = L->nlabels;
        p += n;
        if (*p == ',') p++;
    }
    if (!L->nlabels) return NM_EINVAL;
    /* places: the corpora's LOC; GPE (if any) is learned as LOC */
    if (L->map[NM_LOC] && !L->map[NM_GPE]) L->map[NM_GPE] = L->map[NM_LOC];
    L->ntags = nm_tag_count(L->nlabels);
    return NM_OK;
}

/* The labels of a model being fine-tuned. */
static void labels_of_model(const nm_tagger_weights_t *bw, labels_t *L) {
    int i;
    memset(L, 0, sizeof *L);
    for (i = 0; i < bw->nlabels; i++) {
        L->labels[i] = bw->labels[i];
        L->map[bw->labels[i]] = i + 1;
    }
    L->nlabels = bw->nlabels;
    if (L->map[NM_LOC] && !L->map[NM_GPE]) L->map[NM_GPE] = L->map[NM_LOC];
    L->ntags = nm_tag_count(L->nlabels);
}

/* ------------------------------------------------------------ one document */

typedef struct {
    char *text;
    size_t len, textcap;
    nm_span_t *span;
    unsigned char *start;
    char (*tag)[24]; /* gold tag strings */
    size_t n, cap;
} doc_t;

static int doc_add(doc_t *d, const char *tok, size_t tl, const char *tag, size_t gl, int sent_start) {
    if (tl > 200) tl = 200;
    if (NM_GROW(d->text, d->len, d->textcap, tl + 2)) return NM_ENOMEM;
    if (d->n + 1 > d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 256;
        void *p;
        p = realloc(d->span, nc * sizeof *d->span);
        if (!p) return NM_ENOMEM;
        d->span = p;
        p = realloc(d->start, nc);
        if (!p) return NM_ENOMEM;
        d->start = p;
        p = realloc(d->tag, nc * sizeof *d->tag);
        if (!p) return NM_ENOMEM;
        d->tag = p;
        d->cap = nc;
    }
    memcpy(d->text + d->len, tok, tl);
    d->span[d->n].start = (uint32_t)d->len;
    d->span[d->n].end = (uint32_t)(d->len + tl);
    d->len += tl;
    d->text[d->len++] = ' ';
    d->start[d->n] = (unsigned char)sent_start;
    if (gl >= sizeof d->tag[0]) gl = sizeof d->tag[0] - 1;
    memcpy(d->tag[d->n], tag, gl);
    d->tag[d->n][gl] = '\0';
    d->n++;
    return NM_OK;
}

/* Gold tags of the document's tokens in model tag numbers. A MISC span the
 * lexicon knows as a nationality or group ("French", "Muslims") becomes
 * NORP when the model learns NORP (CoNLL-2003 marks nationalities MISC). */
static void gold_tags(const labels_t *L, const nm_lexicon_t *lx, const doc_t *d,
                      const nm_tokens_t *tk, uint8_t *out) {
    size_t i = 0;
    while (i < d->n) {
        const char *t = d->tag[i];
        int lab, m;
        size_t j;
        if ((t[0] != 'B' && t[0] != 'I' && t[0] != 'S' && t[0] != 'E' && t[0] != 'U' && t[0] != 'L') ||
            t[1] != '-') {
            out[i++] = 0;
            continue;
        }
        lab = nm_label_from_name(t + 2);
        j = i + 1;
        while (j < d->n && (d->tag[j][0] == 'I' || d->tag[j][0] == 'E' || d->tag[j][0] == 'L') &&
               d->tag[j][1] == '-' && strcmp(d->tag[j] + 2, t + 2) == 0)
            j++;
        if (lab == NM_MISC && L->map[NM_NORP] && lx) {
            char key[256];
            size_t kn = nm_lexicon_key(d->text, tk->tok, i, j, key, sizeof key);
            uint32_t cls = kn ? nm_lexicon_get(lx, key, kn, NULL) : 0;
            if (cls & (NM_LX_DEMONYM | NM_LX_RELIGION)) lab = NM_NORP;
        }
        m = lab > 0 && lab < NM_LABEL_COUNT ? L->map[lab] : 0;
        if (!m) {
            for (; i < j; i++) out[i] = 0;
            continue;
        }
        if (j == i + 1 && m - 1 < nm_tag_nunit(L->nlabels)) {
            out[i++] = (uint8_t)(1 + 2 * L->nlabels + (m - 1)); /* U-l */
            continue;
        }
        out[i++] = (uint8_t)(1 + 2 * (m - 1));
        for (; i < j; i++) out[i] = (uint8_t)(2 + 2 * (m - 1));
    }
}

/* The copy of feature hash h for data file dom (0-based): "frustratingly
 * easy" domain adaptation (Daume 2007). Every feature is learned twice,
 * shared and for the file it was seen in; a profile's model is the shared
 * weights plus one file's copies, so the corpora's conventions stop pulling
 * the shared weights against each other. */
static uint64_t domain_hash(uint64_t h, int dom) {
    h ^= 0x9E3779B97F4A7C15ull * (uint64_t)(dom + 1);
    h ^= h >> 31;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 29;
    return h;
}

static int add_doc(corpus_t *C, const labels_t *L, const nm_lexicon_t *lx, const nm_clusters_t *cl,
                   doc_t *d, float weight, int dom, nm_tokens_t *tk, nm_tagscratch_t *s) {
    nm_tagctx_t cx;
    size_t si, base;
    int rc;
    if (d->n == 0) return NM_OK;
    rc = nm_tokens_from_spans(d->text, d->len, d->span, d->start, d->n, tk);
    if (rc) return rc;
    nm_lexicon_tag(lx, d->text, tk);
    cx.lx = lx;
    cx.text = d->text;
    cx.tok = tk->tok;
    cx.ntok = tk->ntok;
    cx.cl = cl;
    rc = nm_tagger_doc(&cx, s);
    if (rc) return rc;
    base = C->ntok;
    if (C->ntok + d->n + 1 > C->tokcap) {
        size_t nc = C->tokcap ? C->tokcap : 4096;
        void *p;
        while (nc < C->ntok + d->n + 1) nc *= 2;
        p = realloc(C->gold, nc);
        if (!p) return NM_ENOMEM;
        C->gold = p;
        p = realloc(C->foff, (nc + 1) * sizeof *C->foff);
        if (!p) return NM_ENOMEM;
        C->foff = p;
        p = realloc(C->slot, nc * sizeof *C->slot);
        if (!p) return NM_ENOMEM;
        C->slot = p;
        p = realloc(C->upper, nc);
        if (!p) return NM_ENOMEM;
        C->upper = p;
        C->tokcap = nc;
    }
    if (NM_GROW(C->db, C->ndoc, C->doccap, 2)) return NM_ENOMEM;
    if (NM_GROW(C->dcap, C->ndoc, C->dcapcap, 2)) return NM_ENOMEM;
    C->db[C->ndoc] = (uint32_t)C->nsent;
    C->dcap[C->ndoc] = (uint32_t)s->dcap;
    C->ndoc++;
    gold_tags(L, lx, d, tk, C->gold + base);
    for (si = 0; si < tk->nsent; si++) {
      size_t b = tk->sent[si].begin, se = tk->sent[si].end;
      /* windows of at most NM_TAGGER_WINDOW tokens, as the tagger sees them */
      size_t e;
      for (; b < se; b = e) {
        size_t p;
        e = nm_tagger_window(tk->tok, b, se);
        rc = nm_tagscratch_reserve(s, e - b);
        if (rc) return rc;
        nm_tagger_features(&cx, b, e, s);
        if (NM_GROW(C->sb, C->nsent, C->sentcap, 2)) return NM_ENOMEM;
        if (NM_GROW(C->sw, C->nsent, C->swcap, 2)) return NM_ENOMEM;
        C->sb[C->nsent] = (uint32_t)(base + b);
        C->sw[C->nsent] = weight;
        C->nsent++;
        for (p = 0; p < e - b; p++) {
            size_t nf = s->nfeat[p] - 1; /* the last, prediction history, is computed in training */
            int up;
            C->slot[base + b + p] = nm_tagger_token_slot(s, p, &up);
            C->upper[base + b + p] = (uint8_t)up;
            C->foff[base + b + p] = C->nfh;
            size_t nall = dom >= 0 ? 2 * nf : nf, j;
            if (NM_GROW(C->fh, C->nfh, C->fhcap, nall)) return NM_ENOMEM;
            memcpy(C->fh + C->nfh, s->feat + p * NM_TAGGER_MAXFEAT, nf * sizeof(uint64_t));
            if (C->domains) { /* (dom < 0: a file learned in the shared weights only) */
                if (C->fdomcap < C->fhcap) {
                    void *q = realloc(C->fdom, C->fhcap);
                    if (!q) return NM_ENOMEM;
                    C->fdom = q;
                    C->fdomcap = C->fhcap;
                }
                memset(C->fdom + C->nfh, 0, nf);
                if (dom >= 0) memset(C->fdom + C->nfh + nf, 1, nf);
                for (j = 0; dom >= 0 && j < nf; j++)
                    C->fh[C->nfh + nf + j] = domain_hash(C->fh[C->nfh + j], dom);
            }
            C->nfh += nall;
        }
      }
    }
    C->ntok += d->n;
    C->foff[C->ntok] = C->nfh;
    C->sb[C->nsent] = (uint32_t)C->ntok;
    C->db[C->ndoc] = (uint32_t)C->nsent;
    return NM_OK;
}

static int read_bio(corpus_t *C, const labels_t *L, const nm_lexicon_t *lx, const nm_clusters_t *cl,
                    const char *path, float weight, int dom, char *errbuf, size_t errlen) {
    unsigned char *raw = NULL;
    char *data = NULL, *p, *line;
    size_t len, lineno = 0;
    doc_t d;
    nm_tokens_t tk;
    nm_tagscratch_t s;
    int rc, sent_start = 1;

    memset(&d, 0, sizeof d);
    nm_tokens_init(&tk);
    nm_tagscratch_init(&s);
    rc = nm_read_file(path, (size_t)-1 / 2, NULL, &raw, &len, errbuf, errlen);
    if (rc) goto done;
    data = (char *)raw;
    for (p = data; *p; p = line) {
        char *eol = strchr(p, '\n');
        size_t n;
        line = eol ? eol + 1 : p + strlen(p);
        n = (size_t)((eol ? eol : line) - p);
        if (n && p[n - 1] == '\r') n--;
        lineno++;
        if ((n >= 2 && p[0] == '#' && p[1] == ' ') || (n >= 10 && memcmp(p, "-DOCSTART-", 10) == 0)) {
            rc = add_doc(C, L, lx, cl, &d, weight, dom, &tk, &s);
            if (rc) goto oom;
            d.n = d.len = 0;
            sent_start = 1;
            continue;
        }
        {
            size_t a = 0, te, gs, ge;
            while (a < n && (p[a] == ' ' || p[a] == '\t')) a++;
            if (a == n) {
                sent_start = 1;
                continue;
            }
            te = a;
            while (te < n && p[te] != ' ' && p[te] != '\t') te++;
            ge = n;
            while (ge > te && (p[ge - 1] == ' ' || p[ge - 1] == '\t')) ge--;
            gs = ge;
            while (gs > te && p[gs - 1] != ' ' && p[gs - 1] != '\t') gs--;
            if (gs == te) {
                char msg[64];
                snprintf(msg, sizeof msg, "line %lu: no tag after the token", (unsigned long)lineno);
                rc = err(errbuf, errlen, NM_EFORMAT, path, msg);
                goto done;
            }
            rc = doc_add(&d, p + a, te - a, p + gs, ge - gs, sent_start);
            if (rc) goto oom;
            sent_start = 0;
        }
    }
    rc = add_doc(C, L, lx, cl, &d, weight, dom, &tk, &s);
    if (rc) goto oom;
    goto done;
oom:
    err(errbuf, errlen, rc, path, nm_strerror(rc));
done:
    free(data);
    free(d.text);
    free(d.span);
    free(d.start);
    free(d.tag);
    nm_tokens_finish(&tk);
    nm_tagscratch_finish(&s);
    return rc;
}

/* ------------------------------------------------------------ feature ids */

typedef struct {
    uint64_t *key; /* 0 = empty (keys are made odd) */
    uint32_t *val;
    size_t cap, n;
} map_t;

static int map_init(map_t *m, size_t cap) {
    m->cap = cap;
    m->n = 0;
    m->key = calloc(cap, sizeof *m->key);
    m->val = calloc(cap, sizeof *m->val);
    return m->key && m->val ? NM_OK : NM_ENOMEM;
}

static void map_free(map_t *m) {
    free(m->key);
    free(m->val);
}

static int map_grow(map_t *m) {
    map_t nm;
    size_t i;
    if (map_init(&nm, m->cap * 2)) {
        map_free(&nm);
        return NM_ENOMEM;
    }
    for (i = 0; i < m->cap; i++) {
        uint64_t k = m->key[i];
        size_t j;
        if (!k) continue;
        j = (size_t)(k ^ (k >> 29)) & (nm.cap - 1);
        while (nm.key[j]) j = (j + 1) & (nm.cap - 1);
        nm.key[j] = k;
        nm.val[j] = m->val[i];
    }
    nm.n = m->n;
    map_free(m);
    *m = nm;
    return NM_OK;
}

/* The value slot of key k; a new zeroed one when absent and insert is set,
 * else NULL. */
static uint32_t *map_slot(map_t *m, uint64_t k, int insert) {
    size_t i;
    k |= 1;
    i = (size_t)(k ^ (k >> 29)) & (m->cap - 1);
    for (;;) {
        if (m->key[i] == k) return &m->val[i];
        if (!m->key[i]) {
            if (!insert) return NULL;
            m->key[i] = k;
            m->val[i] = 0;
            m->n++;
            return &m->val[i];
        }
        i = (i + 1) & (m->cap - 1);
    }
}

/* ------------------------------------------------------------ the learner */

static uint64_t rng_next(uint64_t *st) {
    uint64_t x = *st;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *st = x;
    return x * 0x2545F4914F6CDD1Dull;
}

typedef struct {
    int nt;
    size_t nfeat;
    float *w;    /* nfeat * nt */
    double *u;   /* nfeat * nt: sum of c * update */
    float tw[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_MAXTAGS];
    double tu[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_MAXTAGS];
    double c;
} learner_t;

static void upd(learner_t *lr, size_t f, int t, float d) {
    lr->w[f * lr->nt + t] += d;
    lr->u[f * lr->nt + t] += lr->c * d;
}

static void tupd(learner_t *lr, int from, int to, float d) {
    lr->tw[from * lr->nt + to] += d;
    lr->tu[from * lr->nt + to] += lr->c * d;
}

/* The model header (the first 64 bytes) and transitions. */
static void write_header(unsigned char *h, const labels_t *L, int nt, size_t nslots, size_t nrows,
                         size_t total, uint32_t ncslots, float scale, const float *T) {
    int t;
#define W32(o, v) do { uint32_t v_ = (uint32_t)(v); memcpy(h + (o), &v_, 4); } while (0)
#define W64(o, v) do { uint64_t v_ = (uint64_t)(v); memcpy(h + (o), &v_, 8); } while (0)
    memcpy(h, NM_TAGGER_MAGIC, 8);
    W32(8, NM_TAGGER_VERSION);
    W32(12, NM_TAGGER_FEATSET);
    W32(16, L->nlabels);
    W32(20, nt);
    W32(24, nslots);
    W32(28, nrows);
    for (t = 0; t < L->nlabels; t++) h[32 + t] = L->labels[t];
    W64(48, total);
    W32(56, ncslots);
    memcpy(h + 60, &scale, 4);
    for (t = 0; t < (nt + 1) * nt; t++) {
        float a = T[t];
        memcpy(h + NM_TAGGER_HEADER + 4 * (size_t)t, &a, 4);
    }
#undef W32
#undef W64
}

static int16_t quantize(double a, float scale) {
    double q = a * scale;
    q = q < 0 ? q - 0.5 : q + 0.5;
    if (q > 32767) q = 32767;
    if (q < -32767) q = -32767;
    return (int16_t)q;
}
/* ------------------------------------------------------------ the model writer */

/* The base model of a fine-tuning: its labels, clusters and table are kept. */
typedef struct {
    nm_tagger_t *model;
    nm_tagger_weights_t bw;
    uint32_t *brow; /* per feature id: its row in the base table, UINT32_MAX if none */
    float *W0;      /* per feature id: the base weights (0 if none) */
    float T0[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_MAXTAGS];
} base_t;

/* Write the weights W and transitions T as a model file. Rows whose weights
 * are all within prune of 0 are left out.
 *
 * keep (fine-tuning) keeps the base model's table as it is (same slots,
 * same rows, so every feature it had is found where it was): its rows get
 * the tuned weights of the features the new data has, and the new data's
 * own features with a weight are added as new rows in empty slots (linear
 * probing: adding never breaks the probe chain of an existing key). Without
 * it the table is sized for the rows (at most half full). */
static int write_model(const learner_t *lr, const float *W, const float *T, double prune,
                       const labels_t *L, const uint64_t *keys, const base_t *keep,
                       const nm_clusters_t *cl, uint32_t ncslots, const char *output,
                       size_t *nrows_out, char *errbuf, size_t errlen) {
    const nm_tagger_weights_t *bw = keep ? &keep->bw : NULL;
    int nt = lr->nt;
    size_t f, r, nrows = 0, nslots = 64, transsz, total, off;
    unsigned char *buf = NULL;
    uint32_t *slot;
    int16_t *rows;
    float *R = NULL, scale, eps = prune > 0 ? (float)prune : 1e-4f;
    double maxw = 0;
    int rc = NM_OK, t;

    if (bw) {
        /* the base rows, as weights */
        R = malloc(((size_t)bw->nrows + 1) * NM_TAGGER_ROW * sizeof *R);
        if (!R) return err(errbuf, errlen, NM_ENOMEM, "training", "out of memory");
        for (r = 0; r < (size_t)bw->nrows * NM_TAGGER_ROW; r++) R[r] = (float)bw->rows[r] / bw->scale;
        nrows = bw->nrows;
        nslots = bw->nslots;
    }
    for (f = 0; f < lr->nfeat; f++) {
        int any = 0;
        if (bw && keep->brow[f] != UINT32_MAX) {
            for (t = 0; t < nt; t++) R[(size_t)keep->brow[f] * NM_TAGGER_ROW + t] = W[f * nt + t];
            continue;
        }
        for (t = 0; t < nt; t++) {
            double a = W[f * nt + t];
            if (a > eps || a < -eps) any = 1;
            if (a > maxw) maxw = a;
            if (-a > maxw) maxw = -a;
        }
        nrows += any;
    }
    if (bw) {
        for (r = 0; r < (size_t)bw->nrows; r++)
            for (t = 0; t < nt; t++) {
                double a = R[r * NM_TAGGER_ROW + t];
                if (a > maxw) maxw = a;
                if (-a > maxw) maxw = -a;
            }
        if (nrows * 10 > nslots * 9) {
            rc = err(errbuf, errlen, NM_EINVAL, "fine-tuning",
                     "too many new features for the model's table; train a model from scratch");
            goto done;
        }
    } else {
        while (nslots < nrows * 2) nslots *= 2;
    }
    scale = maxw > 0 ? (float)(32000.0 / maxw) : 1.0f;
    transsz = ((size_t)(nt + 1) * nt * 4 + 15) & ~(size_t)15;
    off = NM_TAGGER_HEADER + transsz + nslots * 8 + nrows * NM_TAGGER_ROW * 2;
    total = off + (size_t)ncslots * 8;
    buf = calloc(1, total);
    if (!buf) {
        rc = err(errbuf, errlen, NM_ENOMEM, "training", "out of memory");
        goto done;
    }
    write_header(buf, L, nt, nslots, nrows, total, ncslots, scale, T);
    slot = (uint32_t *)(buf + NM_TAGGER_HEADER + transsz);
    rows = (int16_t *)(slot + 2 * nslots);
    r = 0;
    if (bw) {
        memcpy(slot, bw->slot, nslots * 8);
        for (r = 0; r < (size_t)bw->nrows; r++)
            for (t = 0; t < nt; t++) rows[r * NM_TAGGER_ROW + t] = quantize(R[r * NM_TAGGER_ROW + t], scale);
    }
    for (f = 0; f < lr->nfeat; f++) {
        uint64_t k = keys[f];
        uint32_t fpr = (uint32_t)(k >> 32) | 1u, i = (uint32_t)k & (uint32_t)(nslots - 1);
        int any = 0;
        int16_t row[NM_TAGGER_ROW];
        if (bw && keep->brow[f] != UINT32_MAX) continue;
        memset(row, 0, sizeof row);
        for (t = 0; t < nt; t++) {
            double a = W[f * nt + t];
            if (a > eps || a < -eps) any = 1;
            row[t] = quantize(a, scale);
        }
        if (!any) continue;
        memcpy(rows + r * NM_TAGGER_ROW, row, sizeof row);
        while (slot[2 * i]) i = (i + 1) & (uint32_t)(nslots - 1);
        slot[2 * i] = fpr;
        slot[2 * i + 1] = (uint32_t)r;
        r++;
    }
    if (ncslots) memcpy(buf + off, cl->slot, (size_t)ncslots * 8);
    {
        uint64_t ck = nm_lex_checksum(buf + NM_TAGGER_HEADER, total - NM_TAGGER_HEADER);
        memcpy(buf + 40, &ck, 8);
    }
    rc = nm_write_file(output, buf, total, errbuf, errlen);
    if (rc == NM_OK) *nrows_out = nrows;
done:
    free(R);
    free(buf);
    return rc;
}

/* Cluster file: "word<TAB>id" lines (clusters.c) -> table (the model embeds it). */
static int load_clusters(const char *path, uint32_t **tab, uint32_t *nslots, char *errbuf, size_t errlen) {
    unsigned char *raw = NULL;
    char *data, *p;
    size_t len, n = 0, cap = 64;
    uint32_t *t;
    int rc = nm_read_file(path, (size_t)-1 / 2, NULL, &raw, &len, errbuf, errlen);
    if (rc) return rc;
    data = (char *)raw;
    for (p = data; *p; p++) n += *p == '\n';
    while (cap < n * 2) cap *= 2;
    t = calloc(cap * 2, sizeof *t);
    if (!t) {
        free(data);
        return err(errbuf, errlen, NM_ENOMEM, path, "out of memory");
    }
    for (p = data; *p;) {
        char *eol = strchr(p, '\n'), *tb = memchr(p, '\t', eol ? (size_t)(eol - p) : strlen(p));
        if (tb) {
            uint32_t path_bits = (uint32_t)strtoul(tb + 1, NULL, 10);
            {
                uint64_t key = nm_cluster_key(p, (size_t)(tb - p));
                uint32_t fp = (uint32_t)(key >> 32) | 1u, i = (uint32_t)key & (uint32_t)(cap - 1);
                while (t[2 * i] && t[2 * i] != fp) i = (i + 1) & (uint32_t)(cap - 1);
                t[2 * i] = fp;
                t[2 * i + 1] = path_bits;
            }
        }
        if (!eol) break;
        p = eol + 1;
    }
    free(data);
    *tab = t;
    *nslots = (uint32_t)cap;
    return NM_OK;
}

/* ------------------------------------------------------------ corpus loading */

static void corpus_free(corpus_t *C) {
    free(C->fh);
    free(C->foff);
    free(C->gold);
    free(C->sb);
    free(C->sw);
    free(C->slot);
    free(C->upper);
    free(C->db);
    free(C->dcap);
    free(C->fdom);
    memset(C, 0, sizeof *C);
}

/* Every training file, each with its weight, as feature hashes per token. */
static int load_corpus(corpus_t *C, const labels_t *L, const nm_lexicon_t *lx, const nm_clusters_t *cl,
                       const nm_train_opts_t *o, char *errbuf, size_t errlen) {
    char line[256];
    size_t i;
    int rc;
    for (i = 0; i < o->nfiles; i++) {
        float w = o->weights ? (float)o->weights[i] : 1.0f;
        size_t before = C->ntok;
        /* a copy of the features for the files a model is made for (domain,
         * profiles); the others teach the shared weights only */
        int dom = -1;
        size_t k;
        if (o->domain == (int)i + 1) dom = (int)i;
        for (k = 0; k < o->nprofiles; k++)
            if (o->profiles[k].domain == (int)i + 1) dom = (int)i;
        rc = read_bio(C, L, lx, cl, o->files[i], w, dom, errbuf, errlen);
        if (rc) return rc;
        if (o->progress) {
            snprintf(line, sizeof line, "read %s: %lu tokens (weight %.2f)", o->files[i],
                     (unsigned long)(C->ntok - before), w);
            o->progress(o->ud, line);
        }
    }
    if (C->nsent == 0) return err(errbuf, errlen, NM_EINVAL, "no sentences in the training data", NULL);
    return NM_OK;
}

/* ------------------------------------------------------------ feature indexing */

/* Count the features, keep those seen min_count times and give them ids by
 * first appearance (C->fh becomes ids; dropped ones (uint64_t)-1); the
 * prediction-history features get the last ids, from *hist_base on.
 * *keys_out gets the hash of each id. */
static int index_features(corpus_t *C, int min_count, uint64_t **keys_out, size_t *nkeys,
                          size_t *hist_base, uint8_t **isdom_out) {
    map_t map;
    uint64_t *keys, *nk;
    size_t i, kept = 0;
    int minc = min_count > 0 ? min_count : 1, v, rc;
    *keys_out = NULL;
    rc = map_init(&map, (size_t)1 << 20);
    if (rc) goto fail;
    for (i = 0; i < C->nfh; i++) {
        uint32_t *c;
        if (map.n * 2 > map.cap && (rc = map_grow(&map)) != NM_OK) goto fail;
        c = map_slot(&map, C->fh[i], 1);
        if (*c < 0x7fffffffu) (*c)++;
    }
    keys = malloc(map.n * sizeof *keys);
    if (keys && C->domains && !(*isdom_out = calloc(map.n + NM_TAGGER_HIST_VALUES, 1))) {
        free(keys);
        keys = NULL;
    }
    if (!keys) {
        rc = NM_ENOMEM;
        goto fail;
    }
    /* counts become ids + 1 (top bit set once seen), dropped ones 0 */
    for (i = 0; i < C->nfh; i++) {
        uint32_t *c = map_slot(&map, C->fh[i], 1);
        if (*c & 0x80000000u) {
            C->fh[i] = (*c & 0x7fffffffu) ? (*c & 0x7fffffffu) - 1 : (uint64_t)-1;
        } else if ((int)*c >= minc) {
            keys[kept] = C->fh[i];
            if (C->domains) (*isdom_out)[kept] = C->fdom[i];
            *c = 0x80000000u | (uint32_t)(kept + 1);
            C->fh[i] = kept++;
        } else {
            *c = 0x80000000u;
            C->fh[i] = (uint64_t)-1;
        }
    }
    map_free(&map);
    nk = realloc(keys, (kept + NM_TAGGER_HIST_VALUES) * sizeof *keys);
    if (!nk) {
        free(keys);
        return NM_ENOMEM;
    }
    keys = nk;
    for (v = 0; v < NM_TAGGER_HIST_VALUES; v++) keys[kept + (size_t)v] = nm_tagger_hist_hash(v);
    *hist_base = kept;
    *nkeys = kept + NM_TAGGER_HIST_VALUES;
    *keys_out = keys;
    return NM_OK;
fail:
    map_free(&map);
    return rc;
}

/* ------------------------------------------------------------ the base model */

static int base_load(base_t *B, const char *path, labels_t *L, nm_clusters_t *cl, uint32_t *ncslots,
                     char *errbuf, size_t errlen) {
    int rc = nm_tagger_load(path, &B->model, errbuf, errlen);
    if (rc) return rc;
    nm_tagger_weights(B->model, &B->bw);
    labels_of_model(&B->bw, L);
    if (nm_tagger_clusters(B->model)) {
        *cl = *nm_tagger_clusters(B->model);
        *ncslots = cl->mask + 1;
    }
    return NM_OK;
}

/* The base model's weights and transitions for the new data's feature ids. */
static int base_weights(base_t *B, const uint64_t *keys, size_t nfeat, int nt) {
    size_t f;
    int t;
    B->brow = malloc(nfeat * sizeof *B->brow);
    B->W0 = calloc(nfeat * (size_t)nt, sizeof *B->W0);
    if (!B->brow || !B->W0) return NM_ENOMEM;
    for (f = 0; f < nfeat; f++) {
        B->brow[f] = nm_tagger_find(B->model, keys[f]);
        if (B->brow[f] == UINT32_MAX) continue;
        for (t = 0; t < nt; t++)
            B->W0[f * (size_t)nt + t] = (float)B->bw.rows[(size_t)B->brow[f] * NM_TAGGER_ROW + t] / B->bw.scale;
    }
    memcpy(B->T0, B->bw.trans, sizeof(float) * (size_t)(nt + 1) * (size_t)nt);
    for (t = 0; t < (nt + 1) * nt; t++)
        if (B->T0[t] != B->T0[t]) B->T0[t] = 0;
    return NM_OK;
}

static void base_free(base_t *B) {
    free(B->brow);
    free(B->W0);
    nm_tagger_free(B->model);
}

/* ------------------------------------------------------------ epochs */

static int learner_init(learner_t *lr, int nt, size_t nfeat) {
    memset(lr, 0, sizeof *lr);
    lr->nt = nt;
    lr->nfeat = nfeat;
    lr->w = calloc(nfeat * (size_t)nt, sizeof *lr->w);
    lr->u = calloc(nfeat * (size_t)nt, sizeof *lr->u);
    return lr->w && lr->u ? NM_OK : NM_ENOMEM;
}

static void learner_free(learner_t *lr) {
    free(lr->w);
    free(lr->u);
}

/* The start of a run: the base model's weights (fine-tuning) or zero. */
static void learner_reset(learner_t *lr, const base_t *B) {
    size_t n = lr->nfeat * (size_t)lr->nt;
    if (B) memcpy(lr->w, B->W0, n * sizeof *lr->w);
    else memset(lr->w, 0, n * sizeof *lr->w);
    memset(lr->u, 0, n * sizeof *lr->u);
    memset(lr->tw, 0, sizeof lr->tw);
    if (B) memcpy(lr->tw, B->T0, sizeof(float) * (size_t)(lr->nt + 1) * (size_t)lr->nt);
    memset(lr->tu, 0, sizeof lr->tu);
    lr->c = 1;
}

/* Buffers of one epoch, sized for the longest sentence and document. */
typedef struct {
    uint32_t *order; /* document order */
    float *score;
    uint8_t *back, *pred;
    uint8_t *mpred; /* fine-tuning: the prediction with the margin (in pred's block) */
    uint32_t *hid;  /* per token: the prediction-history feature id */
    uint8_t *hist;  /* per document word slot: the labels predicted so far */
} epoch_buf_t;

static int epoch_buf_init(epoch_buf_t *e, const corpus_t *C, int nt) {
    size_t i, maxlen = 0, maxdcap = 0;
    memset(e, 0, sizeof *e);
    for (i = 0; i < C->nsent; i++)
        if (C->sb[i + 1] - C->sb[i] > maxlen) maxlen = C->sb[i + 1] - C->sb[i];
    for (i = 0; i < C->ndoc; i++)
        if (C->dcap[i] > maxdcap) maxdcap = C->dcap[i];
    e->order = malloc((C->ndoc + 1) * sizeof *e->order);
    e->hist = malloc((maxdcap + 1) * NM_TAGGER_HIST * sizeof *e->hist);
    e->hid = malloc((maxlen + 1) * sizeof *e->hid);
    e->score = malloc((maxlen + 1) * (size_t)nt * sizeof *e->score);
    e->back = malloc((maxlen + 1) * (size_t)nt);
    e->pred = malloc(2 * (maxlen + 1));
    e->mpred = e->pred ? e->pred + maxlen + 1 : NULL;
    return e->order && e->hist && e->hid && e->score && e->back && e->pred ? NM_OK : NM_ENOMEM;
}

static void epoch_buf_free(epoch_buf_t *e) {
    free(e->order);
    free(e->score);
    free(e->back);
    free(e->pred);
    free(e->hid);
    free(e->hist);
}

/* Fine-tuning: the margin a word the base model did not know must win by.
 * Without it a perceptron stops as soon as the corrected sentences come out
 * right, so a new name learns barely enough to beat the contexts it was
 * corrected in and loses in any other ("We spoke to Velmora" after "met
 * Velmora", "thanked Velmora"). Measured by carrying corrections to held-out
 * sentences (data/MODEL.md, "Fine-tuning that carries"): 150, 300 and 1000
 * carry about the same, 300 a little more on the tuning names. */
#define TUNE_MARGIN 300.0f

/* After the perceptron's update of a fine-tuning sentence: decode again with
 * TUNE_MARGIN added to every wrong tag (cost-augmented decoding) and, for each
 * token that is right but not by the margin, make the smallest change of the
 * weights of its features the base model lacks that closes the gap (a
 * passive-aggressive step; Crammer et al. 2006). Features the base model has
 * are left to the perceptron and the anchor, so what it knew stays. */
static void tune_margin(learner_t *lr, const base_t *B, const corpus_t *C, size_t b, size_t n,
                        const uint8_t *gold, const uint8_t *pred, float *score, epoch_buf_t *e,
                        const float *trans, float wt) {
    int nt = lr->nt;
    size_t p, k;
    uint8_t *mp = e->mpred;
    for (p = 0; p < n; p++)
        for (k = 0; k < (size_t)nt; k++)
            if (k != gold[p]) score[p * nt + k] += TUNE_MARGIN;
    nm_viterbi(trans, nt, score, n, e->back, mp);
    for (p = 0; p < n; p++) {
        size_t nnew = 0;
        float tau;
        if (pred[p] != gold[p] || mp[p] == gold[p]) continue;
        for (k = C->foff[b + p]; k < C->foff[b + p + 1]; k++)
            if (C->fh[k] != (uint64_t)-1 && B->brow[C->fh[k]] == UINT32_MAX) nnew++;
        if (!nnew) continue;
        /* the augmented score of mp minus gold's: the margin still missing */
        tau = (score[p * nt + mp[p]] - score[p * nt + gold[p]]) / (2.0f * (float)nnew);
        if (!(tau > 0)) continue;
        for (k = C->foff[b + p]; k < C->foff[b + p + 1]; k++) {
            uint64_t id = C->fh[k];
            if (id == (uint64_t)-1 || B->brow[id] != UINT32_MAX) continue;
            upd(lr, (size_t)id, gold[p], tau * wt);
            upd(lr, (size_t)id, mp[p], -tau * wt);
        }
    }
}

/* One pass over the documents in an order shuffled by *rng: decode each
 * sentence, update where the prediction is wrong. Returns the token errors. */
static void anchor_step(learner_t *lr, const base_t *B, double anchor);

static size_t train_epoch(learner_t *lr, const corpus_t *C, const labels_t *L, size_t hist_base,
                          uint64_t *rng, epoch_buf_t *e, const base_t *B, double anchor) {
    int nt = lr->nt;
    size_t i, errs = 0, di;
    float trans[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_MAXTAGS];
    uint32_t *order = e->order, *hid = e->hid;
    float *score = e->score;
    uint8_t *pred = e->pred, *hist = e->hist;
    for (i = C->ndoc; i > 1; i--) {
        size_t j = (size_t)(rng_next(rng) % i);
        uint32_t tmp = order[i - 1];
        order[i - 1] = order[j];
        order[j] = tmp;
    }
    for (di = 0; di < C->ndoc; di++) {
        size_t d = order[di], si;
        memset(hist, 0, (size_t)C->dcap[d] * NM_TAGGER_HIST * sizeof *hist);
        for (si = C->db[d]; si < C->db[d + 1]; si++) {
            size_t b = C->sb[si], en = C->sb[si + 1], n = en - b, p, k;
            const uint8_t *gold = C->gold + b;
            float wt = C->sw[si];
            int from, to, bad = 0;
            for (from = 0; from <= nt; from++)
                for (to = 0; to < nt; to++)
                    trans[from * nt + to] = nm_bio_allowed(from, to, L->nlabels) ? lr->tw[from * nt + to] : -1e30f;
            for (p = 0; p < n; p++) {
                float *sc = score + p * nt;
                const float *row;
                uint32_t sl = C->slot[b + p];
                int t;
                hid[p] = (uint32_t)(hist_base + (size_t)nm_tagger_hist_value(
                    sl == UINT32_MAX ? no_hist : hist + (size_t)sl * NM_TAGGER_HIST, C->upper[b + p]));
                row = lr->w + (size_t)hid[p] * (size_t)nt;
                for (t = 0; t < nt; t++) sc[t] = row[t];
                for (k = C->foff[b + p]; k < C->foff[b + p + 1]; k++) {
                    uint64_t id = C->fh[k];
                    if (id == (uint64_t)-1) continue;
                    row = lr->w + id * (size_t)nt;
                    for (t = 0; t < nt; t++) sc[t] += row[t];
                }
            }
            nm_viterbi(trans, nt, score, n, e->back, pred);
            for (p = 0; p < n; p++) {
                if (pred[p] == gold[p]) continue;
                bad = 1;
                errs++;
                upd(lr, hid[p], gold[p], wt);
                upd(lr, hid[p], pred[p], -wt);
                for (k = C->foff[b + p]; k < C->foff[b + p + 1]; k++) {
                    uint64_t id = C->fh[k];
                    if (id == (uint64_t)-1) continue;
                    upd(lr, (size_t)id, gold[p], wt);
                    upd(lr, (size_t)id, pred[p], -wt);
                }
            }
            if (B) tune_margin(lr, B, C, b, n, gold, pred, score, e, trans, wt);
            if (bad) {
                for (p = 0; p < n; p++) {
                    int gf = p ? gold[p - 1] : nt, pf = p ? pred[p - 1] : nt;
                    if (gf == pf && gold[p] == pred[p]) continue;
                    tupd(lr, gf, gold[p], wt);
                    tupd(lr, pf, pred[p], -wt);
                }
            }
            /* what the tagger will have seen: its own predictions */
            for (p = 0; p < n; p++) {
                uint32_t sl = C->slot[b + p];
                uint8_t *h;
                if (sl == UINT32_MAX || !C->upper[b + p]) continue;
                h = hist + (size_t)sl * NM_TAGGER_HIST + (pred[p] ? (nm_tag_bio(pred[p], L->nlabels) + 1) / 2 : 0);
                if (*h < 255) (*h)++;
            }
            lr->c += 1;
            if (B && anchor > 0) anchor_step(lr, B, anchor);
        }
    }
    return errs;
}

/* The L2 penalty toward the base model (fine-tuning, o->anchor > 0), after
 * each sentence: a gradient step on (anchor / 2) * |w - w0|^2 for every weight and transition,
 * recorded as an update so that the average stays exact. */
static void anchor_step(learner_t *lr, const base_t *B, double anchor) {
    size_t i, n = lr->nfeat * (size_t)lr->nt;
    for (i = 0; i < n; i++) {
        float d;
        if (B->brow[i / (size_t)lr->nt] == UINT32_MAX) continue;
        d = (float)(-anchor * (lr->w[i] - B->W0[i]));
        lr->w[i] += d;
        lr->u[i] += lr->c * d;
    }
    for (i = 0; i < (size_t)(lr->nt + 1) * (size_t)lr->nt; i++) {
        float d = (float)(-anchor * (lr->tw[i] - B->T0[i]));
        lr->tw[i] += d;
        lr->tu[i] += lr->c * d;
    }
}

/* ------------------------------------------------------------ averaging */

/* Add a run's averaged weights, divided by the number of runs, to W and T
 * (parameter mixing: the written model is the mean of the runs). */
static void add_average(const learner_t *lr, float *W, float *T, int nruns) {
    size_t i, n = lr->nfeat * (size_t)lr->nt;
    for (i = 0; i < n; i++) W[i] += (float)((lr->w[i] - lr->u[i] / lr->c) / nruns);
    for (i = 0; i < (size_t)(lr->nt + 1) * (size_t)lr->nt; i++)
        T[i] += (float)((lr->tw[i] - lr->tu[i] / lr->c) / nruns);
}

/* ------------------------------------------------------------ profiles */

/* Feature hash -> id + 1 of every kept feature (for domain_hash lookups). */
static int domain_index(map_t *m, const uint64_t *keys, size_t kept) {
    size_t cap = 1, i;
    int rc;
    while (cap < 2 * kept + 2) cap <<= 1;
    rc = map_init(m, cap);
    if (rc) return rc;
    for (i = 0; i < kept; i++) *map_slot(m, keys[i], 1) = (uint32_t)i + 1;
    return NM_OK;
}

/* The weights of one profile: every shared row plus the row of its copy for
 * data file dom (0-based); the copies themselves are never written. */
static void profile_weights(map_t *m, const float *W, float *Wp, const uint64_t *keys,
                            const uint8_t *isdom, size_t kept, int nt, int dom) {
    size_t i;
    int t;
    for (i = 0; i < kept; i++) {
        float *row = Wp + i * (size_t)nt;
        const uint32_t *v;
        if (isdom[i]) {
            memset(row, 0, (size_t)nt * sizeof *row);
            continue;
        }
        memcpy(row, W + i * (size_t)nt, (size_t)nt * sizeof *row);
        v = map_slot(m, domain_hash(keys[i], dom), 0);
        if (v && *v && isdom[*v - 1])
            for (t = 0; t < nt; t++) row[t] += W[(size_t)(*v - 1) * nt + t];
    }
}

static int write_one(const nm_train_opts_t *o, const learner_t *lr, const float *W, const float *T,
                     const labels_t *L, const uint64_t *keys, const base_t *base,
                     const nm_clusters_t *cl, uint32_t ncslots, const char *out, size_t kept,
                     char *errbuf, size_t errlen) {
    size_t nent = 0;
    char line[4200];
    int rc = write_model(lr, W, T, o->prune, L, keys, base, cl, ncslots, out, &nent, errbuf, errlen);
    if (rc == NM_OK && o->progress) {
        snprintf(line, sizeof line, "wrote %s: %lu features kept, %lu with weights", out,
                 (unsigned long)kept, (unsigned long)nent);
        o->progress(o->ud, line);
    }
    return rc;
}

/* ------------------------------------------------------------ training */

int nm_train(const nm_lexicon_t *lx, const nm_train_opts_t *o, char *errbuf, size_t errlen) {
    corpus_t C;
    labels_t L;
    learner_t lr;
    epoch_buf_t eb;
    base_t B, *base = NULL;
    uint64_t *keys = NULL;
    uint8_t *isdom = NULL;
    float *Wp = NULL;
    map_t dmap = {NULL, NULL, 0, 0};
    size_t pi;
    uint32_t *ctab = NULL, ncslots = 0;
    nm_clusters_t cl = {NULL, 0};
    size_t i, kept = 0, hist_base = 0;
    float *W = NULL, T[(NM_TAGGER_MAXTAGS + 1) * NM_TAGGER_MAXTAGS];
    int run, nruns, rc, ep, nt;
    char line[256];

    memset(&C, 0, sizeof C);
    memset(&lr, 0, sizeof lr);
    memset(&eb, 0, sizeof eb);
    memset(&B, 0, sizeof B);
    if (!o || !o->files || !o->nfiles || !o->output || o->epochs < 1)
        return err(errbuf, errlen, NM_EINVAL, "training needs data files, epochs >= 1 and an output", NULL);
    if (o->anchor < 0 || o->anchor >= 1 || o->anchor != o->anchor)
        return err(errbuf, errlen, NM_EINVAL, "the anchor toward the base model must be in [0, 1)", NULL);
    if (o->anchor > 0 && !o->init)
        return err(errbuf, errlen, NM_EINVAL, "the anchor toward the base model needs a base model (--init)", NULL);
    if (o->domain < 0 || (size_t)o->domain > o->nfiles || (o->nprofiles && !o->domain) ||
        (o->domain && o->init))
        return err(errbuf, errlen, NM_EINVAL,
                   "the domain is one of the data files (1 to their number); profiles need it; fine-tuning takes neither", NULL);
    for (pi = 0; pi < o->nprofiles; pi++)
        if (o->profiles[pi].domain < 1 || (size_t)o->profiles[pi].domain > o->nfiles || !o->profiles[pi].output)
            return err(errbuf, errlen, NM_EINVAL, "a profile names one of the data files (1 to their number) and an output", NULL);
    if (o->init) {
        if (o->labels || o->clusters)
            return err(errbuf, errlen, NM_EINVAL,
                       "fine-tuning keeps the model's labels and clusters (no --labels, --clusters)", NULL);
        base = &B;
        rc = base_load(base, o->init, &L, &cl, &ncslots, errbuf, errlen);
        if (rc) goto done;
    } else if (parse_labels(o->labels, &L))
        return err(errbuf, errlen, NM_EINVAL, "bad label list", o->labels);
    nt = L.ntags;
    if (o->clusters) {
        rc = load_clusters(o->clusters, &ctab, &ncslots, errbuf, errlen);
        if (rc) return rc;
        cl.slot = ctab;
        cl.mask = ncslots - 1;
    }
    C.domains = o->domain > 0;
    rc = load_corpus(&C, &L, lx, cl.slot ? &cl : NULL, o, errbuf, errlen);
    if (rc) goto done;
    rc = index_features(&C, o->min_count, &keys, &kept, &hist_base, &isdom);
    if (rc) goto oom;
    if (base && (rc = base_weights(base, keys, kept, nt)) != NM_OK) goto oom;
    if (o->progress) {
        snprintf(line, sizeof line, "%lu tokens, %lu sentences, %lu features kept",
                 (unsigned long)C.ntok, (unsigned long)C.nsent, (unsigned long)kept);
        o->progress(o->ud, line);
    }
    if ((rc = learner_init(&lr, nt, kept)) != NM_OK || (rc = epoch_buf_init(&eb, &C, nt)) != NM_OK) goto oom;
    W = calloc(kept * (size_t)nt, sizeof *W);
    if (!W) {
        rc = NM_ENOMEM;
        goto oom;
    }
    memset(T, 0, sizeof T);
    nruns = o->runs > 0 ? o->runs : 1;
    for (run = 0; run < nruns; run++) {
        /* run r: a perceptron from the start with seed + r */
        uint64_t rng = (o->seed + (uint64_t)run) * 0x9E3779B97F4A7C15ull + 0x1234567u;
        if (!rng) rng = 1;
        learner_reset(&lr, base);
        for (i = 0; i < C.ndoc; i++) eb.order[i] = (uint32_t)i;
        for (ep = 0; ep < o->epochs; ep++) {
            size_t errs = train_epoch(&lr, &C, &L, hist_base, &rng, &eb, base, o->anchor);
            if (o->progress) {
                snprintf(line, sizeof line, "run %d epoch %d: %lu token errors (%.2f%%)", run + 1, ep + 1,
                         (unsigned long)errs, 100.0 * (double)errs / (double)C.ntok);
                o->progress(o->ud, line);
            }
        }
        add_average(&lr, W, T, nruns);
    }
    if (isdom) {
        /* one model per profile: the shared weights plus those of one data file */
        rc = domain_index(&dmap, keys, kept);
        if (rc) goto oom;
        Wp = malloc(kept * (size_t)nt * sizeof *Wp);
        if (!Wp) {
            rc = NM_ENOMEM;
            goto oom;
        }
        for (pi = 0; pi <= o->nprofiles && rc == NM_OK; pi++) {
            int dom = pi == 0 ? o->domain : o->profiles[pi - 1].domain;
            const char *out = pi == 0 ? o->output : o->profiles[pi - 1].output;
            profile_weights(&dmap, W, Wp, keys, isdom, kept, nt, dom - 1);
            rc = write_one(o, &lr, Wp, T, &L, keys, base, &cl, ncslots, out, kept, errbuf, errlen);
        }
    } else {
        rc = write_one(o, &lr, W, T, &L, keys, base, &cl, ncslots, o->output, kept, errbuf, errlen);
    }
    goto done;
oom:
    err(errbuf, errlen, rc, "training", nm_strerror(rc));
done:
    free(keys);
    free(isdom);
    free(Wp);
    map_free(&dmap);
    free(ctab);
    free(W);
    learner_free(&lr);
    epoch_buf_free(&eb);
    corpus_free(&C);
    base_free(&B);
    return rc;
}
