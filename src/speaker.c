/*
 * speaker.c - who speaks a quote: the subject before a cue ("Ruiz said",
 * "Ruiz, 52, added", "a company spokeswoman said", "Ana Ruiz, who said"),
 * the speaker after it ("said Ruiz", "said Polish President Ana Ruiz",
 * "said a spokeswoman, Ana Ruiz"), the subject of a participle clause, and
 * pronouns resolved to the nearest compatible person or organization.
 *
 * Reads the quote finder's context (quotes.h); every look is bounded by a
 * small constant. Used by quotes.c only.
 */
#include "quotes.h"

void nm_q_entity_tokens(const qctx_t *c, size_t t, spk_t *s) {
    int32_t e = c->ent_at[t];
    size_t a = t, b = t + 1;
    while (a > 0 && c->ent_at[a - 1] == e) a--;
    while (b < c->ntok && c->ent_at[b] == e) b++;
    s->ta = (uint32_t)a;
    s->tb = (uint32_t)b;
    s->id = c->ent[e].id;
}

/* Two speakers sharing one cue, `Ana Ruiz and Tom Berg said`: the first
 * named speaks (its span and id; the second is not recorded). s holds the
 * entity before "and"'s partner: it becomes the first when the two names
 * have the same label and only "and" stands between them. */
void nm_q_first_of_pair(const qctx_t *c, size_t lo, spk_t *s) {
    size_t p, q = s->ta, n = 0;
    int32_t e = c->ent_at[s->ta];
    int lab;
    /* (the second name's role before it: `Ana Ruiz and union leader Tomas
     * Berg said`) */
    while (e >= 0 && q > lo + 2 && n < 3 && is_lower_word(c, q - 1) && c->ent_at[q - 1] < 0 &&
           nm_q_is_np_word(c, q - 1) && !(c->tok[q - 1].lex & NM_LX_FUNC))
        q--, n++;
    if (n && !(c->tok[s->ta - 1].lex & NM_LX_ROLE)) q = s->ta;
    /* (the second name in apposition to a role: `Ana Ruiz and her deputy,
     * Tomas Berg, said`) */
    if (e >= 0 && q == s->ta && q > lo + 4 && tok_ch(c, q - 1, ',') && s->tb < c->ntok &&
        tok_ch(c, s->tb, ',')) {
        size_t k = q - 1, m = 0;
        while (k > lo + 2 && m < 3 && is_lower_word(c, k - 1) && c->ent_at[k - 1] < 0 &&
               !tok_is(c, k - 1, "and"))
            k--, m++;
        if (m && (c->tok[q - 2].lex & NM_LX_ROLE) && tok_is(c, k - 1, "and")) q = k;
    }
    if (e < 0 || q < lo + 2 || !tok_is(c, q - 1, "and")) return;
    lab = c->ent[e].label;
    p = q - 2;
    if (p > lo && tok_ch(c, p, ',')) p--; /* `Ruiz, Berg, and Hale` */
    if (c->ent_at[p] < 0 || c->ent[c->ent_at[p]].label != lab) return;
    nm_q_entity_tokens(c, p, s);
    /* a list: `Ruiz, Berg and Hale said` is Ruiz's */
    while (s->ta >= lo + 2 && tok_ch(c, s->ta - 1, ',') && c->ent_at[s->ta - 2] >= 0 &&
           c->ent[c->ent_at[s->ta - 2]].label == lab)
        nm_q_entity_tokens(c, s->ta - 2, s);
}

/* Does the sentence before token t's open with a noun phrase that names
 * nothing (`The dockers' union voted ...`) after entity r? */
static int np_subject_between(const qctx_t *c, int32_t r, size_t t) {
    size_t si = c->sent_of[t], pe, k;
    spk_t sp;
    size_t verb;
    if (si == 0) return 0;
    pe = c->sent[si - 1].end;
    if (pe == 0 || c->ent[r].end > c->tok[c->sent[si - 1].begin].start) return 0;
    if (!nm_q_opening_np_subject(c, pe - 1, &sp, &verb)) return 0;
    for (k = sp.ta; k < sp.tb; k++)
        if (c->ent_at[k] >= 0) return 0;
    return 1;
}

/* Resolve a pronoun at token t to the nearest earlier compatible entity;
 * returns its id or 0. */
static int resolve_pronoun(const qctx_t *c, size_t t) {
    int32_t i = c->ent_before[t], r = -1;
    if (i < 0) return 0;
    /* the nearest person of that gender or of unknown gender: `"...," Marcus
     * Whitfield said. / Volodymyr Zelensky said ... / "...," he said` is
     * Zelensky's (a person named in between counts) */
    if (tok_is(c, t, "she") || tok_is(c, t, "her")) {
        r = c->prevF[i] > c->prevU[i] ? c->prevF[i] : c->prevU[i];
    } else if (tok_is(c, t, "he") || tok_is(c, t, "him") || tok_is(c, t, "his")) {
        r = c->prevM[i] > c->prevU[i] ? c->prevM[i] : c->prevU[i];
    } else if (tok_is(c, t, "they") || tok_is(c, t, "it") || tok_is(c, t, "them") ||
               tok_is(c, t, "their")) {
        r = c->prevG[i];
        /* `The dockers' union voted against it. "...," they said`: a noun
         * phrase opening the sentence before is nearer than the
         * organization named earlier, and has no id */
        if (r >= 0 && np_subject_between(c, r, t)) r = -1;
    }
    return r >= 0 ? c->ent[r].id : 0;
}

int nm_q_is_np_word(const qctx_t *c, size_t t) {
    const nm_tok_t *k = &c->tok[t];
    if (k->flags & (NM_TF_QUOTE | NM_TF_URL)) return 0;
    if (k->flags & NM_TF_POSS) return 1;
    if (!(k->flags & (NM_TF_ALPHA | NM_TF_NUMBER))) return 0;
    if (k->lex & (NM_LX_CUE | NM_LX_PRONOUN)) return 0;
    if ((k->lex & NM_LX_FUNC) && !tok_in(c, t, determiners)) return 0;
    return 1;
}

/* A content noun that may head a speaker phrase when no role noun is known:
 * lower case, not a function word, not an adverb in -ly. */
static int is_generic_head(const qctx_t *c, size_t t) {
    const nm_tok_t *k = &c->tok[t];
    if (!is_lower_word(c, t)) return 0;
    if (k->lex & (NM_LX_FUNC | NM_LX_PRONOUN | NM_LX_CUE)) return 0;
    if (tok_in(c, t, determiners) || tok_in(c, t, adverbs_aux) || tok_in(c, t, prepositions))
        return 0;
    if (tok_ends(c, t, "ly") && !tok_in(c, t, ly_nouns))
        return 0;
    if (tok_in(c, t, non_heads))
        return 0;
    return 1;
}

/* Noun phrase ending at head token h (lo: lowest token allowed): extends left
 * over modifiers, possessives and one determiner. */
static void np_left(const qctx_t *c, size_t h, size_t lo, spk_t *s) {
    size_t a = h, n = 0;
    while (a > lo && n < 6) {
        size_t p = a - 1;
        if (tok_in(c, p, determiners)) {
            a = p;
            break;
        }
        if (!nm_q_is_np_word(c, p) || is_clause_punct(c, p)) break;
        if (c->ent_at[p] >= 0 && c->ent[c->ent_at[p]].label == NM_DATE) break;
        a = p;
        n++;
    }
    s->ta = (uint32_t)a;
    s->tb = (uint32_t)h + 1;
    s->id = 0;
}

/* `A spokeswoman for the EU said`, `the mayor of Porto said`: a role noun,
 * then "for", "of" or "at" (and "the") before the organization or place in
 * s: the role phrase speaks, with the organization's id (a place's person
 * has none of its own, nor has a facility's: `a nurse at Porto General
 * Hospital`). s may also be a common noun phrase with its
 * determiner (`a lawyer for the family`), taken as a body with no id. */
static void role_of_body(const qctx_t *c, size_t lo, spk_t *s) {
    size_t p = s->ta, r;
    int lab = c->ent_at[s->ta] >= 0 ? c->ent[c->ent_at[s->ta]].label : NM_ORG;
    spk_t np;
    if (lab != NM_ORG && lab != NM_GPE && lab != NM_LOC) return;
    if (p > lo && tok_is(c, p - 1, "the") && c->ent_at[s->ta] >= 0) p--;
    if (!(p >= lo + 2 && tok_in(c, p - 1, role_prepositions))) return;
    r = p - 2;
    if (!is_lower_lex(c, r, NM_LX_ROLE) || c->ent_at[r] >= 0) return;
    np_left(c, r, lo, &np);
    /* `Sam Lau, the communications director for the party, said`: the
     * phrase is the name's appositive, the name speaks */
    if (np.ta >= lo + 2 && tok_ch(c, np.ta - 1, ',') && c->ent_at[np.ta - 2] >= 0 &&
        c->ent[c->ent_at[np.ta - 2]].label == NM_PERSON) {
        nm_q_entity_tokens(c, np.ta - 2, s);
        return;
    }
    s->ta = np.ta;
    if (lab != NM_ORG) s->id = 0;
}

/* Speaker phrase whose last token is j. generic: accept any content noun as
 * head (not only NM_LX_ROLE). */
static int head_at(const qctx_t *c, size_t j, size_t lo, int generic, spk_t *s) {
    const nm_tok_t *k = &c->tok[j];
    int32_t e = c->ent_at[j];
    if (e >= 0) {
        int lab = c->ent[e].label;
        if (label_ok(lab)) {
            nm_q_entity_tokens(c, j, s);
            if (s->ta < lo) s->ta = (uint32_t)lo;
            nm_q_first_of_pair(c, lo, s);
            role_of_body(c, lo, s);
            return 1;
        }
        /* `A nurse at Porto General Hospital said`: a role at a place
         * (a facility) speaks; the place alone does not */
        if (lab == NM_LOC) {
            spk_t l;
            uint32_t ta;
            nm_q_entity_tokens(c, j, &l);
            ta = l.ta;
            if (ta >= lo) role_of_body(c, lo, &l);
            if (l.ta != ta) {
                *s = l;
                return 1;
            }
        }
        /* a share of a poll's respondents: `47 percent said they would` */
        if (lab == NM_PERCENT && generic) {
            nm_q_entity_tokens(c, j, s);
            if (s->ta < lo) s->ta = (uint32_t)lo;
            s->id = 0;
            return 1;
        }
        if (lab == NM_DATE || lab == NM_TIME) {
            /* "Ruiz on Tuesday said": step over the date and its preposition */
            spk_t d;
            size_t p;
            nm_q_entity_tokens(c, j, &d);
            p = d.ta;
            if (p > lo && tok_in(c, p - 1, date_prepositions))
                p--;
            /* `Ruiz later Thursday told`: an adverb before the date */
            if (p > lo && tok_in(c, p - 1, adverbs_aux) && c->ent_at[p - 1] < 0)
                p--;
            if (p > lo && c->ent_at[p - 1] >= 0 && label_ok(c->ent[c->ent_at[p - 1]].label)) {
                nm_q_entity_tokens(c, p - 1, s);
                if (s->ta < lo) s->ta = (uint32_t)lo;
                return 1;
            }
            /* `A poll released Monday found that`, `The study published in
             * May shows`: a participle in -ed before the date modifies
             * the noun before it, which speaks */
            if (generic && p > lo + 1 && is_lower_word(c, p - 1) && c->ent_at[p - 1] < 0 &&
                c->tok[p - 1].end - c->tok[p - 1].start > 4 && tok_ends(c, p - 1, "ed") &&
                !(c->tq[p - 1] & TQ_CUE) && c->ent_at[p - 2] < 0 && is_lower_word(c, p - 2))
                return head_at(c, p - 2, lo, generic, s);
        }
        return 0;
    }
    /* a share or a count of people, generic only: `Two in three said they
     * ...`, `at least 2,000 said they would`, `Others say this is ...` */
    if (generic && (((k->flags & NM_TF_NUMBER) && !(k->flags & NM_TF_ALPHA)) ||
                    (k->lex & NM_LX_NUMWORD) || tok_in(c, j, quantity_subjects))) {
        s->ta = (uint32_t)j;
        s->tb = (uint32_t)j + 1;
        s->id = 0;
        if (j >= lo + 2 && (tok_is(c, j - 1, "in") || tok_is(c, j - 1, "of")) &&
            ((c->tok[j - 2].flags & NM_TF_NUMBER) || (c->tok[j - 2].lex & NM_LX_NUMWORD)))
            s->ta = (uint32_t)j - 2;
        return 1;
    }
    if (tok_in(c, j, speech_pronouns) && !(k->flags & NM_TF_QUOTE)) {
        s->ta = (uint32_t)j;
        s->tb = (uint32_t)j + 1;
        s->id = resolve_pronoun(c, j);
        return 1;
    }
    /* a document or publication that is also a cue word after its determiner:
     * `the report concluded`, `the statement said`, `his post read` */
    if (generic && j > lo && tok_in(c, j - 1, determiners) && is_lower_word(c, j) &&
        (k->lex & (NM_LX_CUE | NM_LX_CUE_NOUN)) && !(c->tq[j] & TQ_CUE)) {
        np_left(c, j, lo, s);
        return 1;
    }
    /* `the secretary of state said`: a role, "of", a noun that is no cue here */
    if ((k->lex & NM_LX_CUE) && !(c->tq[j] & TQ_CUE) && is_lower_word(c, j) && j > lo + 1 &&
        tok_is(c, j - 1, "of") && is_lower_lex(c, j - 2, NM_LX_ROLE)) {
        np_left(c, j - 2, lo, s);
        s->tb = (uint32_t)j + 1;
        return 1;
    }
    if ((k->lex & NM_LX_ROLE) || (generic && is_generic_head(c, j))) {
        if (!(k->flags & NM_TF_ALPHA)) return 0;
        np_left(c, j, lo, s);
        /* `The ministry of infrastructure said`: the body or role before
         * "of" heads the phrase */
        if (s->ta > lo + 1 && tok_is(c, s->ta - 1, "of") && c->ent_at[s->ta - 2] < 0 &&
            is_lower_lex(c, s->ta - 2, NM_LX_ORGWORD | NM_LX_ROLE)) {
            spk_t h;
            np_left(c, s->ta - 2, lo, &h);
            s->ta = h.ta;
        }
        /* `a spokesman for the company said`: the role before it speaks */
        if (s->ta > lo && tok_in(c, s->ta, determiners)) role_of_body(c, lo, s);
        return 1;
    }
    if ((k->flags & NM_TF_UPPER) && (k->flags & NM_TF_ALPHA) && !(k->lex & NM_LX_FUNC) &&
        !(k->flags & NM_TF_QUOTE)) {
        /* an untagged capitalized name */
        size_t a = j;
        while (a > lo && a > j - 3 && (c->tok[a - 1].flags & NM_TF_UPPER) &&
               (c->tok[a - 1].flags & NM_TF_ALPHA) && !(c->tok[a - 1].lex & NM_LX_FUNC))
            a--;
        if (a == j && (k->flags & NM_TF_SENT_START) && (k->lex & NM_LX_COMMON)) return 0;
        s->ta = (uint32_t)a;
        s->tb = (uint32_t)j + 1;
        s->id = 0;
        return 1;
    }
    return 0;
}

/* `Trump in his speech called`, `A man in the crowd shouted`, `Ruiz at a
 * rally in Porto said`: one or two phrases of the setting end at j, right
 * before the cue; a person, an organization, a subject pronoun or a role
 * noun (the phrase then names no entity) before them speaks, not the object
 * of the preposition. */
static int setting_subject(const qctx_t *c, size_t j, size_t lo, int generic, spk_t *s) {
    size_t k = j + 1, h, n = 0, pps = 0;
    int named = c->ent_at[j] >= 0;
    spk_t e;
    while (pps < 2) {
        while (k > lo + 1 && n < 10) {
            k--, n++;
            if (tok_in(c, k, setting_prepositions) && c->ent_at[k] < 0) break;
            /* (`in a letter to residents`, `in a report for the board`) */
            if (tok_in(c, k, inner_prepositions)) continue;
            if (!(nm_q_is_np_word(c, k) || (c->tok[k].lex & NM_LX_PRONOUN)) ||
                (c->tq[k] & TQ_CUE) || tok_in(c, k, relatives) || tok_in(c, k, speech_pronouns))
                return 0;
        }
        if (!(tok_in(c, k, setting_prepositions) && k > lo && k < j)) return 0;
        pps++;
        h = k - 1;
        if (c->ent_at[h] >= 0) {
            int lab = c->ent[c->ent_at[h]].label;
            if (lab != NM_PERSON && lab != NM_ORG) continue;
        } else if (!(tok_in(c, h, speech_pronouns) && !tok_is(c, h, "it")) &&
                   !(((c->tok[h].lex & NM_LX_ROLE) || tok_in(c, h, crowd_nouns)) && !named &&
                     /* (`Residents at the meeting branded`) */
                     (is_lower_word(c, h) || (h == lo && (c->tok[h].flags & NM_TF_TITLECASE))))) {
            continue;
        }
        /* (the head is no subject after a preposition of its own:
         * `supporters of Ruiz at the rally chanted`) */
        if (c->ent_at[h] < 0 && tok_in(c, h, crowd_nouns))
            np_left(c, h, lo, &e); /* (`Fans outside the hall chanted`) */
        else if (!head_at(c, h, lo, generic, &e))
            return 0;
        if (e.ta > lo && tok_in(c, e.ta - 1, prepositions)) return 0;
        *s = e;
        return 1;
    }
    return 0;
}

/* A participle cue after a comma (`Ruiz left, saying ...`) has the subject
 * of its sentence: the first named entity or pronoun of the sentence outside
 * quotation marks (bounded look). */
static int opener_shape(const qctx_t *c, size_t k);

/* The first token from k on past up to three titles that begin no name
 * (`Ms.`, `Gov.`, `Prime Minister`), stopping at lim. */
static size_t skip_titles(const qctx_t *c, size_t k, size_t lim) {
    size_t n = 0;
    while (k < lim && n < 3 && (c->tok[k].lex & NM_LX_TITLE) && c->ent_at[k] < 0) k++, n++;
    return k;
}

int nm_q_clause_subject(const qctx_t *c, size_t cu, spk_t *s) {
    size_t sb = c->sent[c->sent_of[cu]].begin, t, org = (size_t)-1, verb = 0;
    spk_t npsp = {0, 0, 0};
    int np;
    /* `The two will meet next week, Costa said, adding`: right after a
     * verb of speech and its comma, that verb's subject */
    if (cu >= sb + 3 && tok_ch(c, cu - 1, ',') && (c->tq[cu - 2] & TQ_CUE) &&
        is_lower_word(c, cu - 2) && !nm_q_is_participle(c, cu - 2) &&
        nm_q_subject_before(c, cu - 2, sb, 1, s))
        return 1;
    /* `Last month, when I asked Ruiz ..., she looked up and said`, `Asked
     * whether Berg would ..., Ruiz shook her head and said`: the main clause's
     * subject comes after the opening clause's comma */
    for (t = sb; t < cu && t < sb + 6; t++)
        if ((tok_in(c, t, subordinators) ||
             (t == sb && (opener_shape(c, t) || tok_in(c, t, prepositions)))) &&
            c->ent_at[t] < 0)
            break;
    if (t < cu && t < sb + 6) {
        size_t k, m;
        for (k = t + 1; k + 1 < cu; k++) {
            if (c->dq_of[k] >= 0) break;
            if (!tok_ch(c, k, ',')) continue;
            /* (titles before the name: `In her speech, a tribute to Tomas
             * Berg, Ms. Ruiz closed by urging`) */
            m = skip_titles(c, k + 1, cu - 1);
            if ((tok_in(c, k + 1, speech_pronouns) && !tok_is(c, k + 1, "it")) ||
                (c->ent_at[m] >= 0 && c->ent[c->ent_at[m]].label == NM_PERSON)) {
                sb = k + 1;
                break;
            }
        }
    }
    /* a noun phrase or a count of people opening the sentence, with its
     * verb (read once, used twice below) */
    np = nm_q_opening_np_subject(c, cu, &npsp, &verb) && verb < cu;
    /* `The president left no doubt of his support for Ana Ruiz, saying`: a
     * noun phrase opening the sentence is the subject, not a person named
     * later */
    if (np && sb == c->sent[c->sent_of[cu]].begin && tok_in(c, sb, noun_determiners)) {
        *s = npsp;
        return 1;
    }
    for (t = sb; t < cu && t < sb + 24; t++) {
        if (c->dq_of[t] >= 0) {
            t = c->dq[c->dq_of[t]].b;
            continue;
        }
        /* `even a top strategist said Ruiz will have to choose, saying`:
         * a verb of speech before; its subject speaks, the names after it
         * are what was said */
        if (t > sb && (c->tq[t] & TQ_CUE) && c->ent_at[t] < 0 && org == (size_t)-1 &&
            !nm_q_is_participle(c, t) && is_lower_word(c, t) &&
            !tok_in(c, t - 1, determiners) && nm_q_subject_before(c, t, sb, 1, s))
            return 1;
        if (c->ent_at[t] >= 0) {
            int lab = c->ent[c->ent_at[t]].label;
            if (lab == NM_PERSON) {
                nm_q_entity_tokens(c, t, s);
                return 1;
            }
            if (lab == NM_ORG && org == (size_t)-1) org = t;
            continue;
        }
        if (tok_in(c, t, speech_pronouns) && !tok_is(c, t, "it")) {
            s->ta = (uint32_t)t;
            s->tb = (uint32_t)t + 1;
            s->id = resolve_pronoun(c, t);
            return 1;
        }
    }
    if (org != (size_t)-1) {
        nm_q_entity_tokens(c, org, s);
        return 1;
    }
    /* `About 200 dockers gathered ..., chanting` */
    if (np) {
        *s = npsp;
        return 1;
    }
    /* `The harbour departments declined ..., saying ...`: a determiner and
     * up to three words opening the sentence, then a verb in -ed */
    if (tok_in(c, sb, noun_determiners) && c->ent_at[sb] < 0) {
        size_t k = sb + 1;
        while (k < cu && k <= sb + 3 && nm_q_is_np_word(c, k) && c->ent_at[k] < 0) {
            if (k > sb + 1 && is_lower_word(c, k) && c->tok[k].end - c->tok[k].start > 3 &&
                tok_ends(c, k, "ed"))
                break;
            k++;
        }
        if (k > sb + 1 && k < cu && is_lower_word(c, k) && c->tok[k].end - c->tok[k].start > 3 &&
            tok_ends(c, k, "ed") && is_generic_head(c, k - 1)) {
            s->ta = (uint32_t)sb;
            s->tb = (uint32_t)k;
            s->id = 0;
            return 1;
        }
    }
    return 0;
}

int nm_q_is_participle(const qctx_t *c, size_t t) {
    return c->tok[t].end - c->tok[t].start > 4 && tok_ends(c, t, "ing");
}

/* A short parenthesis after a name, `Ana Ruiz (D-Ohio)`: the token before
 * its opening bracket when j closes one, else j. */
static size_t skip_parens_back(const qctx_t *c, size_t j, size_t lo) {
    size_t k = j, n = 0;
    if (!tok_ch(c, j, ')')) return j;
    while (k > lo && n < 8) {
        k--, n++;
        if (tok_ch(c, k, '(')) return k > lo ? k - 1 : j;
        if (is_sent_punct(c, k) && !(c->tok[k].flags & NM_TF_ABBREV)) break;
    }
    return j;
}

/* The token after a short parenthesis that starts at t, else t. */
size_t nm_q_skip_parens_fwd(const qctx_t *c, size_t t) {
    size_t k, n = 0;
    if (!tok_ch(c, t, '(')) return t;
    for (k = t + 1; k < c->ntok && n < 8; k++, n++)
        if (tok_ch(c, k, ')')) return k + 1;
    return t;
}

/* A long appositive between a name and its cue: `Ana Ruiz, the head of a
 * firm that ..., which ..., said`. The name opens the sentence (or the span
 * after lo) and is followed by a comma, a bracket or a dash; no other cue
 * and no quotation mark lies between it and the cue (bounded look). */
static int appositive_subject(const qctx_t *c, size_t cu, size_t lo, spk_t *s) {
    size_t sb = c->sent[c->sent_of[cu]].begin, t, nx;
    if (sb < lo) sb = lo;
    if (cu > sb + 48) return 0;
    t = sb;
    if (tok_in(c, t, sentence_connectives)) t++;
    /* `Rep. Ana Ruiz (D-Va.), ranking member of ..., said`: titles first */
    for (nx = 0; nx < 3 && t + 1 < cu && c->ent_at[t] < 0 && (c->tok[t].lex & NM_LX_TITLE) &&
                 c->ent_at[t + 1] >= 0;
         nx++)
        t++;
    if (t >= cu || c->ent_at[t] < 0) {
        /* `A lawyer for the firm, Ana Ruiz, said`: a role phrase, then the name */
        size_t k;
        for (k = t; k < cu && k < t + 12; k++) {
            if (is_clause_punct(c, k)) break;
            if (c->tok[k].flags & NM_TF_QUOTE) return 0;
            if (c->ent_at[k] >= 0) {
                /* `The head of the Harbour League, Ana Ruiz, said`: the
                 * body or place the role belongs to is part of the phrase */
                spk_t b;
                if (!(k > t && (tok_is(c, k - 1, "the") || tok_in(c, k - 1, role_prepositions)) &&
                      c->ent[c->ent_at[k]].label != NM_PERSON))
                    break;
                nm_q_entity_tokens(c, k, &b);
                k = b.tb - 1;
            }
        }
        if (k >= cu || !tok_ch(c, k, ',') || k + 1 >= cu || c->ent_at[k + 1] < 0) return 0;
        t = k + 1;
    }
    if (c->ent_at[t] < 0 || !label_ok(c->ent[c->ent_at[t]].label)) return 0;
    nm_q_entity_tokens(c, t, s);
    if (s->ta != t) return 0;
    nx = nm_q_skip_parens_fwd(c, s->tb);
    if (nx >= cu || !(tok_ch(c, nx, ',') || (c->tok[nx].flags & NM_TF_DASH))) return 0;
    for (t = nx; t < cu; t++) {
        /* (a title in the phrase: `a contestant on the show "Harbour Nights,"`) */
        if (c->dq_of[t] >= 0 && c->dq[c->dq_of[t]].a == t && c->dq[c->dq_of[t]].kind == DQ_SCARE &&
            c->dq[c->dq_of[t]].b < cu) {
            t = c->dq[c->dq_of[t]].b;
            continue;
        }
        if ((c->tok[t].flags & NM_TF_QUOTE) || (c->tq[t] & TQ_CUE) ||
            (is_sent_punct(c, t) && !(c->tok[t].flags & NM_TF_ABBREV)))
            return 0;
    }
    return 1;
}

/* Does the phrase ending at token j (a name, or a noun with its
 * determiner) follow a preposition of recipient_prepositions? */
static int recipient_object(const qctx_t *c, size_t j, size_t lo) {
    spk_t np;
    if (c->ent_at[j] >= 0) {
        nm_q_entity_tokens(c, j, &np);
    } else {
        if (!nm_q_is_np_word(c, j) || !is_lower_word(c, j)) return 0;
        np_left(c, j, lo, &np);
    }
    return np.ta > lo && tok_in(c, np.ta - 1, recipient_prepositions) && c->ent_at[np.ta - 1] < 0;
}

/* Is the cue at cu plainly a verb: "say" in any form, or a cue followed by a
 * comma, a colon, a quotation mark or "that" (not `recent comments he made`,
 * `the most pledged delegates`)? */
static int verb_use(const qctx_t *c, size_t cu) {
    size_t n = cu + c->cue_len[cu];
    if (tok_in(c, cu, say_forms)) return 1;
    return n < c->ntok && (tok_ch(c, n, ',') || tok_ch(c, n, ':') || tok_is(c, n, "that") ||
                           (c->tok[n].flags & NM_TF_QUOTE));
}

/* Is token j in a name other than a person's that follows a preposition
 * (`speaking to Harbour Radio`)? */
static int object_entity(const qctx_t *c, size_t j, size_t lo) {
    spk_t e;
    if (c->ent_at[j] < 0 || c->ent[c->ent_at[j]].label == NM_PERSON) return 0;
    nm_q_entity_tokens(c, j, &e);
    return e.ta > lo && tok_in(c, e.ta - 1, prepositions);
}

/* The words before a cue end a modifier of its subject, not the subject:
 * `a port official who spoke anonymously to discuss the plans said`,
 * `another source speaking to Harbour Radio said`. Back from token j (the
 * word before the cue) to a relative pronoun or a participle; the role,
 * name or pronoun before it speaks. */
static int modifier_subject(const qctx_t *c, size_t j, size_t lo, spk_t *s) {
    size_t k, h;
    for (k = j; k > lo && j - k < 14; k--) {
        if ((c->tok[k].flags & NM_TF_QUOTE) || is_clause_punct(c, k) || c->dq_of[k] >= 0)
            return 0;
        if ((tok_in(c, k, relatives) || tok_is(c, k, "whose") || tok_is(c, k, "that") ||
             (nm_q_is_participle(c, k) && is_lower_word(c, k))) &&
            k < j) {
            h = k - 1;
            if (h <= lo || c->ent_at[k] >= 0) return 0;
            /* ("that" only after the noun opening the sentence: `The union
             * that represents them said`, not `told reporters that ...`) */
            if (tok_is(c, k, "that") && !(h == lo + 1 && tok_in(c, lo, determiners))) return 0;
            if (c->ent_at[h] >= 0 || tok_in(c, h, speech_pronouns) ||
                is_lower_lex(c, h, NM_LX_ROLE))
                return head_at(c, h, lo, 0, s);
            /* `The dockers whose jobs were cut say`: a plural noun of
             * people before a relative pronoun */
            if (!nm_q_is_participle(c, k) &&
                ((tok_ends(c, h, "s") && is_generic_head(c, h)) ||
                 is_lower_lex(c, h, NM_LX_ORGWORD)) &&
                h > lo && tok_in(c, h - 1, determiners)) {
                np_left(c, h, lo, s);
                return 1;
            }
            return 0;
        }
    }
    return 0;
}

/* Is token t a word for people in a group: `protesters`, `children`? */
static int group_noun(const qctx_t *c, size_t t) {
    return c->ent_at[t] < 0 && is_lower_word(c, t) &&
           (tok_in(c, t, crowd_nouns) || ((c->tok[t].lex & NM_LX_ROLE) && tok_ends(c, t, "s")));
}

/* A participle of shouting after the comma of a clause opened inside the
 * sentence by "when", "where" or "as", whose subject is people: `... when a
 * dozen protesters interrupted her speech, shouting "..."`, `... where about
 * 50 dockers had gathered, chanting "..."`: they shout the words, not the
 * sentence's subject (`Ruiz spoke as the crowd cheered, saying ...` is
 * Ruiz's). */
static int open_clause_subject(const qctx_t *c, size_t cu, size_t lo, spk_t *s) {
    size_t t, k, v;
    if (cu < lo + 3 || !tok_ch(c, cu - 1, ',') || !tok_in(c, cu, outcry_participles)) return 0;
    for (t = cu - 2; t > lo && cu - t < 20; t--) {
        if (is_clause_punct(c, t) || (c->tok[t].flags & NM_TF_QUOTE) || c->dq_of[t] >= 0) return 0;
        if (tok_in(c, t, inner_clause_openers) && c->ent_at[t] < 0) break;
    }
    if (t <= lo || cu - t >= 20) return 0;
    k = t + 1;
    /* a group noun within five words, then its verb */
    for (v = k; v < cu - 1 && v < k + 5; v++)
        if (group_noun(c, v)) break;
    if (v < cu - 1 && v < k + 5 && is_lower_word(c, v + 1) && !tok_in(c, v + 1, prepositions)) {
        np_left(c, v, k, s);
        return 1;
    }
    /* a person, then a verb */
    if (c->ent_at[k] >= 0 && c->ent[c->ent_at[k]].label == NM_PERSON) {
        nm_q_entity_tokens(c, k, s);
        return s->tb < cu - 1 && is_lower_word(c, s->tb) && !tok_in(c, s->tb, prepositions);
    }
    return 0;
}

/* Is token t a date word that may stand between a possessive and a noun:
 * a month, a weekday, a year (`her March comment`, `his 2013 remarks`)? */
static int date_modifier(const qctx_t *c, size_t t) {
    const nm_tok_t *k = &c->tok[t];
    size_t n = k->end - k->start;
    if (k->lex & (NM_LX_MONTH | NM_LX_WEEKDAY)) return 1;
    return n == 4 && (k->flags & NM_TF_NUMBER) && !(k->flags & NM_TF_ALPHA) &&
           (c->text[k->start] == '1' || c->text[k->start] == '2');
}

int nm_q_possessive_cue(const qctx_t *c, size_t cu, size_t lo, spk_t *s) {
    size_t k = cu, n = 0;
    if (!is_lower_word(c, cu) || nm_q_is_participle(c, cu)) return 0;
    while (k > lo + 1 && n < 2 && c->ent_at[k - 1] < 0 && !tok_in(c, k - 1, possessive_pronouns) &&
           (date_modifier(c, k - 1) ||
            (is_lower_word(c, k - 1) && !(c->tok[k - 1].lex & (NM_LX_FUNC | NM_LX_CUE)) &&
             !tok_in(c, k - 1, adverbs_aux))))
        k--, n++;
    if (k <= lo || !tok_in(c, k - 1, possessive_pronouns) || c->ent_at[k - 1] >= 0) return 0;
    s->ta = (uint32_t)k - 1;
    s->tb = (uint32_t)k;
    s->id = resolve_pronoun(c, k - 1);
    return 1;
}

/* The subject of the cue starting at token cu: "Ruiz said", "Ruiz, 52,
 * added", "a company spokeswoman later said". */
int nm_q_subject_before(const qctx_t *c, size_t cu, size_t lo, int generic, spk_t *s) {
    size_t j, skip = 0;
    if (cu <= lo) return 0;
    j = cu - 1;
    /* `a reporter can be heard asking`, `Ruiz was seen telling`: the
     * passive of a verb of perception before a participle cue */
    if (j > lo && nm_q_is_participle(c, cu) && tok_in(c, j, perceived) && c->ent_at[j] < 0 &&
        tok_in(c, j - 1, be_forms)) {
        j -= 2;
        while (j > lo && skip < 3 && tok_in(c, j, adverbs_aux) && c->ent_at[j] < 0) j--, skip++;
        skip = 0; /* (the subject right before: not a second verb) */
    }
    while (j > lo && skip < 3 && tok_in(c, j, adverbs_aux) && c->ent_at[j] < 0) j--, skip++;
    /* `he's said`: the clitic is "has" or "is", the pronoun speaks */
    if (j > lo && (c->tok[j].flags & NM_TF_POSS) && (c->tok[j - 1].lex & NM_LX_PRONOUN) &&
        tok_in(c, j - 1, speech_pronouns))
        j--, skip++;
    j = skip_parens_back(c, j, lo);
    if (tok_ch(c, j, ',') && nm_q_is_participle(c, cu))
        return open_clause_subject(c, cu, lo, s) || nm_q_clause_subject(c, cu, s);
    /* `said the deal was "fantastic," saying ...`: the comma inside the marks */
    if (nm_q_is_participle(c, cu) && c->dq_of[j] >= 0 && c->dq[c->dq_of[j]].b == j && j >= 2 &&
        (tok_ch(c, j - 1, ',') || tok_ch(c, j - 2, ',')))
        return nm_q_clause_subject(c, cu, s);
    /* `Ruiz offered the man a job, then says ...`: a second verb of the
     * sentence's subject */
    if (skip > 0 && tok_ch(c, j, ',') && tok_is(c, j + 1, "then") && c->ent_at[j + 1] < 0)
        return nm_q_clause_subject(c, cu, s);
    /* `Ana Ruiz, who said ...`, `the mayor who said ...`: the antecedent */
    if (j > lo && tok_in(c, j, relatives)) {
        size_t h = j - 1;
        if (tok_ch(c, h, ',') && h > lo) h--;
        return head_at(c, skip_parens_back(c, h, lo), lo, generic, s);
    }
    /* `Mayor Ana Ruiz, whose office said ...`: the noun after "whose"
     * speaks for the antecedent (its id when a named entity) */
    if (j > lo + 1 && tok_is(c, j - 1, "whose") && is_lower_word(c, j) && c->ent_at[j] < 0 &&
        is_generic_head(c, j)) {
        size_t h = j - 2;
        if (tok_ch(c, h, ',') && h > lo) h--;
        s->ta = (uint32_t)j - 1;
        s->tb = (uint32_t)j + 1;
        s->id = c->ent_at[h] >= 0 ? c->ent[c->ent_at[h]].id : 0;
        return 1;
    }
    /* a second verb of the subject: `Ruiz thanked the crews and said ...` */
    if (j > lo && tok_in(c, j, verb_conjunctions) && !nm_q_is_participle(c, cu))
        return nm_q_clause_subject(c, cu, s);
    /* `a win that led her to declare ...`, `Ruiz urged Tomas Berg to say
     * ...`: a person right before "to" is the one who speaks */
    if (skip == 0 && j > lo && tok_is(c, j, "to")) {
        size_t o = j - 1;
        if (tok_in(c, o, object_pronouns) && c->ent_at[o] < 0) {
            s->ta = (uint32_t)o;
            s->tb = (uint32_t)o + 1;
            s->id = resolve_pronoun(c, o);
            return 1;
        }
        if (c->ent_at[o] >= 0 && c->ent[c->ent_at[o]].label == NM_PERSON) {
            nm_q_entity_tokens(c, o, s);
            return 1;
        }
    }
    /* `Ruiz went on to say ...`, `Ruiz was prompted to say ...`: the
     * subject of the clause */
    if (skip == 0 && j > lo && tok_is(c, j, "to") && nm_q_clause_subject(c, cu, s)) return 1;
    /* `about 50 dockers chanting "..."`, `children yelling "..."`: a group
     * right before the participle shouts the words, not the sentence's
     * subject */
    if (nm_q_is_participle(c, cu) && skip == 0 && j > lo && group_noun(c, j)) {
        spk_t g;
        np_left(c, j, lo, &g);
        /* (`a memo to employees explaining`: the group received the words) */
        if (!(g.ta > lo && tok_in(c, g.ta - 1, prepositions))) {
            *s = g;
            return 1;
        }
    }
    /* `Ruiz issued a statement saying ...`: the thing that carries the
     * words does not speak, the subject of the clause does */
    if (nm_q_is_participle(c, cu) && skip == 0 && tok_in(c, j, carrier_nouns) &&
        c->ent_at[j] < 0) {
        size_t d = j, v;
        if (nm_q_clause_subject(c, cu, s)) return 1;
        /* `His office put out a statement saying`: else the subject of the
         * verb before the carrier and its determiner */
        while (d > lo && j - d < 3 && !tok_in(c, d, determiners) && is_lower_word(c, d - 1)) d--;
        if (d > lo + 1 && tok_in(c, d, determiners)) {
            v = d - 1;
            if (v > lo + 1 && tok_in(c, v, particles)) v--;
            if (is_lower_word(c, v) && !(c->tok[v].lex & NM_LX_FUNC) &&
                nm_q_subject_before(c, v, lo, generic, s))
                return 1;
        }
    }
    /* `Ruiz replied on Facebook writing ...`, `an email to supporters
     * stating ...`: the object of a preposition before a participle cue
     * received the words; the subject of the clause speaks */
    if (nm_q_is_participle(c, cu) && skip == 0 && j > lo && !tok_ch(c, j, ',') &&
        recipient_object(c, j, lo) && nm_q_clause_subject(c, cu, s))
        return 1;
    /* `Ruiz angered farmers by saying ...`, `after telling reporters ...` */
    if (nm_q_is_participle(c, cu) && skip == 0 &&
        tok_in(c, j, participle_prepositions))
        return nm_q_clause_subject(c, cu, s);
    if ((tok_ch(c, j, ',') || (c->tok[j].flags & NM_TF_DASH)) && j > lo) {
        /* appositive: back to the previous comma */
        size_t k = j - 1, n = 0;
        spk_t a;
        /* `Sen. Ana Ruiz, facing a hard race in Lisbon, a port town, said`:
         * the person opening the sentence speaks, not a name in the phrase */
        if (tok_ch(c, j, ',') && appositive_subject(c, cu, lo, &a) &&
            c->ent[c->ent_at[a.ta]].label == NM_PERSON) {
            *s = a;
            return 1;
        }
        if (tok_ch(c, j, ',')) {
            while (k > lo && n < 16 && !tok_ch(c, k, ',') && !(c->tok[k].flags & NM_TF_QUOTE) &&
                   !is_sent_punct(c, k))
                k--, n++;
            if (k > lo && tok_ch(c, k, ',') &&
                head_at(c, skip_parens_back(c, k - 1, lo), lo, generic, s)) {
                /* `Its leader, Marta Soares, warned`: a phrase without a name,
                 * then a name between the commas: the name speaks */
                /* `The Foreign Minister of Poland, Ana Ruiz, told`: a person
                 * between the commas speaks, not the place of the phrase */
                /* `..., Gov. Ana Ruiz (D-Ohio), said`: titles before the
                 * name and a party label after it */
                size_t nb = skip_titles(c, k + 1, j - 1);
                if (c->ent_at[nb] >= 0 && label_ok(c->ent[c->ent_at[nb]].label) &&
                    (s->id == 0 || (c->ent[c->ent_at[nb]].label == NM_PERSON &&
                                    (c->ent_at[s->ta] < 0 ||
                                     c->ent[c->ent_at[s->ta]].label != NM_PERSON)))) {
                    spk_t e;
                    nm_q_entity_tokens(c, nb, &e);
                    if (e.ta == nb && (e.tb == j || nm_q_skip_parens_fwd(c, e.tb) == j)) {
                        *s = e;
                        nm_q_first_of_pair(c, lo, s);
                    }
                }
                return 1;
            }
        }
        if ((c->tok[j].flags & NM_TF_DASH) && !appositive_subject(c, cu, lo, s)) {
            /* `The justice -- who had ... -- said`: back to the first dash */
            k = j - 1;
            n = 0;
            while (k > lo && n < 30 && !(c->tok[k].flags & (NM_TF_DASH | NM_TF_QUOTE)) &&
                   !(is_sent_punct(c, k) && !(c->tok[k].flags & NM_TF_ABBREV)))
                k--, n++;
            return k > lo && k + 1 < j && (c->tok[k].flags & NM_TF_DASH) &&
                   head_at(c, k - 1, lo, generic, s);
        }
        return appositive_subject(c, cu, lo, s);
    }
    if (((c->ent_at[j] < 0 && !tok_in(c, j, speech_pronouns)) || object_entity(c, j, lo)) &&
        verb_use(c, cu) && modifier_subject(c, j, lo, s))
        return 1;
    if (setting_subject(c, j, lo, generic, s)) return 1;
    return head_at(c, j, lo, generic, s);
}

/* Is token t in a name that may modify a noun or a name after it: a
 * nationality or party, a place, a `Lisbon-based` word? */
static int modifier_name(const qctx_t *c, size_t t) {
    int lab;
    if (c->ent_at[t] < 0) return 0;
    lab = c->ent[c->ent_at[t]].label;
    return lab == NM_NORP || lab == NM_MISC || lab == NM_GPE || lab == NM_LOC;
}

/* The speaker after the cue ending at token j: "said Ruiz", "said the
 * minister", "said a spokeswoman, Ana Ruiz". */
int nm_q_speaker_after(const qctx_t *c, size_t j, size_t hi, spk_t *s) {
    size_t n = 0, k, head = (size_t)-1;
    /* after "according to" a source always follows: a document, a law, a
     * poll's results, a name of any kind */
    int according = j >= 2 && tok_is(c, j - 2, "according") && tok_is(c, j - 1, "to");
    if (j > 0 && tok_in(c, j - 1, addressee_verbs)) return 0; /* `told Harbour Radio` */
    while (j < hi && n < 3 && (c->tok[j].lex & NM_LX_TITLE) &&
           (c->ent_at[j] < 0 || ((c->tok[j].flags & NM_TF_ABBREV) && j + 1 == hi)))
        j++, n++;
    /* a title abbreviation the sentence splitter took for a sentence end:
     * `said Del. Ana Ruiz` */
    if (n && j == hi && j < c->ntok && (c->tok[j - 1].flags & NM_TF_ABBREV)) {
        hi = c->sent[c->sent_of[j]].end;
        if (hi > c->ntok) hi = c->ntok;
    }
    if (j < hi && c->ent_at[j] < 0 && (c->tok[j].flags & NM_TF_UPPER) &&
        (c->tok[j].flags & NM_TF_ALPHA) && !(c->tok[j].lex & NM_LX_FUNC)) {
        /* `said State Senator Ana Ruiz`, `said Deputy Harbour Master Tomas
         * Berg`: capitalized words with a title among them, then the person */
        size_t k2 = j, nt = 0;
        int title = 0;
        while (k2 < hi && nt < 4 && c->ent_at[k2] < 0 && (c->tok[k2].flags & NM_TF_UPPER) &&
               (c->tok[k2].flags & NM_TF_ALPHA) && !(c->tok[k2].lex & NM_LX_FUNC)) {
            if (c->tok[k2].lex & (NM_LX_TITLE | NM_LX_ROLE)) title = 1;
            k2++, nt++;
        }
        if (title && k2 < hi && c->ent_at[k2] >= 0 && c->ent[c->ent_at[k2]].label == NM_PERSON)
            j = k2;
    }
    if (j >= hi) return 0;
    /* content or an addressee, never a speaker: `saying that ...`, `told me` */
    if (tok_in(c, j, object_words) && !(according && tok_in(c, j, determiners))) return 0;
    if (tok_in(c, j, indefinites)) return 0; /* `..., said nothing.` */
    if (c->ent_at[j] >= 0) {
        int lab = c->ent[c->ent_at[j]].label;
        spk_t e;
        if (according && lab == NM_MISC) {
            nm_q_entity_tokens(c, j, s);
            s->id = 0;
            return 1;
        }
        /* `according to Statista` (tagged a place): any name is the source */
        if (according && !label_ok(lab) && lab != NM_DATE && lab != NM_TIME &&
            lab != NM_MONEY && lab != NM_PERCENT) {
            nm_q_entity_tokens(c, j, s);
            return 1;
        }
        if (!label_ok(lab) && lab != NM_MISC) return 0;
        nm_q_entity_tokens(c, j, &e);
        /* `said Ruiz would win`: the subject of what was said */
        if (!according && e.tb < hi && tok_in(c, e.tb, finite_auxiliaries)) return 0;
        /* `said Polish President Ana Ruiz`, `said Fed Chair Tomas Berg`,
         * `said Democratic pollster Ana Ruiz`: a nationality, place, body or
         * party word, then up to four titles, roles or nouns, then the person
         * speaks */
        if (lab != NM_PERSON) {
            size_t k2 = e.tb, nt = 0;
            for (;;) {
                spk_t m;
                /* (`said Lisbon-based Republican strategist Ana Ruiz`: a
                 * second modifying name) */
                if (k2 < hi && nt < 4 && modifier_name(c, k2)) {
                    nm_q_entity_tokens(c, k2, &m);
                    if (m.ta != k2 || m.tb >= hi) break;
                    k2 = m.tb, nt++;
                    continue;
                }
                if (!(k2 < hi && nt < 4 && c->ent_at[k2] < 0 &&
                      ((c->tok[k2].lex & (NM_LX_TITLE | NM_LX_ROLE)) ||
                       (is_lower_word(c, k2) && !(c->tok[k2].lex & (NM_LX_FUNC | NM_LX_CUE))) ||
                       ((c->tok[k2].flags & NM_TF_UPPER) && !(c->tok[k2].lex & NM_LX_FUNC) &&
                        (c->tok[k2].flags & NM_TF_ALPHA)))))
                    break;
                k2++, nt++;
            }
            if (nt && k2 < hi && c->ent_at[k2] >= 0 && c->ent[c->ent_at[k2]].label == NM_PERSON)
                nm_q_entity_tokens(c, k2, &e);
            else if (!label_ok(lab))
                return 0; /* a party word alone (`said Democratic`) never speaks */
        }
        *s = e;
        return 1;
    }
    if (tok_in(c, j, speech_pronouns)) {
        /* `said they would win`: the subject of what was said, not an
         * inverted speaker (`said he.`, `said she in a statement`) */
        if (!according && j + 1 < hi && is_lower_word(c, j + 1) && !tok_in(c, j + 1, prepositions))
            return 0;
        s->ta = (uint32_t)j;
        s->tb = (uint32_t)j + 1;
        s->id = resolve_pronoun(c, j);
        return 1;
    }
    if (c->tok[j].flags & NM_TF_PUNCT) return 0;
    if (tok_in(c, j, prepositions) || tok_in(c, j, adverbs_aux)) return 0;
    if (is_lower_word(c, j) && !tok_in(c, j, determiners) && !(c->tok[j].lex & NM_LX_ROLE) &&
        !according && tok_ends(c, j, "ly"))
        return 0;
    /* a noun phrase: its role noun, else its last word before punctuation */
    /* `according to the "Harbour Report,"`: a determiner, then a quoted title */
    if (tok_in(c, j, determiners) && j + 1 < hi && (c->tok[j + 1].flags & NM_TF_QUOTE) &&
        c->dq_of[j + 1] >= 0 && c->dq[c->dq_of[j + 1]].a == j + 1 &&
        c->dq[c->dq_of[j + 1]].kind == DQ_SCARE && c->dq[c->dq_of[j + 1]].b < hi) {
        s->ta = (uint32_t)j;
        s->tb = (uint32_t)c->dq[c->dq_of[j + 1]].b + 1;
        s->id = 0;
        return 1;
    }
    for (k = j; k < hi && k < j + 7; k++) {
        if (c->tok[k].flags & (NM_TF_PUNCT | NM_TF_QUOTE)) break;
        if (tok_in(c, k, prepositions)) break;
        if (k > j && tok_is(c, k, "out")) break; /* `a poll out Thursday` */
        if (k > j && tok_in(c, k, relatives)) break; /* `a spokesman who has` */
        /* `said the race would be won`: a clause, what was said */
        if (k > j && !according && tok_in(c, k, finite_auxiliaries)) return 0;
        if (c->tok[k].lex & NM_LX_CUE) {
            /* `according to the report`, `according to state law`: a cue word
             * ending the phrase is its head noun */
            if (according && k == j && k + 1 < hi && is_lower_word(c, k + 1) &&
                !(c->tok[k + 1].lex & (NM_LX_CUE | NM_LX_FUNC)))
                continue; /* a modifier: `state law` */
            if (according && k > j &&
                (k + 1 >= hi || (c->tok[k + 1].flags & NM_TF_PUNCT) ||
                 tok_in(c, k + 1, prepositions)))
                head = k++;
            break;
        }
        if (c->ent_at[k] >= 0) {
            /* `said a Lisbon-based strategist, Ana Ruiz`: a name modifying
             * the noun after it */
            if (k > j && modifier_name(c, k)) {
                spk_t m;
                nm_q_entity_tokens(c, k, &m);
                if (m.ta == k && m.tb < hi && is_lower_word(c, m.tb)) {
                    k = m.tb - 1;
                    continue;
                }
            }
            if (!label_ok(c->ent[c->ent_at[k]].label)) break;
            /* a name after a determiner or a role: "the Ministry of Finance",
             * "the bank's chief economist Ana Ruiz": the whole name, its id */
            nm_q_entity_tokens(c, k, s);
            s->ta = (uint32_t)j;
            if (according && s->tb < hi && tok_in(c, s->tb, document_nouns)) s->tb++;
            return 1;
        }
        if (c->tok[k].lex & NM_LX_ROLE) head = k;
    }
    if (head == (size_t)-1) {
        if (k == j) return 0;
        head = k - 1;
        if (!(c->tok[head].flags & NM_TF_ALPHA)) return 0;
    }
    /* `according to an analysis by the Pew Center`, `according to audio
     * provided by Harbour Radio`: the named source of the document speaks */
    if (according && k + 1 < hi && (tok_is(c, k, "by") || tok_is(c, k, "from"))) {
        size_t e = k + 1;
        if (tok_in(c, e, determiners) && e + 1 < hi) e++;
        if (c->ent_at[e] >= 0 && label_ok(c->ent[c->ent_at[e]].label)) {
            nm_q_entity_tokens(c, e, s);
            return 1;
        }
    }
    /* "the party's leader, Ana Ruiz" */
    if (head + 2 < hi && tok_ch(c, head + 1, ',') && c->ent_at[head + 2] >= 0 &&
        c->ent[c->ent_at[head + 2]].label == NM_PERSON) {
        nm_q_entity_tokens(c, head + 2, s);
        return 1;
    }
    s->ta = (uint32_t)j;
    s->tb = (uint32_t)head + 1;
    s->id = 0;
    return 1;
}


/* A word that opens a phrase before the subject: an adverb in -ly
 * (`Immediately after the vote, ...`) or a participle (`Asked about the
 * pier, ...`, `Speaking in Porto, ...`). */
static int opener_shape(const qctx_t *c, size_t k) {
    const nm_tok_t *w = &c->tok[k];
    if (!(w->flags & NM_TF_ALPHA) || w->end - w->start < 5 || (w->lex & (NM_LX_FUNC | NM_LX_PRONOUN)))
        return 0;
    return tok_ends(c, k, "ly") || tok_ends(c, k, "ed") || tok_ends(c, k, "ing");
}

/* The subject opening the sentence of token t: after a connective and titles,
 * a named person or organization, or a pronoun other than "it", followed by
 * a lower-case word (its verb): `Mr. Christie gloated`, `He then listed`. */
int nm_q_opening_subject(const qctx_t *c, size_t t, spk_t *s) {
    size_t verb;
    return nm_q_opening_subject_verb(c, t, s, &verb);
}

/* Does the sentence of token t open inside a quotation that closes before
 * t (`"... She lied to me," Ruiz said, "..."`)? Its opening words are then
 * the quotation's, not a subject of t's clause. */
static int opens_in_quote(const qctx_t *c, size_t sb, size_t t) {
    return c->dq_of[sb] >= 0 && c->dq[c->dq_of[sb]].b < t;
}

/* Does a date or time open the sentence at token k, then a comma, before
 * token t (`The next day,`, `On Monday,`)? */
static size_t date_opener(const qctx_t *c, size_t k, size_t t) {
    spk_t d;
    int lab;
    if (k < t && c->ent_at[k] < 0 && tok_in(c, k, prepositions) && k + 1 < t) k++;
    if (k >= t || c->ent_at[k] < 0) return 0;
    lab = c->ent[c->ent_at[k]].label;
    if (lab != NM_DATE && lab != NM_TIME) return 0;
    nm_q_entity_tokens(c, k, &d);
    return d.ta == k && d.tb + 1 < t && tok_ch(c, d.tb, ',') ? d.tb + 1 : 0;
}

/* Is v "has", "have" or "had" as a verb of its own, with an object after
 * it (a determiner, or a modifier and its noun: `had harsh words for`), in
 * a clause that a colon at t (or before the mark at t) ends? */
static int has_object_before_colon(const qctx_t *c, size_t v, size_t t) {
    size_t o = v + 1;
    if (o >= t || !tok_in(c, v, perfect_auxiliaries) || c->ent_at[o] >= 0 ||
        !(tok_ch(c, t, ':') || (t > 0 && tok_ch(c, t - 1, ':'))))
        return 0;
    if (tok_in(c, o, determiners) || tok_in(c, o, demonstratives)) return 1;
    /* (not a participle or an adverb: `had long argued:`, `had been`) */
    return o + 2 < t && is_lower_word(c, o) && is_lower_word(c, o + 1) &&
           !(c->tok[o].lex & (NM_LX_FUNC | NM_LX_CUE)) && !tok_ends(c, o, "ed") &&
           !tok_ends(c, o, "en") && !tok_ends(c, o, "ly") && !tok_in(c, o, irregular_pasts) &&
           !tok_in(c, o, adverbs_aux) && !tok_in(c, o, be_forms) &&
           !(c->tok[o + 1].lex & NM_LX_FUNC);
}

/* Past a connective opening a sentence at k ("But", "And", "Meanwhile"). */
size_t nm_q_skip_connective(const qctx_t *c, size_t k) {
    return tok_in(c, k, sentence_connectives) && c->ent_at[k] < 0 ? k + 1 : k;
}

/* Past a "the" at k before a name (before t) with a label in labels, a mask
 * of 1 << nm_label_t: `The Harbour League`. */
size_t nm_q_skip_the(const qctx_t *c, size_t k, size_t t, unsigned labels) {
    if (k + 1 < t && tok_is(c, k, "the") && c->ent_at[k] < 0 && c->ent_at[k + 1] >= 0 &&
        (labels & (1u << c->ent[c->ent_at[k + 1]].label)))
        return k + 1;
    return k;
}

/* nm_q_opening_subject, and *verb: the token of its verb. */
int nm_q_opening_subject_verb(const qctx_t *c, size_t t, spk_t *s, size_t *verb) {
    size_t sb = c->sent[c->sent_of[t]].begin, k = sb, nt, nx;
    if (opens_in_quote(c, sb, t)) return 0;
    k = nm_q_skip_connective(c, k);
    if ((nx = date_opener(c, k, t)) != 0) {
        /* `The next day, her account posted:` after a date and its comma */
        k = nx;
    } else if ((tok_in(c, k, subordinators) || tok_in(c, k, prepositions) ||
                tok_in(c, k, opening_prepositions) || opener_shape(c, k)) &&
               c->ent_at[k] < 0) {
        /* `When Wallace died, President Clinton released ...:` after the
         * opening clause or phrase */
        while (k < t && !tok_ch(c, k, ',') && !(c->tok[k].flags & NM_TF_QUOTE)) k++;
        if (k >= t || !tok_ch(c, k, ',')) return 0;
        k++;
        /* `In her speech, a tribute to Tomas Berg, Ms. Ruiz decried ...`:
         * over a phrase in apposition to the opening one, up to a comma
         * before a person or a pronoun */
        if (tok_in(c, k, determiners) && c->ent_at[k] < 0) {
            size_t e = k + 1, m;
            while (e < t && e < k + 12 && !tok_ch(c, e, ',') && !(c->tok[e].flags & NM_TF_QUOTE) &&
                   !(c->tq[e] & TQ_CUE) && !is_sent_punct(c, e))
                e++;
            m = skip_titles(c, e + 1, t);
            if (e < t && tok_ch(c, e, ',') && m < t &&
                ((c->ent_at[m] >= 0 && c->ent[c->ent_at[m]].label == NM_PERSON) ||
                 (m == e + 1 && tok_in(c, m, speech_pronouns) && !tok_is(c, m, "it"))))
                k = e + 1;
        }
    }
    /* `The Harbour Foundation describes itself ...:` (an organization's
     * name after "the") */
    k = nm_q_skip_the(c, k, t, 1u << NM_ORG);
    nt = skip_titles(c, k, t) - k;
    k += nt;
    if (k >= t) return 0;
    if (c->ent_at[k] < 0 || c->ent[c->ent_at[k]].label == NM_NORP) {
        /* `port director Ana Ruiz`, `Republican presidential nominee Ana
         * Ruiz`: up to four words before a person, the last a role noun
         * (after a determiner: `Her colleague Rui Alves`) */
        size_t k1 = k + (tok_in(c, k, determiners) && nt == 0), m = k1;
        while (m < t && m < k1 + 4 && nm_q_is_np_word(c, m) && !(c->tok[m].lex & NM_LX_FUNC) &&
               (c->ent_at[m] < 0 || c->ent[c->ent_at[m]].label == NM_NORP))
            m++;
        if (m > k1 && m < t && c->ent_at[m] >= 0 && c->ent[c->ent_at[m]].label == NM_PERSON &&
            is_lower_lex(c, m - 1, NM_LX_ROLE))
            k = m;
    }
    if (c->ent_at[k] >= 0) {
        int lab = c->ent[c->ent_at[k]].label;
        if (lab != NM_PERSON && lab != NM_ORG) return 0;
        nm_q_entity_tokens(c, k, s);
        if (s->ta != k) return 0;
    } else if (tok_in(c, k, speech_pronouns) && !tok_is(c, k, "it") && nt == 0) {
        s->ta = (uint32_t)k;
        s->tb = (uint32_t)k + 1;
        s->id = resolve_pronoun(c, k);
    } else {
        return 0;
    }
    nx = s->tb;
    /* `Ruiz, who runs the port, mocked ...`: over an appositive or a
     * relative clause between commas */
    if (nx < t && tok_ch(c, nx, ',') && c->ent_at[s->ta] >= 0) {
        size_t e = nx + 1, n = 0, after = 0;
        /* (an aside may open on a participle cue: `Reyes, asked about it,
         * was blunt:`) */
        while (e < t && n < 16 && !tok_ch(c, e, ',') &&
               (!(c->tq[e] & TQ_CUE) || (e == nx + 1 && tok_ends(c, e, "ed"))) &&
               !is_sent_punct(c, e)) {
            if (c->tok[e].flags & NM_TF_QUOTE) {
                /* a short title inside (`Ruiz, the host of "Harbour
                 * Nights," listed ...`): over it; a comma that closes it
                 * closes the appositive */
                const dq_t *d = c->dq_of[e] >= 0 ? &c->dq[c->dq_of[e]] : NULL;
                if (!d || d->a != e || d->b >= e + 8 || d->b + 1 >= t || (d->flags & NM_QF_UNCLOSED))
                    break;
                e = d->b;
                if (tok_ch(c, e - 1, ',')) {
                    after = e + 1;
                    break;
                }
            }
            e++, n++;
        }
        if (after) nx = after;
        else if (e < t && tok_ch(c, e, ',') && e > nx + 1) nx = e + 1;
    }
    while (nx < t && c->ent_at[nx] < 0 &&
           (tok_in(c, nx, adverbs_aux) ||
            /* `Ruiz has since apologized` */
            (tok_is(c, nx, "since") && nx > 0 && tok_in(c, nx - 1, adverbs_aux))))
        nx++;
    /* `Ruiz had a simple message for the crews: "..."`: "had" and its
     * object before the colon are the clause's verb, not an auxiliary */
    if (nx < t && nx > s->tb && has_object_before_colon(c, nx - 1, t)) {
        *verb = nx - 1;
        return 1;
    }
    *verb = nx;
    return nx < t && is_lower_word(c, nx) && !(c->tok[nx].flags & NM_TF_POSS) &&
           !(c->tok[nx].lex & NM_LX_FUNC);
}

/* Does token v read as a finite verb: a lower-case word in -ed (1) or -s,
 * not -ss (2), not a function word? 0: no. */
int nm_q_finite_verb_shape(const qctx_t *c, size_t v) {
    const nm_tok_t *k = &c->tok[v];
    if (!is_lower_word(c, v) || k->end - k->start < 3 || (k->lex & (NM_LX_FUNC | NM_LX_PRONOUN)) ||
        (k->flags & NM_TF_POSS) || tok_in(c, v, determiners) || tok_in(c, v, prepositions) ||
        tok_in(c, v, adverbs_aux))
        return 0;
    if (tok_ends(c, v, "ed") || tok_in(c, v, irregular_pasts)) return 1;
    return tok_ends(c, v, "s") && !tok_ends(c, v, "ss") && !tok_ends(c, v, "'s") ? 2 : 0;
}

/* A noun phrase opening the sentence of token t as its subject, then its
 * verb: a determiner and up to four words, the last a noun or a name, then a
 * word in -ed or -s (`The agency declined to give ...`, `Her campaign
 * posted:`, `The Rove ad hits ...`). The phrase in s, the verb in *verb. */
int nm_q_opening_np_subject(const qctx_t *c, size_t t, spk_t *s, size_t *verb) {
    size_t k = c->sent[c->sent_of[t]].begin, k0, v, n = 0, aux = 0, aside = 0;
    int count = 0, have = 0;
    if (opens_in_quote(c, k, t)) return 0;
    k = nm_q_skip_connective(c, k);
    if ((v = date_opener(c, k, t)) != 0) {
        k = v; /* `The next day, her account posted:` */
    } else if ((tok_in(c, k, opening_prepositions) || tok_in(c, k, prepositions)) && c->ent_at[k] < 0 &&
        !(k + 1 < t && tok_in(c, k, approx_words) &&
          ((c->tok[k + 1].flags & NM_TF_NUMBER) || (c->tok[k + 1].lex & NM_LX_NUMWORD)))) {
        /* `Outside the town hall, about 200 dockers gathered`: after an
         * opening phrase of up to eight words and its comma */
        size_t e = k + 1;
        while (e < t && e < k + 9 && !tok_ch(c, e, ',') && !(c->tok[e].flags & NM_TF_QUOTE)) e++;
        if (e >= t || !tok_ch(c, e, ',')) return 0;
        k = e + 1;
    }
    k0 = k;
    if (k < t && c->ent_at[k] < 0) {
        /* a count of people: `About 200 dockers gathered ...`, `Hundreds of
         * fishermen marched ...` (k ends on the number or on "of") */
        size_t q = k;
        if (tok_in(c, q, approx_words)) q++;
        else if (q + 1 < t && (tok_is(c, q, "more") || tok_is(c, q, "fewer")) &&
                 tok_is(c, q + 1, "than"))
            q += 2;
        else if (q + 1 < t && tok_is(c, q, "at") &&
                 (tok_is(c, q + 1, "least") || tok_is(c, q + 1, "most")))
            q += 2;
        if (q + 1 < t && tok_in(c, q, count_nouns) && tok_is(c, q + 1, "of"))
            k = q + 1, count = 1;
        else if (q < t && c->ent_at[q] < 0 &&
                 (((c->tok[q].flags & NM_TF_NUMBER) && !(c->tok[q].flags & NM_TF_ALPHA)) ||
                  (c->tok[q].lex & NM_LX_NUMWORD)))
            k = q, count = 1;
    }
    if (!count && (k >= t || !tok_in(c, k, determiners) || c->ent_at[k] >= 0)) return 0;
    for (v = k + 1; v < t && n < 4; v++, n++) {
        /* `The ferry crews worked ...`: a plural noun before the verb */
        int shape = nm_q_finite_verb_shape(c, v);
        if (v > k + 1 && shape &&
            !(shape == 2 && v + 1 < t && nm_q_finite_verb_shape(c, v + 1) == 1))
            break;
        /* `The senators have mocked ...`: an auxiliary, then the verb */
        if (v > k + 1 && v + 1 < t && tok_in(c, v, perfect_auxiliaries) &&
            nm_q_finite_verb_shape(c, v + 1) == 1) {
            aux = 1;
            break;
        }
        /* `The port chief had a simple message for the crews: "..."` */
        if (v > k + 1 && v + 1 < t && has_object_before_colon(c, v, t)) {
            have = 1;
            break;
        }
        /* `The campaign quickly sent ...`: an adverb, then the verb */
        if (v > k + 1 && v + 1 < t && tok_in(c, v, adverbs_aux) &&
            !tok_in(c, v, finite_auxiliaries) && !tok_in(c, v, be_forms) &&
            !tok_in(c, v, negations) && nm_q_finite_verb_shape(c, v + 1)) {
            aux = 1;
            break;
        }
        /* `The port authority, in a statement, called ...`: a phrase of a
         * preposition between commas, then the verb */
        if (v > k + 1 && tok_ch(c, v, ',') && v + 2 < t && tok_in(c, v + 1, prepositions)) {
            size_t e = v + 2;
            while (e < t && e < v + 12 && !tok_ch(c, e, ',') && !(c->tok[e].flags & NM_TF_QUOTE))
                e++;
            if (e + 1 < t && tok_ch(c, e, ',') && nm_q_finite_verb_shape(c, e + 1)) {
                aside = e + 1 - v;
                break;
            }
        }
        if (!nm_q_is_np_word(c, v) || tok_in(c, v, determiners)) return 0;
    }
    if (v >= t || v == k + 1 ||
        !(aux || have || aside || nm_q_finite_verb_shape(c, v)) ||
        !head_at(c, v - 1, k, 1, s) ||
        (s->ta != k && !count))
        return 0;
    if (count) s->ta = (uint32_t)k0, s->id = 0;
    /* (the participle after "have", the verb after the adverb or the aside) */
    *verb = v + aux + aside;
    return 1;
}
