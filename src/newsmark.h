/*
 * newsmark.h - the public C API of the newsmark analysis core.
 *
 * UTF-8 text in, spans out. Every span is a pair of 0-based byte offsets into
 * the text given to nm_analyze(), end exclusive.
 *
 * Ownership: whoever allocates, frees. nm_model_t and nm_result_t are opaque
 * handles made by nm_model_load()/nm_result_new() and released by
 * nm_model_free()/nm_result_free(). A loaded model is read-only and may be
 * shared by any number of results (and threads); a result is the per-call
 * scratch memory of one caller and is reused across calls.
 *
 * Functions return NM_OK (0) or a negative NM_E* code; nm_strerror() names it.
 * Finding nothing is a successful empty result, never an error.
 */
#ifndef NEWSMARK_H
#define NEWSMARK_H

#include <stddef.h>
#include <stdint.h>

#define NM_VERSION "0.1.0"

/* Status codes. */
enum {
    NM_OK = 0,
    NM_ENOMEM = -1,    /* out of memory */
    NM_EIO = -2,       /* a file could not be read or written */
    NM_EFORMAT = -3,   /* a file is not what it claims to be (magic, sizes) */
    NM_EVERSION = -4,  /* a file of an unsupported format version */
    NM_ECHECKSUM = -5, /* a file's checksum does not match its contents */
    NM_ETOOBIG = -6,   /* input larger than the core's 4 GiB offset range */
    NM_EINVAL = -7     /* a bad argument */
};

/* Returns a static English sentence for a status code (never NULL). */
const char *nm_strerror(int code);

/* Entity labels. 0 means "no label". */
typedef enum {
    NM_NONE = 0,
    NM_PERSON,
    NM_ORG,
    NM_GPE,
    NM_LOC,
    NM_NORP,
    NM_EVENT,
    NM_MISC,
    NM_DATE,
    NM_TIME,
    NM_MONEY,
    NM_PERCENT,
    NM_LABEL_COUNT
} nm_label_t;

/* "PERSON", "ORG", ...; "O" for NM_NONE, NULL for an out-of-range value. */
const char *nm_label_name(int label);
/* Inverse of nm_label_name (exact, upper case); NM_NONE when unknown. */
int nm_label_from_name(const char *name);

/* Quote types. */
typedef enum {
    NM_QUOTE_DIRECT = 1, /* text inside quotation marks, marks included */
    NM_QUOTE_INDIRECT,   /* reported speech: the reported content */
    NM_QUOTE_MIXED       /* reported speech that holds a quoted fragment */
} nm_quote_type_t;

const char *nm_quote_type_name(int type); /* "direct", "indirect", "mixed" */

/* Quote flags. */
#define NM_QF_UNCLOSED 0x1u  /* no closing mark: closed at the paragraph end */
#define NM_QF_INHERITED 0x2u /* speaker inherited from the previous quote */
#define NM_QF_UNMARKED 0x4u  /* unmarked continuation of reported speech */
#define NM_QF_CONTINUED 0x8u /* continues a quote of the previous paragraph */

typedef struct {
    uint32_t start, end; /* byte span; start == end means "absent" */
} nm_span_t;

typedef struct {
    uint32_t start, end; /* byte span of the mention */
    int label;           /* nm_label_t */
    int id;              /* entity id, 1-based, same for mentions of one entity */
} nm_entity_t;

typedef struct {
    uint32_t start, end; /* byte span of the quote (see nm_quote_type_t) */
    int type;            /* nm_quote_type_t */
    unsigned flags;      /* NM_QF_* */
    nm_span_t speaker;   /* speaker mention; empty when unknown */
    int speaker_id;      /* entity id of the speaker, 0 when none */
    nm_span_t cue;       /* cue verb or phrase; empty when unknown */
    int rule;            /* nm_quote_rule_t: the rule that found the quote */
    uint32_t part;       /* first part in nm_result_quote_parts() when nparts >= 2 */
    uint32_t nparts;     /* 0: one part (start..end); >= 2: a quotation interrupted by its
                            attribution (`"A," Ruiz said, "B."`) or running over paragraphs;
                            start is the first part's start, end the last part's end */
} nm_quote_t;

/* Quote rules: which rule of quotes.c found a quote (nm_quote_t.rule);
 * nm_quote_rule_name() gives the name `annotate --explain` prints. */
typedef enum {
    NM_QR_NONE = 0,
    NM_QR_DQ_NAMING,     /* "dq-naming": a label after a naming verb, `called it "..."` */
    NM_QR_DQ_SIGNATURE,  /* "dq-signature": `"..." -- Ana Ruiz` */
    NM_QR_DQ_CUE_AFTER,  /* "dq-cue-after": `"...," Ruiz said`, `"...," said Ruiz` */
    NM_QR_DQ_CUE_BEFORE, /* "dq-cue-before": `Ruiz said: "..."` */
    NM_QR_DQ_TRANSCRIPT, /* "dq-transcript": `"WALLACE: ..."` */
    NM_QR_DQ_BARE,       /* "dq-bare": marks only; the speaker is inherited or unknown */
    NM_QR_FINAL,         /* "final-attribution": `..., the source said.` */
    NM_QR_ACCORDING,     /* "according-to": `according to X, ...` */
    NM_QR_AS_PUT,        /* "as-x-put-it": `As Ruiz put it, ...` */
    NM_QR_ASIDE,         /* "comma-aside": `The museum, Ruiz said, will open.` */
    NM_QR_INFINITIVE,    /* "infinitive": `urged him to resign`, `vowed to fight` */
    NM_QR_THAT,          /* "that-clause": `Ruiz said (that) ...` */
    NM_QR_TELL,          /* "tell-object": `Ruiz told reporters (that) ...` */
    NM_QR_SUBORDINATE,   /* "subordinate": `When Ruiz noted that ..., Costa said` */
    NM_QR_COLON,         /* "colon-label": `Ruiz: the deal is dead.` */
    NM_QR_UNMARKED,      /* "unmarked": a first-person sentence after reported speech */
    NM_QR_DQ_COLON,      /* "dq-colon-label": `Ruiz: "..."` (headline or label line) */
    NM_QR_DQ_COLON_CLAUSE, /* "dq-colon-clause": `Ruiz gloated: "..."` (a clause without a cue) */
    NM_QR_ASKED,         /* "asked-question": `Asked whether ..., Ruiz said` (the question) */
    NM_QR_DQ_CLAUSE,     /* "dq-clause-subject": `Ruiz mocked the plan as "..."` (no cue: the
                            subject opening the sentence and its verb) */
    NM_QR_TOPIC,         /* "topic": `Ruiz warned of ...`, `complained about ...` */
    NM_QR_COUNT
} nm_quote_rule_t;

const char *nm_quote_rule_name(int rule); /* "dq-cue-after", ...; "" for NM_QR_NONE */

/* A loaded model: lexicon plus tagger weights. Opaque, read-only. */
typedef struct nm_model nm_model_t;

/* Load the model found in directory `dir` (files newsmark.lex and, when
 * present, newsmark.model). On success *out owns a new model the caller frees
 * with nm_model_free(). On failure *out is NULL and, when errbuf is not NULL,
 * a one-line reason naming the file is written into errbuf (errlen bytes). */
int nm_model_load(const char *dir, nm_model_t **out, char *errbuf, size_t errlen);
/* The same with the tagger of a profile: `dir`/newsmark-`profile`.model
 * (weights for another kind of text: "web", "mixed"; data/MODEL.md). NULL,
 * "" and "news" are newsmark.model, the default. A profile name is 1-32
 * letters, digits, '-' or '_'; a profile the folder does not hold is an
 * error (NM_EIO) naming the file, never a silent fallback. */
int nm_model_load_profile(const char *dir, const char *profile, nm_model_t **out, char *errbuf,
                          size_t errlen);
void nm_model_free(nm_model_t *model);

/* The person's own lexicon (one for all documents): `tsv` holds lines
 * `text<TAB>LABEL` (always tag `text` with LABEL) or `text<TAB>NEVER` (never
 * tag it); blank lines and '#' lines are skipped; entries match by tokens,
 * ignoring case, except that an entry written with a capital first letter
 * only matches a capitalized first token. Its decisions win over the
 * recognizer's. The text is copied; NULL removes the user lexicon. On failure
 * the model keeps its previous user lexicon and errbuf names the bad line.
 * This changes the model: call it while no nm_analyze() runs with it. */
int nm_model_set_user_lexicon(nm_model_t *model, const char *tsv, size_t len, char *errbuf,
                              size_t errlen);
/* The same, read from the file `path` (NULL removes the user lexicon). */
int nm_model_load_user_lexicon(nm_model_t *model, const char *path, char *errbuf, size_t errlen);

/* Per-call results and scratch memory. */
typedef struct nm_result nm_result_t;
int nm_result_new(nm_result_t **out);
void nm_result_free(nm_result_t *res);

/* Analysis switches for nm_analyze(). */
#define NM_AN_ENTITIES 0x1u
#define NM_AN_QUOTES 0x2u
#define NM_AN_ALL (NM_AN_ENTITIES | NM_AN_QUOTES)

/* Analyse `len` bytes of UTF-8 `text` (any bytes are accepted: invalid UTF-8
 * and NUL bytes are treated as single-byte symbols). The result replaces
 * whatever `res` held. `text` is borrowed for the call only; the spans in
 * `res` refer to it. */
int nm_analyze(const nm_model_t *model, const char *text, size_t len, unsigned what,
               nm_result_t *res);

/* Analyse text that is already split into tokens (the `tag` command and
 * evaluation on gold tokens). tokens[i] are byte spans into `text`, in order,
 * not overlapping; sent_start[i] is non-zero when token i starts a sentence
 * (may be NULL: then only the first token does). Both arrays are borrowed. */
int nm_analyze_tokens(const nm_model_t *model, const char *text, size_t len,
                      const nm_span_t *tokens, const unsigned char *sent_start, size_t ntok,
                      unsigned what, nm_result_t *res);

/* Mention linking across separately analysed pieces of one document (the
 * editor re-analyses one paragraph at a time). mentions[] in document order;
 * text/len/label are read, id is written (1-based, equal for one entity). */
typedef struct {
    const char *text;
    size_t len;
    int label;
    int id;
} nm_mention_t;
int nm_link(const nm_model_t *model, nm_mention_t *mentions, size_t n);

/* Incremental linking (src/linker.c): document-wide ids kept across edits,
 * for a caller that re-analyses one paragraph at a time. The linker holds
 * groups of mentions (one per paragraph), each named by a handle (an int
 * >= 1; a removed group's handle is reused later) and the ids its mentions
 * got last time. nm_linker_link() runs nm_link() over every live group in
 * the order given and keeps ids stable: an entity keeps the id it had (the
 * first of its mentions that had one not taken by an earlier entity wins),
 * the others get new ids, and only the groups whose ids changed are
 * reported. When no mention keeps an id, numbering starts at 1 again.
 *
 * Ownership: nm_linker_new() makes a linker the caller frees with
 * nm_linker_free(). The linker copies the mentions' texts and labels; the
 * model is borrowed for one nm_linker_link() call (labels nm_link() would
 * change are not kept: the linker gives ids only). */
typedef struct nm_linker nm_linker_t;
int nm_linker_new(nm_linker_t **out);
void nm_linker_free(nm_linker_t *linker);

/* Add a group of n mentions (text/len/label read; id ignored); *handle gets
 * its handle. ids[0..nids) are the ids its mentions had (a paragraph
 * replaced by one that mentions the same), NULL for none; an id the linker
 * never gave counts as none. */
int nm_linker_add(nm_linker_t *linker, const nm_mention_t *mentions, size_t n, const int *ids,
                  size_t nids, int *handle);

/* The same from a packed list of len bytes: for each mention in order,
 * `LABEL LEN TEXT` with LABEL a label name (an unknown one is NM_NONE), LEN
 * the decimal byte length of TEXT, single spaces between the three and none
 * between mentions ("PERSON 8 Ana RuizGPE 6 Lisbon"); TEXT may hold any
 * bytes. An empty list is a group with no mentions. NM_EFORMAT (nothing
 * added) when the list is malformed. */
int nm_linker_add_packed(nm_linker_t *linker, const char *packed, size_t len, const int *ids,
                         size_t nids, int *handle);
/* The number of mentions of a packed list in *count; NM_EFORMAT when
 * malformed. */
int nm_linker_packed_count(const char *packed, size_t len, size_t *count);

/* Remove a live group; NM_EINVAL when handle is not one. */
int nm_linker_remove(nm_linker_t *linker, int handle);
/* Non-zero when handle names a live group. */
int nm_linker_live(const nm_linker_t *linker, int handle);
/* The live groups and their mentions. */
void nm_linker_count(const nm_linker_t *linker, size_t *groups, size_t *mentions);

/* Link every live group: order[0..n) lists each live handle exactly once,
 * in document order. On NM_EINVAL (a handle missing, dead or listed twice)
 * errbuf (errlen bytes, may be NULL) says which; groups and ids stay as
 * they were on any failure. */
int nm_linker_link(nm_linker_t *linker, const nm_model_t *model, const int *order, size_t n,
                   char *errbuf, size_t errlen);
/* The handles whose ids changed in the last nm_linker_link(), in its order
 * (a new group always has). Valid until the next call that changes the
 * linker. */
const int *nm_linker_changed(const nm_linker_t *linker, size_t *count);
/* The ids of a live group's mentions (*count of them), as of the last link
 * (0 for a mention never linked); NULL when handle is not live. Valid until
 * the next call that changes the linker. */
const int *nm_linker_ids(const nm_linker_t *linker, int handle, size_t *count);

/* Analysis on a thread of its own (src/job.c), so that the caller's thread
 * (the editor's) stays free while a long text is analysed. A job copies the
 * text, makes a result of its own and runs nm_analyze(model, copy, len,
 * what, result) on a new POSIX thread; where no thread can be made, the
 * analysis runs inside nm_job_start() and the job is finished when it
 * returns. The model is borrowed: it must outlive the job, and no
 * nm_model_set_user_lexicon() or nm_model_free() may be called on it until
 * every job started with it has finished (nm_job_wait() or nm_job_free()).
 * Any number of jobs (and nm_analyze() calls with other results) may run
 * with one model at once.
 *
 * Ownership: nm_job_start() makes a job the caller frees with nm_job_free(),
 * which waits for the thread first (freeing a running job is allowed and
 * blocks until it ends). The text is copied: the caller may change or free
 * its buffer at once. A job is used by one thread at a time (the one that
 * started it, or one it hands the job to); only the worker runs beside it. */
typedef struct nm_job nm_job_t;

/* Start analysing len bytes of text (as nm_analyze() would). *out gets the
 * job; NM_EINVAL (bad arguments) or NM_ENOMEM, with *out NULL, only when no
 * job could be made: the analysis's own status comes from nm_job_wait(). */
int nm_job_start(const nm_model_t *model, const char *text, size_t len, unsigned what,
                 nm_job_t **out);
/* Non-zero when the analysis has ended (never blocks). */
int nm_job_done(const nm_job_t *job);
/* Block until the analysis has ended; returns its status (NM_OK or the
 * NM_E* code nm_analyze() returned). May be called any number of times. */
int nm_job_wait(nm_job_t *job);
/* The job's result once it has ended (after nm_job_wait(), or once
 * nm_job_done() said so), NULL before; its spans refer to the text given to
 * nm_job_start(). Owned by the job: valid until nm_job_free(). Holds nothing
 * useful when nm_job_wait() returned an error. */
const nm_result_t *nm_job_result(nm_job_t *job);
/* Wait for the thread, then free the job and its result. NULL is fine. */
void nm_job_free(nm_job_t *job);

/* ---------------------------------------------------------------- decisions
 * A person's decisions over the machine's entities: newsmark.export.merge's
 * rules (lua/newsmark/export.lua, where the command line merges) in C, for
 * the editor's keystroke path (src/merge.c says the rules). */
typedef struct {
    uint32_t start, end; /* byte span; a list is sorted by start, without overlaps */
    int label;           /* nm_label_t of a labelled span (unused when never) */
    int never;           /* non-zero: no entity inside the span */
    int tid;             /* the decision's number (>= 0), as equivalence groups name it */
} nm_decision_t;

typedef struct {
    int manual;   /* non-zero: a decision's entity */
    int tid;      /* a decision's entity: its decision's number; else -1 */
    int orig;     /* the machine id it had (kept) or replaced (has_orig) */
    int has_orig; /* non-zero when orig holds one */
} nm_merge_info_t;

/* Merge decisions dec[0..nd) into entities ents[0..ne) of text[0..len) (by
 * start, as a result gives them), with equivalence groups given as decision
 * numbers in groups[0..ng), each group ended by -1. On NM_OK, *out and *info
 * (malloc'd: the caller frees both) hold the *nout merged entities in text
 * order and what each is. NM_EINVAL for spans out of the text, decisions out
 * of order or overlapping, negative ids; NM_ENOMEM. */
int nm_merge_decisions(const char *text, size_t len, const nm_entity_t *ents, size_t ne,
                       const nm_decision_t *dec, size_t nd, const int *groups, size_t ng,
                       nm_entity_t **out, nm_merge_info_t **info, size_t *nout);
/* What a quote's speaker id becomes after the merge: map[id] for machine ids
 * 0 .. nid-1 = the merged id of the entities that had it, -1 when none is
 * left. ents, info: nm_merge_decisions()'s output. */
void nm_merge_speaker_map(const nm_entity_t *ents, const nm_merge_info_t *info, size_t n, int *map,
                          size_t nid);
/* Non-zero when an entity of ents[0..ne) (sorted by start) overlaps [s, f)
 * without lying inside it: a document-wide decision does not take effect
 * inside or across a longer name. maxfin: NULL, or maxfin[i] = the largest
 * end of ents[0..i] (then a bisection and a short walk back). */
int nm_entities_overlap_longer(const nm_entity_t *ents, size_t ne, const uint32_t *maxfin, uint32_t s,
                               uint32_t f);

/* Read access to the last analysis. Pointers stay valid until the next
 * nm_analyze() or nm_result_free() on the same result. */
const nm_entity_t *nm_result_entities(const nm_result_t *res, size_t *count);
const nm_quote_t *nm_result_quotes(const nm_result_t *res, size_t *count);

/* The parts of quote q of res (in text order): *count = q->nparts (0 for a
 * quote of one part, whose only span is q->start..q->end). The spans belong
 * to res and stay valid until its next analysis or nm_result_free(). */
const nm_span_t *nm_result_quote_parts(const nm_result_t *res, const nm_quote_t *q,
                                       size_t *count);

/* Token access (for `tag` and evaluation): byte spans of the tokens. */
size_t nm_result_token_count(const nm_result_t *res);
nm_span_t nm_result_token(const nm_result_t *res, size_t i);
/* Non-zero when token i starts a sentence. */
int nm_result_token_starts_sentence(const nm_result_t *res, size_t i);

#endif
