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

/* Read a whole file into a malloc'd buffer (NULL on failure). */
static inline unsigned char *fz_read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *size = (size_t)n;
    }
    fclose(f);
    return buf;
}

/* Write bytes to a file; 0 on success. */
static inline int fz_write_file(const char *path, const void *data, size_t size) {
    FILE *f = fopen(path, "wb");
    int ok;
    if (!f) return -1;
    ok = fwrite(data, 1, size, f) == size;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

#endif
