/*
 * clusters.c - word clusters for the tagger, built in C from unlabeled text
 * (and the training corpora's own text) with the exchange algorithm (Kneser
 * & Ney 1993; Martin, Liermann & Ney 1998): words move between C classes
 * while the class-bigram likelihood
 *     sum_{a,b} N(a,b) log N(a,b) - 2 sum_a N(a) log N(a)
 * grows. Brown clustering's merge tree is replaced by three independent
 * clusterings of growing size (32, 128, 512 classes), which gives the
 * tagger the coarse-to-fine word classes that Brown path prefixes give.
 *
 * Output: one line per word, "word<TAB>id", id = 1 << 31 | small << 20 |
 * medium << 11 | large (the tagger splits it back into the three classes;
 * at most 128, 512 and 2048 classes).
 * Words are lower-cased (ASCII); deterministic for the same input.
 */
#include "tagger.h"

#include <math.h>
#include <stdio.h>

typedef struct {
    char **word;      /* vocabulary (lower-cased), by id */
    uint32_t *count;
    size_t n, cap;
    uint64_t *hkey;   /* word hash table: key | 1 */
    uint32_t *hval;   /* id + 1 */
    size_t hcap;
    uint32_t *stream; /* token ids, UINT32_MAX = boundary */
    size_t ns, scap;
} vocab_t;

static int vocab_id(vocab_t *v, const char *w, size_t n, uint32_t *id) {
    uint64_t k = nm_cluster_key(w, n) | 1;
    size_t i;
    if (v->n * 2 >= v->hcap) {
        size_t nc = v->hcap ? v->hcap * 2 : 1 << 16, j;
        uint64_t *nk = calloc(nc, sizeof *nk);
        uint32_t *nv = calloc(nc, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            return NM_ENOMEM;
        }
        for (j = 0; j < v->hcap; j++) {
            size_t q;
            if (!v->hkey[j]) continue;
            q = (size_t)(v->hkey[j] >> 11) & (nc - 1);
            while (nk[q]) q = (q + 1) & (nc - 1);
            nk[q] = v->hkey[j];
            nv[q] = v->hval[j];
        }
        free(v->hkey);
        free(v->hval);
        v->hkey = nk;
        v->hval = nv;
        v->hcap = nc;
    }
    i = (size_t)(k >> 11) & (v->hcap - 1);
    while (v->hkey[i]) {
        if (v->hkey[i] == k) {
            *id = v->hval[i] - 1;
            v->count[*id]++;
            return NM_OK;
        }
        i = (i + 1) & (v->hcap - 1);
    }
    if (NM_GROW(v->word, v->n, v->cap, 1)) return NM_ENOMEM;
    {
        size_t c2 = v->cap;
        void *p = realloc(v->count, c2 * sizeof *v->count);
        if (!p) return NM_ENOMEM;
        v->count = p;
    }
    v->word[v->n] = malloc(n + 1);
    if (!v->word[v->n]) return NM_ENOMEM;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        v->word[v->n][i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    v->word[v->n][n] = '\0';
    v->count[v->n] = 1;
    i = (size_t)(k >> 11) & (v->hcap - 1);
    while (v->hkey[i]) i = (i + 1) & (v->hcap - 1);
    v->hkey[i] = k;
    v->hval[i] = (uint32_t)v->n + 1;
    *id = (uint32_t)v->n++;
    return NM_OK;
}

static int push(vocab_t *v, uint32_t id) {
    if (NM_GROW(v->stream, v->ns, v->scap, 1)) return NM_ENOMEM;
    v->stream[v->ns++] = id;
    return NM_OK;
}

static int is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           c == '\'' || c == '-';
}

/* Plain text: words (letters, digits, apostrophes, inner hyphens and
 * periods) and single punctuation marks; a newline ends a sentence. In a
 * .bio file only the first column of each line counts. */
static int add_text(vocab_t *v, const char *s, size_t n, int bio) {
    size_t i = 0;
    uint32_t id;
    int rc;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (bio) {
            size_t e = i, t;
            while (e < n && s[e] != '\n') e++;
            t = i;
            while (t < e && s[t] != '\t' && s[t] != ' ') t++;
            if (t == i || (e - i >= 2 && s[i] == '#' && s[i + 1] == ' ') ||
                (e - i >= 10 && memcmp(s + i, "-DOCSTART-", 10) == 0)) {
                if ((rc = push(v, UINT32_MAX))) return rc;
            } else {
                if ((rc = vocab_id(v, s + i, t - i, &id)) || (rc = push(v, id))) return rc;
            }
            i = e + 1;
            continue;
        }
        if (c == '\n') {
            if ((rc = push(v, UINT32_MAX))) return rc;
            i++;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            i++;
        } else if (is_word_byte(c)) {
            size_t e = i;
            while (e < n && (is_word_byte((unsigned char)s[e]) ||
                             (s[e] == '.' && e + 1 < n && is_word_byte((unsigned char)s[e + 1]))))
                e++;
            if ((rc = vocab_id(v, s + i, e - i, &id)) || (rc = push(v, id))) return rc;
            i = e;
        } else {
            if ((rc = vocab_id(v, s + i, 1, &id)) || (rc = push(v, id))) return rc;
            i++;
        }
    }
    return push(v, UINT32_MAX);
}

/* ------------------------------------------------------------ exchange */

typedef struct {
    size_t V;          /* clustered words (ids 0..V-1 by falling count) */
    uint32_t *roff, *rnb, *rct; /* right neighbours (CSR) */
    uint32_t *loff, *lnb, *lct; /* left neighbours */
    uint32_t *self;    /* count of (w, w) */
    uint32_t *cnt;     /* word counts */
    double *flog;      /* x log x for x <= fmax */
    size_t fmax;
} graph_t;

static inline double xlx(const graph_t *g, int64_t x) {
    if (x <= 0) return 0;
    if ((size_t)x <= g->fmax) return g->flog[x];
    return (double)x * log((double)x);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* CSR lists from pairs (key << 32 | nb), sorted. */
static int build_csr(uint64_t *pairs, size_t np, size_t V, uint32_t **off, uint32_t **nb, uint32_t **ct) {
    size_t i, k = 0;
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    *off = calloc(V + 1, sizeof **off);
    *nb = malloc((np + 1) * sizeof **nb);
    *ct = malloc((np + 1) * sizeof **ct);
    if (!*off || !*nb || !*ct) return NM_ENOMEM;
    for (i = 0; i < np;) {
        size_t j = i;
        uint32_t w = (uint32_t)(pairs[i] >> 32);
        while (j < np && pairs[j] == pairs[i]) j++;
        (*nb)[k] = (uint32_t)pairs[i];
        (*ct)[k] = (uint32_t)(j - i);
        (*off)[w + 1]++;
        k++;
        i = j;
    }
    for (i = 0; i < V; i++) (*off)[i + 1] += (*off)[i];
    return NM_OK;
}

static int exchange(const graph_t *g, int C, int iters, uint32_t *cls) {
    int64_t *N = calloc((size_t)C * C, sizeof *N), *Nc = calloc((size_t)C, sizeof *Nc);
    int64_t *R = calloc((size_t)C, sizeof *R), *L = calloc((size_t)C, sizeof *L);
    int *rt = malloc((size_t)C * sizeof *rt), *lt = malloc((size_t)C * sizeof *lt);
    size_t w, k;
    int it, rc = NM_OK;
    if (!N || !Nc || !R || !L || !rt || !lt) {
        rc = NM_ENOMEM;
        goto done;
    }
    for (w = 0; w < g->V; w++) cls[w] = (uint32_t)(w % (size_t)C);
    for (w = 0; w < g->V; w++) {
        Nc[cls[w]] += g->cnt[w];
        for (k = g->roff[w]; k < g->roff[w + 1]; k++) N[(size_t)cls[w] * C + cls[g->rnb[k]]] += g->rct[k];
    }
    for (it = 0; it < iters; it++) {
        size_t moved = 0;
        for (w = 0; w < g->V; w++) {
            int a = (int)cls[w], b, best, nr = 0, nl = 0, q;
            int64_t self = g->self[w], nw = g->cnt[w];
            double bestd = -1e300;
            for (k = g->roff[w]; k < g->roff[w + 1]; k++) {
                uint32_t v = g->rnb[k];
                int c;
                if (v == w) continue;
                c = (int)cls[v];
                if (!R[c]) rt[nr++] = c;
                R[c] += g->rct[k];
            }
            for (k = g->loff[w]; k < g->loff[w + 1]; k++) {
                uint32_t v = g->lnb[k];
                int c;
                if (v == w) continue;
                c = (int)cls[v];
                if (!L[c]) lt[nl++] = c;
                L[c] += g->lct[k];
            }
            /* take w out of a */
            for (q = 0; q < nr; q++) N[(size_t)a * C + rt[q]] -= R[rt[q]];
            for (q = 0; q < nl; q++) N[(size_t)lt[q] * C + a] -= L[lt[q]];
            N[(size_t)a * C + a] -= self;
            Nc[a] -= nw;
            best = a;
            for (b = 0; b < C; b++) {
                double d = 0;
                int64_t bb = N[(size_t)b * C + b];
                for (q = 0; q < nr; q++) {
                    int c = rt[q];
                    int64_t x;
                    if (c == b) continue;
                    x = N[(size_t)b * C + c];
                    d += xlx(g, x + R[c]) - xlx(g, x);
                }
                for (q = 0; q < nl; q++) {
                    int c = lt[q];
                    int64_t x;
                    if (c == b) continue;
                    x = N[(size_t)c * C + b];
                    d += xlx(g, x + L[c]) - xlx(g, x);
                }
                d += xlx(g, bb + R[b] + L[b] + self) - xlx(g, bb);
                d -= 2 * (xlx(g, Nc[b] + nw) - xlx(g, Nc[b]));
                if (d > bestd + 1e-9 || (b == a && d >= bestd - 1e-9)) {
                    bestd = d;
                    best = b;
                }
            }
            for (q = 0; q < nr; q++) N[(size_t)best * C + rt[q]] += R[rt[q]];
            for (q = 0; q < nl; q++) N[(size_t)lt[q] * C + best] += L[lt[q]];
            N[(size_t)best * C + best] += self;
            Nc[best] += nw;
            if (best != a) moved++;
            cls[w] = (uint32_t)best;
            for (q = 0; q < nr; q++) R[rt[q]] = 0;
            for (q = 0; q < nl; q++) L[lt[q]] = 0;
        }
        if (!moved) break;
    }
done:
    free(N);
    free(Nc);
    free(R);
    free(L);
    free(rt);
    free(lt);
    return rc;
}

typedef struct {
    uint32_t count, id;
    const char *word;
} vsort_t;

static int cmp_vsort(const void *a, const void *b) {
    const vsort_t *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

int nm_clusters_build(const char *const *files, size_t nfiles, int nclusters, int min_count,
                      const char *output, char *errbuf, size_t errlen) {
    vocab_t v;
    graph_t g;
    uint32_t *order = NULL, *rank = NULL, *c1 = NULL, *c2 = NULL, *c3 = NULL;
    uint64_t *pairs = NULL;
    size_t i, np = 0;
    int rc = NM_OK, sizes[3];
    char *out = NULL;
    size_t outlen = 0;

    memset(&v, 0, sizeof v);
    memset(&g, 0, sizeof g);
    if (nclusters < 16) nclusters = 16;
    if (nclusters > 2048) nclusters = 2048;
    sizes[0] = nclusters / 16;
    sizes[1] = nclusters / 4;
    sizes[2] = nclusters;
    for (i = 0; i < nfiles; i++) {
        unsigned char *buf;
        size_t size, len;
        rc = nm_read_file(files[i], (size_t)-1, NULL, &buf, &size, errbuf, errlen);
        if (rc != NM_OK) goto done;
        len = strlen(files[i]);
        rc = add_text(&v, (char *)buf, size, len > 4 && strcmp(files[i] + len - 4, ".bio") == 0);
        free(buf);
        if (rc) goto oom;
    }
    /* ids by falling count; words under min_count are left out */
    order = malloc((v.n + 1) * sizeof *order);
    rank = malloc((v.n + 1) * sizeof *rank);
    if (!order || !rank) goto oom;
    {
        vsort_t *vs = malloc((v.n + 1) * sizeof *vs);
        if (!vs) goto oom;
        for (i = 0; i < v.n; i++) {
            vs[i].count = v.count[i];
            vs[i].id = (uint32_t)i;
            vs[i].word = v.word[i];
        }
        qsort(vs, v.n, sizeof *vs, cmp_vsort);
        for (i = 0; i < v.n; i++) order[i] = vs[i].id;
        free(vs);
    }
    g.V = 0;
    for (i = 0; i < v.n; i++) {
        rank[order[i]] = UINT32_MAX;
        if ((int)v.count[order[i]] >= min_count) g.V = i + 1;
    }
    for (i = 0; i < g.V; i++) rank[order[i]] = (uint32_t)i;
    g.cnt = calloc(g.V + 1, sizeof *g.cnt);
    g.self = calloc(g.V + 1, sizeof *g.self);
    pairs = malloc((v.ns + 1) * sizeof *pairs);
    if (!g.cnt || !g.self || !pairs) goto oom;
    for (i = 0; i < v.ns; i++) {
        uint32_t a = v.stream[i] == UINT32_MAX ? UINT32_MAX : rank[v.stream[i]];
        if (a != UINT32_MAX) g.cnt[a]++;
    }
    for (i = 0; i + 1 < v.ns; i++) {
        uint32_t a = v.stream[i], b = v.stream[i + 1];
        if (a == UINT32_MAX || b == UINT32_MAX) continue;
        a = rank[a];
        b = rank[b];
        if (a == UINT32_MAX || b == UINT32_MAX) continue;
        if (a == b) g.self[a]++;
        pairs[np++] = (uint64_t)a << 32 | b;
    }
    rc = build_csr(pairs, np, g.V, &g.roff, &g.rnb, &g.rct);
    if (rc) goto oom;
    for (i = 0; i < np; i++) pairs[i] = (pairs[i] << 32) | (pairs[i] >> 32);
    rc = build_csr(pairs, np, g.V, &g.loff, &g.lnb, &g.lct);
    if (rc) goto oom;
    g.fmax = v.ns + 1;
    g.flog = malloc((g.fmax + 1) * sizeof *g.flog);
    c1 = malloc((g.V + 1) * sizeof *c1);
    c2 = malloc((g.V + 1) * sizeof *c2);
    c3 = malloc((g.V + 1) * sizeof *c3);
    if (!g.flog || !c1 || !c2 || !c3) goto oom;
    g.flog[0] = 0;
    for (i = 1; i <= g.fmax; i++) g.flog[i] = (double)i * log((double)i);
    if ((rc = exchange(&g, sizes[0], 8, c1)) || (rc = exchange(&g, sizes[1], 8, c2)) ||
        (rc = exchange(&g, sizes[2], 6, c3)))
        goto oom;
    /* the cluster file: "word<TAB>bits" lines, built in memory, written at once */
    for (i = 0; i < g.V; i++) outlen += strlen(v.word[order[i]]) + 13;
    out = malloc(outlen + 1);
    if (!out) goto oom;
    for (i = 0, outlen = 0; i < g.V; i++) {
        size_t wl = strlen(v.word[order[i]]);
        memcpy(out + outlen, v.word[order[i]], wl);
        outlen += wl;
        outlen += (size_t)sprintf(out + outlen, "\t%lu\n",
                                  (unsigned long)((1ul << 31) | ((unsigned long)c1[i] << 20) |
                                                  ((unsigned long)c2[i] << 11) | c3[i]));
    }
    rc = nm_write_file(output, out, outlen, errbuf, errlen);
    goto done;
oom:
    if (!rc) rc = NM_ENOMEM;
    if (errbuf) snprintf(errbuf, errlen, "clusters: %s", nm_strerror(rc));
done:
    free(out);
    for (i = 0; i < v.n; i++) free(v.word[i]);
    free(v.word);
    free(v.count);
    free(v.hkey);
    free(v.hval);
    free(v.stream);
    free(order);
    free(rank);
    free(pairs);
    free(g.roff);
    free(g.rnb);
    free(g.rct);
    free(g.loff);
    free(g.lnb);
    free(g.lct);
    free(g.self);
    free(g.cnt);
    free(g.flog);
    free(c1);
    free(c2);
    free(c3);
    return rc;
}
