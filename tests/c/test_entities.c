/* test_entities.c - entity recognition (src/entities.c) and the ids the
 * analysis gives them (src/link.c), as a table: text -> the entities found,
 * "LABEL:text#n" with n the entity's rank of first appearance (so equal n is
 * one entity). Each row runs with the shipped model (statistical tagger) and,
 * when marked, with its lexicon alone (the rule path of a folder without
 * newsmark.model). Then hostile input: empty text, NUL and invalid bytes,
 * byte offsets after multi-byte characters, long repetitive text. Run from the
 * project root (reads data/). Every sentence here is the project's own. */
#include "check.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static nm_model_t *model; /* lexicon + tagger */
static nm_model_t rules;  /* the same lexicon without the tagger */
static nm_result_t *res;

#define TAGGER 1
#define RULES 2
#define BOTH (TAGGER | RULES)

static const struct {
    int paths;
    const char *text;
    const char *want;
} rows[] = {
    /* expressions: patterns, the same on both paths */
    {BOTH, "The council met on March 3, 2021, and again on Friday.", "DATE:March 3, 2021#1|DATE:Friday#2"},
    {BOTH, "Shares fell 4.5 percent to $12.30 at 10:30 a.m. on Monday.",
     "PERCENT:4.5 percent#1|MONEY:$12.30#2|TIME:10:30 a.m.#3|DATE:Monday#4"},
    {BOTH, "The company paid 3 million euros last year.", "MONEY:3 million euros#1|DATE:last year#2"},
    {BOTH, "Costs rose 12% to 450 billion dollars by 2030.",
     "PERCENT:12%#1|MONEY:450 billion dollars#2|DATE:2030#3"},
    {BOTH, "The meeting starts at noon and ends at 5 p.m. tomorrow.",
     "TIME:noon#1|TIME:5 p.m.#2|DATE:tomorrow#3"},
    {BOTH, "Talks resumed on Jan. 5 and ended three weeks ago.", "DATE:Jan. 5#1|DATE:three weeks ago#2"},
    {BOTH, "The fund lost \xe2\x82\xac" "5 million and \xc2\xa3" "2.5bn.",
     "MONEY:\xe2\x82\xac" "5 million#1|MONEY:\xc2\xa3" "2.5bn#2"},
    {BOTH, "Between 1998 and 2004 the firm, Brightwater Holdings Ltd., grew.",
     "DATE:1998#1|DATE:2004#2|ORG:Brightwater Holdings Ltd.#3"},
    {BOTH, "She flew from Nairobi to Ottawa in the 1990s.", "GPE:Nairobi#1|GPE:Ottawa#2|DATE:1990s#3"},
    /* the same date twice is one entity */
    {BOTH, "Voting opens on Friday and closes late on Friday.", "DATE:Friday#1|DATE:Friday#1"},

    /* names: titles stay outside, surnames and acronyms join their entity */
    {BOTH, "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal would hold.",
     "PERSON:Ana Ruiz#1|GPE:Lisbon#2|DATE:Tuesday#3"},
    {BOTH, "Marta Olsen joined Harbor Council in 2019. Olsen said the council would wait. Ms. Olsen left.",
     "PERSON:Marta Olsen#1|ORG:Harbor Council#2|DATE:2019#3|PERSON:Olsen#1|PERSON:Olsen#1"},
    {BOTH, "Jonas Brekke, the mayor of Bergen, met Brekke's deputy.",
     "PERSON:Jonas Brekke#1|GPE:Bergen#2|PERSON:Brekke#1"},
    {BOTH, "The European Union and the EU summit in Brussels drew French and German ministers.",
     "ORG:European Union#1|ORG:EU#1|GPE:Brussels#2|NORP:French#3|NORP:German#4"},
    {BOTH, "The United Nations and the U.N. agency met in Geneva.",
     "ORG:United Nations#1|ORG:U.N.#1|GPE:Geneva#2"},
    {BOTH, "Dr. Keiko Tanaka, a lawyer, spoke for the Ministry of Finance.",
     "PERSON:Keiko Tanaka#1|ORG:Ministry of Finance#2"},
    {BOTH, "\"We will win,\" said Tomas Valde of the North Rail Union.",
     "PERSON:Tomas Valde#1|ORG:North Rail Union#2"},
    {BOTH, "Georgia voted. Georgia's governor spoke in Atlanta, Georgia.",
     "GPE:Georgia#1|GPE:Georgia#1|GPE:Atlanta#2|GPE:Georgia#1"},
    {BOTH, "Ana Ruiz: Ruiz, Ruiz, Ruiz.", "PERSON:Ana Ruiz#1|PERSON:Ruiz#1|PERSON:Ruiz#1|PERSON:Ruiz#1"},
    /* tagger only: the rule path also tags the sentence-initial "\xc3\x87" "a" MISC (a miss) */
    {TAGGER, "\xc3\x87" "a va: Jos\xc3\xa9 \xc3\x81lvarez visited Qu\xc3\xa9" "bec on Monday.",
     "PERSON:Jos\xc3\xa9 \xc3\x81lvarez#1|GPE:Qu\xc3\xa9" "bec#2|DATE:Monday#3"},
    {TAGGER, "ANA RUIZ VISITED LISBON", "PERSON:ANA RUIZ#1|GPE:LISBON#2"},
    /* a title-case headline: a name the document knows, then a verb in
     * capitals, is cut there (not "Ruiz Warns Port Workers" ORG) */
    {TAGGER,
     "Ruiz Warns Port Workers: \xe2\x80\x98This Cannot Go On.\xe2\x80\x99\n\nAna Ruiz spoke in "
     "Lisbon on Monday. Ruiz left early.",
     "PERSON:Ruiz#1|PERSON:Ana Ruiz#1|GPE:Lisbon#2|DATE:Monday#3|PERSON:Ruiz#1"},
    /* a place before "resident" is a place (the tagger reads "Porto" as a
     * football club) */
    {TAGGER, "\"I cannot vote for him,\" said Porto resident Ana Ruiz.",
     "GPE:Porto#1|PERSON:Ana Ruiz#2"},
    /* the rule path: lexicon classes and capitalization in context */
    {RULES, "Kenyan runners won the Boston Marathon in April.",
     "NORP:Kenyan#1|EVENT:Boston Marathon#2|DATE:April#3"},
    {RULES, "Floods along the Danube River forced the Olympic Games to move.",
     "LOC:Danube River#1|EVENT:Olympic Games#2"},

    /* nothing to find is an empty result */
    {BOTH, "Nothing here is a name: cats, dogs, and rain.", ""},
    {BOTH, "the quick brown fox jumps over the lazy dog.", ""},
    {BOTH, "", ""},
    {BOTH, " \t\n\n  ", ""},
};

/* Entities of text[0..len) as "LABEL:text#n|..." into out. */
static const char *ents(const nm_model_t *m, const char *text, size_t len, char *out, size_t cap) {
    size_t n, k, j, pos = 0;
    const nm_entity_t *e;
    int rank[64], nrank = 0;
    out[0] = '\0';
    if (nm_analyze(m, text, len, NM_AN_ENTITIES, res) != NM_OK) return "(error)";
    e = nm_result_entities(res, &n);
    for (k = 0; k < n && pos + 1 < cap; k++) {
        int w, r = 0;
        for (j = 0; j < (size_t)nrank; j++)
            if (rank[j] == e[k].id) r = (int)j + 1;
        if (!r && nrank < 64) rank[nrank++] = e[k].id, r = nrank;
        w = snprintf(out + pos, cap - pos, "%s%s:%.*s#%d", k ? "|" : "", nm_label_name(e[k].label),
                     (int)(e[k].end - e[k].start), text + e[k].start, r);
        if (w < 0) break;
        pos += (size_t)w;
    }
    return out;
}

static void test_rows(void) {
    char got[1024];
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int p;
        for (p = TAGGER; p <= RULES; p <<= 1) {
            if (!(rows[i].paths & p)) continue;
            ents(p == TAGGER ? model : &rules, rows[i].text, strlen(rows[i].text), got, sizeof got);
            if (strcmp(got, rows[i].want) == 0) {
                check_passed++;
            } else {
                check_failed++;
                fprintf(stderr, "%s:%d: row %zu (%s): \"%s\"\n  got      \"%s\"\n  expected \"%s\"\n",
                        __FILE__, __LINE__, i, p == TAGGER ? "tagger" : "rules", rows[i].text, got,
                        rows[i].want);
            }
        }
    }
}

/* Spans in the text, on token boundaries, ordered, real labels, ids >= 1
 * (one check for the whole result, naming the first bad entity). */
static void check_shape(size_t len) {
    size_t n, k, nt, t = 0;
    const nm_entity_t *e = nm_result_entities(res, &n);
    nt = nm_result_token_count(res);
    for (k = 0; k < n; k++) {
        while (t < nt && nm_result_token(res, t).end <= e[k].start) t++;
        if (!(e[k].start < e[k].end && e[k].end <= len) || e[k].label <= NM_NONE ||
            e[k].label >= NM_LABEL_COUNT || e[k].id < 1 || (k && e[k].start < e[k - 1].end) || t >= nt ||
            nm_result_token(res, t).start != e[k].start)
            break;
    }
    if (k < n) fprintf(stderr, "check_shape: entity %zu of %zu is malformed\n", k, n);
    CHECK_INT(k, n);
}

static void test_hostile(void) {
    static const char nul[] = "Ana Ruiz\xff\0 visited Lisbon.\0";
    char got[512];
    size_t len = sizeof nul - 1, n, i;
    char *big;
    /* NUL and invalid bytes are single-byte symbols: what follows is still read */
    ents(model, nul, len, got, sizeof got);
    CHECK(strstr(got, "PERSON:Ana Ruiz#1") == got);
    CHECK(strstr(got, "GPE:Lisbon") != NULL);
    check_shape(len);
    ents(&rules, nul, len, got, sizeof got);
    CHECK(strstr(got, "GPE:Lisbon") != NULL);
    check_shape(len);
    /* nothing but invalid bytes */
    ents(model, "\xff\xfe\x80\xc3", 4, got, sizeof got);
    CHECK_INT(strlen(got), 0);
    /* NULL text of length 0 is the empty text */
    CHECK_INT(nm_analyze(model, NULL, 0, NM_AN_ALL, res), NM_OK);
    nm_result_entities(res, &n);
    CHECK_INT(n, 0);

    /* a long text of one repeated sentence: every name of it found, one id
     * per entity across the whole text */
    {
        static const char unit[] = "Ana Ruiz met Carlos Mendes in Porto on Friday. ";
        size_t ul = sizeof unit - 1, reps = 2000, k;
        const nm_entity_t *e;
        int ids[4] = {0, 0, 0, 0}, same = 1;
        big = malloc(ul * reps + 1);
        CHECK(big != NULL);
        if (!big) return;
        for (i = 0; i < reps; i++) memcpy(big + i * ul, unit, ul);
        CHECK_INT(nm_analyze(model, big, ul * reps, NM_AN_ALL, res), NM_OK);
        e = nm_result_entities(res, &n);
        CHECK_INT(n, 4 * reps);
        for (k = 0; k < n; k++) {
            if (!ids[k % 4]) ids[k % 4] = e[k].id;
            if (e[k].id != ids[k % 4] || e[k].start != (k / 4) * ul + e[k % 4].start) same = 0;
        }
        CHECK(same);
        CHECK(ids[0] != ids[1] && ids[1] != ids[2] && ids[2] != ids[3]);
        check_shape(ul * reps);
        free(big);
    }
}

/* Many organizations with acronyms and many companies named by their context
 * in one document: more than the document passes keep (64 acronyms, 32
 * companies); the analysis still succeeds, spans stay inside the text, and
 * the first acronym is its organization. */
static void test_many_orgs(void) {
    size_t cap = 200 * 160, pos = 0, k, n;
    char *text = malloc(cap);
    const nm_entity_t *e;
    int org_id = 0, acro_ok = 0;
    CHECK(text != NULL);
    if (!text) return;
    pos += (size_t)snprintf(text + pos, cap - pos,
                            "Carrow Maritime Holdings reported a loss. Analysts expect CMH to cut jobs. ");
    for (k = 0; k < 120; k++)
        pos += (size_t)snprintf(text + pos, cap - pos,
                                "Ves%c%cner Marine Holdings sold 40 percent of Tol%c%cvar to VMH on Monday. ",
                                'a' + (int)(k % 26), 'a' + (int)(k / 26), 'a' + (int)(k % 26), 'a' + (int)(k / 26));
    CHECK_INT(nm_analyze(model, text, pos, NM_AN_ENTITIES, res), NM_OK);
    e = nm_result_entities(res, &n);
    for (k = 0; k < n; k++) {
        size_t len = e[k].end - e[k].start;
        if (len == 24 && memcmp(text + e[k].start, "Carrow Maritime Holdings", 24) == 0) org_id = e[k].id;
        if (len == 3 && memcmp(text + e[k].start, "CMH", 3) == 0)
            acro_ok = e[k].label == NM_ORG && org_id && e[k].id == org_id;
    }
    CHECK(acro_ok);
    check_shape(pos);
    free(text);
}

/* A company list of 2000 names, and 100 bodies named before a short form the
 * gazetteer lists for one of them (more than the 64 long forms the passes
 * keep): the passes stay within their bounds and the result keeps its shape. */
static void test_long_lists(void) {
    size_t cap = 2000 * 16 + 100 * 96 + 512, pos = 0, k, n;
    char *text = malloc(cap);
    const nm_entity_t *e;
    int dstl = 0, lab = 0;
    CHECK(text != NULL);
    if (!text) return;
    pos += (size_t)snprintf(text + pos, cap - pos, "The deal drew companies like ");
    for (k = 0; k < 2000; k++)
        pos += (size_t)snprintf(text + pos, cap - pos, "Tol%c%c%cvar, ", 'a' + (int)(k % 26),
                                'a' + (int)(k / 26 % 26), 'a' + (int)(k / 676));
    pos += (size_t)snprintf(text + pos, cap - pos, "and Brisk. Engineers from the Defence Science and "
                            "Technology Laboratory tested the boat. ");
    for (k = 0; k < 100; k++)
        pos += (size_t)snprintf(text + pos, cap - pos, "The Ves%c%cner Marine Holdings Company sold a ship. ",
                                'a' + (int)(k % 26), 'a' + (int)(k / 26));
    pos += (size_t)snprintf(text + pos, cap - pos, "Dstl said the results were good.");
    CHECK_INT(nm_analyze(model, text, pos, NM_AN_ENTITIES, res), NM_OK);
    e = nm_result_entities(res, &n);
    for (k = 0; k < n; k++) {
        size_t len = e[k].end - e[k].start;
        if (len == 41 && memcmp(text + e[k].start, "Defence Science and Technology Laboratory", 41) == 0)
            lab = e[k].id;
        if (len == 4 && memcmp(text + e[k].start, "Dstl", 4) == 0) dstl = e[k].label == NM_ORG ? e[k].id : -1;
    }
    CHECK(lab != 0);
    CHECK(dstl == lab); /* the long form came within the first 64 */
    check_shape(pos);
    free(text);
}

/* Entities only, and a full analysis, give the same entities. */
static void test_entities_only(void) {
    const char *text = "\"We have done what we could,\" Ana Ruiz said in Lisbon on Tuesday.";
    char a[512], b[512];
    size_t n, k, pos = 0;
    const nm_entity_t *e;
    ents(model, text, strlen(text), a, sizeof a);
    CHECK_INT(nm_analyze(model, text, strlen(text), NM_AN_ALL, res), NM_OK);
    e = nm_result_entities(res, &n);
    b[0] = '\0';
    for (k = 0; k < n; k++)
        pos += (size_t)snprintf(b + pos, sizeof b - pos, "%s%s:%.*s", k ? "|" : "", nm_label_name(e[k].label),
                                (int)(e[k].end - e[k].start), text + e[k].start);
    CHECK(strcmp(b, "PERSON:Ana Ruiz|GPE:Lisbon|DATE:Tuesday") == 0);
    CHECK(strcmp(a, "PERSON:Ana Ruiz#1|GPE:Lisbon#2|DATE:Tuesday#3") == 0);
}

int main(void) {
    char err[512];
    if (nm_model_load("data", &model, err, sizeof err) != NM_OK || nm_result_new(&res) != NM_OK) {
        fprintf(stderr, "test_entities: %s (run from the project root)\n", err);
        return 1;
    }
    if (!model->tagger) {
        fprintf(stderr, "test_entities: data/newsmark.model is missing\n");
        return 1;
    }
    memset(&rules, 0, sizeof rules);
    rules.lex = model->lex;
    test_rows();
    test_hostile();
    test_many_orgs();
    test_long_lists();
    test_entities_only();
    nm_result_free(res);
    nm_model_free(model);
    return check_report("test_entities");
}
