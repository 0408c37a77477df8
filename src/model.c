/* model.c - loading a model, the per-call result, and the analysis pipeline:
 * tokenize -> lexicon classes -> entities -> mention ids -> quotes. */
#include "internal.h"
#include "tagger.h" /* the statistical tagger */

#include <stdio.h>

static void set_err(char *errbuf, size_t errlen, const char *msg) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "%s", msg);
}

/* 1-32 letters, digits, '-' or '_' (a file name part, never a path). */
static int profile_name_ok(const char *p) {
    size_t n = 0;
    for (; p[n]; n++)
        if (!((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
              (p[n] >= '0' && p[n] <= '9') || p[n] == '-' || p[n] == '_'))
            return 0;
    return n >= 1 && n <= 32;
}

int nm_model_load(const char *dir, nm_model_t **out, char *errbuf, size_t errlen) {
    return nm_model_load_profile(dir, NULL, out, errbuf, errlen);
}

int nm_model_load_profile(const char *dir, const char *profile, nm_model_t **out, char *errbuf,
                          size_t errlen) {
    nm_model_t *m = NULL;
    char *path = NULL;
    size_t n;
    int rc;

    if (!out) return NM_EINVAL;
    *out = NULL;
    if (!dir || !*dir) {
        set_err(errbuf, errlen, "no model directory given");
        return NM_EINVAL;
    }
    if (profile && (!*profile || strcmp(profile, "news") == 0)) profile = NULL;
    if (profile && !profile_name_ok(profile)) {
        set_err(errbuf, errlen, "bad profile name (1-32 letters, digits, '-' or '_')");
        return NM_EINVAL;
    }
    m = calloc(1, sizeof *m);
    n = strlen(dir) + sizeof "/newsmark.lex";
    path = malloc(n);
    if (!m || !path) {
        rc = NM_ENOMEM;
        set_err(errbuf, errlen, nm_strerror(rc));
        goto fail;
    }
    snprintf(path, n, "%s/newsmark.lex", dir);
    rc = nm_lexicon_load(path, &m->lex, errbuf, errlen);
    if (rc != NM_OK) goto fail;
    free(path);
    path = NULL;
    /* the statistical tagger, when newsmark.model is in the folder (without
     * it, names come from the rule-based recognizer of entities.c) */
    {
        FILE *f;
        n = strlen(dir) + sizeof "/newsmark-.model" + (profile ? strlen(profile) : 0);
        path = malloc(n);
        if (!path) {
            rc = NM_ENOMEM;
            set_err(errbuf, errlen, nm_strerror(rc));
            goto fail;
        }
        if (profile) snprintf(path, n, "%s/newsmark-%s.model", dir, profile);
        else snprintf(path, n, "%s/newsmark.model", dir);
        f = fopen(path, "rb");
        if (!f && profile) {
            rc = NM_EIO;
            if (errbuf && errlen)
                snprintf(errbuf, errlen, "%s: no such profile in the model folder", path);
            goto fail;
        }
        if (f) {
            nm_tagger_t *tg = NULL;
            fclose(f);
            rc = nm_tagger_load(path, &tg, errbuf, errlen);
            if (rc != NM_OK) goto fail;
            m->tagger = tg;
        }
        free(path);
    }
    *out = m;
    return NM_OK;
fail:
    free(path);
    nm_model_free(m);
    return rc;
}

void nm_model_free(nm_model_t *model) {
    if (!model) return;
    nm_lexicon_free(model->lex);
    nm_tagger_free((nm_tagger_t *)model->tagger);
    nm_lexicon_free(model->user); /* the person's lexicon */
    free(model);
}

int nm_result_new(nm_result_t **out) {
    nm_result_t *r;
    if (!out) return NM_EINVAL;
    r = calloc(1, sizeof *r);
    if (!r) return NM_ENOMEM;
    nm_tokens_init(&r->tk);
    *out = r;
    return NM_OK;
}

void nm_result_free(nm_result_t *res) {
    if (!res) return;
    nm_tokens_finish(&res->tk);
    free(res->ent);
    free(res->quote);
    free(res->qpart);
    free(res->tag);
    free(res->scratch);
    if (res->tagscratch) { /* the tagger's per-call scratch (entities.c) */
        nm_tagscratch_finish((nm_tagscratch_t *)res->tagscratch);
        free(res->tagscratch);
    }
    free(res);
}

static int run_stages(const nm_model_t *model, const char *text, size_t len, unsigned what,
                      nm_result_t *res) {
    int rc;
    if (what & (NM_AN_ENTITIES | NM_AN_QUOTES)) {
        /* (tokens only, what == 0: no lexicon pass, nothing reads its classes) */
        nm_lexicon_tag(model->lex, text, &res->tk);
        rc = nm_entities_find(model, text, res);
        if (rc != NM_OK) return rc;
        rc = nm_userlex_apply(model->user, text, res); /* the person's lexicon wins */
        if (rc != NM_OK) return rc;
        rc = nm_entities_link(model, text, res);
        if (rc != NM_OK) return rc;
    }
    if (what & NM_AN_QUOTES) {
        rc = nm_quotes_find(model, text, len, res);
        if (rc != NM_OK) return rc;
    }
    if (!(what & NM_AN_ENTITIES)) res->nent = 0;
    return NM_OK;
}

static void reset(nm_result_t *res) {
    res->nent = 0;
    res->nquote = 0;
}

int nm_analyze(const nm_model_t *model, const char *text, size_t len, unsigned what,
               nm_result_t *res) {
    int rc;
    if (!model || !res || (!text && len)) return NM_EINVAL;
    reset(res);
    if (len > 0xFFFFFFFFu) return NM_ETOOBIG;
    rc = nm_tokenize(text ? text : "", len, &res->tk);
    if (rc != NM_OK) return rc;
    return run_stages(model, text ? text : "", len, what, res);
}

int nm_analyze_tokens(const nm_model_t *model, const char *text, size_t len,
                      const nm_span_t *tokens, const unsigned char *sent_start, size_t ntok,
                      unsigned what, nm_result_t *res) {
    int rc;
    if (!model || !res || (!text && len) || (!tokens && ntok)) return NM_EINVAL;
    reset(res);
    if (len > 0xFFFFFFFFu) return NM_ETOOBIG;
    rc = nm_tokens_from_spans(text ? text : "", len, tokens, sent_start, ntok, &res->tk);
    if (rc != NM_OK) return rc;
    return run_stages(model, text ? text : "", len, what, res);
}

const nm_entity_t *nm_result_entities(const nm_result_t *res, size_t *count) {
    if (count) *count = res ? res->nent : 0;
    return res ? res->ent : NULL;
}

const nm_quote_t *nm_result_quotes(const nm_result_t *res, size_t *count) {
    if (count) *count = res ? res->nquote : 0;
    return res ? res->quote : NULL;
}

size_t nm_result_token_count(const nm_result_t *res) { return res ? res->tk.ntok : 0; }

nm_span_t nm_result_token(const nm_result_t *res, size_t i) {
    nm_span_t s = {0, 0};
    if (res && i < res->tk.ntok) {
        s.start = res->tk.tok[i].start;
        s.end = res->tk.tok[i].end;
    }
    return s;
}

int nm_result_token_starts_sentence(const nm_result_t *res, size_t i) {
    return res && i < res->tk.ntok && (res->tk.tok[i].flags & NM_TF_SENT_START) != 0;
}
