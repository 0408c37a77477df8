/* test_link.c - mention clustering, nm_link() (src/link.c), as a table:
 * mentions "LABEL|text" in document order -> the ids and labels nm_link gives
 * them ("LABEL#n", n the entity's rank of first appearance). Then hostile
 * input. Run from the project root (reads data/ for the title words). */
#include "check.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static nm_model_t *model;

static const struct {
    const char *name;
    const char *mentions[6];
    const char *want;
} rows[] = {
    {"full name, surname, title, possessives",
     {"PERSON|Ana Ruiz", "PERSON|Ruiz", "PERSON|Ms. Ruiz", "PERSON|Ruiz's", "PERSON|Ruiz\xe2\x80\x99s"},
     "PERSON#1 PERSON#1 PERSON#1 PERSON#1 PERSON#1"},
    {"a title before the full name", {"PERSON|President Ana Ruiz", "PERSON|Ana Ruiz"}, "PERSON#1 PERSON#1"},
    {"a first name alone after the full name", {"PERSON|Ana Ruiz", "PERSON|Ana"}, "PERSON#1 PERSON#1"},
    {"a surname goes to the last person of that name",
     {"PERSON|Ana Ruiz", "PERSON|Carlos Ruiz", "PERSON|Ruiz"}, "PERSON#1 PERSON#2 PERSON#2"},
    {"a surname alone before any full name is the person (a headline)",
     {"PERSON|Ruiz", "PERSON|Ana Ruiz", "PERSON|Ruiz", "PERSON|Carlos Ruiz"},
     "PERSON#1 PERSON#1 PERSON#1 PERSON#2"},
    {"... but not a name of another label", {"ORG|Ruiz", "PERSON|Ana Ruiz"}, "ORG#1 PERSON#2"},
    {"... nor a word of the name of a company",
     {"ORG|Holm Shipping ASA", "PERSON|Holm", "PERSON|Erik Holm"}, "ORG#1 PERSON#2 PERSON#3"},
    {"a surname tagged otherwise is the person", {"PERSON|Marta Olsen", "ORG|Olsen", "MISC|Olsen", "LOC|Olsen"},
     "PERSON#1 PERSON#1 PERSON#1 PERSON#1"},
    {"spaces and case do not matter", {"PERSON|Ana  Ruiz", "PERSON|Ana\nRuiz", "PERSON|ANA RUIZ"},
     "PERSON#1 PERSON#1 PERSON#1"},
    {"an acronym after its name", {"ORG|European Union", "ORG|EU"}, "ORG#1 ORG#1"},
    {"a name after its acronym", {"ORG|EU", "ORG|European Union"}, "ORG#1 ORG#1"},
    {"an acronym skips of/the/and/for", {"ORG|Bank of England", "ORG|BE", "ORG|Harbor Council", "ORG|HC"},
     "ORG#1 ORG#1 ORG#2 ORG#2"},
    {"dotted acronyms and plain ones", {"ORG|U.N.", "ORG|UN", "ORG|United Nations"}, "ORG#1 ORG#1 ORG#1"},
    {"the same name with two labels, then repeated",
     {"MISC|Georgia", "GPE|Georgia", "GPE|Georgia"}, "MISC#1 GPE#2 GPE#2"},
    {"a one-word person is not the place or organization of that name",
     {"GPE|Jordan", "PERSON|Jordan", "ORG|Apple", "PERSON|Apple", "GPE|Jordan"},
     "GPE#1 PERSON#2 ORG#3 PERSON#4 GPE#1"},
    {"a name is not the date of the same text", {"DATE|May", "PERSON|May", "DATE|May"},
     "DATE#1 PERSON#2 DATE#1"},
    {"expressions: the same text is the same thing", {"DATE|Friday", "DATE|friday", "MONEY|$5", "MONEY|$5"},
     "DATE#1 DATE#1 MONEY#2 MONEY#2"},
    {"one word of a longer name is not the name", {"ORG|Harbor Council", "ORG|Council"}, "ORG#1 ORG#2"},
    {"different people", {"PERSON|Ana Ruiz", "PERSON|Carlos Mendes", "PERSON|Mendes", "PERSON|Ruiz"},
     "PERSON#1 PERSON#2 PERSON#2 PERSON#1"},
    {"empty texts", {"PERSON|", "PERSON|", "DATE|"}, "PERSON#1 PERSON#1 DATE#2"},
    {"no mentions", {NULL}, ""},
};

static void test_rows(void) {
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        nm_mention_t m[6];
        size_t n, k, pos = 0;
        int rank[6], nrank = 0, j;
        char got[256];
        for (n = 0; n < 6 && rows[i].mentions[n]; n++) {
            const char *bar = strchr(rows[i].mentions[n], '|');
            char lab[16];
            snprintf(lab, sizeof lab, "%.*s", (int)(bar - rows[i].mentions[n]), rows[i].mentions[n]);
            m[n].label = nm_label_from_name(lab);
            m[n].text = bar + 1;
            m[n].len = strlen(bar + 1);
            m[n].id = 0;
        }
        CHECK_INT(nm_link(model, m, n), NM_OK);
        got[0] = '\0';
        for (k = 0; k < n; k++) {
            int r = 0;
            for (j = 0; j < nrank; j++)
                if (rank[j] == m[k].id) r = j + 1;
            if (!r) rank[nrank++] = m[k].id, r = nrank;
            pos += (size_t)snprintf(got + pos, sizeof got - pos, "%s%s#%d", k ? " " : "",
                                    nm_label_name(m[k].label), r);
        }
        if (strcmp(got, rows[i].want) == 0) {
            check_passed++;
        } else {
            check_failed++;
            fprintf(stderr, "%s:%d: %s: got \"%s\", expected \"%s\"\n", __FILE__, __LINE__, rows[i].name, got,
                    rows[i].want);
        }
        /* ids are 1..number of entities, numbered in order of first appearance */
        for (k = 0; k < (size_t)nrank; k++) CHECK_INT(rank[k], (int)k + 1);
    }
}

static void test_hostile(void) {
    nm_mention_t m[3];
    static const char bytes[] = "R\0u\xffz";
    char *many;
    nm_mention_t *mm;
    size_t i, n = 5000;
    int ok = 1;
    CHECK_INT(nm_link(model, NULL, 0), NM_OK);
    CHECK_INT(nm_link(model, NULL, 3), NM_EINVAL);
    /* NUL and invalid bytes are bytes; a NULL text is the empty text */
    m[0].text = bytes, m[0].len = sizeof bytes - 1, m[0].label = NM_PERSON;
    m[1].text = bytes, m[1].len = sizeof bytes - 1, m[1].label = NM_PERSON;
    m[2].text = NULL, m[2].len = 7, m[2].label = NM_PERSON;
    CHECK_INT(nm_link(model, m, 3), NM_OK);
    CHECK_INT(m[0].id, 1);
    CHECK_INT(m[1].id, 1);
    CHECK_INT(m[2].id, 2);
    /* an out-of-range label is not a name label: still an id */
    m[0].text = "Ruiz", m[0].len = 4, m[0].label = 99;
    m[1].text = "Ruiz", m[1].len = 4, m[1].label = -1;
    CHECK_INT(nm_link(model, m, 2), NM_OK);
    CHECK(m[0].id >= 1 && m[1].id >= 1);
    /* no model: no title words, the rest works */
    m[0].text = "Ana Ruiz", m[0].len = 8, m[0].label = NM_PERSON;
    m[1].text = "Ruiz", m[1].len = 4, m[1].label = NM_PERSON;
    CHECK_INT(nm_link(NULL, m, 2), NM_OK);
    CHECK_INT(m[1].id, m[0].id);
    /* many distinct names: every one its own id, in order */
    many = malloc(n * 16);
    mm = malloc(n * sizeof *mm);
    CHECK(many && mm);
    if (!many || !mm) {
        free(many);
        free(mm);
        return;
    }
    for (i = 0; i < n; i++) {
        mm[i].len = (size_t)snprintf(many + i * 16, 16, "Name%zu Q%zu", i, i);
        mm[i].text = many + i * 16;
        mm[i].label = NM_ORG;
    }
    CHECK_INT(nm_link(model, mm, n), NM_OK);
    for (i = 0; i < n; i++)
        if (mm[i].id != (int)i + 1) ok = 0;
    CHECK(ok);
    free(many);
    free(mm);
}

int main(void) {
    char err[512];
    if (nm_model_load("data", &model, err, sizeof err) != NM_OK) {
        fprintf(stderr, "test_link: %s (run from the project root)\n", err);
        return 1;
    }
    test_rows();
    test_hostile();
    nm_model_free(model);
    return check_report("test_link");
}
