/*
 * quotes.c - direct quotes by quotation-mark pairing, reported speech, mixed
 * quotes, and their attribution (speaker and cue).
 *
 * Input: res->tk (tokens with NM_TF_* flags, quote direction and family,
 * lexicon classes) and res->ent (entities in text order, ids linked).
 * Output: res->quote, in text order.
 *
 * Passes, each linear in the number of tokens (every backward or forward
 * look is bounded by a small constant):
 *   1. pair quotation marks per paragraph with a bounded stack; only the
 *      outermost pair is a candidate ("nested quotes are not speech"); a
 *      paragraph end closes an open double quote (NM_QF_UNCLOSED); a paragraph
 *      that opens again right after one left open continues it
 *      (NM_QF_CONTINUED). Short fragments (1-3 words, no sentence
 *      punctuation) and Title Case runs without a cue nearby are scare quotes
 *      or titles, not speech.
 *   2. attribute each direct quote: cue after the closing mark (`"...," Ruiz
 *      said` / `"...," said Ruiz`), else cue before the opening mark (`Ruiz
 *      said: "..."`). A quote preceded by cue + content (`said that the deal
 *      "..."`) is left to pass 3, which reports it as a mixed quote.
 *   3. reported speech per sentence: a sentence-final attribution (`..., the
 *      source said.`), "X said (that) ...", "according to X, ...", "X: ...".
 *      Reported content holding a quoted fragment is a mixed quote. A
 *      first-person sentence right after reported speech, with no marks and
 *      no cue, is an unmarked continuation (NM_QF_UNMARKED).
 *   4. sort, then speaker inheritance (NM_QF_INHERITED) and sharing along
 *      continued paragraphs.
 *
 * Speakers: an entity (PERSON, ORG, GPE, NORP) with its id; a pronoun
 * (he/she/they/it) whose span is the pronoun and whose id is the resolved
 * entity (0 when nothing compatible precedes it); a role phrase ("a company
 * spokeswoman") or an untagged capitalized name, with id 0.
 */
#include "quotes.h"

/* ---------------------------------------------------------------- scratch */

static size_t align8(size_t n) { return (n + 7u) & ~(size_t)7u; }

static int setup(qctx_t *c, nm_result_t *res) {
    size_t nt = c->ntok + 1, ne = c->nent + 1, need = 0, off = 0;
    unsigned char *p;
    size_t s_i32t = align8(nt * sizeof(int32_t)), s_u8t = align8(nt);
    size_t s_i32e = align8(ne * sizeof(int32_t));
    size_t ndqmax = 0, t;
    for (t = 0; t < c->ntok; t++)
        if (c->tok[t].flags & NM_TF_QUOTE) ndqmax++;
    c->outcap = ndqmax + 2 * c->nsent + 2;
    need = 4 * s_i32t + 2 * s_u8t + 5 * s_i32e + align8(ne) + align8((ndqmax + 1) * sizeof(dq_t)) +
           c->outcap * sizeof(qrec_t);
    if (need > res->scratchcap) {
        void *np = realloc(res->scratch, need);
        if (!np) return NM_ENOMEM;
        res->scratch = np;
        res->scratchcap = need;
    }
    p = (unsigned char *)res->scratch;
    c->ent_at = (int32_t *)(void *)(p + off), off += s_i32t;
    c->ent_before = (int32_t *)(void *)(p + off), off += s_i32t;
    c->sent_of = (uint32_t *)(void *)(p + off), off += s_i32t;
    c->dq_of = (int32_t *)(void *)(p + off), off += s_i32t;
    c->tq = p + off, off += s_u8t;
    c->cue_len = p + off, off += s_u8t;
    c->prevP = (int32_t *)(void *)(p + off), off += s_i32e;
    c->prevF = (int32_t *)(void *)(p + off), off += s_i32e;
    c->prevM = (int32_t *)(void *)(p + off), off += s_i32e;
    c->prevU = (int32_t *)(void *)(p + off), off += s_i32e;
    c->prevG = (int32_t *)(void *)(p + off), off += s_i32e;
    {
        uint8_t *gender = p + off; /* by entity id: 0 unknown, 1 female, 2 male, 3 both */
        size_t i, k = 0, e;
        off += align8(ne);
        c->dq = (dq_t *)(void *)(p + off);
        off += align8((ndqmax + 1) * sizeof(dq_t));
        c->out = (qrec_t *)(void *)(p + off);
        memset(gender, 0, ne);
        memset(c->tq, 0, nt);
        memset(c->cue_len, 0, nt);
        for (t = 0; t < c->ntok; t++) c->dq_of[t] = -1;
        /* sentence of each token */
        for (t = 0; t < c->ntok; t++) c->sent_of[t] = 0;
        for (i = 0; i < c->nsent; i++) {
            size_t b = c->sent[i].begin, en = c->sent[i].end;
            if (en > c->ntok) en = c->ntok;
            for (t = b; t < en; t++) c->sent_of[t] = (uint32_t)i;
        }
        /* entity per token (two pointers: entities and tokens in text order) */
        e = 0;
        for (t = 0; t < c->ntok; t++) {
            const nm_tok_t *tk = &c->tok[t];
            while (e < c->nent && c->ent[e].end <= tk->start) e++;
            c->ent_at[t] = (e < c->nent && c->ent[e].start <= tk->start && tk->end <= c->ent[e].end)
                               ? (int32_t)e
                               : -1;
            while (k < c->nent && c->ent[k].start < tk->start) k++;
            c->ent_before[t] = (int32_t)k - 1;
        }
        /* gender evidence and nearest earlier compatible entities */
        t = 0;
        for (i = 0; i < c->nent; i++) {
            const nm_entity_t *en = &c->ent[i];
            int g = 0, id = en->id;
            while (t < c->ntok && c->tok[t].end <= en->start) t++;
            if (en->label == NM_PERSON && t < c->ntok) {
                uint32_t lx = c->tok[t].lex;
                size_t u = t;
                /* first name anywhere in the first two tokens, or a title before */
                for (u = t; u < c->ntok && u < t + 2 && c->tok[u].start < en->end; u++) {
                    lx = c->tok[u].lex;
                    if ((lx & NM_LX_FIRST_F) && !(lx & NM_LX_FIRST_M)) g = 1;
                    else if ((lx & NM_LX_FIRST_M) && !(lx & NM_LX_FIRST_F)) g = 2;
                    if (tok_in(c, u, female_honorifics))
                        g = 1;
                    else if (tok_in(c, u, male_honorifics))
                        g = 2;
                    if (g) break;
                }
                if (!g && t > 0) {
                    if (tok_in(c, t - 1, female_honorifics_before))
                        g = 1;
                    else if (tok_in(c, t - 1,
                                    male_honorifics_before))
                        g = 2;
                }
                if (id > 0 && (size_t)id < ne) {
                    if (g) gender[id] = (uint8_t)(gender[id] | g);
                    g = gender[id];
                }
            }
            c->prevP[i] = i ? c->prevP[i - 1] : -1;
            c->prevF[i] = i ? c->prevF[i - 1] : -1;
            c->prevM[i] = i ? c->prevM[i - 1] : -1;
            c->prevU[i] = i ? c->prevU[i - 1] : -1;
            c->prevG[i] = i ? c->prevG[i - 1] : -1;
            if (en->label == NM_PERSON) {
                c->prevP[i] = (int32_t)i;
                if (g == 1) c->prevF[i] = (int32_t)i;
                else if (g == 2) c->prevM[i] = (int32_t)i;
                else c->prevU[i] = (int32_t)i;
            } else if (en->label == NM_ORG || en->label == NM_NORP || en->label == NM_GPE) {
                c->prevG[i] = (int32_t)i;
            }
        }
    }
    return NM_OK;
}

/* ---------------------------------------------------------------- cues */

/* Is token t a word in its base form: no -s, -ed or -ing ending? */
static int base_form(const qctx_t *c, size_t t) {
    size_t n = c->tok[t].end - c->tok[t].start;
    if (n < 3) return 1;
    return !tok_ends(c, t, "s") && !tok_ends(c, t, "ed") && !(n > 4 && tok_ends(c, t, "ing"));
}

/* Token t starts a cue of n tokens. */
static void mark_cue(qctx_t *c, size_t t, size_t n) {
    c->tq[t] |= TQ_CUE;
    c->cue_len[t] = (uint8_t)n;
}

/* Does the charge verb at t accuse (`charged that ...`, `charged the mayor
 * with fraud`, `charged he had lied`) rather than name a price (`charged
 * drivers a fee`, `to charge $5 a crossing`)? */
static int charge_accuses(const qctx_t *c, size_t t) {
    size_t k;
    if (t + 1 >= c->ntok) return 1;
    /* (`"...," Ruiz charged.`, `charged: "..."`: it reports a quotation) */
    if (tok_is(c, t + 1, "that") || is_clause_punct(c, t + 1) ||
        (c->tok[t + 1].flags & NM_TF_QUOTE) ||
        (tok_in(c, t + 1, speech_pronouns) && !tok_is(c, t + 1, "it")))
        return 1;
    for (k = t + 1; k < c->ntok && k <= t + 7; k++) {
        if (is_clause_punct(c, k) || (c->tok[k].flags & (NM_TF_PARA_START | NM_TF_NUMBER)) ||
            tok_ch(c, k, '$'))
            return 0;
        if (tok_is(c, k, "with")) return 1;
        /* a name, then no object of price: `charged Ruiz "hid" the files` */
        if (k == t + 1 && c->ent_at[k] >= 0 && c->ent[c->ent_at[k]].label != NM_MONEY) {
            spk_t e;
            nm_q_entity_tokens(c, k, &e);
            if (e.tb < c->ntok && !tok_in(c, e.tb, determiners) &&
                !(c->tok[e.tb].flags & NM_TF_NUMBER) && !tok_ch(c, e.tb, '$') &&
                !(c->ent_at[e.tb] >= 0 && c->ent[c->ent_at[e.tb]].label == NM_MONEY))
                return 1;
        }
    }
    return 0;
}

/* Mark every cue start with its length in tokens. A cue is a lower-case
 * token of class NM_LX_CUE outside entities (longest lexicon match for
 * particle verbs: "pointed out") or the phrase "according to". */
static void find_cues(qctx_t *c) {
    size_t t;
    for (t = 0; t < c->ntok; t++) {
        const nm_tok_t *k = &c->tok[t];
        size_t n = 0;
        if (k->flags & NM_TF_QUOTE) continue;
        if (tok_is(c, t, "according") && t + 1 < c->ntok && tok_is(c, t + 1, "to")) {
            n = 2;
        } else if ((k->flags & NM_TF_LOWER) && c->ent_at[t] < 0 &&
                   ((k->lex & NM_LX_CUE) ||
                    (t + 1 < c->ntok && tok_in(c, t + 1, particles)))) {
            n = (k->lex & NM_LX_CUE) ? 1 : 0;
            if (c->m && c->m->lex && t + 1 < c->ntok && tok_in(c, t + 1, particles)) {
                uint32_t cls = 0;
                size_t end = t + NM_LEX_MAXTOK < c->ntok ? t + NM_LEX_MAXTOK : c->ntok;
                size_t mlen = nm_lexicon_match(c->m->lex, c->text, c->tok, t, end, &cls, NULL);
                if (mlen > 1 && (cls & NM_LX_CUE)) n = mlen;
                /* `went on to work for Ruiz`: a particle verb before "to" and
                 * a verb of no speech reports nothing */
                if (n > 1 && tok_is(c, t + n, "to") && t + n + 1 < c->ntok &&
                    !(c->tok[t + n + 1].lex & NM_LX_CUE))
                    n = 0;
            }
        }
        /* a finding reported with "that" */
        if (!n && (k->flags & NM_TF_LOWER) && c->ent_at[t] < 0 && t + 1 < c->ntok &&
            tok_in(c, t, finding_verbs) && tok_is(c, t + 1, "that"))
            n = 1;
        /* a headline in Title Case: `Ana Ruiz Says She Will Run`, `..., Tomas
         * Berg Says.`: a capitalized cue right after a person or an
         * organization */
        if (!n && !(k->flags & NM_TF_SENT_START) && (k->flags & NM_TF_UPPER) &&
            (k->lex & NM_LX_CUE) && c->ent_at[t] < 0 && t > 0 && t + 1 < c->ntok &&
            c->ent_at[t - 1] >= 0 &&
            (c->ent[c->ent_at[t - 1]].label == NM_PERSON ||
             c->ent[c->ent_at[t - 1]].label == NM_ORG) &&
            ((c->tok[t + 1].flags & NM_TF_UPPER) || is_sent_punct(c, t + 1)))
            n = 1;
        /* `Asked whether ..., Ruiz said`: the question (rule_asked) */
        if (!n && (k->flags & NM_TF_SENT_START) && tok_is(c, t, "asked") && c->ent_at[t] < 0) {
            size_t k2;
            for (k2 = t + 1; k2 < c->ntok && k2 < t + 9; k2++) {
                if (c->tok[k2].flags & (NM_TF_QUOTE | NM_TF_PUNCT)) break;
                if (tok_in(c, k2, question_words) && c->ent_at[k2] < 0) {
                    n = 1;
                    break;
                }
            }
        }
        /* an inverted cue opening a sentence: `Said Ruiz: "..."` */
        if (!n && (k->flags & NM_TF_SENT_START) && (k->flags & NM_TF_UPPER) &&
            (k->lex & NM_LX_CUE) && c->ent_at[t] < 0 && t + 1 < c->ntok &&
            ((c->ent_at[t + 1] >= 0 && c->ent[c->ent_at[t + 1]].label == NM_PERSON) ||
             (c->tok[t + 1].lex & NM_LX_TITLE)))
            n = 1;
        /* `The index fell, suggesting traders were nervous`: a participle of
         * inference after a comma reports nothing when no verb of speech
         * (nor a naming verb: `derided the plan, suggesting ...`) or
         * quotation comes before it in its sentence and no person,
         * organization or pronoun opens the sentence */
        if (n == 1 && t > 1 && tok_ch(c, t - 1, ',') && tok_in(c, t, inference_participles)) {
            size_t k2 = t - 1;
            spk_t sp;
            int said = 0;
            for (;; k2--) { /* (the sentence's first token too: its opening mark) */
                said = (c->tq[k2] & TQ_CUE) || (c->tok[k2].flags & NM_TF_QUOTE) ||
                       tok_in(c, k2, naming_verbs);
                if (said || k2 == 0 || (c->tok[k2].flags & NM_TF_SENT_START)) break;
            }
            if (!said && !nm_q_opening_subject(c, t, &sp))
                n = 0;
        }
        /* `the state's party`, `state Sen. Ana Ruiz`: a noun, not a cue verb */
        if (n == 1 && t + 1 < c->ntok &&
            ((c->tok[t + 1].flags & NM_TF_POSS) ||
             (tok_in(c, t, noun_cues) &&
              ((c->tok[t + 1].lex & NM_LX_TITLE) || (c->tok[t + 1].flags & NM_TF_UPPER)))))
            n = 0;
        /* `secretary of state mocked`, `her home state boomed`: a noun cue
         * word is a verb only after a subject (a name, a pronoun, a role, a
         * document: `the memo states`) or an auxiliary (`will state`) */
        if (n == 1 && tok_in(c, t, noun_cues) && t > 0 &&
            (c->ent_at[t - 1] < 0 || c->ent[c->ent_at[t - 1]].label == NM_NORP) &&
            !(c->tok[t - 1].lex & (NM_LX_PRONOUN | NM_LX_ROLE | NM_LX_CUE_NOUN)) &&
            !tok_in(c, t - 1, carrier_nouns) &&
            !tok_in(c, t - 1, adverbs_aux) && !tok_is(c, t - 1, "to"))
            n = 0;
        /* `spontaneous chants of`, `remarks of the mayor`: a plural noun
         * before "of", not after its subject */
        if (n == 1 && t > 0 && t + 1 < c->ntok && tok_is(c, t + 1, "of") &&
            tok_ends(c, t, "s") && c->ent_at[t - 1] < 0 &&
            !(c->tok[t - 1].lex & NM_LX_PRONOUN) && !tok_in(c, t - 1, adverbs_aux))
            n = 0;
        /* `turned to jokes`, `met with warnings`: a cue word in -s (not
         * -ss: `to stress`) right after a preposition is a plural noun */
        if (n == 1 && t > 0 && tok_in(c, t - 1, prepositions) && c->ent_at[t - 1] < 0 &&
            !tok_in(c, t - 1, particles) && !tok_is(c, t - 1, "as") && tok_ends(c, t, "s") &&
            !tok_ends(c, t, "ss"))
            n = 0;
        /* "the answers", "his comments", "Ruiz's remarks": a noun, not a cue verb */
        if (n && t > 0 && !is_according(c, t) &&
            (tok_in(c, t - 1, noun_determiners) ||
             /* (`he's said`: "has", after a pronoun) */
             ((c->tok[t - 1].flags & NM_TF_POSS) && t > 1 &&
              !(c->tok[t - 2].lex & NM_LX_PRONOUN) && !tok_in(c, t - 2, relatives))))
            n = 0;
        /* `Ruiz's short reply`: a noun of what was said after a possessive
         * and one modifier (`Ruiz's campaign said` stays a cue) */
        if (n == 1 && t > 2 && tok_in(c, t, said_nouns) && (c->tok[t - 2].flags & NM_TF_POSS) &&
            is_lower_word(c, t - 1) &&
            c->ent_at[t - 1] < 0 && !(c->tok[t - 1].lex & (NM_LX_CUE | NM_LX_FUNC)) &&
            !tok_in(c, t - 1, adverbs_aux) && !tok_ends(c, t - 1, "ly") &&
            !(c->tok[t - 3].lex & NM_LX_PRONOUN) && !tok_in(c, t - 3, relatives))
            n = 0;
        /* `posted a short note: "..."`: a cue word in its base form after a
         * determiner and one modifier (not a plural: `the locals claim:`),
         * before a colon or a quotation mark, is a noun */
        if (n == 1 && t > 1 && t + 1 < c->ntok && tok_in(c, t - 2, noun_determiners) &&
            is_lower_word(c, t - 1) && c->ent_at[t - 1] < 0 &&
            !(c->tok[t - 1].lex & (NM_LX_PRONOUN | NM_LX_ROLE | NM_LX_FUNC | NM_LX_CUE)) &&
            !tok_in(c, t - 1, adverbs_aux) && !tok_in(c, t, say_forms) && base_form(c, t) &&
            (!tok_ends(c, t - 1, "s") || tok_ends(c, t - 1, "ous")) &&
            (tok_ch(c, t + 1, ':') || (c->tok[t + 1].flags & NM_TF_QUOTE) ||
             /* (`joined in a thunderous chant of "..."`) */
             (tok_is(c, t + 1, "of") && t + 2 < c->ntok && (c->tok[t + 2].flags & NM_TF_QUOTE))))
            n = 0;
        if (n == 1 && tok_in(c, t, charge_verbs) && !charge_accuses(c, t)) n = 0;
        if (n) {
            mark_cue(c, t, n);
            t += n - 1;
        }
    }
}


/* Verbs that take an indirect object before the reported content. */
static int is_tell(const qctx_t *c, size_t t) {
    return tok_in(c, t, tell_verbs);
}

/* Cues whose content may be an infinitive: `vowed to fight`, `urged him to
 * resign`, `called on the mayor to resign`. */
static int takes_infinitive(const qctx_t *c, size_t t) {
    const nm_tok_t *k = &c->tok[t];
    size_t n = k->end - k->start, i, j, l;
    for (i = 0; infinitive_stems[i]; i++) {
        l = strlen(infinitive_stems[i]);
        if (n < l) continue;
        for (j = 0; j < l; j++) {
            unsigned char ch = (unsigned char)c->text[k->start + j];
            if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch + 32);
            if (ch != (unsigned char)infinitive_stems[i][j]) break;
        }
        if (j == l) return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- output */

static const char *const rule_names[NM_QR_COUNT] = {
    "", "dq-naming", "dq-signature", "dq-cue-after", "dq-cue-before", "dq-transcript",
    "dq-bare", "final-attribution", "according-to", "as-x-put-it", "comma-aside",
    "infinitive", "that-clause", "tell-object", "subordinate", "colon-label", "unmarked",
    "dq-colon-label", "dq-colon-clause", "asked-question", "dq-clause-subject", "topic"};

const char *nm_quote_rule_name(int rule) {
    return rule > 0 && rule < NM_QR_COUNT ? rule_names[rule] : "";
}

static int emit(qctx_t *c, int rule, int type, unsigned flags, size_t ta, size_t tb,
                const spk_t *sp, size_t cu, size_t cn) {
    qrec_t *r;
    if (c->nout >= c->outcap) return NM_OK; /* cannot happen: capacity is an upper bound */
    r = &c->out[c->nout++];
    memset(r, 0, sizeof *r);
    r->ta = (uint32_t)ta;
    r->tb = (uint32_t)tb;
    r->q.start = c->tok[ta].start;
    r->q.end = c->tok[tb].end;
    r->q.type = type;
    r->q.flags = flags;
    r->q.rule = rule;
    r->te = (uint32_t)tb;
    if (sp && sp->tb > sp->ta && sp->tb - 1 > r->te) r->te = sp->tb - 1;
    if (cn && cu + cn - 1 > r->te) r->te = (uint32_t)(cu + cn - 1);
    if (sp && sp->tb > sp->ta) {
        r->q.speaker.start = c->tok[sp->ta].start;
        r->q.speaker.end = c->tok[sp->tb - 1].end;
        r->q.speaker_id = sp->id;
    }
    if (cn) {
        r->q.cue.start = c->tok[cu].start;
        r->q.cue.end = c->tok[cu + cn - 1].end;
    }
    return NM_OK;
}

/* ---------------------------------------------------------------- pass 1 */

/* Direction of a straight mark from its surroundings. */
static int mark_dir(const qctx_t *c, size_t t, const uint32_t *st_fam, int depth) {
    const nm_tok_t *k = &c->tok[t];
    int sb, sa, i;
    if (k->quote != NM_Q_EITHER) return k->quote;
    sb = t == 0 || (k->flags & (NM_TF_SPACE_BEFORE | NM_TF_PARA_START | NM_TF_LINE_START)) ||
         tok_ch(c, t - 1, '(') || tok_ch(c, t - 1, '[') || (c->tok[t - 1].flags & NM_TF_DASH) ||
         ((c->tok[t - 1].flags & NM_TF_QUOTE) && c->tok[t - 1].quote == NM_Q_OPEN);
    sa = t + 1 >= c->ntok ||
         (c->tok[t + 1].flags & (NM_TF_SPACE_BEFORE | NM_TF_PARA_START | NM_TF_LINE_START)) ||
         is_clause_punct(c, t + 1) || tok_ch(c, t + 1, ')') ||
         (c->tok[t + 1].flags & NM_TF_QUOTE);
    if (sb && !sa) return NM_Q_OPEN;
    if (sa && !sb) return NM_Q_CLOSE;
    for (i = depth - 1; i >= 0; i--)
        if (st_fam[i] == k->qfam) return NM_Q_CLOSE;
    return NM_Q_OPEN;
}

static int add_dq(qctx_t *c, size_t a, size_t b, unsigned flags) {
    dq_t *d = &c->dq[c->ndq++];
    d->a = (uint32_t)a;
    d->b = (uint32_t)b;
    d->flags = flags;
    d->kind = DQ_SPEECH;
    d->naming = 0;
    return 0;
}

/* Two straight single quotes written as a double mark ('' as in some
 * newswire text): tokens t and t + 1, adjacent, at least one a quote mark. */
static int double_single(const qctx_t *c, size_t t) {
    const nm_tok_t *k = &c->tok[t], *n;
    if (t + 1 >= c->ntok) return 0;
    n = &c->tok[t + 1];
    if (n->start != k->end || k->end - k->start != 1 || n->end - n->start != 1) return 0;
    if (c->text[k->start] != '\'' || c->text[n->start] != '\'') return 0;
    return ((k->flags | n->flags) & NM_TF_QUOTE) != 0;
}

/* The last token inside the quote whose closing mark ends at b (before the
 * two tokens of a closing '' ). */
static size_t last_inside(const qctx_t *c, size_t b) {
    return b >= 2 && double_single(c, b - 1) ? b - 2 : b - 1;
}

/* Is token t one of the n marks of ign? */
static int ignored_mark(const uint32_t *ign, int n, size_t t) {
    int i;
    for (i = 0; i < n; i++)
        if (ign[i] == t) return 1;
    return 0;
}

static void pair_marks(qctx_t *c) {
    uint32_t st_tok[ST_MAX], st_fam[ST_MAX], ign[ST_MAX];
    int depth = 0, nign = 0, rescans = 0;
    size_t t, cont_tok = (size_t)-1;
    for (t = 0; t <= c->ntok; t++) {
        const nm_tok_t *k;
        int dir, i;
        uint32_t fam;
        size_t last = t;
        if (depth > 0 && st_fam[0] == NM_QF_SINGLE && rescans < 4 &&
            (t == c->ntok || (c->tok[t].flags & NM_TF_PARA_START))) {
            /* A single mark left open to the paragraph's end was an
             * apostrophe or a typo, not a quotation around the rest: read
             * the paragraph again from it with the open single marks
             * ignored, so that the quotes inside it are found. Nothing was
             * added since it opened (only marks at depth 0 add a quote). */
            for (i = 0; i < depth && nign < ST_MAX; i++)
                if (st_fam[i] == NM_QF_SINGLE) ign[nign++] = st_tok[i];
            t = st_tok[0];
            depth = 0;
            rescans++;
            continue;
        }
        if (t == c->ntok) break;
        k = &c->tok[t];
        if (t > 0 && (k->flags & NM_TF_PARA_START)) {
            nign = rescans = 0;
            /* paragraph end: an open double quote or guillemet closes here */
            cont_tok = (size_t)-1;
            if (depth > 0 && st_fam[0] != NM_QF_SINGLE && st_fam[0] != NM_QF_SGUILLEMET) {
                add_dq(c, st_tok[0], t - 1, NM_QF_UNCLOSED);
                if (((k->flags & NM_TF_QUOTE) && k->qfam == st_fam[0] && k->quote != NM_Q_CLOSE) ||
                    (st_fam[0] == NM_QF_DOUBLE && double_single(c, t)))
                    cont_tok = t;
            }
            depth = 0;
        }
        if (double_single(c, t) &&
            !(depth > 0 && st_fam[depth - 1] == NM_QF_SINGLE && double_single(c, t + 1) &&
              !(k->flags & NM_TF_SPACE_BEFORE))) {
            /* (''' after an open single quote: ' closes it, then '' follows) */
            const nm_tok_t *n = &c->tok[t + 1];
            int sb = t == 0 || (k->flags & (NM_TF_SPACE_BEFORE | NM_TF_LINE_START)) ||
                     tok_ch(c, t - 1, '(') || (c->tok[t - 1].flags & NM_TF_DASH);
            int sa = t + 2 >= c->ntok ||
                     (c->tok[t + 2].flags & (NM_TF_SPACE_BEFORE | NM_TF_LINE_START)) ||
                     is_clause_punct(c, t + 2) || (c->tok[t + 2].flags & NM_TF_QUOTE);
            fam = NM_QF_DOUBLE;
            last = t + 1;
            if (sb && !sa) dir = NM_Q_OPEN;
            else if (sa && !sb) dir = NM_Q_CLOSE;
            else dir = (k->flags & NM_TF_QUOTE) ? k->quote : n->quote;
            if (dir == NM_Q_EITHER) {
                dir = NM_Q_OPEN;
                for (i = depth - 1; i >= 0; i--)
                    if (st_fam[i] == fam) dir = NM_Q_CLOSE;
            }
        } else {
            if (!(k->flags & NM_TF_QUOTE) || ignored_mark(ign, nign, t)) continue;
            fam = k->qfam;
            dir = mark_dir(c, t, st_fam, depth);
            if (fam == NM_QF_SINGLE && (k->flags & (NM_TF_POSS | NM_TF_APOS))) {
                /* a possessive apostrophe closes only a single quote already open */
                for (i = depth - 1; i >= 0; i--)
                    if (st_fam[i] == NM_QF_SINGLE) break;
                if (i < 0) continue;
                dir = NM_Q_CLOSE;
            }
            if (dir == NM_Q_CLOSE && fam != NM_QF_SINGLE) {
                /* a closing-shaped mark opening a word (”Word) or a line
                 * (`” … the port,” wrote ...`: nothing is open there) */
                int sb = t == 0 || (k->flags & (NM_TF_SPACE_BEFORE | NM_TF_LINE_START));
                int sa = t + 1 >= c->ntok || (c->tok[t + 1].flags & NM_TF_SPACE_BEFORE) ||
                         is_clause_punct(c, t + 1);
                int line = (t == 0 || (k->flags & (NM_TF_PARA_START | NM_TF_LINE_START))) &&
                           t + 1 < c->ntok &&
                           !(c->tok[t + 1].flags & (NM_TF_PARA_START | NM_TF_LINE_START));
                if ((sb && !sa) || line) {
                    for (i = depth - 1; i >= 0; i--)
                        if (st_fam[i] == fam) break;
                    if (i < 0) dir = NM_Q_OPEN;
                }
            } else if (dir == NM_Q_OPEN && fam != NM_QF_SINGLE && depth > 0 &&
                       st_fam[depth - 1] == fam && t > 0 &&
                       !(k->flags & NM_TF_SPACE_BEFORE) &&
                       (tok_ch(c, t - 1, ',') || is_sent_punct(c, t - 1)) &&
                       (t + 1 >= c->ntok ||
                        (c->tok[t + 1].flags &
                         (NM_TF_SPACE_BEFORE | NM_TF_PARA_START | NM_TF_LINE_START)))) {
                /* an opening-shaped mark closing the open quote: ,“ said */
                dir = NM_Q_CLOSE;
            }
        }
        if (dir == NM_Q_CLOSE) {
            for (i = depth - 1; i >= 0; i--)
                if (st_fam[i] == fam) break;
            if (i >= 0) {
                if (i == 0) add_dq(c, st_tok[0], last, cont_tok == st_tok[0] ? NM_QF_CONTINUED : 0);
                depth = i;
            }
            /* else: a stray closing mark or an apostrophe */
        } else if (depth < ST_MAX) {
            st_tok[depth] = (uint32_t)t;
            st_fam[depth] = fam;
            depth++;
        }
        t = last;
    }
    if (depth > 0 && c->ntok > 0 && st_fam[0] != NM_QF_SINGLE && st_fam[0] != NM_QF_SGUILLEMET)
        add_dq(c, st_tok[0], c->ntok - 1, NM_QF_UNCLOSED);
    /* continued flag for unclosed quotes that were themselves continuations */
    {
        size_t i;
        for (i = 1; i < c->ndq; i++) {
            dq_t *d = &c->dq[i], *p = &c->dq[i - 1];
            if ((p->flags & NM_QF_UNCLOSED) && d->a > 0 && p->b == d->a - 1 &&
                (c->tok[d->a].flags & NM_TF_PARA_START))
                d->flags |= NM_QF_CONTINUED;
        }
    }
}

/* Cues of after_quote_cues, after a direct quote that ends its clause
 * (`,"` or `",`): in the next words of the sentence, before any punctuation. */
static void after_quote_cue_marks(qctx_t *c) {
    size_t i, t, n, li;
    for (i = 0; i < c->ndq; i++) {
        size_t b = c->dq[i].b;
        if (c->dq[i].flags & NM_QF_UNCLOSED) continue;
        if (b + 1 >= c->ntok || b < 1) continue;
        li = last_inside(c, b);
        if (!(tok_ch(c, b + 1, ',') || tok_ch(c, li, ',') || tok_bang(c, li)))
            continue;
        t = tok_ch(c, b + 1, ',') ? b + 2 : b + 1;
        for (n = 0; t < c->ntok && n < 6; t++, n++) {
            const nm_tok_t *k = &c->tok[t];
            if (k->flags & (NM_TF_QUOTE | NM_TF_PARA_START)) break;
            if ((k->flags & NM_TF_PUNCT) && !(k->flags & NM_TF_ABBREV)) break;
            if (c->tq[t] & TQ_CUE) break;
            if ((k->flags & NM_TF_LOWER) && c->ent_at[t] < 0 && tok_in(c, t, after_quote_cues)) {
                mark_cue(c, t, 1);
                break;
            }
        }
    }
}

/* "spoke" and "talked" before "of" or "about" are cues (rule topic). */
static void topic_cue_marks(qctx_t *c) {
    size_t t;
    for (t = 1; t + 2 < c->ntok; t++)
        if (is_lower_word(c, t) && c->ent_at[t] < 0 && !(c->tq[t] & TQ_CUE) &&
            tok_in(c, t, topic_only_cues) &&
            (tok_is(c, t + 1, "of") || tok_is(c, t + 1, "about")) &&
            !tok_in(c, t - 1, determiners))
            mark_cue(c, t, 1);
}

/* A short sentence that ends with a verb of after_quote_cues or
 * prev_sentence_cues (an -ly adverb may follow it), right before a
 * quotation opening the next sentence of the paragraph: the verb is a cue
 * (`Tomas Berg disagreed. "..."`, `Ruiz scoffed loudly. "..."`). */
static void prev_sentence_cue_marks(qctx_t *c) {
    size_t i, v;
    for (i = 0; i < c->ndq; i++) {
        size_t a = c->dq[i].a;
        if (a < 3 || (c->tok[a].flags & NM_TF_PARA_START) || !tok_ch(c, a - 1, '.')) continue;
        if (c->sent[c->sent_of[a]].begin != a) continue;
        v = a - 2;
        if (v > 1 && tok_ends(c, v, "ly") && is_lower_word(c, v) && c->ent_at[v] < 0) v--;
        if (!is_lower_word(c, v) || c->ent_at[v] >= 0 || (c->tq[v] & TQ_CUE) ||
            !(tok_in(c, v, after_quote_cues) || tok_in(c, v, prev_sentence_cues)))
            continue;
        mark_cue(c, v, 1);
    }
}

/* ---------------------------------------------------------------- pass 2 */

static int cue_near_after(const qctx_t *c, size_t b) {
    size_t t, n = 0;
    for (t = b + 1; t < c->ntok && n < 4; t++) {
        if (c->tok[t].flags & (NM_TF_QUOTE | NM_TF_PARA_START)) return 0;
        if (c->tq[t] & TQ_CUE) return 1;
        if (!(c->tok[t].flags & NM_TF_PUNCT)) n++;
    }
    return 0;
}

static int cue_near_before(const qctx_t *c, size_t a) {
    size_t t = a, k;
    if (t == 0) return 0;
    t--;
    if (tok_ch(c, t, ':') || tok_ch(c, t, ',')) {
        if (tok_ch(c, t, ':')) return 1;
        if (t == 0) return 0;
        t--;
    }
    /* (the last word of a particle verb: `Ruiz shot back, "..."`) */
    for (k = t + 1; k-- > 0 && t - k < NM_LEX_MAXTOK;)
        if (c->tq[k] & TQ_CUE) return k + c->cue_len[k] > t;
    return 0;
}


/* The naming verb a few tokens before the opening mark a, in its clause;
 * 0 when none: `called the plan "a disgrace"`, `called both Ruiz and the
 * harbour board's new chairman "reckless"`. */
#define NAMING_REACH 16
static uint32_t naming_before(const qctx_t *c, size_t a) {
    size_t t = a, n = 0;
    while (t > 0 && n < NAMING_REACH) {
        t--, n++;
        if (c->tok[t].flags & NM_TF_QUOTE) return 0;
        if (tok_ch(c, t, ',')) { /* over an aside: `called him, among other things, "..."` */
            size_t k = t;
            while (k > 0 && t - k < 5 && is_lower_word(c, k - 1)) k--;
            if (k > 1 && k < t && tok_ch(c, k - 1, ',') &&
                (tok_in(c, k, prepositions) || tok_is(c, k, "among"))) {
                n += t - k + 1;
                t = k - 1;
                continue;
            }
            /* over a name in apposition to the object: `called the port's
             * chief, Tomas Berg, "..."` */
            if (t > 2 && c->ent_at[t - 1] >= 0 && c->ent[c->ent_at[t - 1]].label == NM_PERSON) {
                spk_t e;
                nm_q_entity_tokens(c, t - 1, &e);
                if (e.tb == t && e.ta > 1 && tok_ch(c, e.ta - 1, ',')) {
                    n += t - e.ta + 1;
                    t = e.ta - 1;
                    continue;
                }
            }
        }
        if (is_clause_punct(c, t)) return 0;
        /* (`called that report a "..."`: a cue word after a determiner is
         * the object's noun) */
        if ((c->tq[t] & TQ_CUE) && !(t > 0 && tok_in(c, t - 1, determiners))) return 0;
        /* (the verb may open the paragraph: `Calling the vote "..."`) */
        if (tok_in(c, t, naming_verbs)) return t > 0 ? (uint32_t)t : 0;
        if (c->tok[t].flags & NM_TF_PARA_START) return 0;
    }
    return 0;
}

/* Does a clause start at t (a subject pronoun, a determiner, a name or a
 * number)? */
static int clause_starts(const qctx_t *c, size_t t) {
    if (tok_in(c, t, clause_openers))
        return 1;
    /* `say this is a slow season`: a demonstrative, then its verb */
    if (tok_in(c, t, demonstratives) && t + 1 < c->ntok && tok_in(c, t + 1, adverbs_aux) &&
        c->ent_at[t + 1] < 0)
        return 1;
    if (c->ent_at[t] >= 0 && c->ent[c->ent_at[t]].label != NM_DATE &&
        c->ent[c->ent_at[t]].label != NM_TIME)
        return 1;
    /* `said demand had doubled`: a bare noun, then a finite auxiliary; `said
     * sales of frozen goods fell`: a bare plural and its phrase of "of",
     * then a verb in the past */
    if (is_lower_word(c, t) && !(c->tok[t].lex & NM_LX_FUNC) && t + 1 < c->ntok &&
        !(c->tok[t].lex & NM_LX_PRONOUN)) {
        size_t v = t + 1;
        if (tok_in(c, v, finite_auxiliaries)) return 1;
        if (tok_ends(c, t, "s") && !tok_ends(c, t, "ss") && nm_q_is_np_word(c, t) &&
            !(c->tq[t] & TQ_CUE)) {
            if (tok_is(c, v, "of"))
                for (v++; v < c->ntok && v < t + 6 && nm_q_is_np_word(c, v) &&
                          nm_q_finite_verb_shape(c, v) != 1;)
                    v++;
            if (v < c->ntok && nm_q_finite_verb_shape(c, v) == 1 && !(c->tq[v] & TQ_CUE))
                return 1;
        }
    }
    return (c->tok[t].flags & NM_TF_NUMBER) != 0;
}

/* Does a clause start right after cue cu, or after the one-word addressee
 * of a tell verb (`said he would`, `told reporters he would`)? */
static int reports_clause(const qctx_t *c, size_t cu) {
    size_t e = cu + c->cue_len[cu];
    if (e >= c->ntok) return 0;
    if (tok_in(c, cu, tell_verbs) && e + 1 < c->ntok &&
        (tok_in(c, e, addressees) || tok_in(c, e, object_pronouns)))
        e++;
    return clause_starts(c, e);
}

/* Is the mark at a right after a noun naming a work (`his book "...`, `the
 * drama, "...`)? */
static int after_work_noun(const qctx_t *c, size_t a) {
    size_t t = a;
    if (t > 0 && tok_ch(c, t - 1, ',')) t--;
    return t > 0 && tok_in(c, t - 1, work_nouns);
}

static void classify_dq(qctx_t *c, dq_t *d) {
    size_t t, fw, nw = 0, ncap = 0, nup = 0;
    int punct = 0, final = 0;
    for (t = d->a + 1; t <= d->b && t < d->a + 4; t++)
        if (is_word(c, t)) break;
    if (t > d->b || t >= d->a + 4) {
        d->kind = DQ_SCARE; /* no word near the opening mark: not speech */
        return;
    }
    fw = t; /* the first word */
    if (d->flags & (NM_QF_UNCLOSED | NM_QF_CONTINUED)) return;
    /* no letters: an id, a number or a link ("1474387200") */
    for (t = d->a + 1; t < d->b; t++)
        if ((c->tok[t].flags & NM_TF_ALPHA) && !(c->tok[t].flags & NM_TF_URL)) break;
    if (t >= d->b) {
        d->kind = DQ_SCARE;
        return;
    }
    /* a date and nothing else ("February 8, 2016"): a dateline, not speech */
    for (t = d->a + 1; t < d->b; t++)
        if (!(c->ent_at[t] >= 0 && c->ent[c->ent_at[t]].label == NM_DATE) &&
            !(c->tok[t].flags & NM_TF_PUNCT))
            break;
    if (t >= d->b) {
        d->kind = DQ_SCARE;
        return;
    }
    for (t = d->a + 1; t < d->b; t++) {
        const nm_tok_t *k = &c->tok[t];
        if (t + 1 == d->b || (t + 2 == d->b && double_single(c, d->b - 1))) {
            if (tok_ch(c, t, ',') || tok_ch(c, t, '.')) {
                final = 1;
                continue;
            }
        }
        if (is_word(c, t)) {
            nw++;
            if ((k->flags & NM_TF_UPPER) || (k->lex & NM_LX_FUNC)) ncap++;
            if ((k->flags & NM_TF_UPPER) && t != fw) nup++;
        } else if (is_clause_punct(c, t)) {
            punct = 1;
        }
    }
    /* a title with a comma after the noun of its work (`the podcast "So,
     * That Happened."`): every word capitalized */
    if (punct && nw >= 2 && nw <= 8 && ncap == nw && after_work_noun(c, d->a)) {
        d->kind = DQ_SCARE;
        return;
    }
    if (punct) return;
    if ((nw <= 3 && (!final || !(c->tok[d->a].flags & NM_TF_SENT_START))) ||
        (nw >= 2 && nw <= 10 && ncap == nw && nup > 0 && (c->tok[fw].flags & NM_TF_UPPER) &&
         !(c->tok[fw].flags & NM_TF_SENT_START))) {
        /* a fragment that the sentence goes on after (`testified "thousands"
         * of emails`, `the "Never Trump" movement`) is part of its clause */
        int embedded = !final && d->b + 1 < c->ntok && is_lower_word(c, d->b + 1) &&
                       !(c->tq[d->b + 1] & TQ_CUE) && !(c->tok[d->b + 1].flags & NM_TF_PARA_START);
        /* a Title Case name after "on", "the" or a possessive (`on "Meet the
         * Press,"`, `Fox's "Sunday Night Show"`) is a title, cue or not */
        int title = nw >= 2 && ncap == nw && d->a > 0 &&
                    (tok_in(c, d->a - 1, title_openers) || (c->tok[d->a - 1].flags & NM_TF_POSS) ||
                     after_work_noun(c, d->a));
        /* `called the plan "insanity," and Ruiz agrees`: the cue after "and"
         * is a new clause's; the naming verb before is this label's */
        int comma_after = d->b + 1 < c->ntok && tok_ch(c, d->b + 1, ',');
        size_t nx = comma_after ? d->b + 2 : d->b + 1;
        /* `hailed the vote as "fantastic," telling reporters ...`: so is a
         * participle of speech after the label's comma */
        int comma = comma_after || tok_ch(c, last_inside(c, d->b), ',');
        d->naming = tok_in(c, nx, verb_conjunctions) ||
                            (comma && nx < c->ntok && (c->tq[nx] & TQ_CUE) &&
                             nm_q_is_participle(c, nx))
                        ? naming_before(c, d->a)
                        : 0;
        if (d->naming) return;
        if (nw > 0 && !embedded && !title && (cue_near_after(c, d->b) || cue_near_before(c, d->a)))
            return;
        d->naming = naming_before(c, d->a);
        if (d->naming) return;
        d->kind = DQ_SCARE;
    }
}

/* `Reyes, asked about Okafor, was blunt: "..."`: is the cue at t the first
 * word of an aside between commas, after which the clause goes on with a
 * word that is no cue before the opening mark a? Such a cue is the aside's;
 * the colon clause attributes the quotation. */
static int aside_cue(const qctx_t *c, size_t t, size_t a) {
    size_t k = t + c->cue_len[t];
    if (t == 0 || !tok_ch(c, t - 1, ',')) return 0;
    while (k < a && !tok_ch(c, k, ',')) k++;
    return k + 2 < a && is_lower_word(c, k + 1) && !(c->tq[k + 1] & TQ_CUE);
}

/* Nearest unused cue before the opening mark a, in its sentence. */
static size_t cue_before(const qctx_t *c, size_t a, size_t lo) {
    size_t t = a, n = 0;
    while (t > lo && n < WIN_BEFORE) {
        t--, n++;
        if (c->tok[t].flags & NM_TF_QUOTE) break;
        if (c->dq_of[t] >= 0) break;
        if (is_sent_punct(c, t)) break;
        if ((c->tq[t] & TQ_CUE) && !(c->tq[t] & TQ_USED)) {
            if (t > lo && a > 0 && tok_ch(c, a - 1, ':') && aside_cue(c, t, a)) continue;
            return t;
        }
    }
    return (size_t)-1;
}

/* Does the quote at a follow its cue directly (`said: "`, `told reporters,
 * "`), rather than inside reported content (`said that the deal "`)? */
static int direct_after_cue(const qctx_t *c, size_t cu, size_t a) {
    size_t cend = cu + c->cue_len[cu], k;
    if (is_according(c, cu)) return 0;
    for (k = cend; k < a; k++)
        if (tok_is(c, k, "that")) return 0;
    return cend == a || tok_ch(c, a - 1, ':') || tok_ch(c, a - 1, ',');
}

/* Does a quotation open right after the cue at cu, past one comma or colon
 * (which punct requires)? `Ruiz replied, "..."` */
static int cue_opens_quote(const qctx_t *c, size_t cu, int punct) {
    size_t e = cu + c->cue_len[cu];
    if (e < c->ntok && (tok_ch(c, e, ',') || tok_ch(c, e, ':')))
        e++;
    else if (punct)
        return 0;
    return e < c->ntok && c->dq_of[e] >= 0 && c->dq[c->dq_of[e]].a == e;
}

/* Does the cue at cu introduce what follows (`Ruiz added: "..."`) rather than
 * close the quote before it? strict: the cue is in the next sentence, which
 * must then be a short attribution only. */
static int cue_introduces_next(const qctx_t *c, size_t cu, int strict) {
    size_t t, n = 0;
    for (t = cu + c->cue_len[cu]; t < c->ntok && n < 10; t++, n++) {
        if (c->tok[t].flags & NM_TF_PARA_START) return 0;
        if (tok_ch(c, t, ':')) return 1;
        /* `"...," Ruiz said before adding: "..."`: the colon is the second cue's */
        if (!strict && (c->tq[t] & TQ_CUE)) return 0;
        if (is_sent_punct(c, t)) return 0;
        /* `"...," adding, "..."`: a participle and a comma before the next quote */
        if (n == 0 && tok_ch(c, t, ',') && nm_q_is_participle(c, cu) && t + 1 < c->ntok &&
            (c->tok[t + 1].flags & NM_TF_QUOTE))
            return 1;
        if (!strict && tok_ch(c, t, ',')) return 0; /* `"...," Ruiz said, adding that` */
        if ((c->tok[t].flags & NM_TF_QUOTE) && strict) return 1;
        if (tok_is(c, t, "that") && n <= 3) return 1;
    }
    return strict;
}

/* Rule answers (direct quotes here, reported speech in pass 3). */
enum { R_NEXT, R_STOP, R_EMIT };

/* Direct quotes are attributed by rules over one context, like reported
 * speech (pass 3): the rules of dq_rules run in order; each answers R_NEXT
 * (not mine), R_STOP (no quote now: a scare quote, or left to pass 3) or
 * R_EMIT (speaker, cue and rule found); one function emits. */

typedef struct {
    dq_t *d;
    size_t a, b; /* opening mark .. closing mark or paragraph end */
    size_t lo;   /* first token of the sentence of the opening mark */
    int late;    /* a quote left pending for reported speech that pass 3 did not take */
    uint32_t nv; /* the naming verb before the opening mark (naming_before), 0: none */
} dq_ctx_t;

typedef struct {
    spk_t sp;
    int has_sp;
    size_t cu, cn; /* cue: first token and length (cn 0: none) */
    int rule;      /* nm_quote_rule_t */
    size_t ta;     /* first token of the quote: its opening mark, or the object
                      of a naming verb (a mixed quote: `called the plan "a ruin"`) */
} dq_found_t;

static int dq_found(dq_found_t *f, int rule, const spk_t *sp, size_t cu, size_t cn) {
    f->ta = (size_t)-1;
    f->rule = rule;
    f->has_sp = sp != NULL;
    if (sp) f->sp = *sp;
    f->cu = cu;
    f->cn = cn;
    return R_EMIT;
}

/* A quoted label after a naming verb (classify_dq), said by the verb's
 * subject: `Ruiz called the plan "a disgrace"`; else a scare quote. (The
 * subject is read strictly, a role as its last word, not as dq_called
 * reads it: a short label is a scare quote more often than not, and taking
 * bodies and generic heads here added false quotes on PolNeAR's held-out
 * half.) */
static int dq_naming_label(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t nv = x->d->naming;
    spk_t sp = {0, 0, 0};
    if (!nv) return R_NEXT;
    if (nm_q_subject_before(c, nv, c->sent[c->sent_of[nv]].begin, 0, &sp) &&
        (sp.id != 0 || c->ent_at[sp.ta] >= 0 || tok_in(c, sp.ta, speech_pronouns) ||
         (c->tok[sp.tb - 1].lex & NM_LX_ROLE))) {
        dq_found(f, NM_QR_DQ_NAMING, &sp, nv, 1);
        if (nv + 1 < x->a) f->ta = nv + 1; /* the object named and its label */
        return R_EMIT;
    }
    x->d->kind = DQ_SCARE;
    return R_STOP;
}

/* Inside reported speech: `Ruiz said the deal "..."` is left to pass 3. */
static int dq_pending(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t bcu = cue_before(c, x->a, x->lo);
    (void)f;
    if (!x->late && bcu != (size_t)-1 && !direct_after_cue(c, bcu, x->a)) {
        x->d->kind = DQ_PENDING;
        return R_STOP;
    }
    return R_NEXT;
}

/* A signature line: `"..." -- Ana Ruiz, 52, Lisbon` (the dash is the cue). */
static int dq_signature(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t b = x->b, n = b + 2, nt = 0;
    spk_t sp;
    /* (the signature may open the next paragraph when the quote is a
     * paragraph of its own: `"..."` / `-President Ana Ruiz, on Twitter.`) */
    int own = (c->tok[x->a].flags & NM_TF_PARA_START) || x->a == 0;
    if (!(!(x->d->flags & NM_QF_UNCLOSED) && b + 2 < c->ntok &&
          (c->tok[b + 1].flags & NM_TF_DASH) &&
          (!(c->tok[b + 1].flags & NM_TF_PARA_START) || own)))
        return R_NEXT;
    while (n + 1 < c->ntok && nt < 2 && (c->tok[n].lex & NM_LX_TITLE) && c->ent_at[n] < 0)
        n++, nt++;
    if (!(c->ent_at[n] >= 0 && (c->ent[c->ent_at[n]].label == NM_PERSON ||
                                c->ent[c->ent_at[n]].label == NM_ORG)))
        return R_NEXT;
    nm_q_entity_tokens(c, n, &sp);
    /* one signature of two names read as two (`- Marta N Luis Pereira`) */
    if (sp.ta == n && sp.tb < c->ntok && c->ent_at[sp.tb] >= 0 &&
        c->ent[c->ent_at[sp.tb]].label == NM_PERSON &&
        !(c->tok[sp.tb].flags & (NM_TF_LINE_START | NM_TF_PARA_START))) {
        spk_t more;
        nm_q_entity_tokens(c, sp.tb, &more);
        if (more.ta == sp.tb) sp.tb = more.tb;
    }
    if (sp.ta == n &&
        (sp.tb >= c->ntok || tok_ch(c, sp.tb, ',') || (c->tok[sp.tb].flags & NM_TF_PARA_START) ||
         (c->tok[sp.tb].flags & NM_TF_LINE_START) || is_sent_punct(c, sp.tb) ||
         tok_ch(c, sp.tb, '(')))
        return dq_found(f, NM_QR_DQ_SIGNATURE, &sp, b + 1, 1);
    return R_NEXT;
}

/* After the closing mark: `"...," Ruiz said` / `"...," said Ruiz`. A colon
 * with a cue before the quote (`Ruiz said: "..."`) leaves it to the cue
 * before; a colon with none (`Ruiz had one message: "...," she said`) does
 * not. */
static int dq_cue_after(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t a = x->a, b = x->b, t, hi, cu = (size_t)-1;
    size_t n = 0, s0 = c->sent_of[b], f0 = b + 1, appos = 0;
    int role_name = 0; /* a role phrase, then the name between commas */
    spk_t sp = {0, 0, 0}, ap = {0, 0, 0};
    int got = 0;
    /* `Ruiz went on: "...."` is the colon cue's; `Ruiz went on: "...," she
     * said` (a comma closing the quotation) is the attribution's after it */
    if (a > 0 && tok_ch(c, a - 1, ':') && !tok_ch(c, last_inside(c, b), ',')) {
        size_t clo = x->lo;
        if (a == x->lo) clo = c->sent[c->sent_of[a - 1]].begin;
        if (cue_before(c, a, clo) != (size_t)-1) return R_NEXT;
    }
    if (x->d->flags & NM_QF_UNCLOSED) return R_NEXT;
    hi = b + 1 + WIN_AFTER < c->ntok ? b + 1 + WIN_AFTER : c->ntok;
    if (f0 < c->ntok && tok_ch(c, f0, ',')) f0++;
    {
        size_t nt = 0; /* `"...," Rep. Ana Ruiz (D-Ohio), a member, said` */
        while (f0 + 1 < c->ntok && nt < 3 && (c->tok[f0].lex & NM_LX_TITLE) &&
               c->ent_at[f0] < 0 && !(c->tok[f0].flags & NM_TF_PARA_START))
            f0++, nt++;
    }
    /* `"...," Ana Ruiz, a lawyer who ... and ..., said`: a named speaker
     * right after the mark with a long appositive; also after a determiner
     * and a role (`"...," the economist Ana Ruiz, a former adviser ...,
     * wrote`) */
    {
        size_t k = f0, nr = 0;
        if (k < c->ntok && tok_in(c, k, determiners) && c->ent_at[k] < 0 &&
            !(c->tok[k].flags & NM_TF_PARA_START)) {
            k++;
            while (k < c->ntok && nr < 3 && c->ent_at[k] < 0 && is_lower_word(c, k) &&
                   !(c->tok[k].lex & (NM_LX_FUNC | NM_LX_CUE)))
                k++, nr++;
            if (nr && k < c->ntok && c->ent_at[k] >= 0 &&
                c->ent[c->ent_at[k]].label == NM_PERSON)
                f0 = k; /* the name must start here (ap.ta == f0 below) */
            else if (nr && tok_ch(c, k, ',') && (c->tok[k - 1].lex & NM_LX_ROLE) &&
                     !(c->ent_at[k + 1] >= 0 && c->ent[c->ent_at[k + 1]].label == NM_PERSON)) {
                /* `"...," a harbour official, who was not named, told ...`:
                 * a role phrase with a long appositive speaks */
                ap.ta = (uint32_t)f0;
                ap.tb = (uint32_t)k;
                ap.id = 0;
                appos = 1;
            }
        }
    }
    if (!appos && f0 < c->ntok && !(c->tok[f0].flags & NM_TF_PARA_START)) {
        /* `"...," the mayor's chief of staff, Tomas Berg, told ...`: a role
         * phrase, then the name between commas, speaks */
        size_t k = f0, n2 = 0;
        int role = 0;
        while (k < c->ntok && n2 < 10 && !(c->tok[k].flags & (NM_TF_QUOTE | NM_TF_PARA_START)) &&
               !is_clause_punct(c, k) && !(c->tq[k] & TQ_CUE)) {
            if (c->tok[k].lex & NM_LX_ROLE) role = 1;
            k++, n2++;
        }
        if (n2 >= 2 && role && tok_ch(c, k, ',') &&
            k + 1 < c->ntok && c->ent_at[k + 1] >= 0 &&
            c->ent[c->ent_at[k + 1]].label == NM_PERSON) {
            f0 = k + 1;
            role_name = 1;
        } else if (n2 >= 2 && tok_ch(c, k, ',') && c->ent_at[k - 1] >= 0 &&
                   c->ent[c->ent_at[k - 1]].label == NM_PERSON) {
            /* `"...," Porto delegate Ana Ruiz, wearing a cap, said`: a role
             * phrase ending on the name, then an appositive; the role may
             * be any noun after a place, a body or a party (`Texas
             * delegate`, `Google engineer`) */
            nm_q_entity_tokens(c, k - 1, &ap);
            if (ap.tb == k && ap.ta > f0 &&
                ((role && (c->tok[ap.ta - 1].lex & NM_LX_ROLE)) ||
                 (ap.ta == f0 + 2 && c->ent_at[f0] >= 0 &&
                  c->ent[c->ent_at[f0]].label != NM_PERSON && c->ent_at[f0 + 1] < 0 &&
                  is_lower_word(c, f0 + 1) && nm_q_is_np_word(c, f0 + 1) &&
                  !(c->tok[f0 + 1].lex & NM_LX_FUNC)))) {
                appos = 1;
            }
        }
    }
    if (!appos && f0 < c->ntok && c->ent_at[f0] >= 0 && label_ok(c->ent[c->ent_at[f0]].label) &&
        !(c->tok[f0].flags & NM_TF_PARA_START)) {
        nm_q_entity_tokens(c, f0, &ap);
        if (ap.ta == f0 && nm_q_skip_parens_fwd(c, ap.tb) < c->ntok &&
            tok_ch(c, nm_q_skip_parens_fwd(c, ap.tb), ',')) {
            appos = 1;
        }
    }
    /* an appositive: the cue may stand further away */
    if (appos) hi = b + 1 + 3 * WIN_AFTER < c->ntok ? b + 1 + 3 * WIN_AFTER : c->ntok;
    for (t = b + 1; t < hi; t++) {
        const nm_tok_t *k = &c->tok[t];
        /* (a short title in an appositive: `..., a host of "Harbour
         * Nights," said`) */
        if (appos && (k->flags & NM_TF_QUOTE) && c->dq_of[t] >= 0 && c->dq[c->dq_of[t]].a == t &&
            c->dq[c->dq_of[t]].b < t + 8 && c->dq[c->dq_of[t]].b + 1 < hi &&
            !(c->dq[c->dq_of[t]].flags & NM_QF_UNCLOSED)) {
            t = c->dq[c->dq_of[t]].b;
            continue;
        }
        if (k->flags & (NM_TF_QUOTE | NM_TF_PARA_START)) break;
        /* `"...," one resident, who asked not to be named, said`: the verb
         * of a relative clause in the appositive is not the attribution's */
        if (appos && tok_ch(c, t - 1, ',') && tok_in(c, t, relatives)) {
            size_t k2 = t + 1;
            while (k2 < hi && k2 < t + 20 && !tok_ch(c, k2, ',') && !is_sent_punct(c, k2) &&
                   !(c->tok[k2].flags & (NM_TF_QUOTE | NM_TF_PARA_START)))
                k2++;
            if (k2 < hi && tok_ch(c, k2, ',')) {
                t = k2;
                continue;
            }
        }
        if (!appos) {
            if (c->sent_of[t] > s0 + 1) break;
            if (c->sent_of[t] != s0 && (k->flags & NM_TF_SENT_START) && t != b + 1) break;
            if (c->sent_of[t] != s0 && n >= 4) break;
        } else if (is_sent_punct(c, t) && !(k->flags & NM_TF_ABBREV) &&
                   (k->flags & NM_TF_SENT_END)) {
            break;
        }
        if (is_sent_punct(c, t) || tok_ch(c, t, ';')) break;
        if ((c->tq[t] & TQ_CUE) && !(c->tq[t] & TQ_USED)) {
            cu = t;
            break;
        }
        if (!(k->flags & NM_TF_PUNCT)) n++;
    }
    /* `"Too forced?" He tweeted when ...`: a question or an exclamation
     * ends the tokenizer's sentence, not the attribution that follows it.
     * A quotation opening its sentence and closed on a comma is the
     * attribution's even when a colon after the cue goes on (`"...," Ruiz
     * said: That the pier ...`; not `called it "...," adding: "..."`). */
    if (cu == (size_t)-1 ||
        (!(a == x->lo && tok_ch(c, last_inside(c, b), ',') && c->sent_of[cu] == s0 &&
           !nm_q_is_participle(c, cu) &&
           cu + c->cue_len[cu] < c->ntok && tok_ch(c, cu + c->cue_len[cu], ':')) &&
         cue_introduces_next(c, cu,
                            c->sent_of[cu] != s0 &&
                                !((tok_ch(c, last_inside(c, b), '?') ||
                                   tok_ch(c, last_inside(c, b), '!')) &&
                                  c->sent_of[cu] == c->sent_of[b + 1] && cu <= b + 4))))
        return R_NEXT;
    /* `called the dispute "a test." She told reporters she had met both
     * sides.`: a cue in the next sentence that reports a clause of its own
     * is not the attribution of a quotation closed on a full stop */
    if (c->sent_of[cu] != s0 && tok_ch(c, last_inside(c, b), '.')) {
        size_t e = cu + c->cue_len[cu], k;
        for (k = e; k < c->ntok && k < e + 6; k++) {
            if (is_sent_punct(c, k) || tok_ch(c, k, ',') || (c->tok[k].flags & NM_TF_QUOTE))
                break;
            if (tok_is(c, k, "that") ||
                (tok_in(c, k, speech_pronouns) && k + 1 < c->ntok && is_lower_word(c, k + 1)))
                return R_NEXT;
        }
    }
    /* `Costa asked, "Why now?" Ruiz replied, "..."`: a quotation that its
     * own cue introduces leaves a cue after it that introduces the next
     * quotation to that one */
    {
        size_t bcu = a > x->lo ? cue_before(c, a, x->lo) : (size_t)-1;
        if (bcu != (size_t)-1 && direct_after_cue(c, bcu, a) && cue_opens_quote(c, cu, 1))
            return R_NEXT;
    }
    /* the verb negated (`did not concede`, `didn't respond`); an
     * appositive's negation (`, who was not named,`) is not the verb's */
    for (t = cu; t > b + 1 && t + 3 > cu;) {
        t--;
        if (tok_ch(c, t, ',')) break;
        if (tok_in(c, t, negations)) return R_NEXT;
    }
    {
        size_t first = b + 1;
        size_t cend = cu + c->cue_len[cu];
        size_t lim = c->sent_of[cu] + 1 < c->nsent ? c->sent[c->sent_of[cu]].end : c->ntok;
        if (first < cu && tok_ch(c, first, ',')) first++;
        /* `Ruiz decried the "...," and she closed by urging`: a quotation
         * inside its clause, then a clause of its own, is not attributed
         * by that clause's cue */
        if (first < cu && a != x->lo && tok_in(c, first, verb_conjunctions)) return R_NEXT;
        if (first == cu || is_according(c, cu)) {
            got = nm_q_speaker_after(c, cend, lim, &sp);
            /* `Berg, who called Ruiz "...," said he would appeal`: the
             * label of the naming verb (dq_called), the cue reports the
             * clause after it (pass 3) */
            if (!got && !is_according(c, cu) && x->nv && reports_clause(c, cu))
                return R_NEXT;
            /* `Mr. Berg, citing "...," said the race would be won`: no
             * speaker after the cue; the quotation interrupts the clause
             * of the subject before it */
            if (!got && !is_according(c, cu)) {
                size_t k = c->sent[c->sent_of[a]].begin;
                while (k < a && !tok_ch(c, k, ',')) k++;
                if (k > c->sent[c->sent_of[a]].begin && k < a)
                    got = nm_q_clause_subject(c, cu, &sp);
            }
        } else if (appos && (cu > ap.tb + 1 || role_name)) {
            /* (`"...," the coach, Pedro Alves, promised fans`: the name
             * speaks, not the object after the cue; of two names sharing
             * the appositive, the first) */
            sp = ap;
            nm_q_first_of_pair(c, b + 1, &sp);
            got = 1;
        } else if (tok_ch(c, cu - 1, ',') && !nm_q_is_participle(c, cu) &&
                   nm_q_speaker_after(c, cend, lim, &sp) &&
                   (sp.tb >= c->ntok || is_sent_punct(c, sp.tb) || tok_ch(c, sp.tb, ','))) {
            /* `"This will be a challenge" for the mayor, said Kunin.`: the
             * quotation runs on into words of the sentence; the inverted
             * attribution after them names the speaker */
            got = 1;
        } else {
            /* (`Calling the vote "...," Berg said he would appeal`: the same) */
            if (x->nv && !nm_q_is_participle(c, cu) && reports_clause(c, cu))
                return R_NEXT;
            got = nm_q_subject_before(c, cu, first, 1, &sp);
            /* any person between the mark and the cue */
            for (t = first; t < cu && !got; t++)
                if (c->ent_at[t] >= 0 && c->ent[c->ent_at[t]].label == NM_PERSON) {
                    nm_q_entity_tokens(c, t, &sp);
                    got = 1;
                }
        }
        if (!got && first != cu) return R_NEXT;
        c->tq[cu] |= TQ_USED;
        if (a > 0 && tok_ch(c, a - 1, ':')) {
            /* the cue of the clause before the colon introduced this
             * quotation too: it reports nothing else (pass 3) */
            size_t bcu = cue_before(c, a, a == x->lo ? c->sent[c->sent_of[a - 1]].begin : x->lo);
            if (bcu != (size_t)-1) c->tq[bcu] |= TQ_USED;
        }
        return dq_found(f, NM_QR_DQ_CUE_AFTER, got ? &sp : NULL, cu, c->cue_len[cu]);
    }
}

/* Before the opening mark: `Ruiz said: "..."`, `Ruiz told reporters: "..."`,
 * also across a paragraph break after the colon. */
static int dq_cue_before(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t a = x->a, lo = x->lo, cu, cend;
    spk_t sp = {0, 0, 0};
    int got;
    if (a > 0 && a == lo && tok_ch(c, a - 1, ':')) lo = c->sent[c->sent_of[a - 1]].begin;
    cu = cue_before(c, a, lo);
    if (cu == (size_t)-1) return R_NEXT;
    cend = cu + c->cue_len[cu];
    /* `After Brown criticized Clinton in a debate, Hillary shot back, "..."`:
     * the cue is the opening clause's; the main clause has its own subject */
    if (tok_in(c, c->sent[c->sent_of[cu]].begin, subordinators)) {
        size_t k;
        for (k = cend; k + 1 < a; k++)
            if (tok_ch(c, k, ',') && c->ent_at[k + 1] >= 0 &&
                c->ent[c->ent_at[k + 1]].label == NM_PERSON)
                return R_NEXT;
    }
    /* `..., according to its publisher, "..."`: the source follows */
    got = is_according(c, cu) ? nm_q_speaker_after(c, cend, a, &sp)
                              : (nm_q_possessive_cue(c, cu, lo, &sp) ||
                                 nm_q_subject_before(c, cu, lo, 1, &sp));
    /* (`saying the repairs were "..."`: after a participle comes content) */
    if (!got && !nm_q_is_participle(c, cu)) {
        got = nm_q_speaker_after(c, cend, a, &sp);
        /* `a letter that said the pier "must close"`: a phrase running into
         * the quotation is what was said of, not who said it */
        if (got && sp.tb == a) got = 0;
        /* `An ad accuses Tomas Berg of "..."`, `praised Ruiz for "..."`: a
         * name followed by a preposition into the quotation is the object */
        if (got && sp.tb + 3 >= a && sp.tb < a && tok_in(c, sp.tb, prepositions)) got = 0;
    }
    /* `The harbour master began by talking about the storm, saying "..."`:
     * the subject opening the sentence */
    if (!got) {
        size_t verb;
        got = nm_q_opening_subject_verb(c, cu, &sp, &verb) ||
              nm_q_opening_np_subject(c, cu, &sp, &verb);
    }
    c->tq[cu] |= TQ_USED;
    return dq_found(f, NM_QR_DQ_CUE_BEFORE, got ? &sp : NULL, cu, c->cue_len[cu]);
}

/* Tokens k..e-1 are a determiner and up to two words, the last a thing
 * that carries words or a noun of speech (`a warning`, `this statement`,
 * `a short message`): the object of a cue that introduces what follows. */
static int words_object(const qctx_t *c, size_t k, size_t e) {
    size_t h = e - 1;
    if (k >= e || e - k > 3 || !tok_in(c, k, determiners) || c->ent_at[h] >= 0) return 0;
    for (k = k + 1; k < e; k++)
        if (!is_lower_word(c, k)) return 0;
    return tok_in(c, h, carrier_nouns) || (c->tok[h].lex & (NM_LX_CUE | NM_LX_CUE_NOUN));
}

/* The sentence before, in the same paragraph, ends with a cue no rule took
 * and its speaker: `Or maybe the mayor will run, consultant Tomas Berg says.
 * "Several polls ..."` (the quote opens its sentence; no quotation mark in
 * the sentence before). The cue introduces the quote: rule dq-cue-before. */
static int dq_cue_prev(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t a = x->a, e, t, sb, cu = (size_t)-1, cend;
    spk_t sp = {0, 0, 0};
    int got;
    if (a == 0 || x->lo != a || (c->tok[a].flags & NM_TF_PARA_START)) return R_NEXT;
    e = a - 1;
    if (!tok_ch(c, e, '.')) return R_NEXT;
    sb = c->sent[c->sent_of[e]].begin;
    for (t = sb; t < e; t++)
        if ((c->tok[t].flags & (NM_TF_QUOTE | NM_TF_PARA_START)) && t != sb) return R_NEXT;
    for (t = e; t > sb && e - t < 10;) {
        t--;
        /* (`a warning`: a cue word after a determiner is a noun) */
        if ((c->tq[t] & TQ_CUE) && !(t > sb && tok_in(c, t - 1, determiners))) {
            cu = t;
            break;
        }
    }
    if (cu == (size_t)-1 || (c->tq[cu] & TQ_USED)) return R_NEXT;
    cend = cu + c->cue_len[cu];
    if (cend == e || (cend + 1 == e && tok_ends(c, cend, "ly") && is_lower_word(c, cend)))
        got = nm_q_subject_before(c, cu, sb, 0, &sp); /* (`Ruiz disagreed sharply.`) */
    else if (e - cu < 7 && nm_q_speaker_after(c, cend, e, &sp) && sp.tb == e)
        got = 1;
    else if (words_object(c, cend, e)) /* `Ruiz tweeted a warning.` */
        got = nm_q_subject_before(c, cu, sb, 0, &sp);
    else /* `Tomas Berg said in a statement.`: a phrase after the cue */
        got = tok_in(c, cend, prepositions) && nm_q_subject_before(c, cu, sb, 0, &sp);
    if (!got || (c->ent_at[sp.ta] < 0 && !(c->tok[sp.ta].lex & NM_LX_ROLE) &&
                 !tok_in(c, sp.ta, speech_pronouns)))
        return R_NEXT;
    c->tq[cu] |= TQ_USED;
    return dq_found(f, NM_QR_DQ_CUE_BEFORE, &sp, cu, c->cue_len[cu]);
}

/* `Ruiz: "We will not sell."` (a headline or a label line): the name opening
 * the sentence or line, or following a dash or `from` (`HARBOUR VOTE - Ana
 * Ruiz: "..."`, `More from Ruiz: "..."`), then a colon, speaks; a short
 * parenthesis may stand between (`Rep. Ana Ruiz (D-Ohio): "..."`); the
 * colon is the cue. */
/* A headline line `Kvistad: '...'` (a capitalized word alone, named or not)
 * or `Ana Ruiz on the Harbour Toll: '...'` (a name opening the line, then
 * "on" or "about" and the topic): the name speaks. colon: the colon's token. */
static int headline_label(const qctx_t *c, size_t colon, spk_t *e) {
    size_t ls = colon, n = 0, k;
    while (ls > 0 && n < 14 && !(c->tok[ls].flags & (NM_TF_LINE_START | NM_TF_PARA_START)))
        ls--, n++;
    if (!(c->tok[ls].flags & (NM_TF_LINE_START | NM_TF_PARA_START)) || ls >= colon) return 0;
    for (k = ls; k < colon; k++)
        if ((c->tok[k].flags & NM_TF_QUOTE) || (is_sent_punct(c, k) && !(c->tok[k].flags & NM_TF_ABBREV)))
            return 0;
    if (colon == ls + 1 && (c->tok[ls].flags & NM_TF_TITLECASE) &&
        !(c->tok[ls].lex & (NM_LX_FUNC | NM_LX_PRONOUN)) && c->ent_at[ls] < 0 &&
        !(c->tq[ls] & TQ_CUE) && !tok_in(c, ls, line_labels)) {
        e->ta = (uint32_t)ls;
        e->tb = (uint32_t)ls + 1;
        e->id = 0;
        return 1;
    }
    if (c->ent_at[ls] < 0 || c->ent[c->ent_at[ls]].label != NM_PERSON) return 0;
    nm_q_entity_tokens(c, ls, e);
    if (e->ta != ls || e->tb >= colon) return 0;
    /* `Ana Ruiz on the Harbour Toll:`, or a headline's verb in Title Case
     * (`Ana Ruiz Warns Harbour Board:`) */
    if (!(tok_is(c, e->tb, "on") || tok_is(c, e->tb, "about") ||
          ((c->tok[e->tb].flags & NM_TF_TITLECASE) && !(c->tok[e->tb].lex & NM_LX_FUNC) &&
           c->ent_at[e->tb] < 0)))
        return 0;
    for (k = e->tb + 1; k < colon; k++) /* the topic: a headline in Title Case */
        if (is_word(c, k) && !(c->tok[k].flags & NM_TF_UPPER) && !(c->tok[k].lex & NM_LX_FUNC))
            return 0;
    return 1;
}

/* The speaker of a label line or headline whose colon is token colon, as
 * described above headline_label, into *e; 0 when the words before the
 * colon name no one. */
static int colon_speaker(const qctx_t *c, size_t colon, spk_t *e) {
    size_t t, s0, nt = 0;
    int role = 0;
    if (colon < 1) return 0;
    if (headline_label(c, colon, e)) return 1;
    t = colon - 1;
    if (tok_ch(c, t, ')')) { /* back over a short parenthesis */
        size_t k = t, n = 0;
        while (k > 0 && n < 8 && !tok_ch(c, k, '(')) k--, n++;
        if (!tok_ch(c, k, '(') || k == 0) return 0;
        t = k - 1;
    }
    if (c->ent_at[t] < 0 || !label_ok(c->ent[c->ent_at[t]].label)) return 0;
    nm_q_entity_tokens(c, t, e);
    if (nm_q_skip_parens_fwd(c, e->tb) != colon) return 0;
    nm_q_first_of_pair(c, 0, e); /* `Ana Ruiz and Tom Berg: "..."` */
    /* titles or a role before the name: `Rep. Ana Ruiz`, `Former port
     * director Ana Ruiz` */
    s0 = e->ta;
    while (s0 > 0 && nt < 5 && c->ent_at[s0 - 1] < 0 &&
           ((c->tok[s0 - 1].lex & (NM_LX_TITLE | NM_LX_ROLE)) || nm_q_is_np_word(c, s0 - 1) ||
            tok_is(c, s0 - 1, "of") || /* (`secretary of state`) */
            ((c->tok[s0 - 1].lex & NM_LX_CUE) && is_lower_word(c, s0 - 1))) &&
           !(c->tok[s0].flags & (NM_TF_LINE_START | NM_TF_PARA_START))) {
        if (c->tok[s0 - 1].lex & (NM_LX_TITLE | NM_LX_ROLE)) role = 1;
        s0--, nt++;
    }
    if (!role) s0 = e->ta;
    return s0 == c->sent[c->sent_of[s0]].begin ||
           (c->tok[s0].flags & (NM_TF_LINE_START | NM_TF_PARA_START)) ||
           (s0 > 0 && ((c->tok[s0 - 1].flags & NM_TF_DASH) || tok_is(c, s0 - 1, "from")));
}

/* Does the sentence run on in words right after the closing mark b
 * (`Ruiz: 'No Deal' If the Board Stays`)? */
static int runs_on_after(const qctx_t *c, size_t b) {
    return b + 1 < c->ntok && c->sent_of[b + 1] == c->sent_of[b] && is_word(c, b + 1) &&
           !(c->tq[b + 1] & TQ_CUE) && !(c->tok[b + 1].flags & (NM_TF_PARA_START | NM_TF_LINE_START));
}

static int dq_colon_label(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t a = x->a;
    spk_t e;
    if (!(a >= 2 && tok_ch(c, a - 1, ':')) || !colon_speaker(c, a - 1, &e)) return R_NEXT;
    /* the label's words go on after the quotation: the whole is the
     * content, the quotation a part of it (sentence_colon_label) */
    if (!x->late && runs_on_after(c, x->b)) {
        x->d->kind = DQ_PENDING;
        return R_STOP;
    }
    return dq_found(f, NM_QR_DQ_COLON, &e, a - 1, 1);
}

/* A clause from sb to the colon at e opens with a person's or an
 * organization's name and its possessive, then a noun of what was said
 * (`Berg's response was blunt:`, `The Harbour League's answer:`): the name
 * speaks. */
static int possessive_said_noun(const qctx_t *c, size_t sb, size_t e, spk_t *sp) {
    size_t k = nm_q_skip_the(c, nm_q_skip_connective(c, sb), e, 1u << NM_PERSON | 1u << NM_ORG);
    int lab;
    if (k >= e || c->ent_at[k] < 0) return 0;
    lab = c->ent[c->ent_at[k]].label;
    if (lab != NM_PERSON && lab != NM_ORG) return 0;
    nm_q_entity_tokens(c, k, sp);
    if (sp->ta != k || sp->tb + 1 >= e || !(c->tok[sp->tb].flags & NM_TF_POSS)) return 0;
    k = sp->tb + 1;
    /* (one modifier may stand before the noun: `Berg's blunt reply:`) */
    if (k + 1 < e && is_lower_word(c, k) && !tok_in(c, k, said_nouns) &&
        tok_in(c, k + 1, said_nouns))
        k++;
    return tok_in(c, k, said_nouns) && e - k <= 8;
}

/* A clause that ends with a colon before the quote, with no cue (those go to
 * dq_cue_before): `Mr. Christie gloated: "..."`, `He then listed the
 * qualities: "..."` (also across a paragraph break). The sentence's opening
 * subject speaks; the cue runs from its verb to the colon (the colon alone
 * after a possessive and a noun of what was said, or a long clause). */
static int dq_colon_clause(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t a = x->a, sb, t;
    spk_t sp = {0, 0, 0};
    if (!(a >= 3 && tok_ch(c, a - 1, ':'))) return R_NEXT;
    sb = c->sent[c->sent_of[a - 1]].begin;
    if (a - 1 - sb > 30) return R_NEXT;
    for (t = sb; t < a - 1; t++)
        if ((c->tok[t].flags & NM_TF_QUOTE) || ((c->tq[t] & TQ_CUE) && !aside_cue(c, t, a)) ||
            tok_ch(c, t, ':'))
            return R_NEXT;
    if (possessive_said_noun(c, sb, a - 1, &sp))
        return dq_found(f, NM_QR_DQ_COLON_CLAUSE, &sp, a - 1, 1);
    /* (a noun phrase as subject: only for a quotation that opens its own
     * sentence; in the same sentence dq_clause_subject gives its verb) */
    if (!nm_q_opening_subject_verb(c, a - 1, &sp, &t) &&
        !(a == x->lo && nm_q_opening_np_subject(c, a - 1, &sp, &t)))
        return R_NEXT;
    /* `He also played up his record:`, `The firm issued the following
     * statement:` */
    if (t < a - 1 && a - t <= 16 && is_lower_word(c, t))
        return dq_found(f, NM_QR_DQ_COLON_CLAUSE, &sp, t, a - t);
    return dq_found(f, NM_QR_DQ_COLON_CLAUSE, &sp, a - 1, 1);
}

/* A transcript line: `"WALLACE: ...` names its speaker inside the marks. */
static int dq_transcript(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    size_t a = x->a;
    spk_t sp;
    if (!(a + 2 < x->b && tok_ch(c, a + 2, ':') && (c->tok[a + 1].flags & NM_TF_ALLCAPS) &&
          !(c->tok[a + 1].lex & NM_LX_FUNC)))
        return R_NEXT;
    sp.ta = (uint32_t)a + 1;
    sp.tb = (uint32_t)a + 2;
    sp.id = c->ent_at[a + 1] >= 0 ? c->ent[c->ent_at[a + 1]].id : 0;
    return dq_found(f, NM_QR_DQ_TRANSCRIPT, &sp, a + 2, 1);
}

/* `Calling the vote "...," Berg said`: the quotation closes a participle
 * phrase opening the sentence, on a comma; the subject after it (a person,
 * an organization or a pronoun, before the first lower-case word) speaks. */
static int opening_participle_subject(const qctx_t *c, const dq_ctx_t *x, spk_t *s) {
    size_t k = x->b + 1, v;
    if (!nm_q_is_participle(c, x->lo) || k >= c->ntok) return 0;
    if (tok_ch(c, k, ',')) k++;
    else if (!tok_ch(c, last_inside(c, x->b), ',')) return 0;
    for (v = k + 1; v < c->ntok && v < k + 6 && !is_lower_word(c, v); v++)
        if (is_clause_punct(c, v) || (c->tok[v].flags & (NM_TF_QUOTE | NM_TF_PARA_START))) return 0;
    if (v >= c->ntok || !is_lower_word(c, v) || !nm_q_subject_before(c, v, k, 0, s))
        return 0;
    return s->ta >= k && (c->ent_at[s->ta] >= 0 ? c->ent[c->ent_at[s->ta]].label == NM_PERSON ||
                                                       c->ent[c->ent_at[s->ta]].label == NM_ORG
                                                 : tok_in(c, s->ta, speech_pronouns));
}

/* Is the phrase s headed by a role noun or a body's noun in lower case (or
 * capitalized only as the sentence's first word), before any preposition:
 * `a petition signed by 4,000 residents`, `a spokesman for the union`, `the
 * harbour board`, `Officials called the plan "..."`? */
static int role_headed(const qctx_t *c, const spk_t *s) {
    size_t k;
    for (k = s->ta; k < s->tb && !tok_in(c, k, prepositions); k++)
        if ((c->tok[k].lex & (NM_LX_ROLE | NM_LX_ORGWORD)) &&
            (is_lower_word(c, k) || ((c->tok[k].flags & NM_TF_SENT_START) && c->ent_at[k] < 0)))
            return 1;
    return 0;
}

/* `called it "a celebration of ..."`: a naming verb before a longer quote. */
static int dq_called(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    uint32_t nv = x->nv;
    spk_t sp = {0, 0, 0};
    size_t sb = nv ? c->sent[c->sent_of[nv]].begin : 0;
    /* (`Calling the vote "...," Berg said ...`: a participle opening the
     * sentence has the subject of the clause after it) */
    if (nv && (nv == sb ? opening_participle_subject(c, x, &sp)
                        : nm_q_subject_before(c, nv, sb, 1, &sp)) &&
        (c->ent_at[sp.ta] >= 0 || tok_in(c, sp.ta, speech_pronouns) || role_headed(c, &sp))) {
        dq_found(f, NM_QR_DQ_NAMING, &sp, nv, 1);
        if (nv + 1 < x->a) f->ta = nv + 1; /* the object named and its label */
        return R_EMIT;
    }
    return R_NEXT;
}

/* A quote inside a sentence with no cue before it (those are dq_pending's or
 * dq_cue_before's): the person, organization or pronoun opening the sentence
 * speaks it and its verb is the cue: `Ruiz mocked the plan as "..."`,
 * `Ruiz, who runs the port, blamed the board for "..."`. Before inheritance:
 * the sentence's own subject, not the speaker of an earlier quote. */
static int dq_clause_subject(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    spk_t sp = {0, 0, 0};
    size_t verb = 0;
    size_t t;
    if (x->a <= x->lo || (!nm_q_opening_subject_verb(c, x->a, &sp, &verb) &&
                          !nm_q_opening_np_subject(c, x->a, &sp, &verb)))
        return R_NEXT;
    /* `Ruiz met a man whose book, according to its summary, "..."`: an
     * attribution nearer the quote is the quote's own */
    for (t = verb + 1; t < x->a; t++)
        if (is_according(c, t)) return R_NEXT;
    /* `"Why now?" Ruiz asked, "and why here?"`: the cue of the quotation
     * before introduces this one too; the two are parts of one (pass 4) */
    if (c->tq[verb] & TQ_USED) return R_NEXT;
    return dq_found(f, NM_QR_DQ_CLAUSE, &sp, verb, (c->tq[verb] & TQ_CUE) ? c->cue_len[verb] : 1);
}

/* No attribution of its own: emitted now, speaker inherited in pass 4. */
static int dq_bare(qctx_t *c, dq_ctx_t *x, dq_found_t *f) {
    (void)c;
    (void)x;
    return dq_found(f, NM_QR_DQ_BARE, NULL, 0, 0);
}

typedef int (*dq_rule_fn)(qctx_t *c, dq_ctx_t *x, dq_found_t *f);

/* The direct-quote rules, in the order they are tried (dq_bare always emits). */
static const dq_rule_fn dq_rules[] = {dq_naming_label, dq_pending,     dq_signature,
                                      dq_cue_after,    dq_cue_before,  dq_cue_prev,
                                      dq_colon_label,  dq_transcript,  dq_called,
                                      dq_colon_clause, dq_clause_subject, dq_bare};

/* Attribute direct quote di. Returns 1 when attributed, 0 when not (or not
 * emitted now), -1 on error. late: a quote left pending for reported speech
 * that pass 3 did not take. */
static int attribute_dq(qctx_t *c, size_t di, int late) {
    dq_ctx_t x;
    dq_found_t f;
    size_t i;
    int how = R_NEXT;
    x.d = &c->dq[di];
    x.a = x.d->a;
    x.b = x.d->b;
    x.lo = c->sent[c->sent_of[x.a]].begin;
    x.late = late;
    x.nv = naming_before(c, x.a);
    for (i = 0; i < sizeof dq_rules / sizeof dq_rules[0] && how == R_NEXT; i++)
        how = dq_rules[i](c, &x, &f);
    if (how != R_EMIT) return 0;
    x.d->kind = DQ_SPEECH;
    if (emit(c, f.rule, f.ta == (size_t)-1 ? NM_QUOTE_DIRECT : NM_QUOTE_MIXED, x.d->flags,
             f.ta == (size_t)-1 ? x.a : f.ta, x.b, f.has_sp ? &f.sp : NULL, f.cu, f.cn) != NM_OK)
        return -1;
    return f.rule != NM_QR_DQ_BARE;
}

/* ---------------------------------------------------------------- pass 3 */

/* Last token of a sentence's content: without the final period (a closing
 * quotation mark and what it holds stay). */
static size_t content_last(const qctx_t *c, size_t sb, size_t se) {
    size_t e = se - 1;
    while (e > sb && (is_sent_punct(c, e) || tok_ch(c, e, ',') || tok_ch(c, e, ';') ||
                      tok_ch(c, e, ':') || tok_ch(c, e, ')')))
        e--;
    return e;
}

/* Emit reported content [ta, tb] (token indices); absorbs the direct
 * candidates it holds (mixed quote) and extends over one that starts inside. */
static int emit_reported(qctx_t *c, int rule, size_t ta, size_t tb, const spk_t *sp, size_t cu,
                         size_t cn, unsigned flags, size_t *out_end) {
    size_t t;
    int mixed = 0;
    int32_t last = -1;
    if (c->ntok == 0 || ta >= c->ntok) return 0;
    if (tb >= c->ntok) tb = c->ntok - 1;
    /* leading punctuation and quote-less openers */
    while (ta < tb && (tok_ch(c, ta, ',') || tok_ch(c, ta, ':') || (c->tok[ta].flags & NM_TF_DASH)))
        ta++;
    while (tb > ta && (tok_ch(c, tb, ',') || tok_ch(c, tb, ';') || tok_ch(c, tb, ':') ||
                       (c->tok[tb].flags & NM_TF_DASH)))
        tb--;
    if (ta >= tb && !(c->tok[ta].flags & NM_TF_QUOTE)) return 0;
    for (t = ta; t <= tb; t++) {
        int32_t q = c->dq_of[t];
        if (q >= 0 && q != last) {
            dq_t *d = &c->dq[q];
            last = q;
            if (d->a < ta) return 0; /* overlaps a quote that started before */
            if (d->b > tb) tb = d->b;
            if (d->kind == DQ_SPEECH && d->a == ta && d->b == tb) return 0; /* it is the quote */
            if (d->kind == DQ_SPEECH && d->a == ta && d->b + 1 >= tb) return 0;
            mixed = 1;
            d->kind = DQ_ABSORBED;
        }
    }
    if (tb - ta + 1 < 2 && !mixed) return 0;
    *out_end = tb;
    if (cu != (size_t)-1) c->tq[cu] |= TQ_USED;
    return emit(c, rule, mixed ? NM_QUOTE_MIXED : NM_QUOTE_INDIRECT, flags, ta, tb, sp, cu, cn) ==
                   NM_OK
               ? 1
               : -1;
}

/* Is there a quotation mark (or, with cues, a cue) among tokens sb..se-1? */
static int sent_has_marks(const qctx_t *c, size_t sb, size_t se, int cues) {
    size_t t;
    for (t = sb; t < se; t++)
        if ((c->tok[t].flags & NM_TF_QUOTE) || (cues && (c->tq[t] & TQ_CUE))) return 1;
    return 0;
}

static int sent_first_person(const qctx_t *c, size_t sb, size_t se) {
    size_t t;
    for (t = sb; t < se && t < sb + 40; t++)
        if (tok_in(c, t, first_person)) return 1;
    return 0;
}

static int is_time(const qctx_t *c, size_t t);

/* A lower-case word in -ly (`said flatly`). */
static int ly_adverb(const qctx_t *c, size_t t) {
    return is_lower_word(c, t) && c->tok[t].end - c->tok[t].start > 3 && tok_ends(c, t, "ly");
}

static int counted_object(const qctx_t *c, size_t cs, size_t se);

/* Sentence-final attribution: "..., the source said." / "..., said Ruiz." */
static int final_attribution(qctx_t *c, size_t sb, size_t se, size_t *next) {
    size_t last = content_last(c, sb, se), t, cu = (size_t)-1, n = 0;
    spk_t sp;
    size_t cstart, cend, lead;
    int apposition = 0;
    for (t = last + 1; t > sb && n < 14; n++) {
        t--;
        if (c->tok[t].flags & NM_TF_QUOTE) return 0;
        if (c->tq[t] & TQ_CUE) {
            cu = t;
            break;
        }
    }
    if (cu == (size_t)-1) {
        /* `..., said Carla Mendes, a longtime adviser to the board who ...`:
         * the name after the cue, then a comma and a long appositive */
        for (; t > sb + 2 && n < 40; n++) {
            t--;
            if (c->tok[t].flags & NM_TF_QUOTE) return 0;
            if (!(c->tq[t] & TQ_CUE)) continue;
            if (!tok_ch(c, t - 1, ',') || c->ent_at[t + c->cue_len[t]] < 0 ||
                c->ent[c->ent_at[t + c->cue_len[t]]].label != NM_PERSON)
                return 0;
            {
                spk_t e;
                nm_q_entity_tokens(c, t + c->cue_len[t], &e);
                if (e.tb > last || !tok_ch(c, e.tb, ',')) return 0;
            }
            cu = t;
            apposition = 1;
            break;
        }
    }
    if (cu == (size_t)-1 || (c->tq[cu] & TQ_USED) || c->dq_of[cu] >= 0 || is_according(c, cu))
        return 0;
    cend = cu + c->cue_len[cu];
    /* `..., analysts say; in 2012 ...`: a semicolon ends the attribution */
    for (t = cend; t < last; t++)
        if (tok_ch(c, t, ';')) {
            last = t - 1;
            break;
        }
    if (cu > sb + 1 && tok_ch(c, cu - 1, ',')) {
        /* ", said Ruiz." (not ", adding that ...": a participle opens content) */
        if (nm_q_is_participle(c, cu) || tok_is(c, cend, "that")) return 0;
        /* `Ana Ruiz, an economist, said the deal ...`: the sentence opens with
         * its speaker and an appositive, so what follows the cue is content */
        if (c->ent_at[sb] >= 0) {
            size_t k = sb;
            while (k < cu && c->ent_at[k] == c->ent_at[sb]) k++;
            if (k < cu && tok_ch(c, k, ',')) return 0;
        }
        /* (`The firm, based in Leeds, added 600 jobs`: a counted object) */
        if (counted_object(c, cend, last + 1) || !nm_q_speaker_after(c, cend, last + 1, &sp))
            return 0;
        /* a short phrase after the speaker (`on Monday`); a longer one only
         * after a named person, when it describes the person: `..., said
         * its director, Ana Ruiz, on Monday.`, `..., said Ana Ruiz, who ...` */
        if (!apposition && sp.tb < last + 1 && sp.tb + 4 < last + 1 &&
            !(c->ent_at[sp.ta] >= 0 && c->ent[c->ent_at[sp.ta]].label == NM_PERSON &&
              (tok_in(c, sp.tb, relatives) || tok_ch(c, sp.tb, ','))))
            return 0;
        /* `Ana Ruiz, facing a hard race, said she would welcome it`: a
         * pronoun with words after it opens the content; only `..., said
         * he.` ends on an inverted pronoun */
        if (sp.tb == sp.ta + 1 && tok_in(c, sp.ta, speech_pronouns) && sp.tb <= last) return 0;
        cstart = cu - 2;
    } else {
        if (!nm_q_subject_before(c, cu, sb, 1, &sp)) return 0;
        /* `In an interview, Ruiz was asked about the vote.`: passive; `The
         * union's leader, Pedro Alves, called ... and vowed to strike`: a
         * second verb of the subject, not an attribution after content */
        for (t = sp.tb; t < cu; t++)
            if (tok_in(c, t, be_forms) || tok_in(c, t, verb_conjunctions)) return 0;
        /* `..., Mr. Verdery said.`: titles before the name */
        {
            size_t nt = 0;
            while (sp.ta > sb + 2 && nt < 3 && (c->tok[sp.ta - 1].lex & NM_LX_TITLE) &&
                   c->ent_at[sp.ta - 1] < 0)
                sp.ta--, nt++;
        }
        /* `..., the Tax Foundation said.`: the name's determiner */
        if (sp.ta > sb + 2 && c->ent_at[sp.ta] >= 0 && tok_in(c, sp.ta - 1, determiners) &&
            tok_ch(c, sp.ta - 2, ','))
            sp.ta--;
        /* `..., harbour office spokesman Tom Berg said.`: a role phrase
         * before the name, back to the comma (the name keeps the span) */
        lead = sp.ta;
        if (sp.ta > sb + 2 && c->ent_at[sp.ta] >= 0 &&
            c->ent[c->ent_at[sp.ta]].label == NM_PERSON && !tok_ch(c, sp.ta - 1, ',') &&
            (c->tok[sp.ta - 1].lex & NM_LX_ROLE)) {
            size_t nr = 0;
            while (lead > sb + 2 && nr < 4 && c->ent_at[lead - 1] < 0 &&
                   is_lower_word(c, lead - 1) && nm_q_is_np_word(c, lead - 1) &&
                   !tok_in(c, lead - 1, determiners))
                lead--, nr++;
            if (!tok_ch(c, lead - 1, ',')) lead = sp.ta;
        }
        if (lead <= sb + 1 || !tok_ch(c, lead - 1, ',')) return 0;
        /* what follows the cue: at most a short phrase ("on Tuesday", "in a statement") */
        if (last + 1 > cend + 5) return 0;
        /* `..., Eric Holder announced his resignation.`: an object, not a phrase */
        if (cend <= last && !tok_in(c, cend, prepositions) && !is_time(c, cend) &&
            !tok_in(c, cend, adverbs_aux) && !ly_adverb(c, cend) && !tok_ch(c, cend, '(') &&
            !(c->tok[cend].flags & NM_TF_PUNCT))
            return 0;
        /* `..., others say she has never looked better.`: a clause follows */
        if (cend < last && tok_in(c, cend, speech_pronouns) && is_lower_word(c, cend + 1)) return 0;
        /* `The pier, she said, is ready.`: content goes on after the cue */
        for (t = cend; t <= last; t++)
            if (tok_ch(c, t, ',') && t < last) return 0;
        cstart = lead - 2;
    }
    if (cstart < sb + 1) return 0;
    /* `In an interview, Cruz answered ...`, `Amid discord, Trump claims ...`:
     * a short phrase opened by a preposition frames the sentence */
    if ((tok_in(c, sb, prepositions) || tok_in(c, sb, opening_prepositions)) && cstart < sb + 7)
        return 0;
    /* `Speaking later, Ruiz said he understood.`, `At the meeting, Ruiz said
     * the vote was fair.`: a frame, not content (`In Porto, the plant is
     * closing, said Ruiz.`: after an inverted "say" the speaker follows) */
    if (tok_in(c, sb, framing_participles)) return 0;
    if (tok_in(c, sb, prepositions) && cend <= last && clause_starts(c, cend) &&
        !(tok_ch(c, cu - 1, ',') && tok_in(c, cu, say_forms)))
        return 0;
    {
        int r = emit_reported(c, NM_QR_FINAL, sb, cstart, &sp, cu, c->cue_len[cu], 0, next);
        if (r < 0) return -1;
        if (r > 0) *next = se;
        return r;
    }
}

/* A headline: a short sentence on a line of its own that does not end with
 * punctuation ("Leaders promise grain corridor at Geneva talks"). Its verb
 * reports nothing: no reported speech is looked for in it. */
static int is_headline(const qctx_t *c, size_t sb, size_t se) {
    const nm_tok_t *last = &c->tok[se - 1];
    size_t e = last->end;
    size_t t;
    if (se - sb > 20 || !(c->tok[sb].flags & NM_TF_LINE_START)) return 0;
    /* `Ana Ruiz Says She Will Run`: a headline that reports (find_cues) */
    for (t = sb; t < se; t++)
        if ((c->tq[t] & TQ_CUE) && (c->tok[t].flags & NM_TF_UPPER)) return 0;
    if (!(last->flags & (NM_TF_ALPHA | NM_TF_NUMBER)) || (last->flags & NM_TF_ABBREV)) return 0;
    while (e < c->len && (c->text[e] == ' ' || c->text[e] == '\t' || c->text[e] == '\r')) e++;
    return e >= c->len || c->text[e] == '\n';
}

/* ---------------------------------------------------------------- pass 3 rules */

/* Reported speech is found by rules over one context. For each unused cue of
 * a sentence the cue rules run in table order; each looks at the context
 * and answers R_NEXT (not mine: the next rule), R_STOP (this cue reports
 * nothing) or R_EMIT (the content it found, with its rule). One loop emits
 * and advances. A rule may also fill the context for the rules after it
 * (rule_subject finds the speaker). Sentence rules (a final attribution,
 * the cue rules, a colon label) run the same way, until one emits. */

typedef struct {
    size_t sb, se, last; /* sentence tokens [sb, se); last token of its content */
    size_t t, cend;      /* the cue: its first token, one past its last (a rule may widen
                          * it: `warned of`) */
    spk_t sp;            /* the speaker, once a rule found it */
} cue_ctx_t;

typedef struct {
    size_t ta, tb; /* content tokens [ta, tb] */
    int rule;      /* nm_quote_rule_t */
} found_t;

static int found(found_t *f, size_t ta, size_t tb, int rule) {
    f->ta = ta;
    f->tb = tb;
    f->rule = rule;
    return R_EMIT;
}

/* A question put to the speaker of the sentence: `Asked whether the pier
 * would close, Ruiz said ...`, `..., Ruiz said when asked what ...`, `Hale,
 * asked whether he would run, said ...`. The question is reported (who asked
 * it: the name after `by`, if any); the rest of the sentence goes on to the
 * other rules. */
static int rule_asked(qctx_t *c, cue_ctx_t *x, found_t *f) {
    size_t t = x->t, k, n = 0, q = (size_t)-1, e;
    int aside = 0;
    if (!tok_is(c, t, "asked")) return R_NEXT;
    /* (between commas after the subject, checked below; not after a
     * quotation: `"Why?", asked Ruiz`) */
    if (t > x->sb + 1 && tok_ch(c, t - 1, ',') && !(c->tok[t - 2].flags & NM_TF_QUOTE))
        aside = 1;
    else if (!(t == x->sb || (t > x->sb && tok_in(c, t - 1, subordinators) &&
                              !tok_is(c, t - 1, "if"))))
        return R_NEXT;
    for (k = x->cend; k < x->last && n < 8; k++, n++) {
        if ((c->tok[k].flags & (NM_TF_QUOTE | NM_TF_PUNCT)) || (c->tq[k] & TQ_CUE)) break;
        if (tok_in(c, k, question_words) && c->ent_at[k] < 0) {
            q = k;
            break;
        }
        if (tok_is(c, k, "by") && k + 1 < x->last && c->ent_at[k + 1] >= 0 &&
            label_ok(c->ent[c->ent_at[k + 1]].label) && x->sp.tb == 0)
            nm_q_entity_tokens(c, k + 1, &x->sp);
    }
    if (q == (size_t)-1) {
        memset(&x->sp, 0, sizeof x->sp);
        return t == x->sb ? R_STOP : R_NEXT;
    }
    for (e = q + 1; e <= x->last; e++)
        if (tok_ch(c, e, ',') || (c->tok[e].flags & NM_TF_QUOTE) || tok_ch(c, e, ';')) break;
    /* (an aside closes with a comma and a cue of the subject's own) */
    if (aside && !(e < x->last && tok_ch(c, e, ',') && (c->tq[e + 1] & TQ_CUE))) {
        memset(&x->sp, 0, sizeof x->sp);
        return R_NEXT;
    }
    if (e - q < 3) return R_STOP;
    return found(f, q, e - 1, NM_QR_ASKED);
}

/* `According to Ruiz, ...` / `..., according to Ruiz.` */
static int rule_according(qctx_t *c, cue_ctx_t *x, found_t *f) {
    size_t cs;
    if (!is_according(c, x->t)) return R_NEXT;
    if (!nm_q_speaker_after(c, x->cend, x->se, &x->sp)) return R_STOP;
    if (x->t <= x->sb + 1) {
        size_t k, n = 0;
        cs = x->sp.tb;
        while (cs < x->se && c->ent_at[cs] >= 0 &&
               (size_t)c->ent_at[cs] == (size_t)c->ent_at[x->sp.tb - 1])
            cs++;
        /* `According to early results of exit polls conducted for ..., the
         * vote ...`: the source runs to the first comma */
        for (k = cs; k < x->last && n < 25; k++, n++) {
            if ((c->tok[k].flags & NM_TF_QUOTE) || (c->tq[k] & TQ_CUE)) break;
            if (tok_ch(c, k, ',')) {
                if (k > cs && k + 2 <= x->last) cs = k + 1;
                break;
            }
        }
        return found(f, cs, x->last, NM_QR_ACCORDING);
    }
    if (x->t < x->sb + 2) return R_STOP;
    {   /* `a book that, according to its publisher, "paints ..."`: the
         * quotation after the aside is what the source said (a direct
         * quote's), not the words before it */
        size_t k = x->sp.tb;
        while (k < x->se && k < (size_t)x->sp.tb + 8 && !tok_ch(c, k, ',')) k++;
        if (tok_ch(c, k, ',') && k + 1 < x->se && c->dq_of[k + 1] >= 0 &&
            c->dq[c->dq_of[k + 1]].a == k + 1)
            return R_STOP;
    }
    /* `Since last November, according to Harbour Watch, the guards ...`,
     * `In addition, according to the department, ...`: a short opener
     * before the aside is a frame; what follows the aside is the content */
    if (x->t - x->sb <= 5 && tok_ch(c, x->t - 1, ',') &&
        (tok_in(c, x->sb, prepositions) || tok_in(c, x->sb, subordinators))) {
        size_t k = x->sp.tb;
        while (k < x->last && k < (size_t)x->sp.tb + 8 && !tok_ch(c, k, ',')) k++;
        if (tok_ch(c, k, ',') && k + 2 <= x->last)
            return found(f, k + 1, x->last, NM_QR_ACCORDING);
    }
    /* `The pier, according to Ana Ruiz, is safe.`: a short subject before
     * the aside, its predicate after: the whole sentence (as comma-aside) */
    if (x->t - x->sb <= 4 && tok_ch(c, x->t - 1, ',') && !tok_in(c, x->sb, prepositions) &&
        !tok_in(c, x->sb, subordinators)) {
        size_t k = x->sp.tb;
        while (k < x->last && k < (size_t)x->sp.tb + 8 && !tok_ch(c, k, ',')) k++;
        if (tok_ch(c, k, ',') && k + 2 <= x->last && is_lower_word(c, k + 1))
            return found(f, x->sb, x->last, NM_QR_ACCORDING);
    }
    return found(f, x->sb, x->t - 1, NM_QR_ACCORDING);
}

/* The subject of the cue (fills x->sp): a name, a role, a pronoun; a generic
 * noun only with an explicit "that" or a say verb before a clause. */
/* `2013 comments from former port director Ana Ruiz that ...`, `remarks
 * by Ruiz`: a noun cue (no verb form in -ed or -ing), then "from" or "by"
 * and a named source, who speaks. */
static int noun_cue_source(const qctx_t *c, const cue_ctx_t *x, spk_t *sp) {
    size_t t = x->t;
    if (x->cend + 1 >= x->se || !is_lower_word(c, t) || tok_ends(c, t, "ed") ||
        tok_ends(c, t, "ing") || !(tok_is(c, x->cend, "from") || tok_is(c, x->cend, "by")))
        return 0;
    if (!nm_q_speaker_after(c, x->cend + 1, x->se, sp) || sp->tb == 0 ||
        c->ent_at[sp->tb - 1] < 0)
        return 0;
    return c->ent[c->ent_at[sp->tb - 1]].label == NM_PERSON ||
           c->ent[c->ent_at[sp->tb - 1]].label == NM_ORG;
}

static int rule_subject(qctx_t *c, cue_ctx_t *x, found_t *f) {
    size_t k, sb = x->sb, t = x->t;
    int has_that = 0;
    (void)f;
    if (noun_cue_source(c, x, &x->sp)) return R_NEXT;
    if (nm_q_subject_before(c, t, sb, 0, &x->sp)) return R_NEXT;
    /* `After a small rise, the budget office said, deficits will grow`: an
     * attribution set off by commas names any noun phrase (rule_aside) */
    if (x->cend < x->se && tok_ch(c, x->cend, ',') && nm_q_subject_before(c, t, sb, 1, &x->sp) &&
        x->sp.ta > sb + 1 && tok_ch(c, x->sp.ta - 1, ','))
        return R_NEXT;
    for (k = x->cend; k < x->se && k < x->cend + 7; k++) {
        if (is_clause_punct(c, k) || (c->tok[k].flags & NM_TF_QUOTE)) break;
        if (tok_is(c, k, "that")) has_that = 1;
        /* `the paper asked the chairman whether ...` */
        if (tok_is(c, t, "asked") && (tok_is(c, k, "whether") || tok_is(c, k, "if"))) has_that = 1;
    }
    /* or a say verb right before a clause: `the agency said it would`,
     * `the union said Monday it would` (a date between) */
    if (!has_that && tok_in(c, t, say_forms) && x->cend < x->se) {
        size_t k2 = x->cend;
        if (c->ent_at[k2] >= 0 &&
            (c->ent[c->ent_at[k2]].label == NM_DATE || c->ent[c->ent_at[k2]].label == NM_TIME)) {
            spk_t d;
            nm_q_entity_tokens(c, k2, &d);
            k2 = d.tb;
        }
        if (k2 < x->se && clause_starts(c, k2)) has_that = 1;
    }
    /* or any cue before a determiner, its noun and a finite auxiliary: `the
     * report claimed the firm had cut ...` (not a verb in -ed: `noted the
     * material used by ...`) */
    if (!has_that && x->cend + 2 < x->se && tok_in(c, x->cend, determiners) &&
        !tok_in(c, x->cend, possessive_pronouns) && !tok_is(c, x->cend, "its")) {
        for (k = x->cend + 1; k < x->se && k < x->cend + 5; k++) {
            if (k > x->cend + 1 && tok_in(c, k, finite_auxiliaries)) {
                has_that = 1;
                break;
            }
            if (!nm_q_is_np_word(c, k)) break;
        }
    }
    if (!has_that) return R_STOP;
    /* `Berg, who called Ruiz "a liar," said he would appeal`: the label of
     * a naming verb closes the aside before the cue; the clause's subject */
    if (t > sb + 1 && c->dq_of[t - 1] >= 0 && c->dq[c->dq_of[t - 1]].b == t - 1 &&
        tok_ch(c, last_inside(c, t - 1), ',')) {
        size_t nv = naming_before(c, c->dq[c->dq_of[t - 1]].a);
        if (nv)
            return nv > sb && nm_q_subject_before(c, nv, sb, 1, &x->sp) ? R_NEXT : R_STOP;
    }
    if (!nm_q_subject_before(c, t, sb, 1, &x->sp)) return R_STOP;
    /* `Experts on shipping and port safety said ...`: a plural noun opening
     * the sentence, its prepositional phrase, then the cue: the whole
     * phrase speaks */
    if (x->sp.ta > sb && t <= sb + 10 && t >= sb + 3 && tok_in(c, sb + 1, prepositions) &&
        tok_ends(c, sb, "s") && (c->tok[sb].flags & NM_TF_UPPER) &&
        (c->tok[sb].lex & NM_LX_COMMON)) {
        for (k = sb; k < t; k++)
            if (is_clause_punct(c, k) || (c->tok[k].flags & NM_TF_QUOTE) || (c->tq[k] & TQ_CUE))
                break;
        if (k == t) {
            x->sp.ta = (uint32_t)sb;
            x->sp.tb = (uint32_t)t;
            x->sp.id = 0;
        }
    }
    return R_NEXT;
}

/* `As Ruiz put it, the pier "is the heart of the town."`: the content
 * follows the comma after the attribution. */
static int rule_as_put(qctx_t *c, cue_ctx_t *x, found_t *f) {
    size_t e = x->cend, n = 0;
    if (!(x->sp.ta > x->sb && tok_is(c, x->sp.ta - 1, "as") && !(c->tq[x->sp.ta - 1] & TQ_CUE)))
        return R_NEXT;
    while (e < x->last && n < 8 && !tok_ch(c, e, ',') && !is_sent_punct(c, e) &&
           !(c->tok[e].flags & NM_TF_QUOTE))
        e++, n++;
    if (e < x->last && tok_ch(c, e, ',')) return found(f, e + 1, x->last, NM_QR_AS_PUT);
    return R_NEXT;
}

/* An attribution set off by commas inside its content: `The museum, Ruiz
 * said, will open in May.` */
static int rule_aside(qctx_t *c, cue_ctx_t *x, found_t *f) {
    size_t e = x->cend, n = 0;
    if (!(x->sp.ta > x->sb + 1 && tok_ch(c, x->sp.ta - 1, ',') && c->dq_of[x->sb] < 0))
        return R_NEXT;
    /* `One official, Ana Ruiz, says despite ..., the pier ...`: the name is
     * an appositive of the subject, not an aside */
    for (e = x->sp.tb; e < x->t; e++)
        if (tok_ch(c, e, ',')) return R_NEXT;
    e = x->cend;
    while (e < x->last && n < 4 && !is_clause_punct(c, e) && !(c->tok[e].flags & NM_TF_QUOTE) &&
           !tok_is(c, e, "that"))
        e++, n++;
    if (!(e < x->last && tok_ch(c, e, ','))) return R_NEXT;
    /* `The two will meet next week, Costa said, adding, "..."`: the
     * participle after the aside reports on its own */
    if (e + 1 < x->last && (c->tq[e + 1] & TQ_CUE) && nm_q_is_participle(c, e + 1))
        return found(f, x->sb, x->sp.ta - 2, NM_QR_ASIDE);
    return found(f, x->sb, x->last, NM_QR_ASIDE);
}

/* `added a third goal in stoppage time`: a counted object right after the
 * cue, then a preposition, punctuation or the end: no speech. */
static int counted_object(const qctx_t *c, size_t cs, size_t se) {
    size_t k;
    if (cs >= se || !(tok_in(c, cs, determiners) || (c->tok[cs].flags & NM_TF_NUMBER) ||
                      (c->tok[cs].lex & NM_LX_NUMWORD)))
        return 0;
    for (k = cs + 1; k < se && k <= cs + 3; k++) {
        if (!tok_in(c, k, nonspeech_objects)) continue;
        return k + 1 >= se || tok_in(c, k + 1, prepositions) ||
               (c->tok[k + 1].flags & NM_TF_PUNCT) || tok_is(c, k + 1, "and") ||
               is_time(c, k + 1);
    }
    return 0;
}

/* The content after the cue: after "that" (that-clause), after an
 * addressee (tell-object), an infinitive (infinitive), or right after the
 * cue; in a clause opened by a subordinator it ends at the clause's comma
 * (subordinate). */
/* `said the warning was indicative that ...`: a clause opens right after the
 * cue (a determiner or a pronoun, not an addressee of a tell verb, no time
 * phrase before "that": `said the day before that ...`), so the "that" at
 * token th belongs to the content. */
static int opens_clause_before_that(const qctx_t *c, size_t cu, size_t cend, size_t th) {
    size_t k;
    if (is_tell(c, cu) || !tok_in(c, cend, clause_openers) || th <= cend + 1) return 0;
    for (k = cend; k < th; k++)
        if (tok_in(c, k, time_nouns) ||
            (c->ent_at[k] >= 0 &&
             (c->ent[c->ent_at[k]].label == NM_DATE || c->ent[c->ent_at[k]].label == NM_TIME)))
            return 0;
    return 1;
}

/* `urged the mayor to sell the pier, saying only ...`: a participle cue
 * after a comma reports on its own (sentence_cues goes on at it), so the
 * content [cs, end] ends before the comma. */
static size_t end_at_participle(const qctx_t *c, size_t cs, size_t end) {
    size_t k;
    for (k = cs + 1; k + 2 < end; k++) {
        if (c->dq_of[k] >= 0) { /* over a quotation inside the content */
            size_t b = c->dq[c->dq_of[k]].b;
            /* `that Berg "had a plan," adding, "..."`: its comma inside */
            if (b + 1 < end && tok_ch(c, last_inside(c, b), ',') && (c->tq[b + 1] & TQ_CUE) &&
                nm_q_is_participle(c, b + 1))
                return b;
            k = b;
            continue;
        }
        /* `criticized the board, saying ...` (the participle's own content
         * follows), also when a quotation took the participle already
         * (`urged the board to act, saying, "..."`) */
        if (tok_ch(c, k, ',') && (c->tq[k + 1] & TQ_CUE) && nm_q_is_participle(c, k + 1))
            return k - 1;
        /* `said the plan would cost jobs, and called him "..."`: a second
         * verb of speech of the subject reports on its own */
        if (tok_ch(c, k, ',') && tok_in(c, k + 1, verb_conjunctions) &&
            (((c->tq[k + 2] & TQ_CUE) && !(c->tq[k + 2] & TQ_USED)) ||
             tok_in(c, k + 2, naming_verbs)) &&
            !nm_q_is_participle(c, k + 2))
            return k - 1;
        /* `said the terms were fair, and Ana Ruiz said the talks would
         * resume`: another subject's cue reports on its own (after ",
         * while" rule_content's contrast clause stops it) */
        if (tok_ch(c, k, ',') && k + 3 < end && tok_in(c, k + 1, verb_conjunctions)) {
            size_t v = k + 3;
            spk_t s2;
            while (v < end && v < k + 12 && !(c->tq[v] & TQ_CUE) && !is_clause_punct(c, v) &&
                   !(c->tok[v].flags & NM_TF_QUOTE))
                v++;
            if (v < end && (c->tq[v] & TQ_CUE) && !(c->tq[v] & TQ_USED) &&
                !nm_q_is_participle(c, v) && nm_q_subject_before(c, v, k + 2, 0, &s2) &&
                s2.ta == k + 2)
                return k - 1;
        }
        /* `Ryan saying he was "very encouraged" and Berg calling it a "great
         * meeting"`: another person's participle of speech reports on its
         * own */
        if (tok_in(c, k, verb_conjunctions) && c->ent_at[k + 1] >= 0 &&
            c->ent[c->ent_at[k + 1]].label == NM_PERSON) {
            spk_t e;
            nm_q_entity_tokens(c, k + 1, &e);
            if (e.ta == k + 1 && e.tb < end && nm_q_is_participle(c, e.tb) &&
                ((c->tq[e.tb] & TQ_CUE) || tok_in(c, e.tb, naming_verbs)))
                return k - 1 > cs && tok_ch(c, k - 1, ',') ? k - 2 : k - 1;
        }
    }
    return end;
}

/* `told parliament the ministry would ...`: after a tell verb, the object
 * phrase cs..k2-1 ran on into the subject of the content; the subject's
 * determiner when a finite auxiliary follows it at k2, else 0. */
static size_t told_subject(const qctx_t *c, size_t cs, size_t k2, size_t se) {
    size_t d = cs + 1;
    if (!(k2 > cs + 2 && k2 + 1 < se && tok_in(c, k2, finite_auxiliaries) &&
          !tok_in(c, k2 - 1, prepositions) && !tok_in(c, k2 - 1, determiners)))
        return 0;
    while (d < k2 && !tok_in(c, d, determiners)) d++;
    return d < k2 && !tok_in(c, d - 1, prepositions) ? d : 0;
}

/* `Ruiz, who said the pier was safe, left early`, `The fee, which Berg
 * said was unfair, was dropped`: the cue t of a relative clause set off by
 * commas reports up to the comma that closes it; the content [cs, end]
 * ends before that comma. */
static size_t relative_clause_end(const qctx_t *c, size_t sb, size_t t, size_t cs, size_t end) {
    size_t k, e;
    for (k = t; k > sb + 1 && k + 8 > t; k--) {
        if (is_clause_punct(c, k - 1) || (c->tok[k - 1].flags & NM_TF_QUOTE)) return end;
        if (!(tok_in(c, k - 1, relatives) && tok_ch(c, k - 2, ','))) continue;
        for (e = cs + 1; e < end && c->dq_of[e] < 0; e++)
            if (tok_ch(c, e, ',')) return e - 1;
        return end;
    }
    return end;
}

/* `warned of a hole in the accounts, and the union denounced the deal`: the
 * topic [cs, end] of a verb of speech is a noun phrase; it ends before ",
 * and" (or "but") when a subject and a verb in the past follow. */
static size_t topic_end(const qctx_t *c, size_t cs, size_t end) {
    size_t k, v;
    for (k = cs + 1; k + 3 <= end; k++) {
        size_t last = k - 1; /* the topic's last token if a clause opens at k */
        /* (`what he called "a hole in the accounts," and the union ...`: the
         * comma inside the closing mark) */
        if (c->dq_of[k] >= 0) {
            k = c->dq[c->dq_of[k]].b;
            if (!tok_ch(c, last_inside(c, k), ',')) continue;
            last = k;
        } else if (!tok_ch(c, k, ',')) {
            continue;
        }
        if (k + 3 > end || !tok_in(c, k + 1, verb_conjunctions) ||
            !(tok_in(c, k + 2, determiners) || tok_in(c, k + 2, speech_pronouns) ||
              (c->ent_at[k + 2] >= 0 && label_ok(c->ent[c->ent_at[k + 2]].label))))
            continue;
        for (v = k + 3; v <= end && v < k + 9; v++) {
            if (is_clause_punct(c, v) || (c->tok[v].flags & NM_TF_QUOTE)) break;
            if (nm_q_finite_verb_shape(c, v) == 1 && c->ent_at[v] < 0) return last;
        }
    }
    return end;
}

/* Does token t start a date or a time (an entity)? */
static int is_time(const qctx_t *c, size_t t) {
    return t < c->ntok && c->ent_at[t] >= 0 &&
           (c->ent[c->ent_at[t]].label == NM_DATE || c->ent[c->ent_at[t]].label == NM_TIME) &&
           c->ent[c->ent_at[t]].start == c->tok[t].start;
}

/* The cue after a noun phrase of at most `reach` words from token `from`
 * (`others warned`, `a man yelled`; pronouns too if `pronouns`), a cue
 * that is no participle; 0 if there is none. */
static size_t np_then_cue(const qctx_t *c, size_t from, size_t end, size_t reach, int pronouns) {
    size_t v;
    for (v = from; v < end && v < from + reach; v++)
        if (!(nm_q_is_np_word(c, v) || tok_in(c, v, determiners) || c->ent_at[v] >= 0 ||
              (pronouns && tok_in(c, v, speech_pronouns))) ||
            (c->tq[v] & TQ_CUE))
            break;
    if (v == from || v >= end || !(c->tq[v] & TQ_CUE) || nm_q_is_participle(c, v)) return 0;
    return v;
}

/* `When Ruiz noted that the port was closed, Costa said ...`, `Since June,
 * when he asked supporters to help, 2,000 said they would`: the content of a
 * cue in a clause opened by a subordinator ends at the clause's comma or
 * dash (*rule becomes NM_QR_SUBORDINATE). */
static size_t subordinate_end(const qctx_t *c, const cue_ctx_t *x, size_t cs, size_t end,
                              int *rule) {
    size_t k, s = x->sp.ta;
    /* (`After former Gov. Tom Berg criticized ...`: titles and modifiers
     * of the subject after the subordinator) */
    while (s > x->sb + 1 && x->sp.ta - s < 6 && !tok_in(c, s - 1, subordinators) &&
           (c->ent_at[s - 1] >= 0
                ? c->ent[c->ent_at[s - 1]].label != NM_PERSON
                : (nm_q_is_np_word(c, s - 1) || (c->tok[s - 1].lex & NM_LX_TITLE) ||
                   (c->tok[s - 1].flags & NM_TF_ABBREV))))
        s--;
    if (!(s == x->sb + 1 && tok_in(c, x->sb, subordinators)) &&
        !(s > x->sb + 1 && tok_ch(c, s - 2, ',') && tok_in(c, s - 1, subordinators)))
        return end;
    for (k = cs + 1; k < end; k++) {
        if (c->tok[k].flags & NM_TF_QUOTE) break;
        if (tok_ch(c, k, ',') || (c->tok[k].flags & NM_TF_DASH)) {
            *rule = NM_QR_SUBORDINATE;
            return k - 1;
        }
    }
    return end;
}

static int rule_content(qctx_t *c, cue_ctx_t *x, found_t *f) {
    size_t k, cs = x->cend, t = x->t, se = x->se, last = x->last, end = last, iv;
    int that = 0, rule = NM_QR_THAT;
    if (x->cend > last) return R_STOP;
    for (k = x->cend; k < se && k < x->cend + 12; k++) {
        /* `said at a stop in Toledo, Ohio, that`: a comma inside a place name */
        if (tok_ch(c, k, ',') && k > x->cend && c->ent_at[k - 1] >= 0 &&
            c->ent[c->ent_at[k - 1]].label == NM_GPE)
            continue;
        /* `warned, however, that ...`: one word set off by commas */
        if (k == x->cend && k + 3 < se && tok_ch(c, k, ',') && is_lower_word(c, k + 1) &&
            c->ent_at[k + 1] < 0 && !(c->tq[k + 1] & TQ_CUE) && tok_ch(c, k + 2, ',') &&
            tok_is(c, k + 3, "that")) {
            k += 2;
            continue;
        }
        if (is_clause_punct(c, k) || (c->tok[k].flags & NM_TF_QUOTE)) break;
        if ((c->tq[k] & TQ_CUE) || tok_in(c, k, content_stoppers)) break;
        if (tok_is(c, k, "that")) {
            if (k >= last) break; /* `could change that.`: a pronoun, not "that ..." */
            if (opens_clause_before_that(c, t, x->cend, k)) break;
            cs = k + 1;
            that = 1;
            break;
        }
    }
    if (!that) {
        size_t obj;
        /* `said Friday ...`, `said on Friday he ...`: a time after the cue
         * (after "say" only: `announced on Monday the lawsuit` names its
         * object) */
        if (cs + 1 < se && tok_is(c, cs, "on") && tok_in(c, t, say_forms) && is_time(c, cs + 1))
            cs++;
        /* `said in a statement Thursday night they ...`: a short phrase, then
         * a clause opened by a subject pronoun and its verb */
        if (cs + 3 < se && tok_in(c, t, say_forms) && tok_in(c, cs, prepositions) &&
            !tok_is(c, cs, "to")) {
            size_t k2 = cs + 1, n2 = 0;
            while (k2 < se && n2 < 8 && !tok_in(c, k2, speech_pronouns) &&
                   (nm_q_is_np_word(c, k2) || tok_in(c, k2, determiners) ||
                    tok_in(c, k2, prepositions) || is_time(c, k2) ||
                    (c->ent_at[k2] >= 0 && c->ent_at[k2] == c->ent_at[k2 - 1])) &&
                   !(c->tok[k2].flags & NM_TF_QUOTE) && !(c->tq[k2] & TQ_CUE))
                k2++, n2++;
            if (k2 > cs + 1 && k2 + 1 < se && tok_in(c, k2, speech_pronouns) &&
                !tok_is(c, k2, "it") && is_lower_word(c, k2 + 1) &&
                !tok_in(c, k2 - 1, prepositions) && !tok_in(c, k2 - 1, determiners))
                cs = k2;
        }
        if (is_time(c, cs)) {
            spk_t d;
            nm_q_entity_tokens(c, cs, &d);
            cs = d.tb;
        }
        obj = cs;
        if (counted_object(c, cs, se)) return R_STOP;
        /* `confirmed 68 judges`, `announced 300 new jobs`: a count right
         * after a cue other than "say" is its object, unless a verb follows
         * it (`added two goals were not enough`) */
        if (cs < se && !tok_in(c, t, say_forms) &&
            (((c->tok[cs].flags & NM_TF_NUMBER) && !(c->tok[cs].flags & NM_TF_ALPHA)) ||
             (c->tok[cs].lex & NM_LX_NUMWORD))) {
            size_t k2;
            for (k2 = cs + 1; k2 < se && k2 <= cs + 4; k2++)
                if (tok_in(c, k2, adverbs_aux) || is_clause_punct(c, k2)) break;
            if (k2 >= se || k2 > cs + 4 || !tok_in(c, k2, adverbs_aux)) return R_STOP;
        }
        /* `warned of a "ferocious" battle`, `complained about the tone`: the
         * topic of a verb of speech that takes one is what was said */
        if (cs + 1 < last && cs == x->cend && tok_in(c, t, topic_cues) &&
            (tok_is(c, cs, "of") || tok_is(c, cs, "about")) && !is_clause_punct(c, cs + 1) &&
            !tok_in(c, cs + 1, speech_pronouns)) {
            size_t e = topic_end(c, cs + 1, end_at_participle(c, cs + 1, last));
            x->cend = cs + 1; /* the cue is `warned of` */
            return found(f, cs + 1, e, NM_QR_TOPIC);
        }
        if (is_tell(c, t) && cs < se && tok_in(c, cs, question_words)) {
            /* asked whether ...: the question is the content */
        } else if (is_tell(c, t) && cs < se) {
            /* told reporters / told him / told the committee */
            spk_t o;
            if (c->ent_at[cs] >= 0) {
                nm_q_entity_tokens(c, cs, &o);
                cs = o.tb;
                rule = NM_QR_TELL;
            } else if (tok_in(c, cs, addressees)) {
                cs++;
                rule = NM_QR_TELL;
            } else {
                /* `urged the mayor to resign`: a short object before "to" */
                size_t k2 = cs, n2 = 0, ts;
                while (k2 < se && n2 < 5 && !tok_is(c, k2, "to") &&
                       (nm_q_is_np_word(c, k2) || tok_in(c, k2, determiners)))
                    k2++, n2++;
                if (k2 > cs && k2 < se && tok_is(c, k2, "to") && takes_infinitive(c, t)) {
                    cs = k2;
                } else {
                    /* `told the radio station she was leaving`, `told a
                     * crowd of farmers in Lisbon he would ...`: an object
                     * phrase, then a clause opened by a subject pronoun */
                    k2 = cs;
                    n2 = 0;
                    while (k2 < se && n2 < 9 &&
                           (nm_q_is_np_word(c, k2) || tok_in(c, k2, determiners) ||
                            tok_in(c, k2, prepositions)) &&
                           !(c->tok[k2].flags & NM_TF_QUOTE) && !(c->tq[k2] & TQ_CUE))
                        k2++, n2++;
                    /* `asked the candidate whether he was ready`: an
                     * object phrase, then the question */
                    if (k2 > cs && k2 + 2 < se && tok_is(c, t, "asked") &&
                        tok_in(c, k2, question_words) && !tok_is(c, k2, "who") &&
                        !tok_is(c, k2, "when") && !tok_in(c, k2 - 1, prepositions))
                        return found(f, k2, last, NM_QR_TELL);
                    ts = told_subject(c, cs, k2, se);
                    if (ts) {
                        cs = ts;
                    } else {
                        if (k2 == cs || k2 + 1 >= se || !tok_in(c, k2, speech_pronouns) ||
                            tok_is(c, k2, "it") || !is_lower_word(c, k2 + 1) ||
                            tok_in(c, k2 - 1, prepositions))
                            return R_STOP;
                        cs = k2;
                    }
                }
                rule = NM_QR_TELL;
            }
        }
        if (cs < se && (tok_ch(c, cs, ':') || tok_ch(c, cs, ','))) cs++;
        /* `urged him to resign`, `vowed to fight`: an infinitive is the
         * content, with the addressee it names */
        /* (`urged voters to "think carefully"`: the verb may open a quotation) */
        iv = cs + 1;
        if (iv + 1 < se && c->dq_of[iv] >= 0 && c->dq[c->dq_of[iv]].a == iv) iv++;
        if (cs + 1 < se && tok_is(c, cs, "to") && takes_infinitive(c, t) &&
            is_lower_word(c, iv) && !tok_in(c, iv, determiners) &&
            !(c->tok[iv].lex & NM_LX_PRONOUN) && c->ent_at[iv] < 0)
        {
            int r = NM_QR_INFINITIVE;
            size_t e = subordinate_end(c, x, cs, end_at_participle(c, cs, last), &r);
            return found(f, obj, e, r == NM_QR_SUBORDINATE ? NM_QR_SUBORDINATE : NM_QR_INFINITIVE);
        }
        if (cs >= se || tok_in(c, cs, prepositions) || is_clause_punct(c, cs) ||
            tok_in(c, cs, content_non_starters))
            return R_STOP;
        /* a direct quote right after the cue is the direct quote itself */
        if (c->dq_of[cs] >= 0 && c->dq[c->dq_of[cs]].kind == DQ_SPEECH) return R_STOP;
    }
    if (cs > last) return R_STOP;
    /* `Ruiz said the port was closed and said that ...`: a second cue of the
     * same subject ends this content (sentence_cues goes on after it) */
    for (k = cs + 1; k + 1 < end; k++) {
        size_t v = k + 1;
        if (c->dq_of[k] >= 0) continue; /* not inside a quotation */
        if (!tok_in(c, k, verb_conjunctions)) continue;
        if (v < end && tok_in(c, v, adverbs_aux) && c->ent_at[v] < 0) v++;
        /* (also when its own quotation took the second cue: `said he
         * welcomed it and added, "..."`) */
        if ((c->tq[v] & TQ_CUE) && !nm_q_is_participle(c, v)) {
            end = k - 1;
            if (end > cs && tok_ch(c, end, ',')) end--;
            break;
        }
    }
    /* `Ruiz, accusing the board of delay, said the pier ...`: the subject's
     * own cue after a comma ends this content (sentence_cues goes on) */
    for (k = cs + 1; k + 1 < end; k++) {
        if (c->dq_of[k] >= 0) break;
        if (tok_ch(c, k, ',') && (c->tq[k + 1] & TQ_CUE) && !(c->tq[k + 1] & TQ_USED) &&
            !nm_q_is_participle(c, k + 1) && nm_q_is_participle(c, t)) {
            end = k - 1;
            break;
        }
    }
    end = end_at_participle(c, cs, end);
    /* `One firm says there are 400 boats, while another says there are
     * 250`: a contrast clause with a cue of its own ends this content
     * (sentence_cues goes on after it) */
    for (k = cs + 1; k + 2 < end; k++) {
        size_t v;
        if (c->dq_of[k] >= 0) break;
        if (!tok_ch(c, k, ',') || !tok_in(c, k + 1, contrast_words)) continue;
        for (v = k + 2; v < end && v <= k + 7; v++)
            if ((c->tq[v] & TQ_CUE) && !(c->tq[v] & TQ_USED) && !nm_q_is_participle(c, v)) break;
        if (v < end && v <= k + 7) {
            end = k - 1;
            break;
        }
    }
    /* `Some said the cuts were overdue; others warned that ...`: after a
     * semicolon, a subject with a cue of its own ends this content
     * (sentence_cues goes on after it) */
    for (k = cs + 1; k + 2 < end; k++) {
        size_t v;
        if (c->dq_of[k] >= 0) break;
        if (!tok_ch(c, k, ';')) continue;
        v = np_then_cue(c, k + 1, end, 6, 1);
        if (v && !(c->tq[v] & TQ_USED)) {
            end = k - 1;
            break;
        }
    }
    /* `when Ruiz said it was great to be home, a man yelled "Stay!"`: a
     * subject with a cue of its own that introduces a quotation ends this
     * content (the quotation is that cue's, taken or not) */
    for (k = cs + 1; k + 3 < end; k++) {
        size_t v;
        if (c->dq_of[k] >= 0) break;
        if (!tok_ch(c, k, ',')) continue;
        v = np_then_cue(c, k + 1, end, 5, 0);
        if (v && cue_opens_quote(c, v, 0)) {
            end = k - 1;
            break;
        }
    }
    end = relative_clause_end(c, x->sb, t, cs, end);
    end = subordinate_end(c, x, cs, end, &rule);
    return found(f, cs, end, rule);
}

typedef int (*cue_rule_fn)(qctx_t *c, cue_ctx_t *x, found_t *f);

/* The cue rules, in the order they are tried. */
static const cue_rule_fn cue_rules[] = {rule_asked, rule_according, rule_subject,
                                        rule_as_put, rule_aside, rule_content};

/* Is there a word among tokens ta..tb? (Content that is only punctuation,
 * `to say that."` at the end of a quotation, reports nothing.) */
static int has_word(const qctx_t *c, size_t ta, size_t tb) {
    size_t k;
    for (k = ta; k <= tb && k < c->ntok; k++)
        if (is_word(c, k)) return 1;
    return 0;
}

/* Sentence rule: the cue rules over every unused cue of the sentence, until
 * one emits. */
static int sentence_cues(qctx_t *c, size_t sb, size_t se, size_t last) {
    size_t t, i, next;
    int emitted = 0;
    for (t = sb; t < se; t++) {
        cue_ctx_t x;
        found_t f;
        int how = R_NEXT, r;
        if (c->dq_of[t] >= 0) {
            int kind = c->dq[c->dq_of[t]].kind;
            if (kind == DQ_SPEECH || kind == DQ_ABSORBED) {
                t = c->dq[c->dq_of[t]].b;
                continue;
            }
        }
        if (!(c->tq[t] & TQ_CUE) || (c->tq[t] & TQ_USED)) continue;
        memset(&x, 0, sizeof x);
        x.sb = sb;
        x.se = se;
        x.last = last;
        x.t = t;
        x.cend = t + c->cue_len[t];
        for (i = 0; i < sizeof cue_rules / sizeof cue_rules[0] && how == R_NEXT; i++)
            how = cue_rules[i](c, &x, &f);
        if (how != R_EMIT || !has_word(c, f.ta, f.tb)) continue;
        r = emit_reported(c, f.rule, f.ta, f.tb, &x.sp, t, x.cend - t, 0, &next);
        if (r < 0) return r;
        if (r > 0 && f.rule == NM_QR_ASKED) {
            /* the question put to the speaker: the sentence goes on */
            emitted = 1;
            t = next;
            continue;
        }
        if (r > 0) {
            /* one report per sentence, unless its content ended at a second
             * cue of the subject (`... and said that ...`): scan on after it */
            emitted = 1;
            if (next + 2 < last && f.tb < last &&
                (tok_in(c, next + 1, verb_conjunctions) || f.rule == NM_QR_SUBORDINATE ||
                 tok_ch(c, next + 1, ';') ||
                 ((c->tq[next + 1] & TQ_CUE) && nm_q_is_participle(c, next + 1)) ||
                 (tok_ch(c, next + 1, ',') && (tok_in(c, next + 2, verb_conjunctions) ||
                                               tok_in(c, next + 2, contrast_words) ||
                                               (c->tq[next + 2] & TQ_CUE))))) {
                t = next;
                continue;
            }
            return r;
        }
    }
    return emitted;
}

/* Sentence rule: "Ruiz: the deal is dead.", "Mayor Ana Ruiz: 'No Deal' If
 * the Board Stays." (a quotation opening the content that the words go on
 * after was left pending by dq_colon_label). */
static int sentence_colon_label(qctx_t *c, size_t sb, size_t se, size_t last) {
    spk_t e;
    size_t next, k;
    (void)se;
    for (k = sb + 1; k < last && k < sb + 12; k++)
        if (is_clause_punct(c, k) || (c->tok[k].flags & NM_TF_QUOTE)) break;
    if (!(k + 1 < last && tok_ch(c, k, ':')) || !colon_speaker(c, k, &e)) return 0;
    /* a word that is no name labels a line only as a study or a poll
     * (`Poll: ...`; not `Contributing: ...`, `Revealed: ...`) */
    if (c->ent_at[e.ta] < 0 && !tok_in(c, e.ta, study_nouns)) return 0;
    if ((c->tok[k + 1].flags & NM_TF_QUOTE) &&
        !(c->dq_of[k + 1] >= 0 && c->dq[c->dq_of[k + 1]].kind == DQ_PENDING))
        return 0;
    return emit_reported(c, NM_QR_COLON, k + 1, last, &e, k, 1, 0, &next);
}

/* Sentence rule: "..., the source said." */
static int sentence_final(qctx_t *c, size_t sb, size_t se, size_t last) {
    size_t next;
    (void)last;
    return final_attribution(c, sb, se, &next);
}

typedef int (*sentence_rule_fn)(qctx_t *c, size_t sb, size_t se, size_t last);

/* The sentence rules, in the order they are tried: each returns < 0 on
 * error, 1 when it emitted (the sentence is done), 0 when not. */
static const sentence_rule_fn sentence_rules[] = {sentence_final, sentence_cues,
                                                  sentence_colon_label};

/* An unmarked first-person continuation of reported speech q in sentence
 * [nb, ne): copies q over the sentence; returns 1 when it did. */
static int unmarked_continuation(qctx_t *c, size_t nb, size_t ne) {
    const qrec_t *q = &c->out[c->nout - 1];
    size_t nl;
    qrec_t *u;
    if (q->q.type == NM_QUOTE_DIRECT || q->q.speaker.end <= q->q.speaker.start || nb >= ne ||
        (c->tok[nb].flags & NM_TF_PARA_START) || sent_has_marks(c, nb, ne, 1) ||
        !sent_first_person(c, nb, ne))
        return 0;
    nl = content_last(c, nb, ne);
    if (nl <= nb || c->nout >= c->outcap) return 0;
    u = &c->out[c->nout];
    *u = *q;
    u->ta = (uint32_t)nb;
    u->tb = (uint32_t)nl;
    u->q.start = c->tok[nb].start;
    u->q.end = c->tok[nl].end;
    u->q.type = NM_QUOTE_INDIRECT;
    u->q.flags = NM_QF_UNMARKED;
    u->q.rule = NM_QR_UNMARKED;
    u->q.cue.start = u->q.cue.end = 0;
    c->nout++;
    return 1;
}

static int reported(qctx_t *c) {
    size_t s, i, skip_to = 0;
    for (s = 0; s < c->nsent; s++) {
        size_t sb = c->sent[s].begin, se = c->sent[s].end, last;
        int r = 0;
        if (se > c->ntok) se = c->ntok;
        if (sb >= se || sb < skip_to || is_headline(c, sb, se)) continue;
        last = content_last(c, sb, se);
        for (i = 0; i < sizeof sentence_rules / sizeof sentence_rules[0] && r == 0; i++)
            r = sentence_rules[i](c, sb, se, last);
        if (r < 0) return r;
        /* unmarked first-person continuation in the next sentence */
        if (r > 0 && s + 1 < c->nsent) {
            size_t nb = c->sent[s + 1].begin, ne = c->sent[s + 1].end;
            if (ne > c->ntok) ne = c->ntok;
            if (unmarked_continuation(c, nb, ne)) skip_to = ne;
        }
    }
    return NM_OK;
}

/* ---------------------------------------------------------------- pass 4 */

static int cmp_qrec(const void *x, const void *y) {
    const qrec_t *a = (const qrec_t *)x, *b = (const qrec_t *)y;
    if (a->q.start != b->q.start) return a->q.start < b->q.start ? -1 : 1;
    if (a->q.end != b->q.end) return a->q.end < b->q.end ? -1 : 1;
    return 0;
}

static int has_speaker(const nm_quote_t *q) { return q->speaker.end > q->speaker.start; }

/* Tokens (te, ta] hold no paragraph break and no person other than the
 * speaker (id) of the earlier quote: `"A," Ruiz said. She left. "B."`. */
static int same_para_no_rival(const qctx_t *c, size_t te, size_t ta, int id) {
    size_t t;
    for (t = te + 1; t <= ta && t < c->ntok; t++) {
        if (c->tok[t].flags & NM_TF_PARA_START) return 0;
        if (c->ent_at[t] >= 0 && c->ent[c->ent_at[t]].label == NM_PERSON &&
            (id == 0 || c->ent[c->ent_at[t]].id != id))
            return 0;
    }
    return 1;
}

/* Tokens (te, ta] hold no paragraph break. */
static int same_para(const qctx_t *c, size_t te, size_t ta) {
    size_t t;
    for (t = te + 1; t <= ta && t < c->ntok; t++)
        if (c->tok[t].flags & NM_TF_PARA_START) return 0;
    return 1;
}

static void inherit(qctx_t *c) {
    size_t i;
    for (i = 1; i < c->nout; i++) {
        qrec_t *q = &c->out[i], *p = &c->out[i - 1];
        /* a question put to the speaker (`when asked what ...`) passes
         * nothing on: the record before it does */
        if (p->q.rule == NM_QR_ASKED && i >= 2) p = &c->out[i - 2];
        /* `"A," Ruiz said, noting that ... . "B."`: a report between that
         * shares the attribution of the quotation before it (the same
         * speaker's mention) passes that quotation on, with its cue */
        if (q->q.type == NM_QUOTE_DIRECT && p->q.type != NM_QUOTE_DIRECT && p == &c->out[i - 1] &&
            i >= 2 && c->out[i - 2].q.type == NM_QUOTE_DIRECT && has_speaker(&p->q) &&
            c->out[i - 2].q.speaker.start == p->q.speaker.start &&
            c->out[i - 2].q.speaker.end == p->q.speaker.end && c->out[i - 2].q.end <= p->q.start)
            p = &c->out[i - 2];
        if (has_speaker(&q->q) || !has_speaker(&p->q)) continue;
        if (q->q.flags & NM_QF_CONTINUED) {
            q->q.speaker = p->q.speaker;
            q->q.speaker_id = p->q.speaker_id;
            if (q->q.cue.end <= q->q.cue.start) q->q.cue = p->q.cue;
            continue;
        }
        if (q->q.type != NM_QUOTE_DIRECT) continue;
        if (c->sent_of[q->ta] <= c->sent_of[p->te] + 1 ||
            (q->ta > p->te && q->ta - p->te < 80 &&
             same_para_no_rival(c, p->te, q->ta, p->q.speaker_id))) {
            q->q.speaker = p->q.speaker;
            q->q.speaker_id = p->q.speaker_id;
            q->q.flags |= NM_QF_INHERITED;
            /* the second part of a split quote (`"A," Ruiz said, "B."`), the
             * next sentence, or a quote that goes on in the next paragraph
             * shares the cue that introduced the first part */
            if (q->q.cue.end <= q->q.cue.start && p->q.cue.end > p->q.cue.start &&
                c->sent_of[q->ta] <= c->sent_of[p->te] + 1)
                q->q.cue = p->q.cue;
        }
    }
    /* a later paragraph of a continued quote names the speaker: share it back */
    for (i = c->nout; i-- > 1;) {
        qrec_t *q = &c->out[i], *p = &c->out[i - 1];
        if ((q->q.flags & NM_QF_CONTINUED) && has_speaker(&q->q) && !has_speaker(&p->q) &&
            p->q.type == NM_QUOTE_DIRECT && (p->q.flags & NM_QF_UNCLOSED)) {
            p->q.speaker = q->q.speaker;
            p->q.speaker_id = q->q.speaker_id;
            if (p->q.cue.end <= p->q.cue.start) p->q.cue = q->q.cue;
        }
    }
}

/* A direct quote with no attribution and no speaker after pass 4 that opens
 * the next sentence of its paragraph (one inside its sentence is
 * dq_clause_subject's): `Ruiz was blunt about the pier. "We will not sell
 * it."`: it speaks in the first person, and no quote came before it in the
 * paragraph (pass 4 decided those); the subject opening the sentence before
 * speaks it. */
static void sentence_subject(qctx_t *c) {
    size_t i;
    for (i = 0; i < c->nout; i++) {
        qrec_t *q = &c->out[i];
        spk_t sp;
        size_t ps;
        if (q->q.type != NM_QUOTE_DIRECT || q->q.rule != NM_QR_DQ_BARE || has_speaker(&q->q) ||
            (q->q.flags & NM_QF_CONTINUED))
            continue;
        if (q->ta == 0 || c->sent[c->sent_of[q->ta]].begin < q->ta ||
            (c->tok[q->ta].flags & NM_TF_PARA_START))
            continue;
        ps = c->sent[c->sent_of[q->ta - 1]].begin;
        if (!sent_first_person(c, q->ta, q->tb + 1) || !nm_q_opening_subject(c, q->ta - 1, &sp) ||
            sent_has_marks(c, ps, q->ta, 0))
            continue;
        /* an earlier quote of the paragraph (pass 4 gave this one no
         * speaker: someone else was named between) must be the same
         * person's: `"...," says Ana Ruiz, 32. Ruiz backs the mayor. "I
         * ..."` */
        if (i > 0 && same_para(c, c->out[i - 1].te, q->ta) &&
            (sp.id == 0 || c->out[i - 1].q.speaker_id != sp.id))
            continue;
        q->q.flags |= NM_QF_INHERITED;
        q->q.speaker.start = c->tok[sp.ta].start;
        q->q.speaker.end = c->tok[sp.tb - 1].end;
        q->q.speaker_id = sp.id;
    }
}

/* ---------------------------------------------------------------- parts */

/* Does direct quote q go on the quotation of direct quote p (the record
 * before it)? The next paragraph of a quotation left open (`"A` / `"B."`),
 * or the part after an attribution that interrupts it in one paragraph
 * (`"A," Ruiz said, "B."`, `"A," Ruiz said. "B."`): q took p's speaker and
 * cue (pass 4) and both lie between the two parts. */
static int continues(const qctx_t *c, const qrec_t *p, const qrec_t *q) {
    size_t t;
    if (p->q.type != NM_QUOTE_DIRECT || q->q.type != NM_QUOTE_DIRECT) return 0;
    if (q->q.start < p->q.end) return 0;
    if ((q->q.flags & NM_QF_CONTINUED) && (p->q.flags & NM_QF_UNCLOSED)) return 1;
    if (!(q->q.flags & NM_QF_INHERITED) || !has_speaker(&p->q) || p->q.cue.end <= p->q.cue.start)
        return 0;
    /* (a signature closes its quotation: `"A" - Ana Ruiz` / `"B"`) */
    if (p->q.rule == NM_QR_DQ_SIGNATURE) return 0;
    if (q->q.cue.start != p->q.cue.start || q->q.cue.end != p->q.cue.end) return 0;
    if (p->q.cue.start < p->q.end || p->q.cue.end > q->q.start ||
        p->q.speaker.start < p->q.end || p->q.speaker.end > q->q.start)
        return 0;
    for (t = p->tb + 1; t <= q->ta && t < c->ntok; t++)
        if (c->tok[t].flags & NM_TF_PARA_START) return 0;
    return 1;
}

const nm_span_t *nm_result_quote_parts(const nm_result_t *res, const nm_quote_t *q,
                                       size_t *count) {
    if (count) *count = 0;
    if (!res || !q || q->nparts < 2 || (size_t)q->part + q->nparts > res->nqpart) return NULL;
    if (count) *count = q->nparts;
    return res->qpart + q->part;
}

/* ---------------------------------------------------------------- entry */

int nm_quotes_find(const nm_model_t *m, const char *text, size_t len, nm_result_t *res) {
    qctx_t c;
    size_t i, t;
    int rc;
    res->nquote = 0;
    res->nqpart = 0;
    if (!res->tk.ntok) return NM_OK;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.text = text;
    c.len = len;
    c.tok = res->tk.tok;
    c.ntok = res->tk.ntok;
    c.sent = res->tk.sent;
    c.nsent = res->tk.nsent;
    c.ent = res->ent;
    c.nent = res->nent;
    if (!c.nsent) return NM_OK;
    rc = setup(&c, res);
    if (rc) return rc;
    find_cues(&c);
    pair_marks(&c);
    after_quote_cue_marks(&c);
    prev_sentence_cue_marks(&c);
    topic_cue_marks(&c);
    for (i = 0; i < c.ndq; i++)
        for (t = c.dq[i].a; t <= c.dq[i].b; t++) c.dq_of[t] = (int32_t)i;
    for (i = 0; i < c.ndq; i++) classify_dq(&c, &c.dq[i]);
    for (i = 0; i < c.ndq; i++) {
        if (c.dq[i].kind != DQ_SPEECH) continue;
        rc = attribute_dq(&c, i, 0);
        if (rc < 0) goto fail;
    }
    rc = reported(&c);
    if (rc) goto fail;
    /* pending quotes that no reported speech took are direct quotes after all */
    for (i = 0; i < c.ndq; i++) {
        if (c.dq[i].kind != DQ_PENDING) continue;
        c.dq[i].kind = DQ_SPEECH;
        rc = attribute_dq(&c, i, 1);
        if (rc < 0) goto fail;
    }
    /* drop direct quotes absorbed into mixed quotes */
    {
        size_t j = 0, di = 0;
        for (i = 0; i < c.nout; i++) {
            qrec_t *r = &c.out[i];
            if (r->q.type == NM_QUOTE_DIRECT) {
                while (di < c.ndq && c.dq[di].a < r->ta) di++;
                if (di < c.ndq && c.dq[di].a == r->ta && c.dq[di].kind == DQ_ABSORBED) continue;
            }
            c.out[j++] = *r;
        }
        c.nout = j;
    }
    qsort(c.out, c.nout, sizeof *c.out, cmp_qrec);
    inherit(&c);
    sentence_subject(&c);
    rc = NM_GROW(res->quote, res->nquote, res->quotecap, c.nout);
    if (rc) goto fail;
    res->nqpart = 0;
    rc = NM_GROW(res->qpart, res->nqpart, res->qpartcap, 2 * c.nout);
    if (rc) goto fail;
    {
        const qrec_t *prev = NULL; /* record of the last part kept */
        for (i = 0; i < c.nout; i++) {
            const qrec_t *r = &c.out[i];
            /* quotes never overlap: keep the first of two that do */
            if (res->nquote && r->q.start < res->quote[res->nquote - 1].end) continue;
            if (prev && continues(&c, prev, r)) {
                nm_quote_t *g = &res->quote[res->nquote - 1];
                if (g->nparts == 0) {
                    g->part = (uint32_t)res->nqpart;
                    res->qpart[res->nqpart].start = g->start;
                    res->qpart[res->nqpart++].end = g->end;
                    g->nparts = 1;
                }
                res->qpart[res->nqpart].start = r->q.start;
                res->qpart[res->nqpart++].end = r->q.end;
                g->nparts++;
                g->end = r->q.end;
                g->flags = (g->flags & ~NM_QF_UNCLOSED) | (r->q.flags & NM_QF_UNCLOSED);
            } else {
                res->quote[res->nquote++] = r->q;
            }
            prev = r;
        }
    }
    return NM_OK;
fail:
    res->nquote = 0;
    return rc;
}
