/*
 * mklex.c - build data/newsmark.lex from the gazetteers and data/lists.
 *
 *   build/mklex --shared DIR --lists DIR [--corpus DIR] -o OUT
 *
 * --shared: the gazetteer folder (countries.tsv, subdivisions.tsv, cities.tsv,
 * first-names.tsv, name-parts.tsv, world-leaders.tsv, us-congress.tsv,
 * organizations.tsv).
 * --corpus: the data folder holding unlabeled/sotu.txt and the ner/train files
 * named in count_files (default: the parent of --shared); used only to measure which words are
 * common lower-case English words (NM_LX_COMMON) and to filter name lists.
 * Every entry is tokenized with nm_tokenize and keyed with nm_lexicon_key,
 * exactly as at run time. The output depends only on the inputs (same bytes
 * on every run) and is written atomically (OUT.tmp + rename).
 */
#include "lexicon_build.h"

#include <stdio.h>

/* The data/lists files and their classes. Optional files may be absent. */
static const struct {
    const char *file;
    uint32_t classes;
    int label; /* default label hint */
    int optional;
} list_files[] = {
    {"titles.txt", NM_LX_TITLE, 0, 0},
    {"roles.txt", NM_LX_ROLE, 0, 0},
    {"orgsuffix.txt", NM_LX_ORGSUF, 0, 0},
    {"orgwords.txt", NM_LX_ORGWORD, 0, 0},
    {"orgs.txt", NM_LX_ORG, NM_ORG, 0},
    {"locwords.txt", NM_LX_LOCWORD, 0, 0},
    {"eventwords.txt", NM_LX_EVENTWORD, 0, 0},
    {"months.txt", NM_LX_MONTH, 0, 0},
    {"weekdays.txt", NM_LX_WEEKDAY, 0, 0},
    {"datewords.txt", NM_LX_DATEWORD, 0, 0},
    {"numwords.txt", NM_LX_NUMWORD, 0, 0},
    {"currency.txt", NM_LX_CURRENCY, 0, 0},
    {"func.txt", NM_LX_FUNC, 0, 0},
    {"pronouns.txt", NM_LX_PRONOUN, 0, 0},
    {"religions.txt", NM_LX_RELIGION, NM_NORP, 0},
    {"demonyms.txt", NM_LX_DEMONYM, 0, 0},
    {"cities.txt", NM_LX_CITY | NM_LX_BIGCITY, 0, 0},
    {"countries.txt", NM_LX_COUNTRY, 0, 0},
    {"regions.txt", NM_LX_SUBDIV, 0, 0},
    {"cues.txt", NM_LX_CUE, 0, 1},
    {"cue-report.txt", NM_LX_CUE | NM_LX_CUE_REPORT, 0, 1},
    {"cuenouns.txt", NM_LX_CUE_NOUN, 0, 1},
};

static const char *const class_names[32] = {
    "COUNTRY", "DEMONYM", "SUBDIV", "CITY", "BIGCITY", "FIRST_F", "FIRST_M", "SURNAME",
    "PERSON", "TITLE", "ROLE", "ORGSUF", "ORGWORD", "ORG", "LOCWORD", "EVENTWORD",
    "CUE", "CUE_NOUN", "MONTH", "WEEKDAY", "DATEWORD", "NUMWORD", "CURRENCY", "COMMON",
    "FUNC", "PRONOUN", "RELIGION", "USER", "NEVER", "CUE_REPORT", "GAZORG", "PREFIX",
};

/* Classes that keep a word out of the surname list. */
#define NOT_SURNAME                                                                              \
    (NM_LX_COUNTRY | NM_LX_DEMONYM | NM_LX_TITLE | NM_LX_ROLE | NM_LX_ORGSUF | NM_LX_ORGWORD |   \
     NM_LX_MONTH | NM_LX_WEEKDAY | NM_LX_DATEWORD | NM_LX_NUMWORD | NM_LX_CURRENCY | NM_LX_FUNC | \
     NM_LX_PRONOUN | NM_LX_RELIGION | NM_LX_CUE | NM_LX_CUE_NOUN | NM_LX_COMMON)

static nm_lexb_t *B;
static nm_tokens_t TK;
static size_t n_skipped;

static void die(const char *msg, const char *arg) {
    fprintf(stderr, "mklex: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

/* ---------------------------------------------------------------- word counts */

typedef struct {
    char *key;
    uint32_t lower, cap;
} wc_t;

static wc_t *WC;
static size_t wc_n, wc_cap = 1u << 16;

static wc_t *wc_find(const char *key, size_t n, int create) {
    size_t i = (size_t)nm_lex_fnv64(key, n) & (wc_cap - 1);
    while (WC[i].key) {
        if (strlen(WC[i].key) == n && memcmp(WC[i].key, key, n) == 0) return &WC[i];
        i = (i + 1) & (wc_cap - 1);
    }
    if (!create) return NULL;
    if ((wc_n + 1) * 2 > wc_cap) { /* grow and retry */
        wc_t *old = WC;
        size_t oldcap = wc_cap, k;
        wc_cap *= 2;
        WC = calloc(wc_cap, sizeof *WC);
        if (!WC) die("out of memory", NULL);
        for (k = 0; k < oldcap; k++) {
            if (!old[k].key) continue;
            i = (size_t)nm_lex_fnv64(old[k].key, strlen(old[k].key)) & (wc_cap - 1);
            while (WC[i].key) i = (i + 1) & (wc_cap - 1);
            WC[i] = old[k];
        }
        free(old);
        return wc_find(key, n, create);
    }
    WC[i].key = malloc(n + 1);
    if (!WC[i].key) die("out of memory", NULL);
    memcpy(WC[i].key, key, n);
    WC[i].key[n] = 0;
    wc_n++;
    return &WC[i];
}

/* 'L' lower-case first letter, 'U' upper (not all caps), 0 otherwise. */
static int word_case(const unsigned char *s, size_t n) {
    size_t i, upper = 0, lower = 0;
    int first = 0;
    for (i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c >= 'a' && c <= 'z') lower++, first = first ? first : 'L';
        else if (c >= 'A' && c <= 'Z') upper++, first = first ? first : 'U';
        else if (c >= 0x80 && !first) return 0; /* non-ASCII first letter: not counted */
        else if (!first && !(c == '\'')) return 0;
    }
    if (first == 'U' && upper >= 2 && lower == 0) return 0; /* all caps */
    return first;
}

/* A token after which the next one is "mid-sentence": a word, number or comma. */
static int wordish(const unsigned char *s, size_t n) {
    if (n == 0) return 0;
    if (n == 1 && s[0] == ',') return 1;
    return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
           (s[0] >= '0' && s[0] <= '9') || s[0] >= 0xC0;
}

static void count_word(const char *s, size_t n, const char *prev, size_t pn) {
    char key[NM_LEX_MAXKEY];
    nm_tok_t t;
    size_t kn;
    int c;
    wc_t *w;
    if (!prev || !wordish((const unsigned char *)prev, pn)) return;
    c = word_case((const unsigned char *)s, n);
    if (!c) return;
    memset(&t, 0, sizeof t);
    t.start = 0;
    t.end = (uint32_t)n;
    kn = nm_lexicon_key(s, &t, 0, 1, key, sizeof key);
    if (!kn) return;
    w = wc_find(key, kn, 1);
    if (c == 'L') w->lower++;
    else w->cap++;
}

static void count_text_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0, k;
    ssize_t len;
    if (!f) die("cannot open corpus file", path);
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (len >= 2 && line[0] == '#' && line[1] == ' ') continue;
        if (nm_tokenize(line, (size_t)len, &TK)) die("tokenizer failed", path);
        for (k = 1; k < TK.ntok; k++) {
            const nm_tok_t *t = &TK.tok[k], *p = &TK.tok[k - 1];
            if (t->flags & NM_TF_SENT_START) continue;
            count_word(line + t->start, t->end - t->start, line + p->start, p->end - p->start);
        }
    }
    free(line);
    fclose(f);
}

static void count_bio_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *line = NULL, prev[NM_LEX_MAXKEY];
    size_t cap = 0, pn = 0;
    ssize_t len;
    int have_prev = 0;
    if (!f) die("cannot open corpus file", path);
    while ((len = getline(&line, &cap, f)) >= 0) {
        size_t n = 0;
        while (n < (size_t)len && line[n] != '\t' && line[n] != '\n' && line[n] != '\r') n++;
        if (n == 0 || (line[0] == '#' && n == 1 && len > 1 && line[1] == ' ') ||
            strncmp(line, "-DOCSTART-", 10) == 0) {
            have_prev = 0; /* sentence or document boundary */
            continue;
        }
        if (have_prev) count_word(line, n, prev, pn);
        pn = n < sizeof prev ? n : sizeof prev;
        memcpy(prev, line, pn);
        have_prev = 1;
    }
    free(line);
    fclose(f);
}

/* The labelled corpora counted, by name (not every .bio file of the folder:
 * a file added to ner/train must not change the lexicon unless it is listed
 * here; data/newsmark.lex was built from these seven). */
static const char *const count_files[] = {"btc.bio",      "conll2003.bio", "gum.bio",
                                          "re3d.bio",     "uner-ewt.bio",  "wikigold.bio",
                                          "wnut17.bio"};

static void count_corpora(const char *dir) {
    char path[4096];
    size_t k;
    if (strlen(dir) > 3000) die("path too long", dir);
    snprintf(path, sizeof path, "%.3000s/unlabeled/sotu.txt", dir);
    count_text_file(path);
    for (k = 0; k < sizeof count_files / sizeof count_files[0]; k++) {
        snprintf(path, sizeof path, "%.3000s/ner/train/%s", dir, count_files[k]);
        count_bio_file(path);
    }
}

/* Seen lower-case in at least half of >= 3 mid-sentence occurrences. */
static int is_common(const char *key, size_t n) {
    const wc_t *w = wc_find(key, n, 0);
    return w && w->lower >= 3 && w->lower * 2 >= w->lower + w->cap;
}

static unsigned cap_count(const char *key, size_t n) {
    const wc_t *w = wc_find(key, n, 0);
    return w ? w->cap : 0;
}

/* ---------------------------------------------------------------- helpers */

/* Key of text (tokenized); returns its length, 0 when unusable. */
static size_t make_key(const char *text, size_t len, char *key, size_t *ntok) {
    size_t n;
    if (nm_tokenize(text, len, &TK)) die("tokenizer failed", NULL);
    if (TK.ntok == 0 || TK.ntok > NM_LEX_MAXTOK) return 0;
    n = nm_lexicon_key(text, TK.tok, 0, TK.ntok, key, NM_LEX_MAXKEY);
    if (ntok) *ntok = TK.ntok;
    return n;
}

static void add(const char *text, size_t len, uint32_t classes, int label) {
    int rc;
    while (len && (*text == ' ' || *text == '\t')) text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
        len--;
    if (!len) return;
    rc = nm_lexb_add_text(B, text, len, classes, label);
    if (rc == NM_EINVAL) n_skipped++;
    else if (rc) die("out of memory", NULL);
}

static void adds(const char *text, uint32_t classes) { add(text, strlen(text), classes, 0); }

/* Latin script only: ASCII, Latin-1, Latin Extended-A/B, ’ ‘; nothing odd. */
static int latin_name(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    if (!n) return 0;
    while (i < n) {
        uint32_t cp;
        int l = nm_utf8_decode(p + i, n - i, &cp);
        if (cp == 0xFFFD || cp == ',' || cp == '(' || cp == ')' || cp == '/' || cp == ';')
            return 0;
        if (cp >= 0x250 && cp != 0x2019 && cp != 0x2018) return 0;
        i += (size_t)l;
    }
    return 1;
}

/* Split a TSV line in place into at most max fields. */
static size_t split(char *line, char **f, size_t max, char sep) {
    size_t n = 0;
    char *p = line;
    char *nl = strpbrk(line, "\r\n");
    if (nl) *nl = 0;
    while (n < max) {
        f[n++] = p;
        p = strchr(p, sep);
        if (!p) break;
        *p++ = 0;
    }
    return n;
}

typedef void (*row_fn)(char **f, size_t nf);

static void read_tsv(const char *dir, const char *name, row_fn fn) {
    char path[4096], *line = NULL, *f[16];
    size_t cap = 0, row = 0;
    FILE *fp;
    snprintf(path, sizeof path, "%.3000s/%.255s", dir, name);
    fp = fopen(path, "rb");
    if (!fp) die("cannot open gazetteer", path);
    while (getline(&line, &cap, fp) >= 0) {
        size_t nf = split(line, f, 16, '\t');
        if (row++ == 0) continue; /* header */
        fn(f, nf);
    }
    free(line);
    fclose(fp);
}

/* Call fn on each '|'-separated value of s (s is modified). */
static void each_value(char *s, void (*fn)(const char *, uint32_t), uint32_t classes) {
    char *v[128];
    size_t n = split(s, v, 128, '|'), k;
    for (k = 0; k < n; k++)
        if (*v[k]) fn(v[k], classes);
}

static void add_latin(const char *s, uint32_t classes) {
    if (latin_name(s)) adds(s, classes);
}

/* ---------------------------------------------------------------- sources */

static void demonym(const char *d, uint32_t classes) {
    char buf[256];
    size_t n = strlen(d);
    (void)classes;
    if (!latin_name(d) || n + 2 > sizeof buf) return;
    adds(d, NM_LX_DEMONYM);
    /* plural: Americans, Afghans; Chinese, Swiss unchanged; -ish, -ch none */
    if ((n > 3 && strcmp(d + n - 3, "ese") == 0) || (n > 1 && d[n - 1] == 's') ||
        (n > 3 && strcmp(d + n - 3, "ish") == 0) || (n > 2 && strcmp(d + n - 2, "ch") == 0))
        return;
    memcpy(buf, d, n);
    buf[n] = 's';
    buf[n + 1] = 0;
    adds(buf, NM_LX_DEMONYM);
}

static void row_country(char **f, size_t nf) {
    char *v[16];
    size_t n, k;
    if (nf < 3) return;
    add_latin(f[0], NM_LX_COUNTRY);
    each_value(f[1], add_latin, NM_LX_COUNTRY);
    n = split(f[2], v, 16, ',');
    for (k = 0; k < n; k++) demonym(v[k] + (v[k][0] == ' '), 0);
}

static size_t n_subdiv_common;
static void row_subdiv(char **f, size_t nf) {
    char key[NM_LEX_MAXKEY];
    size_t n, nt;
    if (nf < 2 || !latin_name(f[1])) return;
    n = make_key(f[1], strlen(f[1]), key, &nt);
    if (!n) return;
    if (nt == 1 && is_common(key, n)) {
        n_subdiv_common++;
        return;
    }
    adds(f[1], NM_LX_SUBDIV);
}

/* First names come before cities (the city filter needs them). */
static void row_first(char **f, size_t nf) {
    uint32_t c = 0;
    if (nf < 2) return;
    if (strchr(f[1], 'F')) c |= NM_LX_FIRST_F;
    if (strchr(f[1], 'M')) c |= NM_LX_FIRST_M;
    if (c) add_latin(f[0], c);
}

static size_t n_city_dropped;
static void city_name(const char *name, int big) {
    char key[NM_LEX_MAXKEY], base[256];
    size_t n, nt;
    const char *paren = strstr(name, " (");
    if (paren) { /* "Halle (Saale)" -> "Halle" */
        size_t l = (size_t)(paren - name);
        if (l >= sizeof base) return;
        memcpy(base, name, l);
        base[l] = 0;
        name = base;
    }
    if (!latin_name(name)) return;
    n = make_key(name, strlen(name), key, &nt);
    if (!n) return;
    if (!big && nt == 1 &&
        (is_common(key, n) || (nm_lexb_get(B, key, n) & (NM_LX_FIRST_F | NM_LX_FIRST_M)))) {
        n_city_dropped++;
        return;
    }
    adds(name, NM_LX_CITY | (big ? NM_LX_BIGCITY : 0));
}

static void row_city(char **f, size_t nf) {
    char *v[8], tmp[512];
    size_t n, k, col;
    int big;
    if (nf < 4) return;
    big = atol(f[3]) >= 500000;
    for (col = 0; col < 2; col++) {
        if (strlen(f[col]) >= sizeof tmp) continue;
        strcpy(tmp, f[col]);
        n = split(tmp, v, 8, '/'); /* "Donostia / San Sebastián" */
        for (k = 0; k < n; k++) city_name(v[k], big);
    }
}

static size_t np_total, np_common, np_class, np_hn_kept, np_hn_dropped, np_cspell;
static void row_namepart(char **f, size_t nf) {
    char key[NM_LEX_MAXKEY];
    size_t n, nt;
    if (nf < 2 || !latin_name(f[0])) return;
    np_total++;
    n = make_key(f[0], strlen(f[0]), key, &nt);
    if (!n) return;
    if (nt == 1 && is_common(key, n)) {
        np_common++;
        return;
    }
    if (nm_lexb_get(B, key, n) & NOT_SURNAME) {
        np_class++;
        return;
    }
    if (!strstr(f[1], "cspell")) { /* humannames only: noisy; keep if seen as a name */
        if (cap_count(key, n) == 0) {
            np_hn_dropped++;
            return;
        }
        np_hn_kept++;
    } else {
        np_cspell++;
    }
    adds(f[0], NM_LX_SURNAME);
}

/* Person name: full form, surname, and "first last" when longer. */
static void add_pair(const char *a, const char *b, uint32_t classes) {
    char buf[512];
    size_t na = strlen(a), nb = strlen(b);
    if (!na || !nb || na + nb + 1 > sizeof buf) return;
    memcpy(buf, a, na);
    buf[na] = ' ';
    memcpy(buf + na + 1, b, nb);
    add(buf, na + nb + 1, classes, 0);
}

/* A surname unless the word is common or of a class that rules it out. */
static void add_surname(const char *last) {
    char key[NM_LEX_MAXKEY];
    size_t nt, n = make_key(last, strlen(last), key, &nt);
    if (!n || (nt == 1 && is_common(key, n)) || (nm_lexb_get(B, key, n) & NOT_SURNAME)) return;
    adds(last, NM_LX_SURNAME);
}

static void person(const char *full, const char *first, const char *last, const char *nick) {
    if (!latin_name(full)) return;
    adds(full, NM_LX_PERSON);
    if (last && *last) {
        add_surname(last);
        if (first) add_pair(first, last, NM_LX_PERSON);
        if (nick) add_pair(nick, last, NM_LX_PERSON);
    }
}

static void row_leader(char **f, size_t nf) {
    char tmp[512], *w[16], first[256], last[256];
    size_t n, end;
    if (nf < 1 || strlen(f[0]) >= sizeof tmp || !latin_name(f[0])) return;
    strcpy(tmp, f[0]);
    n = split(tmp, w, 16, ' ');
    end = n;
    while (end > 1 && (!strcmp(w[end - 1], "Jr.") || !strcmp(w[end - 1], "Sr.") ||
                       !strcmp(w[end - 1], "II") || !strcmp(w[end - 1], "III") ||
                       !strcmp(w[end - 1], "IV")))
        end--;
    if (end < 2) { /* "Elizabeth II": the full form only */
        adds(f[0], NM_LX_PERSON);
        return;
    }
    snprintf(first, sizeof first, "%s", w[0]);
    snprintf(last, sizeof last, "%s", w[end - 1]);
    person(f[0], end > 2 ? first : NULL, last, NULL);
}

static void row_congress(char **f, size_t nf) {
    if (nf < 4) return;
    person(f[0], f[1], f[2], f[3]);
}

/* organizations.tsv: names and short forms (GAZORG, a tagger feature: "this
 * token begins / continues / is a known organization name"; never a label by
 * itself). A one-word form must have a capital, at least two letters, and not
 * be a common word or a word of another name class (a place, a first name, a
 * nationality, a title: "Madrid" as Real Madrid's short form would make every
 * mention of the city look like a club). */
#define GAZORG_NOT1                                                                             \
    (NM_LX_COUNTRY | NM_LX_DEMONYM | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_FIRST_F | NM_LX_FIRST_M | \
     NM_LX_TITLE | NM_LX_ROLE | NM_LX_ORGSUF | NM_LX_ORGWORD | NM_LX_LOCWORD | NM_LX_EVENTWORD |  \
     NM_LX_MONTH | NM_LX_WEEKDAY | NM_LX_DATEWORD | NM_LX_NUMWORD | NM_LX_CURRENCY | NM_LX_FUNC |  \
     NM_LX_PRONOUN | NM_LX_RELIGION | NM_LX_CUE | NM_LX_CUE_NOUN | NM_LX_COMMON)
/* latin_name, with commas allowed ("Advisory, Conciliation and Arbitration
 * Service", "Apple, Inc."). */
static int latin_org(const char *s) {
    char buf[512];
    size_t k, n = strlen(s);
    if (n >= sizeof buf) return 0;
    for (k = 0; k <= n; k++) buf[k] = s[k] == ',' ? ' ' : s[k];
    return latin_name(buf);
}

static size_t n_org_forms, n_org_dropped1;
static void org_form(const char *s, uint32_t classes) {
    char key[NM_LEX_MAXKEY];
    size_t n, nt, k, letters = 0, caps = 0;
    (void)classes;
    if (!latin_org(s)) return;
    for (k = 0; s[k]; k++) {
        if ((s[k] >= 'a' && s[k] <= 'z') || (unsigned char)s[k] >= 0x80) letters++;
        if (s[k] >= 'A' && s[k] <= 'Z') letters++, caps++;
    }
    if (!caps || letters < 2) return;
    n = make_key(s, strlen(s), key, &nt);
    if (!n) return;
    if (nt == 1 && (nm_lexb_get(B, key, n) & GAZORG_NOT1)) {
        n_org_dropped1++;
        return;
    }
    n_org_forms++;
    adds(s, NM_LX_GAZORG);
}

/* A one-word short form of the row's name, as a pair (linking evidence:
 * "Defra" after "Department for Environment, Food and Rural Affairs" is the
 * same body; nm_lexicon_has_pair). */
static size_t n_org_pairs;
static void org_pair(const char *name, const char *shortf) {
    char key[NM_LEX_MAXKEY];
    size_t n, nt, caps = 0, k;
    int rc;
    if (!latin_org(name) || !latin_name(shortf)) return;
    for (k = 0; shortf[k]; k++) caps += shortf[k] >= 'A' && shortf[k] <= 'Z';
    if (!caps || !make_key(shortf, strlen(shortf), key, &nt) || nt != 1) return;
    n = nm_lexicon_pair_key(name, strlen(name), shortf, strlen(shortf), key, sizeof key);
    if (!n) return;
    rc = nm_lexb_add_key(B, key, n, 1, NM_LX_GAZORG, 0);
    if (rc == NM_OK) n_org_pairs++;
    else if (rc != NM_EINVAL) die("out of memory", NULL);
    /* and the short form's own mark (nm_lexicon_is_short) */
    n = nm_lexicon_pair_key("", 0, shortf, strlen(shortf), key, sizeof key);
    if (n && nm_lexb_add_key(B, key, n, 1, NM_LX_GAZORG, 0) == NM_ENOMEM) die("out of memory", NULL);
}

static void row_org(char **f, size_t nf) {
    char *v[128];
    size_t n, k;
    if (nf < 2) return;
    org_form(f[0], 0);
    n = split(f[1], v, 128, '|');
    for (k = 0; k < n; k++)
        if (*v[k]) {
            org_form(v[k], 0);
            org_pair(f[0], v[k]);
        }
}

/* ---------------------------------------------------------------- lists */

static void read_list(const char *dir, size_t idx) {
    char path[4096], *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;
    FILE *fp;
    snprintf(path, sizeof path, "%.3000s/%.255s", dir, list_files[idx].file);
    fp = fopen(path, "rb");
    if (!fp) {
        if (list_files[idx].optional) {
            fprintf(stderr, "mklex: note: %s absent, skipped\n", path);
            return;
        }
        die("cannot open list", path);
    }
    while ((len = getline(&line, &cap, fp)) >= 0) {
        char *tab, *e = line + len;
        uint32_t classes = list_files[idx].classes;
        int label = list_files[idx].label;
        while (e > line && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ')) *--e = 0;
        if (line[0] == '#' || line[0] == 0) continue;
        tab = strchr(line, '\t');
        if (tab) {
            *tab++ = 0;
            if (strcmp(tab, "report") == 0) classes |= NM_LX_CUE_REPORT;
            else if (nm_label_from_name(tab) != NM_NONE) label = nm_label_from_name(tab);
            else {
                fprintf(stderr, "mklex: %s: unknown label \"%s\"\n", path, tab);
                exit(1);
            }
        } else if ((classes & NM_LX_CUE) && strlen(line) > 7 &&
                   strcmp(line + strlen(line) - 7, " report") == 0) {
            line[strlen(line) - 7] = 0;
            classes |= NM_LX_CUE_REPORT;
        }
        add(line, strlen(line), classes, label);
        n++;
    }
    free(line);
    fclose(fp);
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv) {
    const char *shared = NULL, *lists = NULL, *out = NULL, *corpus = NULL;
    char corpus_buf[4096], tmp[4200];
    unsigned char *bytes = NULL;
    size_t size, counts[32], k, ncommon = 0;
    FILE *fp;
    int i;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--shared") && i + 1 < argc) shared = argv[++i];
        else if (!strcmp(argv[i], "--lists") && i + 1 < argc) lists = argv[++i];
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc) corpus = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
        else {
            fprintf(stderr, "usage: mklex --shared DIR --lists DIR [--corpus DIR] -o OUT\n");
            return 2;
        }
    }
    if (!shared || !lists || !out) {
        fprintf(stderr, "usage: mklex --shared DIR --lists DIR [--corpus DIR] -o OUT\n");
        return 2;
    }
    if (!corpus) {
        if (strlen(shared) > 3000) die("path too long", shared);
        snprintf(corpus_buf, sizeof corpus_buf, "%.3000s/..", shared);
        corpus = corpus_buf;
    }
    B = nm_lexb_new();
    WC = calloc(wc_cap, sizeof *WC);
    if (!B || !WC) die("out of memory", NULL);
    nm_tokens_init(&TK);

    /* 1. measure common words */
    count_corpora(corpus);
    for (k = 0; k < wc_cap; k++) {
        if (WC[k].key && is_common(WC[k].key, strlen(WC[k].key))) {
            size_t n = strlen(WC[k].key);
            if (nm_lexb_add_key(B, WC[k].key, n, 1, NM_LX_COMMON, 0) == NM_OK) ncommon++;
        }
    }
    /* 2. hand-written lists */
    for (k = 0; k < sizeof list_files / sizeof list_files[0]; k++) read_list(lists, k);
    /* 3. gazetteers; first names before cities and surnames */
    read_tsv(shared, "countries.tsv", row_country);
    read_tsv(shared, "first-names.tsv", row_first);
    read_tsv(shared, "subdivisions.tsv", row_subdiv);
    read_tsv(shared, "cities.tsv", row_city);
    read_tsv(shared, "world-leaders.tsv", row_leader);
    read_tsv(shared, "us-congress.tsv", row_congress);
    read_tsv(shared, "name-parts.tsv", row_namepart);
    read_tsv(shared, "organizations.tsv", row_org);

    if (nm_lexb_finish(B, &bytes, &size)) die("out of memory", NULL);
    if (strlen(out) > 4000) die("path too long", out);
    snprintf(tmp, sizeof tmp, "%.4000s.tmp", out);
    fp = fopen(tmp, "wb");
    if (!fp) die("cannot write", tmp);
    if (fwrite(bytes, 1, size, fp) != size || fclose(fp) != 0) die("cannot write", tmp);
    if (rename(tmp, out) != 0) die("cannot rename to", out);

    nm_lexb_class_counts(B, counts);
    fprintf(stderr, "mklex: %s: %zu bytes, %zu keys (%zu skipped: too long or too many tokens)\n",
            out, size, nm_lexb_count(B), n_skipped);
    fprintf(stderr, "mklex: %zu distinct words counted, %zu common\n", wc_n, ncommon);
    fprintf(stderr,
            "mklex: name-parts: %zu Latin entries; dropped %zu common, %zu other class; kept "
            "%zu cspell, %zu humannames-only (seen capitalized), dropped %zu humannames-only\n",
            np_total, np_common, np_class, np_cspell, np_hn_kept, np_hn_dropped);
    fprintf(stderr, "mklex: dropped %zu city names (common word or first name, not big), %zu "
            "subdivisions (common word)\n", n_city_dropped, n_subdiv_common);
    fprintf(stderr, "mklex: organizations: %zu forms, %zu one-word forms dropped (common word or "
            "other class), %zu name / short form pairs\n",
            n_org_forms, n_org_dropped1, n_org_pairs);
    for (k = 0; k < 32; k++)
        if (counts[k]) fprintf(stderr, "mklex:   %-10s %zu\n", class_names[k], counts[k]);
    free(bytes);
    nm_lexb_free(B);
    nm_tokens_finish(&TK);
    for (k = 0; k < wc_cap; k++) free(WC[k].key);
    free(WC);
    return 0;
}
