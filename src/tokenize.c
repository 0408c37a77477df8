/*
 * tokenize.c - tokenizer and sentence splitter for news English.
 *
 * One pass over the UTF-8 bytes finds token boundaries (ASCII fast path over
 * a 256-entry class table; other code points are decoded and classified by
 * range), then each token's flags are computed from its own bytes by
 * tok_classify(), the same function nm_tokens_from_spans() uses, so both
 * paths agree. A second pass over the token array finds sentences.
 *
 * Ownership: nm_tokens_t and its arrays belong to the caller (nm_tokens_init
 * / nm_tokens_finish); the text is borrowed and never NUL-terminated.
 * No global mutable state: every table here is static const.
 */
#include "internal.h"

/* Character classes. K_PUNCT is 0 so that it is the default. */
enum {
    K_PUNCT = 0, /* punctuation or symbol */
    K_SPACE,     /* horizontal white space */
    K_NL,        /* line break: LF, CR, NEL, U+2028 */
    K_PARA,      /* U+2029 paragraph separator */
    K_UPPER,     /* upper-case letter */
    K_LOWER,     /* lower-case letter */
    K_LETTER,    /* letter without case (or unknown non-ASCII) */
    K_MARK,      /* combining mark, joiner, variation selector, soft hyphen */
    K_DIGIT,     /* digit */
    K_QUOTE,     /* quotation mark or apostrophe */
    K_DASH,      /* hyphen-minus and dashes */
    K_OPEN,      /* ( [ { */
    K_CLOSE,     /* ) ] } */
    K_INVALID,   /* invalid UTF-8 byte or NUL */
    K_HIGH,      /* table only: a byte >= 0x80, decode it */
    K_END        /* before the start or after the end of the text */
};

#define PU K_PUNCT
#define SP K_SPACE
#define NL K_NL
#define UP K_UPPER
#define LO K_LOWER
#define DG K_DIGIT
#define QU K_QUOTE
#define DA K_DASH
#define OP K_OPEN
#define CL K_CLOSE
#define IV K_INVALID
#define HI K_HIGH
static const unsigned char ascii_class[256] = {
    IV, PU, PU, PU, PU, PU, PU, PU, PU, SP, NL, SP, SP, NL, PU, PU,
    PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU,
    SP, PU, QU, PU, PU, PU, PU, QU, OP, CL, PU, PU, PU, DA, PU, PU,
    DG, DG, DG, DG, DG, DG, DG, DG, DG, DG, PU, PU, PU, PU, PU, PU,
    PU, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, OP, PU, CL, PU, PU,
    PU, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, OP, PU, CL, PU, PU,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
};
#undef PU
#undef SP
#undef NL
#undef UP
#undef LO
#undef DG
#undef QU
#undef DA
#undef OP
#undef CL
#undef IV
#undef HI

/* Internal hint: a plural-possessive apostrophe, never a quotation mark.
 * Stripped before a token is stored. */
#define H_NOQUOTE 0x80000000u

#define IS_WORDK(k) ((k) >= K_UPPER && (k) <= K_DIGIT)
#define IS_ALNUMK(k) ((k) == K_UPPER || (k) == K_LOWER || (k) == K_LETTER || (k) == K_DIGIT)
#define IS_SPACEK(k) ((k) == K_SPACE || (k) == K_NL || (k) == K_PARA || (k) == K_END)
#define IS_ADIGIT(c) ((unsigned)(c) - '0' < 10u)
#define IS_ALETTER(c) ((unsigned)(((c) | 0x20) - 'a') < 26u)
#define IS_AALNUM(c) (IS_ADIGIT(c) || IS_ALETTER(c))

/* ---------------------------------------------------------------- UTF-8 */

static int utf8_dec(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2) goto bad;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) goto bad;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) goto bad;
        if (c == 0xE0 && s[1] < 0xA0) goto bad; /* overlong */
        if (c == 0xED && s[1] >= 0xA0) goto bad; /* surrogate */
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            goto bad;
        if (c == 0xF0 && s[1] < 0x90) goto bad; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) goto bad; /* > U+10FFFF */
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    }
bad:
    *cp = 0xFFFD;
    return 1;
}

int nm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
    if (n == 0) { /* outside the contract; do not read */
        *cp = 0xFFFD;
        return 1;
    }
    return utf8_dec(s, n, cp);
}

/* Class of a code point >= 0x80. */
static int cp_class(uint32_t cp) {
    if (cp < 0x100) {
        if (cp == 0x85) return K_NL;
        if (cp < 0xA0) return K_PUNCT; /* C1 controls */
        if (cp == 0xA0) return K_SPACE;
        if (cp == 0xAB || cp == 0xBB) return K_QUOTE;
        if (cp == 0xAD) return K_MARK;
        if (cp == 0xAA || cp == 0xBA || cp == 0xB5) return K_LOWER;
        if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return K_PUNCT;
        return cp <= 0xDE ? K_UPPER : K_LOWER;
    }
    if (cp < 0x180) { /* Latin Extended-A */
        if (cp == 0x130 || cp == 0x178) return K_UPPER;
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return K_LOWER;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? K_UPPER : K_LOWER;
        return (cp & 1) ? K_LOWER : K_UPPER;
    }
    if (cp < 0x250) { /* Latin Extended-B, the regular parts */
        if (cp >= 0x1CD && cp <= 0x1DC) return (cp & 1) ? K_UPPER : K_LOWER;
        if ((cp >= 0x1DE && cp <= 0x1EF) || (cp >= 0x1F8 && cp <= 0x233))
            return (cp & 1) ? K_LOWER : K_UPPER;
        return K_LETTER;
    }
    if (cp < 0x300) return K_LETTER; /* IPA, modifier letters */
    if (cp < 0x370) return K_MARK;
    if (cp < 0x400) { /* Greek */
        if (cp == 0x37E || cp == 0x387) return K_PUNCT;
        if (cp == 0x386 || (cp >= 0x388 && cp <= 0x38F) || (cp >= 0x391 && cp <= 0x3AB))
            return K_UPPER;
        if (cp == 0x390 || (cp >= 0x3AC && cp <= 0x3CE)) return K_LOWER;
        return K_LETTER;
    }
    if (cp < 0x530) { /* Cyrillic */
        if (cp < 0x430) return K_UPPER;
        if (cp < 0x460) return K_LOWER;
        if (cp == 0x482) return K_PUNCT;
        if (cp >= 0x483 && cp <= 0x489) return K_MARK;
        if (cp == 0x4C0) return K_UPPER;
        if (cp == 0x4CF) return K_LOWER;
        if (cp >= 0x4C1 && cp <= 0x4CE) return (cp & 1) ? K_UPPER : K_LOWER;
        return (cp & 1) ? K_LOWER : K_UPPER;
    }
    if (cp < 0x2000) {
        if (cp == 0x5BE) return K_DASH;
        if (cp == 0x60C || cp == 0x61B || cp == 0x61F || cp == 0x6D4 || (cp >= 0x66A && cp <= 0x66C) ||
            cp == 0x964 || cp == 0x965)
            return K_PUNCT;
        if ((cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9) || (cp >= 0x966 && cp <= 0x96F))
            return K_DIGIT;
        if (cp == 0x1680) return K_SPACE;
        if (cp >= 0x1E00 && cp <= 0x1EFF) { /* Latin Extended Additional */
            if (cp == 0x1E9E) return K_UPPER;
            if (cp >= 0x1E96 && cp <= 0x1E9F) return K_LOWER;
            return (cp & 1) ? K_LOWER : K_UPPER;
        }
        return K_LETTER;
    }
    if (cp < 0x2070) { /* General Punctuation */
        if (cp <= 0x200B) return K_SPACE;
        if (cp <= 0x200D) return K_MARK; /* joiners */
        if (cp <= 0x200F) return K_SPACE; /* direction marks (LRM, RLM): no part of a word */
        if (cp <= 0x2015) return K_DASH;
        if (cp >= 0x2018 && cp <= 0x201F) return K_QUOTE;
        if (cp == 0x2028) return K_NL;
        if (cp == 0x2029) return K_PARA;
        if (cp >= 0x202A && cp <= 0x202E) return K_SPACE; /* direction embeddings */
        if (cp == 0x202F || cp == 0x205F) return K_SPACE;
        if (cp == 0x2039 || cp == 0x203A) return K_QUOTE;
        if (cp >= 0x2066 && cp <= 0x2069) return K_SPACE; /* direction isolates */
        if (cp >= 0x2060) return K_MARK;
        return K_PUNCT;
    }
    if (cp < 0x20A0) return K_LETTER; /* super- and subscripts */
    if (cp < 0x20D0) return K_PUNCT;  /* currency */
    if (cp < 0x2100) return K_MARK;
    if (cp == 0x2212) return K_DASH;  /* minus sign */
    if (cp < 0x2C00) return K_PUNCT;  /* symbols, arrows, math, boxes, dingbats */
    if (cp >= 0x2E00 && cp < 0x2E80) return (cp == 0x2E3A || cp == 0x2E3B) ? K_DASH : K_PUNCT;
    if (cp == 0x3000) return K_SPACE;
    if (cp > 0x3000 && cp < 0x3040) return K_PUNCT;
    if (cp < 0xFE00) return K_LETTER;
    if (cp < 0xFE10) return K_MARK;
    if (cp < 0xFE20) return K_PUNCT;
    if (cp < 0xFE30) return K_MARK;
    if (cp < 0xFE70) return K_PUNCT;
    if (cp == 0xFEFF) return K_SPACE; /* byte order mark / zero-width no-break space */
    if (cp < 0xFF00) return K_LETTER;
    if (cp < 0xFF10 || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
        (cp >= 0xFF5B && cp <= 0xFF65))
        return K_PUNCT;
    if (cp <= 0xFF19) return K_DIGIT;
    if (cp <= 0xFF3A) return K_UPPER;
    if (cp <= 0xFF5A) return K_LOWER;
    if (cp >= 0xFFF0 && cp <= 0xFFFF) return K_PUNCT;
    if (cp >= 0x1F3FB && cp <= 0x1F3FF) return K_MARK; /* skin tones */
    if (cp >= 0x1F000 && cp < 0x1FB00) return K_PUNCT; /* emoji and pictographs */
    if (cp >= 0xE0000 && cp < 0xE0080) return K_MARK;  /* tags */
    if (cp >= 0xE0100 && cp < 0xE01F0) return K_MARK;  /* variation selectors */
    return K_LETTER;
}

/* Class (and code point, length) at s[i]; K_END when i >= len. */
static int class_at(const unsigned char *s, size_t len, size_t i, uint32_t *cp, int *n) {
    unsigned c;
    if (i >= len) {
        *cp = 0;
        *n = 0;
        return K_END;
    }
    c = s[i];
    if (c < 0x80) {
        *cp = c;
        *n = 1;
        return ascii_class[c];
    }
    *n = utf8_dec(s + i, len - i, cp);
    return *n == 1 ? K_INVALID : cp_class(*cp);
}

/* Class of the code point that ends right before s[i]; K_END at i == 0. */
static int class_before(const unsigned char *s, size_t i, uint32_t *cp) {
    size_t j;
    int n;
    if (i == 0) {
        *cp = 0;
        return K_END;
    }
    if (s[i - 1] < 0x80) {
        *cp = s[i - 1];
        return ascii_class[s[i - 1]];
    }
    j = i - 1;
    while (j > 0 && i - j < 4 && (s[j] & 0xC0) == 0x80) j--;
    n = utf8_dec(s + j, i - j, cp);
    if ((size_t)n != i - j || n == 1) return K_INVALID;
    return cp_class(*cp);
}

/* ---------------------------------------------------------------- abbreviations */

enum { AB_NONE = 0, AB_TITLE, AB_SUFFIX, AB_OTHER, AB_NUMBER, AB_CHAIN, AB_INITIAL };

typedef struct {
    char w[8];
    unsigned char kind;
} abbrev_t;

/* Words that keep a following period. AB_TITLE never ends a sentence;
 * AB_SUFFIX (and letter-period chains such as "U.S.") end one only before a
 * capitalized function word; AB_OTHER ends one before any capitalized word;
 * AB_NUMBER ("No.") is an abbreviation only before a digit. Case-sensitive. */
static const abbrev_t abbrevs[] = {
    {"Mr", AB_TITLE}, {"Mrs", AB_TITLE}, {"Ms", AB_TITLE}, {"Messrs", AB_TITLE},
    {"Mme", AB_TITLE}, {"Mlle", AB_TITLE}, {"Dr", AB_TITLE}, {"Prof", AB_TITLE},
    {"Gen", AB_TITLE}, {"Gens", AB_TITLE}, {"Lt", AB_TITLE}, {"Col", AB_TITLE},
    {"Capt", AB_TITLE}, {"Cmdr", AB_TITLE}, {"Cdr", AB_TITLE}, {"Adm", AB_TITLE},
    {"Maj", AB_TITLE}, {"Brig", AB_TITLE}, {"Sgt", AB_TITLE}, {"Cpl", AB_TITLE},
    {"Pvt", AB_TITLE}, {"Gov", AB_TITLE}, {"Govs", AB_TITLE}, {"Sen", AB_TITLE},
    {"Sens", AB_TITLE}, {"Rep", AB_TITLE}, {"Reps", AB_TITLE}, {"Rev", AB_TITLE},
    {"Hon", AB_TITLE}, {"Pres", AB_TITLE}, {"Supt", AB_TITLE}, {"Insp", AB_TITLE},
    {"Det", AB_TITLE}, {"Fr", AB_TITLE}, {"Msgr", AB_TITLE}, {"Rt", AB_TITLE},
    {"St", AB_TITLE}, {"Ste", AB_TITLE}, {"Mt", AB_TITLE}, {"Ft", AB_TITLE},
    {"Jan", AB_TITLE}, {"Feb", AB_TITLE}, {"Mar", AB_TITLE}, {"Apr", AB_TITLE},
    {"Jun", AB_TITLE}, {"Jul", AB_TITLE}, {"Aug", AB_TITLE}, {"Sep", AB_TITLE},
    {"Sept", AB_TITLE}, {"Oct", AB_TITLE}, {"Nov", AB_TITLE}, {"Dec", AB_TITLE},
    {"Mon", AB_TITLE}, {"Tue", AB_TITLE}, {"Tues", AB_TITLE}, {"Wed", AB_TITLE},
    {"Thu", AB_TITLE}, {"Thur", AB_TITLE}, {"Thurs", AB_TITLE}, {"Fri", AB_TITLE},
    {"Sat", AB_TITLE}, {"Sun", AB_TITLE}, {"vs", AB_TITLE}, {"v", AB_TITLE},
    {"No", AB_NUMBER}, {"Nos", AB_NUMBER}, {"Nr", AB_NUMBER},
    {"Inc", AB_SUFFIX}, {"Corp", AB_SUFFIX}, {"Co", AB_SUFFIX}, {"Cos", AB_SUFFIX},
    {"Ltd", AB_SUFFIX}, {"Bros", AB_SUFFIX}, {"Plc", AB_SUFFIX}, {"Jr", AB_SUFFIX},
    {"Sr", AB_SUFFIX}, {"Assn", AB_SUFFIX}, {"Mfg", AB_SUFFIX}, {"Intl", AB_SUFFIX},
    {"etc", AB_OTHER}, {"al", AB_OTHER}, {"approx", AB_OTHER}, {"est", AB_OTHER},
    {"Ave", AB_OTHER}, {"Blvd", AB_OTHER}, {"Rd", AB_OTHER}, {"Dept", AB_OTHER},
    {"Univ", AB_OTHER}, {"Inst", AB_OTHER}, {"Fig", AB_OTHER}, {"fig", AB_OTHER},
    {"vol", AB_OTHER}, {"Vol", AB_OTHER}, {"ed", AB_OTHER}, {"eds", AB_OTHER},
    {"pp", AB_OTHER}, {"cf", AB_OTHER}, {"viz", AB_OTHER}, {"ca", AB_OTHER},
    {"Ala", AB_OTHER}, {"Ariz", AB_OTHER}, {"Ark", AB_OTHER}, {"Calif", AB_OTHER},
    {"Colo", AB_OTHER}, {"Conn", AB_OTHER}, {"Del", AB_OTHER}, {"Fla", AB_OTHER},
    {"Ga", AB_OTHER}, {"Ill", AB_OTHER}, {"Ind", AB_OTHER}, {"Kan", AB_OTHER},
    {"Kans", AB_OTHER}, {"Ky", AB_OTHER}, {"La", AB_OTHER}, {"Md", AB_OTHER},
    {"Mass", AB_OTHER}, {"Mich", AB_OTHER}, {"Minn", AB_OTHER}, {"Miss", AB_OTHER},
    {"Mo", AB_OTHER}, {"Mont", AB_OTHER}, {"Neb", AB_OTHER}, {"Nev", AB_OTHER},
    {"Okla", AB_OTHER}, {"Ore", AB_OTHER}, {"Pa", AB_OTHER}, {"Penn", AB_OTHER},
    {"Tenn", AB_OTHER}, {"Tex", AB_OTHER}, {"Va", AB_OTHER}, {"Vt", AB_OTHER},
    {"Wash", AB_OTHER}, {"Wis", AB_OTHER}, {"Wyo", AB_OTHER},
};

/* Kind of the word w[0..n) (without its period) in the list. */
static int abbrev_word(const unsigned char *w, size_t n) {
    size_t k;
    if (n == 0 || n > 7) return AB_NONE;
    for (k = 0; k < n; k++)
        if (!IS_ALETTER(w[k])) return AB_NONE;
    for (k = 0; k < sizeof abbrevs / sizeof abbrevs[0]; k++)
        if (abbrevs[k].w[0] == (char)w[0] && strlen(abbrevs[k].w) == n && memcmp(abbrevs[k].w, w, n) == 0)
            return abbrevs[k].kind;
    return AB_NONE;
}

/* Length of a letter-period chain starting at s[i] ("U.S.", "e.g.", "Ph.D.":
 * at least two segments of 1-2 ASCII letters, each followed by a period), or
 * 0. */
static size_t chain_len(const unsigned char *s, size_t len, size_t i) {
    size_t p = i, last = 0;
    int nseg = 0;
    for (;;) {
        size_t q = p;
        while (q < len && q - p < 3 && IS_ALETTER(s[q])) q++;
        if (q == p || q - p > 2 || q >= len || s[q] != '.') break;
        p = q + 1;
        nseg++;
        if (nseg >= 2) last = p;
    }
    return last ? last - i : 0;
}

/* Kind of abbreviation of a token w[0..n) that ends with its period. */
static int abbrev_kind(const unsigned char *w, size_t n) {
    size_t k;
    if (n < 2 || w[n - 1] != '.') return AB_NONE;
    if (n == 2 && (unsigned)(w[0] - 'A') < 26u) return AB_INITIAL;
    if (chain_len(w, n, 0) == n) return AB_CHAIN;
    for (k = n - 1; k > 0; k--) /* "D-Mass.": the part after the last hyphen */
        if (w[k - 1] == '-') return abbrev_word(w + k, n - 1 - k);
    return abbrev_word(w, n - 1);
}

/* Capitalized function words: after "U.S."-style abbreviations they start
 * a new sentence. */
static const char *const func_words[] = {
    "The", "He", "She", "It", "They", "We", "I", "But", "And", "A", "An", "In", "On", "This",
    "That", "There", "These", "Those", "His", "Her", "Its", "Their", "Our", "At", "As", "If",
    "For", "So", "Yet", "When", "While", "What", "After", "Before", "You",
};

static int is_func_word(const unsigned char *w, size_t n) {
    size_t k;
    for (k = 0; k < sizeof func_words / sizeof func_words[0]; k++)
        if (strlen(func_words[k]) == n && memcmp(func_words[k], w, n) == 0) return 1;
    return 0;
}

/* ---------------------------------------------------------------- URLs */

static int ieq_prefix(const unsigned char *s, size_t len, size_t i, const char *pre) {
    size_t k;
    for (k = 0; pre[k]; k++)
        if (i + k >= len || (s[i + k] | 0x20) != (unsigned char)pre[k]) return 0;
    return (int)k;
}

/* End of a URL starting at s[i] (http://, https://, ftp://, www.), or 0. */
static size_t url_end(const unsigned char *s, size_t len, size_t i) {
    size_t q, body;
    int m, open = 0;
    if (!(m = ieq_prefix(s, len, i, "http://")) && !(m = ieq_prefix(s, len, i, "https://")) &&
        !(m = ieq_prefix(s, len, i, "ftp://")) && !(m = ieq_prefix(s, len, i, "www.")))
        return 0;
    body = q = i + (size_t)m;
    while (q < len) {
        unsigned c = s[q];
        if (c < 0x80) {
            if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '`' || c == 0x7F) break;
            if (c == '(') open++;
            if (c == ')') open--;
            q++;
        } else {
            uint32_t cp;
            int n = utf8_dec(s + q, len - q, &cp);
            if (n == 1 || !IS_WORDK(cp_class(cp))) break;
            q += (size_t)n;
        }
    }
    /* Trailing punctuation belongs to the sentence. */
    while (q > body) {
        unsigned c = s[q - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '*') {
            q--;
        } else if (c == ')' && open < 0) {
            q--;
            open++;
        } else if (c == ']') {
            q--;
        } else {
            break;
        }
    }
    return q > body ? q : 0;
}

/* End of an e-mail address starting at s[i], or 0. */
static size_t email_end(const unsigned char *s, size_t len, size_t i) {
    size_t q = i, last = 0;
    int ndots = 0;
    while (q < len && (IS_AALNUM(s[q]) || s[q] == '.' || s[q] == '_' || s[q] == '%' || s[q] == '+' ||
                       s[q] == '-'))
        q++;
    if (q == i || q >= len || s[q] != '@') return 0;
    q++;
    for (;;) {
        size_t l = q;
        while (q < len && (IS_AALNUM(s[q]) || s[q] == '-')) q++;
        if (q == l) break;
        last = q;
        if (q + 1 < len && s[q] == '.' && IS_AALNUM(s[q + 1])) {
            q++;
            ndots++;
            continue;
        }
        break;
    }
    return ndots ? last : 0;
}

/* End of a file name starting at s[i] ("report.pdf", "Budget_2024.xlsx"):
 * letters, digits, '_' or '-', one dot and a common document, data, image or
 * media extension, then no letter or digit; 0 when there is none. */
static size_t file_end(const unsigned char *s, size_t len, size_t i) {
    static const char *const exts[] = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt",
                                       "csv", "rtf", "odt", "ods", "odp", "zip", "jpg", "jpeg",
                                       "png", "gif", "tif", "tiff", "mp3", "mp4", "mov", "wav",
                                       "htm", "html", "xml", "json", "exe", NULL};
    size_t p = i, e, n, k;
    char ext[5];
    while (p < len && (IS_AALNUM(s[p]) || s[p] == '_' || s[p] == '-')) p++;
    if (p == i || p + 1 >= len || s[p] != '.') return 0;
    for (e = p + 1; e < len && IS_AALNUM(s[e]); e++) {}
    n = e - p - 1;
    if (n < 3 || n > 4 || (e < len && s[e] >= 0x80)) return 0;
    for (k = 0; k < n; k++) ext[k] = (char)(s[p + 1 + k] | 0x20);
    ext[n] = '\0';
    for (k = 0; exts[k]; k++)
        if (strcmp(ext, exts[k]) == 0) return e;
    return 0;
}

/* End of an @handle or #hashtag starting at s[i] (which holds @ or #), or 0. */
static size_t handle_end(const unsigned char *s, size_t len, size_t i) {
    size_t q = i + 1;
    int letters = 0;
    while (q < len) {
        unsigned c = s[q];
        if (c < 0x80) {
            if (IS_ALETTER(c)) letters = 1;
            else if (!IS_ADIGIT(c) && c != '_') break;
            q++;
        } else {
            uint32_t cp;
            int n = utf8_dec(s + q, len - q, &cp), k;
            if (n == 1) break;
            k = cp_class(cp);
            if (!IS_WORDK(k)) break;
            if (k != K_MARK && k != K_DIGIT) letters = 1;
            q += (size_t)n;
        }
    }
    return letters ? q : 0;
}

/* ---------------------------------------------------------------- words */

/* Is s[i] the start of a letter or digit? */
static int alnum_at(const unsigned char *s, size_t len, size_t i) {
    uint32_t cp;
    int n, k = class_at(s, len, i, &cp, &n);
    return IS_ALNUMK(k);
}

/* Clitic letters after an apostrophe at s[i]: 1 for 's, 2 for 're 've 'm 'll
 * 'd, 3 for 't; the number of letters in *nl. 0 when the letters that follow
 * are not a clitic that ends the word. */
static int clitic_at(const unsigned char *s, size_t len, size_t i, size_t *nl) {
    size_t q = i, n;
    unsigned a, b;
    while (q < len && q - i < 3 && IS_ALETTER(s[q])) q++;
    n = q - i;
    if (n == 0 || n > 2 || alnum_at(s, len, q)) return 0;
    *nl = n;
    a = s[i] | 0x20;
    b = n == 2 ? (s[i + 1] | 0x20u) : 0;
    if (n == 1 && a == 's') return 1;
    if (n == 1 && (a == 'm' || a == 'd')) return 2;
    if (n == 2 && ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))) return 2;
    if (n == 1 && a == 't') return 3;
    return 0;
}

/* End of a word token starting at s[i] (a letter, digit or mark). */
static size_t scan_word(const unsigned char *s, size_t len, size_t i, uint32_t *hint) {
    size_t start = i, p = i, q, seg = i;
    int prev = K_END, pure = 1;
    unsigned c0 = s[i] | 0x20;

    if ((c0 == 'h' || c0 == 'w' || c0 == 'f') && (q = url_end(s, len, i)) != 0) {
        *hint |= NM_TF_URL;
        return q;
    }
    while (p < len) {
        unsigned c = s[p];
        int alen = 1;
        if (c < 0x80) {
            int k = ascii_class[c];
            if (k == K_UPPER || k == K_LOWER) {
                prev = k;
                p++;
                continue;
            }
            if (k == K_DIGIT) {
                pure = 0;
                prev = k;
                p++;
                continue;
            }
            if (c == '-') goto hyphen;
            if (c == '\'') goto apostrophe;
            if (c == '.') {
                if (prev == K_DIGIT && p + 1 < len && IS_ADIGIT(s[p + 1])) {
                    pure = 0;
                    prev = K_PUNCT;
                    p++;
                    continue;
                }
                if (pure && p - start <= 2) {
                    if ((q = chain_len(s, len, start)) != 0) {
                        p = start + q;
                        if (p + 1 < len && s[p] == '-' && IS_ALETTER(s[p + 1])) {
                            pure = 0;
                            prev = K_DASH;
                            p++;
                            continue;
                        }
                        return p;
                    }
                }
                break;
            }
            if (c == ',' || c == ':' || c == '/') {
                if (prev == K_DIGIT && p + 1 < len && IS_ADIGIT(s[p + 1])) {
                    pure = 0;
                    prev = K_PUNCT;
                    p++;
                    continue;
                }
            }
            break;
        } else {
            uint32_t cp;
            int n = utf8_dec(s + p, len - p, &cp), k;
            if (n == 1) break;
            k = cp_class(cp);
            if (IS_WORDK(k)) {
                pure = 0;
                if (k != K_MARK || prev == K_END) prev = k == K_MARK ? K_LETTER : k;
                p += (size_t)n;
                continue;
            }
            alen = n;
            if (cp == 0x2019) goto apostrophe;
            if (cp == 0x2010 || cp == 0x2011) goto hyphen;
            break;
        }
    hyphen:
        if (IS_ALNUMK(prev) && alnum_at(s, len, p + (size_t)alen)) {
            pure = 0;
            prev = K_DASH;
            p += (size_t)alen;
            seg = p;
            continue;
        }
        break;
    apostrophe:
        if (IS_ALNUMK(prev) && alnum_at(s, len, p + (size_t)alen)) {
            size_t nl = 0;
            int cl = clitic_at(s, len, p + (size_t)alen, &nl);
            if (cl == 1 || cl == 2) break; /* "Ruiz" + "'s", "they" + "'re" */
            if (cl == 3 && (s[p - 1] | 0x20) == 'n') {
                if (p - 1 == start) return p + (size_t)alen + nl; /* the "n't" itself */
                return p - 1;                                     /* "do" + "n't" */
            }
            pure = 0;
            prev = K_QUOTE;
            p += (size_t)alen;
            continue;
        }
        break;
    }
    /* a file name ("UnleadedStocks.pdf"): one token, never part of a name */
    if (p < len && (s[p] == '.' || s[p] == '_') && (q = file_end(s, len, start)) > p) {
        *hint |= NM_TF_URL;
        return q;
    }
    /* A period that belongs to an abbreviation or an initial; after a
     * hyphen the last part counts ("D-Mass."). */
    if (p < len && s[p] == '.' && !pure && p - seg <= 7 && seg > start && abbrev_word(s + seg, p - seg) > AB_NONE)
        return p + 1;
    if (p < len && s[p] == '.' && pure && p - start <= 7) {
        int kind = (p - start == 1 && s[start] <= 'Z') ? AB_INITIAL : abbrev_word(s + start, p - start);
        if (kind == AB_NUMBER) {
            q = p + 1;
            while (q < len && (s[q] == ' ' || s[q] == '\t')) q++;
            if (!(q < len && IS_ADIGIT(s[q]))) kind = AB_NONE;
        }
        if (kind != AB_NONE) return p + 1;
    }
    if (p < len && (s[p] == '@' || s[p] == '.' || s[p] == '_' || s[p] == '+') &&
        (q = email_end(s, len, start)) > p) {
        *hint |= NM_TF_URL;
        return q;
    }
    return p;
}

/* An elided century after the apostrophe ending at q: '90s, ’80s, and
 * ‘08 written with an opening-shaped mark. The token's end, or q. */
static size_t elided_year(const unsigned char *s, size_t len, size_t q) {
    if (q + 1 < len && IS_ADIGIT(s[q]) && IS_ADIGIT(s[q + 1])) {
        size_t e = q + 2;
        if (e < len && s[e] == 's') e++;
        if (!alnum_at(s, len, e)) return e;
    }
    return q;
}

/* End of a token that starts with a quotation mark or apostrophe (code
 * point cp of n bytes) at s[i]. */
static size_t scan_quote(const unsigned char *s, size_t len, size_t i, uint32_t cp, int n, uint32_t *hint) {
    size_t q = i + (size_t)n, nl = 0;
    uint32_t pcp = 0;
    int pk;
    if (cp == 0x2018 && !IS_ALNUMK(class_before(s, i, &pcp))) return elided_year(s, len, q);
    if (cp != '\'' && cp != 0x2019) return q;
    pk = class_before(s, i, &pcp);
    if (IS_ALNUMK(pk)) {
        int cl = clitic_at(s, len, q, &nl);
        if (cl == 1 || cl == 2) {
            if (cl == 1) *hint |= NM_TF_POSS;
            return q + nl;
        }
        if ((pcp | 0x20) == 's' && !alnum_at(s, len, q)) {
            *hint |= NM_TF_POSS | H_NOQUOTE; /* plural possessive: "voters'" */
            return q;
        }
        return q;
    }
    if (pcp == '\'') return q; /* the second mark of '' before a number: ''10 times */
    return elided_year(s, len, q);
}

/* End of a punctuation token (class k, code point cp of n bytes) at s[i]. */
static size_t scan_punct(const unsigned char *s, size_t len, size_t i, uint32_t cp, int n, int k,
                         uint32_t *hint) {
    size_t e = i + (size_t)n, q;
    if (k == K_OPEN || k == K_CLOSE) return e;
    if (cp == '@' || cp == '#') {
        if ((q = handle_end(s, len, i)) != 0) {
            *hint |= NM_TF_URL;
            return q;
        }
    }
    if (cp >= 0x20) /* runs of the same mark: "...", "!!", "--", "——" */
        while (e + (size_t)n <= len && memcmp(s + e, s + i, (size_t)n) == 0) e += (size_t)n;
    if (cp >= 0x80) { /* emoji modifiers, variation selectors, joiners */
        uint32_t c2;
        int n2;
        while (class_at(s, len, e, &c2, &n2) == K_MARK) e += (size_t)n2;
    }
    return e;
}

/* ---------------------------------------------------------------- flags */

static int quote_family(uint32_t cp) {
    switch (cp) {
    case '"': case 0x201C: case 0x201D: case 0x201E: case 0x201F: return NM_QF_DOUBLE;
    case '\'': case 0x2018: case 0x2019: case 0x201A: case 0x201B: return NM_QF_SINGLE;
    case 0xAB: case 0xBB: return NM_QF_GUILLEMET;
    default: return NM_QF_SGUILLEMET; /* 0x2039, 0x203A */
    }
}

/* Direction of the quotation mark cp at s[b..e). */
static int quote_dir(const unsigned char *s, size_t len, size_t b, size_t e, uint32_t cp) {
    uint32_t pcp, ncp;
    int pk, nk, nn;
    switch (cp) {
    case 0x201D: case 0x2019: case 0xBB: case 0x203A: return NM_Q_CLOSE;
    case '"': case '\'': break;
    default: return NM_Q_OPEN; /* “ ‘ „ ‚ ‛ ‟ « ‹ */
    }
    pk = class_before(s, b, &pcp);
    nk = class_at(s, len, e, &ncp, &nn);
    if ((IS_SPACEK(pk) || pk == K_OPEN || pk == K_DASH || pk == K_QUOTE) && !IS_SPACEK(nk))
        return NM_Q_OPEN;
    if (!IS_SPACEK(pk) && (IS_SPACEK(nk) || nk == K_PUNCT || nk == K_QUOTE || nk == K_DASH || nk == K_CLOSE))
        return NM_Q_CLOSE;
    return NM_Q_EITHER;
}

/* Is s[b..e) a number: 12, 4.2, 1,000, 3:30, 2022-23, 3rd, 1990s, 5m, '90s? */
static int is_number(const unsigned char *s, size_t b, size_t e) {
    size_t q = b, l;
    if (s[q] == '\'') q++;
    else if (e - q > 3 && s[q] == 0xE2 && s[q + 1] == 0x80 && (s[q + 2] == 0x99 || s[q + 2] == 0x98))
        q += 3;
    if (q >= e || !IS_ADIGIT(s[q])) return 0;
    for (;;) {
        while (q < e && IS_ADIGIT(s[q])) q++;
        if (q + 1 < e && (s[q] == '.' || s[q] == ',' || s[q] == ':' || s[q] == '/' || s[q] == '-') &&
            IS_ADIGIT(s[q + 1])) {
            q++;
            continue;
        }
        break;
    }
    l = q;
    while (q < e && IS_ALETTER(s[q])) q++;
    return q == e && q - l <= 3;
}

/* Flags, quote direction and family of the token t->start..t->end. */
static void tok_classify(const unsigned char *s, size_t len, nm_tok_t *t, uint32_t hint) {
    size_t b = t->start, e = t->end, q = b;
    uint32_t f = 0, pend = 0, cp = 0, firstcp = 0, prevcp = 0;
    int nlet = 0, nup = 0, first = 0, restlow = 1, ndig = 0, npun = 0, ndash = 0, nq = 0;
    int prev = K_END;

    t->quote = 0;
    t->qfam = 0;
    t->pad = 0;
    t->lex = 0;
    if (hint & NM_TF_INVALID) {
        t->flags = NM_TF_INVALID;
        return;
    }
    while (q < e) {
        int n, k;
        unsigned c = s[q];
        if (c < 0x80) {
            k = ascii_class[c];
            cp = c;
            n = 1;
        } else {
            n = utf8_dec(s + q, e - q, &cp);
            k = n == 1 ? K_INVALID : cp_class(cp);
        }
        if (q == b) firstcp = cp;
        if (pend) {
            if (IS_ALNUMK(k)) f |= pend;
            pend = 0;
        }
        switch (k) {
        case K_UPPER:
            nlet++;
            nup++;
            if (nlet == 1) first = K_UPPER;
            else restlow = 0;
            break;
        case K_LOWER:
            nlet++;
            if (nlet == 1) first = K_LOWER;
            break;
        case K_LETTER:
            nlet++;
            if (nlet == 1) first = K_LETTER;
            else restlow = 0;
            break;
        case K_MARK: break; /* combining marks belong to their letter */
        case K_DIGIT: ndig++; break;
        case K_DASH:
            npun++;
            ndash++;
            if ((cp == '-' || cp == 0x2010 || cp == 0x2011) && (IS_ALNUMK(prev) || prevcp == '.'))
                pend = NM_TF_HYPHEN; /* "well-known", "U.S.-based" */
            break;
        case K_QUOTE:
            npun++;
            nq++;
            if ((cp == '\'' || cp == 0x2019) && IS_ALNUMK(prev)) pend = NM_TF_APOS;
            break;
        default: npun++; break;
        }
        if (k != K_MARK) {
            prev = k;
            prevcp = cp;
        }
        q += (size_t)n;
    }
    if (nlet) {
        f |= NM_TF_ALPHA;
        if (first == K_UPPER) {
            f |= NM_TF_UPPER;
            if (restlow) f |= NM_TF_TITLECASE;
            if (nlet >= 2 && nup == nlet) f |= NM_TF_ALLCAPS;
        } else if (first == K_LOWER) {
            f |= NM_TF_LOWER;
        }
    }
    if (ndig) {
        f |= NM_TF_DIGIT;
        if (is_number(s, b, e)) f |= NM_TF_NUMBER;
    }
    if (!nlet && !ndig && npun) {
        f |= NM_TF_PUNCT;
        if (ndash == npun) f |= NM_TF_DASH;
        if (nq == 1 && npun == 1 && !(hint & H_NOQUOTE)) {
            f |= NM_TF_QUOTE;
            t->quote = (uint8_t)quote_dir(s, len, b, e, firstcp);
            t->qfam = (uint8_t)quote_family(firstcp);
        }
    }
    if (hint & H_NOQUOTE) { /* plural possessive: a closing mark only as a fallback */
        t->quote = NM_Q_CLOSE;
        t->qfam = NM_QF_SINGLE;
    }
    if (nlet && e - b >= 2 && s[e - 1] == '.') {
        int kind = abbrev_kind(s + b, e - b);
        if (kind != AB_NONE) f |= NM_TF_ABBREV;
        if (kind == AB_INITIAL) f |= NM_TF_INITIAL;
    }
    /* The 's clitic. */
    if ((e - b == 2 && s[b] == '\'' && (s[b + 1] | 0x20) == 's') ||
        (e - b == 4 && s[b] == 0xE2 && s[b + 1] == 0x80 && s[b + 2] == 0x99 && (s[b + 3] | 0x20) == 's'))
        f |= NM_TF_POSS;
    t->flags = f | (hint & ~H_NOQUOTE);
}

/* ---------------------------------------------------------------- sentences */

/* Does the punctuation token end a sentence (. ! ? … and the like)? */
static int is_final_punct(const unsigned char *s, const nm_tok_t *t) {
    size_t q = t->start;
    while (q < t->end) {
        uint32_t cp;
        int n = utf8_dec(s + q, t->end - q, &cp);
        if (!(cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x203C || cp == 0x2047 ||
              cp == 0x2048 || cp == 0x2049 || cp == 0x061F || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F))
            return 0;
        q += (size_t)n;
    }
    return 1;
}

/* Markdown list or heading marker at line start: "- ", "* ", "+ ", "1. ",
 * "1) ", "# ". Returns 2 for a heading, 1 for a list item, else 0. */
static int md_marker(const unsigned char *s, const nm_tok_t *tok, size_t i, size_t n) {
    const nm_tok_t *t = &tok[i];
    size_t l = t->end - t->start;
    unsigned c = s[t->start];
    if (i + 1 >= n || !(tok[i + 1].flags & NM_TF_SPACE_BEFORE) || (tok[i + 1].flags & NM_TF_LINE_START)) {
        /* a number marker is followed by its period, checked below */
        if (!(i + 2 < n && (t->flags & NM_TF_NUMBER))) return 0;
    }
    if (c == '#' && l <= 6 && (t->flags & NM_TF_PUNCT)) return 2;
    if (l == 1 && (c == '-' || c == '*' || c == '+')) return 1;
    if ((t->flags & NM_TF_NUMBER) && l <= 3 && i + 2 < n) {
        const nm_tok_t *d = &tok[i + 1];
        size_t k;
        for (k = t->start; k < t->end; k++)
            if (!IS_ADIGIT(s[k])) return 0;
        if (d->start == t->end && d->end == d->start + 1 && (s[d->start] == '.' || s[d->start] == ')') &&
            (tok[i + 2].flags & NM_TF_SPACE_BEFORE) && !(tok[i + 2].flags & NM_TF_LINE_START))
            return 1;
    }
    return 0;
}

/* Does token j (the one after a sentence-final mark) start a sentence? */
static int starts_sentence(const unsigned char *s, const nm_tok_t *t) {
    if (t->flags & NM_TF_UPPER) {
        /* the first letter must be the first character */
        return !(t->flags & (NM_TF_PUNCT | NM_TF_URL)) && !IS_ADIGIT(s[t->start]);
    }
    if (IS_ADIGIT(s[t->start])) return 1;
    if ((t->flags & NM_TF_QUOTE) && t->quote == NM_Q_OPEN) return 1;
    return s[t->start] == '(' && (t->flags & NM_TF_PUNCT);
}

/* Mark sentence starts in the tokens and build tk->sent. */
static int split_sentences(const unsigned char *s, nm_tokens_t *tk) {
    nm_tok_t *tok = tk->tok;
    size_t n = tk->ntok, i, begin = 0;
    int heading = 0;

    for (i = 0; i < n; i++) {
        nm_tok_t *t = &tok[i];
        int end = 0;
        size_t j;
        if (i == 0) t->flags |= NM_TF_SENT_START;
        if (t->flags & NM_TF_LINE_START) {
            int m = md_marker(s, tok, i, n);
            if (m || heading) t->flags |= NM_TF_SENT_START;
            heading = m == 2;
        }
        if (i + 1 >= n) break;
        if ((t->flags & NM_TF_PUNCT) && !(t->flags & NM_TF_QUOTE) && is_final_punct(s, t)) {
            const nm_tok_t *u = &tok[i + 1];
            end = 1;
            /* `(D-R.I.)`, `(D-W.Va.)`: a period between a hyphenated letter
             * and a short abbreviation written on to it ends nothing */
            if (s[t->start] == '.' && t->end == t->start + 1 && !(u->flags & NM_TF_SPACE_BEFORE) &&
                (u->flags & NM_TF_UPPER) && u->end - u->start <= 4 &&
                (u->end - u->start == 1 || s[u->end - 1] == '.') && i > 0 &&
                tok[i - 1].end == t->start && tok[i - 1].end - tok[i - 1].start >= 2 &&
                s[tok[i - 1].end - 2] == '-')
                end = 0;
        } else if ((t->flags & NM_TF_ABBREV) && !(t->flags & NM_TF_INITIAL)) {
            int kind = abbrev_kind(s + t->start, t->end - t->start);
            end = kind == AB_CHAIN || kind == AB_SUFFIX ? 2 : kind == AB_OTHER ? 1 : 0;
        }
        if (!end) continue;
        /* closing quotes and brackets right after the mark stay in the sentence */
        j = i + 1;
        while (j < n && !(tok[j].flags & NM_TF_SPACE_BEFORE) &&
               (((tok[j].flags & NM_TF_QUOTE) && tok[j].quote != NM_Q_OPEN) ||
                ((tok[j].flags & NM_TF_PUNCT) && tok[j].end - tok[j].start == 1 &&
                 (s[tok[j].start] == ')' || s[tok[j].start] == ']' || s[tok[j].start] == '}'))))
            j++;
        if (j >= n) break;
        /* (after an abbreviation, a quotation that opens on a lower-case
         * word goes on the sentence: `the U.S. "does not have ..."`) */
        if (end == 1 ? starts_sentence(s, &tok[j])
                     : (((tok[j].flags & NM_TF_QUOTE) && tok[j].quote == NM_Q_OPEN &&
                         !(j + 1 < n && (tok[j + 1].flags & NM_TF_LOWER))) ||
                        ((tok[j].flags & NM_TF_UPPER) &&
                         is_func_word(s + tok[j].start, tok[j].end - tok[j].start))))
            tok[j].flags |= NM_TF_SENT_START;
        i = j - 1; /* tokens in between cannot end a sentence themselves */
    }
    tk->nsent = 0;
    for (i = 1; i <= n; i++) {
        if (i == n || (tok[i].flags & NM_TF_SENT_START)) {
            if (NM_GROW(tk->sent, tk->nsent, tk->sentcap, 1)) return NM_ENOMEM;
            tk->sent[tk->nsent].begin = (uint32_t)begin;
            tk->sent[tk->nsent].end = (uint32_t)i;
            tk->nsent++;
            tok[i - 1].flags |= NM_TF_SENT_END;
            begin = i;
        }
    }
    return NM_OK;
}

/* ---------------------------------------------------------------- API */

void nm_tokens_init(nm_tokens_t *tk) { memset(tk, 0, sizeof *tk); }

void nm_tokens_finish(nm_tokens_t *tk) {
    free(tk->tok);
    free(tk->sent);
    memset(tk, 0, sizeof *tk);
}

int nm_tokenize(const char *text, size_t len, nm_tokens_t *tk) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, nl = 0;
    int first = 1, space = 1;

    tk->ntok = tk->nsent = 0;
    if (len > (size_t)UINT32_MAX) return NM_ETOOBIG;
    while (i < len) {
        unsigned c = s[i];
        uint32_t cp, hint = 0, f = 0;
        int k, n;
        size_t end;
        nm_tok_t *t;

        if (NM_LIKELY(c < 0x80)) {
            k = ascii_class[c];
            cp = c;
            n = 1;
        } else {
            n = utf8_dec(s + i, len - i, &cp);
            k = n == 1 ? K_INVALID : cp_class(cp);
        }
        switch (k) {
        case K_SPACE:
            i += (size_t)n;
            space = 1;
            continue;
        case K_NL:
            if (c == '\r' && i + 1 < len && s[i + 1] == '\n') n = 2;
            i += (size_t)n;
            nl++;
            space = 1;
            continue;
        case K_PARA:
            i += (size_t)n;
            nl += 2;
            space = 1;
            continue;
        case K_UPPER: case K_LOWER: case K_LETTER: case K_MARK: case K_DIGIT:
            end = scan_word(s, len, i, &hint);
            break;
        case K_QUOTE: end = scan_quote(s, len, i, cp, n, &hint); break;
        case K_INVALID:
            end = i + 1;
            hint = NM_TF_INVALID;
            break;
        default: end = scan_punct(s, len, i, cp, n, k, &hint); break;
        }
        if (space) f |= NM_TF_SPACE_BEFORE;
        if (first || nl) f |= NM_TF_LINE_START;
        if (first || nl >= 2) f |= NM_TF_PARA_START | NM_TF_SENT_START;
        if (NM_GROW(tk->tok, tk->ntok, tk->tokcap, 1)) return NM_ENOMEM;
        t = &tk->tok[tk->ntok++];
        t->start = (uint32_t)i;
        t->end = (uint32_t)end;
        tok_classify(s, len, t, hint);
        t->flags |= f;
        first = 0;
        nl = 0;
        space = 0;
        i = end;
    }
    return split_sentences(s, tk);
}

int nm_tokens_from_spans(const char *text, size_t len, const nm_span_t *spans,
                         const unsigned char *sent_start, size_t n, nm_tokens_t *tk) {
    const unsigned char *s = (const unsigned char *)text;
    size_t k, prev_end = 0, begin = 0;

    tk->ntok = tk->nsent = 0;
    if (len > (size_t)UINT32_MAX) return NM_ETOOBIG;
    for (k = 0; k < n; k++)
        if (spans[k].start >= spans[k].end || spans[k].end > len || (k && spans[k].start < spans[k - 1].end))
            return NM_EINVAL;
    if (n == 0) return NM_OK;
    if (NM_GROW(tk->tok, tk->ntok, tk->tokcap, n)) return NM_ENOMEM;
    for (k = 0; k < n; k++) {
        nm_tok_t *t = &tk->tok[k];
        size_t b = spans[k].start, q = prev_end, nl = 0;
        size_t e = spans[k].end;
        uint32_t f = 0, cp, hint = 0;
        int m;
        t->start = spans[k].start;
        t->end = spans[k].end;
        if (e - b == 1 && (s[b] == 0 || s[b] >= 0x80)) /* a lone byte >= 0x80 is never valid */
            hint = NM_TF_INVALID;
        else if (k && prev_end == b && (e - b == 1 ? s[b] == '\'' : (e - b == 3 && s[b] == 0xE2 &&
                 s[b + 1] == 0x80 && s[b + 2] == 0x99)) && (s[b - 1] | 0x20) == 's' && !alnum_at(s, len, e))
            hint = NM_TF_POSS | H_NOQUOTE; /* plural possessive, as nm_tokenize */
        else if (url_end(s, e, b) == e || email_end(s, e, b) == e || file_end(s, e, b) == e ||
                 ((s[b] == '@' || s[b] == '#') && handle_end(s, e, b) == e))
            hint = NM_TF_URL;
        tok_classify(s, len, t, hint);
        while (q < b) { /* newlines in the gap */
            int kk = class_at(s, b, q, &cp, &m);
            if (kk == K_NL) {
                if (s[q] == '\r' && q + 1 < b && s[q + 1] == '\n') m = 2;
                nl++;
            } else if (kk == K_PARA) {
                nl += 2;
            }
            q += (size_t)(m ? m : 1);
        }
        if (IS_SPACEK(class_before(s, b, &cp))) f |= NM_TF_SPACE_BEFORE;
        if (k == 0 || nl) f |= NM_TF_LINE_START;
        if (k == 0 || nl >= 2) f |= NM_TF_PARA_START;
        if (k == 0 || (sent_start && sent_start[k])) f |= NM_TF_SENT_START;
        if (k + 1 == n || (sent_start && sent_start[k + 1])) f |= NM_TF_SENT_END;
        t->flags |= f;
        if (k && (f & NM_TF_SENT_START)) {
            if (NM_GROW(tk->sent, tk->nsent, tk->sentcap, 1)) return NM_ENOMEM;
            tk->sent[tk->nsent].begin = (uint32_t)begin;
            tk->sent[tk->nsent].end = (uint32_t)k;
            tk->nsent++;
            begin = k;
        }
        prev_end = t->end;
    }
    tk->ntok = n;
    if (NM_GROW(tk->sent, tk->nsent, tk->sentcap, 1)) return NM_ENOMEM;
    tk->sent[tk->nsent].begin = (uint32_t)begin;
    tk->sent[tk->nsent].end = (uint32_t)n;
    tk->nsent++;
    return NM_OK;
}
