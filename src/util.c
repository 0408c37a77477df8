/* util.c - status messages, label names, growable arrays. */
#include "internal.h"

#include <stdio.h>

const char *nm_strerror(int code) {
    switch (code) {
    case NM_OK: return "success";
    case NM_ENOMEM: return "out of memory";
    case NM_EIO: return "input/output error";
    case NM_EFORMAT: return "not a valid newsmark file (bad magic or sizes)";
    case NM_EVERSION: return "unsupported file format version";
    case NM_ECHECKSUM: return "checksum mismatch (file damaged)";
    case NM_ETOOBIG: return "input too large (over 4 GiB)";
    case NM_EINVAL: return "invalid argument";
    default: return "unknown error";
    }
}

static const char *const label_names[NM_LABEL_COUNT] = {
    "O", "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC", "DATE", "TIME", "MONEY", "PERCENT",
};

const char *nm_label_name(int label) {
    if (label < 0 || label >= NM_LABEL_COUNT) return NULL;
    return label_names[label];
}

int nm_label_from_name(const char *name) {
    int i;
    if (!name) return NM_NONE;
    for (i = 1; i < NM_LABEL_COUNT; i++)
        if (strcmp(label_names[i], name) == 0) return i;
    return NM_NONE;
}

const char *nm_quote_type_name(int type) {
    switch (type) {
    case NM_QUOTE_DIRECT: return "direct";
    case NM_QUOTE_INDIRECT: return "indirect";
    case NM_QUOTE_MIXED: return "mixed";
    default: return NULL;
    }
}

int nm_grow_(void **ptr, size_t *cap, size_t need, size_t size) {
    size_t ncap = *cap ? *cap : 16;
    void *p;
    while (ncap < need) {
        if (ncap > ((size_t)-1) / 2 / size) return NM_ENOMEM;
        ncap *= 2;
    }
    p = realloc(*ptr, ncap * size);
    if (!p) return NM_ENOMEM;
    *ptr = p;
    *cap = ncap;
    return NM_OK;
}

int nm_load_fail(char *errbuf, size_t errlen, const char *name, int code, const char *what) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "%s: %s", name, what);
    return code;
}
