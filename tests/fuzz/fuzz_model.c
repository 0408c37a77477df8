/*
 * fuzz_model.c - the model loaders on arbitrary bytes.
 *
 * 1. The model folder (nm_model_load): the input written to a temporary
 *    folder as newsmark.lex (no newsmark.model), loaded, and when it loads,
 *    used for an analysis.
 * 2. When the statistical tagger is built in (tools/fuzz.sh defines
 *    NM_FUZZ_TAGGER once src/tagger.c exists): nm_tagger_load_mem on the
 *    input as is; with its size and checksum fields fixed up; and with the
 *    header made consistent (magic, versions, nlabels/ntags, labels, size
 *    and checksum; the body padded or cut to the size the header implies),
 *    so most inputs reach the table validation and the decoder. A tagger
 *    that loads is put in a model with the committed lexicon and tags a
 *    sample article and the input. The consistent bytes also go through the
 *    folder path as newsmark.model next to a small valid lexicon.
 *
 * Invariants: NM_OK or a negative NM_E* code; *out set exactly on success; a
 * one-line, non-empty reason on failure; raw bytes whose checksum does not
 * match never load; an analysis with a loaded model returns NM_OK with
 * entities inside the text, in order, with a real label and an id >= 1.
 */
#include "fuzz_common.h"
#include "lexicon_build.h"
#ifdef NM_FUZZ_TAGGER
#include "tagger.h"
#endif

#include <stdint.h>
#include <unistd.h>

static const char sample[] =
    "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal \"will not "
    "survive the winter.\" Ruiz, 52, added: \"We have done what we could.\"\n\n"
    "The European Union (EU) paid $4.2 million to NATO in New York City, said Mr. Okafor.";

static char dir_lex[64], dir_model[64];
static char path_lex[96], path_model[96];
static nm_result_t *res;
#ifdef NM_FUZZ_TAGGER
static nm_lexicon_t *committed; /* data/newsmark.lex, loaded once */
#endif


static void remove_dirs(void) {
    unlink(path_lex);
    unlink(path_model);
    snprintf(path_lex, sizeof path_lex, "%s/newsmark.lex", dir_model);
    unlink(path_lex);
    rmdir(dir_lex);
    rmdir(dir_model);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    nm_lexb_t *b;
    unsigned char *bytes = NULL;
    size_t n = 0;
    char path[96];
    static const char *const words[] = {"lisbon", "ruiz", "told", "said", "added", "tuesday",
                                        "european union", "nato", "prime minister", NULL};
    static const uint32_t cls[] = {NM_LX_CITY, NM_LX_SURNAME, NM_LX_CUE, NM_LX_CUE, NM_LX_CUE,
                                   NM_LX_WEEKDAY, NM_LX_ORG, NM_LX_ORG, NM_LX_TITLE};
    int i;

    snprintf(dir_lex, sizeof dir_lex, "/tmp/nmfuzz-lex-XXXXXX");
    snprintf(dir_model, sizeof dir_model, "/tmp/nmfuzz-model-XXXXXX");
    if (!mkdtemp(dir_lex) || !mkdtemp(dir_model)) exit(2);
    snprintf(path_lex, sizeof path_lex, "%s/newsmark.lex", dir_lex);
    snprintf(path_model, sizeof path_model, "%s/newsmark.model", dir_model);
    atexit(remove_dirs);

    /* a small valid lexicon next to the fuzzed newsmark.model */
    b = nm_lexb_new();
    if (!b) exit(2);
    for (i = 0; words[i]; i++) {
        size_t ntok = strchr(words[i], ' ') ? 2 : 1;
        if (nm_lexb_add_key(b, words[i], strlen(words[i]), ntok, cls[i], 0) != NM_OK) exit(2);
    }
    if (nm_lexb_finish(b, &bytes, &n) != NM_OK) exit(2);
    nm_lexb_free(b);
    snprintf(path, sizeof path, "%s/newsmark.lex", dir_model);
    if (fz_write_file(path, bytes, n) != 0) exit(2);
    free(bytes);

    if (nm_result_new(&res) != NM_OK) exit(2);
#ifdef NM_FUZZ_TAGGER
    {
        char err[256];
        snprintf(path, sizeof path, "%s/newsmark.lex", fz_data_dir());
        if (nm_lexicon_load(path, &committed, err, sizeof err) != NM_OK) {
            fprintf(stderr, "fuzz_model: %s\n", err);
            exit(2);
        }
    }
#endif
    return 0;
}

static void check_failure(int rc, const void *out, const char *err, const char *what) {
    FZ_CHECK(out == NULL, "%s: failure %d left *out set", what, rc);
    FZ_CHECK(rc < 0 && rc >= NM_EINVAL, "%s: status %d is no NM_E* code", what, rc);
    FZ_CHECK(err[0] != 0 && strchr(err, '\n') == NULL, "%s: reason '%s' empty or not one line", what,
             err);
}

static void analyze_with(const nm_model_t *m, const char *text, size_t len, const char *what) {
    size_t ne, i;
    const nm_entity_t *e;
    int rc = nm_analyze(m, text, len, NM_AN_ALL, res);
    FZ_CHECK(rc == NM_OK, "%s: nm_analyze returned %d", what, rc);
    e = nm_result_entities(res, &ne);
    for (i = 0; i < ne; i++) {
        FZ_CHECK(e[i].start < e[i].end && e[i].end <= len, "%s: entity %zu [%u,%u) of %zu", what, i,
                 e[i].start, e[i].end, len);
        FZ_CHECK(!i || e[i].start >= e[i - 1].end, "%s: entity %zu overlaps", what, i);
        FZ_CHECK(e[i].label > NM_NONE && e[i].label < NM_LABEL_COUNT, "%s: entity %zu label %d", what,
                 i, e[i].label);
        FZ_CHECK(e[i].id >= 1, "%s: entity %zu id %d", what, i, e[i].id);
    }
}

static void load_folder(const char *dir, const char *what) {
    nm_model_t *m = (nm_model_t *)(uintptr_t)1;
    char err[256];
    int rc;
    err[0] = 0;
    rc = nm_model_load(dir, &m, err, sizeof err);
    if (rc == NM_OK) {
        FZ_CHECK(m != NULL, "%s: NM_OK without a model", what);
        analyze_with(m, sample, sizeof sample - 1, what);
        nm_model_free(m);
    } else {
        check_failure(rc, m, err, what);
    }
}

#ifdef NM_FUZZ_TAGGER
static void try_tagger(const unsigned char *bytes, size_t size, int must_fail, const uint8_t *data,
                       size_t dsize, const char *what) {
    nm_tagger_t *tg = (nm_tagger_t *)(uintptr_t)1;
    char err[256];
    int rc;
    err[0] = 0;
    rc = nm_tagger_load_mem(bytes, size, &tg, err, sizeof err);
    if (rc == NM_OK) {
        nm_model_t m;
        int t, nt, begin;
        FZ_CHECK(tg != NULL, "%s: NM_OK without a tagger", what);
        FZ_CHECK(!must_fail, "%s: loaded despite a wrong checksum", what);
        nt = nm_tagger_ntags(tg);
        FZ_CHECK(nt >= 3 && nt <= NM_TAGGER_MAXTAGS, "%s: %d tags", what, nt);
        for (t = 0; t < nt; t++) {
            int l = nm_tagger_tag_label(tg, t, &begin);
            FZ_CHECK(l >= 0 && l < NM_LABEL_COUNT && (t != 0 || l == NM_NONE), "%s: tag %d label %d",
                     what, t, l);
        }
        memset(&m, 0, sizeof m);
        m.lex = committed;
        m.tagger = tg;
        analyze_with(&m, sample, sizeof sample - 1, what);
        analyze_with(&m, (const char *)data, dsize, what);
        nm_tagger_free(tg);
    } else {
        check_failure(rc, tg, err, what);
    }
}

/* The size the header implies (see tagger.h), or 0 when it is absurd. */
static uint64_t implied_size(const unsigned char *h) {
    uint64_t ntags = nm_rd32(h + 20), nslots = nm_rd32(h + 24), nent = nm_rd32(h + 28),
             ncslots = nm_rd32(h + 56);
    uint64_t off = NM_TAGGER_HEADER + ((((ntags + 1) * ntags * 4) + 7) & ~(uint64_t)7) +
                   nslots * 8 + nent * 4;
    off = ((off + 7) & ~(uint64_t)7) + ncslots * 8;
    return off;
}

static void fuzz_tagger(const uint8_t *data, size_t size) {
    unsigned char *b = malloc(size ? size : 1);
    int must_fail = 0;
    if (!b) abort();
    if (size) memcpy(b, data, size);
    if (size >= NM_TAGGER_HEADER)
        must_fail = nm_lex_checksum(b + NM_TAGGER_HEADER, size - NM_TAGGER_HEADER) != nm_rd64(b + 40);
    try_tagger(b, size, must_fail, data, size, "tagger raw");
    if (size >= NM_TAGGER_HEADER) {
        unsigned char *c;
        uint64_t want;
        uint32_t nlabels, i;
        /* size and checksum fixed */
        nm_wr64(b + 48, size);
        nm_wr64(b + 40, nm_lex_checksum(b + NM_TAGGER_HEADER, size - NM_TAGGER_HEADER));
        try_tagger(b, size, 0, data, size, "tagger checksum fixed");
        /* a consistent header; the body cut or zero-padded to fit */
        memcpy(b, NM_TAGGER_MAGIC, 8);
        nm_wr32(b + 8, NM_TAGGER_VERSION);
        nm_wr32(b + 12, NM_TAGGER_FEATSET);
        nlabels = 1 + b[16] % NM_TAGGER_MAXLABELS;
        nm_wr32(b + 16, nlabels);
        nm_wr32(b + 20, 1 + 2 * nlabels);
        for (i = 0; i < nlabels; i++) b[32 + i] = (unsigned char)(1 + b[32 + i] % (NM_LABEL_COUNT - 1));
        {   /* table sizes: powers of two, small */
            uint32_t ns = 1u << (b[24] % 12), nc = b[56] % 3 ? 1u << (b[56] % 10) : 0;
            nm_wr32(b + 24, ns);
            nm_wr32(b + 28, nm_rd32(b + 28) % 4096);
            nm_wr32(b + 56, nc);
            nm_wr32(b + 60, 0);
        }
        want = implied_size(b);
        c = calloc(want, 1);
        if (!c) abort();
        memcpy(c, b, size < want ? size : want);
        nm_wr64(c + 48, want);
        nm_wr64(c + 40, nm_lex_checksum(c + NM_TAGGER_HEADER, want - NM_TAGGER_HEADER));
        try_tagger(c, want, 0, data, size, "tagger header fixed");
        if (fz_write_file(path_model, c, want) == 0) load_folder(dir_model, "folder with model");
        free(c);
    }
    free(b);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (fz_write_file(path_lex, data, size) != 0) abort();
    load_folder(dir_lex, "folder with lexicon");
#ifdef NM_FUZZ_TAGGER
    fuzz_tagger(data, size);
#endif
    return 0;
}
