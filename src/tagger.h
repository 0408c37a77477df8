/*
 * tagger.h - the statistical entity tagger (tagger.c) and its trainer
 * (train.c, clusters.c). Internal to the core.
 *
 * Model: an averaged perceptron over BIO tags plus unit tags (U-X: a name of
 * one token) for the first labels, first-order transitions, Viterbi decoding
 * with the constraint (I-X only after B-X or I-X; a B-X of a label with a
 * unit tag only before I-X). Decoded tags are given back as BIO (U-X -> B-X).
 * Features are hashed to 64 bits (template id mixed with a value hash);
 * the model keeps only the features with a non-zero weight, in an
 * open-addressing table of 32-bit fingerprints whose slots point at a dense
 * row of 16 int16 weights (one per tag, quantized by a model-wide scale), so
 * scoring a feature is two 16-byte loads and four SIMD adds.
 *
 * Model file (little-endian), loaded with one read into one malloc'd block
 * that is never written afterwards (so one model serves every buffer):
 *     0  char     magic[8] = "NMTAGGER"
 *     8  uint32   format version (NM_TAGGER_VERSION)
 *    12  uint32   feature set version (NM_TAGGER_FEATSET): features must be
 *                 computed by the code that trained the weights
 *    16  uint32   nlabels (<= NM_TAGGER_MAXLABELS)
 *    20  uint32   ntags = nm_tag_count(nlabels): O, then B-l, I-l per label,
 *                 then U-l for the first nm_tag_nunit(nlabels) labels
 *    24  uint32   nslots (power of two) of the feature table
 *    28  uint32   nrows (weight rows)
 *    32  uint8    labels[8]: nm_label_t of each learned label
 *    40  uint64   checksum of every byte after the 64-byte header
 *                 (nm_lex_checksum)
 *    48  uint64   total file size
 *    56  uint32   ncslots (power of two or 0) of the word-cluster table
 *    60  float    scale: weight = row value / scale
 *    64  float    trans[(ntags + 1) * ntags]: row ntags = sentence start;
 *                 padded to 16 bytes
 *        slot     slots[nslots]: { uint32 fp (0 = empty), uint32 row }
 *        int16    rows[nrows][16]
 *        slot     cslots[ncslots]: { uint32 fp, uint32 classes }
 *                 (1 << 31 | small << 20 | medium << 11 | large, clusters.c)
 */
#ifndef NM_TAGGER_H
#define NM_TAGGER_H

#include "internal.h"

#define NM_TAGGER_MAGIC "NMTAGGER"
#define NM_TAGGER_VERSION 1u
#define NM_TAGGER_FEATSET 11u
#define NM_TAGGER_MAXLABELS 7 /* 15 tags fit a row of 16 */
#define NM_TAGGER_ROW 16
#define NM_TAGGER_MAXTAGS NM_TAGGER_ROW
#define NM_TAGGER_MAXFEAT 96 /* features per token, upper bound */
#define NM_TAGGER_HEADER 64

typedef struct nm_tagger nm_tagger_t;

/* Word clusters: word (lower-cased) fingerprint -> packed classes. Points
 * into a model or a trainer's memory; read-only. */
typedef struct {
    const uint32_t *slot; /* pairs {fp, path} */
    uint32_t mask;        /* nslots - 1; slot NULL when there are none */
} nm_clusters_t;

/* Key of a word in the cluster table: FNV-1a of its lower-cased bytes. */
NM_HIDDEN uint64_t nm_cluster_key(const char *s, size_t n);
/* Lookup: the packed classes, or 0 when the word has no cluster. */
NM_HIDDEN uint32_t nm_clusters_get(const nm_clusters_t *cl, uint64_t key);

/* Per-call scratch of the feature extractor and decoder; owned by the
 * caller, grown on demand, reused. */
typedef struct {
    void *rec;          /* per-token records of the current sentence */
    uint64_t *feat;     /* NM_TAGGER_MAXFEAT per token */
    uint8_t *nfeat;     /* feature count per token */
    float *score;       /* NM_TAGGER_ROW per token */
    uint8_t *back;      /* NM_TAGGER_ROW per token */
    float *alpha;       /* NM_TAGGER_ROW per token: best prefix score per tag (nm_tagger_confidence) */
    float *beta;        /* NM_TAGGER_ROW per token: best suffix score per tag */
    size_t cap;         /* tokens the arrays above hold */
    uint64_t *dkey;     /* document word table: keys */
    uint8_t *dbits;     /* document word table: DW_* bits */
    uint8_t *dhist;     /* document word table: labels predicted so far
                           (NM_TAGGER_HIST per slot: O, then each label) */
    size_t dcap;        /* slots of the table (power of two) */
    size_t dalloc;      /* slots allocated for dkey/dbits (== dcap once built) */
    size_t dhalloc;     /* slots allocated for dhist */
    /* the tagger's word cache (NULL in training): the summed weights of the
     * features that depend on one word only, per word and role, so a
     * frequent word costs three cache reads instead of ~30 table probes */
    void *wc;           /* NM_TAGGER_WCACHE entries, direct-mapped */
    uint64_t wcserial;  /* serial number of the loaded model whose weights it holds (0: none) */
    uint64_t *wkey;     /* per token of the sentence: cache key of its word */
} nm_tagscratch_t;

#define NM_TAGGER_WCACHE 4096 /* entries of 200 bytes */
/* Switch the word cache on (the tagger; the trainer needs the full feature
 * lists). */
NM_HIDDEN int nm_tagscratch_use_cache(nm_tagscratch_t *s);

#define NM_TAGGER_HIST (NM_TAGGER_MAXLABELS + 1)

NM_HIDDEN void nm_tagscratch_init(nm_tagscratch_t *s);
NM_HIDDEN void nm_tagscratch_finish(nm_tagscratch_t *s);
/* Room for sentences of n tokens. */
NM_HIDDEN int nm_tagscratch_reserve(nm_tagscratch_t *s, size_t n);
/* Bytes the scratch holds now (per-token arrays and the document word
 * table); what the memory-bound test checks. */
NM_HIDDEN size_t nm_tagscratch_bytes(const nm_tagscratch_t *s);

/* The tagger sees at most this many tokens at once: a longer sentence (a
 * text that never ends one) is tagged in windows, so the per-token arrays
 * stay bounded whatever the input. nm_tagger_window gives the end of the
 * window that starts at b (within [b, e)): at most NM_TAGGER_WINDOW tokens,
 * cut after a punctuation token near the limit when there is one. */
#define NM_TAGGER_WINDOW 256
NM_HIDDEN size_t nm_tagger_window(const nm_tok_t *tok, size_t b, size_t e);

/* What features are computed from: borrowed pointers. */
typedef struct {
    const nm_lexicon_t *lx;
    const char *text;
    const nm_tok_t *tok;
    size_t ntok;
    const nm_clusters_t *cl; /* may be NULL */
} nm_tagctx_t;

/* Document pre-pass: how each word is written across the document (the
 * casing evidence used for headlines and sentence-initial words). Call once
 * per document before nm_tagger_features. */
NM_HIDDEN int nm_tagger_doc(const nm_tagctx_t *cx, nm_tagscratch_t *s);

/* Features of tokens [b, e) of one sentence into s->feat / s->nfeat
 * (nm_tagscratch_reserve(s, e - b) first). */
NM_HIDDEN void nm_tagger_features(const nm_tagctx_t *cx, size_t b, size_t e, nm_tagscratch_t *s);

/* Prediction history ("extended prediction history", Ratinov & Roth 2009):
 * the last feature of every token says which label its word got most often
 * earlier in the document. nm_tagger_observe records a decoded sentence.
 * The trainer computes the same feature from its own predictions: */
NM_HIDDEN int nm_tagger_hist_value(const uint8_t *counts, int upper);
NM_HIDDEN uint64_t nm_tagger_hist_hash(int value);
#define NM_TAGGER_HIST_VALUES (2 * 2 * (NM_TAGGER_HIST + 1))
/* Document slot of token p of the last nm_tagger_features sentence, and
 * whether it is capitalized (for the trainer). */
NM_HIDDEN uint32_t nm_tagger_token_slot(const nm_tagscratch_t *s, size_t p, int *upper);
NM_HIDDEN void nm_tagger_observe(nm_tagscratch_t *s, size_t n, const uint8_t *tags);

/* ---------------------------------------------------------------- model */

/* Load and validate a model file. On failure *out is NULL and errbuf names
 * the file and the reason (truncated, bad magic, version, checksum). */
NM_HIDDEN int nm_tagger_load(const char *path, nm_tagger_t **out, char *errbuf, size_t errlen);
/* The same from memory (the bytes are copied). */
NM_HIDDEN int nm_tagger_load_mem(const void *data, size_t size, nm_tagger_t **out, char *errbuf,
                                 size_t errlen);
NM_HIDDEN void nm_tagger_free(nm_tagger_t *tg);
/* The load's serial number: never the same for two loads in one process
 * (the key of the word cache, see nm_tagscratch_t.wcserial). */
NM_HIDDEN uint64_t nm_tagger_serial(const nm_tagger_t *tg);

NM_HIDDEN int nm_tagger_ntags(const nm_tagger_t *tg);
/* nm_label_t of a tag (0 for O); *begin set for B- tags. */
NM_HIDDEN int nm_tagger_tag_label(const nm_tagger_t *tg, int tag, int *begin);
NM_HIDDEN const nm_clusters_t *nm_tagger_clusters(const nm_tagger_t *tg);

/* Tag the sentence [b, e) (features already in s): best tag per token into
 * tags[0 .. e-b). */
NM_HIDDEN void nm_tagger_decode(const nm_tagger_t *tg, size_t n, nm_tagscratch_t *s, uint8_t *tags);

/* Confidence of the names nm_tagger_decode just found (the scores are still
 * in s): for each name [i, j) with label l, lab[i] is the margin between the
 * best path and the best path that gives one of its tokens another label, and
 * ex[i] the margin to the best path that leaves one of its tokens outside
 * any name (max-marginals; quantized to a byte, see NM_CONF_STEP). Other
 * tokens get 0. tags: the BIO tags decoded. The decoder keeps the forward
 * scores in s->alpha; this adds the backward ones in s->beta. */
NM_HIDDEN void nm_tagger_confidence(const nm_tagger_t *tg, size_t n, nm_tagscratch_t *s,
                                    const uint8_t *tags, uint8_t *lab, uint8_t *ex);
/* A margin as a byte: 0 (none) .. 255, in steps of two of the model's typical
 * weights (the mean |weight| of its rows), so that a threshold means the same
 * for a big model and a small or fine-tuned one. */
#define NM_CONF_STEP 0.5f

/* Viterbi over n tokens: score[n * nt], trans[(nt + 1) * nt] (row nt =
 * start, forbidden moves at -1e30); best tags out. back: n * nt bytes. */
NM_HIDDEN void nm_viterbi(const float *trans, int nt, const float *score, size_t n, uint8_t *back,
                          uint8_t *tags);
/* The BIO constraint: may tag `to` follow tag `from` (from == nt: start)? */
NM_HIDDEN int nm_bio_allowed(int from, int to, int nlabels);
/* Tag numbering: 0 = O, 1 + 2l = B-l, 2 + 2l = I-l, 1 + 2 * nlabels + l =
 * U-l (a one-token name) for l < nm_tag_nunit(nlabels) (the first labels:
 * PERSON, ORG, LOC by default; what fits a row of NM_TAGGER_ROW). */
NM_HIDDEN int nm_tag_nunit(int nlabels);
NM_HIDDEN int nm_tag_count(int nlabels);
/* The BIO tag of a tag (U-l -> B-l, others unchanged). */
NM_HIDDEN int nm_tag_bio(int tag, int nlabels);

/* The weights of a loaded model, for fine-tuning (train.c): its feature
 * table and rows as stored, the quantization scale and the transitions as
 * written (before the BIO constraint). Pointers into the model. */
typedef struct {
    const uint32_t *slot;  /* nslots pairs {fp, row} */
    const int16_t *rows;   /* nrows * NM_TAGGER_ROW */
    uint32_t nslots, nrows;
    float scale;
    const float *trans;    /* (ntags + 1) * ntags, unaligned: copy with memcpy */
    int nlabels;
    const uint8_t *labels; /* nm_label_t per model label */
} nm_tagger_weights_t;

NM_HIDDEN void nm_tagger_weights(const nm_tagger_t *tg, nm_tagger_weights_t *w);
/* Row of a feature hash in the model, or UINT32_MAX. */
NM_HIDDEN uint32_t nm_tagger_find(const nm_tagger_t *tg, uint64_t h);

/* ---------------------------------------------------------------- training */

typedef struct {
    const char *const *files; /* .bio files */
    const double *weights;    /* per file update weight (NULL: 1) */
    size_t nfiles;
    int epochs;               /* passes over the data */
    int runs;                 /* perceptrons trained with seeds seed, seed+1, ...;
                                 the model is their mean (0: one) */
    uint64_t seed;            /* sentence order */
    int min_count;            /* keep features seen at least this often */
    double prune;             /* drop features whose weights are all below this (0: 1e-4) */
    const char *labels;       /* labels to learn, "PERSON,ORG,..." (NULL: the default) */
    const char *clusters;     /* cluster file (word<TAB>path lines) or NULL */
    const char *init;         /* fine-tuning: a model file to continue from (its
                                 labels, clusters, feature table and weights are
                                 kept; labels and clusters must then be NULL) */
    double anchor;            /* fine-tuning only: an L2 penalty toward the base
                                 weights, strength per sentence (0: none); after
                                 each sentence every weight the base model has
                                 moves the fraction anchor of the way back to
                                 the base model's (w -= anchor * (w - w0)), so
                                 what the data does not keep asking for decays
                                 back. Features the base model lacks (a new
                                 name's) are not pulled; fine-tuning gives them
                                 the weight that makes the corrected tag win by
                                 a margin (TUNE_MARGIN in train.c) */
    const char *output;       /* model file to write */
    int domain;               /* 1..nfiles: learn every feature twice, shared and
                                 per data file (domain_hash in train.c); output
                                 gets the shared weights plus those of data file
                                 `domain` (0: off, one set of weights) */
    const struct nm_train_profile {
        int domain;           /* 1..nfiles */
        const char *output;   /* model file: shared weights plus that file's */
    } *profiles;              /* more models of the same training (needs domain) */
    size_t nprofiles;
    void (*progress)(void *ud, const char *line); /* may be NULL */
    void *ud;
} nm_train_opts_t;

/* Train a model on the files and write it to o->output (atomically: a
 * temporary file renamed over it). errbuf gets a one-line reason. */
NM_HIDDEN int nm_train(const nm_lexicon_t *lx, const nm_train_opts_t *o, char *errbuf,
                       size_t errlen);

/* Word clusters (clusters.c, exchange algorithm): read text and .bio files,
 * cluster the vocabulary into nclusters / 16, nclusters / 4 and nclusters
 * classes (nclusters <= 2048), write "word<TAB>packed classes" lines. */
NM_HIDDEN int nm_clusters_build(const char *const *files, size_t nfiles, int nclusters,
                                int min_count, const char *output, char *errbuf, size_t errlen);

#endif
