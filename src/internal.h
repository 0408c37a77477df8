/*
 * internal.h - what the modules of the core share. Not installed, not public.
 */
#ifndef NM_INTERNAL_H
#define NM_INTERNAL_H

#include "newsmark.h"

#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define NM_HIDDEN __attribute__((visibility("hidden")))
#define NM_LIKELY(x) __builtin_expect(!!(x), 1)
#define NM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define NM_HIDDEN
#define NM_LIKELY(x) (x)
#define NM_UNLIKELY(x) (x)
#endif

/* ---------------------------------------------------------------- tokens */

/* Token flags (nm_tok_t.flags). */
#define NM_TF_ALPHA 0x00000001u     /* contains a letter */
#define NM_TF_UPPER 0x00000002u     /* first letter upper case ("Ruiz", "U.S.", "EU") */
#define NM_TF_ALLCAPS 0x00000004u   /* >= 2 letters, all upper case ("EU", "NATO") */
#define NM_TF_LOWER 0x00000008u     /* first letter lower case */
#define NM_TF_DIGIT 0x00000010u     /* contains a digit */
#define NM_TF_NUMBER 0x00000020u    /* a number: 12, 4.2, 1,000, 3rd */
#define NM_TF_PUNCT 0x00000040u     /* punctuation or symbol only */
#define NM_TF_QUOTE 0x00000080u     /* a quotation mark (see NM_Q_* in quote_dir) */
#define NM_TF_SENT_START 0x00000100u /* first token of a sentence */
#define NM_TF_PARA_START 0x00000200u /* first token of a paragraph (after a blank line) */
#define NM_TF_LINE_START 0x00000400u /* first token on its line */
#define NM_TF_SPACE_BEFORE 0x00000800u /* whitespace right before the token */
#define NM_TF_ABBREV 0x00001000u    /* ends with a period that belongs to it ("Mr.", "U.S.") */
#define NM_TF_HYPHEN 0x00002000u    /* contains an inner hyphen ("well-known") */
#define NM_TF_DASH 0x00004000u      /* a dash: - -- en dash, em dash */
#define NM_TF_POSS 0x00008000u      /* possessive clitic 's / ’s / ' after s */
#define NM_TF_INVALID 0x00010000u   /* an invalid UTF-8 byte or a NUL byte */
#define NM_TF_URL 0x00020000u       /* URL, e-mail address, @handle, #tag or file name */
#define NM_TF_INITIAL 0x00040000u   /* a single capital letter and period ("J.") */
#define NM_TF_APOS 0x00080000u      /* contains an inner apostrophe ("O'Brien", "don't") */
#define NM_TF_SENT_END 0x00100000u  /* last token of a sentence */
#define NM_TF_TITLECASE 0x00200000u /* first letter upper, the rest lower ("Ruiz") */

/* Quotation mark direction (nm_tok_t.quote). */
enum {
    NM_Q_NONE = 0,
    NM_Q_OPEN,   /* can only open: “ « ‘ (and ‹ „ ‚) */
    NM_Q_CLOSE,  /* can only close: ” » ’ used as a closing quote (and ›) */
    NM_Q_EITHER  /* straight " or ' whose direction comes from context */
};

/* Quotation mark family (nm_tok_t.qfam): marks of one family pair. */
enum { NM_QF_DOUBLE = 1, NM_QF_SINGLE = 2, NM_QF_GUILLEMET = 3, NM_QF_SGUILLEMET = 4 };

typedef struct {
    uint32_t start, end; /* byte span in the text */
    uint32_t flags;      /* NM_TF_* */
    uint8_t quote;       /* NM_Q_* when NM_TF_QUOTE */
    uint8_t qfam;        /* NM_QF_* when NM_TF_QUOTE */
    uint16_t pad;
    uint32_t lex;        /* lexicon classes of this single token (NM_LX_*), filled by nm_lexicon_tag */
} nm_tok_t;

typedef struct {
    uint32_t begin, end; /* token index range [begin, end) */
} nm_sent_t;

/* Growable token and sentence arrays, owned by the caller, reused between
 * calls (nm_tokens_init once, nm_tokenize many times, nm_tokens_finish). */
typedef struct {
    nm_tok_t *tok;
    size_t ntok, tokcap;
    nm_sent_t *sent;
    size_t nsent, sentcap;
} nm_tokens_t;

NM_HIDDEN void nm_tokens_init(nm_tokens_t *tk);
NM_HIDDEN void nm_tokens_finish(nm_tokens_t *tk);

/* Split text into tokens and sentences (replacing what tk held). Never fails
 * on any byte sequence; returns NM_ENOMEM or NM_ETOOBIG only. */
NM_HIDDEN int nm_tokenize(const char *text, size_t len, nm_tokens_t *tk);

/* Fill tk from given token spans (pre-tokenized input): flags and quote
 * direction are computed as nm_tokenize would; sentences from sent_start
 * (NULL: one sentence). */
NM_HIDDEN int nm_tokens_from_spans(const char *text, size_t len, const nm_span_t *spans,
                                   const unsigned char *sent_start, size_t n, nm_tokens_t *tk);

/* Decode one UTF-8 code point at s[0..n); returns its length (1..4) and
 * stores it in *cp; an invalid or truncated sequence gives length 1 and
 * *cp = 0xFFFD. n must be >= 1. */
NM_HIDDEN int nm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* ---------------------------------------------------------------- lexicon */

/* Lexicon classes (bit mask, nm_tok_t.lex and multi-token matches). */
#define NM_LX_COUNTRY 0x00000001u   /* country name or usual short form */
#define NM_LX_DEMONYM 0x00000002u   /* nationality adjective/noun: "French", "Afghans" */
#define NM_LX_SUBDIV 0x00000004u    /* state, province, region */
#define NM_LX_CITY 0x00000008u      /* city (population >= 15000) */
#define NM_LX_BIGCITY 0x00000010u   /* city (population >= 500000) */
#define NM_LX_FIRST_F 0x00000020u   /* female first name */
#define NM_LX_FIRST_M 0x00000040u   /* male first name */
#define NM_LX_SURNAME 0x00000080u   /* name part (filtered against common words) */
#define NM_LX_PERSON 0x00000100u    /* known full name (leaders, legislators) */
#define NM_LX_TITLE 0x00000200u     /* title before a name: President, Mr., Gov., Prime Minister */
#define NM_LX_ROLE 0x00000400u      /* role noun: spokesman, minister, official, lawyer */
#define NM_LX_ORGSUF 0x00000800u    /* organization suffix: Inc., Corp., Ltd., Group */
#define NM_LX_ORGWORD 0x00001000u   /* organization head word: Ministry, University, Party */
#define NM_LX_ORG 0x00002000u       /* known organization or acronym: NATO, United Nations */
#define NM_LX_LOCWORD 0x00004000u   /* natural place word: River, Sea, Mountains, Ocean */
#define NM_LX_EVENTWORD 0x00008000u /* event word: War, Olympics, Summit, Cup, Games */
#define NM_LX_CUE 0x00010000u       /* speech cue verb (any inflection): said, tells, warned */
#define NM_LX_CUE_NOUN 0x00020000u  /* cue phrase head: "according to", statement, interview */
#define NM_LX_MONTH 0x00040000u     /* January, Jan., Sept. */
#define NM_LX_WEEKDAY 0x00080000u   /* Monday, Mon. */
#define NM_LX_DATEWORD 0x00100000u  /* today, yesterday, tomorrow, week, year, ago ... */
#define NM_LX_NUMWORD 0x00200000u   /* one, two, dozen, million, billion */
#define NM_LX_CURRENCY 0x00400000u  /* dollars, euros, pounds, yuan, $ */
#define NM_LX_COMMON 0x00800000u    /* a common lower-case English word (dictionary) */
#define NM_LX_FUNC 0x01000000u      /* function word: the, of, and, in, a ... */
#define NM_LX_PRONOUN 0x02000000u   /* he, she, they, it, we, I */
#define NM_LX_RELIGION 0x04000000u  /* group nouns tagged NORP: Muslims, Catholic, Democrats */
#define NM_LX_USER 0x08000000u      /* a person's own lexicon entry (see nm_lexicon user API) */
#define NM_LX_NEVER 0x10000000u     /* a person's "never tag this" entry */
#define NM_LX_CUE_REPORT 0x20000000u /* cue that takes a "that" clause / reported speech */
#define NM_LX_GAZORG 0x40000000u    /* name or short form in gazetteers/organizations.tsv (nm_lexicon_match_in only) */
#define NM_LX_PREFIX 0x80000000u    /* internal: the key is a prefix of a longer entry */

#define NM_LEX_MAXTOK 8 /* the longest entry, in tokens */

typedef struct nm_lexicon nm_lexicon_t;

/* Load a compiled lexicon from memory (copied) or a file. errbuf as in
 * nm_model_load. The lexicon is read-only after loading. */
NM_HIDDEN int nm_lexicon_load(const char *path, nm_lexicon_t **out, char *errbuf, size_t errlen);
NM_HIDDEN int nm_lexicon_load_mem(const void *data, size_t size, nm_lexicon_t **out, char *errbuf,
                                  size_t errlen);
NM_HIDDEN void nm_lexicon_free(nm_lexicon_t *lx);

/* Classes of a key (lower-cased token texts joined by single spaces, exactly
 * as nm_lexicon_key builds them); 0 when absent. Label hint for user entries
 * in *label when label is not NULL. */
NM_HIDDEN uint32_t nm_lexicon_get(const nm_lexicon_t *lx, const char *key, size_t keylen, int *label);

/* Build the lookup key of tokens [i, j) into buf (size cap); returns its
 * length or 0 when it does not fit. Lower-cases ASCII and Latin letters,
 * normalizes curly apostrophes to ', joins tokens by one space. */
NM_HIDDEN size_t nm_lexicon_key(const char *text, const nm_tok_t *tok, size_t i, size_t j, char *buf,
                                size_t cap);

/* Longest match starting at token i (within [i, end)): returns the number of
 * tokens matched (0 when none) and the classes in *classes. NM_LX_GAZORG
 * entries (the organization gazetteer) are not matches here and the class is
 * never reported: only the tagger's features read them (nm_lexicon_match_in). */
NM_HIDDEN size_t nm_lexicon_match(const nm_lexicon_t *lx, const char *text, const nm_tok_t *tok,
                                  size_t i, size_t end, uint32_t *classes, int *label);
/* The same with the entries whose classes meet want (NM_LX_GAZORG included
 * when asked for), and every class of the matched entry. */
NM_HIDDEN size_t nm_lexicon_match_in(const nm_lexicon_t *lx, const char *text, const nm_tok_t *tok,
                                     size_t i, size_t end, uint32_t want, uint32_t *classes,
                                     int *label);

/* Set tok[k].lex for every token (single-token classes). */
NM_HIDDEN void nm_lexicon_tag(const nm_lexicon_t *lx, const char *text, nm_tokens_t *tk);

/* The gazetteer's name / short form pairs ("Department for Environment, Food
 * and Rural Affairs" / "Defra"): the key of a pair is the letters and digits
 * of each form, ASCII lower-cased, joined by a 0x1f byte (so spacing,
 * punctuation and tokenization do not matter). nm_lexicon_pair_key returns
 * its length (0 when it does not fit cap; an empty name gives the key of
 * the short form alone, which marks it as one); nm_lexicon_has_pair says
 * whether the lexicon lists short as a short form of name. */
NM_HIDDEN size_t nm_lexicon_pair_key(const char *name, size_t nn, const char *shortf, size_t sn,
                                     char *buf, size_t cap);
NM_HIDDEN int nm_lexicon_has_pair(const nm_lexicon_t *lx, const char *name, size_t nn,
                                  const char *shortf, size_t sn);
/* Whether the text is the short form of some pair (one look-up: the callers
 * ask it before trying the names of a document with nm_lexicon_has_pair). */
NM_HIDDEN int nm_lexicon_is_short(const nm_lexicon_t *lx, const char *shortf, size_t sn);

/* ---------------------------------------------------------------- model */

struct nm_model {
    nm_lexicon_t *lex;
    void *tagger; /* statistical tagger, NULL until one is loaded */
    nm_lexicon_t *user; /* the person's own lexicon (nm_model_set_user_lexicon), NULL when none */
};

/* The person's lexicon (lexicon.c): plain text `text<TAB>LABEL` or
 * `text<TAB>NEVER` lines built into a lexicon of classes NM_LX_USER (label in
 * the entry's label byte) and NM_LX_NEVER. *out is NULL when there are no
 * entries. errbuf names the line of the first bad entry. */
NM_HIDDEN int nm_userlex_parse(const char *tsv, size_t len, const char *name, nm_lexicon_t **out,
                               char *errbuf, size_t errlen);
NM_HIDDEN int nm_userlex_load(const char *path, nm_lexicon_t **out, char *errbuf, size_t errlen);

/* ---------------------------------------------------------------- result */

/* Growable array helper: ensure room for n more items. */
#define NM_GROW(ptr, count, cap, n)                                                          \
    ((count) + (n) <= (cap) ? 0 : nm_grow_((void **)&(ptr), &(cap), (count) + (n), sizeof(*(ptr))))
NM_HIDDEN int nm_grow_(void **ptr, size_t *cap, size_t need, size_t size);

struct nm_result {
    nm_tokens_t tk;
    nm_entity_t *ent;
    size_t nent, entcap;
    nm_quote_t *quote;
    size_t nquote, quotecap;
    nm_span_t *qpart; /* parts of the quotes with nparts >= 2 (nm_quote_t.part) */
    size_t nqpart, qpartcap;
    uint8_t *tag;  /* per-token scratch: entity label per token (0 = outside) */
    size_t tagcap;
    void *scratch; /* module scratch (quotes, linking), freed by nm_result_free */
    size_t scratchcap;
    void *tagscratch; /* the tagger's nm_tagscratch_t (entities.c), reused between
                         calls; nm_result_free finishes and frees it */
};

/* ---------------------------------------------------------------- helpers */

/* FNV-1a 64 of n bytes (src/lexicon.c): the one string hash of the core. */
NM_HIDDEN uint64_t nm_lex_fnv64(const void *data, size_t n);

/* Little-endian reads of the file formats (lexicon, model). */
static inline uint32_t nm_rd32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t nm_rd64(const unsigned char *p) {
    return (uint64_t)nm_rd32(p) | ((uint64_t)nm_rd32(p + 4) << 32);
}
/* ... and the writes (file builders, tests and fuzz targets). */
static inline void nm_wr32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}
static inline void nm_wr64(unsigned char *p, uint64_t v) {
    nm_wr32(p, (uint32_t)v);
    nm_wr32(p + 4, (uint32_t)(v >> 32));
}

/* A loader's failure: "NAME: WHAT" into errbuf; returns code. */
NM_HIDDEN int nm_load_fail(char *errbuf, size_t errlen, const char *name, int code, const char *what);

/* The whole of a file, read once. *out gets a buffer of *len bytes followed
 * by a NUL byte (not counted), allocated with alloc (NULL: malloc; the buffer
 * is released with free). A file over max bytes gives NM_ETOOBIG and reads
 * nothing. Pipes and other unseekable files are read too when alloc is NULL.
 * errbuf gets "PATH: reason" on failure; *out is NULL then. */
NM_HIDDEN int nm_read_file(const char *path, size_t max, void *(*alloc)(size_t), unsigned char **out,
                           size_t *len, char *errbuf, size_t errlen);

/* Write n bytes to path atomically: PATH.tmp is written, flushed and renamed
 * over path, so a reader sees the old file or the new one, never a part. On
 * failure path is untouched, the temporary file removed and errbuf gets
 * "PATH: reason". */
NM_HIDDEN int nm_write_file(const char *path, const void *data, size_t n, char *errbuf, size_t errlen);

/* ---------------------------------------------------------------- stages */

/* Entity recognition over tk (lexicon classes already set). Appends to
 * res->ent in text order, ids not yet set. */
NM_HIDDEN int nm_entities_find(const nm_model_t *m, const char *text, nm_result_t *res);

/* Apply the person's lexicon to res->ent (after recognition, before
 * linking): a NEVER match removes the entities inside it, a USER match
 * replaces the entities overlapping it with one entity of its label. Matches
 * are longest-first within sentences. user NULL: nothing to do. */
NM_HIDDEN int nm_userlex_apply(const nm_lexicon_t *user, const char *text, nm_result_t *res);

/* Give every entity in res an id (mention clustering). */
NM_HIDDEN int nm_entities_link(const nm_model_t *m, const char *text, nm_result_t *res);

/* Quotes: direct quotes by mark pairing, reported speech, speaker and cue.
 * Reads res->tk and res->ent (with ids); appends to res->quote in text order. */
NM_HIDDEN int nm_quotes_find(const nm_model_t *m, const char *text, size_t len, nm_result_t *res);

#endif
