/*
 * fuzz_tokenize.c - nm_tokenize and nm_tokens_from_spans on arbitrary bytes.
 *
 * Invariants checked:
 *   - every token is non-empty, inside the text, after the previous one, and
 *     starts and ends on a character boundary (nm_utf8_decode's view, where
 *     an invalid byte is a character of its own);
 *   - no ASCII byte other than white space is left between tokens (no text
 *     is lost); NUL and invalid bytes are one-byte NM_TF_INVALID tokens;
 *   - sentences tile the tokens: in order, non-empty, contiguous, from 0 to
 *     ntok; NM_TF_SENT_START exactly on the first token of each sentence and
 *     NM_TF_SENT_END on the last; quote tokens carry a direction and family;
 *   - tokenizing again into a fresh nm_tokens_t gives the same tokens, flags
 *     and sentences (no state carried over in a reused one);
 *   - nm_tokens_from_spans with the tokenizer's own spans and sentence starts
 *     gives the same spans and sentences; with spans cut from the input it
 *     gives exactly those spans; with arbitrary (possibly overlapping or
 *     out-of-range) spans it returns NM_EINVAL exactly when they break the
 *     contract, and never reads outside the text.
 */
#include "fuzz_common.h"

#include <stdint.h>

static nm_tokens_t reused; /* grows across inputs, like a long-lived result */

static int is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static void check_tokens(const unsigned char *s, size_t len, const nm_tokens_t *tk,
                         const unsigned char *boundary, int check_gaps) {
    size_t k, prev = 0, si;
    for (k = 0; k < tk->ntok; k++) {
        const nm_tok_t *t = &tk->tok[k];
        FZ_CHECK(t->start < t->end, "token %zu empty or reversed [%u,%u)", k, t->start, t->end);
        FZ_CHECK(t->end <= len, "token %zu [%u,%u) past the text (%zu)", k, t->start, t->end, len);
        FZ_CHECK(t->start >= prev, "token %zu [%u,%u) overlaps the previous end %zu", k, t->start,
                 t->end, prev);
        if (boundary) {
            FZ_CHECK(boundary[t->start], "token %zu starts inside a character at %u", k, t->start);
            FZ_CHECK(boundary[t->end], "token %zu ends inside a character at %u", k, t->end);
        }
        if (check_gaps) {
            size_t g;
            for (g = prev; g < t->start; g++)
                FZ_CHECK(s[g] >= 0x80 || is_ascii_space(s[g]),
                         "byte 0x%02x at %zu lost between tokens", s[g], g);
        }
        if (t->flags & NM_TF_QUOTE) {
            FZ_CHECK(t->quote >= NM_Q_OPEN && t->quote <= NM_Q_EITHER, "token %zu quote dir %u", k,
                     t->quote);
            FZ_CHECK(t->qfam >= NM_QF_DOUBLE && t->qfam <= NM_QF_SGUILLEMET,
                     "token %zu quote family %u", k, t->qfam);
        }
        if (t->flags & NM_TF_INVALID)
            FZ_CHECK(t->end - t->start == 1, "invalid token %zu is %u bytes", k, t->end - t->start);
        prev = t->end;
    }
    if (check_gaps) {
        size_t g;
        for (g = prev; g < len; g++)
            FZ_CHECK(s[g] >= 0x80 || is_ascii_space(s[g]), "byte 0x%02x at %zu lost after the last token",
                     s[g], g);
        for (k = 0; k < tk->ntok; k++) {
            const nm_tok_t *t = &tk->tok[k];
            if (s[t->start] == 0)
                FZ_CHECK(t->end - t->start == 1 && (t->flags & NM_TF_INVALID),
                         "NUL at %u not a one-byte invalid token", t->start);
        }
    }
    if (tk->ntok == 0) return;
    FZ_CHECK(tk->nsent >= 1, "%zu tokens but no sentence", tk->ntok);
    for (si = 0; si < tk->nsent; si++) {
        const nm_sent_t *st = &tk->sent[si];
        FZ_CHECK(st->begin < st->end, "sentence %zu empty [%u,%u)", si, st->begin, st->end);
        FZ_CHECK(st->begin == (si ? tk->sent[si - 1].end : 0), "sentence %zu begins at %u", si,
                 st->begin);
        FZ_CHECK(st->end <= tk->ntok, "sentence %zu ends at %u of %zu", si, st->end, tk->ntok);
        FZ_CHECK(tk->tok[st->begin].flags & NM_TF_SENT_START, "sentence %zu start unflagged", si);
        FZ_CHECK(tk->tok[st->end - 1].flags & NM_TF_SENT_END, "sentence %zu end unflagged", si);
        for (k = st->begin + 1; k < st->end; k++)
            FZ_CHECK(!(tk->tok[k].flags & NM_TF_SENT_START), "token %zu SENT_START inside sentence %zu",
                     k, si);
    }
    FZ_CHECK(tk->sent[tk->nsent - 1].end == tk->ntok, "sentences end at %u of %zu tokens",
             tk->sent[tk->nsent - 1].end, tk->ntok);
}

static void same_tokens(const nm_tokens_t *a, const nm_tokens_t *b, int flags_too, const char *what) {
    size_t k;
    FZ_CHECK(a->ntok == b->ntok, "%s: %zu vs %zu tokens", what, a->ntok, b->ntok);
    FZ_CHECK(a->nsent == b->nsent, "%s: %zu vs %zu sentences", what, a->nsent, b->nsent);
    for (k = 0; k < a->ntok; k++) {
        FZ_CHECK(a->tok[k].start == b->tok[k].start && a->tok[k].end == b->tok[k].end,
                 "%s: token %zu [%u,%u) vs [%u,%u)", what, k, a->tok[k].start, a->tok[k].end,
                 b->tok[k].start, b->tok[k].end);
        if (flags_too)
            FZ_CHECK(a->tok[k].flags == b->tok[k].flags && a->tok[k].quote == b->tok[k].quote &&
                         a->tok[k].qfam == b->tok[k].qfam,
                     "%s: token %zu flags %#x/%u/%u vs %#x/%u/%u", what, k, a->tok[k].flags,
                     a->tok[k].quote, a->tok[k].qfam, b->tok[k].flags, b->tok[k].quote,
                     b->tok[k].qfam);
    }
    for (k = 0; k < a->nsent; k++)
        FZ_CHECK(a->sent[k].begin == b->sent[k].begin && a->sent[k].end == b->sent[k].end,
                 "%s: sentence %zu differs", what, k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Copy into an exact-size heap block so ASan catches a read one past it. */
    unsigned char *s = malloc(size ? size : 1);
    unsigned char *boundary = calloc(size + 1, 1);
    nm_tokens_t fresh, spans_tk;
    nm_span_t *sp = NULL;
    unsigned char *ss = NULL;
    size_t i, n, cut;
    int rc;

    if (!s || !boundary) abort();
    if (size) memcpy(s, data, size);
    for (i = 0; i < size;) {
        uint32_t cp;
        boundary[i] = 1;
        i += (size_t)nm_utf8_decode(s + i, size - i, &cp);
    }
    boundary[size] = 1;

    rc = nm_tokenize((const char *)s, size, &reused);
    FZ_CHECK(rc == NM_OK, "nm_tokenize returned %d", rc);
    check_tokens(s, size, &reused, boundary, 1);

    nm_tokens_init(&fresh);
    rc = nm_tokenize((const char *)s, size, &fresh);
    FZ_CHECK(rc == NM_OK, "nm_tokenize (fresh) returned %d", rc);
    same_tokens(&reused, &fresh, 1, "reused vs fresh tokens");

    /* From the tokenizer's own spans and sentence starts. */
    nm_tokens_init(&spans_tk);
    n = fresh.ntok;
    sp = malloc((size > n ? size : n ? n : 1) * sizeof *sp); /* room for size spans */
    ss = calloc(size > n ? size : n ? n : 1, 1);
    if (!sp || !ss) abort();
    for (i = 0; i < n; i++) {
        sp[i].start = fresh.tok[i].start;
        sp[i].end = fresh.tok[i].end;
        ss[i] = (fresh.tok[i].flags & NM_TF_SENT_START) != 0;
    }
    rc = nm_tokens_from_spans((const char *)s, size, sp, ss, n, &spans_tk);
    FZ_CHECK(rc == NM_OK, "nm_tokens_from_spans (own spans) returned %d", rc);
    if (n) same_tokens(&fresh, &spans_tk, 0, "tokenize vs from_spans");
    check_tokens(s, size, &spans_tk, boundary, 0);

    /* Spans cut from the input: runs of non-space bytes, cut every `cut`
     * bytes (not on character boundaries: from_spans must cope). */
    cut = size ? 1 + (size_t)(s[0] % 24) : 1;
    n = 0;
    for (i = 0; i < size;) {
        size_t b;
        while (i < size && is_ascii_space(s[i])) i++;
        b = i;
        while (i < size && !is_ascii_space(s[i]) && i - b < cut) i++;
        if (i > b) {
            sp[n].start = (uint32_t)b;
            sp[n].end = (uint32_t)i;
            ss[n] = (s[b] & 0x41) == 0x41; /* arbitrary, from the input */
            n++;
        }
    }
    {
        size_t k, starts = 0;
        rc = nm_tokens_from_spans((const char *)s, size, sp, ss, n, &spans_tk);
        FZ_CHECK(rc == NM_OK, "nm_tokens_from_spans (cut spans) returned %d", rc);
        FZ_CHECK(spans_tk.ntok == n, "from_spans made %zu tokens of %zu spans", spans_tk.ntok, n);
        for (k = 0; k < n; k++) {
            FZ_CHECK(spans_tk.tok[k].start == sp[k].start && spans_tk.tok[k].end == sp[k].end,
                     "from_spans token %zu moved", k);
            if (k) starts += ss[k] != 0;
        }
        check_tokens(s, size, &spans_tk, NULL, 0);
        if (n) FZ_CHECK(spans_tk.nsent == starts + 1, "%zu sentences for %zu starts", spans_tk.nsent,
                        starts);
    }
    free(sp);
    free(ss);
    sp = NULL;
    ss = NULL;

    /* Arbitrary spans from byte pairs: NM_EINVAL exactly when they break the
     * contract (empty, past the end, overlapping or out of order). */
    n = size / 4 > 64 ? 64 : size / 4;
    if (n) {
        int valid = 1;
        sp = malloc(n * sizeof *sp);
        if (!sp) abort();
        for (i = 0; i < n; i++) {
            sp[i].start = (uint32_t)(s[4 * i] | (s[4 * i + 1] << 8)) % (uint32_t)(size + 2);
            sp[i].end = (uint32_t)(s[4 * i + 2] | (s[4 * i + 3] << 8)) % (uint32_t)(size + 2);
            if (sp[i].start >= sp[i].end || sp[i].end > size || (i && sp[i].start < sp[i - 1].end))
                valid = 0;
        }
        rc = nm_tokens_from_spans((const char *)s, size, sp, NULL, n, &spans_tk);
        FZ_CHECK(rc == (valid ? NM_OK : NM_EINVAL), "from_spans on %s spans returned %d",
                 valid ? "valid" : "invalid", rc);
        if (valid) check_tokens(s, size, &spans_tk, NULL, 0);
        free(sp);
    }

    nm_tokens_finish(&spans_tk);
    nm_tokens_finish(&fresh);
    free(boundary);
    free(s);
    return 0;
}
