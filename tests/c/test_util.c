/* test_util.c - the core's one whole-file reader and one atomic writer:
 * round trips, empty files, size limits, missing paths, pipes, and a failed
 * write that leaves the old file whole. */
#include "check.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void path_in(char *out, size_t cap, const char *name) {
    snprintf(out, cap, "%s/%s", dir, name);
}

static int alloc_calls;
static unsigned char *calls_alloc(size_t n) {
    alloc_calls++;
    return malloc(n);
}

int main(void) {
    char p[128], q[128], err[256];
    unsigned char *buf = NULL;
    size_t len = 99;
    static const char data[] = "Ana Ruiz spoke.\0after a NUL byte";
    int rc;

    snprintf(dir, sizeof dir, "/tmp/nm-util-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }

    /* a round trip keeps every byte, NUL included, and adds a NUL after them */
    path_in(p, sizeof p, "a.bin");
    CHECK_INT(nm_write_file(p, data, sizeof data - 1, err, sizeof err), NM_OK);
    CHECK_INT(nm_read_file(p, 1 << 20, NULL, &buf, &len, err, sizeof err), NM_OK);
    CHECK_INT(len, sizeof data - 1);
    CHECK(buf && memcmp(buf, data, sizeof data - 1) == 0 && buf[len] == 0);
    free(buf);

    /* no temporary file is left behind */
    path_in(q, sizeof q, "a.bin.tmp");
    CHECK(access(q, F_OK) != 0);

    /* the given allocator is the one used */
    alloc_calls = 0;
    CHECK_INT(nm_read_file(p, 1 << 20, (void *(*)(size_t))calls_alloc, &buf, &len, err, sizeof err), NM_OK);
    CHECK_INT(alloc_calls, 1);
    free(buf);

    /* an empty file is an empty buffer, not an error */
    path_in(p, sizeof p, "empty");
    CHECK_INT(nm_write_file(p, NULL, 0, err, sizeof err), NM_OK);
    CHECK_INT(nm_read_file(p, 1 << 20, NULL, &buf, &len, err, sizeof err), NM_OK);
    CHECK_INT(len, 0);
    CHECK(buf && buf[0] == 0);
    free(buf);

    /* over the limit: refused, nothing returned */
    path_in(p, sizeof p, "a.bin");
    rc = nm_read_file(p, 4, NULL, &buf, &len, err, sizeof err);
    CHECK_INT(rc, NM_ETOOBIG);
    CHECK(buf == NULL);
    CHECK(strstr(err, "a.bin") != NULL && strstr(err, "too large") != NULL);

    /* a missing file names itself and the reason */
    path_in(p, sizeof p, "missing");
    rc = nm_read_file(p, 1 << 20, NULL, &buf, &len, err, sizeof err);
    CHECK_INT(rc, NM_EIO);
    CHECK(buf == NULL);
    CHECK(strstr(err, "missing") != NULL && strstr(err, "No such file") != NULL);

    /* a folder cannot be read as a file */
    rc = nm_read_file(dir, 1 << 20, NULL, &buf, &len, err, sizeof err);
    CHECK_INT(rc, NM_EIO);
    CHECK(buf == NULL);
    CHECK(strstr(err, dir) != NULL && strstr(err, "directory") != NULL);

    /* a pipe is read whole with malloc, refused with another allocator */
    {
        int fds[2];
        char fdpath[64];
        CHECK(pipe(fds) == 0);
        CHECK(write(fds[1], "through a pipe", 14) == 14);
        close(fds[1]);
        snprintf(fdpath, sizeof fdpath, "/dev/fd/%d", fds[0]);
        CHECK_INT(nm_read_file(fdpath, 1 << 20, NULL, &buf, &len, err, sizeof err), NM_OK);
        CHECK_INT(len, 14);
        CHECK(buf && memcmp(buf, "through a pipe", 14) == 0);
        free(buf);
        close(fds[0]);
    }

    /* a write that cannot happen leaves the old file as it was */
    path_in(p, sizeof p, "keep");
    CHECK_INT(nm_write_file(p, "old", 3, err, sizeof err), NM_OK);
    path_in(q, sizeof q, "keep.tmp");
    CHECK(mkdir(q, 0700) == 0); /* the temporary name is taken by a folder */
    rc = nm_write_file(p, "new text", 8, err, sizeof err);
    CHECK_INT(rc, NM_EIO);
    CHECK(strstr(err, "keep.tmp") != NULL);
    CHECK_INT(nm_read_file(p, 1 << 20, NULL, &buf, &len, err, sizeof err), NM_OK);
    CHECK(len == 3 && memcmp(buf, "old", 3) == 0);
    free(buf);
    rmdir(q);

    /* a folder that does not exist */
    CHECK_INT(nm_write_file("/nonexistent-dir/x", "x", 1, err, sizeof err), NM_EIO);
    CHECK_INT(nm_write_file(NULL, "x", 1, err, sizeof err), NM_EINVAL);

    path_in(p, sizeof p, "a.bin");
    remove(p);
    path_in(p, sizeof p, "empty");
    remove(p);
    path_in(p, sizeof p, "keep");
    remove(p);
    rmdir(dir);
    return check_report("util");
}
