/* test_job.c - analysis on a worker thread (nm_job_*, src/job.c): a job's
 * result is byte for byte what nm_analyze() gives for the same text (tokens,
 * sentence starts, entities, quotes, quote parts), alone and with several
 * jobs on one model at once; done() polling, waiting twice, freeing a job
 * that still runs, bad arguments. Run from the project root (data/). Built
 * with ASan/UBSan by `make test-c`, and with ThreadSanitizer by
 * `make test-tsan` (tests/run.sh runs both). */
#include "check.h"
#include "newsmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

/* src/job.c: 0 makes nm_job_start() take the path of a failed
 * pthread_create() (the analysis runs inside it) */
extern int nm_job_threads_;

static nm_model_t *model;

/* Everything a result holds that a caller can read, as one byte string
 * (malloc'd, *n bytes): two results are equal when these are. */
static unsigned char *flatten(const nm_result_t *res, size_t *n) {
    size_t ne, nq, nt, i, k, np, cap, pos = 0;
    const nm_entity_t *e = nm_result_entities(res, &ne);
    const nm_quote_t *q = nm_result_quotes(res, &nq);
    unsigned char *out;
    nt = nm_result_token_count(res);
    cap = 64 + ne * sizeof *e + nt * (sizeof(nm_span_t) + 1);
    for (i = 0; i < nq; i++) {
        nm_result_quote_parts(res, &q[i], &np);
        cap += sizeof *q + sizeof np + np * sizeof(nm_span_t);
    }
    out = malloc(cap);
    if (!out) return NULL;
#define PUT(p, sz) (memcpy(out + pos, (p), (sz)), pos += (sz))
    PUT(&ne, sizeof ne);
    if (ne) PUT(e, ne * sizeof *e);
    PUT(&nq, sizeof nq);
    for (i = 0; i < nq; i++) {
        /* field by field: the struct's padding is not part of the answer */
        const nm_span_t *part = nm_result_quote_parts(res, &q[i], &np);
        PUT(&q[i].start, sizeof q[i].start);
        PUT(&q[i].end, sizeof q[i].end);
        PUT(&q[i].type, sizeof q[i].type);
        PUT(&q[i].flags, sizeof q[i].flags);
        PUT(&q[i].speaker, sizeof q[i].speaker);
        PUT(&q[i].speaker_id, sizeof q[i].speaker_id);
        PUT(&q[i].cue, sizeof q[i].cue);
        PUT(&q[i].rule, sizeof q[i].rule);
        PUT(&q[i].nparts, sizeof q[i].nparts);
        PUT(&np, sizeof np);
        for (k = 0; k < np; k++) PUT(&part[k], sizeof part[k]);
    }
    PUT(&nt, sizeof nt);
    for (i = 0; i < nt; i++) {
        nm_span_t s = nm_result_token(res, i);
        unsigned char st = (unsigned char)(nm_result_token_starts_sentence(res, i) != 0);
        PUT(&s, sizeof s);
        PUT(&st, 1);
    }
#undef PUT
    *n = pos;
    return out;
}

/* The synchronous answer for text, flattened. */
static unsigned char *sync_answer(const char *text, size_t len, unsigned what, size_t *n,
                                  int *status) {
    nm_result_t *res = NULL;
    unsigned char *flat;
    if (nm_result_new(&res) != NM_OK) return NULL;
    *status = nm_analyze(model, text, len, what, res);
    flat = flatten(res, n);
    nm_result_free(res);
    return flat;
}

static int same(const unsigned char *a, size_t na, const nm_result_t *res) {
    size_t nb;
    unsigned char *b = flatten(res, &nb);
    int eq = b && na == nb && memcmp(a, b, na) == 0;
    free(b);
    return eq;
}

/* ---------------------------------------------------------------- texts */

typedef struct {
    const char *name;
    char *text;
    size_t len;
} text_t;

static text_t texts[8];
static size_t ntexts;

static void add_text(const char *name, const char *s, size_t len) {
    char *copy = malloc(len ? len : 1);
    if (!copy) abort();
    memcpy(copy, s, len);
    texts[ntexts].name = name;
    texts[ntexts].text = copy;
    texts[ntexts].len = len;
    ntexts++;
}

/* A long article of generated paragraphs (about `words` words): names,
 * places, organisations, direct and reported speech, a split quotation and
 * a quotation running over paragraphs, so every stage has work. */
static char *long_article(size_t words, size_t *len) {
    static const char *const para[] = {
        "Marta Vieira, the mayor of Porto, said on Tuesday that the harbour "
        "plan would go ahead. \"We have waited long enough,\" Vieira told the "
        "Harbour Board, which meets in the old customs house.",
        "Jonas Albrecht of Nordwind Energy disagreed. \"The numbers do not add "
        "up,\" he said, \"and the river will not wait for us.\" Albrecht added "
        "that the company had spent $4.2 million on studies since 2019.",
        "According to the regional council, about 12 percent of the budget "
        "goes to the Douro crossing. Council member Ines Duarte called it "
        "\"a bridge to nowhere\" in an interview with Radio Litoral.",
        "\"First, we fix the roads.",
        "\"Then we talk about bridges,\" said Paulo Sousa, a spokesman for the "
        "European Commission in Brussels.",
        "The Lisbon-based Fundacao Mar said it would publish its own figures "
        "next week. Vieira said she welcomed the review.",
    };
    size_t np = sizeof para / sizeof para[0], cap = 0, pos = 0, nw = 0, i;
    char *out = NULL;
    for (i = 0; nw < words; i++) {
        const char *p = para[i % np];
        size_t pl = strlen(p), k;
        if (pos + pl + 4 > cap) {
            cap = (pos + pl + 4) * 2;
            out = realloc(out, cap);
            if (!out) abort();
        }
        memcpy(out + pos, p, pl);
        pos += pl;
        out[pos++] = '\n';
        out[pos++] = '\n';
        for (k = 0; k < pl; k++)
            if (p[k] == ' ') nw++;
        nw++;
    }
    *len = pos;
    return out;
}

static void make_texts(void) {
    static const char nul[] = "Ana Ruiz\0 said \"the NUL\0 byte is here,\" in Madrid.\0";
    static const char bad[] = "\xff\xfe Jonas \xc3 Albrecht said \xe2\x80 \"no\xc0\xaf way\" in "
                              "Berlin \xf0\x9f\x98 today.";
    const char *wire =
        "Ana Ruiz, the finance minister of Spain, said on Monday that the budget "
        "was fair.\n\n"
        "\xe2\x80\x9cWe will not raise taxes,\xe2\x80\x9d Ruiz told reporters in Madrid. "
        "\xe2\x80\x9cNot this year,\xe2\x80\x9d she added, \xe2\x80\x9c" "and not next year.\xe2\x80\x9d\n\n"
        "\xe2\x80\x9cThe opposition wants a fight.\n\n"
        "\xe2\x80\x9cThey will not get one,\xe2\x80\x9d she said.\n\n"
        "The People's Party, led by Carlos Moreno, called the plan \"a fantasy\". "
        "According to Moreno, the deficit will reach 4 percent.";
    char *art;
    size_t alen;
    add_text("empty", "", 0);
    add_text("plain", "Nothing to see here, only words.", 32);
    add_text("wire", wire, strlen(wire));
    add_text("invalid UTF-8", bad, sizeof bad - 1);
    add_text("NUL bytes", nul, sizeof nul - 1);
    art = long_article(20000, &alen);
    add_text("long article", art, alen);
    free(art);
}

/* ---------------------------------------------------------------- tests */

/* One job per text, each equal to the synchronous analysis, for each set of
 * switches. */
static void test_equal_to_sync(void) {
    static const unsigned whats[] = {NM_AN_ALL, NM_AN_ENTITIES, NM_AN_QUOTES, 0};
    size_t t, w;
    for (t = 0; t < ntexts; t++) {
        for (w = 0; w < sizeof whats / sizeof whats[0]; w++) {
            size_t na;
            int want, got;
            unsigned char *a = sync_answer(texts[t].text, texts[t].len, whats[w], &na, &want);
            nm_job_t *job = NULL;
            CHECK(a != NULL);
            CHECK_INT(want, NM_OK);
            CHECK_INT(nm_job_start(model, texts[t].text, texts[t].len, whats[w], &job), NM_OK);
            CHECK(job != NULL);
            if (!job || !a) {
                free(a);
                continue;
            }
            got = nm_job_wait(job);
            CHECK_INT(got, want);
            CHECK(nm_job_done(job));
            CHECK(nm_job_result(job) != NULL);
            if (!same(a, na, nm_job_result(job)))
                fprintf(stderr, "  (text \"%s\", what %u)\n", texts[t].name, whats[w]);
            CHECK(same(a, na, nm_job_result(job)));
            nm_job_free(job);
            free(a);
        }
    }
}

/* The long article did give the stages work (the comparison above would
 * pass on two empty results). */
static void test_long_article_has_findings(void) {
    nm_job_t *job = NULL;
    size_t ne = 0, nq = 0, i;
    const nm_result_t *res;
    const text_t *art = &texts[ntexts - 1];
    const nm_quote_t *q;
    int parts = 0;
    CHECK_INT(nm_job_start(model, art->text, art->len, NM_AN_ALL, &job), NM_OK);
    CHECK_INT(nm_job_wait(job), NM_OK);
    res = nm_job_result(job);
    nm_result_entities(res, &ne);
    q = nm_result_quotes(res, &nq);
    for (i = 0; i < nq; i++)
        if (q[i].nparts >= 2) parts++;
    CHECK(nm_result_token_count(res) > 20000);
    CHECK(ne > 1000);
    CHECK(nq > 500);
    CHECK(parts > 0);
    nm_job_free(job);
}

/* The text is the job's own copy: the caller may overwrite its buffer. */
static void test_text_is_copied(void) {
    const text_t *w = &texts[2];
    size_t na;
    int st;
    unsigned char *a = sync_answer(w->text, w->len, NM_AN_ALL, &na, &st);
    char *buf = malloc(w->len);
    nm_job_t *job = NULL;
    if (!buf || !a) abort();
    memcpy(buf, w->text, w->len);
    CHECK_INT(nm_job_start(model, buf, w->len, NM_AN_ALL, &job), NM_OK);
    memset(buf, 'x', w->len);
    free(buf);
    CHECK_INT(nm_job_wait(job), NM_OK);
    CHECK(same(a, na, nm_job_result(job)));
    nm_job_free(job);
    free(a);
}

/* Several jobs on one model at once, each on a text of its own, started
 * before any is waited for; and the synchronous analysis on the caller's
 * thread while they run. */
static void test_concurrent(void) {
    enum { NJOB = 8 };
    nm_job_t *job[NJOB];
    unsigned char *want[8];
    size_t nwant[8], i;
    int st;
    const text_t *art = &texts[ntexts - 1];
    for (i = 0; i < ntexts; i++) want[i] = sync_answer(texts[i].text, texts[i].len, NM_AN_ALL, &nwant[i], &st);
    for (i = 0; i < NJOB; i++) {
        /* half of them the long article, the others the other texts */
        const text_t *t = (i % 2) ? &texts[i % (ntexts - 1)] : art;
        job[i] = NULL;
        CHECK_INT(nm_job_start(model, t->text, t->len, NM_AN_ALL, &job[i]), NM_OK);
    }
    {
        /* the caller's own analysis beside them, with its own result */
        nm_result_t *res = NULL;
        CHECK_INT(nm_result_new(&res), NM_OK);
        CHECK_INT(nm_analyze(model, art->text, art->len, NM_AN_ALL, res), NM_OK);
        CHECK(same(want[ntexts - 1], nwant[ntexts - 1], res));
        nm_result_free(res);
    }
    for (i = 0; i < NJOB; i++) {
        size_t ti = (i % 2) ? i % (ntexts - 1) : ntexts - 1;
        CHECK_INT(nm_job_wait(job[i]), NM_OK);
        if (!same(want[ti], nwant[ti], nm_job_result(job[i])))
            fprintf(stderr, "  (concurrent job %d on \"%s\")\n", (int)i, texts[ti].name);
        CHECK(same(want[ti], nwant[ti], nm_job_result(job[i])));
        nm_job_free(job[i]);
    }
    for (i = 0; i < ntexts; i++) free(want[i]);
}

/* The same with a person's lexicon on the model (set while no job runs):
 * the jobs read it side by side too, and it does change their answer. */
static void test_concurrent_user_lexicon(void) {
    enum { NJOB = 4 };
    const text_t *art = &texts[ntexts - 1];
    static const char tsv[] = "porto\tNEVER\nharbour board\tORG\nvieira\tLOC\n";
    nm_job_t *job[NJOB];
    unsigned char *before, *want;
    size_t nbefore, nwant, i;
    int st;
    char err[256];
    before = sync_answer(art->text, art->len, NM_AN_ALL, &nbefore, &st);
    CHECK_INT(nm_model_set_user_lexicon(model, tsv, sizeof tsv - 1, err, sizeof err), NM_OK);
    want = sync_answer(art->text, art->len, NM_AN_ALL, &nwant, &st);
    CHECK(before && want && (nbefore != nwant || memcmp(before, want, nwant) != 0));
    for (i = 0; i < NJOB; i++) {
        job[i] = NULL;
        CHECK_INT(nm_job_start(model, art->text, art->len, NM_AN_ALL, &job[i]), NM_OK);
    }
    for (i = 0; i < NJOB; i++) {
        CHECK_INT(nm_job_wait(job[i]), NM_OK);
        CHECK(want && same(want, nwant, nm_job_result(job[i])));
        nm_job_free(job[i]);
    }
    CHECK_INT(nm_model_set_user_lexicon(model, NULL, 0, err, sizeof err), NM_OK);
    free(before);
    free(want);
}

/* done() never blocks and becomes true; the result is NULL before. */
static void test_done_polling(void) {
    const text_t *art = &texts[ntexts - 1];
    nm_job_t *job = NULL;
    struct timespec nap = {0, 200000}; /* 0.2 ms */
    long polls = 0, early = 0;
    CHECK_INT(nm_job_start(model, art->text, art->len, NM_AN_ALL, &job), NM_OK);
    for (;;) {
        const nm_result_t *r = nm_job_result(job);
        int d = nm_job_done(job);
        if (r && !d) early++; /* a result while it still runs */
        if (d) break;
        nanosleep(&nap, NULL);
        polls++;
    }
    CHECK_INT(early, 0);
    CHECK(nm_job_done(job));
    CHECK(nm_job_result(job) != NULL); /* once done, without a wait */
    CHECK(nm_result_token_count(nm_job_result(job)) > 20000);
    CHECK_INT(nm_job_wait(job), NM_OK);
    CHECK_INT(nm_job_wait(job), NM_OK); /* waiting twice */
    CHECK(nm_job_done(job));
    nm_job_free(job);
    printf("job: done() polled %ld times before the long article was analysed\n", polls);
}

/* Freeing a job that still runs waits for it; many of them, some freed at
 * once, some after done(). */
static void test_free_running(void) {
    const text_t *art = &texts[ntexts - 1];
    int i;
    for (i = 0; i < 6; i++) {
        nm_job_t *job = NULL;
        CHECK_INT(nm_job_start(model, art->text, art->len, i % 2 ? NM_AN_ALL : NM_AN_QUOTES, &job),
                  NM_OK);
        CHECK(job != NULL);
        if (i >= 4) (void)nm_job_done(job);
        nm_job_free(job);
    }
    nm_job_free(NULL);
}

/* Without threads (pthread_create failing) a job is analysed inside
 * nm_job_start(), finished when it returns, with the same answer. */
static void test_no_threads(void) {
    size_t t;
    nm_job_threads_ = 0;
    for (t = 0; t < ntexts; t++) {
        size_t na;
        int st;
        unsigned char *a = sync_answer(texts[t].text, texts[t].len, NM_AN_ALL, &na, &st);
        nm_job_t *job = NULL;
        CHECK_INT(nm_job_start(model, texts[t].text, texts[t].len, NM_AN_ALL, &job), NM_OK);
        CHECK(nm_job_done(job));
        CHECK(nm_job_result(job) != NULL);
        CHECK(a && same(a, na, nm_job_result(job)));
        CHECK_INT(nm_job_wait(job), NM_OK);
        nm_job_free(job);
        free(a);
    }
    nm_job_threads_ = 1;
}

/* A text beyond the core's 4 GiB offsets: the job ends at once with
 * nm_analyze's status (the text is never read, so a short buffer does). */
static void test_too_big(void) {
#if SIZE_MAX > 0xFFFFFFFFu
    nm_job_t *job = NULL;
    CHECK_INT(nm_job_start(model, "x", (size_t)0xFFFFFFFFu + 1, NM_AN_ALL, &job), NM_OK);
    CHECK(nm_job_done(job));
    CHECK_INT(nm_job_wait(job), NM_ETOOBIG);
    CHECK_INT(nm_job_wait(job), NM_ETOOBIG);
    nm_job_free(job);
#endif
}

static void test_bad_arguments(void) {
    nm_job_t *job = (nm_job_t *)&model; /* any non-NULL value: must be cleared */
    CHECK_INT(nm_job_start(NULL, "a", 1, NM_AN_ALL, &job), NM_EINVAL);
    CHECK(job == NULL);
    CHECK_INT(nm_job_start(model, NULL, 3, NM_AN_ALL, &job), NM_EINVAL);
    CHECK(job == NULL);
    CHECK_INT(nm_job_start(model, "a", 1, NM_AN_ALL, NULL), NM_EINVAL);
    /* NULL text of length 0 is the empty text */
    CHECK_INT(nm_job_start(model, NULL, 0, NM_AN_ALL, &job), NM_OK);
    CHECK_INT(nm_job_wait(job), NM_OK);
    CHECK_INT(nm_result_token_count(nm_job_result(job)), 0);
    nm_job_free(job);
    CHECK_INT(nm_job_wait(NULL), NM_EINVAL);
    CHECK(nm_job_result(NULL) == NULL);
}

int main(void) {
    char err[512];
    size_t i;
    err[0] = '\0';
    if (nm_model_load("data", &model, err, sizeof err) != NM_OK) {
        fprintf(stderr, "test_job: cannot load data/: %s\n", err);
        return 1;
    }
    make_texts();
    test_equal_to_sync();
    test_long_article_has_findings();
    test_text_is_copied();
    test_concurrent();
    test_concurrent_user_lexicon();
    test_done_polling();
    test_free_running();
    test_no_threads();
    test_too_big();
    test_bad_arguments();
    for (i = 0; i < ntexts; i++) free(texts[i].text);
    nm_model_free(model);
    return check_report("job");
}
