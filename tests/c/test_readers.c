/* test_readers.c - the core's file readers and writers go through
 * nm_read_file / nm_write_file (util.c): the lexicon, the person's lexicon,
 * the tagger model, the cluster builder's inputs and its output. Each failure
 * names the file and the reason; a written file appears whole or not at all.
 * Run from the project root (reads data/). */
#include "check.h"
#include "internal.h"
#include "tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void path_in(char *out, size_t cap, const char *name) { snprintf(out, cap, "%s/%s", dir, name); }

static int spit(const char *path, const char *s) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    fputs(s, f);
    return fclose(f);
}

static void test_loaders(void) {
    char err[512], p[128];
    nm_lexicon_t *lx = (nm_lexicon_t *)1;
    nm_tagger_t *tg = (nm_tagger_t *)1;
    nm_model_t *m = (nm_model_t *)1;

    /* missing files: the path and the system's reason */
    path_in(p, sizeof p, "none.lex");
    CHECK_INT(nm_lexicon_load(p, &lx, err, sizeof err), NM_EIO);
    CHECK(lx == NULL);
    CHECK(strstr(err, p) != NULL && strstr(err, "No such file") != NULL);
    path_in(p, sizeof p, "none.tsv");
    CHECK_INT(nm_userlex_load(p, &lx, err, sizeof err), NM_EIO);
    CHECK(strstr(err, p) != NULL && strstr(err, "No such file") != NULL);
    path_in(p, sizeof p, "none.model");
    CHECK_INT(nm_tagger_load(p, &tg, err, sizeof err), NM_EIO);
    CHECK(tg == NULL);
    CHECK(strstr(err, p) != NULL && strstr(err, "No such file") != NULL);
    CHECK_INT(nm_model_load(dir, &m, err, sizeof err), NM_EIO); /* no newsmark.lex there */
    CHECK(m == NULL);
    CHECK(strstr(err, "newsmark.lex") != NULL);

    /* a folder is not a file */
    CHECK_INT(nm_lexicon_load(dir, &lx, err, sizeof err), NM_EIO);
    CHECK(strstr(err, "directory") != NULL);
    CHECK_INT(nm_tagger_load(dir, &tg, err, sizeof err), NM_EIO);
    CHECK(strstr(err, "directory") != NULL);
    CHECK_INT(nm_userlex_load(dir, &lx, err, sizeof err), NM_EIO);
    CHECK(strstr(err, "directory") != NULL);

    /* the file's own problems still speak for themselves */
    path_in(p, sizeof p, "text.lex");
    CHECK(spit(p, "not a lexicon") == 0);
    CHECK_INT(nm_lexicon_load(p, &lx, err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, p) != NULL && strstr(err, "truncated") != NULL);
    CHECK_INT(nm_tagger_load(p, &tg, err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, p) != NULL);
    remove(p);

    /* the person's lexicon: read whole, then parsed; a bad line is named */
    path_in(p, sizeof p, "user.tsv");
    CHECK(spit(p, "Tidewater Mill\tORG\nharbor\tCITY\n") == 0);
    CHECK_INT(nm_userlex_load(p, &lx, err, sizeof err), NM_EFORMAT);
    CHECK(strstr(err, "line 2") != NULL);
    CHECK(spit(p, "Tidewater Mill\tORG\n") == 0);
    CHECK_INT(nm_userlex_load(p, &lx, err, sizeof err), NM_OK);
    CHECK(lx != NULL);
    nm_lexicon_free(lx);
    remove(p);

    /* the shipped files load */
    CHECK_INT(nm_lexicon_load("data/newsmark.lex", &lx, err, sizeof err), NM_OK);
    nm_lexicon_free(lx);
    CHECK_INT(nm_tagger_load("data/newsmark.model", &tg, err, sizeof err), NM_OK);
    nm_tagger_free(tg);
}

static void test_clusters(void) {
    char err[512], in[128], out[128], tmp[140], missing[128];
    const char *files[2];
    struct stat st;
    FILE *f;
    char line[256];
    int lines = 0, tabbed = 0;
    path_in(in, sizeof in, "text.txt");
    path_in(out, sizeof out, "clusters.tsv");
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    CHECK(spit(in, "The ferry left the harbor at dawn . The ferry came back to the harbor at dusk .\n"
                   "A ferry and a boat left the quay . The boat came back .\n") == 0);
    files[0] = in;
    CHECK_INT(nm_clusters_build(files, 1, 16, 1, out, err, sizeof err), NM_OK);
    CHECK(stat(tmp, &st) != 0); /* renamed into place */
    f = fopen(out, "rb");
    CHECK(f != NULL);
    if (f) {
        while (fgets(line, sizeof line, f)) {
            char *tab = strchr(line, '\t');
            lines++;
            if (tab && strtoul(tab + 1, NULL, 10) >= (1ul << 31) && line[strlen(line) - 1] == '\n') tabbed++;
        }
        fclose(f);
    }
    CHECK(lines > 5);
    CHECK_INT(tabbed, lines); /* every line "word<TAB>bits\n", the high bit set */

    /* an input that cannot be read: named, and the old output stays */
    path_in(missing, sizeof missing, "missing.txt");
    files[1] = missing;
    CHECK_INT(nm_clusters_build(files, 2, 16, 1, out, err, sizeof err), NM_EIO);
    CHECK(strstr(err, missing) != NULL && strstr(err, "No such file") != NULL);
    CHECK(stat(out, &st) == 0 && st.st_size > 0);

    /* an output folder that does not exist: named, nothing left behind */
    path_in(missing, sizeof missing, "no/such/clusters.tsv");
    CHECK_INT(nm_clusters_build(files, 1, 16, 1, missing, err, sizeof err), NM_EIO);
    CHECK(strstr(err, "no/such/clusters.tsv") != NULL);
    remove(out);
    remove(in);
}

int main(void) {
    snprintf(dir, sizeof dir, "/tmp/nm-readers-XXXXXX");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "test_readers: cannot make a temporary folder\n");
        return 1;
    }
    test_loaders();
    test_clusters();
    rmdir(dir);
    return check_report("test_readers");
}
