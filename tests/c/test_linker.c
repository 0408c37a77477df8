/* test_linker.c - the incremental linker (src/linker.c): groups added,
 * removed and linked in document order; ids equal to nm_link's grouping and
 * stable across edits; surname and acronym groups; the packed format; empty
 * and hostile input. Run from the project root (reads data/). Every name here
 * is the project's own. */
#include "check.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static nm_model_t *model;

/* A packed list from "LABEL|text" strings (NULL-terminated) into buf. */
static size_t pack(char *buf, size_t cap, const char *const *items) {
    size_t pos = 0;
    buf[0] = '\0';
    for (; *items; items++) {
        const char *bar = strchr(*items, '|');
        int w = snprintf(buf + pos, cap - pos, "%.*s %zu %s", (int)(bar - *items), *items,
                         strlen(bar + 1), bar + 1);
        if (w < 0 || (size_t)w >= cap - pos) return (size_t)-1;
        pos += (size_t)w;
    }
    return pos;
}

/* Add a group of "LABEL|text" items whose members had the ids had[0..nhad)
 * (0: none); its handle. */
static int add_had(nm_linker_t *lk, const char *const *items, const int *had, size_t nhad) {
    char buf[1024];
    size_t n = pack(buf, sizeof buf, items);
    int h = 0;
    CHECK(n != (size_t)-1);
    CHECK_INT(nm_linker_add_packed(lk, buf, n, had, nhad, &h), NM_OK);
    return h;
}

static int add(nm_linker_t *lk, const char *const *items) {
    return add_had(lk, items, NULL, 0);
}

/* The ids of a group as "1,2,3" ("-" when not live). */
static const char *ids_of(const nm_linker_t *lk, int h, char *out, size_t cap) {
    size_t n, i, pos = 0;
    const int *id = nm_linker_ids(lk, h, &n);
    if (!id) return "-";
    out[0] = '\0';
    for (i = 0; i < n && pos + 12 < cap; i++) pos += (size_t)snprintf(out + pos, cap - pos, "%s%d", i ? "," : "", id[i]);
    return out;
}

/* The changed handles of the last link as "h1,h2". */
static const char *changed(const nm_linker_t *lk, char *out, size_t cap) {
    size_t n, i, pos = 0;
    const int *h = nm_linker_changed(lk, &n);
    out[0] = '\0';
    for (i = 0; i < n && pos + 12 < cap; i++) pos += (size_t)snprintf(out + pos, cap - pos, "%s%d", i ? "," : "", h[i]);
    return out;
}

static int link_order(nm_linker_t *lk, const int *order, size_t n) {
    char err[128];
    return nm_linker_link(lk, model, order, n, err, sizeof err);
}

/* A new linker holding the groups first and second, linked in that order;
 * their handles in h[0] and h[1]. NULL (a failed check) when it cannot be made. */
static nm_linker_t *linked_two(const char *const *first, const char *const *second, int h[2]) {
    nm_linker_t *lk = NULL;
    CHECK_INT(nm_linker_new(&lk), NM_OK);
    if (!lk) return NULL;
    h[0] = add(lk, first);
    h[1] = add(lk, second);
    CHECK_INT(link_order(lk, h, 2), NM_OK);
    return lk;
}

static void test_add_link(void) {
    static const char *const pa[] = {"PERSON|Ana Ruiz", "GPE|Lisbon", NULL};
    static const char *const pe[] = {NULL};
    static const char *const pb[] = {"PERSON|Ruiz", "DATE|Tuesday", "GPE|Lisbon", NULL};
    nm_linker_t *lk = NULL;
    char b1[128], b2[128];
    int a, e, b, order[3];
    size_t groups, mentions;
    CHECK_INT(nm_linker_new(&lk), NM_OK);
    if (!lk) return;
    nm_linker_count(lk, &groups, &mentions);
    CHECK_INT(groups, 0);
    CHECK_INT(mentions, 0);
    a = add(lk, pa);
    e = add(lk, pe);
    b = add(lk, pb);
    CHECK(a >= 1 && e >= 1 && b >= 1 && a != e && e != b && a != b);
    nm_linker_count(lk, &groups, &mentions);
    CHECK_INT(groups, 3);
    CHECK_INT(mentions, 5);
    /* before any link the ids are 0 */
    CHECK_STR(ids_of(lk, a, b1, sizeof b1), "0,0");
    order[0] = a, order[1] = e, order[2] = b;
    CHECK_INT(link_order(lk, order, 3), NM_OK);
    CHECK_STR(ids_of(lk, a, b1, sizeof b1), "1,2");
    CHECK_STR(ids_of(lk, e, b1, sizeof b1), "");
    CHECK_STR(ids_of(lk, b, b1, sizeof b1), "1,3,2"); /* the surname is Ana Ruiz */
    /* the empty group had no ids to change */
    snprintf(b2, sizeof b2, "%d,%d", a, b);
    CHECK_STR(changed(lk, b1, sizeof b1), b2);
    /* linking again changes nothing */
    CHECK_INT(link_order(lk, order, 3), NM_OK);
    CHECK_STR(changed(lk, b1, sizeof b1), "");
    nm_linker_free(lk);
}

/* The same grouping as nm_link over every mention in document order. */
static void test_same_as_nm_link(void) {
    static const char *const p1[] = {"ORG|Baltic Freight Union", "PERSON|Ilse Marken", NULL};
    static const char *const p2[] = {"ORG|BFU", "PERSON|Marken", "PERSON|Marken's", NULL};
    static const char *const p3[] = {"PERSON|Ms. Marken", "GPE|Riga", "ORG|Baltic Freight Union", NULL};
    const char *const *groups[] = {p1, p2, p3};
    nm_mention_t all[8];
    nm_linker_t *lk = NULL;
    int h[3], k = 0, i, j;
    CHECK_INT(nm_linker_new(&lk), NM_OK);
    if (!lk) return;
    for (i = 0; i < 3; i++) {
        h[i] = add(lk, groups[i]);
        for (j = 0; groups[i][j]; j++, k++) {
            const char *bar = strchr(groups[i][j], '|');
            char lab[16];
            snprintf(lab, sizeof lab, "%.*s", (int)(bar - groups[i][j]), groups[i][j]);
            all[k].text = bar + 1;
            all[k].len = strlen(bar + 1);
            all[k].label = nm_label_from_name(lab);
            all[k].id = 0;
        }
    }
    CHECK_INT(link_order(lk, h, 3), NM_OK);
    CHECK_INT(nm_link(model, all, (size_t)k), NM_OK);
    /* the acronym and the name, the surname, its possessive and the title */
    CHECK_INT(all[2].id, all[0].id);
    CHECK_INT(all[3].id, all[1].id);
    CHECK_INT(all[4].id, all[1].id);
    CHECK_INT(all[5].id, all[1].id);
    CHECK_INT(all[7].id, all[0].id);
    CHECK(all[6].id != all[0].id && all[6].id != all[1].id);
    k = 0;
    for (i = 0; i < 3; i++) {
        size_t n, m;
        const int *id = nm_linker_ids(lk, h[i], &n);
        CHECK(id != NULL);
        if (!id) continue;
        for (m = 0; m < n; m++, k++) CHECK_INT(id[m], all[k].id); /* a fresh linker numbers as nm_link */
    }
    nm_linker_free(lk);
}

static void test_stable_ids(void) {
    static const char *const pa[] = {"PERSON|Ana Ruiz", NULL};
    static const char *const pb[] = {"GPE|Porto", "PERSON|Ruiz", NULL};
    static const char *const pc[] = {"PERSON|Carlos Mendes", NULL};
    nm_linker_t *lk;
    char b1[128], b2[64];
    int a, b, c, d, order[3], had[1] = {1};
    lk = linked_two(pa, pb, order);
    if (!lk) return;
    a = order[0], b = order[1];
    CHECK_STR(ids_of(lk, a, b1, sizeof b1), "1");
    CHECK_STR(ids_of(lk, b, b1, sizeof b1), "2,1");

    /* a new first paragraph does not renumber the rest */
    c = add(lk, pc);
    order[0] = c, order[1] = a, order[2] = b;
    CHECK_INT(link_order(lk, order, 3), NM_OK);
    snprintf(b2, sizeof b2, "%d", c);
    CHECK_STR(changed(lk, b1, sizeof b1), b2);
    CHECK_STR(ids_of(lk, c, b1, sizeof b1), "3");

    /* without the full name, "Ruiz" stays the entity it was */
    CHECK_INT(nm_linker_remove(lk, a), NM_OK);
    CHECK(!nm_linker_live(lk, a));
    order[0] = c, order[1] = b;
    CHECK_INT(link_order(lk, order, 2), NM_OK);
    CHECK_STR(changed(lk, b1, sizeof b1), "");
    CHECK_STR(ids_of(lk, b, b1, sizeof b1), "2,1");

    /* a group added with the ids it had keeps them; the removed handle is reused */
    d = add_had(lk, pa, had, 1);
    CHECK_INT(d, a);
    order[0] = c, order[1] = d, order[2] = b;
    CHECK_INT(link_order(lk, order, 3), NM_OK);
    CHECK_STR(changed(lk, b1, sizeof b1), "");
    CHECK_STR(ids_of(lk, d, b1, sizeof b1), "1");

    /* ids it never gave are no ids: the group gets a new one */
    {
        static const char *const pn[] = {"ORG|Tidewater Mill", NULL};
        int bogus[1] = {99}, order4[4];
        int e = add_had(lk, pn, bogus, 1);
        order4[0] = c, order4[1] = d, order4[2] = b, order4[3] = e;
        CHECK_INT(link_order(lk, order4, 4), NM_OK);
        CHECK_STR(ids_of(lk, e, b1, sizeof b1), "4");
        CHECK_INT(nm_linker_remove(lk, e), NM_OK);
    }

    /* every group replaced by one that names someone else: numbering starts again */
    CHECK_INT(nm_linker_remove(lk, c), NM_OK);
    CHECK_INT(nm_linker_remove(lk, d), NM_OK);
    CHECK_INT(nm_linker_remove(lk, b), NM_OK);
    {
        static const char *const px[] = {"PERSON|Jonas Brekke", "ORG|Harbor Council", NULL};
        int x = add(lk, px);
        CHECK_INT(link_order(lk, &x, 1), NM_OK);
        CHECK_STR(ids_of(lk, x, b1, sizeof b1), "1,2");
    }
    nm_linker_free(lk);
}

/* A paragraph edited: its group is replaced; a full name arriving in an
 * earlier paragraph joins a surname elsewhere, and only that group changes. */
static void test_edit_joins(void) {
    static const char *const p1[] = {"GPE|Oslo", NULL};
    static const char *const p2[] = {"PERSON|Brekke", "DATE|Monday", NULL};
    static const char *const p1b[] = {"PERSON|Jonas Brekke", "GPE|Oslo", NULL};
    nm_linker_t *lk;
    char b1[128], b2[64];
    int h1, h2, order[2], ids2[2] = {0, 0};
    size_t n;
    const int *id;
    lk = linked_two(p1, p2, order);
    if (!lk) return;
    h1 = order[0], h2 = order[1];
    CHECK_STR(ids_of(lk, h2, b1, sizeof b1), "2,3");
    id = nm_linker_ids(lk, h1, &n);
    ids2[1] = id[0]; /* Oslo had an id; the new name had none */
    CHECK_INT(nm_linker_remove(lk, h1), NM_OK);
    h1 = add_had(lk, p1b, ids2, 2);
    order[0] = h1, order[1] = h2;
    CHECK_INT(link_order(lk, order, 2), NM_OK);
    /* Jonas Brekke takes Brekke's id (its first member with an id), Oslo keeps 1 */
    CHECK_STR(ids_of(lk, h1, b1, sizeof b1), "2,1");
    CHECK_STR(ids_of(lk, h2, b1, sizeof b1), "2,3");
    snprintf(b2, sizeof b2, "%d", h1);
    CHECK_STR(changed(lk, b1, sizeof b1), b2);
    nm_linker_free(lk);
}

/* Two old ids in one entity: the first member's wins, the other id stays
 * free for the entity that had it. */
static void test_first_old_id_wins(void) {
    static const char *const p1[] = {"ORG|EU", NULL};
    static const char *const p3[] = {"PERSON|Lina Holt", NULL};
    static const char *const p2[] = {"ORG|European Union", NULL};
    nm_linker_t *lk;
    char b1[64];
    int g1, g2, g3, order[3], had[1] = {2};
    lk = linked_two(p1, p3, order);
    if (!lk) return;
    g1 = order[0], g3 = order[1];
    CHECK_STR(ids_of(lk, g1, b1, sizeof b1), "1");
    CHECK_STR(ids_of(lk, g3, b1, sizeof b1), "2");
    /* a paragraph that claims, wrongly, to have had id 2 */
    g2 = add_had(lk, p2, had, 1);
    order[0] = g1, order[1] = g2, order[2] = g3;
    CHECK_INT(link_order(lk, order, 3), NM_OK);
    CHECK_STR(ids_of(lk, g2, b1, sizeof b1), "1"); /* the name joins its acronym */
    CHECK_STR(ids_of(lk, g3, b1, sizeof b1), "2"); /* and Lina Holt keeps hers */
    nm_linker_free(lk);
}

static void test_packed_format(void) {
    static const struct {
        const char *packed;
        int rc;
        size_t n;
    } rows[] = {
        {"", NM_OK, 0},
        {"PERSON 4 Ruiz", NM_OK, 1},
        {"PERSON 4 RuizGPE 6 Lisbon", NM_OK, 2},
        {"DATE 0 ", NM_OK, 1},                /* an empty text */
        {"WHATEVER 3 a b", NM_OK, 1},         /* unknown label: NM_NONE; spaces in the text */
        {"PERSON 99 Ruiz", NM_EFORMAT, 0},    /* longer than what is left */
        {"PERSON Ruiz", NM_EFORMAT, 0},       /* no length */
        {"PERSON 4", NM_EFORMAT, 0},          /* no space after the length */
        {" 4 Ruiz", NM_EFORMAT, 0},           /* no label */
        {"PERSON", NM_EFORMAT, 0},            /* a label only */
        {"PERSON 4 RuizX", NM_EFORMAT, 0},    /* trailing bytes */
        {"ABCDEFGHIJKLMNOPQ 1 x", NM_EFORMAT, 0}, /* a label longer than any */
        {"PERSON 18446744073709551617 x", NM_EFORMAT, 0}, /* a length that overflows */
        {"PERSON 4x Ruiz", NM_EFORMAT, 0},
    };
    nm_linker_t *lk = NULL;
    size_t i, n, groups;
    int h;
    CHECK_INT(nm_linker_new(&lk), NM_OK);
    if (!lk) return;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t len = strlen(rows[i].packed);
        CHECK_INT(nm_linker_packed_count(rows[i].packed, len, &n), rows[i].rc);
        CHECK_INT(n, rows[i].n);
        nm_linker_count(lk, &groups, NULL);
        CHECK_INT(nm_linker_add_packed(lk, rows[i].packed, len, NULL, 0, &h), rows[i].rc);
        if (rows[i].rc == NM_OK) {
            CHECK(nm_linker_live(lk, h));
            nm_linker_ids(lk, h, &n);
            CHECK_INT(n, rows[i].n);
            CHECK_INT(nm_linker_remove(lk, h), NM_OK);
        } else {
            CHECK_INT(h, 0);
            size_t after;
            nm_linker_count(lk, &after, NULL);
            CHECK_INT(after, groups); /* nothing added */
        }
    }
    /* a NUL and invalid bytes inside a text are just bytes */
    {
        static const char odd[] = "PERSON 5 R\0u\xffzDATE 0 ";
        int order[1];
        CHECK_INT(nm_linker_add_packed(lk, odd, sizeof odd - 1, NULL, 0, &h), NM_OK);
        order[0] = h;
        CHECK_INT(link_order(lk, order, 1), NM_OK);
        nm_linker_ids(lk, h, &n);
        CHECK_INT(n, 2);
    }
    nm_linker_free(lk);
}

static void test_bad_arguments(void) {
    static const char *const pa[] = {"PERSON|Ana Ruiz", NULL};
    static const char *const pb[] = {"PERSON|Ruiz", NULL};
    nm_linker_t *lk = NULL;
    char err[128], b1[64];
    int a, b, order[3], h;
    nm_mention_t m = {NULL, 3, NM_PERSON, 0};
    CHECK_INT(nm_linker_new(NULL), NM_EINVAL);
    CHECK_INT(nm_linker_new(&lk), NM_OK);
    if (!lk) return;
    a = add(lk, pa);
    b = add(lk, pb);
    order[0] = a, order[1] = b;
    CHECK_INT(link_order(lk, order, 2), NM_OK);

    CHECK_INT(nm_linker_link(lk, model, order, 1, err, sizeof err), NM_EINVAL);
    CHECK(strstr(err, "every live handle") != NULL);
    order[1] = a;
    CHECK_INT(nm_linker_link(lk, model, order, 2, err, sizeof err), NM_EINVAL);
    CHECK(strstr(err, "twice") != NULL);
    order[1] = 99;
    CHECK_INT(nm_linker_link(lk, model, order, 2, err, sizeof err), NM_EINVAL);
    CHECK(strstr(err, "not a live") != NULL);
    order[1] = 0;
    CHECK_INT(nm_linker_link(lk, model, order, 2, NULL, 0), NM_EINVAL);
    order[1] = -1;
    CHECK_INT(nm_linker_link(lk, model, order, 2, err, sizeof err), NM_EINVAL);
    CHECK_INT(nm_linker_link(lk, model, NULL, 2, err, sizeof err), NM_EINVAL);
    CHECK_INT(nm_linker_link(NULL, model, order, 0, err, sizeof err), NM_EINVAL);
    /* a failed link left the ids as they were */
    CHECK_STR(ids_of(lk, b, b1, sizeof b1), "1");
    CHECK_STR(changed(lk, b1, sizeof b1), "");

    CHECK_INT(nm_linker_remove(lk, b), NM_OK);
    CHECK_INT(nm_linker_remove(lk, b), NM_EINVAL);
    CHECK_INT(nm_linker_remove(lk, 0), NM_EINVAL);
    CHECK_INT(nm_linker_remove(lk, 1000), NM_EINVAL);
    CHECK_INT(nm_linker_remove(NULL, 1), NM_EINVAL);
    CHECK(nm_linker_ids(lk, b, NULL) == NULL);
    CHECK_INT(link_order(lk, &a, 1), NM_OK);

    CHECK_INT(nm_linker_add(lk, &m, 1, NULL, 0, &h), NM_EINVAL); /* a length with no text */
    CHECK_INT(nm_linker_add(lk, NULL, 1, NULL, 0, &h), NM_EINVAL);
    CHECK_INT(nm_linker_add(lk, NULL, 0, NULL, 0, NULL), NM_EINVAL);
    CHECK_INT(nm_linker_add_packed(lk, NULL, 4, NULL, 0, &h), NM_EINVAL);
    CHECK_INT(nm_linker_add_packed(NULL, "", 0, NULL, 0, &h), NM_EINVAL);

    /* no model: linking still works (no title list) */
    CHECK_INT(nm_linker_link(lk, NULL, &a, 1, err, sizeof err), NM_OK);
    nm_linker_free(lk);
    nm_linker_free(NULL);
}

/* nm_linker_add takes mentions as nm_link does, and copies their texts. */
static void test_add_mentions(void) {
    char t1[] = "European Union", t2[] = "EU";
    nm_mention_t m[2];
    nm_linker_t *lk = NULL;
    char b1[64];
    int h, empty;
    CHECK_INT(nm_linker_new(&lk), NM_OK);
    if (!lk) return;
    m[0].text = t1, m[0].len = strlen(t1), m[0].label = NM_ORG, m[0].id = 0;
    m[1].text = t2, m[1].len = strlen(t2), m[1].label = NM_ORG, m[1].id = 0;
    CHECK_INT(nm_linker_add(lk, m, 2, NULL, 0, &h), NM_OK);
    CHECK_INT(nm_linker_add(lk, NULL, 0, NULL, 0, &empty), NM_OK);
    memset(t1, 'x', sizeof t1 - 1); /* the linker kept its own copy */
    memset(t2, 'y', sizeof t2 - 1);
    {
        int order[2];
        order[0] = empty, order[1] = h;
        CHECK_INT(link_order(lk, order, 2), NM_OK);
    }
    CHECK_STR(ids_of(lk, h, b1, sizeof b1), "1,1");
    nm_linker_free(lk);
}

/* Many groups, added and removed in turns: counts stay right and every link
 * gives each live mention an id. */
static void test_churn(void) {
    static const char *const names[] = {"PERSON|Ana Ruiz", "PERSON|Ruiz", "ORG|Harbor Council",
                                        "GPE|Porto", "DATE|Friday", "ORG|HC"};
    nm_linker_t *lk = NULL;
    int live[40], nlive = 0, round, i;
    size_t groups, mentions, want_m = 0, n;
    size_t sizes[40];
    unsigned seed = 7;
    int miscount = 0;
    CHECK_INT(nm_linker_new(&lk), NM_OK);
    if (!lk) return;
    for (round = 0; round < 200; round++) {
        seed = seed * 1103515245u + 12345u;
        if (nlive < 40 && (nlive == 0 || (seed >> 16) % 3 != 0)) {
            const char *items[4];
            size_t k = (seed >> 8) % 4;
            for (n = 0; n < k; n++) items[n] = names[(seed >> (n * 3)) % 6];
            items[k] = NULL;
            live[nlive] = add(lk, items);
            sizes[nlive++] = k;
            want_m += k;
        } else {
            i = (int)((seed >> 16) % (unsigned)nlive);
            CHECK_INT(nm_linker_remove(lk, live[i]), NM_OK);
            want_m -= sizes[i];
            live[i] = live[nlive - 1];
            sizes[i] = sizes[--nlive];
        }
        nm_linker_count(lk, &groups, &mentions);
        if (groups != (size_t)nlive || mentions != want_m) miscount++;
        if (round % 10 == 9) {
            int unlinked = 0;
            CHECK_INT(link_order(lk, live, (size_t)nlive), NM_OK);
            for (i = 0; i < nlive; i++) {
                const int *id = nm_linker_ids(lk, live[i], &n);
                size_t k;
                for (k = 0; k < n; k++) unlinked += id[k] < 1;
            }
            CHECK_INT(unlinked, 0); /* every live mention has an id */
        }
    }
    CHECK_INT(miscount, 0); /* the counts followed every add and remove */
    nm_linker_free(lk);
}

int main(void) {
    char err[512];
    if (nm_model_load("data", &model, err, sizeof err) != NM_OK) {
        fprintf(stderr, "test_linker: %s (run from the project root)\n", err);
        return 1;
    }
    test_add_link();
    test_same_as_nm_link();
    test_stable_ids();
    test_edit_joins();
    test_first_old_id_wins();
    test_packed_format();
    test_bad_arguments();
    test_add_mentions();
    test_churn();
    nm_model_free(model);
    return check_report("test_linker");
}
