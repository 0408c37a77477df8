/*
 * lexicon_build.h - building a compiled lexicon (entries -> file bytes).
 *
 * Shared by tools/mklex.c and tests/c/test_lexicon.c; the run-time core only
 * loads and reads lexicons (internal.h). Not installed, not public.
 *
 * Usage: b = nm_lexb_new(); nm_lexb_add_text(b, "New York", 8, NM_LX_CITY, 0)
 * ...; nm_lexb_finish(b, &bytes, &size); free(bytes); nm_lexb_free(b).
 */
#ifndef NM_LEXICON_BUILD_H
#define NM_LEXICON_BUILD_H

#include "internal.h"

/* File layout (all integers little-endian):
 *   header (NM_LEX_HEADER = 64 bytes):
 *     0  magic "NMLEX\0"          6  uint16 version (NM_LEX_VERSION)
 *     8  uint32 header size (64)  12 uint32 nslots (power of two, >= 2)
 *     16 uint32 nentries          20 uint32 pool size (bytes)
 *     24 uint64 checksum of every byte after the header (nm_lex_checksum:
 *        FNV-1a 64 over little-endian 8-byte words, then the tail bytes)
 *     32 uint32 longest entry in tokens   36..63 zero
 *   slots:   nslots x 8 bytes   { uint32 hash32, uint32 entry index + 1 (0 = empty) }
 *   entries: nentries x 12 bytes { uint32 key offset, uint32 classes,
 *                                  uint16 key length, uint8 label, uint8 tokens }
 *   pool:    the keys, in sorted order, not NUL-terminated.
 * The file size is exactly 64 + 8 nslots + 12 nentries + pool size.
 * Slot of a key: h = FNV-1a 64 of the key, first probe h & (nslots - 1),
 * linear probing; hash32 = h >> 32. At least one slot is empty. */
#define NM_LEX_MAGIC "NMLEX\0"
#define NM_LEX_VERSION 1
#define NM_LEX_HEADER 64
#define NM_LEX_SLOT 8
#define NM_LEX_ENTRY 12
#define NM_LEX_MAXKEY 255 /* longest key in bytes */

typedef struct nm_lexb nm_lexb_t;

NM_HIDDEN nm_lexb_t *nm_lexb_new(void);
NM_HIDDEN void nm_lexb_free(nm_lexb_t *b);

/* Add (or OR into an existing entry) a ready-made key (already lower-cased,
 * tokens joined by one space, as nm_lexicon_key makes them). ntok is its
 * number of tokens: the builder also inserts its first 1..ntok-1 token
 * prefixes with NM_LX_PREFIX. label (0..255) is kept when the entry had none.
 * Returns NM_OK, NM_EINVAL (empty key, key > NM_LEX_MAXKEY bytes, ntok >
 * NM_LEX_MAXTOK) or NM_ENOMEM. */
NM_HIDDEN int nm_lexb_add_key(nm_lexb_t *b, const char *key, size_t keylen, size_t ntok,
                              uint32_t classes, int label);

/* Tokenize text with nm_tokenize, build its key and add it as above. */
NM_HIDDEN int nm_lexb_add_text(nm_lexb_t *b, const char *text, size_t len, uint32_t classes,
                               int label);

/* Classes of a key added so far (0 when absent). */
NM_HIDDEN uint32_t nm_lexb_get(const nm_lexb_t *b, const char *key, size_t keylen);

/* Remove classes from an entry (no-op when absent). */
NM_HIDDEN void nm_lexb_clear(nm_lexb_t *b, const char *key, size_t keylen, uint32_t classes);

/* Number of entries (prefix-only entries included). */
NM_HIDDEN size_t nm_lexb_count(const nm_lexb_t *b);

/* Per-class counts of full entries: counts[k] = entries with bit k set (32). */
NM_HIDDEN void nm_lexb_class_counts(const nm_lexb_t *b, size_t counts[32]);

/* Serialize: *out is malloc'd (caller frees), *outlen its size. Output depends
 * only on the set of entries, not on the order they were added. */
NM_HIDDEN int nm_lexb_finish(const nm_lexb_t *b, unsigned char **out, size_t *outlen);

/* FNV-1a 64 (key hashing). */
/* The file checksum (see the layout above). */
NM_HIDDEN uint64_t nm_lex_checksum(const void *data, size_t n);

#endif
