/* util.c - status messages, label names, growable arrays, whole-file read and atomic write. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

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

/* "PATH: what: strerror(errno)" (errno as the failing call left it). */
static int io_fail(char *errbuf, size_t errlen, const char *path, int code, const char *what) {
    char msg[200];
    if (code == NM_EIO && errno)
        snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
    else
        snprintf(msg, sizeof msg, "%s", what);
    return nm_load_fail(errbuf, errlen, path, code, msg);
}

/* "PATH: file too large (over the limit of N MiB)". */
static int too_big(char *errbuf, size_t errlen, const char *path, size_t max) {
    char msg[96];
    if (max >= ((size_t)1 << 20) && max != (size_t)-1)
        snprintf(msg, sizeof msg, "file too large (the limit is %zu MiB)", max >> 20);
    else if (max != (size_t)-1)
        snprintf(msg, sizeof msg, "file too large (the limit is %zu bytes)", max);
    else
        snprintf(msg, sizeof msg, "file too large");
    return io_fail(errbuf, errlen, path, NM_ETOOBIG, msg);
}

/* An unseekable file (a pipe): read in growing chunks with malloc. */
static int read_stream(FILE *f, const char *path, size_t max, unsigned char **out, size_t *len,
                       char *errbuf, size_t errlen) {
    unsigned char *buf = NULL, *p;
    size_t cap = 0, n = 0, got;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : (size_t)1 << 16;
            if (cap < n + 65536 + 1) cap = n + 65536 + 1;
            p = realloc(buf, cap);
            if (!p) {
                free(buf);
                return io_fail(errbuf, errlen, path, NM_ENOMEM, "out of memory");
            }
            buf = p;
        }
        got = fread(buf + n, 1, 65536, f);
        n += got;
        if (n > max) {
            free(buf);
            return too_big(errbuf, errlen, path, max);
        }
        if (got < 65536) break;
    }
    if (ferror(f)) {
        free(buf);
        return io_fail(errbuf, errlen, path, NM_EIO, "cannot read");
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return NM_OK;
}

int nm_read_file(const char *path, size_t max, void *(*alloc)(size_t), unsigned char **out, size_t *len,
                 char *errbuf, size_t errlen) {
    FILE *f;
    long end;
    size_t size;
    unsigned char *buf;
    int rc;
    if (!out || !len) return NM_EINVAL;
    *out = NULL;
    *len = 0;
    if (!path) return nm_load_fail(errbuf, errlen, "file", NM_EINVAL, "no path given");
    errno = 0;
    f = fopen(path, "rb");
    if (!f) return io_fail(errbuf, errlen, path, NM_EIO, "cannot open");
    {
        struct stat st; /* a folder opens, but its size and bytes are nothing to read */
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            errno = EISDIR;
            return io_fail(errbuf, errlen, path, NM_EIO, "cannot read");
        }
    }
    if (fseek(f, 0, SEEK_END) != 0 || (end = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        clearerr(f);
        rc = alloc ? io_fail(errbuf, errlen, path, NM_EIO, "cannot read (not a regular file)")
                   : read_stream(f, path, max, out, len, errbuf, errlen);
        fclose(f);
        return rc;
    }
    size = (size_t)end;
    if ((unsigned long)end > (unsigned long)max || size == (size_t)-1) {
        fclose(f);
        return too_big(errbuf, errlen, path, max);
    }
    buf = alloc ? alloc(size + 1) : malloc(size + 1);
    if (!buf) {
        fclose(f);
        return io_fail(errbuf, errlen, path, NM_ENOMEM, "out of memory");
    }
    errno = 0;
    if (size && fread(buf, 1, size, f) != size) {
        rc = io_fail(errbuf, errlen, path, NM_EIO, ferror(f) ? "cannot read" : "cannot read (short read)");
        free(buf);
        fclose(f);
        return rc;
    }
    fclose(f);
    buf[size] = 0;
    *out = buf;
    *len = size;
    return NM_OK;
}

int nm_write_file(const char *path, const void *data, size_t n, char *errbuf, size_t errlen) {
    size_t plen;
    char *tmp;
    FILE *f;
    int rc = NM_OK;
    if (!path || (!data && n)) return nm_load_fail(errbuf, errlen, path ? path : "file", NM_EINVAL, "nothing to write");
    plen = strlen(path);
    tmp = malloc(plen + sizeof ".tmp");
    if (!tmp) return io_fail(errbuf, errlen, path, NM_ENOMEM, "out of memory");
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", sizeof ".tmp");
    errno = 0;
    f = fopen(tmp, "wb");
    if (!f) {
        rc = io_fail(errbuf, errlen, tmp, NM_EIO, "cannot create");
        free(tmp);
        return rc;
    }
    if ((n && fwrite(data, 1, n, f) != n) || fflush(f) != 0) {
        rc = io_fail(errbuf, errlen, tmp, NM_EIO, "cannot write");
        fclose(f);
    } else if (fclose(f) != 0) {
        rc = io_fail(errbuf, errlen, tmp, NM_EIO, "cannot write");
    } else if (rename(tmp, path) != 0) {
        rc = io_fail(errbuf, errlen, path, NM_EIO, "cannot rename the new file into place");
    }
    if (rc) remove(tmp);
    free(tmp);
    return rc;
}
