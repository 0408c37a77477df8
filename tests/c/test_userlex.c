/* test_userlex.c - the person's lexicon (nm_model_set_user_lexicon): parsing the plain-text
 * file, its errors, and what it does to an analysis (NEVER removes, a label
 * adds or relabels, case rules, later lines win). Run from the project root. */
#include "check.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static nm_model_t *model;
static nm_result_t *res;

/* Entities of `text` as "LABEL:text|LABEL:text|..." into out. */
static const char *ents(const char *text, char *out, size_t cap) {
    size_t n, k, pos = 0;
    const nm_entity_t *e;
    out[0] = '\0';
    if (nm_analyze(model, text, strlen(text), NM_AN_ALL, res) != NM_OK) return "(error)";
    e = nm_result_entities(res, &n);
    for (k = 0; k < n && pos + 1 < cap; k++) {
        int w = snprintf(out + pos, cap - pos, "%s%s:%.*s", k ? "|" : "", nm_label_name(e[k].label),
                         (int)(e[k].end - e[k].start), text + e[k].start);
        if (w < 0) break;
        pos += (size_t)w;
    }
    return out;
}

static int set(const char *tsv, char *err, size_t errlen) {
    err[0] = '\0';
    return nm_model_set_user_lexicon(model, tsv, tsv ? strlen(tsv) : 0, err, errlen);
}

static void test_never_and_labels(void) {
    char buf[512], err[256];
    const char *text = "Marta Vieira opened the Quayside Bakery in Porto on Friday.";
    char before[512];
    snprintf(before, sizeof before, "%s", ents(text, buf, sizeof buf));
    CHECK(strstr(before, "GPE:Porto") != NULL);

    /* NEVER removes the entity; a label adds one where the machine had none
     * or a different span; comments and blank lines are skipped */
    CHECK_INT(set("# my lexicon\n\nporto\tNEVER\nquayside bakery\tORG\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "Porto") == NULL);
    CHECK(strstr(buf, "ORG:Quayside Bakery") != NULL);
    CHECK(strstr(buf, "PERSON:Marta Vieira") != NULL);
    CHECK(strstr(buf, "DATE:Friday") != NULL);

    /* relabel: the same span, another label; ids are still given */
    CHECK_INT(set("Marta Vieira\tORG\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "ORG:Marta Vieira") != NULL);
    CHECK(strstr(buf, "PERSON:Marta Vieira") == NULL);
    {
        size_t n, k;
        const nm_entity_t *e = nm_result_entities(res, &n);
        for (k = 0; k < n; k++) CHECK(e[k].id > 0);
        for (k = 1; k < n; k++) CHECK(e[k - 1].end <= e[k].start); /* in order, no overlap */
    }

    /* a label entry inside a longer machine entity never cuts it: the
     * person stays whole (a person marks that span to change it) */
    CHECK_INT(set("vieira\tORG\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "PERSON:Marta Vieira") != NULL);
    CHECK(strstr(buf, "ORG:Vieira") == NULL);

    /* a NEVER entry inside a longer entity leaves the longer one alone */
    CHECK_INT(set("vieira\tNEVER\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "PERSON:Marta Vieira") != NULL);

    /* later lines win; NULL removes the user lexicon */
    CHECK_INT(set("porto\tNEVER\nPorto\tLOC\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "LOC:Porto") != NULL);
    CHECK_INT(set(NULL, err, sizeof err), NM_OK);
    CHECK_STR(ents(text, buf, sizeof buf), before);
}

/* "always" never cuts a longer name: a company and a person sharing the
 * surname stay whole with their labels */
static void test_longer_names(void) {
    char buf[1024], err[256];
    const char *text =
        "Erik Brevik joined Brevik Shipping ASA in Bergen on Monday. "
        "Brevik said the company would grow.";
    char before[1024];
    snprintf(before, sizeof before, "%s", ents(text, buf, sizeof buf));
    CHECK(strstr(before, "PERSON:Erik Brevik") != NULL);
    CHECK(strstr(before, "ORG:Brevik Shipping ASA") != NULL);
    CHECK_INT(set("Brevik\tORG\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "PERSON:Erik Brevik") != NULL);
    CHECK(strstr(buf, "ORG:Brevik Shipping ASA") != NULL);
    CHECK(strstr(buf, "PERSON:Erik|") == NULL);
    /* the lone "Brevik" takes the person's label although "Erik Brevik"
     * came first (linking keeps a label of the lexicon), as its own entity */
    {
        size_t n, k;
        int person = 0, lone = 0, lone_label = 0;
        const nm_entity_t *e = nm_result_entities(res, &n);
        for (k = 0; k < n; k++) {
            size_t len = e[k].end - e[k].start;
            if (len == 11 && memcmp(text + e[k].start, "Erik Brevik", 11) == 0) person = e[k].id;
            if (len == 6 && memcmp(text + e[k].start, "Brevik", 6) == 0) {
                lone = e[k].id;
                lone_label = e[k].label;
            }
        }
        CHECK_INT(lone_label, NM_ORG);
        CHECK(person > 0);
        CHECK(lone > 0);
        CHECK(lone != person);
    }
    {
        size_t n, k;
        const nm_entity_t *e = nm_result_entities(res, &n);
        for (k = 1; k < n; k++) CHECK(e[k - 1].end <= e[k].start); /* in order, no overlap */
    }
    /* the whole name as an entry does relabel it */
    CHECK_INT(set("Erik Brevik\tORG\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "ORG:Erik Brevik") != NULL);
    CHECK_INT(set(NULL, err, sizeof err), NM_OK);
    CHECK_STR(ents(text, buf, sizeof buf), before);
}

static void test_case(void) {
    char buf[512], err[256];
    /* written with a capital: only matches capitalized text */
    CHECK_INT(set("Figtree\tORG\n", err, sizeof err), NM_OK);
    ents("She ate a figtree jam. Figtree sold it.", buf, sizeof buf);
    CHECK_STR(buf, "ORG:Figtree");
    /* written in lower case: matches any case */
    CHECK_INT(set("figtree\tORG\n", err, sizeof err), NM_OK);
    ents("She ate a figtree jam.", buf, sizeof buf);
    CHECK_STR(buf, "ORG:figtree");
    /* keys are token-based: extra spaces and curly apostrophes fold */
    CHECK_INT(set("O\xe2\x80\x99Neill   Quarry\tLOC\n", err, sizeof err), NM_OK);
    ents("They walked to O'Neill Quarry at dawn.", buf, sizeof buf);
    CHECK(strstr(buf, "LOC:O'Neill Quarry") != NULL);
    CHECK_INT(set(NULL, err, sizeof err), NM_OK);
}

static void test_errors(void) {
    char buf[512], err[256];
    const char *text = "Marta Vieira opened a shop in Porto.";
    char before[512];
    CHECK_INT(set("porto\tNEVER\n", err, sizeof err), NM_OK);
    snprintf(before, sizeof before, "%s", ents(text, buf, sizeof buf));

    CHECK_INT(set("lisbon\tGPE\nporto\tCITY\n", err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, "line 2") != NULL);
    CHECK(strstr(err, "CITY") != NULL);
    CHECK_STR(ents(text, buf, sizeof buf), before); /* the old user lexicon stays */

    CHECK_INT(set("no tab here\n", err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, "line 1") != NULL);
    CHECK_INT(set("a\t\n", err, sizeof err), NM_EFORMAT);
    CHECK_INT(set("one two three four five six seven eight nine\tORG\n", err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, "tokens") != NULL);
    CHECK_INT(set("\tORG\n", err, sizeof err), NM_EFORMAT);

    /* CRLF, no final newline, trailing blanks after the label */
    CHECK_INT(set("porto\tNEVER\r\nshop\tORG  ", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "ORG:shop") != NULL);
    CHECK(strstr(buf, "Porto") == NULL);

    /* only comments: no user lexicon at all */
    CHECK_INT(set("# nothing yet\n", err, sizeof err), NM_OK);
    ents(text, buf, sizeof buf);
    CHECK(strstr(buf, "GPE:Porto") != NULL);

    CHECK_INT(nm_model_load_user_lexicon(model, "/nonexistent/lexicon.tsv", err, sizeof err), NM_EIO);
    CHECK(strstr(err, "/nonexistent/lexicon.tsv") != NULL);
    CHECK_INT(nm_model_set_user_lexicon(NULL, "x\tORG\n", 6, err, sizeof err), NM_EINVAL);
    CHECK_INT(set(NULL, err, sizeof err), NM_OK);
}

static void test_file(void) {
    char buf[512], err[256], path[64];
    FILE *f;
    snprintf(path, sizeof path, "build/test_userlex.%d.tsv", (int)getpid());
    f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs("Tidewater Mill\tORG\n", f);
    fclose(f);
    CHECK_INT(nm_model_load_user_lexicon(model, path, err, sizeof err), NM_OK);
    ents("The Tidewater Mill closed.", buf, sizeof buf);
    CHECK(strstr(buf, "ORG:Tidewater Mill") != NULL);
    CHECK_INT(nm_model_load_user_lexicon(model, NULL, err, sizeof err), NM_OK);
    remove(path);
}

static void test_parse_direct(void) {
    nm_lexicon_t *lx = NULL;
    char err[256];
    int label;
    CHECK_INT(nm_userlex_parse("Ana Ruiz\tPERSON\nruiz\tNEVER\n", 26, "t", &lx, err, sizeof err), NM_OK);
    CHECK(lx != NULL);
    if (lx) {
        CHECK((nm_lexicon_get(lx, "ana ruiz", 8, &label) & NM_LX_USER) != 0);
        CHECK_INT(label & 0x7f, NM_PERSON);
        CHECK((nm_lexicon_get(lx, "ruiz", 4, &label) & NM_LX_NEVER) != 0);
        CHECK((nm_lexicon_get(lx, "ana", 3, &label) & NM_LX_PREFIX) != 0);
    }
    nm_lexicon_free(lx);
    lx = (nm_lexicon_t *)1;
    CHECK_INT(nm_userlex_parse("", 0, "t", &lx, err, sizeof err), NM_OK);
    CHECK(lx == NULL);
}

int main(void) {
    char err[512];
    if (nm_model_load("data", &model, err, sizeof err) != NM_OK || nm_result_new(&res) != NM_OK) {
        fprintf(stderr, "test_userlex: %s (run from the project root)\n", err);
        return 1;
    }
    test_never_and_labels();
    test_longer_names();
    test_case();
    test_errors();
    test_file();
    test_parse_direct();
    nm_result_free(res);
    nm_model_free(model);
    return check_report("test_userlex");
}
