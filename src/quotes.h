/*
 * quotes.h - the context shared by the quote finder (quotes.c) and speaker
 * finding (speaker.c): tokens, entities, quotation-mark candidates and the
 * output records, plus small token tests. Internal to those two files.
 */
#ifndef NM_QUOTES_H
#define NM_QUOTES_H

#include "internal.h"
#include "quote_words.h"


#define ST_MAX 64     /* quotation-mark stack depth per paragraph */
#define WIN_AFTER 12  /* tokens searched after a closing mark for a cue */
#define WIN_BEFORE 16 /* tokens searched before an opening mark for a cue */

/* Per-token flags (scratch). */
#define TQ_USED 0x1u /* cue already used by an attribution */
#define TQ_CUE 0x2u  /* starts a cue */

/* Direct quote candidate kinds. */
enum { DQ_SPEECH = 1, DQ_SCARE, DQ_PENDING, DQ_ABSORBED };

typedef struct {
    uint32_t a, b; /* token range [a, b]: opening mark .. closing mark or paragraph end */
    unsigned flags;
    int kind;
    uint32_t naming; /* naming verb before a scare fragment (`called it "X"`), 0: none */
} dq_t;

typedef struct {
    uint32_t ta, tb; /* token range [ta, tb); ta == tb: none */
    int id;
} spk_t;

typedef struct {
    nm_quote_t q;
    uint32_t ta, tb; /* first and last token */
    uint32_t te;     /* last token of the quote and its attribution */
} qrec_t;

typedef struct {
    const nm_model_t *m;
    const char *text;
    size_t len; /* bytes of text */
    const nm_tok_t *tok;
    size_t ntok;
    const nm_sent_t *sent;
    size_t nsent;
    const nm_entity_t *ent;
    size_t nent;
    int32_t *ent_at;     /* entity index covering token, -1 */
    int32_t *ent_before; /* last entity starting before the token, -1 */
    uint32_t *sent_of;   /* sentence index of token */
    int32_t *dq_of;      /* direct candidate whose range holds the token, -1 */
    uint8_t *tq;         /* TQ_* */
    uint8_t *cue_len;    /* tokens in the cue starting here (TQ_CUE) */
    int32_t *prevP, *prevF, *prevM, *prevU, *prevG; /* per entity: nearest earlier-or-same */
    dq_t *dq;
    size_t ndq;
    qrec_t *out;
    size_t nout, outcap;
} qctx_t;

/* ---------------------------------------------------------------- token tests */

static inline int tok_is(const qctx_t *c, size_t t, const char *w) {
    const nm_tok_t *k;
    size_t n, i;
    if (t >= c->ntok) return 0; /* callers may look one past the end */
    k = &c->tok[t];
    n = k->end - k->start;
    if (n == 0) return w[0] == '\0';
    {   /* most calls fail on the first letter: test it before strlen */
        unsigned char ch0 = (unsigned char)c->text[k->start];
        if (ch0 >= 'A' && ch0 <= 'Z') ch0 = (unsigned char)(ch0 + 32);
        if (ch0 != (unsigned char)w[0]) return 0;
    }
    if (strlen(w) != n) return 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)c->text[k->start + i];
        if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
        if (ch != (unsigned char)w[i]) return 0;
    }
    return 1;
}

static inline int tok_in(const qctx_t *c, size_t t, const char *const *list) {
    for (; *list; list++)
        if (tok_is(c, t, *list)) return 1;
    return 0;
}

/* Does token t end with suffix (as written, `ing`, `ed`) and have a letter
 * or more before it? */
static inline int tok_ends(const qctx_t *c, size_t t, const char *suffix) {
    size_t n = strlen(suffix);
    const nm_tok_t *k;
    if (t >= c->ntok) return 0;
    k = &c->tok[t];
    return k->end - k->start > n && memcmp(c->text + k->end - n, suffix, n) == 0;
}

/* Single-byte punctuation token equal to ch. */
static inline int tok_ch(const qctx_t *c, size_t t, char ch) {
    const nm_tok_t *k;
    if (t >= c->ntok) return 0;
    k = &c->tok[t];
    return k->end - k->start == 1 && c->text[k->start] == ch;
}

/* A token of exclamation and question marks only: "!", "?", "!!", "?!". */
static inline int tok_bang(const qctx_t *c, size_t t) {
    size_t i;
    if (t >= c->ntok || c->tok[t].end == c->tok[t].start) return 0;
    for (i = c->tok[t].start; i < c->tok[t].end; i++)
        if (c->text[i] != '!' && c->text[i] != '?') return 0;
    return 1;
}

static inline int is_sent_punct(const qctx_t *c, size_t t) {
    return tok_ch(c, t, '.') || tok_bang(c, t) || tok_is(c, t, "...") ||
           tok_is(c, t, "\xe2\x80\xa6");
}

static inline int is_clause_punct(const qctx_t *c, size_t t) {
    return is_sent_punct(c, t) || tok_ch(c, t, ',') || tok_ch(c, t, ';') || tok_ch(c, t, ':');
}

static inline int is_word(const qctx_t *c, size_t t) {
    return (c->tok[t].flags & (NM_TF_ALPHA | NM_TF_NUMBER | NM_TF_DIGIT)) != 0;
}

static inline int is_lower_word(const qctx_t *c, size_t t) {
    uint32_t f = c->tok[t].flags;
    return (f & NM_TF_ALPHA) && (f & NM_TF_LOWER) && !(f & (NM_TF_QUOTE | NM_TF_URL));
}

/* Is token t a lower-case word with one of the lexicon bits lx: a role noun
 * (`spokesman`) or a body's noun (`union`) written as a common noun? */
static inline int is_lower_lex(const qctx_t *c, size_t t, uint32_t lx) {
    return (c->tok[t].lex & lx) && is_lower_word(c, t);
}

static inline int label_ok(int label) {
    return label == NM_PERSON || label == NM_ORG || label == NM_GPE || label == NM_NORP;
}

static inline int is_according(const qctx_t *c, size_t t) { return tok_is(c, t, "according"); }

/* ---------------------------------------------------------------- speakers (speaker.c) */

/* see speaker.c */
NM_HIDDEN void nm_q_entity_tokens(const qctx_t *c, size_t t, spk_t *s);
/* see speaker.c */
NM_HIDDEN int nm_q_is_np_word(const qctx_t *c, size_t t);
/* see speaker.c */
NM_HIDDEN int nm_q_is_participle(const qctx_t *c, size_t t);
/* see speaker.c */
NM_HIDDEN size_t nm_q_skip_parens_fwd(const qctx_t *c, size_t t);
/* see speaker.c */
NM_HIDDEN int nm_q_subject_before(const qctx_t *c, size_t cu, size_t lo, int generic, spk_t *s);
/* see speaker.c */
NM_HIDDEN void nm_q_first_of_pair(const qctx_t *c, size_t lo, spk_t *s);
/* see speaker.c */
NM_HIDDEN int nm_q_speaker_after(const qctx_t *c, size_t j, size_t hi, spk_t *s);
/* The subject of the clause of cue cu: a person or pronoun after an opening
 * clause, else the first person, organization or noun phrase of the
 * sentence before cu. 1: found, in s. */
NM_HIDDEN int nm_q_clause_subject(const qctx_t *c, size_t cu, spk_t *s);
/* The named person, organization or pronoun opening the sentence of token t
 * as its subject (followed by its verb). */
NM_HIDDEN int nm_q_opening_subject(const qctx_t *c, size_t t, spk_t *s);
/* Past a connective opening a sentence; past a "the" before a name with a
 * label in labels (a mask of 1 << nm_label_t). */
NM_HIDDEN size_t nm_q_skip_connective(const qctx_t *c, size_t k);
NM_HIDDEN size_t nm_q_skip_the(const qctx_t *c, size_t k, size_t t, unsigned labels);
/* `her comment that "..."`, `his 2013 remarks`: a noun cue cu after a
 * possessive pronoun and up to two modifiers (a date among them); the
 * pronoun speaks. */
NM_HIDDEN int nm_q_possessive_cue(const qctx_t *c, size_t cu, size_t lo, spk_t *s);
NM_HIDDEN int nm_q_opening_subject_verb(const qctx_t *c, size_t t, spk_t *s, size_t *verb);
/* Does token v read as a finite verb: a lower-case word in -ed or an
 * irregular past (1), in -s but not -ss (2)? 0: no. */
NM_HIDDEN int nm_q_finite_verb_shape(const qctx_t *c, size_t v);
/* A determiner noun phrase opening the sentence of token t, and its verb. */
NM_HIDDEN int nm_q_opening_np_subject(const qctx_t *c, size_t t, spk_t *s, size_t *verb);

#endif
