/* entities.c - entity recognition. With a tagger in the model, names come
 * from the statistical tagger (tagger.c) and are refined by the lexicon (LOC
 * -> GPE for countries, subdivisions and cities; nationality MISC -> NORP);
 * without one, from the rule-based recognizer below (lexicon classes and
 * capitalization in context). DATE, TIME, MONEY and PERCENT always come from
 * the patterns. */
#include "internal.h"
#include "tagger.h"

#include <ctype.h>

typedef struct {
    const nm_model_t *m;
    const char *text;
    nm_result_t *res;
    const nm_tok_t *tok;
    size_t b, e; /* current sentence */
} ctx_t;

#define TOKLEN(t) ((size_t)((t)->end - (t)->start))

/* Case-insensitive ASCII comparison of a token with a (lower-case) word,
 * without strlen: the word must end where the token ends. */
static int tok_is(const ctx_t *c, size_t i, const char *w) {
    const nm_tok_t *t = &c->tok[i];
    const unsigned char *s = (const unsigned char *)c->text + t->start;
    size_t n = TOKLEN(t), k;
    for (k = 0; k < n; k++) {
        unsigned char ch = s[k];
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
        if (!w[k] || ch != (unsigned char)w[k]) return 0;
    }
    return n > 0 && w[n] == '\0';
}

static int tok_in(const ctx_t *c, size_t i, const char *const *words) {
    for (; *words; words++)
        if (tok_is(c, i, *words)) return 1;
    return 0;
}

static int is_cap(const nm_tok_t *t) {
    return (t->flags & (NM_TF_UPPER | NM_TF_ALPHA)) == (NM_TF_UPPER | NM_TF_ALPHA) &&
           !(t->flags & (NM_TF_QUOTE | NM_TF_URL | NM_TF_POSS));
}

static int emit(ctx_t *c, size_t i, size_t j, int label) {
    nm_result_t *r = c->res;
    nm_entity_t *en;
    if (j <= i) return NM_OK;
    if (NM_GROW(r->ent, r->nent, r->entcap, 1)) return NM_ENOMEM;
    en = &r->ent[r->nent++];
    en->start = c->tok[i].start;
    en->end = c->tok[j - 1].end;
    en->label = label;
    en->id = 0;
    return NM_OK;
}

/* ------------------------------------------------------------ expressions */

static const char *const scale_words[] = {"million", "billion", "trillion", "thousand", "hundred",
                                          "m", "bn", "mn", "k", "tn", NULL};
static const char *const unit_words[] = {"day", "days", "week", "weeks", "month", "months",
                                         "year", "years", "decade", "decades", "century",
                                         "centuries", "hours", "minutes", NULL};
static const char *const period_words[] = {"week", "month", "year", "weekend", "decade", "century",
                                           "spring", "summer", "autumn", "fall", "winter",
                                           "season", "quarter", "morning", "night", "evening",
                                           "afternoon", NULL};
static const char *const relative_words[] = {"last", "next", "this", "past", "coming", NULL};
static const char *const day_words[] = {"today", "yesterday", "tomorrow", "tonight", NULL};
static const char *const year_preps[] = {"in", "since", "by", "until", "from", "to", "of",
                                         "during", "before", "after", "through", "between",
                                         "and", "early", "late", "mid", NULL};
static const char *const time_suffix[] = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", NULL};
static const char *const clock_preps[] = {"at", "by", "until", "till", "before", "after", "from",
                                          "to", "around", "about", "since", NULL};
static const char *const month_preps[] = {"in", "since", "until", "till", "through", "early", "late",
                                          NULL};
static const char *const percent_words[] = {"percent", "%", "pct", NULL};

static int is_num(const ctx_t *c, size_t i) {
    return i < c->e && ((c->tok[i].flags & NM_TF_NUMBER) || (c->tok[i].lex & NM_LX_NUMWORD));
}

/* A count: digits or a cardinal number word ("two", "several"), not an
 * ordinal or a fraction ("third", "quarter", "half"). */
static const char *const not_counts[] = {"first", "second", "third", "fourth", "fifth", "sixth",
                                         "seventh", "eighth", "ninth", "tenth", "quarter", "half",
                                         "twice", "hundred", "thousand", "million", "billion",
                                         "trillion", "mn", "bn", "tn", NULL};
static int is_count(const ctx_t *c, size_t i) {
    return is_num(c, i) && ((c->tok[i].flags & NM_TF_NUMBER) || !tok_in(c, i, not_counts));
}

/* A duration's unit: DATE for a day or longer, TIME for hours and minutes
 * (LABELS.md); 0 if not a unit. */
static int unit_label(const ctx_t *c, size_t i) {
    if (i >= c->e || !tok_in(c, i, unit_words)) return 0;
    return tok_is(c, i, "hours") || tok_is(c, i, "minutes") ? NM_TIME : NM_DATE;
}

static const char *const plural_scales[] = {"tens", "hundreds", "thousands", "millions", "billions",
                                            NULL};
static const char *const ordinal_words[] = {"first", "second", "third", "fourth", NULL};
static const char *const day_parts[] = {"morning", "afternoon", "evening", "night", NULL};

/* A plain integer token's value (or -1). */
static long tok_int(const ctx_t *c, size_t i) {
    const nm_tok_t *t = &c->tok[i];
    long v = 0;
    size_t k, n = TOKLEN(t);
    if (n == 0 || n > 9) return -1;
    for (k = 0; k < n; k++) {
        char ch = c->text[t->start + k];
        if (ch < '0' || ch > '9') return -1;
        v = v * 10 + (ch - '0');
    }
    return v;
}

/* Day-of-month token: 5, 21, 3rd, 21st. */
static int is_day(const ctx_t *c, size_t i) {
    const nm_tok_t *t;
    size_t n;
    long v;
    if (i >= c->e) return 0;
    t = &c->tok[i];
    n = TOKLEN(t);
    v = tok_int(c, i);
    if (v >= 1 && v <= 31) return 1;
    if (n >= 3 && n <= 4 && (t->flags & NM_TF_DIGIT)) {
        const char *s = c->text + t->start;
        const char *suf = s + n - 2;
        if ((suf[0] == 's' && suf[1] == 't') || (suf[0] == 'n' && suf[1] == 'd') ||
            (suf[0] == 'r' && suf[1] == 'd') || (suf[0] == 't' && suf[1] == 'h'))
            return s[0] >= '0' && s[0] <= '9';
    }
    return 0;
}

/* A clock time written h:mm or hh:mm (hours 0-24, minutes 00-59). */
static int is_clock(const ctx_t *c, size_t i) {
    const nm_tok_t *t = &c->tok[i];
    const char *s = c->text + t->start;
    size_t n = TOKLEN(t), h;
    if (!(t->flags & NM_TF_NUMBER) || n < 4 || n > 5) return 0;
    for (h = 0; h < n && s[h] >= '0' && s[h] <= '9'; h++) {}
    if (h < 1 || h > 2 || h + 3 != n || s[h] != ':') return 0;
    if (!(s[h + 1] >= '0' && s[h + 1] <= '5' && s[h + 2] >= '0' && s[h + 2] <= '9')) return 0;
    return (h == 1 || s[0] < '2' || (s[0] == '2' && s[1] <= '4'));
}

static int is_year(const ctx_t *c, size_t i) {
    long v;
    if (i >= c->e) return 0;
    v = tok_int(c, i);
    return v >= 1000 && v <= 2199;
}

static int is_decade(const ctx_t *c, size_t i) {
    const nm_tok_t *t = &c->tok[i];
    size_t n = TOKLEN(t);
    const char *s = c->text + t->start;
    /* 1990s, 90s */
    return (n == 5 || n == 3) && s[n - 1] == 's' && s[n - 2] == '0' && isdigit((unsigned char)s[0]);
}

/* Words before an era: "the 7th century BC". */
static const char *const century_words[] = {"century", "centuries", "millennium", "millennia", NULL};

/* An era after a year: "508 BC", "AD 79" is not matched (rare in news). */
static const char *const era_words[] = {"BC", "BCE", "AD", "CE", NULL};
static int is_era(const char *text, const nm_tok_t *t) {
    const char *const *w;
    for (w = era_words; *w; w++)
        if (strlen(*w) == TOKLEN(t) && memcmp(text + t->start, *w, TOKLEN(t)) == 0) return 1;
    return 0;
}

/* Try a DATE/TIME/MONEY/PERCENT expression at token i; returns its length. */
static size_t match_expr(const ctx_t *c, size_t i, int *label) {
    const nm_tok_t *t = &c->tok[i];
    uint32_t lx = t->lex;
    size_t j;

    /* a year before an era: "3000 BC", "508 BCE" (DATE) */
    if (i + 1 < c->e && tok_int(c, i) > 0 && is_era(c->text, &c->tok[i + 1])) {
        *label = NM_DATE;
        return 2;
    }

    /* MONEY: $ 4.2 billion | 4.2 billion dollars | US$ 5 */
    if ((lx & NM_LX_CURRENCY) && (t->flags & NM_TF_PUNCT || TOKLEN(t) <= 3) && is_num(c, i + 1) &&
        !(c->tok[i + 1].lex & NM_LX_NUMWORD && !(c->tok[i + 1].flags & NM_TF_NUMBER))) {
        j = i + 2;
        while (j < c->e && tok_in(c, j, scale_words)) j++;
        *label = NM_MONEY;
        return j - i;
    }
    if (is_num(c, i)) {
        j = i + 1;
        while (j < c->e && tok_in(c, j, scale_words)) j++;
        if (j < c->e && (c->tok[j].lex & NM_LX_CURRENCY) && !(c->tok[j].flags & NM_TF_PUNCT) &&
            (t->flags & NM_TF_NUMBER || j > i + 1 || !(c->tok[j].flags & NM_TF_UPPER))) {
            *label = NM_MONEY;
            return j + 1 - i;
        }
        if (j < c->e && tok_in(c, j, percent_words)) {
            *label = NM_PERCENT;
            return j + 1 - i;
        }
        if (j + 1 < c->e && tok_is(c, j, "per") && tok_is(c, j + 1, "cent")) {
            *label = NM_PERCENT;
            return j + 2 - i;
        }
        if (j + 1 < c->e && tok_is(c, j, "percentage") &&
            (tok_is(c, j + 1, "points") || tok_is(c, j + 1, "point"))) {
            *label = NM_PERCENT;
            return j + 2 - i;
        }
        /* two weeks ago */
        if (j + 1 < c->e && j == i + 1 && tok_in(c, j, unit_words) && tok_is(c, j + 1, "ago")) {
            *label = NM_DATE;
            return j + 2 - i;
        }
        /* durations: "two weeks", "10 years" (DATE), "24 hours" (TIME) */
        if (j == i + 1 && is_count(c, i) && unit_label(c, j)) {
            *label = unit_label(c, j);
            return 2;
        }
        /* TIME: 3 p.m., 10:30 am */
        if ((t->flags & NM_TF_NUMBER) && i + 1 < c->e && tok_in(c, i + 1, time_suffix)) {
            long v = tok_int(c, i);
            const char *colon = memchr(c->text + t->start, ':', TOKLEN(t));
            if ((v >= 1 && v <= 12) || colon) {
                *label = NM_TIME;
                return 2;
            }
        }
        /* a bare clock time after a preposition: "at 9:30", "until 17:45" */
        if (is_clock(c, i) && i > c->b && tok_in(c, i - 1, clock_preps)) {
            *label = NM_TIME;
            return 1;
        }
    }
    if (lx & NM_LX_MONTH && (t->flags & NM_TF_UPPER)) {
        /* "May" and "March" need a day or year to count as dates */
        int weak = tok_is(c, i, "may") || tok_is(c, i, "march");
        j = i + 1;
        if (is_day(c, j)) {
            j++;
            if (j + 1 < c->e && tok_is(c, j, ",") && is_year(c, j + 1)) j += 2;
            else if (is_year(c, j)) j++;
        } else if (is_year(c, j)) {
            j++;
        } else if (weak && !(i > c->b && tok_in(c, i - 1, month_preps) &&
                             !(t->flags & NM_TF_POSS) && !(j < c->e && (c->tok[j].flags & NM_TF_POSS)) &&
                             !(j < c->e && is_cap(&c->tok[j])))) {
            /* "in May", "since March" are dates; "May" alone, "May's" are not */
            return 0;
        }
        *label = NM_DATE;
        return j - i;
    }
    if (is_day(c, i) && i + 1 < c->e && (c->tok[i + 1].lex & NM_LX_MONTH) &&
        (c->tok[i + 1].flags & NM_TF_UPPER)) {
        j = i + 2;
        if (is_year(c, j)) j++;
        *label = NM_DATE;
        return j - i;
    }
    if ((lx & NM_LX_WEEKDAY) && (t->flags & NM_TF_UPPER)) {
        /* a day part attached to the date stays in it: "Sunday night" */
        *label = NM_DATE;
        return i + 1 < c->e && tok_in(c, i + 1, day_parts) ? 2 : 1;
    }
    /* "less than an hour", "an hour" (TIME); "overnight" */
    {
        size_t k = i;
        if ((tok_is(c, k, "less") || tok_is(c, k, "more")) && k + 1 < c->e && tok_is(c, k + 1, "than")) k += 2;
        if (k + 1 < c->e && (tok_is(c, k, "a") || tok_is(c, k, "an")) &&
            (tok_is(c, k + 1, "hour") || tok_is(c, k + 1, "minute"))) {
            *label = NM_TIME;
            return k + 2 - i;
        }
    }
    if (tok_is(c, i, "overnight")) {
        *label = NM_TIME;
        return 1;
    }
    /* "tens of millions of dollars" */
    if (tok_in(c, i, plural_scales) && i + 2 < c->e && tok_is(c, i + 1, "of")) {
        j = i + 2;
        while (j + 1 < c->e && tok_in(c, j, plural_scales) && tok_is(c, j + 1, "of")) j += 2;
        if (j < c->e && (c->tok[j].lex & NM_LX_CURRENCY) && !(c->tok[j].flags & NM_TF_PUNCT) &&
            !(c->tok[j].flags & NM_TF_UPPER)) {
            *label = NM_MONEY;
            return j + 1 - i;
        }
    }
    /* "a year ago" */
    if ((tok_is(c, i, "a") || tok_is(c, i, "an")) && i + 2 < c->e && unit_label(c, i + 1) == NM_DATE &&
        tok_is(c, i + 2, "ago")) {
        *label = NM_DATE;
        return 3;
    }
    if (tok_is(c, i, "the") && i + 2 < c->e) {
        /* "the third quarter" */
        if (tok_in(c, i + 1, ordinal_words) && tok_is(c, i + 2, "quarter")) {
            *label = NM_DATE;
            return 3;
        }
        /* "the past decade", "the coming year" (LABELS.md keeps "the" in) */
        if (tok_in(c, i + 1, relative_words) && !tok_is(c, i + 1, "this") && tok_in(c, i + 2, period_words)) {
            *label = NM_DATE;
            return 3;
        }
        /* "the next day", "the following morning", "the previous week" */
        if ((tok_is(c, i + 1, "next") || tok_is(c, i + 1, "following") ||
             tok_is(c, i + 1, "previous")) &&
            (tok_is(c, i + 2, "day") || tok_in(c, i + 2, period_words))) {
            *label = NM_DATE;
            return 3;
        }
        /* "the past three decades", "the next two years" */
        if (i + 3 < c->e && tok_in(c, i + 1, relative_words) && !tok_is(c, i + 1, "this") &&
            is_count(c, i + 2) && unit_label(c, i + 3) == NM_DATE) {
            *label = NM_DATE;
            return 4;
        }
    }
    /* "every two years" */
    if (tok_is(c, i, "every") && i + 2 < c->e && is_count(c, i + 1) && unit_label(c, i + 2) == NM_DATE) {
        *label = NM_DATE;
        return 3;
    }
    /* the words below are 4 to 9 letters long: "this" .. "yesterday" */
    if (TOKLEN(t) < 4 || TOKLEN(t) > 9 || !(t->flags & NM_TF_ALPHA)) {
        if ((t->flags & NM_TF_NUMBER) && (is_year(c, i) || is_decade(c, i)) && i > c->b &&
            (tok_in(c, i - 1, year_preps) || tok_is(c, i - 1, "the"))) {
            *label = NM_DATE;
            return 1;
        }
        return 0;
    }
    if (tok_in(c, i, day_words)) {
        *label = NM_DATE;
        return 1;
    }
    if (tok_in(c, i, relative_words) && i + 1 < c->e) {
        const nm_tok_t *n1 = &c->tok[i + 1];
        if (tok_in(c, i + 1, period_words) ||
            ((n1->lex & (NM_LX_WEEKDAY | NM_LX_MONTH)) && (n1->flags & NM_TF_UPPER))) {
            /* "this week", but "this year's" keeps only the phrase */
            *label = NM_DATE;
            return 2;
        }
    }
    if ((tok_is(c, i, "earlier") || tok_is(c, i, "later")) && i + 2 < c->e &&
        tok_is(c, i + 1, "this") && tok_in(c, i + 2, period_words)) {
        *label = NM_DATE;
        return 3;
    }
    if ((t->flags & NM_TF_NUMBER) && (is_year(c, i) || is_decade(c, i)) && i > c->b &&
        (tok_in(c, i - 1, year_preps) || tok_is(c, i - 1, "the"))) {
        *label = NM_DATE;
        return 1;
    }
    if (tok_is(c, i, "noon") || tok_is(c, i, "midnight")) {
        *label = NM_TIME;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ names */

static const char *const connectors[] = {"of", "de", "du", "van", "von", "der", "den", "al",
                                         "bin", "la", "le", "da", "dos", "del", "di", "for",
                                         "&", "on", NULL};

static size_t lex_match(const ctx_t *c, size_t i, uint32_t *cls, int *label) {
    *cls = 0;
    *label = 0;
    return nm_lexicon_match(c->m->lex, c->text, c->tok, i, c->e, cls, label);
}

static uint32_t span_classes(const ctx_t *c, size_t i, size_t j, int *label) {
    char key[256];
    size_t n = nm_lexicon_key(c->text, c->tok, i, j, key, sizeof key);
    *label = 0;
    if (!n) return 0;
    return nm_lexicon_get(c->m->lex, key, n, label);
}

#define NAME_CLASSES                                                                              \
    (NM_LX_COUNTRY | NM_LX_DEMONYM | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_FIRST_F | NM_LX_FIRST_M | \
     NM_LX_PERSON | NM_LX_ORG | NM_LX_RELIGION | NM_LX_USER)

/* Sentence-initial capitalized word that is only capitalized because it
 * starts the sentence. */
static int weak_initial(const ctx_t *c, size_t i) {
    const nm_tok_t *t = &c->tok[i];
    const nm_tok_t *p = i > c->b ? &c->tok[i - 1] : NULL;
    /* start of a sentence, a line, a quotation, or a clause after a colon or dash */
    int at_start = i == c->b || (t->flags & (NM_TF_SENT_START | NM_TF_LINE_START)) ||
                   (p && (p->flags & NM_TF_QUOTE) && p->quote != NM_Q_CLOSE) ||
                   (p && (p->flags & NM_TF_DASH)) ||
                   (p && p->end - p->start == 1 && c->text[p->start] == ':');
    if (!at_start) return 0;
    if (t->lex & (NM_LX_FUNC | NM_LX_PRONOUN)) return 1;
    if ((t->lex & NM_LX_COMMON) && !(t->lex & NAME_CLASSES)) return 1;
    return 0;
}

static int classify(const ctx_t *c, size_t s, size_t j, int titled) {
    int hint = 0;
    uint32_t whole = span_classes(c, s, j, &hint), any = 0;
    size_t k, n = j - s;
    const nm_tok_t *first = &c->tok[s], *last = &c->tok[j - 1];

    if (hint > 0 && hint < NM_LABEL_COUNT) return hint;
    if (whole & NM_LX_PERSON) return NM_PERSON;
    if (whole & NM_LX_ORG) return NM_ORG;
    if (whole & (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_CITY)) return NM_GPE;
    if (whole & (NM_LX_DEMONYM | NM_LX_RELIGION)) return NM_NORP;
    for (k = s; k < j; k++) any |= c->tok[k].lex;
    if (last->lex & NM_LX_ORGSUF) return NM_ORG;
    if (n > 1 && (any & NM_LX_ORGWORD)) return NM_ORG;
    if (n > 1 && (any & NM_LX_LOCWORD)) return NM_LOC;
    if (n > 1 && (any & NM_LX_EVENTWORD)) return NM_EVENT;
    if (titled) return NM_PERSON;
    if (n >= 2 && n <= 4 && (first->lex & (NM_LX_FIRST_F | NM_LX_FIRST_M))) return NM_PERSON;
    if (n >= 2 && n <= 3 && (last->lex & NM_LX_SURNAME) && !(any & NM_LX_COMMON)) return NM_PERSON;
    if (n == 2 && (first->flags & NM_TF_INITIAL)) return NM_PERSON;
    if (n == 1) {
        if (first->flags & NM_TF_ALLCAPS) return NM_ORG;
        /* "..., Ruiz said" */
        if (j < c->e && (c->tok[j].lex & NM_LX_CUE)) return NM_PERSON;
        if (first->lex & (NM_LX_SURNAME | NM_LX_FIRST_F | NM_LX_FIRST_M)) return NM_PERSON;
        if (first->lex & NM_LX_ORGWORD) return NM_ORG;
        return NM_MISC;
    }
    if (any & NM_LX_SURNAME) return NM_PERSON;
    return NM_ORG;
}

static int headline(const ctx_t *c) {
    size_t k, alpha = 0, caps = 0;
    for (k = c->b; k < c->e; k++) {
        if (c->tok[k].flags & NM_TF_ALPHA) {
            alpha++;
            if (c->tok[k].flags & NM_TF_ALLCAPS) caps++;
        }
    }
    return alpha >= 3 && caps * 10 >= alpha * 8;
}

static int find_sentence(ctx_t *c) {
    size_t i = c->b;
    int titled = 0, rc, label;
    int skip_names = headline(c);

    while (i < c->e) {
        const nm_tok_t *t = &c->tok[i];
        size_t n, j, s;
        uint32_t cls;
        int hint;

        if (t->lex & NM_LX_NEVER) {
            titled = 0;
            i++;
            continue;
        }
        n = match_expr(c, i, &label);
        if (n) {
            rc = emit(c, i, i + n, label);
            if (rc) return rc;
            i += n;
            titled = 0;
            continue;
        }
        if (!is_cap(t) || skip_names) {
            /* lower-case role nouns also work as titles: "party leader Ana Ruiz" */
            titled = (t->lex & (NM_LX_TITLE | NM_LX_ROLE)) && i + 1 < c->e && is_cap(&c->tok[i + 1]);
            i++;
            continue;
        }
        n = lex_match(c, i, &cls, &hint);
        /* a title before a capitalized word: "Prime Minister Ana Ruiz", "Mr. Ruiz" */
        if (n && (cls & NM_LX_TITLE) && !(cls & (NM_LX_PERSON | NM_LX_ORG)) && i + n < c->e &&
            is_cap(&c->tok[i + n])) {
            titled = 1;
            i += n;
            continue;
        }
        /* nationality or country before a title: "French President", "U.S. Secretary" */
        if (n && (cls & (NM_LX_DEMONYM | NM_LX_COUNTRY)) && i + n < c->e) {
            uint32_t c2;
            int h2;
            size_t n2 = lex_match(c, i + n, &c2, &h2);
            if (n2 && (c2 & NM_LX_TITLE)) {
                rc = emit(c, i, i + n, (cls & NM_LX_COUNTRY) ? NM_GPE : NM_NORP);
                if (rc) return rc;
                i += n;
                continue;
            }
        }
        if (weak_initial(c, i) && !titled) {
            i++;
            continue;
        }
        /* the capitalized run */
        s = i;
        j = i + 1;
        while (j < c->e) {
            const nm_tok_t *u = &c->tok[j];
            if (is_cap(u) && !(u->lex & (NM_LX_MONTH | NM_LX_WEEKDAY | NM_LX_NEVER))) {
                uint32_t c2;
                int h2;
                size_t n2 = lex_match(c, j, &c2, &h2);
                if (n2 && (c2 & NM_LX_TITLE) && !(c2 & NM_LX_PERSON) && j + n2 < c->e &&
                    is_cap(&c->tok[j + n2]))
                    break; /* "Lisbon Mayor Carlos Moedas" */
                if (c->tok[j - 1].flags & NM_TF_SENT_END) break;
                j++;
                continue;
            }
            if (j + 1 < c->e && is_cap(&c->tok[j + 1]) && !(c->tok[j].flags & NM_TF_PUNCT && !tok_is(c, j, "&")) &&
                tok_in(c, j, connectors) && !(c->tok[j + 1].lex & NM_LX_FUNC)) {
                /* "Bank of England", "University of Lisbon"; not "Ruiz of Lisbon" */
                uint32_t left = c->tok[j - 1].lex;
                if (tok_is(c, j, "of") || tok_is(c, j, "for") || tok_is(c, j, "on") ||
                    tok_is(c, j, "&")) {
                    if (!(left & (NM_LX_ORGWORD | NM_LX_LOCWORD | NM_LX_EVENTWORD | NM_LX_ORGSUF)) &&
                        !tok_is(c, j, "&"))
                        break;
                }
                j += 2;
                continue;
            }
            break;
        }
        rc = emit(c, s, j, classify(c, s, j, titled));
        if (rc) return rc;
        titled = 0;
        i = j;
    }
    return NM_OK;
}

/* ---------------------------------------------------------------- tagger */

/* Project label of a tagged span: places the lexicon knows as countries,
 * subdivisions or cities are GPE; known nationalities and groups NORP. */
static const char *const event_heads[] = {"war", "revolution", "uprising", "rebellion", "massacre",
                                          "invasion", "olympics", "summit", "hurricane", "typhoon",
                                          "earthquake", NULL};

static const char *const party_words[] = {"gop", "tory", "tories", "labour", "republican",
                                          "democratic", "democrat", NULL};
static const char *const member_words[] = {"lawmakers", "lawmaker", "senators", "senator", "voters",
                                           "leaders", "members", "candidates", "candidate",
                                           "legislators", "governors", "governor", "mps", NULL};

/* Trade pacts and treaties known by their acronym are MISC (LABELS.md: laws,
 * treaties, agreements), not organizations. */
static const char *const pact_acronyms[] = {"nafta", "usmca", "cusma", "tpp", "cptpp", "gatt",
                                            "ttip", "ceta", "rcep", "jcpoa", "aukus", "salt",
                                            "npt", "ctbt", NULL};

static int pact_acronym(const ctx_t *c, size_t i) {
    return (c->tok[i].flags & NM_TF_ALLCAPS) && tok_in(c, i, pact_acronyms) && !headline(c);
}

/* Party members and adjectives written alone: "Republicans", "a Democrat". */
static const char *const party_members[] = {"republican", "republicans", "democrat", "democrats",
                                            "tory", "tories", NULL};

/* A party word alone (not "Republican Party", "Democratic National
 * Committee", "Tory's") is NORP (LABELS.md). */
static int party_member(const ctx_t *c, size_t i, int tagged) {
    if (!(c->tok[i].flags & NM_TF_UPPER)) return 0;
    if (!tok_in(c, i, party_members) && !(tagged && tok_is(c, i, "democratic"))) return 0;
    return !(i + 1 < c->e && (is_cap(&c->tok[i + 1]) || (c->tok[i + 1].flags & NM_TF_POSS)));
}

static int refine(const ctx_t *c, size_t i, size_t j, int label) {
    int hint = 0;
    uint32_t whole = span_classes(c, i, j, &hint);
    if ((label == NM_ORG || label == NM_MISC || label == NM_PERSON) && j - i == 1 && party_member(c, i, 1))
        return NM_NORP;
    if (j - i == 1 && pact_acronym(c, i)) return NM_MISC;
    /* a party named before its members is NORP: "GOP lawmakers", "Tory voters" */
    if ((label == NM_ORG || label == NM_MISC) && j - i == 1 && tok_in(c, i, party_words) && j < c->e &&
        tok_in(c, j, member_words))
        return NM_NORP;
    if (hint > 0 && hint < NM_LABEL_COUNT) return hint;
    if (label == NM_LOC || label == NM_GPE) {
        if (whole & (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_CITY)) return NM_GPE;
        if (j - i == 2 && (c->tok[j - 1].flags & NM_TF_POSS) &&
            (c->tok[i].lex & (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_CITY)))
            return NM_GPE;
        return NM_LOC;
    }
    if (label == NM_MISC && (whole & (NM_LX_DEMONYM | NM_LX_RELIGION))) return NM_NORP;
    /* named wars, revolts and storms are EVENT (LABELS.md), which CoNLL-2003
     * calls MISC; laws, treaties and prizes stay MISC */
    if (label == NM_MISC && j - i >= 2 && tok_in(c, j - 1, event_heads)) return NM_EVENT;
    return label;
}

static const char *const law_heads[] = {"agreement", "accord", "accords", "treaty", "amendment",
                                        "act", "protocol", "pact", NULL};

/* A capitalized head word of a law or treaty ("Agreement", "Act"). */
static int is_law_head(const ctx_t *c, size_t i) {
    return i < c->e && (c->tok[i].flags & NM_TF_UPPER) && tok_in(c, i, law_heads);
}

static int tagged_sentence(ctx_t *c, const uint8_t *tags) {
    const nm_tagger_t *tg = (const nm_tagger_t *)c->m->tagger;
    size_t i = c->b;
    int rc;
    while (i < c->e) {
        int begin, label = nm_tagger_tag_label(tg, tags[i], &begin), xl;
        size_t j, n, k;
        if (label) {
            int never = (c->tok[i].lex & NM_LX_NEVER) != 0;
            j = i + 1;
            while (j < c->e && tags[j] && nm_tagger_tag_label(tg, tags[j], &begin) == label && !begin) {
                never |= (c->tok[j].lex & NM_LX_NEVER) != 0;
                j++;
            }
            /* a URL, e-mail address, handle or file name is never (part of) a name */
            for (k = i; k < j && !never; k++) never = (c->tok[k].flags & NM_TF_URL) != 0;
            /* "Housing Authority" + "of" + "New Orleans": an organization
             * whose name ends in its head word, then "of" and a name, is
             * one organization ("Bank of Portugal", "University of Porto") */
            if (label == NM_ORG && (c->tok[j - 1].lex & NM_LX_ORGWORD) && j + 1 < c->e &&
                tok_is(c, j, "of") && tags[j + 1] &&
                nm_tagger_tag_label(tg, tags[j + 1], &begin) != NM_NONE && begin) {
                int next = nm_tagger_tag_label(tg, tags[j + 1], &begin);
                if (next == NM_LOC || next == NM_GPE || next == NM_ORG) {
                    j += 2;
                    while (j < c->e && tags[j] && nm_tagger_tag_label(tg, tags[j], &begin) == next &&
                           !begin)
                        j++;
                }
            }
            /* the same name twice around a comma is two mentions: "Ruiz, Ruiz" */
            for (k = i + 1; k + 1 < j && !never; k++) {
                size_t a = c->tok[i].start, b = c->tok[k - 1].end;
                size_t a2 = c->tok[k + 1].start, b2 = c->tok[j - 1].end;
                if (tok_is(c, k, ",") && b - a == b2 - a2 && memcmp(c->text + a, c->text + a2, b - a) == 0)
                    break;
            }
            if (!never && k + 1 < j) {
                rc = emit(c, i, k, refine(c, i, k, label));
                if (!rc) rc = emit(c, k + 1, j, refine(c, k + 1, j, label));
                if (rc) return rc;
                i = j;
                continue;
            }
            /* a name before a law's head word is the law: "Paris Agreement" (MISC) */
            if (!never && j < c->e && !tags[j] && is_law_head(c, j)) {
                rc = emit(c, i, j + 1, NM_MISC);
                if (rc) return rc;
                i = j + 1;
                continue;
            }
            /* a trailing possessive is not part of the name */
            if (j - i > 1 && (c->tok[j - 1].flags & NM_TF_POSS) &&
                c->tok[j - 1].start == c->tok[j - 2].end)
                j--;
            /* titles stay outside a person's name: "Mr Okonkwo" -> "Okonkwo" */
            if (label == NM_PERSON)
                while (j - i > 1 && (c->tok[i].lex & NM_LX_TITLE) && (c->tok[i].flags & NM_TF_UPPER) &&
                       !(c->tok[i].lex & (NM_LX_FIRST_F | NM_LX_FIRST_M)))
                    i++;
            if (!never) {
                rc = emit(c, i, j, refine(c, i, j, label));
                if (rc) return rc;
            }
            i = j;
            while (i < c->e && tags[i] && !(tags[i] & 1)) i++; /* the dropped possessive */
            continue;
        }
        /* capitalized words the tagger left, ending in a law's head word:
         * "First Amendment", "Clean Air Act" (MISC) */
        if ((c->tok[i].flags & NM_TF_UPPER) && !(c->tok[i].lex & NM_LX_FUNC) && !is_law_head(c, i)) {
            k = i;
            while (k < c->e && k < i + 4 && !tags[k] && (c->tok[k].flags & NM_TF_UPPER) && !is_law_head(c, k))
                k++;
            if (k < c->e && !tags[k] && is_law_head(c, k)) {
                rc = emit(c, i, k + 1, NM_MISC);
                if (rc) return rc;
                i = k + 1;
                continue;
            }
        }
        /* a known acronym the tagger left, in a sentence that is not all
         * capitals: "the UN is reluctant" (ORG in the lists, never a place) */
        if ((c->tok[i].flags & NM_TF_ALLCAPS) &&
            !(c->tok[i].lex & (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_DEMONYM | NM_LX_NEVER))) {
            uint32_t cls;
            int hint;
            n = lex_match(c, i, &cls, &hint);
            for (k = i; k < i + n && !tags[k]; k++) {}
            if (n && k == i + n && hint == NM_ORG && !headline(c)) {
                rc = emit(c, i, i + n, NM_ORG);
                if (rc) return rc;
                i += n;
                continue;
            }
        }
        /* a one-word organization of the lists written in title case in the
         * middle of a sentence, the tagger having left it: "the Fed said",
         * "asked Congress" (the capital tells it from the common word) */
        if ((c->tok[i].flags & NM_TF_TITLECASE) &&
            !(c->tok[i].flags & (NM_TF_SENT_START | NM_TF_LINE_START)) && i > c->b &&
            !(c->tok[i - 1].flags & NM_TF_PUNCT) &&
            (!(c->tok[i - 1].flags & NM_TF_UPPER) || (c->tok[i - 1].lex & NM_LX_FUNC)) &&
            !(c->tok[i].lex & (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_DEMONYM | NM_LX_NEVER |
                               NM_LX_FIRST_F | NM_LX_FIRST_M | NM_LX_SURNAME | NM_LX_FUNC |
                               NM_LX_PRONOUN)) &&
            (c->tok[i].lex & NM_LX_ORG) && !headline(c) &&
            (i + 1 >= c->e || !(c->tok[i + 1].flags & NM_TF_UPPER))) {
            uint32_t cls;
            int hint;
            n = lex_match(c, i, &cls, &hint);
            if (n == 1 && hint == NM_ORG) {
                rc = emit(c, i, i + 1, NM_ORG);
                if (rc) return rc;
                i++;
                continue;
            }
        }
        if (pact_acronym(c, i)) {
            rc = emit(c, i, i + 1, NM_MISC);
            if (rc) return rc;
            i++;
            continue;
        }
        if (party_member(c, i, 0)) {
            rc = emit(c, i, i + 1, NM_NORP);
            if (rc) return rc;
            i++;
            continue;
        }
        n = match_expr(c, i, &xl);
        if (n) {
            for (k = i; k < i + n && k < c->e; k++)
                if (tags[k]) break;
            if (k > i) {
                rc = emit(c, i, k, xl);
                if (rc) return rc;
            }
            i = k;
            continue;
        }
        i++;
    }
    return NM_OK;
}

/* Document-level consistency over the tags of the whole document, using the
 * tagger's confidence in each name (nm_tagger_confidence; bytes, one step =
 * 2 typical weights of the model):
 * - a one-token name whose existence margin (best path against the best path
 *   that leaves it untagged) is under CONF_DROP is dropped: where the tagger
 *   nearly said O, it is wrong more often than right (measured on dev, see
 *   data/MODEL.md); a repeat of a confident mention can bring it back below;
 * - a name written the same way gets the label most of its mentions got;
 * - an untagged capitalized occurrence of a tagged name (or of the surname of
 *   a tagged person: "Brisk later met ..." after "Elena Brisk") is tagged,
 *   only when one mention with that label has a label margin (best path
 *   against the best path giving it another label) of at least CONF_SPREAD,
 *   so one unsure guess is not spread over the document.
 * Tags: 0 = O, 1 + 2l = B-l, 2 + 2l = I-l (l = the model's label index). */
#define CONF_DROP 9    /* 18 typical weights */
#define CONF_SPREAD 45 /* 90 typical weights */
typedef struct {
    uint64_t key; /* 0 = empty */
    uint16_t count[NM_TAGGER_MAXLABELS];
    uint8_t top[NM_TAGGER_MAXLABELS]; /* the largest label margin per label */
} name_slot_t;

/* never 0: 0 marks an empty slot */
static uint64_t text_key(const char *s, size_t n) { return nm_lex_fnv64(s, n) | 1; }

static name_slot_t *name_slot(name_slot_t *t, size_t mask, uint64_t key, int insert) {
    size_t i = (size_t)(key >> 17) & mask;
    while (t[i].key) {
        if (t[i].key == key) return &t[i];
        i = (i + 1) & mask;
    }
    if (!insert) return NULL;
    t[i].key = key;
    return &t[i];
}

static int span_end(const uint8_t *tags, size_t i, size_t end) {
    size_t j = i + 1;
    while (j < end && tags[j] && !(tags[j] & 1) && (tags[j] - 1) / 2 == (tags[i] - 1) / 2) j++;
    return (int)(j - i);
}

static void vote(name_slot_t *sl, int l, uint8_t conf) {
    if (sl->count[l] < 60000) sl->count[l]++;
    if (conf > sl->top[l]) sl->top[l] = conf;
}

/* A title-case line (`Ruiz Warns Port Workers`): nearly every word
 * capitalized, not all in capitals. Capitals tell nothing of names there. */
static int title_line(const nm_tok_t *tok, size_t b, size_t e) {
    size_t k, alpha = 0, upper = 0, caps = 0;
    for (k = b; k < e; k++) {
        if ((tok[k].flags & (NM_TF_ALPHA | NM_TF_URL)) != NM_TF_ALPHA) continue;
        alpha++;
        if (tok[k].flags & NM_TF_UPPER) upper++;
        if (tok[k].flags & NM_TF_ALLCAPS) caps++;
    }
    return alpha >= 3 && upper * 10 >= alpha * 9 && caps * 10 < alpha * 8;
}

/* The label of the name whose slot is sl if it holds only that label, with
 * two votes or a confident mention (-1: none). */
static int sure_label(const name_slot_t *sl) {
    int q, bl = -1;
    if (!sl) return -1;
    for (q = 0; q < NM_TAGGER_MAXLABELS; q++) {
        if (!sl->count[q]) continue;
        if (bl >= 0) return -1;
        bl = q;
    }
    return bl >= 0 && (sl->count[bl] >= 2 || sl->top[bl] >= CONF_SPREAD) ? bl : -1;
}

/* Does a word end as a verb of a headline does: `Warns`, `Insulted`
 * (not `Business`)? */
static int verb_shape(const char *text, const nm_tok_t *t) {
    const char *e = text + t->end;
    size_t n = TOKLEN(t);
    if (n >= 4 && e[-1] == 's' && e[-2] != 's' && e[-2] != 'u' && e[-2] != 'i') return 1;
    return n >= 5 && e[-1] == 'd' && e[-2] == 'e';
}

/* In a title-case line, the span of len tokens at i (slot whole) is a name
 * the document knows, then a common word shaped as a verb (`Trump Addresses
 * Munich`): the known name's length (its label in *label), or 0. Only when
 * the whole span is named nowhere else in the document. */
static size_t title_cut(const ctx_t *c, name_slot_t *t, size_t cap, const nm_tok_t *tok, size_t i,
                        size_t len, const name_slot_t *whole, int *label) {
    size_t p, total = 0;
    int q;
    if (whole)
        for (q = 0; q < NM_TAGGER_MAXLABELS; q++) total += whole->count[q];
    if (total > 1) return 0;
    for (p = i + 1; p < i + len; p++) {
        const name_slot_t *sl;
        int l;
        if (!(tok[p].lex & NM_LX_COMMON) || (tok[p].lex & (NM_LX_ORGWORD | NM_LX_LOCWORD)) ||
            (tok[p].flags & NM_TF_ALLCAPS) || !verb_shape(c->text, &tok[p]))
            continue;
        sl = name_slot(t, cap - 1,
                       text_key(c->text + tok[i].start, tok[p - 1].end - tok[i].start), 0);
        l = sure_label(sl);
        if (l >= 0) {
            *label = l;
            return p - i;
        }
    }
    return 0;
}

static int doc_consistency(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, const uint8_t *lab,
                           const uint8_t *ex, int person) {
    const char *text = c->text;
    const nm_tok_t *tok = tk->tok;
    size_t n = tk->ntok, i, nspans = 0, cap = 16, si;
    name_slot_t *t;
    for (i = 0; i < n; i++)
        if ((tags[i] & 1) && !(i + 1 < n && tags[i + 1] == tags[i] + 1) && ex[i] < CONF_DROP) tags[i] = 0;
    for (i = 0; i < n; i++)
        if (tags[i] & 1) nspans++;
    if (!nspans) return NM_OK;
    while (cap < nspans * 4) cap *= 2;
    t = calloc(cap, sizeof *t);
    if (!t) return NM_ENOMEM;
    for (i = 0; i < n; i++) {
        size_t len;
        int l;
        name_slot_t *sl;
        if (!(tags[i] & 1)) continue;
        len = (size_t)span_end(tags, i, n);
        l = (tags[i] - 1) / 2;
        sl = name_slot(t, cap - 1, text_key(text + tok[i].start, tok[i + len - 1].end - tok[i].start), 1);
        vote(sl, l, lab[i]);
        /* the surname of a person: last token, title case. It counts twice:
         * a full name says more about who the surname is than a lone
         * mention tagged otherwise ("Mendes met reporters ... Carla Mendes") */
        if (l == person && len >= 2 && (tok[i + len - 1].flags & NM_TF_TITLECASE)) {
            const nm_tok_t *last = &tok[i + len - 1];
            sl = name_slot(t, cap - 1, text_key(text + last->start, last->end - last->start), 1);
            vote(sl, l, lab[i]);
            vote(sl, l, lab[i]);
        }
    }
    for (si = 0; si < tk->nsent; si++) {
        size_t b = tk->sent[si].begin, e = tk->sent[si].end;
        int tl = title_line(tok, b, e);
        i = b;
        while (i < e) {
            if (tags[i] & 1) {
                /* relabel to the majority label of the same text */
                size_t len = (size_t)span_end(tags, i, e), k;
                int l = (tags[i] - 1) / 2, best = l, q;
                name_slot_t *sl = name_slot(t, cap - 1, text_key(text + tok[i].start, tok[i + len - 1].end - tok[i].start), 0);
                size_t cut = tl && len >= 2 ? title_cut(c, t, cap, tok, i, len, sl, &best) : 0;
                if (cut) {
                    /* `Trump Addresses Munich Attack`: the name the document
                     * knows, then untagged words (a name among them is
                     * found again below) */
                    for (k = 0; k < len; k++)
                        tags[i + k] = k < cut ? (uint8_t)((k ? 2 : 1) + 2 * best) : 0;
                    i += cut;
                    continue;
                }
                if (sl) {
                    for (q = 0; q < NM_TAGGER_MAXLABELS; q++)
                        if (sl->count[q] > sl->count[best]) best = q;
                }
                if (best != l)
                    for (k = 0; k < len; k++) tags[i + k] = (uint8_t)((k ? 2 : 1) + 2 * best);
                i += len;
                continue;
            }
            if (!tags[i] && (tok[i].flags & (NM_TF_UPPER | NM_TF_ALPHA)) == (NM_TF_UPPER | NM_TF_ALPHA) &&
                !(tok[i].lex & (NM_LX_FUNC | NM_LX_PRONOUN | NM_LX_MONTH | NM_LX_WEEKDAY | NM_LX_NEVER | NM_LX_TITLE))) {
                /* an untagged capitalized run that is a confidently tagged name */
                size_t j, bestlen = 0;
                int bestl = -1;
                for (j = i + 1; j <= e && j <= i + 4; j++) {
                    name_slot_t *sl;
                    int q, bl = -1;
                    if (tags[j - 1]) break;
                    sl = name_slot(t, cap - 1, text_key(text + tok[i].start, tok[j - 1].end - tok[i].start), 0);
                    if (!sl) continue;
                    for (q = 0; q < NM_TAGGER_MAXLABELS; q++)
                        if (sl->count[q] && (bl < 0 || sl->count[q] > sl->count[bl])) bl = q;
                    if (bl >= 0 && sl->top[bl] >= CONF_SPREAD) {
                        bestlen = j - i;
                        bestl = bl;
                    }
                }
                /* the run must end where the capitalized words end */
                if (bestlen &&
                    (tl || (!(i + bestlen < e && (tok[i + bestlen].flags & NM_TF_UPPER) &&
                              !tags[i + bestlen]) &&
                            !(i > b && (tok[i - 1].flags & NM_TF_UPPER) && !tags[i - 1] &&
                              !(tok[i].flags & NM_TF_SENT_START))))) {
                    size_t k;
                    for (k = 0; k < bestlen; k++) tags[i + k] = (uint8_t)((k ? 2 : 1) + 2 * bestl);
                    i += bestlen;
                    continue;
                }
            }
            i++;
        }
    }
    free(t);
    return NM_OK;
}

/* Expanded acronyms: "International Airlines Group ... IAG". An all-capitals
 * word (2-8 letters) spelling the initials of an organization tagged earlier
 * in the document with two or more capitalized words (of/the/and/for/& left
 * out) is that organization: tagged ORG when the tagger left it untagged
 * (a label the tagger gave it stays: "BSE" the disease). Only after the long
 * form, so a place or unit written in capitals elsewhere is not taken for
 * it; never a function word ("IN" in a headline). */
#define ACRO_MAX 64
static size_t span_acronym(const ctx_t *c, size_t i, size_t len, char *out) {
    size_t k, o = 0;
    for (k = i; k < i + len; k++) {
        const nm_tok_t *t = &c->tok[k];
        if (tok_is(c, k, "of") || tok_is(c, k, "the") || tok_is(c, k, "and") || tok_is(c, k, "for") ||
            tok_is(c, k, "&"))
            continue;
        if (!(t->flags & NM_TF_UPPER) || !(t->flags & NM_TF_ALPHA) || o == 8) return 0;
        out[o++] = c->text[t->start];
    }
    return o >= 2 ? o : 0;
}

static void doc_acronyms(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int org) {
    char acro[ACRO_MAX][8];
    size_t alen[ACRO_MAX], na = 0, n = tk->ntok, i, a;
    uint32_t ls[ACRO_MAX], le[ACRO_MAX]; /* the long forms' bytes (gazetteer pairs) */
    int one, short_form;
    const nm_tok_t *tok = tk->tok;
    const nm_lexicon_t *lx = c->m ? c->m->lex : NULL;
    if (org < 0) return;
    for (i = 0; i < n; i++) {
        const nm_tok_t *t = &tok[i];
        size_t len = t->end - t->start;
        if (tags[i] & 1) {
            size_t sl = (size_t)span_end(tags, i, n);
            if ((tags[i] - 1) / 2 == org && sl >= 2 && na < ACRO_MAX) {
                size_t al = span_acronym(c, i, sl, acro[na]);
                ls[na] = tok[i].start;
                le[na] = tok[i + sl - 1].end;
                alen[na++] = al;
            }
            if (sl > 1) {
                i += sl - 1;
                continue;
            }
        }
        /* untagged, or (for the gazetteer's evidence) a one-word name of
         * another label: "Dstl" tagged PERSON after "Defence Science and
         * Technology Laboratory" */
        one = tags[i] && (tags[i] - 1) / 2 != org && !(i + 1 < n && tags[i + 1] == tags[i] + 1);
        if ((tags[i] && !one) || !(t->flags & NM_TF_UPPER) || !(t->flags & NM_TF_ALPHA) ||
            (t->flags & (NM_TF_DIGIT | NM_TF_URL | NM_TF_ABBREV)) ||
            (t->lex & (NM_LX_FUNC | NM_LX_PRONOUN)) || len < 2)
            continue;
        short_form = lx && len <= 16 && na && nm_lexicon_is_short(lx, c->text + t->start, len);
        if (one && !short_form) continue;
        for (a = 0; a < na; a++) {
            /* the initials of the long form ("IAG"), or a short form the
             * organization gazetteer lists for it ("Defra") */
            if ((!one && (t->flags & NM_TF_ALLCAPS) && len <= 8 && alen[a] == len &&
                 memcmp(acro[a], c->text + t->start, len) == 0) ||
                (short_form &&
                 nm_lexicon_has_pair(lx, c->text + ls[a], le[a] - ls[a], c->text + t->start, len))) {
                tags[i] = (uint8_t)(1 + 2 * org);
                break;
            }
        }
    }
}

/* An organization the tagger cut in pieces that the organization gazetteer
 * knows whole: "Advisory, Conciliation and Arbitration Service" tagged as
 * "Conciliation and Arbitration Service" (or as two names split at the comma).
 * Only where the tagger said ORG inside the known name and nothing else: the
 * gazetteer never makes a name by itself. */
static void gaz_merge(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int org) {
    const nm_lexicon_t *lx = c->m ? c->m->lex : NULL;
    const nm_tok_t *tok = tk->tok;
    size_t n = tk->ntok, i, j, k, m;
    if (org < 0 || !lx) return;
    for (i = 0; i < n; i++) {
        int has_org = 0, other = 0, whole;
        if (!(tok[i].flags & NM_TF_UPPER) || (tags[i] && tags[i] != 1 + 2 * org)) continue;
        /* cheap test first: an ORG begins here or within the next three tokens */
        for (k = i; k < n && k < i + 4; k++)
            if (tags[k] == 1 + 2 * org) break;
        if (k == n || k == i + 4) continue;
        m = nm_lexicon_match_in(lx, c->text, tok, i, n < i + NM_LEX_MAXTOK ? n : i + NM_LEX_MAXTOK,
                                NM_LX_GAZORG, NULL, NULL);
        if (m < 3 || !(tok[i + m - 1].flags & NM_TF_UPPER)) continue;
        j = i + m;
        for (k = i + 1; k < j; k++)
            if (tok[k].flags & NM_TF_SENT_START) break;
        if (k < j || (j < n && tags[j] == 2 + 2 * org)) continue;
        whole = tags[i] == 1 + 2 * org;
        for (k = i; k < j; k++) {
            if (!tags[k]) continue;
            if ((tags[k] - 1) / 2 != org) other = 1;
            else has_org = 1;
            if (k > i && tags[k] == 1 + 2 * org) whole = 0;
        }
        if (other || !has_org || (whole && tags[j - 1])) continue; /* or already one name */
        tags[i] = (uint8_t)(1 + 2 * org);
        for (k = i + 1; k < j; k++) tags[k] = (uint8_t)(2 + 2 * org);
        i = j - 1;
    }
}

/* The names listed after a plural company noun are companies: "firms
 * including Tollivar, Brisk and Harlow", "companies like Meridane Foods and
 * TKO" (a name the tagger called a person, place or MISC, or a capitalized
 * word it left). Only that mention; the list ends at the first word that is
 * not a name, a comma, "and" or "or". */
static const char *const company_nouns[] = {"companies", "firms", "corporations", "carmakers", "automakers",
                                            "airlines", "banks", "lenders", "insurers", "retailers",
                                            "brands", "conglomerates", NULL};
/* a place or a nationality stays what it is ("firms including London-based
 * Tollivar") */
#define COMPANY_LIST_NOT (NM_LX_COUNTRY | NM_LX_DEMONYM | NM_LX_CITY | NM_LX_SUBDIV)
static void company_lists(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int org) {
    const nm_tok_t *tok = tk->tok;
    size_t n = tk->ntok, i, j, k;
    if (org < 0) return;
    for (i = 0; i + 2 < n; i++) {
        /* the cheap test first: the word after the noun */
        if (!(tok[i + 1].flags & NM_TF_LOWER)) continue;
        if (tok_is(c, i + 1, "including") || tok_is(c, i + 1, "like")) j = i + 2;
        else if (tok_is(c, i + 1, "such") && tok_is(c, i + 2, "as")) j = i + 3;
        else continue;
        if (!(tok[i].flags & NM_TF_LOWER) || !tok_in(c, i, company_nouns)) continue;
        while (j < n && !(tok[j].flags & NM_TF_SENT_START)) {
            size_t e = j;
            /* a modifier such as "London-based" is not part of the name */
            if (!tags[j] && (tok[j].flags & NM_TF_HYPHEN) && j + 1 < n &&
                (c->text[tok[j].end - 1] >= 'a' && c->text[tok[j].end - 1] <= 'z')) {
                j++;
                continue;
            }
            if (tags[j] & 1) {
                e = j + (size_t)span_end(tags, j, n);
                if ((tags[j] - 1) / 2 != org && !(tok[j].lex & COMPANY_LIST_NOT)) {
                    tags[j] = (uint8_t)(1 + 2 * org);
                    for (k = j + 1; k < e; k++) tags[k] = (uint8_t)(2 + 2 * org);
                }
            } else if (!tags[j] && (tok[j].flags & NM_TF_UPPER) && (tok[j].flags & NM_TF_ALPHA) &&
                       !(tok[j].lex & (NM_LX_FUNC | NM_LX_PRONOUN | COMPANY_LIST_NOT))) {
                while (e < n && e < j + 3 && !tags[e] && (tok[e].flags & NM_TF_UPPER)) e++;
                tags[j] = (uint8_t)(1 + 2 * org);
                for (k = j + 1; k < e; k++) tags[k] = (uint8_t)(2 + 2 * org);
            } else {
                break;
            }
            /* then ", ", "and", "or", ", and" or the end of the list */
            j = e;
            if (j < n && tok_is(c, j, ",")) j++;
            if (j < n && (tok_is(c, j, "and") || tok_is(c, j, "or"))) j++;
            if (j == e) break;
        }
        i = j > i ? j - 1 : i;
    }
}

/* Companies by context: a name the tagger called a person (or MISC) that the
 * document also writes in a company's context is the company, everywhere in
 * the document the same text is written: "percent of Ruch", "Ruch's
 * shares", "a subsidiary of Tollivar", "acquired Tollivar", "Harlow SA" (companies named after a
 * family, small firms the tagger does not know). A place needs a company's
 * own context ("Barrow's chief executive", "Barrow Ltd"), not a share of it. */
static const char *const company_after_poss[] = {"shares", "stock", "shareholders", "chief", "ceo",
                                                 "board", "subsidiary", "subsidiaries", "chairman",
                                                 "chairwoman", "profits", "profit", "takeover",
                                                 "earnings", "revenue", "revenues", NULL};
static const char *const company_of[] = {"shares", "stake", "subsidiary", "unit", "acquisition", "takeover",
                                         "executive", "ceo", "shareholders", "percent", "stakes", NULL};
/* of these, what only a company has (a place has shares, stakes, percent) */
static const char *const company_own_of[] = {"subsidiary", "subsidiaries", "acquisition", "takeover",
                                              "shareholders", NULL};
static const char *const company_verbs[] = {"acquired", "acquire", "acquires", "acquiring", NULL};
static const char *const outlet_words[] = {"daily", "newspaper", "weekly", "magazine", "tabloid", NULL};
/* a company named in apposition: `the company that won the contract,
 * Atlantic Ferries,`, `Atlantic Ferries, a Lisbon ferry operator,` */
static const char *const company_heads[] = {"company", "firm", "carrier", "operator", "airline",
                                            "bank", "insurer", "retailer", "carmaker", "automaker",
                                            "startup", "manufacturer", "lender", "conglomerate",
                                            "supplier", "chain", "broadcaster", "publisher", NULL};
static const char *const appositive_dets[] = {"the", "a", "an", "its", "their", NULL};
static const char *const appositive_relatives[] = {"that", "which", "behind", "based", NULL};
static int company_appositive(const ctx_t *c, size_t n, size_t i, size_t j) {
    const nm_tok_t *tok = c->tok;
    size_t k, m;
    /* before: a determiner and the head, then a comma, or a relative clause
     * and its comma, right before the name; the name closes on a comma */
    if (i >= 3 && tok_is(c, i - 1, ",") && j < n && tok_is(c, j, ",")) {
        for (k = i - 1, m = 0; k > 1 && m < 12; m++) {
            k--;
            if (tok[k].flags & (NM_TF_PUNCT | NM_TF_QUOTE | NM_TF_PARA_START)) break;
            if ((tok[k].flags & NM_TF_LOWER) && tok_in(c, k, company_heads) &&
                tok_in(c, k - 1, appositive_dets) &&
                (k + 1 == i - 1 || tok_in(c, k + 1, appositive_relatives)))
                return 1;
        }
    }
    /* after: a comma, a determiner, up to two modifiers, the head */
    if (j + 2 < n && tok_is(c, j, ",") && tok_in(c, j + 1, appositive_dets))
        for (k = j + 2; k < n && k < j + 5; k++) {
            if (tok[k].flags & (NM_TF_PUNCT | NM_TF_QUOTE)) break;
            if ((tok[k].flags & NM_TF_LOWER) && tok_in(c, k, company_heads))
                return k + 1 >= n || !(tok[k + 1].flags & NM_TF_POSS);
        }
    return 0;
}

#define COMPANY_MAX 32
static int company_context(const ctx_t *c, size_t n, size_t i, size_t j, int strong_only) {
    const nm_tok_t *tok = c->tok;
    if (company_appositive(c, n, i, j)) return 1;
    /* right after the name: a legal suffix, or 's + a company noun */
    if (j < n && (tok[j].lex & NM_LX_ORGSUF) && (tok[j].flags & NM_TF_UPPER)) return 1;
    if (j + 1 < n && (tok[j].flags & NM_TF_POSS) && tok_in(c, j + 1, company_after_poss)) return 1;
    /* "a subsidiary of Meridane," where the name ends the phrase */
    if (i >= 2 && tok_is(c, i - 1, "of") && tok_in(c, i - 2, company_own_of) &&
        !(j < n && (tok[j].flags & (NM_TF_LOWER | NM_TF_UPPER | NM_TF_POSS)) && !(tok[j].lex & NM_LX_FUNC)))
        return 1;
    if (strong_only) return 0;
    /* a media outlet: "Gazeta Brenvik daily said", "the Rapport newspaper"
     * (not for a place: "a Lisbon newspaper"; not "met Ruiz daily") */
    if (j < n && (tok[j].flags & NM_TF_LOWER) && tok_in(c, j, outlet_words) &&
        ((j + 1 < n && (tok[j + 1].lex & NM_LX_CUE)) || (i >= 1 && tok_is(c, i - 1, "the"))))
        return 1;
    /* before it: "shares of", "stake in", "percent of", "subsidiary of"; the
     * name ends the phrase ("shares of France-registered printed ..." is not) */
    if (j < n && (tok[j].flags & NM_TF_LOWER) && !(tok[j].lex & NM_LX_FUNC)) return 0;
    if (i >= 2 && (tok_is(c, i - 1, "of") || tok_is(c, i - 1, "in")) && tok_in(c, i - 2, company_of))
        return 1;
    if (i >= 1 && tok_in(c, i - 1, company_verbs)) return 1;
    return 0;
}

/* A capitalized word the tagger left, alone (no capitalized neighbour), not
 * at a sentence start and unknown to the lexicon as a word, place, name or
 * title: "a subsidiary of Meridane". */
static int bare_name(const ctx_t *c, size_t n, size_t i) {
    const nm_tok_t *t = &c->tok[i];
    if ((t->flags & (NM_TF_TITLECASE | NM_TF_ALPHA)) != (NM_TF_TITLECASE | NM_TF_ALPHA) ||
        (t->flags & (NM_TF_SENT_START | NM_TF_URL | NM_TF_DIGIT)))
        return 0;
    if (t->lex & (NM_LX_COMMON | NM_LX_FUNC | NM_LX_PRONOUN | NM_LX_MONTH | NM_LX_WEEKDAY | NM_LX_COUNTRY |
                  NM_LX_CITY | NM_LX_SUBDIV | NM_LX_DEMONYM | NM_LX_TITLE | NM_LX_FIRST_F | NM_LX_FIRST_M |
                  NM_LX_NEVER | NM_LX_ROLE | NM_LX_DATEWORD | NM_LX_NUMWORD))
        return 0;
    if (i > 0 && (c->tok[i - 1].flags & NM_TF_UPPER)) return 0;
    if (i + 1 < n && (c->tok[i + 1].flags & NM_TF_UPPER)) return 0;
    return 1;
}

static void doc_companies(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int org, int person,
                          int misc, int loc) {
    size_t key[COMPANY_MAX][2], nk = 0, n = tk->ntok, i, k;
    const nm_tok_t *tok = tk->tok;
    if (org < 0) return;
    for (i = 0; i < n && nk < COMPANY_MAX; i++) {
        size_t len;
        int l;
        if (!tags[i] && bare_name(c, n, i) && company_context(c, n, i, i + 1, 0)) {
            key[nk][0] = tok[i].start;
            key[nk][1] = tok[i].end - tok[i].start;
            nk++;
            continue;
        }
        if (!(tags[i] & 1)) continue;
        len = (size_t)span_end(tags, i, n);
        l = (tags[i] - 1) / 2;
        if (((l == person || l == misc) && company_context(c, n, i, i + len, 0)) ||
            (l == loc && company_context(c, n, i, i + len, 1))) {
            key[nk][0] = tok[i].start;
            key[nk][1] = tok[i + len - 1].end - tok[i].start;
            nk++;
        }
        i += len - 1;
    }
    if (!nk) return;
    for (i = 0; i < n; i++) {
        size_t len, bytes;
        int l;
        if (!tags[i] && bare_name(c, n, i)) {
            bytes = tok[i].end - tok[i].start;
            for (k = 0; k < nk; k++)
                if (key[k][1] == bytes && memcmp(c->text + key[k][0], c->text + tok[i].start, bytes) == 0)
                    tags[i] = (uint8_t)(1 + 2 * org);
            continue;
        }
        if (!(tags[i] & 1)) continue;
        len = (size_t)span_end(tags, i, n);
        l = (tags[i] - 1) / 2;
        bytes = tok[i + len - 1].end - tok[i].start;
        if (l == person || l == misc || l == loc)
            for (k = 0; k < nk; k++)
                if (key[k][1] == bytes && memcmp(c->text + key[k][0], c->text + tok[i].start, bytes) == 0) {
                    size_t q;
                    for (q = 0; q < len; q++) tags[i + q] = (uint8_t)((q ? 2 : 1) + 2 * org);
                    break;
                }
        i += len - 1;
    }
}

/* The tagger's scratch lives in the result (res->tagscratch, freed by
 * nm_result_free), so repeated analyses reuse it. */
/* Names the lexicon knows as a person's, tagged an organization or a place
 * where casing or layout hid them from the tagger: an all-capitals first
 * name and surname ("ANA RUIZ VISITED LISBON") and a surname opening a line
 * before a colon, as in a transcript ("Ruiz: We will stay."). Not when
 * either word is also a place or an organization the lexicon knows. */
#define NOT_PERSON_LX (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_CITY | NM_LX_ORG | NM_LX_GAZORG | NM_LX_ORGWORD | \
                       NM_LX_LOCWORD | NM_LX_ORGSUF | NM_LX_DEMONYM | NM_LX_COMMON | NM_LX_FUNC)
static void person_words(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int org, int loc, int gpe,
                         int person) {
    const nm_tok_t *tok = tk->tok;
    size_t n = tk->ntok, i;
    if (person < 0) return;
    for (i = 0; i < n; i++) {
        int l, len;
        if (!(tags[i] & 1)) continue;
        l = (tags[i] - 1) / 2;
        len = span_end(tags, i, n);
        if (l != org && l != loc && l != gpe) continue;
        if (len == 2 && (tok[i].flags & tok[i + 1].flags & NM_TF_ALLCAPS) &&
            (tok[i].lex & (NM_LX_FIRST_F | NM_LX_FIRST_M)) && (tok[i + 1].lex & NM_LX_SURNAME) &&
            !((tok[i].lex | tok[i + 1].lex) & NOT_PERSON_LX)) {
            tags[i] = (uint8_t)(1 + 2 * person);
            tags[i + 1] = (uint8_t)(2 + 2 * person);
        } else if (len == 1 && (tok[i].flags & NM_TF_LINE_START) && (tok[i].flags & NM_TF_TITLECASE) &&
                   (tok[i].lex & NM_LX_SURNAME) && !(tok[i].lex & NOT_PERSON_LX) && i + 1 < n &&
                   tok[i + 1].end - tok[i + 1].start == 1 && c->text[tok[i + 1].start] == ':') {
            tags[i] = (uint8_t)(1 + 2 * person);
        }
    }
}

/* A place the tagger called an organization or a person right before
 * "resident(s)" or "native(s)": "Porto resident Ana Ruiz", "two Concord
 * natives". Only when every word of the name is a place the lexicon knows. */
static const char *const place_people[] = {"resident", "residents", "native", "natives", NULL};
static void resident_places(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int org,
                            int person, int loc) {
    const nm_tok_t *tok = tk->tok;
    size_t n = tk->ntok, i, q;
    if (loc < 0) return;
    for (i = 0; i < n; i++) {
        int l, len, place = 1;
        if (!(tags[i] & 1)) continue;
        l = (tags[i] - 1) / 2;
        len = span_end(tags, i, n);
        if ((l == org || l == person) && i + len < n && (tok[i + len].flags & NM_TF_LOWER) &&
            tok_in(c, i + len, place_people)) {
            for (q = 0; q < (size_t)len; q++)
                if (!(tok[i + q].lex & (NM_LX_CITY | NM_LX_COUNTRY | NM_LX_SUBDIV))) place = 0;
            if (place)
                for (q = 0; q < (size_t)len; q++) tags[i + q] = (uint8_t)((q ? 2 : 1) + 2 * loc);
        }
        i += (size_t)len - 1;
    }
}

static nm_tagscratch_t *tag_scratch(nm_result_t *res) {
    if (!res->tagscratch) {
        nm_tagscratch_t *s = malloc(sizeof *s);
        if (!s) return NULL;
        nm_tagscratch_init(s);
        res->tagscratch = s;
        if (nm_tagscratch_use_cache(s) != NM_OK) return NULL;
    }
    return (nm_tagscratch_t *)res->tagscratch;
}

/* Writers who never capitalize ("i live in kerala now"): in a sentence with
 * no capital letter after its first word (bar "I"), the casing features say
 * nothing, and an untagged lower-case word that the lexicon knows only as a
 * country, state or big city (never as a common word) is tagged a place. */
static void lowercase_places(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int loc) {
    size_t si, t;
    if (loc < 0) return;
    for (si = 0; si < tk->nsent; si++) {
        size_t b = tk->sent[si].begin, e = tk->sent[si].end, words = 0;
        int caps = 0;
        for (t = b; t < e && !caps; t++) {
            const nm_tok_t *k = &tk->tok[t];
            if (!(k->flags & NM_TF_ALPHA) || (k->flags & (NM_TF_URL | NM_TF_DIGIT))) continue;
            words++;
            if (t > b && (k->flags & NM_TF_UPPER) && !(k->end - k->start == 1 && c->text[k->start] == 'I'))
                caps = 1;
        }
        if (caps || words < 4) continue;
        for (t = b; t < e; t++) {
            const nm_tok_t *k = &tk->tok[t];
            if (tags[t] || !(k->flags & NM_TF_LOWER) || (k->flags & (NM_TF_URL | NM_TF_DIGIT))) continue;
            if ((k->lex & (NM_LX_COUNTRY | NM_LX_SUBDIV | NM_LX_BIGCITY)) &&
                !(k->lex & (NM_LX_COMMON | NM_LX_FUNC | NM_LX_PRONOUN | NM_LX_FIRST_F | NM_LX_FIRST_M |
                            NM_LX_DEMONYM)))
                tags[t] = (uint8_t)(1 + 2 * loc);
        }
    }
}

/* A body named for two fields that the tagger cut at "and": "Department of
 * Housing and Urban Development", "Ministry of Trade and Industry". An ORG
 * whose head word before "of" names a body, ending on a capitalized word
 * right before "and", goes on over "and" and up to three capitalized common
 * words ("Urban Development", not "Microsoft"), whatever the tagger made of
 * them. */
static void org_of_and(const ctx_t *c, const nm_tokens_t *tk, uint8_t *tags, int org) {
    const nm_tok_t *tok = tk->tok;
    size_t n = tk->ntok, i, j, k, e;
    if (org < 0) return;
    for (i = 0; i < n; i++) {
        int body = 0;
        if (tags[i] != 1 + 2 * org) continue;
        for (j = i + 1; j < n && tags[j] == 2 + 2 * org; j++)
            if (tok_is(c, j, "of") && (tok[j - 1].lex & NM_LX_ORGWORD) && j > i) body = 1;
        /* j: the first token after the name */
        if (!body || j + 1 >= n || !tok_is(c, j, "and") || !(tok[j - 1].flags & NM_TF_UPPER) ||
            tok_is(c, j - 1, "of"))
            continue;
        for (e = j + 1; e < n && e < j + 4; e++) {
            if (!(tok[e].flags & NM_TF_UPPER) || (tok[e].flags & NM_TF_SENT_START) ||
                !(tok[e].lex & NM_LX_COMMON) || (tok[e].lex & (NM_LX_FUNC | NM_LX_COUNTRY)))
                break;
        }
        if (e == j + 1 || (e < n && (tok[e].flags & NM_TF_UPPER) && !(tok[e].flags & NM_TF_SENT_START)))
            continue; /* nothing to take, or a longer name goes on */
        /* a name the tagger saw after "and" must end with the words taken */
        if (e < n && tags[e] && !(tags[e] & 1)) continue;
        for (k = j; k < e; k++) tags[k] = (uint8_t)(2 + 2 * org);
        i = e - 1;
    }
}

/* The model's index l of project label `label` (its tags are B = 1 + 2l,
 * I = 2 + 2l), -1 when the model has no such label. */
static int label_index(const nm_tagger_t *tg, int label) {
    int t;
    for (t = 1; t < nm_tagger_ntags(tg); t += 2)
        if (nm_tagger_tag_label(tg, t, NULL) == label) return (t - 1) / 2;
    return -1;
}

static int find_tagged(ctx_t *c) {
    const nm_tagger_t *tg = (const nm_tagger_t *)c->m->tagger;
    nm_result_t *res = c->res;
    nm_tagscratch_t *s = tag_scratch(res);
    nm_tagctx_t cx;
    size_t si, maxlen = 0;
    uint8_t *lab, *ex;
    int rc;

    if (!s) return NM_ENOMEM;
    /* tags, then the confidence of each name: label margin, existence margin */
    if (NM_GROW(res->tag, 0, res->tagcap, 3 * (res->tk.ntok + 1))) return NM_ENOMEM;
    lab = res->tag + res->tk.ntok + 1;
    ex = lab + res->tk.ntok + 1;
    for (si = 0; si < res->tk.nsent; si++) {
        size_t n = res->tk.sent[si].end - res->tk.sent[si].begin;
        if (n > maxlen) maxlen = n;
    }
    /* sentences longer than a window are tagged window by window */
    if (maxlen > NM_TAGGER_WINDOW) maxlen = NM_TAGGER_WINDOW;
    rc = nm_tagscratch_reserve(s, maxlen + 1);
    if (rc) return rc;
    cx.lx = c->m->lex;
    cx.text = c->text;
    cx.tok = res->tk.tok;
    cx.ntok = res->tk.ntok;
    cx.cl = nm_tagger_clusters(tg);
    rc = nm_tagger_doc(&cx, s);
    if (rc) return rc;
    for (si = 0; si < res->tk.nsent; si++) {
        size_t b = res->tk.sent[si].begin, e = res->tk.sent[si].end;
        while (b < e) {
            size_t w = nm_tagger_window(res->tk.tok, b, e);
            nm_tagger_features(&cx, b, w, s);
            nm_tagger_decode(tg, w - b, s, res->tag + b);
            nm_tagger_confidence(tg, w - b, s, res->tag + b, lab + b, ex + b);
            nm_tagger_observe(s, w - b, res->tag + b);
            b = w;
        }
    }
    {
        rc = doc_consistency(c, &res->tk, res->tag, lab, ex, label_index(tg, NM_PERSON));
        if (rc) return rc;
        lowercase_places(c, &res->tk, res->tag, label_index(tg, NM_LOC));
        person_words(c, &res->tk, res->tag, label_index(tg, NM_ORG), label_index(tg, NM_LOC),
                     label_index(tg, NM_GPE), label_index(tg, NM_PERSON));
        resident_places(c, &res->tk, res->tag, label_index(tg, NM_ORG), label_index(tg, NM_PERSON),
                        label_index(tg, NM_LOC));
        /* an era after a year or a century is part of a date, not a name:
         * "508 BC", "the 7th century BC" */
        for (si = 1; si < res->tk.ntok; si++)
            if ((res->tag[si] & 1) && !(si + 1 < res->tk.ntok && res->tag[si + 1] == res->tag[si] + 1) &&
                (tok_int(c, si - 1) > 0 || tok_in(c, si - 1, century_words)) &&
                is_era(c->text, &res->tk.tok[si]))
                res->tag[si] = 0;
        gaz_merge(c, &res->tk, res->tag, label_index(tg, NM_ORG));
        org_of_and(c, &res->tk, res->tag, label_index(tg, NM_ORG));
        company_lists(c, &res->tk, res->tag, label_index(tg, NM_ORG));
        doc_companies(c, &res->tk, res->tag, label_index(tg, NM_ORG), label_index(tg, NM_PERSON),
                      label_index(tg, NM_MISC), label_index(tg, NM_LOC));
        doc_acronyms(c, &res->tk, res->tag, label_index(tg, NM_ORG));
    }
    for (si = 0; si < res->tk.nsent; si++) {
        c->b = res->tk.sent[si].begin;
        c->e = res->tk.sent[si].end;
        rc = tagged_sentence(c, res->tag);
        if (rc) return rc;
    }
    return NM_OK;
}

int nm_entities_find(const nm_model_t *m, const char *text, nm_result_t *res) {
    ctx_t c;
    size_t si;
    int rc;
    c.m = m;
    c.text = text;
    c.res = res;
    c.tok = res->tk.tok;
    c.b = c.e = 0;
    if (m->tagger) return find_tagged(&c);
    for (si = 0; si < res->tk.nsent; si++) {
        c.b = res->tk.sent[si].begin;
        c.e = res->tk.sent[si].end;
        rc = find_sentence(&c);
        if (rc) return rc;
    }
    return NM_OK;
}
