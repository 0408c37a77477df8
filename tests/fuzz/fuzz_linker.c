/*
 * fuzz_linker.c - the incremental linker (src/linker.c) driven by a script
 * of edits, with the committed model's lexicon (titles) loaded once.
 *
 * The input is read as lines, one operation each (anything else is skipped):
 *   a PACKED     nm_linker_add_packed with the rest of the line as the
 *                packed list (often malformed: the parser is fuzzed too)
 *   m L t|L t    nm_linker_add with mentions "LABEL text" split at '|'
 *   i N N ...    the ids the next added group had (any integers)
 *   r K          remove the K-th live group (K modulo their number)
 *   R N          remove handle N, live or not
 *   s K          move the K-th live group to the front (document order)
 *   l            link every live group in document order
 *   L d|x|b      link with a bad order: a handle twice, one missing, or a
 *                handle that is not live
 * The script ends with a link.
 *
 * Invariants:
 *   - add: NM_OK or NM_EFORMAT exactly as nm_linker_packed_count says; on
 *     NM_OK a new live handle whose group has the counted mentions; counts
 *     of groups and mentions follow every add and remove;
 *   - remove: NM_OK exactly for a live handle, then it is not live;
 *   - a bad order: NM_EINVAL, no ids change, nothing reported changed;
 *   - link: every mention gets an id >= 1; two mentions share an id exactly
 *     when nm_link over all mentions in the same order gives them one id;
 *     the changed handles are exactly the groups whose ids differ from
 *     before, in order; linking again changes nothing.
 */
#include "fuzz_common.h"

#include <stdint.h>

static nm_model_t *model;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    char err[256];
    if (nm_model_load(fz_data_dir(), &model, err, sizeof err) != NM_OK) {
        fprintf(stderr, "fuzz_linker: cannot load the model: %s\n", err);
        exit(2);
    }
    return 0;
}

#define MAXG 64

/* The script's own copy of a group: its mentions, texts in buf. */
typedef struct {
    char *buf;
    nm_mention_t m[64];
    size_t n;
} shadow_t;

typedef struct {
    nm_linker_t *lk;
    int live[MAXG]; /* live handles in document order */
    shadow_t sh[MAXG]; /* sh[i] is the group of live[i] */
    size_t nlive, nment;
    int prior[16];
    size_t nprior;
} state_t;

/* A second reader of the packed format, written from its description in
 * newsmark.h: LABEL, a space, decimal LEN, a space, LEN bytes; repeated.
 * Returns 0 when malformed or longer than 64 mentions. */
static int read_packed(const char *s, size_t len, shadow_t *sh) {
    size_t i = 0;
    sh->n = 0;
    while (i < len) {
        size_t b = i, tl = 0;
        char lab[16];
        while (i < len && s[i] != ' ') i++;
        if (i == b || i == len || i - b > 15) return 0;
        snprintf(lab, sizeof lab, "%.*s", (int)(i - b), s + b);
        i++;
        if (i == len || s[i] < '0' || s[i] > '9') return 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (tl > len) return 0;
            tl = tl * 10 + (size_t)(s[i++] - '0');
        }
        if (i == len || s[i] != ' ' || tl > len - i - 1) return 0;
        i++;
        if (sh->n == 64) return 0;
        sh->m[sh->n].text = s + i;
        sh->m[sh->n].len = tl;
        sh->m[sh->n].label = nm_label_from_name(lab);
        sh->n++;
        i += tl;
    }
    return 1;
}

static void check_counts(const state_t *st) {
    size_t g, m;
    nm_linker_count(st->lk, &g, &m);
    FZ_CHECK(g == st->nlive && m == st->nment, "count %zu groups %zu mentions, expected %zu %zu", g, m,
             st->nlive, st->nment);
}

static void added(state_t *st, int rc, int h, size_t want, const shadow_t *sh) {
    size_t n, i;
    FZ_CHECK(rc == NM_OK, "add returned %d", rc);
    FZ_CHECK(h >= 1 && nm_linker_live(st->lk, h), "add gave handle %d", h);
    for (i = 0; i < st->nlive; i++) FZ_CHECK(st->live[i] != h, "handle %d given twice", h);
    nm_linker_ids(st->lk, h, &n);
    FZ_CHECK(n == want, "group %d has %zu mentions, expected %zu", h, n, want);
    st->live[st->nlive] = h;
    st->sh[st->nlive++] = *sh;
    st->nment += n;
    st->nprior = 0;
}

/* A copy of the line for the shadow (the mentions point into it). */
static char *copy(const char *s, size_t len) {
    char *b = malloc(len ? len : 1);
    if (!b) abort();
    if (len) memcpy(b, s, len);
    return b;
}

static void op_add_packed(state_t *st, const char *s, size_t len) {
    size_t n = 0;
    shadow_t sh;
    int crc = nm_linker_packed_count(s, len, &n), rc, h = -1, ok;
    sh.buf = copy(s, len);
    ok = read_packed(sh.buf, len, &sh);
    if (ok || crc != NM_OK) /* the second reader stops at 64 mentions */
        FZ_CHECK((crc == NM_OK) == ok, "packed_count says %d, the second reader %d", crc, ok);
    rc = nm_linker_add_packed(st->lk, s, len, st->prior, st->nprior, &h);
    FZ_CHECK(rc == crc, "add_packed returned %d, packed_count %d", rc, crc);
    if (rc != NM_OK || !ok) {
        FZ_CHECK(rc == NM_OK || h == 0, "a failed add gave handle %d", h);
        if (rc == NM_OK) nm_linker_remove(st->lk, h);
        free(sh.buf);
        return;
    }
    FZ_CHECK(sh.n == n, "packed_count %zu mentions, the second reader %zu", n, sh.n);
    added(st, rc, h, n, &sh);
}

static void op_add_mentions(state_t *st, const char *s, size_t len) {
    nm_mention_t *m;
    shadow_t sh;
    size_t n = 0, i = 0;
    int h = -1, rc;
    sh.buf = copy(s, len);
    s = sh.buf;
    m = sh.m;
    while (i <= len && n < 64) {
        size_t b = i, sp;
        char lab[16];
        while (i < len && s[i] != '|') i++;
        for (sp = b; sp < i && s[sp] != ' '; sp++) {}
        snprintf(lab, sizeof lab, "%.*s", (int)(sp - b < 15 ? sp - b : 15), s + b);
        m[n].label = nm_label_from_name(lab);
        m[n].text = sp < i ? s + sp + 1 : s + i;
        m[n].len = sp < i ? i - sp - 1 : 0;
        m[n].id = -7;
        n++;
        i++;
    }
    sh.n = n;
    rc = nm_linker_add(st->lk, m, n, st->prior, st->nprior, &h);
    added(st, rc, h, n, &sh);
}

static void op_remove(state_t *st, int h) {
    size_t i;
    int was = nm_linker_live(st->lk, h), rc = nm_linker_remove(st->lk, h);
    FZ_CHECK(rc == (was ? NM_OK : NM_EINVAL), "remove %d (live %d) returned %d", h, was, rc);
    if (!was) return;
    FZ_CHECK(!nm_linker_live(st->lk, h), "handle %d live after remove", h);
    for (i = 0; i < st->nlive && st->live[i] != h; i++) {}
    FZ_CHECK(i < st->nlive, "live handle %d unknown to the script", h);
    st->nment -= st->sh[i].n;
    free(st->sh[i].buf);
    memmove(st->live + i, st->live + i + 1, (st->nlive - i - 1) * sizeof *st->live);
    memmove(st->sh + i, st->sh + i + 1, (st->nlive - i - 1) * sizeof *st->sh);
    st->nlive--;
}

/* Every live group's ids, concatenated in document order. */
static int *snapshot(const state_t *st, size_t *total) {
    size_t i, n, k = 0;
    int *all = malloc((st->nment + 1) * sizeof *all);
    if (!all) abort();
    for (i = 0; i < st->nlive; i++) {
        const int *id = nm_linker_ids(st->lk, st->live[i], &n);
        FZ_CHECK(id != NULL, "live handle %d has no ids", st->live[i]);
        FZ_CHECK(k + n <= st->nment, "more mentions than counted");
        if (n) memcpy(all + k, id, n * sizeof *id);
        k += n;
    }
    FZ_CHECK(k == st->nment, "%zu mentions, counted %zu", k, st->nment);
    *total = k;
    return all;
}

static void op_bad_link(state_t *st, char how) {
    int order[MAXG + 1];
    size_t n = st->nlive, total, total2, nch;
    int *before, *after, rc;
    char err[128];
    if (n) memcpy(order, st->live, n * sizeof *order);
    if (how == 'd' && n >= 2) order[n - 1] = order[0];
    else if (how == 'd') order[n] = n ? order[0] : 1, n++;
    else if (how == 'x' && n) n--;
    else if (how == 'x') order[n++] = 1;
    else {
        int bogus = 1;
        while (nm_linker_live(st->lk, bogus)) bogus++;
        if (n) order[n - 1] = bogus;
        else order[n++] = bogus;
    }
    before = snapshot(st, &total);
    rc = nm_linker_link(st->lk, model, order, n, err, sizeof err);
    FZ_CHECK(rc == NM_EINVAL, "a bad order (%c) returned %d", how, rc);
    FZ_CHECK(err[0] != '\0', "a bad order gave no reason");
    nm_linker_changed(st->lk, &nch);
    FZ_CHECK(nch == 0, "a failed link reported %zu changed groups", nch);
    after = snapshot(st, &total2);
    FZ_CHECK(total == total2 && memcmp(before, after, total * sizeof *before) == 0,
             "a failed link changed ids");
    free(before);
    free(after);
}

static void op_link(state_t *st) {
    size_t total, total2, i, j, k, n, nch, c;
    int *before = snapshot(st, &total), *after, rc;
    nm_mention_t *m = calloc(total + 1, sizeof *m);
    const int *ch;
    char err[128];
    if (!m) abort();
    rc = nm_linker_link(st->lk, model, st->live, st->nlive, err, sizeof err);
    FZ_CHECK(rc == NM_OK, "link returned %d (%s)", rc, err);
    after = snapshot(st, &total2);
    FZ_CHECK(total == total2, "link changed the number of mentions");
    /* the same grouping as nm_link over the texts in the same order */
    k = 0;
    for (i = 0; i < st->nlive; i++)
        for (j = 0; j < st->sh[i].n; j++) m[k++] = st->sh[i].m[j];
    FZ_CHECK(k == total, "the script has %zu mentions, the linker %zu", k, total);
    rc = nm_link(model, m, total);
    FZ_CHECK(rc == NM_OK, "nm_link returned %d", rc);
    for (i = 0; i < total; i++) {
        FZ_CHECK(after[i] >= 1, "mention %zu id %d", i, after[i]);
        for (j = i + 1; j < total && j < i + 64; j++)
            FZ_CHECK((after[i] == after[j]) == (m[i].id == m[j].id),
                     "mentions %zu and %zu: linker ids %d %d, nm_link ids %d %d", i, j, after[i],
                     after[j], m[i].id, m[j].id);
    }
    /* changed: exactly the groups whose ids differ, in order */
    ch = nm_linker_changed(st->lk, &nch);
    k = 0;
    c = 0;
    for (i = 0; i < st->nlive; i++) {
        int differs = 0;
        nm_linker_ids(st->lk, st->live[i], &n);
        for (j = 0; j < n; j++)
            if (before[k + j] != after[k + j]) differs = 1;
        if (differs) {
            FZ_CHECK(c < nch && ch[c] == st->live[i], "group %d changed but is not reported",
                     st->live[i]);
            c++;
        } else {
            FZ_CHECK(c >= nch || ch[c] != st->live[i], "group %d reported, unchanged", st->live[i]);
        }
        k += n;
    }
    FZ_CHECK(c == nch, "%zu changed groups reported, %zu changed", nch, c);
    /* linking again changes nothing */
    rc = nm_linker_link(st->lk, model, st->live, st->nlive, err, sizeof err);
    FZ_CHECK(rc == NM_OK, "relink returned %d", rc);
    nm_linker_changed(st->lk, &nch);
    FZ_CHECK(nch == 0, "a relink reported %zu changed groups", nch);
    free(before);
    free(after);
    free(m);
}

static long num(const char *s, size_t len, size_t *used) {
    size_t i = 0;
    long v = 0;
    int neg = 0;
    while (i < len && s[i] == ' ') i++;
    if (i < len && s[i] == '-') neg = 1, i++;
    while (i < len && s[i] >= '0' && s[i] <= '9' && v < 100000000) v = v * 10 + (s[i++] - '0');
    *used = i;
    return neg ? -v : v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    state_t st;
    size_t i = 0;
    memset(&st, 0, sizeof st);
    if (nm_linker_new(&st.lk) != NM_OK) abort();
    while (i < size) {
        size_t b = i, len, used;
        const char *s;
        char *line;
        while (i < size && data[i] != '\n') i++;
        len = i - b;
        i++;
        /* an exact-size heap copy of the line, so ASan sees a read past it */
        line = malloc(len ? len : 1);
        if (!line) abort();
        if (len) memcpy(line, data + b, len);
        s = line;
        if (len >= 2 && s[0] == 'a' && s[1] == ' ' && st.nlive < MAXG) {
            op_add_packed(&st, s + 2, len - 2);
        } else if (len >= 2 && s[0] == 'm' && s[1] == ' ' && st.nlive < MAXG) {
            op_add_mentions(&st, s + 2, len - 2);
        } else if (len >= 1 && s[0] == 'i') {
            size_t p = 1;
            st.nprior = 0;
            while (p < len && st.nprior < 16) {
                st.prior[st.nprior++] = (int)num(s + p, len - p, &used);
                p += used ? used : 1;
            }
        } else if (len >= 1 && s[0] == 'r' && st.nlive) {
            op_remove(&st, st.live[(size_t)num(s + 1, len - 1, &used) % st.nlive]);
        } else if (len >= 1 && s[0] == 'R') {
            op_remove(&st, (int)num(s + 1, len - 1, &used));
        } else if (len >= 1 && s[0] == 's' && st.nlive) {
            size_t k = (size_t)num(s + 1, len - 1, &used) % st.nlive;
            int h = st.live[k];
            shadow_t g = st.sh[k];
            memmove(st.live + 1, st.live, k * sizeof *st.live);
            memmove(st.sh + 1, st.sh, k * sizeof *st.sh);
            st.live[0] = h;
            st.sh[0] = g;
        } else if (len >= 1 && s[0] == 'l') {
            op_link(&st);
        } else if (len >= 3 && s[0] == 'L') {
            op_bad_link(&st, s[2]);
        }
        check_counts(&st);
        free(line);
    }
    op_link(&st);
    for (i = 0; i < st.nlive; i++) free(st.sh[i].buf);
    nm_linker_free(st.lk);
    return 0;
}
