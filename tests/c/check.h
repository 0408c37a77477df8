/* check.h - a tiny test harness for the C tests. Each test binary prints one
 * line per failure and ends with "N passed, N failed"; exit 1 on failure. */
#ifndef NM_CHECK_H
#define NM_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (cond) {                                                                 \
            check_passed++;                                                         \
        } else {                                                                    \
            check_failed++;                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                           \
    } while (0)

#define CHECK_INT(a, b)                                                                    \
    do {                                                                                   \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                    \
        if (check_a_ == check_b_) {                                                        \
            check_passed++;                                                                \
        } else {                                                                           \
            check_failed++;                                                                \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, \
                    check_a_, check_b_);                                                   \
        }                                                                                  \
    } while (0)

/* Compare the text of span [s, e) of `text` with `want`. */
#define CHECK_SPAN(text, s, e, want)                                                         \
    do {                                                                                     \
        size_t check_n_ = (size_t)(e) - (size_t)(s);                                         \
        if (strlen(want) == check_n_ && memcmp((text) + (s), (want), check_n_) == 0) {       \
            check_passed++;                                                                  \
        } else {                                                                             \
            check_failed++;                                                                  \
            fprintf(stderr, "%s:%d: span \"%.*s\", expected \"%s\"\n", __FILE__, __LINE__, \
                    (int)check_n_, (text) + (s), (want));                                    \
        }                                                                                    \
    } while (0)

/* Compare two NUL-terminated strings. */
#define CHECK_STR(a, b)                                                                        \
    do {                                                                                       \
        const char *check_x_ = (a), *check_y_ = (b);                                           \
        if (strcmp(check_x_, check_y_) == 0) {                                                 \
            check_passed++;                                                                    \
        } else {                                                                               \
            check_failed++;                                                                    \
            fprintf(stderr, "%s:%d: got \"%s\", expected \"%s\"\n", __FILE__, __LINE__, check_x_, \
                    check_y_);                                                                 \
        }                                                                                      \
    } while (0)

static int check_report(const char *name) {
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
