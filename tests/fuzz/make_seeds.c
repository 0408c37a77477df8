/*
 * make_seeds.c - writes the binary seed inputs of the lexicon and model
 * fuzz targets (the text seeds are plain files written by hand):
 *
 *   seeds/lexicon/small.lex      a valid lexicon of a few one- and multi-token entries
 *   seeds/lexicon/empty.lex      a valid lexicon with no entries
 *   seeds/lexicon/truncated.lex  small.lex cut inside its slot table
 *   seeds/model/small.lex        = seeds/lexicon/small.lex (the folder path)
 *   seeds/model/tiny.model       a valid tagger model: 2 labels, 8 feature
 *                                slots, 4 weights, 4 cluster slots (tagger.h)
 *
 * Build and run from the project root:
 *   cc -std=c99 -D_POSIX_C_SOURCE=200809L -Isrc -o build/fuzz/make_seeds \
 *      tests/fuzz/make_seeds.c CORE -pthread -lm   (CORE: every src .c file but lua_newsmark.c)
 *   build/fuzz/make_seeds tests/fuzz/seeds
 */
#include "internal.h"
#include "lexicon_build.h"

#include <stdio.h>

static int write_file(const char *dir, const char *name, const unsigned char *p, size_t n) {
    char path[512], err[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (nm_write_file(path, p, n, err, sizeof err) != NM_OK) {
        fprintf(stderr, "make_seeds: %s\n", err);
        return 1;
    }
    return 0;
}

static void wrf(unsigned char *p, float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    nm_wr32(p, u);
}

static int lexicon(const char *dir, int empty, unsigned char **out, size_t *outlen) {
    static const struct {
        const char *key;
        size_t ntok;
        uint32_t classes;
    } e[] = {
        {"lisbon", 1, NM_LX_CITY | NM_LX_BIGCITY},
        {"ruiz", 1, NM_LX_SURNAME},
        {"ana", 1, NM_LX_FIRST_F},
        {"told", 1, NM_LX_CUE | NM_LX_CUE_REPORT},
        {"said", 1, NM_LX_CUE | NM_LX_CUE_REPORT},
        {"tuesday", 1, NM_LX_WEEKDAY},
        {"prime minister", 2, NM_LX_TITLE},
        {"european union", 2, NM_LX_ORG},
        {"new york city", 3, NM_LX_CITY | NM_LX_BIGCITY},
        {"portuguese", 1, NM_LX_DEMONYM},
    };
    nm_lexb_t *b = nm_lexb_new();
    size_t i;
    if (!b) return 1;
    for (i = 0; !empty && i < sizeof e / sizeof e[0]; i++)
        if (nm_lexb_add_key(b, e[i].key, strlen(e[i].key), e[i].ntok, e[i].classes, 0) != NM_OK)
            return 1;
    if (nm_lexb_finish(b, out, outlen) != NM_OK) return 1;
    nm_lexb_free(b);
    (void)dir;
    return 0;
}

/* A tagger model laid out as tagger.h describes. */
static int tiny_model(unsigned char **out, size_t *outlen) {
    const uint32_t nlabels = 2, ntags = 5, nslots = 8, nent = 4, ncslots = 4;
    size_t trans = ((size_t)(ntags + 1) * ntags * 4 + 7) & ~(size_t)7;
    size_t off_slots = 64 + trans, off_ent = off_slots + nslots * 8;
    size_t off_cl = (off_ent + nent * 4 + 7) & ~(size_t)7, size = off_cl + ncslots * 8;
    unsigned char *p = calloc(size, 1);
    uint32_t i;
    if (!p) return 1;
    memcpy(p, "NMTAGGER", 8);
    nm_wr32(p + 8, 1);  /* NM_TAGGER_VERSION */
    nm_wr32(p + 12, 3); /* NM_TAGGER_FEATSET */
    nm_wr32(p + 16, nlabels);
    nm_wr32(p + 20, ntags);
    nm_wr32(p + 24, nslots);
    nm_wr32(p + 28, nent);
    p[32] = NM_PERSON;
    p[33] = NM_GPE;
    nm_wr32(p + 56, ncslots);
    for (i = 0; i < (ntags + 1) * ntags; i++) wrf(p + 64 + 4 * i, (float)((int)(i % 7) - 3) / 4.0f);
    /* two features: slot 1 -> entries [0, 2), slot 5 -> entries [2, 4) */
    nm_wr32(p + off_slots + 8 * 1, 0x9e3779b9u);
    nm_wr32(p + off_slots + 8 * 1 + 4, (0u << 5) | 2u);
    nm_wr32(p + off_slots + 8 * 5, 0x7f4a7c15u);
    nm_wr32(p + off_slots + 8 * 5 + 4, (2u << 5) | 2u);
    for (i = 0; i < nent; i++) {
        uint32_t u;
        float w = 0.5f + (float)i;
        memcpy(&u, &w, 4);
        nm_wr32(p + off_ent + 4 * i, (u & ~31u) | (1 + i % (ntags - 1)));
    }
    nm_wr32(p + off_cl + 8 * 2, 0x1234567u); /* one cluster word, path 0b1011 */
    nm_wr32(p + off_cl + 8 * 2 + 4, 0xBu);
    nm_wr64(p + 48, size);
    nm_wr64(p + 40, nm_lex_checksum(p + 64, size - 64));
    *out = p;
    *outlen = size;
    return 0;
}

int main(int argc, char **argv) {
    char lexdir[480], modeldir[480];
    unsigned char *small = NULL, *empty = NULL, *model = NULL;
    size_t nsmall, nempty, nmodel;
    int bad = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: make_seeds SEEDS_DIR\n");
        return 2;
    }
    snprintf(lexdir, sizeof lexdir, "%s/lexicon", argv[1]);
    snprintf(modeldir, sizeof modeldir, "%s/model", argv[1]);
    if (lexicon(lexdir, 0, &small, &nsmall) || lexicon(lexdir, 1, &empty, &nempty) ||
        tiny_model(&model, &nmodel)) {
        fprintf(stderr, "make_seeds: building failed\n");
        return 1;
    }
    bad |= write_file(lexdir, "small.lex", small, nsmall);
    bad |= write_file(lexdir, "empty.lex", empty, nempty);
    bad |= write_file(lexdir, "truncated.lex", small, 64 + 40);
    bad |= write_file(modeldir, "small.lex", small, nsmall);
    bad |= write_file(modeldir, "tiny.model", model, nmodel);
    free(small);
    free(empty);
    free(model);
    return bad;
}
