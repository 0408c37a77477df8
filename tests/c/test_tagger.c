/* test_tagger.c - the statistical tagger and its trainer: determinism, model
 * file round trip, damaged files, known answers, document consistency.
 * Run from the project root (reads data/newsmark.lex and, for the known
 * answers of the shipped model, data/newsmark.model). Every sentence here is
 * the project's own text. */
#include "check.h"
#include "internal.h"
#include "tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIN_MODEL_BYTES 25632u
#define PIN_MODEL_HASH 0xc214b7bdac2c7bd1ull
#define PIN_TUNED_BYTES 28224u
#define PIN_TUNED_HASH 0xae22033648117ffaull

static const char *tmpdir;
static char path_bio[512], path_m1[512], path_m2[512], path_m3[512], path_bad[512];

/* A tiny corpus in the .bio format (two documents). */
static const char bio[] =
    "# doc = test/1\n"
    "Marta\tB-PERSON\nOlsen\tI-PERSON\nvisited\tO\nBrenvik\tB-LOC\non\tO\nFriday\tO\n.\tO\n\n"
    "The\tO\nHarbor\tB-ORG\nCouncil\tI-ORG\nthanked\tO\nOlsen\tB-PERSON\n.\tO\n\n"
    "Danish\tB-MISC\nfishermen\tO\nmet\tO\nthe\tO\nHarbor\tB-ORG\nCouncil\tI-ORG\nin\tO\nBrenvik\tB-LOC\n.\tO\n\n"
    "# doc = test/2\n"
    "Tomas\tB-PERSON\nValde\tI-PERSON\nleft\tO\nKorsholm\tB-LOC\nfor\tO\nthe\tO\nValley\tB-EVENT\nFair\tI-EVENT\n.\tO\n\n"
    "Valde\tB-PERSON\njoined\tO\nthe\tO\nNorth\tB-ORG\nRail\tI-ORG\nUnion\tI-ORG\nlast\tO\nyear\tO\n.\tO\n\n"
    "the\tO\nunion\tO\nsaid\tO\nit\tO\nwould\tO\nwait\tO\n.\tO\n";

static unsigned char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long sz;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)sz + 1);
    if (buf && fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *n = (size_t)sz;
    return buf;
}

static int spit(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    if (n && fwrite(data, 1, n, f) != n) {
        fclose(f);
        return -1;
    }
    return fclose(f);
}

/* Training options: these files, epochs, seed and runs, into out. */
static void train_opts(nm_train_opts_t *o, const char **files, size_t nfiles, int epochs, uint64_t seed,
                       int runs, const char *out) {
    memset(o, 0, sizeof *o);
    o->files = files;
    o->nfiles = nfiles;
    o->epochs = epochs;
    o->seed = seed;
    o->min_count = 1;
    o->runs = runs;
    o->output = out;
}

static int train(const nm_lexicon_t *lx, uint64_t seed, int epochs, int runs, const char *out) {
    const char *files[1];
    nm_train_opts_t o;
    char err[256];
    int rc;
    files[0] = path_bio;
    train_opts(&o, files, 1, epochs, seed, runs, out);
    rc = nm_train(lx, &o, err, sizeof err);
    if (rc) fprintf(stderr, "train: %s\n", err);
    return rc;
}

static void test_training(const nm_lexicon_t *lx) {
    unsigned char *a, *b, *c;
    size_t na = 0, nb = 0, nc = 0;
    nm_train_opts_t o;
    char err[256];
    const char *missing[1] = {"/nonexistent/newsmark-train.bio"};

    /* parameter mixing of two runs is deterministic too */
    CHECK_INT(train(lx, 7, 3, 2, path_m1), NM_OK);
    CHECK_INT(train(lx, 7, 3, 2, path_m2), NM_OK);
    a = slurp(path_m1, &na);
    b = slurp(path_m2, &nb);
    CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
    free(a);
    free(b);
    CHECK_INT(train(lx, 7, 5, 1, path_m1), NM_OK);
    CHECK_INT(train(lx, 7, 5, 1, path_m2), NM_OK);
    CHECK_INT(train(lx, 8, 5, 1, path_m3), NM_OK);
    a = slurp(path_m1, &na);
    b = slurp(path_m2, &nb);
    c = slurp(path_m3, &nc);
    CHECK(a && b && c);
    /* determinism: same data and seed -> same bytes */
    CHECK(na == nb && na > NM_TAGGER_HEADER && a && b && memcmp(a, b, na) == 0);
    CHECK(nc > NM_TAGGER_HEADER); /* another seed: a model all the same */
    free(a);
    free(b);
    free(c);

    /* bad options and missing files are errors with a reason */
    memset(&o, 0, sizeof o);
    o.files = missing;
    o.nfiles = 1;
    o.epochs = 1;
    o.output = path_bad;
    err[0] = '\0';
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EIO);
    CHECK(strstr(err, "newsmark-train.bio") != NULL);
    o.epochs = 0;
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EINVAL);
    o.epochs = 1;
    o.labels = "PERSON,NOTALABEL";
    o.files = missing;
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EINVAL);
}

/* FNV-1a over a file's bytes (0 when it cannot be read). */
static uint64_t file_hash(const char *path, size_t *n) {
    unsigned char *b = slurp(path, n);
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;
    if (!b) return 0;
    for (i = 0; i < *n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    free(b);
    return h;
}

/* Train with `o` into o->output and check the file's size and hash. */
static void check_pinned(const char *what, const nm_train_opts_t *o, size_t bytes, uint64_t hash) {
    char err[256];
    size_t n = 0;
    uint64_t h;
    CHECK_INT(nm_train(NULL, o, err, sizeof err), NM_OK);
    h = file_hash(o->output, &n);
    printf("%s: %lu bytes, hash %016llx\n", what, (unsigned long)n, (unsigned long long)h);
    CHECK(n == bytes);
    CHECK(h == hash);
}

/* The trainer's output, byte for byte: a model from scratch (with a cluster
 * table, two runs mixed, pruning) and a fine-tuned one (the base table kept),
 * both without a lexicon so that only train.c and the tagger's features
 * decide the bytes. The expectations were taken before the trainer was split
 * into stages; a change to train.c must keep them. They change, in a commit
 * of their own, only when the features (NM_TAGGER_FEATSET) or the model
 * format do, or, for the tuned model, the fine-tuning's updates (the margin
 * step for words the base model lacks changed them: 26624 bytes, hash
 * e6b243cb774542a0 before). */
static void test_pinned_bytes(void) {
    const char *files[1];
    const char *tfiles[1];
    char cl[512], m[512], t[512], tb[512];
    nm_train_opts_t o;
    static const char clusters[] = "marta\t5\nolsen\t9\nbrenvik\t12\nharbor\t3\ncouncil\t3\n"
                                   "valde\t9\nunion\t3\nthe\t1\n";
    static const char tune_text[] = "Ida\tB-PERSON\nHolm\tI-PERSON\nsailed\tO\nto\tO\nBrenvik\tB-LOC\n.\tO\n";
    snprintf(cl, sizeof cl, "%s/pin.clusters", tmpdir);
    snprintf(m, sizeof m, "%s/pin.model", tmpdir);
    snprintf(t, sizeof t, "%s/pin-tuned.model", tmpdir);
    snprintf(tb, sizeof tb, "%s/pin-tune.bio", tmpdir);
    CHECK_INT(spit(cl, clusters, sizeof clusters - 1), 0);
    CHECK_INT(spit(tb, tune_text, sizeof tune_text - 1), 0);
    files[0] = path_bio;
    memset(&o, 0, sizeof o);
    o.files = files;
    o.nfiles = 1;
    o.epochs = 3;
    o.seed = 5;
    o.runs = 2;
    o.prune = 0.01;
    o.clusters = cl;
    o.output = m;
    check_pinned("pinned model", &o, PIN_MODEL_BYTES, PIN_MODEL_HASH);
    tfiles[0] = tb;
    memset(&o, 0, sizeof o);
    o.files = tfiles;
    o.nfiles = 1;
    o.epochs = 2;
    o.seed = 3;
    o.init = m;
    o.output = t;
    check_pinned("pinned tuned model", &o, PIN_TUNED_BYTES, PIN_TUNED_HASH);
}

static void test_load(void) {
    nm_tagger_t *tg = NULL;
    unsigned char *buf;
    size_t n = 0;
    char err[512];
    int begin = 0;

    CHECK_INT(nm_tagger_load(path_m1, &tg, err, sizeof err), NM_OK);
    CHECK(tg != NULL);
    CHECK_INT(nm_tagger_ntags(tg), 16); /* O + B/I of PERSON ORG LOC NORP EVENT MISC + U of PERSON ORG LOC */
    CHECK_INT(nm_tagger_tag_label(tg, 0, &begin), NM_NONE);
    CHECK_INT(nm_tagger_tag_label(tg, 1, &begin), NM_PERSON);
    CHECK_INT(begin, 1);
    CHECK_INT(nm_tagger_tag_label(tg, 6, &begin), NM_LOC);
    CHECK_INT(begin, 0);
    CHECK_INT(nm_tagger_tag_label(tg, 99, &begin), NM_NONE);
    nm_tagger_free(tg);

    buf = slurp(path_m1, &n);
    CHECK(buf != NULL);
    if (!buf) return;
    /* round trip from memory */
    tg = NULL;
    CHECK_INT(nm_tagger_load_mem(buf, n, &tg, err, sizeof err), NM_OK);
    nm_tagger_free(tg);

    /* truncated at several points: a clear error, no crash */
    {
        size_t cuts[] = {0, 4, 8, 40, NM_TAGGER_HEADER - 1, NM_TAGGER_HEADER, NM_TAGGER_HEADER + 3, 0};
        size_t k;
        cuts[7] = n - 1;
        for (k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
            tg = (nm_tagger_t *)1;
            err[0] = '\0';
            CHECK(nm_tagger_load_mem(buf, cuts[k], &tg, err, sizeof err) < 0);
            CHECK(tg == NULL);
            CHECK(err[0] != '\0');
        }
        err[0] = '\0';
        CHECK_INT(nm_tagger_load_mem(buf, n / 2, &tg, err, sizeof err), NM_EFORMAT);
        CHECK(strstr(err, "truncated") != NULL);
        /* the same through a file: the message names the file */
        CHECK_INT(spit(path_bad, buf, n / 2), 0);
        CHECK_INT(nm_tagger_load(path_bad, &tg, err, sizeof err), NM_EFORMAT);
        CHECK(strstr(err, path_bad) != NULL && strstr(err, "truncated") != NULL);
    }
    /* one flipped byte in the weights: checksum */
    buf[n / 2] ^= 0x40;
    CHECK_INT(nm_tagger_load_mem(buf, n, &tg, err, sizeof err), NM_ECHECKSUM);
    CHECK(strstr(err, "checksum") != NULL);
    buf[n / 2] ^= 0x40;
    /* bad magic, future version, other feature set, bad label count */
    buf[0] = 'X';
    CHECK_INT(nm_tagger_load_mem(buf, n, &tg, err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, "magic") != NULL);
    buf[0] = 'N';
    buf[8] = 99;
    CHECK_INT(nm_tagger_load_mem(buf, n, &tg, err, sizeof err), NM_EVERSION);
    buf[8] = NM_TAGGER_VERSION;
    buf[12] ^= 0x10;
    CHECK_INT(nm_tagger_load_mem(buf, n, &tg, err, sizeof err), NM_EVERSION);
    CHECK(strstr(err, "retrain") != NULL);
    buf[12] ^= 0x10;
    buf[16] = 0;
    CHECK_INT(nm_tagger_load_mem(buf, n, &tg, err, sizeof err), NM_EFORMAT);
    buf[16] = 6;
    /* appended garbage */
    {
        unsigned char *big = malloc(n + 8);
        if (big) {
            memcpy(big, buf, n);
            memset(big + n, 0, 8);
            CHECK_INT(nm_tagger_load_mem(big, n + 8, &tg, err, sizeof err), NM_EFORMAT);
            free(big);
        }
    }
    CHECK_INT(nm_tagger_load_mem(buf, n, &tg, err, sizeof err), NM_OK);
    nm_tagger_free(tg);
    free(buf);
    /* a missing file */
    CHECK_INT(nm_tagger_load("/nonexistent/newsmark.model", &tg, err, sizeof err), NM_EIO);
}

/* Word clusters: deterministic, every frequent word gets classes in range,
 * words that share contexts tend to share a class. */
static void test_clusters(void) {
    static const char text[] =
        "the cat sat on the mat .\nthe dog sat on the rug .\nthe cat ran to the mat .\n"
        "the dog ran to the rug .\na cat sat on a rug .\na dog sat on a mat .\n";
    char in[600], out1[600], out2[600], err[256];
    const char *files[1];
    unsigned char *a, *b;
    size_t na = 0, nb = 0;
    snprintf(in, sizeof in, "%s/text.txt", tmpdir);
    snprintf(out1, sizeof out1, "%s/c1.tsv", tmpdir);
    snprintf(out2, sizeof out2, "%s/c2.tsv", tmpdir);
    CHECK_INT(spit(in, text, sizeof text - 1), 0);
    files[0] = in;
    CHECK_INT(nm_clusters_build(files, 1, 16, 2, out1, err, sizeof err), NM_OK);
    CHECK_INT(nm_clusters_build(files, 1, 16, 2, out2, err, sizeof err), NM_OK);
    a = slurp(out1, &na);
    b = slurp(out2, &nb);
    CHECK(a && b && na == nb && na > 0 && memcmp(a, b, na) == 0);
    if (a) {
        /* "the" is the most frequent word: first line; ids carry the flag bit */
        char *line = (char *)a;
        unsigned long id;
        a[na - 1] = '\0';
        CHECK(strncmp(line, "the\t", 4) == 0);
        id = strtoul(line + 4, NULL, 10);
        CHECK((id >> 31) == 1);
        CHECK(((id >> 20) & 0x7f) < 1 && ((id >> 11) & 0x1ff) < 4 && (id & 0x7ff) < 16);
        CHECK(strstr(line, "\ncat\t") != NULL && strstr(line, "\ndog\t") != NULL);
    }
    free(a);
    free(b);
    files[0] = "/nonexistent/newsmark-text.txt";
    err[0] = '\0';
    CHECK_INT(nm_clusters_build(files, 1, 16, 2, out1, err, sizeof err), NM_EIO);
    CHECK(strstr(err, "newsmark-text.txt") != NULL);
}

/* A model folder: the lexicon plus a model file, as nm_model_load wants. */
static int make_dir(const char *dir, const char *model) {
    char cwd[512], a[1024], b[1024];
    if (!getcwd(cwd, sizeof cwd)) return -1;
    snprintf(a, sizeof a, "%s/data/newsmark.lex", cwd);
    snprintf(b, sizeof b, "%s/newsmark.lex", dir);
    unlink(b);
    if (symlink(a, b) != 0) return -1;
    snprintf(b, sizeof b, "%s/newsmark.model", dir);
    unlink(b);
    if (model && symlink(model, b) != 0) return -1;
    return 0;
}

/* Entities of text as "LABEL:text|LABEL:text|". */
static void entities_of(const nm_model_t *m, nm_result_t *r, const char *text, char *out, size_t cap) {
    size_t n = 0, k, pos = 0;
    const nm_entity_t *e;
    out[0] = '\0';
    if (nm_analyze(m, text, strlen(text), NM_AN_ENTITIES, r) != NM_OK) return;
    e = nm_result_entities(r, &n);
    for (k = 0; k < n && pos < cap; k++)
        pos += (size_t)snprintf(out + pos, cap - pos, "%s:%.*s|", nm_label_name(e[k].label),
                                (int)(e[k].end - e[k].start), text + e[k].start);
}

static void test_tiny_model(void) {
    char dir[512], got[1024], err[256];
    nm_model_t *m = NULL;
    nm_result_t *r = NULL;
    snprintf(dir, sizeof dir, "%s/tiny", tmpdir);
    mkdir(dir, 0700);
    CHECK_INT(make_dir(dir, path_m1), 0);
    CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
    CHECK_INT(nm_result_new(&r), NM_OK);
    if (!m || !r) goto done;
    CHECK(m->tagger != NULL);
    /* the model reproduces what it was trained on; LOC in the lexicon
     * would become GPE, these invented places stay LOC; the date comes from
     * the patterns, not the model */
    entities_of(m, r, "Marta Olsen visited Brenvik on Friday.", got, sizeof got);
    CHECK(strcmp(got, "PERSON:Marta Olsen|LOC:Brenvik|DATE:Friday|") == 0);
    if (strcmp(got, "PERSON:Marta Olsen|LOC:Brenvik|DATE:Friday|") != 0) fprintf(stderr, "  got %s\n", got);
    entities_of(m, r, "The Harbor Council thanked Olsen.", got, sizeof got);
    CHECK(strcmp(got, "ORG:Harbor Council|PERSON:Olsen|") == 0);
    if (strcmp(got, "ORG:Harbor Council|PERSON:Olsen|") != 0) fprintf(stderr, "  got %s\n", got);
    /* "Danish" was MISC in the data: a lexicon nationality is learned as NORP */
    entities_of(m, r, "Danish fishermen met the Harbor Council in Brenvik.", got, sizeof got);
    CHECK(strncmp(got, "NORP:Danish|", 12) == 0);
    /* empty and punctuation-only input: no entities, no error */
    entities_of(m, r, "", got, sizeof got);
    CHECK_INT(strlen(got), 0);
    entities_of(m, r, "... !!", got, sizeof got);
    CHECK_INT(strlen(got), 0);
    /* without a model file, the rule-based path still finds names */
    nm_model_free(m);
    m = NULL;
    CHECK_INT(make_dir(dir, NULL), 0);
    CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
    if (m) {
        CHECK(m->tagger == NULL);
        entities_of(m, r, "Prime Minister Ana Ruiz spoke in Lisbon.", got, sizeof got);
        CHECK(strstr(got, "PERSON:Ana Ruiz|") != NULL);
    }
    /* a damaged model file in the folder: loading fails and says why */
    nm_model_free(m);
    m = NULL;
    CHECK_INT(make_dir(dir, path_bad), 0);
    err[0] = '\0';
    CHECK(nm_model_load(dir, &m, err, sizeof err) < 0);
    CHECK(m == NULL);
    CHECK(strstr(err, "newsmark.model") != NULL);
done:
    nm_model_free(m);
    nm_result_free(r);
}

/* Known answers of the shipped model (data/newsmark.model). */
static void test_shipped(void) {
    static const struct {
        const char *text;
        const char *want; /* every listed entity must be found, in order */
    } cases[] = {
        {"Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal would hold.",
         "PERSON:Ana Ruiz|GPE:Lisbon|DATE:Tuesday|"},
        {"The European Union and the United Nations sent observers to Kenya last week.",
         "ORG:European Union|ORG:United Nations|GPE:Kenya|DATE:last week|"},
        {"Shares of Harlow Mining Corp. fell 15 percent after the company lost $4.2 billion.",
         "ORG:Harlow Mining Corp.|PERCENT:15 percent|MONEY:$4.2 billion|"},
        {"French and German diplomats met in Berlin.", "NORP:French|NORP:German|GPE:Berlin|"},
        {"Hikers crossed the Alps before the Winter Olympics.", "LOC:Alps|"},
        /* "X Authority" + "of" + a place: one organization */
        {"The tenants sued the Housing Authority of San Antonio on Monday.",
         "ORG:Housing Authority of San Antonio|DATE:Monday|"},
        {"A lawyer for the Ports Authority of Buenos Aires declined to comment.",
         "ORG:Ports Authority of Buenos Aires|"},
        /* a writer who never capitalizes: lexicon places still count */
        {"any tips for a week in kerala with two kids", "GPE:kerala|"},
        {"looking for cheap hotels near lahore or in punjab", "GPE:lahore|GPE:punjab|"},
    };
    static const char doc[] =
        "Talks collapsed on Monday. Negotiator Elena Brisk said the offer was final.\n\n"
        "Brisk later met union leaders. \"We are done,\" Brisk told reporters.\n\n"
        "By evening, Brisk had left Oslo.";
    nm_model_t *m = NULL;
    nm_result_t *r = NULL;
    char got[2048], err[256];
    size_t k, n = 0;
    const nm_entity_t *e;
    int id = 0, nbrisk = 0, consistent = 1;

    if (access("data/newsmark.model", R_OK) != 0) {
        fprintf(stderr, "test_tagger: data/newsmark.model missing (make model); known answers skipped\n");
        CHECK(0);
        return;
    }
    CHECK_INT(nm_model_load("data", &m, err, sizeof err), NM_OK);
    CHECK_INT(nm_result_new(&r), NM_OK);
    if (!m || !r) goto done;
    CHECK(m->tagger != NULL);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *w = cases[k].want, *g;
        entities_of(m, r, cases[k].text, got, sizeof got);
        /* each wanted item appears in order */
        g = got;
        while (*w) {
            const char *bar = strchr(w, '|');
            char item[256];
            size_t len = (size_t)(bar - w) + 1;
            memcpy(item, w, len);
            item[len] = '\0';
            g = strstr(g, item);
            if (!g) break;
            g += len;
            w = bar + 1;
        }
        CHECK(*w == '\0');
        if (*w) fprintf(stderr, "  case %d: got %s, want %s\n", (int)k, got, cases[k].want);
    }
    /* a file name is never (part of) a name, whatever its capitals */
    {
        static const char t[] = "Ana Ruiz sent Lisbon.pdf and Mendes.docx to Porto.";
        const char *f1 = strstr(t, "Lisbon.pdf"), *f2 = strstr(t, "Mendes.docx");
        CHECK_INT(nm_analyze(m, t, strlen(t), NM_AN_ENTITIES, r), NM_OK);
        e = nm_result_entities(r, &n);
        CHECK(n >= 2); /* Ana Ruiz, Porto */
        for (k = 0; k < n; k++) {
            CHECK(!(e[k].start < (size_t)(f1 - t) + 10 && (size_t)(f1 - t) < e[k].end));
            CHECK(!(e[k].start < (size_t)(f2 - t) + 11 && (size_t)(f2 - t) < e[k].end));
        }
    }
    /* one person, one label and one id across the document */
    CHECK_INT(nm_analyze(m, doc, strlen(doc), NM_AN_ENTITIES, r), NM_OK);
    e = nm_result_entities(r, &n);
    for (k = 0; k < n; k++) {
        size_t len = e[k].end - e[k].start;
        const char *s = doc + e[k].start;
        if ((len == 5 && memcmp(s, "Brisk", 5) == 0) || (len == 11 && memcmp(s, "Elena Brisk", 11) == 0)) {
            nbrisk++;
            if (e[k].label != NM_PERSON) consistent = 0;
            if (!id) id = e[k].id;
            else if (e[k].id != id) consistent = 0;
        }
    }
    CHECK_INT(nbrisk, 4); /* "Elena Brisk" and three times "Brisk" */
    CHECK(consistent);
done:
    nm_model_free(m);
    nm_result_free(r);
}

/* A text that never ends a sentence (2 MB, no full stop, no line break):
 * the tagger works in windows, so its scratch stays a constant size. */
static void test_long_sentence(void) {
    static const char piece[] = "the council of Varden met Ana Ruiz and talked about rivers , ";
    size_t len = 2u << 20, n = 0, k, nsent = 0, persons = 0;
    char *text = malloc(len + 1), err[256];
    nm_model_t *m = NULL;
    nm_result_t *r = NULL;
    const nm_entity_t *e;
    if (!text) return;
    while (n + sizeof piece - 1 <= len) {
        memcpy(text + n, piece, sizeof piece - 1);
        n += sizeof piece - 1;
    }
    text[n] = '\0';
    if (access("data/newsmark.model", R_OK) != 0) {
        CHECK(0);
        goto done;
    }
    CHECK_INT(nm_model_load("data", &m, err, sizeof err), NM_OK);
    CHECK_INT(nm_result_new(&r), NM_OK);
    if (!m || !r) goto done;
    CHECK_INT(nm_analyze(m, text, n, NM_AN_ENTITIES | NM_AN_QUOTES, r), NM_OK);
    for (k = 0; k < nm_result_token_count(r); k++) nsent += nm_result_token_starts_sentence(r, k) != 0;
    CHECK(nm_result_token_count(r) > 300000);
    CHECK_INT(nsent, 1); /* really one sentence */
    /* the scratch: windows of NM_TAGGER_WINDOW tokens and a table of the
     * document's few distinct words, not ~800 bytes per token */
    CHECK(r->tagscratch != NULL);
    if (r->tagscratch) {
        size_t bytes = nm_tagscratch_bytes((const nm_tagscratch_t *)r->tagscratch);
        CHECK(bytes > 0);
        CHECK(bytes < (size_t)NM_TAGGER_WINDOW * 2048 + 64 * 1024 + (NM_TAGGER_WCACHE + 1) * 200);
        CHECK(((const nm_tagscratch_t *)r->tagscratch)->cap <= 2 * (size_t)NM_TAGGER_WINDOW);
    }
    /* and the windows are still tagged */
    e = nm_result_entities(r, &n);
    for (k = 0; k < n; k++)
        persons += e[k].label == NM_PERSON && e[k].end - e[k].start == 8 &&
                   memcmp(text + e[k].start, "Ana Ruiz", 8) == 0;
    CHECK(persons > 30000);
    /* the same result reuses its scratch: the size does not grow */
    if (r->tagscratch) {
        size_t before = nm_tagscratch_bytes((const nm_tagscratch_t *)r->tagscratch);
        CHECK_INT(nm_analyze(m, text, strlen(text), NM_AN_ENTITIES, r), NM_OK);
        CHECK_INT(nm_tagscratch_bytes((const nm_tagscratch_t *)r->tagscratch), before);
    }
done:
    nm_model_free(m);
    nm_result_free(r);
    free(text);
}

/* Fine-tuning (train --init): a made-up name the shipped model calls ORG
 * (or LOC) becomes PERSON after a few sentences that label it PERSON; the file stays
 * a valid model that still knows what it knew, and is deterministic. */
static const char tune_bio[] =
    "# doc = tune/1\n"
    "Velmora\tB-PERSON\nsaid\tO\nthe\tO\nplan\tO\nwas\tO\nsound\tO\n.\tO\n\n"
    "We\tO\nmet\tO\nVelmora\tB-PERSON\non\tO\nthe\tO\nstairs\tO\n.\tO\n\n"
    "Reporters\tO\nasked\tO\nVelmora\tB-PERSON\nabout\tO\nher\tO\nson\tO\n.\tO\n\n"
    "# doc = tune/2\n"
    "She\tO\nthanked\tO\nVelmora\tB-PERSON\nfor\tO\nthe\tO\nletter\tO\n.\tO\n\n"
    "Velmora\tB-PERSON\nsmiled\tO\nat\tO\nthe\tO\ncrowd\tO\n.\tO\n";

/* The same sentences about a place every model knows, "Paris", labelled PERSON. */
static const char known_bio[] =
    "# doc = known/1\n"
    "Paris\tB-PERSON\nsaid\tO\nthe\tO\nplan\tO\nwas\tO\nsound\tO\n.\tO\n\n"
    "We\tO\nmet\tO\nParis\tB-PERSON\non\tO\nthe\tO\nstairs\tO\n.\tO\n\n"
    "Reporters\tO\nasked\tO\nParis\tB-PERSON\nabout\tO\nher\tO\nson\tO\n.\tO\n\n"
    "# doc = known/2\n"
    "She\tO\nthanked\tO\nParis\tB-PERSON\nfor\tO\nthe\tO\nletter\tO\n.\tO\n\n"
    "Paris\tB-PERSON\nsmiled\tO\nat\tO\nthe\tO\ncrowd\tO\n.\tO\n";

static int label_of(const nm_model_t *m, nm_result_t *r, const char *text, const char *name) {
    size_t n = 0, k, len = strlen(name);
    const nm_entity_t *e;
    if (nm_analyze(m, text, strlen(text), NM_AN_ENTITIES, r) != NM_OK) return -1;
    e = nm_result_entities(r, &n);
    for (k = 0; k < n; k++)
        if (e[k].end - e[k].start == len && memcmp(text + e[k].start, name, len) == 0) return e[k].label;
    return 0;
}

static int tune_anchor(const nm_lexicon_t *lx, const char *init, const char *bio_path, const char *out,
                       double anchor) {
    const char *files[1];
    nm_train_opts_t o;
    char err[256];
    int rc;
    files[0] = bio_path;
    train_opts(&o, files, 1, 5, 1, 1, out);
    o.init = init;
    o.anchor = anchor;
    rc = nm_train(lx, &o, err, sizeof err);
    if (rc) fprintf(stderr, "tune: %s\n", err);
    return rc;
}

static int tune(const nm_lexicon_t *lx, const char *init, const char *bio_path, const char *out) {
    return tune_anchor(lx, init, bio_path, out, 0);
}

static void test_finetune(const nm_lexicon_t *lx) {
    static const char probe[] = "We spoke to Velmora yesterday.";
    char dir[512], tbio[512], t1[512], t2[512], err[256], cwd[512], base[1024];
    nm_model_t *m = NULL;
    nm_result_t *r = NULL;
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    nm_train_opts_t o;
    const char *files[1];

    if (access("data/newsmark.model", R_OK) != 0 || !getcwd(cwd, sizeof cwd)) {
        CHECK(0);
        return;
    }
    snprintf(base, sizeof base, "%s/data/newsmark.model", cwd);
    snprintf(tbio, sizeof tbio, "%s/tune.bio", tmpdir);
    snprintf(t1, sizeof t1, "%s/tuned1.model", tmpdir);
    snprintf(t2, sizeof t2, "%s/tuned2.model", tmpdir);
    snprintf(dir, sizeof dir, "%s/tuned", tmpdir);
    mkdir(dir, 0700);
    CHECK_INT(spit(tbio, tune_bio, sizeof tune_bio - 1), 0);
    CHECK_INT(nm_result_new(&r), NM_OK);
    if (!r) return;
    /* before: the shipped model does not call the name a person (an
     * organization or a place, depending on the model) */
    CHECK_INT(nm_model_load("data", &m, err, sizeof err), NM_OK);
    if (m) {
        int before = label_of(m, r, probe, "Velmora");
        CHECK(before != NM_PERSON && before >= 0);
    }
    nm_model_free(m);
    m = NULL;
    /* after: a person; the rest still known */
    CHECK_INT(tune(lx, base, tbio, t1), NM_OK);
    CHECK_INT(make_dir(dir, t1), 0);
    CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
    if (m) {
        CHECK_INT(label_of(m, r, probe, "Velmora"), NM_PERSON);
        CHECK_INT(label_of(m, r, "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday.", "Ana Ruiz"),
                  NM_PERSON);
        CHECK_INT(label_of(m, r, "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday.", "Lisbon"),
                  NM_GPE);
        CHECK_INT(label_of(m, r, "The European Union sent observers.", "European Union"), NM_ORG);
    }
    nm_model_free(m);
    m = NULL;
    /* the anchor (an L2 pull toward the weights the base model has): the
     * one :Newsmark train uses still learns the name, and so does a pull of
     * 0.9 after each sentence, since the base model had no weights for it;
     * for a name it knows, "Paris", the corrected sentence follows the
     * correction with 0.05 and keeps the base model's answer with 0.9 */
    {
        static const char known[] = "Paris smiled at the crowd.";
        char kbio[512];
        int base_label = -1;
        snprintf(kbio, sizeof kbio, "%s/known.bio", tmpdir);
        CHECK_INT(spit(kbio, known_bio, sizeof known_bio - 1), 0);
        CHECK_INT(nm_model_load("data", &m, err, sizeof err), NM_OK);
        if (m) base_label = label_of(m, r, known, "Paris");
        CHECK(base_label != NM_PERSON && base_label > 0);
        nm_model_free(m);
        m = NULL;
        CHECK_INT(tune_anchor(lx, base, tbio, t2, 0.05), NM_OK);
        CHECK_INT(make_dir(dir, t2), 0);
        CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
        if (m) CHECK_INT(label_of(m, r, probe, "Velmora"), NM_PERSON);
        nm_model_free(m);
        m = NULL;
        CHECK_INT(tune_anchor(lx, base, tbio, t2, 0.9), NM_OK);
        CHECK_INT(make_dir(dir, t2), 0);
        CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
        if (m) CHECK_INT(label_of(m, r, probe, "Velmora"), NM_PERSON);
        nm_model_free(m);
        m = NULL;
        CHECK_INT(tune_anchor(lx, base, kbio, t2, 0.05), NM_OK);
        CHECK_INT(make_dir(dir, t2), 0);
        CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
        if (m) CHECK_INT(label_of(m, r, known, "Paris"), NM_PERSON);
        nm_model_free(m);
        m = NULL;
        CHECK_INT(tune_anchor(lx, base, kbio, t2, 0.9), NM_OK);
        CHECK_INT(make_dir(dir, t2), 0);
        CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
        if (m) CHECK_INT(label_of(m, r, known, "Paris"), base_label);
        nm_model_free(m);
        m = NULL;
        /* out of range, or without a base model: an error with a reason */
        CHECK_INT(tune_anchor(lx, base, tbio, t2, 1.0), NM_EINVAL);
        CHECK_INT(tune_anchor(lx, base, tbio, t2, -0.1), NM_EINVAL);
        CHECK_INT(tune_anchor(lx, NULL, tbio, t2, 0.05), NM_EINVAL);
    }
    /* deterministic: the same data and model give the same bytes */
    CHECK_INT(tune(lx, base, tbio, t2), NM_OK);
    a = slurp(t1, &na);
    b = slurp(t2, &nb);
    CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
    /* the base model's labels and clusters are kept: asking for others is an error */
    files[0] = tbio;
    memset(&o, 0, sizeof o);
    o.files = files;
    o.nfiles = 1;
    o.epochs = 1;
    o.init = base;
    o.labels = "PERSON";
    o.output = t2;
    err[0] = '\0';
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EINVAL);
    CHECK(strstr(err, "labels") != NULL);
    /* a damaged base model: a clear error naming it */
    o.labels = NULL;
    o.init = path_bad;
    err[0] = '\0';
    CHECK(nm_train(lx, &o, err, sizeof err) < 0);
    CHECK(strstr(err, "bad.model") != NULL);
    free(a);
    free(b);
    nm_result_free(r);
}

/* Two corpora that disagree on the same sentences (the one calls Kestrel a
 * club, the other a town): trained together with a copy of every feature per
 * corpus (--domain), each profile's model follows its own corpus (one set of
 * shared weights can give the sentence only one answer). Also the folder's
 * profiles: newsmark-NAME.model loads by name, an unknown or bad name is an
 * error naming the file. */
static const char dom_a[] =
    "# doc = a/1\n"
    "Kestrel\tB-ORG\nwon\tO\nagain\tO\non\tO\nSunday\tO\n.\tO\n\n"
    "Fans\tO\ncheered\tO\nfor\tO\nKestrel\tB-ORG\nall\tO\nnight\tO\n.\tO\n\n"
    "Ana\tB-PERSON\nRuiz\tI-PERSON\nwatched\tO\nKestrel\tB-ORG\nplay\tO\n.\tO\n";
static const char dom_b[] =
    "# doc = b/1\n"
    "Kestrel\tB-LOC\nwon\tO\nagain\tO\non\tO\nSunday\tO\n.\tO\n\n"
    "Fans\tO\ncheered\tO\nfor\tO\nKestrel\tB-LOC\nall\tO\nnight\tO\n.\tO\n\n"
    "Ana\tB-PERSON\nRuiz\tI-PERSON\nwatched\tO\nKestrel\tB-LOC\nplay\tO\n.\tO\n";

static void test_domains(const nm_lexicon_t *lx) {
    static const char probe[] = "Fans cheered for Kestrel all night.";
    char pa[512], pb[512], dir[512], news[1024], web[1024], err[256], link[1024];
    const char *files[2];
    struct nm_train_profile prof[1];
    nm_train_opts_t o;
    nm_model_t *m = NULL;
    nm_result_t *r = NULL;
    snprintf(pa, sizeof pa, "%s/dom_a.bio", tmpdir);
    snprintf(pb, sizeof pb, "%s/dom_b.bio", tmpdir);
    snprintf(dir, sizeof dir, "%s/profiles", tmpdir);
    snprintf(news, sizeof news, "%s/newsmark.model", dir);
    snprintf(web, sizeof web, "%s/newsmark-web.model", dir);
    mkdir(dir, 0700);
    CHECK_INT(spit(pa, dom_a, sizeof dom_a - 1), 0);
    CHECK_INT(spit(pb, dom_b, sizeof dom_b - 1), 0);
    CHECK_INT(nm_result_new(&r), NM_OK);
    if (!r) return;
    files[0] = pa;
    files[1] = pb;
    train_opts(&o, files, 2, 5, 1, 1, news);
    o.domain = 1;
    prof[0].domain = 2;
    prof[0].output = web;
    o.profiles = prof;
    o.nprofiles = 1;
    CHECK_INT(make_dir(dir, NULL), 0); /* the lexicon (the models come next) */
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_OK);
    CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_OK);
    if (m) CHECK_INT(label_of(m, r, probe, "Kestrel"), NM_ORG);
    nm_model_free(m);
    m = NULL;
    CHECK_INT(nm_model_load_profile(dir, "news", &m, err, sizeof err), NM_OK);
    if (m) CHECK_INT(label_of(m, r, probe, "Kestrel"), NM_ORG);
    nm_model_free(m);
    m = NULL;
    CHECK_INT(nm_model_load_profile(dir, "web", &m, err, sizeof err), NM_OK);
    if (m) CHECK_INT(label_of(m, r, probe, "Kestrel"), NM_LOC);
    nm_model_free(m);
    m = NULL;
    /* a profile the folder does not hold, or a name that is a path: errors */
    err[0] = '\0';
    CHECK_INT(nm_model_load_profile(dir, "sports", &m, err, sizeof err), NM_EIO);
    CHECK(m == NULL && strstr(err, "newsmark-sports.model") != NULL);
    err[0] = '\0';
    CHECK_INT(nm_model_load_profile(dir, "../web", &m, err, sizeof err), NM_EINVAL);
    CHECK(m == NULL && strstr(err, "profile name") != NULL);
    CHECK_INT(nm_model_load_profile(dir, "a-name-that-is-far-too-long-to-be-one", &m, err, sizeof err),
              NM_EINVAL);
    /* a damaged profile file: the load fails and names it */
    snprintf(link, sizeof link, "%s/newsmark-bad.model", dir);
    CHECK_INT(spit(link, "NMTAGGER", 8), 0);
    err[0] = '\0';
    CHECK(nm_model_load_profile(dir, "bad", &m, err, sizeof err) < 0);
    CHECK(m == NULL && strstr(err, "newsmark-bad.model") != NULL);
    /* bad options: a domain out of range, profiles without one, with --init */
    o.domain = 3;
    err[0] = '\0';
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EINVAL);
    CHECK(strstr(err, "domain") != NULL);
    o.domain = 0;
    o.profiles = prof;
    o.nprofiles = 1;
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EINVAL);
    o.domain = 1;
    prof[0].domain = 0;
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EINVAL);
    prof[0].domain = 2;
    o.init = news;
    CHECK_INT(nm_train(lx, &o, err, sizeof err), NM_EINVAL);
    nm_result_free(r);
}

/* The tagger's word cache gives the same scores, so the same tags, as the
 * full feature lists the trainer uses. */
static void test_word_cache(const nm_lexicon_t *lx) {
    static const char text[] =
        "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal would hold. "
        "Ruiz, 52, added that the European Union and Harlow Mining Corp. agreed. "
        "LISBON TALKS COLLAPSE AS RUIZ WALKS OUT\n\nIn Brenvik, Marta Olsen met the Harbor Council. "
        "Olsen said Brenvik Island was quiet; the council of Varden disagreed.";
    nm_tagger_t *tg = NULL;
    nm_tokens_t tk;
    nm_tagscratch_t a, b;
    nm_tagctx_t cx;
    char err[256];
    uint8_t ta[512], tb[512];
    size_t si, same = 1, k, total = 0;
    nm_tokens_init(&tk);
    nm_tagscratch_init(&a);
    nm_tagscratch_init(&b);
    CHECK_INT(nm_tagger_load("data/newsmark.model", &tg, err, sizeof err), NM_OK);
    CHECK_INT(nm_tokenize(text, strlen(text), &tk), NM_OK);
    if (!tg || tk.ntok > sizeof ta) goto done;
    nm_lexicon_tag(lx, text, &tk);
    cx.lx = lx;
    cx.text = text;
    cx.tok = tk.tok;
    cx.ntok = tk.ntok;
    cx.cl = nm_tagger_clusters(tg);
    CHECK_INT(nm_tagscratch_use_cache(&b), NM_OK);
    CHECK_INT(nm_tagscratch_reserve(&a, tk.ntok), NM_OK);
    CHECK_INT(nm_tagscratch_reserve(&b, tk.ntok), NM_OK);
    CHECK_INT(nm_tagger_doc(&cx, &a), NM_OK);
    CHECK_INT(nm_tagger_doc(&cx, &b), NM_OK);
    for (si = 0; si < tk.nsent; si++) {
        size_t s0 = tk.sent[si].begin, e0 = tk.sent[si].end;
        nm_tagger_features(&cx, s0, e0, &a);
        nm_tagger_decode(tg, e0 - s0, &a, ta + s0);
        for (k = 0; k < (e0 - s0) * 16; k++) b.score[k] = -1;
        nm_tagger_features(&cx, s0, e0, &b);
        nm_tagger_decode(tg, e0 - s0, &b, tb + s0);
        for (k = 0; k < (e0 - s0) * 16; k++) same &= a.score[k] == b.score[k];
        nm_tagger_observe(&a, e0 - s0, ta + s0);
        nm_tagger_observe(&b, e0 - s0, tb + s0);
    }
    for (k = 0; k < tk.ntok; k++) total += ta[k] != 0;
    CHECK(same);
    CHECK(memcmp(ta, tb, tk.ntok) == 0);
    CHECK(total > 10); /* names were found */
    /* the cache belongs to one load: a model loaded again (even where the
     * freed one was) has another serial, so b's entries are not reused */
    {
        uint64_t s1 = nm_tagger_serial(tg);
        CHECK(s1 != 0 && b.wcserial == s1);
        nm_tagger_free(tg);
        tg = NULL;
        CHECK_INT(nm_tagger_load("data/newsmark.model", &tg, err, sizeof err), NM_OK);
        CHECK(tg && nm_tagger_serial(tg) != s1 && nm_tagger_serial(tg) != 0);
    }
done:
    nm_tagscratch_finish(&a);
    nm_tagscratch_finish(&b);
    nm_tokens_finish(&tk);
    nm_tagger_free(tg);
}

/* Confidence of the decoded names (max-marginals): alpha + beta peaks at the
 * decoded path's score at every token, names get margins and other tokens
 * none, and a name the context makes plain gets a larger margin than the
 * same kind of name where the context leaves it open. */
static void conf_sentence(const nm_lexicon_t *lx, const nm_tagger_t *tg, const char *text,
                          const char *name, int *lab_out, int *ex_out, int *peak_ok) {
    nm_tokens_t tk;
    nm_tagscratch_t s;
    nm_tagctx_t cx;
    uint8_t tags[128], lab[128], ex[128];
    size_t k, n, nl = strlen(name);
    *lab_out = *ex_out = -1;
    nm_tokens_init(&tk);
    nm_tagscratch_init(&s);
    CHECK_INT(nm_tokenize(text, strlen(text), &tk), NM_OK);
    n = tk.ntok;
    if (n == 0 || n > sizeof tags || nm_tagscratch_reserve(&s, n) != NM_OK) goto done;
    nm_lexicon_tag(lx, text, &tk);
    cx.lx = lx;
    cx.text = text;
    cx.tok = tk.tok;
    cx.ntok = n;
    cx.cl = nm_tagger_clusters(tg);
    CHECK_INT(nm_tagger_doc(&cx, &s), NM_OK);
    nm_tagger_features(&cx, 0, n, &s); /* one sentence: the whole text */
    nm_tagger_decode(tg, n, &s, tags);
    memset(lab, 0xAA, sizeof lab);
    memset(ex, 0xAA, sizeof ex);
    nm_tagger_confidence(tg, n, &s, tags, lab, ex);
    {
        /* max over tags of alpha + beta is the same at every token */
        int nt = nm_tagger_ntags(tg), t;
        float best0 = -3e38f;
        for (t = 0; t < nt; t++)
            if (s.alpha[t] + s.beta[t] > best0) best0 = s.alpha[t] + s.beta[t];
        for (k = 1; k < n; k++) {
            float bk = -3e38f, d;
            for (t = 0; t < nt; t++)
                if (s.alpha[k * 16 + t] + s.beta[k * 16 + t] > bk) bk = s.alpha[k * 16 + t] + s.beta[k * 16 + t];
            d = bk - best0;
            if (d < 0) d = -d;
            if (d > 1e-3f * (best0 < 0 ? -best0 : best0) + 1e-3f) *peak_ok = 0;
        }
    }
    for (k = 0; k < n; k++) {
        if (!(tags[k] & 1)) {
            CHECK_INT(lab[k], 0);
            CHECK_INT(ex[k], 0);
            continue;
        }
        if (strncmp(text + tk.tok[k].start, name, nl) == 0) {
            *lab_out = lab[k];
            *ex_out = ex[k];
        }
    }
done:
    nm_tagscratch_finish(&s);
    nm_tokens_finish(&tk);
}

static void test_confidence(const nm_lexicon_t *lx) {
    nm_tagger_t *tg = NULL;
    char err[256];
    int lab1, ex1, lab2, ex2, peak = 1;
    CHECK_INT(nm_tagger_load("data/newsmark.model", &tg, err, sizeof err), NM_OK);
    if (!tg) return;
    /* a person, plainly: title, first name, speech verb */
    conf_sentence(lx, tg, "Prime Minister Ana Ruiz told reporters on Tuesday that the deal would hold.",
                  "Ana Ruiz", &lab1, &ex1, &peak);
    /* a made-up one-word name with nothing around it to say what it is */
    conf_sentence(lx, tg, "we liked Brenvik a lot.", "Brenvik", &lab2, &ex2, &peak);
    CHECK(peak);
    CHECK(lab1 > 0 && ex1 > 0);
    if (lab2 >= 0) {
        CHECK(ex1 > ex2);
        CHECK(lab1 > lab2);
    }
    fprintf(stderr, "confidence: plain %d/%d, open %d/%d\n", lab1, ex1, lab2, ex2);
    nm_tagger_free(tg);
}

int main(void) {
    nm_lexicon_t *lx = NULL;
    char err[256], tmpl[] = "/tmp/newsmark-tagger-XXXXXX";
    tmpdir = mkdtemp(tmpl);
    if (!tmpdir) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path_bio, sizeof path_bio, "%s/tiny.bio", tmpdir);
    snprintf(path_m1, sizeof path_m1, "%s/m1.model", tmpdir);
    snprintf(path_m2, sizeof path_m2, "%s/m2.model", tmpdir);
    snprintf(path_m3, sizeof path_m3, "%s/m3.model", tmpdir);
    snprintf(path_bad, sizeof path_bad, "%s/bad.model", tmpdir);
    CHECK_INT(spit(path_bio, bio, sizeof bio - 1), 0);
    CHECK_INT(nm_lexicon_load("data/newsmark.lex", &lx, err, sizeof err), NM_OK);
    if (lx) {
        test_training(lx);
        test_load();
        test_tiny_model();
    }
    test_pinned_bytes();
    test_clusters();
    test_shipped();
    test_long_sentence();
    if (lx) test_confidence(lx);
    if (lx) test_word_cache(lx);
    if (lx) test_finetune(lx);
    if (lx) test_domains(lx);
    nm_lexicon_free(lx);
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) fprintf(stderr, "test_tagger: could not remove %s\n", tmpdir);
    }
    return check_report("tagger");
}
