/*
 * fuzz_common.h - what the libFuzzer targets under tests/fuzz/ share: an
 * invariant check that aborts with a message (libFuzzer then keeps the
 * input), and the directory of the committed model.
 *
 * Built only by tools/fuzz.sh (clang -fsanitize=fuzzer,address,undefined).
 */
#ifndef NM_FUZZ_COMMON_H
#define NM_FUZZ_COMMON_H

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

#define FZ_CHECK(cond, ...)                                                                  \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                                    \
            fputc('\n', stderr);                                                             \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* The committed model: $NEWSMARK_DATA or ./data (tools/fuzz.sh runs from the
 * project root). */
static inline const char *fz_data_dir(void) {
    const char *d = getenv("NEWSMARK_DATA");
    return d && *d ? d : "data";
}

/* Write bytes to a file (src/util.c, atomically); 0 on success. */
static inline int fz_write_file(const char *path, const void *data, size_t size) {
    return nm_write_file(path, data, size, NULL, 0) == NM_OK ? 0 : -1;
}

#endif
