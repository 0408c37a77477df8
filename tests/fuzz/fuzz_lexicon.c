/*
 * fuzz_lexicon.c - the compiled-lexicon loader (nm_lexicon_load_mem) on
 * arbitrary bytes, and everything that reads a lexicon once one loads.
 *
 * Each input is loaded three ways: as is; with the checksum field fixed up
 * (so the fuzzer gets past the checksum to the size and bounds checks); and
 * with magic, version, header size, pool size and checksum all fixed up (so
 * nearly every input reaches the entry and slot validation and lookups).
 *
 * Invariants checked:
 *   - the loader returns NM_OK or a negative NM_E* code, sets *out exactly
 *     when it succeeds, and writes a non-empty one-line reason on failure;
 *     raw bytes with a wrong checksum never load;
 *   - a loaded lexicon answers nm_lexicon_get for every entry's key and for
 *     keys cut from the input, nm_lexicon_match and nm_lexicon_tag over a
 *     tokenized text, and a full nm_analyze with it as the model's lexicon,
 *     without reading outside its buffer or looping forever (the loader must
 *     refuse a table with no empty slot); match never claims more tokens than
 *     it was given or than NM_LEX_MAXTOK;
 *   - the same lexicon also serves as the person's lexicon (model->user);
 *   - the input as a person's lexicon text (nm_userlex_parse: `text<TAB>LABEL`
 *     lines): NM_OK (with or without a lexicon) or an error naming a line;
 *     a parsed lexicon then serves as model->user next to the committed
 *     lexicon for an analysis of the sample and of the input.
 */
#include "fuzz_common.h"
#include "lexicon_build.h"

#include <stdint.h>

static const char sample[] =
    "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal \"will not "
    "survive the winter.\" Ruiz, 52, added: \"We have done what we could.\"\n\n"
    "The European Union (EU) paid $4.2 million, about 12%, to NATO in New York City.";

static nm_lexicon_t *committed; /* data/newsmark.lex, loaded once */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/newsmark.lex", fz_data_dir());
    if (nm_lexicon_load(path, &committed, err, sizeof err) != NM_OK) {
        fprintf(stderr, "fuzz_lexicon: %s\n", err);
        exit(2);
    }
    return 0;
}


static void exercise(const nm_lexicon_t *lx, const unsigned char *buf, size_t size,
                     const uint8_t *data, size_t dsize) {
    nm_tokens_t tk;
    nm_model_t m;
    nm_result_t *res = NULL;
    size_t k, i;
    uint32_t nslots = nm_rd32(buf + 12), nent = nm_rd32(buf + 16);
    const unsigned char *ent = buf + NM_LEX_HEADER + (size_t)nslots * NM_LEX_SLOT;
    const char *pool = (const char *)ent + (size_t)nent * NM_LEX_ENTRY;
    int label;

    /* every entry's key (the loader checked they lie in the pool) */
    for (i = 0; i < nent && i < 4096; i++) {
        const unsigned char *e = ent + i * NM_LEX_ENTRY;
        uint32_t off = nm_rd32(e);
        size_t len = (size_t)(e[8] | (e[9] << 8));
        (void)nm_lexicon_get(lx, pool + off, len, &label);
    }
    /* keys cut from the input */
    for (i = 0; i + 1 < dsize && i < 512; i += 1 + data[i] % 16) {
        size_t len = 1 + data[i + 1] % 40;
        if (i + len > dsize) len = dsize - i;
        (void)nm_lexicon_get(lx, (const char *)data + i, len, &label);
        (void)nm_lexicon_get(lx, (const char *)data + i, len, NULL);
    }
    (void)nm_lexicon_get(lx, "", 0, &label);

    nm_tokens_init(&tk);
    if (nm_tokenize(sample, sizeof sample - 1, &tk) != NM_OK) abort();
    nm_lexicon_tag(lx, sample, &tk);
    for (k = 0; k < tk.ntok; k++) {
        uint32_t cls;
        size_t got = nm_lexicon_match(lx, sample, tk.tok, k, tk.ntok, &cls, &label);
        FZ_CHECK(got <= tk.ntok - k && got <= NM_LEX_MAXTOK, "match at %zu claims %zu tokens", k, got);
    }
    nm_tokens_finish(&tk);

    /* the whole pipeline with this lexicon, on the sample and on the input */
    memset(&m, 0, sizeof m);
    m.lex = (nm_lexicon_t *)lx;
    m.tagger = NULL;
    if (nm_result_new(&res) != NM_OK) abort();
    FZ_CHECK(nm_analyze(&m, sample, sizeof sample - 1, NM_AN_ALL, res) == NM_OK, "analyze sample");
    FZ_CHECK(nm_analyze(&m, (const char *)data, dsize, NM_AN_ALL, res) == NM_OK, "analyze input");
    m.user = (nm_lexicon_t *)lx; /* as the person's lexicon too */
    FZ_CHECK(nm_analyze(&m, sample, sizeof sample - 1, NM_AN_ALL, res) == NM_OK, "analyze as user");
    nm_result_free(res);
    (void)size;
}

static void try_load(const unsigned char *bytes, size_t size, int must_fail, const uint8_t *data,
                     size_t dsize, const char *what) {
    nm_lexicon_t *lx = (nm_lexicon_t *)(uintptr_t)1; /* must be overwritten */
    char err[256];
    int rc;
    err[0] = 0;
    rc = nm_lexicon_load_mem(bytes, size, &lx, err, sizeof err);
    if (rc == NM_OK) {
        FZ_CHECK(lx != NULL, "%s: NM_OK without a lexicon", what);
        FZ_CHECK(!must_fail, "%s: loaded despite a wrong checksum", what);
        exercise(lx, bytes, size, data, dsize);
        nm_lexicon_free(lx);
    } else {
        FZ_CHECK(lx == NULL, "%s: failure %d left *out set", what, rc);
        FZ_CHECK(rc < 0 && rc >= NM_EINVAL, "%s: status %d is no NM_E* code", what, rc);
        FZ_CHECK(err[0] != 0 && strchr(err, '\n') == NULL, "%s: error '%s' empty or not one line",
                 what, err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unsigned char *b;
    int must_fail = 0;

    /* 1. as is: exact-size heap copy so ASan sees reads past the end */
    b = malloc(size ? size : 1);
    if (!b) abort();
    if (size) memcpy(b, data, size);
    if (size >= NM_LEX_HEADER) {
        uint64_t sum = nm_lex_checksum(b + NM_LEX_HEADER, size - NM_LEX_HEADER), have = 0;
        int i;
        for (i = 7; i >= 0; i--) have = (have << 8) | b[24 + i];
        must_fail = sum != have;
    }
    try_load(b, size, must_fail, data, size, "raw");

    if (size >= NM_LEX_HEADER) {
        /* 2. checksum fixed */
        nm_wr64(b + 24, nm_lex_checksum(b + NM_LEX_HEADER, size - NM_LEX_HEADER));
        try_load(b, size, 0, data, size, "checksum fixed");

        /* 3. header fixed: magic, version, header size, pool size = the rest */
        {
            uint32_t nslots = nm_rd32(b + 12), nent = nm_rd32(b + 16);
            uint64_t fixed = (uint64_t)NM_LEX_HEADER + (uint64_t)nslots * NM_LEX_SLOT +
                             (uint64_t)nent * NM_LEX_ENTRY;
            memcpy(b, NM_LEX_MAGIC, 6);
            b[6] = NM_LEX_VERSION;
            b[7] = 0;
            nm_wr32(b + 8, NM_LEX_HEADER);
            if (fixed <= size) nm_wr32(b + 20, (uint32_t)(size - fixed));
            nm_wr64(b + 24, nm_lex_checksum(b + NM_LEX_HEADER, size - NM_LEX_HEADER));
            try_load(b, size, 0, data, size, "header fixed");
        }
    }
    free(b);

    /* the input as the text of a person's lexicon */
    {
        nm_lexicon_t *ul = (nm_lexicon_t *)(uintptr_t)1;
        char err[256];
        int rc;
        err[0] = 0;
        rc = nm_userlex_parse((const char *)data, size, "user.tsv", &ul, err, sizeof err);
        if (rc == NM_OK) {
            if (ul) {
                nm_model_t m;
                nm_result_t *res = NULL;
                memset(&m, 0, sizeof m);
                m.lex = committed;
                m.user = ul;
                if (nm_result_new(&res) != NM_OK) abort();
                FZ_CHECK(nm_analyze(&m, sample, sizeof sample - 1, NM_AN_ALL, res) == NM_OK,
                         "user lexicon: analyze sample");
                FZ_CHECK(nm_analyze(&m, (const char *)data, size, NM_AN_ALL, res) == NM_OK,
                         "user lexicon: analyze input");
                nm_result_free(res);
                nm_lexicon_free(ul);
            }
        } else {
            FZ_CHECK(ul == NULL, "userlex: failure %d left *out set", rc);
            FZ_CHECK(rc < 0 && rc >= NM_EINVAL, "userlex: status %d", rc);
            FZ_CHECK(err[0] && !strchr(err, '\n'), "userlex: reason '%s'", err);
        }
    }
    return 0;
}
