/* test_lexicon.c - the compiled lexicon: builder, lookups, longest match,
 * case folding, corrupt files, and known answers from data/newsmark.lex
 * (run from the project root). */
#include "check.h"
#include "internal.h"
#include "lexicon_build.h"

#include <stdlib.h>

/* Tokens split on single spaces (independent of the real tokenizer). */
static size_t space_tokens(const char *text, nm_tok_t *tok, size_t max) {
    size_t n = 0, i = 0, len = strlen(text);
    while (i < len && n < max) {
        size_t s = i;
        while (i < len && text[i] != ' ') i++;
        memset(&tok[n], 0, sizeof tok[n]);
        tok[n].start = (uint32_t)s;
        tok[n].end = (uint32_t)i;
        n++;
        while (i < len && text[i] == ' ') i++;
    }
    return n;
}

static int add_key(nm_lexb_t *b, const char *key, uint32_t classes, int label) {
    size_t ntok = 1, i;
    for (i = 0; key[i]; i++)
        if (key[i] == ' ') ntok++;
    return nm_lexb_add_key(b, key, strlen(key), ntok, classes, label);
}

/* A small lexicon; order 0 adds in one order, 1 in reverse. */
static int build_small(int order, unsigned char **bytes, size_t *size) {
    static const struct {
        const char *key;
        uint32_t classes;
        int label;
    } e[] = {
        {"new york", NM_LX_CITY, 0},
        {"new york city", NM_LX_CITY | NM_LX_BIGCITY, 0},
        {"prime minister", NM_LX_TITLE, 0},
        {"ana", NM_LX_FIRST_F, 0},
        {"ruiz", NM_LX_SURNAME, 0},
        {"o'brien", NM_LX_SURNAME, 0},
        {"\xc5\x82\xc3\xb3\x64\xc5\xba", NM_LX_CITY, 0}, /* łódź */
        {"istanbul", NM_LX_CITY, 0},
        {"united nations", NM_LX_ORG, NM_ORG},
        {"according to", NM_LX_CUE_NOUN, 0},
        {"said", NM_LX_CUE | NM_LX_CUE_REPORT, 0},
        {"the", NM_LX_FUNC, 0},
        {"a b c d e f g h", NM_LX_EVENTWORD, 0}, /* NM_LEX_MAXTOK tokens */
    };
    size_t n = sizeof e / sizeof e[0], k;
    nm_lexb_t *b = nm_lexb_new();
    int rc = NM_OK;
    if (!b) return NM_ENOMEM;
    for (k = 0; k < n && rc == NM_OK; k++) {
        size_t i = order ? n - 1 - k : k;
        rc = add_key(b, e[i].key, e[i].classes, e[i].label);
    }
    if (rc == NM_OK) rc = nm_lexb_finish(b, bytes, size);
    nm_lexb_free(b);
    return rc;
}

static size_t match_text(const nm_lexicon_t *lx, const char *text, size_t i, uint32_t *cls) {
    nm_tok_t tok[32];
    size_t n = space_tokens(text, tok, 32);
    return nm_lexicon_match(lx, text, tok, i, n, cls, NULL);
}

static uint32_t get(const nm_lexicon_t *lx, const char *key) {
    return nm_lexicon_get(lx, key, strlen(key), NULL);
}

static void test_builder_and_lookups(void) {
    unsigned char *bytes = NULL, *bytes2 = NULL;
    size_t size = 0, size2 = 0;
    nm_lexicon_t *lx = NULL;
    char err[200];
    uint32_t cls;
    int label = -1;
    nm_lexb_t *b;
    char longkey[300];

    CHECK_INT(build_small(0, &bytes, &size), NM_OK);
    CHECK_INT(build_small(1, &bytes2, &size2), NM_OK);
    CHECK_INT(size, size2);
    CHECK(size == size2 && memcmp(bytes, bytes2, size) == 0); /* order-independent bytes */
    free(bytes2);

    CHECK_INT(nm_lexicon_load_mem(bytes, size, &lx, err, sizeof err), NM_OK);
    if (!lx) {
        free(bytes);
        return;
    }
    CHECK_INT(get(lx, "ana"), NM_LX_FIRST_F);
    CHECK_INT(get(lx, "Ana"), 0); /* keys are already folded */
    CHECK_INT(get(lx, "new york"), NM_LX_CITY | NM_LX_PREFIX);
    CHECK_INT(get(lx, "new"), NM_LX_PREFIX);
    CHECK_INT(get(lx, "york"), 0);
    CHECK_INT(get(lx, "united nations"), NM_LX_ORG);
    CHECK_INT(nm_lexicon_get(lx, "united nations", 14, &label), NM_LX_ORG);
    CHECK_INT(label, NM_ORG);
    CHECK_INT(nm_lexicon_get(lx, "ana", 3, &label), NM_LX_FIRST_F);
    CHECK_INT(label, 0);
    CHECK_INT(get(lx, "united"), NM_LX_PREFIX);
    CHECK_INT(get(lx, "nations"), 0);
    CHECK_INT(nm_lexicon_get(lx, "ana", 0, NULL), 0);

    /* longest match */
    CHECK_INT(match_text(lx, "in New York City today", 1, &cls), 3);
    CHECK_INT(cls, NM_LX_CITY | NM_LX_BIGCITY);
    CHECK_INT(match_text(lx, "in New York today", 1, &cls), 2);
    CHECK_INT(cls, NM_LX_CITY);
    CHECK_INT(match_text(lx, "New York", 0, &cls), 2);
    CHECK_INT(match_text(lx, "New York City", 0, &cls), 3);
    /* a prefix alone is no match; the walk stops at the first absent key */
    CHECK_INT(match_text(lx, "New Jersey", 0, &cls), 0);
    CHECK_INT(cls, 0);
    CHECK_INT(match_text(lx, "New", 0, &cls), 0);
    CHECK_INT(match_text(lx, "York City", 0, &cls), 0);
    /* end bounds the match */
    {
        const char *t = "New York City";
        nm_tok_t tok[4];
        size_t n = space_tokens(t, tok, 4);
        CHECK_INT(nm_lexicon_match(lx, t, tok, 0, n - 1, &cls, NULL), 2);
        CHECK_INT(nm_lexicon_match(lx, t, tok, 0, 1, &cls, NULL), 0);
    }
    CHECK_INT(match_text(lx, "a b c d e f g h", 0, &cls), 8);
    CHECK_INT(cls, NM_LX_EVENTWORD);
    CHECK_INT(match_text(lx, "the Prime Minister said", 1, &cls), 2);
    CHECK_INT(cls, NM_LX_TITLE);
    CHECK_INT(match_text(lx, "the Prime Minister said", 3, &cls), 1);
    CHECK_INT(cls, NM_LX_CUE | NM_LX_CUE_REPORT);
    {
        int lab = -1;
        const char *t = "the United Nations";
        nm_tok_t tok[4];
        size_t n = space_tokens(t, tok, 4);
        CHECK_INT(nm_lexicon_match(lx, t, tok, 1, n, &cls, &lab), 2);
        CHECK_INT(lab, NM_ORG);
    }

    /* case folding: ASCII, Latin-1, Latin Extended-A, Turkish dotted I */
    CHECK_INT(match_text(lx, "NEW YORK", 0, &cls), 2);
    CHECK_INT(match_text(lx, "nEw YoRk CiTy", 0, &cls), 3);
    CHECK_INT(match_text(lx, "\xc5\x81\xc3\x93\x44\xc5\xb9", 0, &cls), 1); /* ŁÓDŹ */
    CHECK_INT(cls, NM_LX_CITY);
    CHECK_INT(match_text(lx, "\xc4\xb0stanbul", 0, &cls), 1); /* İstanbul */
    /* curly apostrophe folds to ' */
    CHECK_INT(match_text(lx, "O\xe2\x80\x99" "Brien", 0, &cls), 1);
    CHECK_INT(cls, NM_LX_SURNAME);
    CHECK_INT(match_text(lx, "O'BRIEN", 0, &cls), 1);
    /* other scripts are left alone (no match, no crash) */
    CHECK_INT(match_text(lx, "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", 0, &cls), 0);

    /* nm_lexicon_key */
    {
        const char *t = "NEW  York \xe2\x80\x99tis \xc3\x89" "COLE";
        nm_tok_t tok[8];
        char buf[64];
        size_t n = space_tokens(t, tok, 8), kl;
        CHECK_INT(n, 4);
        kl = nm_lexicon_key(t, tok, 0, n, buf, sizeof buf);
        CHECK(kl == strlen("new york 'tis \xc3\xa9" "cole") &&
              memcmp(buf, "new york 'tis \xc3\xa9" "cole", kl) == 0);
        CHECK_INT(nm_lexicon_key(t, tok, 0, n, buf, 5), 0); /* does not fit */
        CHECK_INT(nm_lexicon_key(t, tok, 0, 1, buf, 3), 3);  /* exactly fits */
        CHECK_INT(nm_lexicon_key(t, tok, 1, 1, buf, sizeof buf), 0); /* empty range */
    }

    /* keys too long */
    memset(longkey, 'a', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = 0;
    CHECK_INT(nm_lexicon_get(lx, longkey, strlen(longkey), NULL), 0);
    CHECK_INT(match_text(lx, longkey, 0, &cls), 0);
    b = nm_lexb_new();
    CHECK(b != NULL);
    if (b) {
        CHECK_INT(nm_lexb_add_key(b, longkey, NM_LEX_MAXKEY + 1, 1, NM_LX_CITY, 0), NM_EINVAL);
        CHECK_INT(nm_lexb_add_key(b, longkey, NM_LEX_MAXKEY, 1, NM_LX_CITY, 0), NM_OK);
        CHECK_INT(add_key(b, "a b c d e f g h i", NM_LX_CITY, 0), NM_EINVAL); /* 9 tokens */
        CHECK_INT(nm_lexb_add_key(b, "x", 0, 1, NM_LX_CITY, 0), NM_EINVAL);
        CHECK_INT(add_key(b, "x", NM_LX_CITY, 256), NM_EINVAL);
        CHECK_INT(add_key(b, "x y", NM_LX_CITY, 0), NM_OK);
        CHECK_INT(add_key(b, "x y", NM_LX_ORG, 0), NM_OK); /* OR-merged */
        CHECK_INT(nm_lexb_get(b, "x y", 3), NM_LX_CITY | NM_LX_ORG);
        CHECK_INT(nm_lexb_get(b, "x", 1), NM_LX_PREFIX);
        nm_lexb_clear(b, "x y", 3, NM_LX_CITY);
        CHECK_INT(nm_lexb_get(b, "x y", 3), NM_LX_ORG);
        CHECK_INT(nm_lexb_count(b), 3);
        nm_lexb_free(b);
    }

    /* nm_lexicon_tag: single-token classes, prefixes hidden */
    {
        const char *t = "Ana said New York";
        nm_tokens_t tk;
        nm_tok_t tok[8];
        memset(&tk, 0, sizeof tk);
        tk.ntok = space_tokens(t, tok, 8);
        tk.tok = tok;
        nm_lexicon_tag(lx, t, &tk);
        CHECK_INT(tok[0].lex, NM_LX_FIRST_F);
        CHECK_INT(tok[1].lex, NM_LX_CUE | NM_LX_CUE_REPORT);
        CHECK_INT(tok[2].lex, 0);
        CHECK_INT(tok[3].lex, 0);
        nm_lexicon_tag(NULL, t, &tk); /* no lexicon: all cleared */
        CHECK_INT(tok[0].lex, 0);
    }

    /* entries through the real tokenizer (nm_lexb_add_text) */
    b = nm_lexb_new();
    if (b) {
        unsigned char *bb = NULL;
        size_t bs = 0;
        nm_lexicon_t *l2 = NULL;
        nm_tokens_t tk;
        const char *t = "Yesterday the Prime Minister met  Ana Ruiz.";
        nm_tokens_init(&tk);
        CHECK_INT(nm_lexb_add_text(b, "Prime   Minister", 16, NM_LX_TITLE, 0), NM_OK);
        CHECK_INT(nm_lexb_add_text(b, "Ana Ruiz", 8, NM_LX_PERSON, 0), NM_OK);
        CHECK_INT(nm_lexb_add_text(b, "", 0, NM_LX_PERSON, 0), NM_EINVAL);
        CHECK_INT(nm_lexb_finish(b, &bb, &bs), NM_OK);
        CHECK_INT(nm_lexicon_load_mem(bb, bs, &l2, err, sizeof err), NM_OK);
        CHECK_INT(nm_tokenize(t, strlen(t), &tk), NM_OK);
        if (l2 && tk.ntok >= 7) {
            CHECK_INT(nm_lexicon_match(l2, t, tk.tok, 2, tk.ntok, &cls, NULL), 2);
            CHECK_INT(cls, NM_LX_TITLE);
            CHECK_INT(nm_lexicon_match(l2, t, tk.tok, 5, tk.ntok, &cls, NULL), 2);
            CHECK_INT(cls, NM_LX_PERSON);
        }
        nm_tokens_finish(&tk);
        nm_lexicon_free(l2);
        free(bb);
        nm_lexb_free(b);
    }

    /* the organization gazetteer (NM_LX_GAZORG): a feature for the tagger
     * (nm_lexicon_match_in), invisible to every other lookup; and its name /
     * short form pairs */
    b = nm_lexb_new();
    if (b) {
        unsigned char *bb = NULL;
        size_t bs = 0, pk;
        nm_lexicon_t *l2 = NULL;
        nm_tokens_t tk;
        char key[NM_LEX_MAXKEY];
        const char *t = "Staff of the Harlow Rowing Club met Ana Ruiz of Harlow.";
        static const char longf[] = "Office for Tidal Works, Harbours & Locks";
        nm_tokens_init(&tk);
        CHECK_INT(nm_lexb_add_text(b, "Harlow Rowing Club", 18, NM_LX_GAZORG, 0), NM_OK);
        CHECK_INT(nm_lexb_add_text(b, "Harlow", 6, NM_LX_CITY, 0), NM_OK);
        CHECK_INT(nm_lexb_add_text(b, "Ana Ruiz", 8, NM_LX_PERSON | NM_LX_GAZORG, 0), NM_OK);
        pk = nm_lexicon_pair_key(longf, sizeof longf - 1, "Otwhl", 5, key, sizeof key);
        CHECK(pk > 0);
        CHECK_INT(nm_lexb_add_key(b, key, pk, 1, NM_LX_GAZORG, 0), NM_OK);
        pk = nm_lexicon_pair_key("", 0, "Otwhl", 5, key, sizeof key);
        CHECK(pk > 0);
        CHECK_INT(nm_lexb_add_key(b, key, pk, 1, NM_LX_GAZORG, 0), NM_OK);
        CHECK_INT(nm_lexb_finish(b, &bb, &bs), NM_OK);
        CHECK_INT(nm_lexicon_load_mem(bb, bs, &l2, err, sizeof err), NM_OK);
        CHECK_INT(nm_tokenize(t, strlen(t), &tk), NM_OK);
        if (l2 && tk.ntok >= 11) {
            /* "Harlow Rowing Club": the city for everyone, the club for the tagger */
            CHECK_INT(nm_lexicon_match(l2, t, tk.tok, 3, tk.ntok, &cls, NULL), 1);
            CHECK_INT(cls, NM_LX_CITY);
            CHECK_INT(nm_lexicon_match_in(l2, t, tk.tok, 3, tk.ntok, NM_LX_GAZORG, &cls, NULL), 3);
            CHECK_INT(cls, NM_LX_GAZORG);
            /* an entry of both: the other class only, outside the tagger */
            CHECK_INT(nm_lexicon_match(l2, t, tk.tok, 7, tk.ntok, &cls, NULL), 2);
            CHECK_INT(cls, NM_LX_PERSON);
            CHECK_INT(get(l2, "ana ruiz"), NM_LX_PERSON);
            CHECK_INT(get(l2, "harlow rowing club"), 0);
            nm_lexicon_tag(l2, t, &tk);
            CHECK_INT(tk.tok[3].lex, NM_LX_CITY);
            CHECK_INT(tk.tok[4].lex, 0);
        }
        /* pairs: letters and digits only, case and punctuation ignored */
        CHECK(nm_lexicon_has_pair(l2, "office for tidal works harbours locks", 37, "OTWHL", 5));
        CHECK(nm_lexicon_has_pair(l2, longf, sizeof longf - 1, "Otwhl", 5));
        CHECK(!nm_lexicon_has_pair(l2, "Office for Tidal Works", 22, "Otwhl", 5));
        CHECK(!nm_lexicon_has_pair(l2, longf, sizeof longf - 1, "Otw", 3));
        CHECK(!nm_lexicon_has_pair(NULL, longf, sizeof longf - 1, "Otwhl", 5));
        CHECK(nm_lexicon_is_short(l2, "OTWHL", 5));
        CHECK(!nm_lexicon_is_short(l2, "Harlow", 6));
        CHECK(!nm_lexicon_is_short(NULL, "OTWHL", 5));
        CHECK_INT(nm_lexicon_pair_key("--", 2, "Otwhl", 5, key, sizeof key), 0);
        CHECK_INT(nm_lexicon_pair_key(longf, sizeof longf - 1, "Otwhl", 5, key, 8), 0);
        nm_tokens_finish(&tk);
        nm_lexicon_free(l2);
        free(bb);
        nm_lexb_free(b);
    }

    /* an empty lexicon is valid and finds nothing */
    b = nm_lexb_new();
    if (b) {
        unsigned char *bb = NULL;
        size_t bs = 0;
        nm_lexicon_t *l2 = NULL;
        CHECK_INT(nm_lexb_finish(b, &bb, &bs), NM_OK);
        CHECK_INT(nm_lexicon_load_mem(bb, bs, &l2, err, sizeof err), NM_OK);
        CHECK_INT(get(l2, "ana"), 0);
        CHECK_INT(match_text(l2, "New York", 0, &cls), 0);
        nm_lexicon_free(l2);
        free(bb);
        nm_lexb_free(b);
    }

    nm_lexicon_free(lx);
    free(bytes);
}

static void reseal(unsigned char *p, size_t size) {
    uint64_t h = nm_lex_checksum(p + NM_LEX_HEADER, size - NM_LEX_HEADER);
    nm_wr32(p + 24, (uint32_t)h);
    nm_wr32(p + 28, (uint32_t)(h >> 32));
}

static int load_copy(const unsigned char *p, size_t size, char *err, size_t errlen) {
    nm_lexicon_t *lx = (nm_lexicon_t *)1;
    int rc = nm_lexicon_load_mem(p, size, &lx, err, errlen);
    if (rc == NM_OK) nm_lexicon_free(lx);
    else CHECK(lx == NULL);
    return rc;
}

static void test_corrupt(void) {
    unsigned char *bytes = NULL, *p;
    size_t size = 0, n, bad;
    char err[200];
    uint32_t nslots;

    CHECK_INT(build_small(0, &bytes, &size), NM_OK);
    if (!bytes) return;
    p = malloc(size);
    if (!p) return;

    /* every truncation */
    for (n = 0, bad = 0; n < size; n++) {
        int rc;
        err[0] = 0;
        rc = load_copy(bytes, n, err, sizeof err);
        if (rc != NM_EFORMAT || strstr(err, "lexicon (memory)") == NULL) bad++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(load_copy(NULL, 0, err, sizeof err), NM_EFORMAT);

    /* every flipped payload byte: checksum */
    for (n = NM_LEX_HEADER, bad = 0; n < size; n++) {
        memcpy(p, bytes, size);
        p[n] ^= 0x41;
        if (load_copy(p, size, err, sizeof err) != NM_ECHECKSUM) bad++;
    }
    CHECK_INT(bad, 0);
    /* every flipped header byte: some error */
    for (n = 0, bad = 0; n < NM_LEX_HEADER; n++) {
        int rc;
        memcpy(p, bytes, size);
        p[n] ^= 0x10;
        rc = load_copy(p, size, err, sizeof err);
        if (n < 36 && rc == NM_OK) bad++; /* 36..63 are reserved */
    }
    CHECK_INT(bad, 0);

    memcpy(p, bytes, size);
    p[0] = 'X';
    CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, "magic") != NULL);

    memcpy(p, bytes, size);
    p[6] = 2;
    CHECK_INT(load_copy(p, size, err, sizeof err), NM_EVERSION);
    CHECK(strstr(err, "version 2") != NULL);

    /* huge counts */
    memcpy(p, bytes, size);
    nm_wr32(p + 12, 0x80000000u);
    CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
    memcpy(p, bytes, size);
    nm_wr32(p + 16, 0xFFFFFFFFu);
    CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
    memcpy(p, bytes, size);
    nm_wr32(p + 20, 0xFFFFFFFFu);
    CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
    memcpy(p, bytes, size);
    nm_wr32(p + 12, 3); /* not a power of two */
    CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);

    /* valid checksum, bad contents */
    memcpy(p, bytes, size);
    nslots = (uint32_t)p[12] | ((uint32_t)p[13] << 8) | ((uint32_t)p[14] << 16);
    {
        unsigned char *ent = p + NM_LEX_HEADER + (size_t)nslots * NM_LEX_SLOT;
        nm_wr32(ent, 0x7FFFFFF0u); /* key offset of entry 0 past the pool */
        reseal(p, size);
        CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
        CHECK(strstr(err, "out of bounds") != NULL);
        memcpy(p, bytes, size);
        ent[8] = 0; /* key length 0 */
        ent[9] = 0;
        reseal(p, size);
        CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
    }
    memcpy(p, bytes, size);
    {
        size_t k;
        for (k = 0; k < nslots; k++) /* a slot pointing past the entries */
            if (p[NM_LEX_HEADER + k * NM_LEX_SLOT + 4] == 0) {
                nm_wr32(p + NM_LEX_HEADER + k * NM_LEX_SLOT + 4, 0x00FFFFFFu);
                break;
            }
        reseal(p, size);
        CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
        memcpy(p, bytes, size);
        for (k = 0; k < nslots; k++) /* no empty slot: a lookup would never end */
            if (p[NM_LEX_HEADER + k * NM_LEX_SLOT + 4] == 0 &&
                p[NM_LEX_HEADER + k * NM_LEX_SLOT + 5] == 0)
                nm_wr32(p + NM_LEX_HEADER + k * NM_LEX_SLOT + 4, 1);
        reseal(p, size);
        CHECK_INT(load_copy(p, size, err, sizeof err), NM_EFORMAT);
    }

    /* missing file: NM_EIO naming the path */
    {
        nm_lexicon_t *lx = NULL;
        CHECK_INT(nm_lexicon_load("no/such/dir/x.lex", &lx, err, sizeof err), NM_EIO);
        CHECK(strstr(err, "no/such/dir/x.lex") != NULL);
        CHECK(lx == NULL);
    }
    free(p);
    free(bytes);
}

/* Classes of a phrase, tokenized by nm_tokenize, as the pipeline sees it. */
static uint32_t phrase(const nm_lexicon_t *lx, const char *text, size_t *ntok) {
    nm_tokens_t tk;
    uint32_t cls = 0;
    size_t n;
    nm_tokens_init(&tk);
    if (nm_tokenize(text, strlen(text), &tk) != NM_OK) return 0;
    n = nm_lexicon_match(lx, text, tk.tok, 0, tk.ntok, &cls, NULL);
    if (ntok) *ntok = n;
    if (n != tk.ntok) cls = 0; /* the whole phrase must match */
    nm_tokens_finish(&tk);
    return cls;
}

static void test_committed(void) {
    nm_lexicon_t *lx = NULL;
    char err[300];
    size_t n = 0;
    FILE *f;
    int have_cues;
    int rc = nm_lexicon_load("data/newsmark.lex", &lx, err, sizeof err);
    CHECK_INT(rc, NM_OK);
    if (rc) {
        fprintf(stderr, "%s (run the test from the project root)\n", err);
        return;
    }
    CHECK(phrase(lx, "France", NULL) & NM_LX_COUNTRY);
    CHECK(phrase(lx, "French", NULL) & NM_LX_DEMONYM);
    CHECK(phrase(lx, "Americans", NULL) & NM_LX_DEMONYM);
    CHECK(phrase(lx, "Lisbon", NULL) & NM_LX_CITY);
    CHECK(phrase(lx, "LISBON", NULL) & NM_LX_CITY);
    CHECK(phrase(lx, "Ana", NULL) & NM_LX_FIRST_F);
    CHECK(phrase(lx, "President", NULL) & NM_LX_TITLE);
    CHECK(phrase(lx, "Prime Minister", &n) & NM_LX_TITLE);
    CHECK_INT(n, 2);
    CHECK(phrase(lx, "New York", &n) & NM_LX_CITY);
    CHECK_INT(n, 2);
    CHECK(phrase(lx, "United Nations", NULL) & NM_LX_ORG);
    CHECK(phrase(lx, "the", NULL) & NM_LX_FUNC);
    CHECK(phrase(lx, "Tuesday", NULL) & NM_LX_WEEKDAY);
    CHECK(phrase(lx, "the", NULL) & NM_LX_COMMON);
    CHECK(!(phrase(lx, "the", NULL) & NM_LX_SURNAME));
    CHECK(!(phrase(lx, "Lisbon", NULL) & NM_LX_COMMON));
    /* the organization gazetteer: pairs for linking, names for the tagger only */
    {
        static const char defra[] = "Department for Environment, Food & Rural Affairs";
        CHECK(nm_lexicon_has_pair(lx, defra, sizeof defra - 1, "Defra", 5));
        CHECK(!nm_lexicon_has_pair(lx, defra, sizeof defra - 1, "Ofsted", 6));
        CHECK(nm_lexicon_is_short(lx, "Defra", 5));
        CHECK_INT(phrase(lx, "Defence Science and Technology Laboratory", NULL), 0);
    }
    f = fopen("data/lists/cues.txt", "rb");
    have_cues = f != NULL;
    if (f) fclose(f);
    if (have_cues) CHECK(phrase(lx, "said", NULL) & NM_LX_CUE);
    else CHECK(!(phrase(lx, "said", NULL) & NM_LX_CUE));
    nm_lexicon_free(lx);
}

int main(void) {
    test_builder_and_lookups();
    test_corrupt();
    test_committed();
    return check_report("lexicon");
}
