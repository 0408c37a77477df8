/* test_merge.c - a person's decisions over the machine's entities,
 * nm_merge_decisions() (src/merge.c), as a table: a text, the machine's
 * entities ("LABEL|text|id", the first occurrence after the previous one),
 * the decisions ("LABEL|text" or "NEVER|text", likewise; "LABEL|text|n": the
 * n-th occurrence after the previous decision), equivalence groups
 * ("0 1" = decisions 0 and 1, groups split by ';') -> the merged entities
 * ("LABEL:text#id", '*' for a decision's). Then the speaker map, the
 * longer-name test and bad input. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>

static const struct {
    const char *name;
    const char *text;
    const char *ents[6];
    const char *decs[5];
    const char *groups;
    const char *want;
} rows[] = {
    {"no decisions: the machine's entities", "Ana Ruiz met Rui Costa.", {"PERSON|Ana Ruiz|1", "PERSON|Rui Costa|2"},
     {NULL}, "", "PERSON:Ana Ruiz#1 PERSON:Rui Costa#2"},
    {"a relabel keeps the id of the entity it replaces", "Ana Ruiz met Rui Costa.",
     {"PERSON|Ana Ruiz|1", "PERSON|Rui Costa|2"}, {"ORG|Rui Costa"}, "",
     "PERSON:Ana Ruiz#1 ORG:Rui Costa#2*"},
    {"never removes the entities inside it only", "Ana Ruiz met Rui Costa in Faro.",
     {"PERSON|Ana Ruiz|1", "PERSON|Rui Costa|2", "GPE|Faro|3"}, {"NEVER|Rui Costa in"}, "",
     "PERSON:Ana Ruiz#1 GPE:Faro#3"},
    {"never on part of a name leaves the name", "Ana Ruiz met Rui Costa.", {"PERSON|Ana Ruiz|1"}, {"NEVER|Ruiz"}, "",
     "PERSON:Ana Ruiz#1"},
    {"a labelled span removes every entity it overlaps", "Ana Ruiz met Rui Costa.",
     {"PERSON|Ana Ruiz|1", "PERSON|Rui Costa|2"}, {"ORG|Ruiz met Rui"}, "", "ORG:Ruiz met Rui#3*"},
    {"a new span takes the id of a kept entity with its text", "Faro is calm. Faro sleeps.", {"GPE|Faro|1"},
     {"LOC|Faro|2"}, "", "GPE:Faro#1 LOC:Faro#1*"},
    {"two new spans of one text share one new id", "The Guild met. The Guild left.", {NULL},
     {"ORG|Guild", "ORG|Guild"}, "", "ORG:Guild#1* ORG:Guild#1*"},
    {"new ids follow the largest machine id", "Ana met Rui and Lia.", {"PERSON|Ana|4"}, {"PERSON|Rui", "PERSON|Lia"},
     "", "PERSON:Ana#4 PERSON:Rui#5* PERSON:Lia#6*"},
    {"a merge gives a group one id, the smallest", "Ana Ruiz met Rui Costa.",
     {"PERSON|Ana Ruiz|1", "PERSON|Rui Costa|2"}, {"PERSON|Ana Ruiz", "PERSON|Rui Costa"}, "0 1",
     "PERSON:Ana Ruiz#1* PERSON:Rui Costa#1*"},
    {"a merge reaches the machine's other mentions of its ids", "Ana Ruiz met Rui Costa. Costa left.",
     {"PERSON|Ana Ruiz|1", "PERSON|Rui Costa|2", "PERSON|Costa|2"}, {"PERSON|Ana Ruiz", "PERSON|Rui Costa"}, "1 0",
     "PERSON:Ana Ruiz#1* PERSON:Rui Costa#1* PERSON:Costa#1"},
    {"groups chain through a shared decision", "Ana met Rui, Lia and Teo.", {NULL},
     {"PERSON|Ana", "PERSON|Rui", "PERSON|Lia", "PERSON|Teo"}, "2 3;1 2",
     "PERSON:Ana#1* PERSON:Rui#2* PERSON:Lia#2* PERSON:Teo#2*"},
};

/* The span of the first occurrence of `s` in text at or after *from. */
static int span_of(const char *text, const char *s, size_t n, uint32_t *from, uint32_t *start, uint32_t *end) {
    const char *p = text + *from;
    for (; *p; p++)
        if (strncmp(p, s, n) == 0) {
            *start = (uint32_t)(p - text);
            *end = *start + (uint32_t)n;
            *from = *end;
            return 1;
        }
    return 0;
}

static void describe(char *out, size_t cap, const char *text, const nm_entity_t *e, const nm_merge_info_t *info,
                     size_t n) {
    size_t i, at = 0;
    out[0] = 0;
    for (i = 0; i < n && at < cap; i++)
        at += (size_t)snprintf(out + at, cap - at, "%s%s:%.*s#%d%s", i ? " " : "", nm_label_name(e[i].label),
                               (int)(e[i].end - e[i].start), text + e[i].start, e[i].id, info[i].manual ? "*" : "");
}

static void test_rows(void) {
    size_t r;
    for (r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        nm_entity_t ents[6], *out = NULL;
        nm_decision_t decs[5];
        nm_merge_info_t *info = NULL;
        int groups[16];
        size_t ne = 0, nd = 0, ng = 0, nout = 0, k;
        uint32_t from = 0;
        const char *text = rows[r].text, *g;
        char got[512];
        for (k = 0; k < 6 && rows[r].ents[k]; k++) {
            const char *s = rows[r].ents[k], *bar = strchr(s, '|'), *bar2 = strchr(bar + 1, '|');
            char label[16];
            snprintf(label, sizeof label, "%.*s", (int)(bar - s), s);
            ents[ne].label = nm_label_from_name(label);
            ents[ne].id = atoi(bar2 + 1);
            if (!span_of(text, bar + 1, (size_t)(bar2 - bar - 1), &from, &ents[ne].start, &ents[ne].end)) break;
            ne++;
        }
        from = 0;
        for (k = 0; k < 5 && rows[r].decs[k]; k++) {
            const char *s = rows[r].decs[k], *bar = strchr(s, '|'), *bar2 = strchr(bar + 1, '|');
            size_t len = bar2 ? (size_t)(bar2 - bar - 1) : strlen(bar + 1);
            int nth = bar2 ? atoi(bar2 + 1) : 1, ok = 1;
            char label[16];
            snprintf(label, sizeof label, "%.*s", (int)(bar - s), s);
            decs[nd].never = strcmp(label, "NEVER") == 0;
            decs[nd].label = decs[nd].never ? NM_NONE : nm_label_from_name(label);
            decs[nd].tid = (int)nd;
            while (ok && nth-- > 0) ok = span_of(text, bar + 1, len, &from, &decs[nd].start, &decs[nd].end);
            if (!ok) break;
            nd++;
        }
        for (g = rows[r].groups; *g;) {
            if (*g == ';') groups[ng++] = -1, g++;
            else if (*g == ' ') g++;
            else groups[ng++] = (int)strtol(g, (char **)&g, 10);
        }
        if (*rows[r].groups) groups[ng++] = -1;
        CHECK_INT(nm_merge_decisions(text, strlen(text), ents, ne, decs, nd, groups, ng, &out, &info, &nout), NM_OK);
        describe(got, sizeof got, text, out, info, nout);
        if (strcmp(got, rows[r].want) != 0) {
            check_failed++;
            fprintf(stderr, "%s: got \"%s\", expected \"%s\"\n", rows[r].name, got, rows[r].want);
        } else {
            check_passed++;
        }
        free(out);
        free(info);
    }
}

/* A quote's speaker follows its entity's id, and has none once every
 * mention of it is removed. */
static void test_speaker_map(void) {
    const char *text = "Ana Ruiz met Rui Costa. Costa left.";
    nm_entity_t ents[3] = {{0, 8, NM_PERSON, 1}, {13, 22, NM_PERSON, 2}, {24, 29, NM_PERSON, 2}};
    nm_decision_t decs[2] = {{0, 8, NM_NONE, 1, 0}, {13, 22, NM_ORG, 0, 1}};
    nm_entity_t *out = NULL;
    nm_merge_info_t *info = NULL;
    size_t n = 0;
    int map[4];
    CHECK_INT(nm_merge_decisions(text, strlen(text), ents, 3, decs, 2, NULL, 0, &out, &info, &n), NM_OK);
    CHECK_INT(n, 2);
    nm_merge_speaker_map(out, info, n, map, 4);
    CHECK_INT(map[1], -1); /* Ana Ruiz: never */
    CHECK_INT(map[2], 2);  /* Rui Costa relabelled, Costa kept */
    CHECK_INT(map[3], -1); /* no such id */
    free(out);
    free(info);
}

static void test_longer(void) {
    nm_entity_t ents[3] = {{0, 11, NM_PERSON, 1}, {20, 39, NM_ORG, 2}, {43, 47, NM_GPE, 3}};
    uint32_t maxfin[3] = {11, 39, 47};
    int k;
    for (k = 0; k < 2; k++) {
        const uint32_t *mf = k ? maxfin : NULL;
        CHECK_INT(nm_entities_overlap_longer(ents, 3, mf, 5, 11), 1);  /* a surname inside a full name */
        CHECK_INT(nm_entities_overlap_longer(ents, 3, mf, 0, 11), 0);  /* the name itself */
        CHECK_INT(nm_entities_overlap_longer(ents, 3, mf, 20, 26), 1); /* the start of a longer name */
        CHECK_INT(nm_entities_overlap_longer(ents, 3, mf, 12, 19), 0); /* between names */
        CHECK_INT(nm_entities_overlap_longer(ents, 3, mf, 0, 47), 0);  /* around every name */
        CHECK_INT(nm_entities_overlap_longer(ents, 3, mf, 38, 44), 1); /* across two */
    }
}

static void test_bad_input(void) {
    const char *text = "Ana Ruiz met Rui Costa.";
    nm_entity_t ents[1] = {{0, 8, NM_PERSON, 1}}, *out = (nm_entity_t *)1;
    nm_merge_info_t *info = NULL;
    nm_decision_t over[2] = {{0, 8, NM_ORG, 0, 0}, {4, 12, NM_NONE, 1, 1}};
    nm_decision_t past[1] = {{0, 80, NM_ORG, 0, 0}};
    nm_decision_t back[1] = {{8, 4, NM_ORG, 0, 0}};
    nm_entity_t bad[1] = {{0, 99, NM_PERSON, 1}};
    size_t n = 7;
    CHECK_INT(nm_merge_decisions(text, strlen(text), ents, 1, over, 2, NULL, 0, &out, &info, &n), NM_EINVAL);
    CHECK(out == NULL && info == NULL && n == 0);
    CHECK_INT(nm_merge_decisions(text, strlen(text), ents, 1, past, 1, NULL, 0, &out, &info, &n), NM_EINVAL);
    CHECK_INT(nm_merge_decisions(text, strlen(text), ents, 1, back, 1, NULL, 0, &out, &info, &n), NM_EINVAL);
    CHECK_INT(nm_merge_decisions(text, strlen(text), bad, 1, NULL, 0, NULL, 0, &out, &info, &n), NM_EINVAL);
    CHECK_INT(nm_merge_decisions(text, strlen(text), ents, 1, NULL, 0, NULL, 0, NULL, &info, &n), NM_EINVAL);
    /* nothing at all: an empty result */
    CHECK_INT(nm_merge_decisions("", 0, NULL, 0, NULL, 0, NULL, 0, &out, &info, &n), NM_OK);
    CHECK_INT(n, 0);
    free(out);
    free(info);
}

int main(void) {
    test_rows();
    test_speaker_map();
    test_longer();
    test_bad_input();
    return check_report("merge");
}
