/* test_quotes.c - quotes, speakers and cues through the public API.
 * Every sentence here was written for these tests. */
#include "check.h"
#include "internal.h"
#include "newsmark.h"

#include <stdlib.h>

static nm_model_t *model;
static nm_result_t *res;

static const nm_quote_t *analyze(const char *text, size_t *n) {
    int rc = nm_analyze(model, text, strlen(text), NM_AN_ALL, res);
    CHECK_INT(rc, NM_OK);
    return nm_result_quotes(res, n);
}

/* The quote whose text is exactly `want`, or NULL. */
static const nm_quote_t *find_quote(const char *text, const char *want) {
    size_t n, i, wl = strlen(want);
    const nm_quote_t *q = nm_result_quotes(res, &n);
    for (i = 0; i < n; i++)
        if (q[i].end - q[i].start == wl && memcmp(text + q[i].start, want, wl) == 0) return &q[i];
    fprintf(stderr, "no quote \"%s\"; quotes found:\n", want);
    for (i = 0; i < n; i++)
        fprintf(stderr, "  [%s] \"%.*s\"\n", nm_quote_type_name(q[i].type),
                (int)(q[i].end - q[i].start), text + q[i].start);
    return NULL;
}

/* Entity id of the mention whose text is `mention` (first one), 0 when none. */
static int entity_id(const char *text, const char *mention) {
    size_t n, i, ml = strlen(mention);
    const nm_entity_t *e = nm_result_entities(res, &n);
    for (i = 0; i < n; i++)
        if (e[i].end - e[i].start == ml && memcmp(text + e[i].start, mention, ml) == 0)
            return e[i].id;
    fprintf(stderr, "no entity \"%s\"\n", mention);
    return -1;
}

/* Check one quote: type, speaker text, speaker id (id_of: mention whose id
 * the speaker must carry, "" for id 0, NULL to skip), cue text ("" = none). */
static const nm_quote_t *check_quote(const char *text, const char *qtext, int type,
                                     const char *speaker, const char *id_of, const char *cue) {
    const nm_quote_t *q = find_quote(text, qtext);
    CHECK(q != NULL);
    if (!q) return NULL;
    CHECK_INT(q->type, type);
    if (speaker) CHECK_SPAN(text, q->speaker.start, q->speaker.end, speaker);
    if (id_of) CHECK_INT(q->speaker_id, *id_of ? entity_id(text, id_of) : 0);
    if (cue) CHECK_SPAN(text, q->cue.start, q->cue.end, cue);
    return q;
}

/* Check a quote of several parts: the quote that starts with parts[0] has
 * exactly the parts listed (NULL-terminated), runs from the first part's
 * start to the last part's end, and has the type, speaker and cue given (as
 * in check_quote). */
static const nm_quote_t *check_parts(const char *text, const char *const *parts, int type,
                                     const char *speaker, const char *id_of, const char *cue) {
    size_t n, i, k, np = 0, got;
    const nm_quote_t *q = nm_result_quotes(res, &n), *hit = NULL;
    const nm_span_t *sp;
    size_t fl = strlen(parts[0]);
    while (parts[np]) np++;
    for (i = 0; i < n && !hit; i++)
        if (q[i].end - q[i].start >= fl && memcmp(text + q[i].start, parts[0], fl) == 0)
            hit = &q[i];
    CHECK(hit != NULL);
    if (!hit) {
        fprintf(stderr, "no quote starting \"%s\"\n", parts[0]);
        return NULL;
    }
    CHECK_INT(hit->nparts, np);
    sp = nm_result_quote_parts(res, hit, &got);
    CHECK_INT(got, np);
    if (sp && got == np) {
        for (k = 0; k < np; k++) CHECK_SPAN(text, sp[k].start, sp[k].end, parts[k]);
        CHECK_INT(hit->start, sp[0].start);
        CHECK_INT(hit->end, sp[np - 1].end);
    }
    CHECK_INT(hit->type, type);
    if (speaker) CHECK_SPAN(text, hit->speaker.start, hit->speaker.end, speaker);
    if (id_of) CHECK_INT(hit->speaker_id, *id_of ? entity_id(text, id_of) : 0);
    if (cue) CHECK_SPAN(text, hit->cue.start, hit->cue.end, cue);
    return hit;
}

static void check_in_order(const char *text) {
    size_t n, i;
    const nm_quote_t *q = nm_result_quotes(res, &n);
    size_t len = strlen(text);
    for (i = 0; i < n; i++) {
        CHECK(q[i].start < q[i].end && q[i].end <= len);
        CHECK(q[i].speaker.start <= q[i].speaker.end && q[i].speaker.end <= len);
        CHECK(q[i].cue.start <= q[i].cue.end && q[i].cue.end <= len);
        if (i) CHECK(q[i - 1].end <= q[i].start);
    }
}

/* ---------------------------------------------------------------- rows */

/* One expected quote: its exact text, type, speaker text (NULL: not
 * checked), the mention whose id the speaker carries ("" for id 0, NULL: not
 * checked), the cue text ("" for none, NULL: not checked), and flags: with
 * exact 0 each flag of `flags` must be set, with exact 1 the flags must equal
 * `flags`. */
typedef struct {
    const char *text;
    int type;
    const char *speaker, *id_of, *cue;
    unsigned flags;
    int exact;
} want_t;

/* A text, how many quotes it has, and the quotes expected (up to 3). */
typedef struct {
    const char *name, *text;
    size_t n;
    want_t q[3];
} row_t;

static const row_t rows[] = {
    /* two reports joined by "and", each subject with its own cue */
    {"clause_and_second_subject_cue",
     "The board said the terms remain under review, and Ana Ruiz said the talks would resume.",
     2,
     {{"the terms remain under review", NM_QUOTE_INDIRECT, "The board", "", "said", 0, 0},
      {"the talks would resume", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* a quotation closed on a full stop after a naming verb; the next
     * sentence's cue reports a clause of its own */
    {"naming_before_next_sentence_cue",
     "Mayor Elena Sousa called the dispute \"a test for the whole city.\" She told reporters "
     "she had met both sides.",
     2,
     {{"the dispute \"a test for the whole city.\"", NM_QUOTE_MIXED, "Elena Sousa",
       "Elena Sousa", "called", 0, 0},
      {"she had met both sides", NM_QUOTE_INDIRECT, "She", "Elena Sousa", "told", 0, 0}}},
    /* a noun cue, then its named source after "from": the source speaks,
     * not the year before the noun */
    {"noun_cue_from_source",
     "The letter contradicts 2013 comments from former port director Ana Ruiz that \"the cranes "
     "were safe.\"",
     1,
     {{"\"the cranes were safe.\"", NM_QUOTE_MIXED, "former port director Ana Ruiz", "Ana Ruiz",
       "comments", 0, 0}}},
    /* a noun cue after a possessive pronoun: the pronoun speaks, not the
     * sentence's subject */
    {"possessive_pronoun_noun_cue",
     "Ana Ruiz resigned in May. The group ran ads using her comments before the committee that "
     "\"I was responsible for the cranes.\"",
     1,
     {{"\"I was responsible for the cranes.\"", NM_QUOTE_DIRECT, "her", "Ana Ruiz", "comments", 0,
       0}}},
    /* a name modifying the words after it (`Lisbon-based`, a party) in a
     * speaker after the cue: the person speaks, the whole noun phrase */
    {"speaker_after_modifier_names",
     "\"How much worse could it get?\" said Lisbon-based Republican strategist Ana Ruiz, "
     "referring to the board.",
     1,
     {{"\"How much worse could it get?\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"speaker_after_determiner_modifier_name",
     "\"How much worse could it get?\" said a Lisbon-based strategist, Ana Ruiz.",
     1,
     {{"\"How much worse could it get?\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"speaker_after_determiner_party_noun",
     "\"We were burned before,\" said a Democratic strategist in Lisbon.",
     1,
     {{"\"We were burned before,\"", NM_QUOTE_DIRECT, "a Democratic strategist", "", "said", 0,
       0}}},
    /* a report between two quotations that shares the first one's
     * attribution passes that one on: the third quote is Ruiz's, "said" */
    {"inherit_over_shared_participle_report",
     "\"We are down to the last few votes,\" Ana Ruiz said, noting that the board had lost no "
     "member. \"If you are not tough, you will lose.\"",
     3,
     {{"\"We are down to the last few votes,\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0,
       0},
      {"the board had lost no member", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "noting", 0, 0},
      {"\"If you are not tough, you will lose.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said",
       NM_QF_INHERITED, 0}}},
    /* the topic of a verb of speech after "of" or "about" is what was said;
     * "spoke" and "talked" are cues only there */
    {"topic_warned_of_quotation",
     "The minister warned of \"serious consequences\" for the port.",
     1,
     {{"\"serious consequences\" for the port", NM_QUOTE_MIXED, "The minister", NULL,
       "warned of", 0, 0}}},
    {"topic_talked_about",
     "Ana Ruiz talked about the future of the docks at the meeting.",
     1,
     {{"the future of the docks at the meeting", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz",
       "talked about", 0, 0}}},
    /* the topic is a noun phrase: it ends before ", and" with a new subject
     * and its verb (the comma also inside a closing mark) */
    {"topic_ends_before_new_clause",
     "Omar Haddad warned of a hole in the accounts, and the union denounced the deal.",
     1,
     {{"a hole in the accounts", NM_QUOTE_INDIRECT, "Omar Haddad", "Omar Haddad", "warned of", 0,
       0}}},
    {"topic_ends_before_new_clause_after_quotation",
     "Omar Haddad warned of what he called \"a hole in the accounts,\" and the union denounced "
     "what it termed \"a backroom deal.\"",
     2,
     {{"what he called \"a hole in the accounts,\"", NM_QUOTE_MIXED, "Omar Haddad", "Omar Haddad",
       "warned of", 0, 0},
      {"\"a backroom deal.\"", NM_QUOTE_DIRECT, "it", NULL, "termed", 0, 0}}},
    /* (a list of topics goes on: no verb after the subject) */
    {"topic_list_goes_on",
     "Omar Haddad warned of higher fares, fewer ferries, and the loss of forty jobs.",
     1,
     {{"higher fares, fewer ferries, and the loss of forty jobs", NM_QUOTE_INDIRECT, "Omar Haddad",
       "Omar Haddad", "warned of", 0, 0}}},
    /* the label of a naming verb that closes a phrase before the main verb
     * of speech is the naming verb's; that verb reports its own clause */
    {"naming_in_relative_then_cue_reports",
     "Tomas Berg, who has called Ana Ruiz \"a liar,\" said he would appeal the vote.",
     2,
     {{"Ana Ruiz \"a liar,\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg", "called", 0, 0},
      {"he would appeal the vote", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0}}},
    {"naming_participle_opens_sentence",
     "The vote came late.\n\nCalling the vote \"a betrayal of the east side,\" Tomas Berg said "
     "he would ask the courts to halt it.",
     2,
     {{"the vote \"a betrayal of the east side,\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg",
       "Calling", 0, 0},
      {"he would ask the courts to halt it", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said",
       0, 0}}},
    {"naming_participle_opens_sentence_pronoun_tell",
     "Ana Ruiz spoke last.\n\nDescribing the toll as \"a tax on work,\" she told reporters "
     "she would fight it.",
     2,
     {{"the toll as \"a tax on work,\"", NM_QUOTE_MIXED, "she", "Ana Ruiz", "Describing", 0, 0},
      {"she would fight it", NM_QUOTE_INDIRECT, "she", "Ana Ruiz", "told", 0, 0}}},
    /* (no naming verb: the quotation interrupting the clause is the cue's) */
    {"citing_quote_then_cue_after",
     "Tomas Berg, citing \"grave doubts,\" said the race would be close.",
     1,
     {{"\"grave doubts,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0}}},
    /* a naming verb before a longer label, its subject a role phrase: the
     * phrase speaks, not the speaker of the quotation before */
    {"naming_long_label_role_subject",
     "\"We will not pay,\" Tomas Berg said.\n\nMeanwhile, a petition signed by 4,000 residents "
     "calls the toll \"an insult to working families.\"",
     2,
     {{"\"We will not pay,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0},
      {"the toll \"an insult to working families.\"", NM_QUOTE_MIXED, "4,000 residents", "",
       "calls", 0, 0}}},
    /* the naming verb's subject a role or a body before a preposition (a
     * spokesman for the union, the harbour board): the phrase speaks the
     * label, and the verb after the aside reports its clause */
    {"naming_in_relative_role_phrase_subject",
     "\"We will not pay,\" Tomas Berg said.\n\nA spokesman for the union, who called the offer "
     "\"an insult,\" said the workers would strike on Monday.",
     3,
     {{"\"We will not pay,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0},
      {"the offer \"an insult,\"", NM_QUOTE_MIXED, "A spokesman for the union", "", "called", 0,
       0},
      {"the workers would strike on Monday", NM_QUOTE_INDIRECT, "A spokesman for the union", "",
       "said", 0, 0}}},
    {"naming_in_relative_body_subject",
     "The harbour board, which has called the toll \"a tax on the poor,\" said it would vote "
     "against the plan in March.",
     2,
     {{"the toll \"a tax on the poor,\"", NM_QUOTE_MIXED, "The harbour board", "", "called", 0,
       0},
      {"it would vote against the plan in March", NM_QUOTE_INDIRECT, "The harbour board", "",
       "said", 0, 0}}},
    /* a role noun capitalized only as the sentence's first word speaks the
     * label of its naming verb (not the speaker of the paragraph before) */
    {"naming_sentence_initial_role_subject",
     "\"We will pay,\" Ana Ruiz said.\n\nCritics have dubbed the plan \"the toll to nowhere,\" "
     "and officials called it \"a road to nowhere for the town.\"",
     3,
     {{"\"We will pay,\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0},
      {"the plan \"the toll to nowhere,\"", NM_QUOTE_MIXED, "Critics", "", "dubbed", 0, 0},
      {"it \"a road to nowhere for the town.\"", NM_QUOTE_MIXED, "officials", "", "called", 0,
       0}}},
    /* a semicolon, then a subject with a cue of its own: two reports */
    {"semicolon_second_subject_and_cue",
     "Analysts were divided. Some said the cuts were overdue; others warned that the ferry "
     "company risked losing its licence.",
     2,
     {{"the cuts were overdue", NM_QUOTE_INDIRECT, "Some", "", "said", 0, 0},
      {"the ferry company risked losing its licence", NM_QUOTE_INDIRECT, "others", "", "warned", 0,
       0}}},
    {"spoke_alone_no_cue", "Ana Ruiz spoke for an hour at the meeting.", 0, {}},
    /* two names sharing an appositive, the second after its role: the
     * first speaks, as in a plain list */
    {"pair_with_role_and_appositive_first_speaks",
     "\"We can only wonder what the board wants,\" port director Ana Ruiz and union leader "
     "Tomas Berg, both members of the board, said in a statement.",
     1,
     {{"\"We can only wonder what the board wants,\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz",
       "said", 0, 0}}},
    /* a role noun, "in" or "from" and a place speak as the whole phrase,
     * not the place */
    {"role_in_place_speaks",
     "Union leaders in Porto noted that the board was appointed by the mayor.",
     1,
     {{"the board was appointed by the mayor", NM_QUOTE_INDIRECT, "Union leaders in Porto", NULL,
       "noted", 0, 0}}},
    /* a plural noun of people and a "whose" clause before the cue: the
     * noun phrase speaks, not the clause's last word */
    {"whose_clause_subject",
     "The dockers whose jobs have been cut say the plan has failed.",
     1,
     {{"the plan has failed", NM_QUOTE_INDIRECT, "The dockers", NULL, "say", 0, 0}}},
    /* "heralded ... as", "decried", "derided" name like "called" */
    {"naming_heralded_as",
     "Lena Hale heralded the deal with the union as a \"breakthrough.\"",
     1,
     {{"the deal with the union as a \"breakthrough.\"", NM_QUOTE_MIXED, "Lena Hale",
       "Lena Hale", "heralded", 0, 0}}},
    {"naming_decried",
     "Ana Ruiz decried the \"quiet sell-off of the harbour\" in her speech.",
     1,
     {{"the \"quiet sell-off of the harbour\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz",
       "decried", 0, 0}}},
    /* a naming verb reaches its label over a name in apposition to the
     * object */
    {"naming_over_appositive_name",
     "Ana Ruiz called the port's chief, Tomas Berg, \"incredibly stubborn.\"",
     1,
     {{"the port's chief, Tomas Berg, \"incredibly stubborn.\"", NM_QUOTE_MIXED, "Ana Ruiz",
       "Ana Ruiz", "called", 0, 0}}},
    /* a name's possessive and a noun of what was said, then a colon: the
     * name speaks */
    {"possessive_response_colon_speaks",
     "Tomas Berg's response was blunt: \"No deal.\"",
     1,
     {{"\"No deal.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", ":", 0, 0}}},
    {"possessive_modifier_reply_colon_speaks",
     "Ana Ruiz led the talks. Ruiz's short reply to the union: \"We will wait.\"",
     1,
     {{"\"We will wait.\"", NM_QUOTE_DIRECT, "Ruiz", "Ana Ruiz", ":", 0, 0}}},
    /* "had", a modifier and its noun before a colon: the clause's subject
     * speaks */
    {"had_modifier_noun_colon_subject_speaks",
     "The harbour master had harsh words for the council: \"They have failed the port.\"",
     1,
     {{"\"They have failed the port.\"", NM_QUOTE_DIRECT, "The harbour master", NULL, "had", 0,
       0}}},
    /* a short sentence ending with a verb like "disagreed" (an -ly adverb
     * may follow) introduces the quotation after it */
    {"prev_sentence_disagreed_cue",
     "Ana Ruiz backed the plan. Tomas Berg disagreed. \"It will sink the port.\"",
     1,
     {{"\"It will sink the port.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "disagreed",
       0, 0}}},
    {"prev_sentence_scoffed_adverb_cue",
     "Ana Ruiz backed the plan. Tomas Berg scoffed loudly. \"It will sink the port.\"",
     1,
     {{"\"It will sink the port.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "scoffed",
       0, 0}}},
    /* a role phrase, the name between commas, then the cue and its object:
     * the name speaks, not the object */
    {"role_name_commas_cue_object",
     "\"We will be back,\" the team's coach, Pedro Alves, promised fans.",
     1,
     {{"\"We will be back,\"", NM_QUOTE_DIRECT, "Pedro Alves", "Pedro Alves", "promised", 0,
       0}}},
    /* a second verb of the subject after "and" is no attribution after
     * content (the sentence's opening phrase was a false report) */
    {"and_second_verb_not_final_attribution",
     "The union's leader, Pedro Alves, called the offer \"an insult\" and vowed to strike.",
     2,
     {{"the offer \"an insult\"", NM_QUOTE_MIXED, "Pedro Alves", "Pedro Alves", "called", 0, 0},
      {"to strike", NM_QUOTE_INDIRECT, "Pedro Alves", "Pedro Alves", "vowed", 0, 0}}},
    /* an infinitive after a verb that takes one may open with a quotation:
     * one mixed quote of the whole infinitive */
    {"infinitive_opens_with_quotation",
     "Ana Ruiz urged voters to \"think carefully\" before casting their ballots.",
     1,
     {{"voters to \"think carefully\" before casting their ballots", NM_QUOTE_MIXED, "Ana Ruiz",
       "Ana Ruiz", "urged", 0, 0}}},
    /* "had" and its object before a colon: the clause's subject speaks
     * (a bare quote took the speaker of the quote before) */
    {"had_message_colon_subject_speaks",
     "\"We will rebuild,\" Tomas Berg said. The port chief had a simple message for the crews: "
     "\"Do not give up.\"",
     2,
     {{"\"We will rebuild,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0},
      {"\"Do not give up.\"", NM_QUOTE_DIRECT, "The port chief", "", "had", 0, 0}}},
    {"had_message_colon_name_speaks",
     "\"We will rebuild,\" Tomas Berg said.\n\nAna Ruiz had this for the crews:\n\n"
     "\"Do not give up.\"",
     2,
     {{"\"We will rebuild,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0},
      {"\"Do not give up.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "had this for the crews:", 0,
       0}}},
    /* a participle and a date after the subject's noun (a reduced
     * relative clause): the noun phrase speaks */
    {"participle_date_after_subject_noun",
     "A poll released Monday found that most voters back the new ferry. The report published "
     "in May said the pier was safe.",
     2,
     {{"most voters back the new ferry", NM_QUOTE_INDIRECT, "A poll", "", "found", 0, 0},
      {"the pier was safe", NM_QUOTE_INDIRECT, "The report", "", "said", 0, 0}}},
    /* a list of speakers sharing one cue: the first named speaks */
    {"list_of_speakers_first_named",
     "Ana Ruiz, Tomas Berg and Lena Hale all said the vote was a mistake.",
     1,
     {{"the vote was a mistake", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"list_of_speakers_oxford_comma_first_named",
     "In Porto, Ana Ruiz, Tomas Berg, and Lena Hale said the vote was a mistake.",
     1,
     {{"the vote was a mistake", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* a role, "for" and a common noun's phrase: the role phrase speaks,
     * not the body it speaks for */
    {"role_for_common_noun_body_speaks",
     "\"We will appeal,\" a lawyer for the family told reporters. A spokeswoman for the "
     "ministry said the talks were over.",
     2,
     {{"\"We will appeal,\"", NM_QUOTE_DIRECT, "a lawyer for the family", "", "told", 0, 0},
      {"the talks were over", NM_QUOTE_INDIRECT, "A spokeswoman for the ministry", "", "said", 0,
       0}}},
    /* the verb of a relative clause in the appositive is not the cue */
    {"appositive_relative_clause_verb_not_cue",
     "\"They lied to us,\" one resident, who asked not to be named, said.",
     1,
     {{"\"They lied to us,\"", NM_QUOTE_DIRECT, "one resident", "", "said", 0, 0}}},
    /* a short quotation of function words after its capital (not Title
     * Case) opens its sentence: the cue after a long appositive is reached */
    {"short_quote_function_words_appositive_cue_after",
     "\"I would have been all in,\" Mr. Tomas Berg, the mayor of Porto, said on Monday.",
     1,
     {{"\"I would have been all in,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0,
       0}}},
    /* the carrier of the words does not speak; when the sentence opens on
     * no name, the subject of the verb before the carrier does */
    {"carrier_statement_subject_of_verb",
     "Her office put out a statement saying the port \"does not have the staff to check every "
     "ferry.\"",
     1,
     {{"\"does not have the staff to check every ferry.\"", NM_QUOTE_DIRECT, "Her office", "",
       "saying", 0, 0}}},
    /* a place and a noun before the name (no role word), then a long
     * appositive with a title in it: the cue after it is still reached */
    {"place_noun_name_long_appositive_cue_after",
     "\"We have had better conventions than this one,\" Lisbon delegate Tomas Berg, wearing a "
     "straw hat and \"Ana Ruiz\" campaign pins, said as the confetti fell.",
     1,
     {{"\"We have had better conventions than this one,\"", NM_QUOTE_DIRECT, "Tomas Berg",
       "Tomas Berg", "said", 0, 0}}},
    /* reported content ends before a subject whose own cue introduces a
     * quotation (the quotation was swallowed into one mixed quote) */
    {"content_ends_before_next_subjects_quote",
     "Some in the crowd booed, and when Ana Ruiz thanked the port and said it was good to be "
     "home, a man yelled \"Stay there!\"",
     2,
     {{"it was good to be home", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0},
      {"\"Stay there!\"", NM_QUOTE_DIRECT, "a man", "", "yelled", 0, 0}}},
    /* a particle verb of speech and its comma introduce a short quotation
     * (`shot back,` was read as "back" opening reported content) */
    {"particle_cue_comma_short_quote",
     "Tomas Berg then wrote back, \"You look sharp.\"",
     1,
     {{"\"You look sharp.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "wrote back", 0, 0}}},
    {"chimed_in_cue",
     "Lena Hale chimed in, \"Not this year.\"",
     1,
     {{"\"Not this year.\"", NM_QUOTE_DIRECT, "Lena Hale", "Lena Hale", "chimed in", 0, 0}}},
    /* a quotation that its own cue introduces leaves the cue after it to
     * the quotation that cue introduces */
    {"cue_before_and_next_quotes_cue",
     "Ana Ruiz asked, \"Why now?\" Tomas Berg replied, \"Because the ferry is late.\"",
     2,
     {{"\"Why now?\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "asked", 0, 0},
      {"\"Because the ferry is late.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg",
       "replied", 0, 0}}},
    {"cue_before_and_next_quotes_particle_cue",
     "Ana Ruiz responds, \"Why now?\" Tomas Berg then writes back, \"You look sharp.\"",
     2,
     {{"\"Why now?\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "responds", 0, 0},
      {"\"You look sharp.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "writes back", 0,
       0}}},
    /* a year elided with an opening-shaped mark (‘08) opens no quotation
     * that would hide the paragraph's quotes inside it */
    /* a single mark left open to the paragraph's end does not hide the
     * double-quoted quotation after it */
    {"stray_single_mark_before_quotation",
     "Ana Ruiz called the plan \xe2\x80\x98" "a mess. \xe2\x80\x9cGo home,\xe2\x80\x9d she told "
     "the board.",
     1,
     {{"\xe2\x80\x9cGo home,\xe2\x80\x9d", NM_QUOTE_DIRECT, "she", "Ana Ruiz", "told", 0, 0}}},
    /* '' quotation marks before a number: the second mark is no elision */
    {"double_single_marks_before_number",
     "The benefit of the port is ''10 times the cost,'' Ana Ruiz said.",
     1,
     {{"''10 times the cost,''", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* a label after a naming verb, then a participle of speech after its
     * comma: the label is the naming verb's, the participle reports on */
    {"naming_label_then_participle",
     "Ana Ruiz has hailed the vote to sell the pier as \"splendid,\" telling reporters during a "
     "visit to Bergen on Friday that she thinks it is \"a fine thing.\"",
     2,
     {{"the vote to sell the pier as \"splendid,\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz",
       "hailed", 0, 0},
      {"she thinks it is \"a fine thing.\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "telling", 0,
       0}}},
    /* a Title Case title with a comma after the noun of its work is no
     * quote; the quotation after it is */
    {"work_title_with_comma",
     "Ana Ruiz hosts the harbour podcast \"Well, That Floated.\" \"We talk boats,\" she said.",
     1,
     {{"\"We talk boats,\"", NM_QUOTE_DIRECT, "she", "Ana Ruiz", "said", 0, 0}}},
    /* a headline's label, then a quotation that its words go on after:
     * the whole line is what the label's name said */
    {"headline_quote_runs_on",
     "Ana Ruiz: 'No Deal' If the Harbour Board Stays.\n\nThe board met on Monday.",
     1,
     {{"'No Deal' If the Harbour Board Stays", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", ":", 0, 0}}},
    {"headline_quote_alone",
     "Ana Ruiz: 'We Will Rebuild the Pier.'\n\nThe board met on Monday.",
     1,
     {{"'We Will Rebuild the Pier.'", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", ":", 0, 0}}},
    /* a poll labels a headline; a word that is no name or study does not */
    {"headline_poll_label",
     "Poll: Ruiz Leads Berg by Ten Points in Bergen.\n\nContributing: Tomas Berg and Ana Ruiz",
     1,
     {{"Ruiz Leads Berg by Ten Points in Bergen", NM_QUOTE_INDIRECT, "Poll", "", ":", 0, 0}}},
    /* a direction mark before the opening mark (text copied from social
     * media) and a run of exclamation marks before the cue */
    {"direction_mark_and_exclamation_run",
     "\xe2\x80\xaa\xe2\x80\x9cThe ferry is back!!\xe2\x80\x9d posted Ana Ruiz.",
     1,
     {{"\xe2\x80\x9cThe ferry is back!!\xe2\x80\x9d", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz",
       "posted", 0, 0}}},
    /* "referred to X as" names; an aside between the object and the
     * label does not hide the naming verb */
    {"referred_to_as_names",
     "Tomas Berg has referred to the ferry owners as \"pirates\" in the past.",
     1,
     {{"to the ferry owners as \"pirates\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg", "referred",
       0, 0}}},
    {"naming_over_an_aside",
     "Tomas Berg called him, among other things, \"a failed captain.\"",
     1,
     {{"him, among other things, \"a failed captain.\"", NM_QUOTE_MIXED, "Tomas Berg",
       "Tomas Berg", "called", 0, 0}}},
    /* an aside attribution, then a participle of speech with its own
     * quotation: the aside's content ends before it, the same speaker */
    {"aside_then_participle",
     "Tomas Berg and Ana Ruiz will meet next week, Maria Costa said, adding, \"They need a long "
     "talk.\"",
     2,
     {{"Tomas Berg and Ana Ruiz will meet next week", NM_QUOTE_INDIRECT, "Maria Costa",
       "Maria Costa", "said", 0, 0},
      {"\"They need a long talk.\"", NM_QUOTE_DIRECT, "Maria Costa", "Maria Costa", "adding", 0,
       0}}},
    {"elided_year_with_opening_mark",
     "Tomas Berg said in \xe2\x80\x98" "08 that the harbour would wait. \xe2\x80\x9cI do sense "
     "that people are ready,\xe2\x80\x9d he said.",
     2,
     {{"the harbour would wait", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0},
      {"\xe2\x80\x9cI do sense that people are ready,\xe2\x80\x9d", NM_QUOTE_DIRECT, "he",
       "Tomas Berg", "said", 0, 0}}},
    /* a reported content ends before "and" + another person + a participle
     * of naming or speech: that person's report is a quote of its own */
    {"second_person_participle_after_and",
     "After the meeting, Ana Ruiz saying she was \"very encouraged\" and Tomas Berg calling it a "
     "\"great meeting.\"",
     2,
     {{"she was \"very encouraged\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "saying", 0, 0},
      {"it a \"great meeting.\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg", "calling", 0, 0}}},
    /* a quotation inside its clause, then ", and" and a clause with a cue
     * of its own: that cue is the next quotation's */
    {"quote_in_clause_then_and_clause",
     "In her harbour speech, Ms. Ruiz decried the \"quiet deals of the old board,\" and she "
     "closed by urging \"a port for everyone.\"",
     2,
     {{"the \"quiet deals of the old board,\"", NM_QUOTE_MIXED, "Ruiz", "Ruiz", "decried", 0, 0},
      {"\"a port for everyone.\"", NM_QUOTE_DIRECT, "Ruiz", "Ruiz", "urging", 0, 0}}},
    /* a participle after a verb of speech and what it reported: the
     * verb's subject speaks, not a name in the report */
    {"participle_after_report_keeps_subject",
     "Alongside the petitions, even a senior board member said Ana Ruiz will have to choose a "
     "side, saying, \"She cannot wait much longer.\"",
     2,
     {{"Ana Ruiz will have to choose a side", NM_QUOTE_INDIRECT, "a senior board member", "",
       "said", 0, 0},
      {"\"She cannot wait much longer.\"", NM_QUOTE_DIRECT, "a senior board member", "",
       "saying", 0, 0}}},
    /* a subject before "have" + a past participle, then a participle of
     * naming: the subject names */
    {"perfect_subject_names",
     "The senators have mocked the mayor's campaign, calling Tomas Berg \"a weather vane.\"",
     1,
     {{"Tomas Berg \"a weather vane.\"", NM_QUOTE_MIXED, "The senators", "", "calling", 0, 0}}},
    /* a name in an opening prepositional phrase is not the subject of a
     * second verb of the main clause */
    {"opening_phrase_name_is_not_subject",
     "In a long interview with the reporter Tomas Berg last year, Ana Ruiz said she would stay "
     "and added, \"I will not sell the pier.\"",
     2,
     {{"\"I will not sell the pier.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "added", 0,
       0}}},
    /* a second verb of speech after ", and" reports on its own: the
     * reported content of the first ends before it */
    {"second_speech_verb_after_and",
     "Ana Ruiz said the plan would cost jobs, and called him \"the leading voice for closing the "
     "old pier.\"",
     2,
     {{"the plan would cost jobs", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 1},
      {"him \"the leading voice for closing the old pier.\"", NM_QUOTE_MIXED, "Ana Ruiz",
       "Ana Ruiz", "called", 0, 0}}},
    /* an article sent on carries the words; the sender speaks */
    {"article_carries_words",
     "The Porto Harbour League emailed a news article reporting that the pier \"will close in May.\"",
     1,
     {{"the pier \"will close in May.\"", NM_QUOTE_MIXED, "Porto Harbour League", "Porto Harbour League",
       "reporting", 0, 0}}},
    /* a headline carries the words; the paper that ran it speaks */
    {"headline_carries_words",
     "The Porto Herald ran a headline saying \"Pier Closes at Dawn.\"",
     1,
     {{"\"Pier Closes at Dawn.\"", NM_QUOTE_DIRECT, "Porto Herald", "Porto Herald", "saying", 0,
       0}}},
    /* the phrase between a cue and a quotation is what the words are about,
     * never their speaker */
    {"phrase_into_quote_is_not_speaker",
     "The council sent a letter that said the pier \"must close by May.\"",
     1,
     {{"\"must close by May.\"", NM_QUOTE_DIRECT, "The council", "", "said", 0, 0}}},
    /* "went on to" + a verb of no speech is no cue: the appositive ends at
     * the real cue and the name opening the sentence speaks */
    {"went_on_to_work_is_no_cue",
     "Tomas Berg, a contestant on the quiz show, who went on to work for Ana Ruiz, said his boss "
     "was \"always kind and generous.\"",
     1,
     {{"his boss was \"always kind and generous.\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg",
       "said", 0, 0}}},
    /* ... also with a title in quotation marks in the appositive */
    {"title_inside_appositive",
     "Tomas Berg, a contestant on the quiz show \"Harbour Nights,\" who went on to work for Ana "
     "Ruiz, said his boss was \"always kind and generous.\"",
     1,
     {{"his boss was \"always kind and generous.\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg",
       "said", 0, 0}}},
    /* a participle of shouting after a clause opened by "when" or "where"
     * with people as its subject: they shout, not the sentence's subject */
    {"outcry_of_inner_clause_group",
     "Ana Ruiz was speaking at the harbour when a dozen protesters interrupted her, shouting "
     "\"Keep the pier open!\"",
     1,
     {{"\"Keep the pier open!\"", NM_QUOTE_DIRECT, "a dozen protesters", "", "shouting", 0, 0}}},
    {"outcry_of_inner_clause_person",
     "Ana Ruiz was speaking at the harbour when Tomas Berg interrupted her, shouting \"Keep the "
     "pier open!\"",
     1,
     {{"\"Keep the pier open!\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "shouting", 0,
       0}}},
    /* ... any other participle is the sentence's subject's */
    {"saying_after_inner_clause_is_main_subject",
     "Ana Ruiz took the stage as the crowd cheered, saying \"We kept the pier open.\"",
     1,
     {{"\"We kept the pier open.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "saying", 0, 0}}},
    /* a relative pronoun over an auxiliary: the antecedent names the label */
    {"relative_with_auxiliary_naming",
     "Compare that with Tomas Berg, who has called the toll plan \"insanity,\" and with the "
     "council.",
     1,
     {{"the toll plan \"insanity,\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg", "called", 0,
       0}}},
    /* a cue in the clause after "and" reports something else; the naming
     * verb before the label is its cue */
    {"naming_label_then_new_clause_with_cue",
     "Tomas Berg has called the toll plan \"insanity,\" and Ana Ruiz agrees with him.",
     1,
     {{"the toll plan \"insanity,\"", NM_QUOTE_MIXED, "Tomas Berg", "Tomas Berg", "called", 0,
       0}}},
    /* `said they would`: the pronoun is the subject of what was said, not an
     * inverted speaker (`said he.`) */
    {"said_pronoun_verb_is_not_inversion",
     "Ana Ruiz met the crews on Monday. \"We have the old magic of the port,\" said they would "
     "win.",
     1,
     {{"\"We have the old magic of the port,\"", NM_QUOTE_DIRECT, "", "", "said", 0, 0}}},
    {"said_pronoun_inverted",
     "Ana Ruiz met the crews on Monday. \"We have the old magic of the port,\" said she.",
     1,
     {{"\"We have the old magic of the port,\"", NM_QUOTE_DIRECT, "she", "Ana Ruiz", "said", 0,
       0}}},
    /* the cue of an opening subordinate clause does not introduce the quote
     * of the main clause, which has its own subject */
    {"subordinate_cue_then_main_clause_quote",
     "After Tomas Berg criticized the mayor during a debate, Ana Ruiz shot back, \"I could have "
     "stayed home, but I chose to serve.\"",
     2,
     {{"the mayor during a debate", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "criticized",
       0, 0},
      {"\"I could have stayed home, but I chose to serve.\"", NM_QUOTE_DIRECT, "Ana Ruiz",
       "Ana Ruiz", "shot back", 0, 0}}},
    /* ... also with titles and a place before the subordinate clause's subject */
    {"subordinate_titled_subject_then_main_clause_quote",
     "After former Porto Gov. Tomas Berg criticized the mayor during a debate, Ana Ruiz shot "
     "back, \"I could have stayed home.\"",
     2,
     {{"the mayor during a debate", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "criticized",
       0, 0},
      {"\"I could have stayed home.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "shot back", 0,
       0}}},
    {"subordinate_role_subject_then_main_clause",
     "When the harbour board's chairman Tomas Berg noted that the pier was closed, Lena Hale said "
     "she \"would open it herself.\"",
     2,
     {{"the pier was closed", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "noted", 0, 0},
      {"she \"would open it herself.\"", NM_QUOTE_MIXED, "Lena Hale", "Lena Hale", "said", 0,
       0}}},
    /* an opening participle phrase names another person: the main clause's
     * subject speaks */
    {"asked_phrase_then_main_subject",
     "Asked on Monday whether Tomas Berg would hold a post, Ana Ruiz shook her head and said, "
     "\"No.\"",
     2,
     {{"whether Tomas Berg would hold a post", NM_QUOTE_INDIRECT, "", "", "Asked", 0, 0},
      {"\"No.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* a phrase fronting the sentence is not what the subject's verb reports */
    {"fronted_phrase_is_no_final_attribution",
     "In an interview on Harbour Radio, Tomas Berg answered.", 0, {}},
    {"fronted_phrase_then_verb_and_object",
     "Shortly after the vote, Ana Ruiz announced her resignation.",
     1,
     {{"her resignation", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "announced", 0, 0}}},
    {"final_attribution_with_adverb",
     "The pier will reopen in May, Ana Ruiz said flatly.",
     1,
     {{"The pier will reopen in May", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* a mixed report ends at its quoted phrase; the participle after it
     * introduces the next quotation, which stays a quote of its own */
    {"mixed_then_adding_quote",
     "Ana Ruiz told Harbour Radio that Tomas Berg \"had a crazy plan,\" adding, \"He lost the "
     "whole port.\"",
     2,
     {{"Tomas Berg \"had a crazy plan,\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "told", 0, 0},
      {"\"He lost the whole port.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "adding", 0, 0}}},
    /* `"...," adding, "..."`: the participle introduces the next quote */
    {"participle_comma_introduces_next",
     "Ana Ruiz called the deal \"fantastic,\" adding, \"It is fair to every family.\"",
     2,
     {{"the deal \"fantastic,\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "called", 0, 0},
      {"\"It is fair to every family.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "adding", 0, 0}}},
    /* coordinated verbs after a subordinate clause: the main clause's subject */
    {"subordinate_then_coordinated_verbs",
     "Last month, when I asked Ana Ruiz if she would ever sell the pier, she looked into my "
     "camera, raised her eyebrows and said, \"Never!\"",
     2,
     {{"if she would ever sell the pier", NM_QUOTE_INDIRECT, "I", "", "asked", 0, 0},
      {"\"Never!\"", NM_QUOTE_DIRECT, "she", "Ana Ruiz", "said", 0, 0}}},
    /* cue words that are nouns or name no speech here */
    {"states_plural_noun", "Five Democratic states have moved firmly into the column.", 0, {}},
    {"states_after_nationality", "Voters in Portuguese states voted on Tuesday.", 0, {}},
    {"claimed_the_nomination",
     "Ana Ruiz claimed the nomination on the first ballot at the convention in Porto.", 0, {}},
    /* `he's said`: the clitic is "has", the pronoun speaks */
    {"pronoun_clitic_has",
     "Asked about the toll, Ana Ruiz shrugged. Since then, she's said she will fight on.",
     1,
     {{"she will fight on", NM_QUOTE_INDIRECT, "she", "Ana Ruiz", "said", 0, 0}}},
    /* a document states */
    {"document_states",
     "\"The pier stays closed until the engineers sign off,\" the memo states.",
     1,
     {{"\"The pier stays closed until the engineers sign off,\"", NM_QUOTE_DIRECT, "the memo",
       "", "states", 0, 0}}},
    /* an accusation is reported speech: the accused and the charge */
    {"accused_of",
     "Tomas Berg accused the council of trying to hide the costs of the pier.",
     1,
     {{"the council of trying to hide the costs of the pier", NM_QUOTE_INDIRECT, "Tomas Berg",
       "Tomas Berg", "accused", 0, 0}}},
    /* a participle's content ends at the comma before the subject's own cue */
    {"participle_aside_then_said",
     "Lena Hale, accusing the board of delay, said the pier must open.",
     2,
     {{"the board of delay", NM_QUOTE_INDIRECT, "Lena Hale", "Lena Hale", "accusing", 0, 0},
      {"the pier must open", NM_QUOTE_INDIRECT, "Lena Hale", "Lena Hale", "said", 0, 0}}},
    /* `said nothing`: no report, and "nothing" is no speaker */
    {"said_nothing", "The council, accused of hiding the costs, said nothing.", 0, {}},
    /* a clause in a sentence opened by a subordinator ends at its comma; the
     * main clause's report follows */
    {"subordinate_then_main_clause",
     "Since June, when Ana Ruiz asked supporters to help, at least 2,000 said they would.",
     2,
     {{"supporters to help", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "asked", 0, 0},
      {"they would", NM_QUOTE_INDIRECT, "2,000", "", "said", 0, 0}}},
    /* `said in a statement Thursday night they ...`: a phrase and a time
     * before content without "that" */
    {"said_phrase_then_pronoun_clause",
     "The Harbour Group said in a statement Thursday night they pulled the listing from the "
     "site.",
     1,
     {{"they pulled the listing from the site", NM_QUOTE_INDIRECT, "Harbour Group",
       "Harbour Group", "said", 0, 0}}},
    /* `said before adding:`: the colon is the second cue's; the first closes
     * the quote before it */
    {"said_before_adding",
     "\"We had better weeks than this one,\" Tomas Berg said before adding: \"But we will be "
     "back.\"",
     2,
     {{"\"We had better weeks than this one,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg",
       "said", 0, 0},
      {"\"But we will be back.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "adding", 0, 0}}},
    {"direct_then_name_said",
     "Tomas Berg runs the port. \"The ships will come back in spring,\" Berg said.",
     1,
     {{"\"The ships will come back in spring,\"", NM_QUOTE_DIRECT, "Berg", "Tomas Berg", "said", 0,
       0}}},
    /* a second cue of the same subject (`... and said that ...`) ends the
     * first content and reports its own; a plain `and` does not */
    {"and_said_that_two_reports",
     "Tomas Berg said the cranes had failed twice and said that the port would close.",
     2,
     {{"the cranes had failed twice", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said", 0,
       0},
      {"the port would close", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0}}},
    {"and_predicted_that_two_reports",
     "Ana Ruiz said in an interview that she was tired and predicted that Berg would win.",
     2,
     {{"she was tired", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0},
      {"Berg would win", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "predicted", 0, 0}}},
    {"and_clause_stays_one_report",
     "Ana Ruiz said the pier was safe and the boats were fine.",
     1,
     {{"the pier was safe and the boats were fine", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz",
       "said", 0, 0}}},
    /* a short opener before an according-to aside is a frame, not the content */
    {"according_after_short_opener",
     "Since last November, according to Harbour Watch, the guards have stopped 400 boats.",
     1,
     {{"the guards have stopped 400 boats", NM_QUOTE_INDIRECT, "Harbour Watch", "Harbour Watch", "according to",
       0, 0}}},
    {"according_after_in_addition",
     "In addition, according to the department, nine thousand more workers will be covered.",
     1,
     {{"nine thousand more workers will be covered", NM_QUOTE_INDIRECT, "the department", "",
       "according to", 0, 0}}},
    {"according_aside_after_short_subject",
     "The old pier, according to Ana Ruiz, is safe for boats.",
     1,
     {{"The old pier, according to Ana Ruiz, is safe for boats", NM_QUOTE_INDIRECT, "Ana Ruiz",
       "Ana Ruiz", "according to", 0, 0}}},
    {"direct_then_said_name_with_appositive",
     "\"Nobody expected the vote to be this close,\" said Ana Ruiz, the party's "
     "leader.",
     1,
     {{"\"Nobody expected the vote to be this close,\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz",
       "said", 0, 0}}},
    /* A sentence that opens with its speaker and an appositive: the text after
     * "said" is the content, not a speaker ("..., said X." is the other order). */
    {"name_appositive_said_content",
     "Tomas Berg, an engineer at the port, said the cranes had failed twice.",
     1,
     {{"the cranes had failed twice", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said", 0,
       0}}},
    {"name_said_colon_direct",
     "Tomas Berg said: \"The harbour is open again.\"",
     1,
     {{"\"The harbour is open again.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0,
       0}}},
    {"name_told_reporters_colon",
     "Tomas Berg told reporters: \"We will reopen the harbour on Monday.\"",
     1,
     {{"\"We will reopen the harbour on Monday.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg",
       "told", 0, 0}}},
    {"pronoun_she_resolves_to_woman",
     "Maria Lopez met Peter Novak in Madrid. \"The talks went well,\" she added.",
     1,
     {{"\"The talks went well,\"", NM_QUOTE_DIRECT, "she", "Maria Lopez", "added", 0, 0}}},
    {"pronoun_he_resolves_to_man",
     "Peter Novak met Maria Lopez in Madrid. \"We agreed on almost nothing,\" he "
     "said.",
     1,
     {{"\"We agreed on almost nothing,\"", NM_QUOTE_DIRECT, "he", "Peter Novak", "said", 0, 0}}},
    {"role_phrase_speaker",
     "\"Sales will rise next year,\" a company spokeswoman said.",
     1,
     {{"\"Sales will rise next year,\"", NM_QUOTE_DIRECT, "a company spokeswoman", "", "said", 0,
       0}}},
    {"appositive_age_before_cue",
     "Peter Novak, 61, warned: \"The river will flood again.\"",
     1,
     {{"\"The river will flood again.\"", NM_QUOTE_DIRECT, "Peter Novak", "Peter Novak", "warned",
       0, 0}}},
    {"curly_quotes",
     "\xe2\x80\x9cThe bridge is safe,\xe2\x80\x9d Peter Novak said.",
     1,
     {{"\xe2\x80\x9cThe bridge is safe,\xe2\x80\x9d", NM_QUOTE_DIRECT, "Peter Novak", "Peter Novak",
       "said", 0, 0}}},
    {"guillemets",
     "\xc2\xab"
     "The bridge is safe, and it stays open,"
     "\xc2\xbb"
     " Peter Novak said.",
     1,
     {{"\xc2\xab"
       "The bridge is safe, and it stays open,"
       "\xc2\xbb",
       NM_QUOTE_DIRECT, "Peter Novak", "Peter Novak", "said", 0, 0}}},
    {"single_curly_quotes_with_apostrophes",
     "\xe2\x80\x98We can\xe2\x80\x99t stop now, it\xe2\x80\x99s too late,"
     "\xe2\x80\x99 Maria Lopez said.",
     1,
     {{"\xe2\x80\x98We can\xe2\x80\x99t stop now, it\xe2\x80\x99s too late,"
       "\xe2\x80\x99",
       NM_QUOTE_DIRECT, "Maria Lopez", "Maria Lopez", "said", 0, 0}}},
    {"nested_single_inside_double",
     "\"He looked at me and said 'never again', then he left,\" Maria Lopez said.",
     1,
     {{"\"He looked at me and said 'never again', then he left,\"", NM_QUOTE_DIRECT, "Maria Lopez",
       "Maria Lopez", "said", 0, 0}}},
    {"scare_quote_is_not_speech", "The so-called \"reform\" passed the council on Friday.", 0, {}},
    {"quoted_title_is_not_speech", "She read \"The Long Road Home\" twice on the train.", 0, {}},
    /* A follow-on quote opening the next paragraph goes on with the speech the
     * earlier cue introduced: it inherits the speaker and shares the cue. */
    {"follow_on_in_next_paragraph_shares_cue",
     "\"We did it,\" Ana Ruiz said.\n\n\"Next year we go further.\"",
     2,
     {{"\"Next year we go further.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said",
       NM_QF_INHERITED, 0}}},
    {"follow_on_after_a_narrative_sentence",
     "\"The pier is safe,\" Tomas Berg said on Monday. The inspectors left "
     "early. \"We will open it in May.\"",
     2,
     {{"\"We will open it in May.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "", 0, 0}}},
    {"follow_on_not_across_another_person",
     "\"The pier is safe,\" Tomas Berg said on Monday. Maria Lopez left early. "
     "\"We will open it in May.\"",
     2,
     {{"\"We will open it in May.\"", NM_QUOTE_DIRECT, "", "", "", 0, 0}}},
    {"noun_after_determiner_is_not_a_cue",
     "The answers were \"nowhere near enough,\" said Tomas Berg.",
     1,
     {{"\"nowhere near enough,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0}}},
    {"pending_quote_falls_back_to_direct",
     "Reporters asked about the harbour \"and the old bridge too,\" Ana Ruiz said.",
     1,
     {{"\"and the old bridge too,\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"long_appositive_after_quote",
     "\"The port stays open,\" Tomas Berg, who ran the harbour authority for "
     "twenty years and later chaired the regional council of the north, said on "
     "Monday.",
     1,
     {{"\"The port stays open,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0}}},
    {"participle_cue_takes_clause_subject",
     "Ana Ruiz left the meeting early, saying the plan \"cannot work.\"",
     1,
     {{"the plan \"cannot work.\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "saying", 0, 0}}},
    {"dash_signature",
     "\xe2\x80\x9cWe will rebuild the pier before winter.\xe2\x80\x9d "
     "\xe2\x80\x94 Tomas Berg, 61, Porto",
     1,
     {{"\xe2\x80\x9cWe will rebuild the pier before winter.\xe2\x80\x9d", NM_QUOTE_DIRECT,
       "Tomas Berg", "Tomas Berg", "\xe2\x80\x94", 0, 0}}},
    /* a quoted label after a naming verb and its object: the object and the
     * label are one mixed quote (what was said of what) */
    {"naming_verb_fragment",
     "Ana Ruiz called the new toll \"reckless.\"",
     1,
     {{"the new toll \"reckless.\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "called", 0, 0}}},
    {"naming_verb_label_right_after_verb",
     "Ana Ruiz called \"a waste of money\" what the board had planned.",
     1,
     {{"\"a waste of money\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "called", 0, 0}}},
    {"naming_verb_without_speaker_is_not_speech",
     "A small group called \"harbour friends\" met on the pier.",
     0,
     {}},
    {"number_in_marks_is_not_speech", "The post \"1474387200\" was removed from the site.", 0, {}},
    {"short_embedded_fragment_is_not_speech", "The inspectors rated the bridge \"unsafe.\"", 0, {}},
    {"reported_said_that",
     "Ana Ruiz said that the budget would be late.",
     1,
     {{"the budget would be late", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"reported_said_without_that",
     "Peter Novak said the bridge would reopen in May.",
     1,
     {{"the bridge would reopen in May", NM_QUOTE_INDIRECT, "Peter Novak", "Peter Novak", "said", 0,
       0}}},
    {"reported_told_object_that",
     "Ana Ruiz told the committee that the budget would pass.",
     1,
     {{"the budget would pass", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "told", 0, 0}}},
    {"reported_according_to_first",
     "According to Peter Novak, the budget will pass next week.",
     1,
     {{"the budget will pass next week", NM_QUOTE_INDIRECT, "Peter Novak", "Peter Novak",
       "According to", 0, 0}}},
    {"reported_according_to_last",
     "The budget will pass next week, according to Peter Novak.",
     1,
     {{"The budget will pass next week", NM_QUOTE_INDIRECT, "Peter Novak", "Peter Novak",
       "according to", 0, 0}}},
    {"reported_according_to_the_named_body",
     "Repairs cost 4 million euros last year, according to the Ministry of Transport.",
     1,
     {{"Repairs cost 4 million euros last year", NM_QUOTE_INDIRECT, "the Ministry of Transport",
       "Ministry of Transport", "according to", 0, 0}}},
    {"reported_in_subordinate_clause",
     "When Ana Ruiz noted that the ferry was late again, Tomás Costa replied, "
     "\"We will fix it next week.\"",
     2,
     {{"the ferry was late again", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "noted", 0, 0},
      {"\"We will fix it next week.\"", NM_QUOTE_DIRECT, "Tomás Costa", "Tomás Costa", "replied", 0,
       0}}},
    {"reported_second_verb_of_subject",
     "Ana Ruiz thanked the harbour crews on Monday and said the port would reopen in May.",
     1,
     {{"the port would reopen in May", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"final_attribution_with_long_appositive",
     "The new ferry could start running this week, said Carla Mendes, a longtime "
     "adviser to the harbour board who has worked on the plan for years.",
     1,
     {{"The new ferry could start running this week", NM_QUOTE_INDIRECT, "Carla Mendes",
       "Carla Mendes", "said", 0, 0}}},
    {"final_attribution_to_named_body_with_article",
     "The ferry plan is still too costly, the Harbour Foundation said.",
     1,
     {{"The ferry plan is still too costly", NM_QUOTE_INDIRECT, "the Harbour Foundation",
       "Harbour Foundation", "said", 0, 0}}},
    {"reported_sentence_final_attribution",
     "The ferry will run twice a day from June, the harbour master said.",
     1,
     {{"The ferry will run twice a day from June", NM_QUOTE_INDIRECT, "the harbour master", "",
       "said", 0, 0}}},
    {"reported_particle_cue",
     "Maria Lopez pointed out that the report was two years old.",
     1,
     {{"the report was two years old", NM_QUOTE_INDIRECT, "Maria Lopez", "Maria Lopez",
       "pointed out", 0, 0}}},
    {"reported_pronoun_subject",
     "Maria Lopez chairs the panel. She insisted that the report was accurate.",
     1,
     {{"the report was accurate", NM_QUOTE_INDIRECT, "She", "Maria Lopez", "insisted", 0, 0}}},
    {"unmarked_first_person_continuation",
     "Ana Ruiz said the budget was late. That is why we must act now.",
     2,
     {{"the budget was late", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0},
      {"That is why we must act now", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "", NM_QF_UNMARKED,
       0}}},
    {"mixed_with_short_fragment",
     "Peter Novak said the plan was \"a disaster\" for the town.",
     1,
     {{"the plan was \"a disaster\" for the town", NM_QUOTE_MIXED, "Peter Novak", "Peter Novak",
       "said", 0, 0}}},
    {"no_speech_no_quotes", "The company added 200 jobs in March. Prices rose again.", 0, {}},
    {"participle_after_preposition_takes_clause_subject",
     "Ana Ruiz angered farmers by saying that the plan was \"a gift to the rich.\"",
     1,
     {{"the plan was \"a gift to the rich.\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "saying", 0,
       0}}},
    {"title_abbreviation_after_cue",
     "\"The pier is a waste of money,\" said Del. Lena Hale of the harbour district.",
     1,
     {{"\"The pier is a waste of money,\"", NM_QUOTE_DIRECT, "Lena Hale", "Lena Hale", "said", 0,
       0}}},
    {"colon_without_cue_takes_cue_after",
     "Ana Ruiz had one message for the board: \"You should be ashamed of "
     "yourselves,\" she said.",
     1,
     {{"\"You should be ashamed of yourselves,\"", NM_QUOTE_DIRECT, "she", "Ana Ruiz", "said", 0,
       0}}},
    {"chant_cue_with_plural_subject",
     "Protesters chanted \"Open the pier!\" outside the hall.",
     1,
     {{"\"Open the pier!\"", NM_QUOTE_DIRECT, "Protesters", "", "chanted", 0, 0}}},
    {"as_name_put_it_opens_content",
     "As Ana Ruiz put it in a letter to the board, the harbour is \"a place for "
     "everyone.\"",
     1,
     {{"the harbour is \"a place for everyone.\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "put it",
       0, 0}}},
    {"long_dash_appositive_before_cue",
     "Lena Hale, the chief executive of a firm that owns the old pier, which is "
     "also open on Sundays -- told me, \"We are doing fine.\"",
     1,
     {{"\"We are doing fine.\"", NM_QUOTE_DIRECT, "Lena Hale", "Lena Hale", "told", 0, 0}}},
    {"called_on_with_family_subject",
     "The Berg family has called on police to release the tapes \"as a matter of "
     "basic fairness.\"",
     1,
     {{"\"as a matter of basic fairness.\"", NM_QUOTE_DIRECT, "The Berg family", NULL, "called on",
       0, 0}}},
    {"clause_subject_prefers_person_to_org",
     "At the Harbour Authority hearing, Ana Ruiz drew applause for saying the "
     "pier was \"a ruin.\"",
     1,
     {{"the pier was \"a ruin.\"", NM_QUOTE_MIXED, "Ana Ruiz", "Ana Ruiz", "saying", 0, 0}}},
    {"inverted_cue_opens_sentence",
     "Said Ana Ruiz: \"We will not move.\"",
     1,
     {{"\"We will not move.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "Said", 0, 0}}},
    {"reported_generic_subject_before_clause",
     "The harbour board said it would close the pier.",
     1,
     {{"it would close the pier", NM_QUOTE_INDIRECT, "The harbour board", "", "said", 0, 0}}},
    {"reported_that_after_place_phrase",
     "Ana Ruiz said at a rally in Porto, Portugal, that the pier would stay open.",
     1,
     {{"the pier would stay open", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"reported_attribution_inside_content",
     "The museum, Ana Ruiz said on Monday, will open in May.",
     1,
     {{"The museum, Ana Ruiz said on Monday, will open in May", NM_QUOTE_INDIRECT, "Ana Ruiz",
       "Ana Ruiz", "said", 0, 0}}},
    {"reported_infinitive_content",
     "Ana Ruiz urged the mayor to close the pier. Tomas Berg vowed to rebuild the "
     "bridge.",
     2,
     {{"the mayor to close the pier", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "urged", 0, 0},
      {"to rebuild the bridge", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "vowed", 0, 0}}},
    {"reported_question_after_asked",
     "Tomas Berg asked whether the pier was safe.",
     1,
     {{"whether the pier was safe", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "asked", 0, 0}}},
    {"reported_called_for",
     "Tomas Berg called for a new vote on the pier.",
     1,
     {{"a new vote on the pier", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "called for", 0,
       0}}},
    /* a body's say verb reports a clause without "that" opened by a bare
     * plural (and its phrase of "of") and a verb in the past; a cue's "that"
     * may follow one word set off by commas */
    {"say_bare_plural_clause_and_comma_adverb",
     "The ferry company said sales of winter tickets fell for the third year. Its chief "
     "warned, however, that fuel costs \"remain a worry.\"",
     2,
     {{"sales of winter tickets fell for the third year", NM_QUOTE_INDIRECT, "The ferry company",
       "", "said", 0, 0},
      {"fuel costs \"remain a worry.\"", NM_QUOTE_MIXED, "Its chief", "", "warned", 0, 0}}},
    /* a body's cue reports a clause without "that" opened by a determiner,
     * a noun and a finite auxiliary; not a possessive's object */
    {"body_cue_determiner_clause",
     "The audit also claimed the ferry company had cut its fares by a fifth. The board wrote "
     "its rules in May.",
     1,
     {{"the ferry company had cut its fares by a fifth", NM_QUOTE_INDIRECT, "The audit", "",
       "claimed", 0, 0}}},
    {"put_alone_is_not_a_cue", "Tomas Berg put the boxes on the pier.", 0, {}},
    /* a counted object after a cue ends no sentence with an attribution */
    {"counted_object_is_no_final_attribution",
     "The ferry company, which employs 900 people, added 60 jobs in the past year. The "
     "harbour office, based in Faro, added 12 jobs last year.",
     0, {}},
    /* a charge verb names a price (no report) or accuses: with "that", a
     * clause, "with" after its object, or a quotation of its own */
    {"charge_price_is_not_a_cue",
     "The council voted to charge drivers a fee. Ana Ruiz charged a $5 toll for the pier. The "
     "club charges members 40 euros a year.",
     0, {}},
    {"charge_accusation_reports",
     "Ana Ruiz charged that the board hid the costs. Police charged Tomas Berg with fraud. "
     "\"They lied to us,\" the union charged.",
     3,
     {{"the board hid the costs", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "charged", 0, 0},
      {"Tomas Berg with fraud", NM_QUOTE_INDIRECT, "Police", "", "charged", 0, 0},
      {"\"They lied to us,\"", NM_QUOTE_DIRECT, "the union", "", "charged", 0, 0}}},
    /* A question put to the speaker is reported, its asker unnamed; the rest
     * of the sentence still reports, and the question passes no speaker on. */
    {"asked_question_then_that_clause",
     "Asked whether the pier would close, Ana Ruiz said the board would decide.",
     2,
     {{"whether the pier would close", NM_QUOTE_INDIRECT, "", "", "Asked", 0, 0},
      {"the board would decide", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* ... and so between commas after the subject, whose own cue follows */
    {"asked_question_aside_after_subject",
     "Tomas Berg, asked whether he would sell the pier, said: \"Not this year.\" Ana Ruiz, "
     "asked if the board agreed, said it would vote in May.",
     4,
     {{"whether he would sell the pier", NM_QUOTE_INDIRECT, "", "", "asked", 0, 0},
      {"\"Not this year.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0},
      {"if the board agreed", NM_QUOTE_INDIRECT, "", "", "asked", 0, 0},
      {"it would vote in May", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"asked_question_passes_no_speaker_on",
     "\"Jobs, jobs, jobs,\" Ana Ruiz said when asked what the pier would bring. \"Nobody "
     "did it better.\"",
     3,
     {{"\"Jobs, jobs, jobs,\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0},
      {"what the pier would bring", NM_QUOTE_INDIRECT, "", "", "asked", 0, 0},
      {"\"Nobody did it better.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said",
       NM_QF_INHERITED, 0}}},
    /* told + an object phrase + a clause opened by a subject pronoun, no
     * "that": the clause is the content */
    {"told_object_phrase_then_pronoun_clause",
     "Tomas Berg told the harbour radio station she was leaving the board.",
     1,
     {{"she was leaving the board", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "told", 0, 0}}},
    {"told_object_with_place_then_pronoun_clause",
     "Ana Ruiz told a crowd of farmers in Lisbon she will protect their water.",
     1,
     {{"she will protect their water", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "told", 0, 0}}},
    /* ... but a pronoun after a preposition is part of the object */
    {"told_object_ending_in_preposition_pronoun_reports_nothing",
     "Ana Ruiz told the story to them twice.", 0, {}},
    /* A person opening the sentence, a long appositive with names in it, the
     * cue: the person speaks and a pronoun after the cue opens the content
     * (it is no inverted speaker) */
    {"opening_person_long_appositive_then_said_pronoun",
     "Senator Ana Ruiz, facing a hard race in Lisbon, a port town, said she would welcome the "
     "vote.",
     1,
     {{"she would welcome the vote", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"title_name_party_long_appositive_then_said",
     "Rep. Ana Ruiz (D-Va.), head of the harbour committee and one of the plan's two authors, "
     "said she fully supports the deal.",
     1,
     {{"she fully supports the deal", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* ... but a pronoun ending the sentence after the cue is the speaker */
    {"inverted_pronoun_at_sentence_end",
     "The ferry will run all winter, said he.",
     1,
     {{"The ferry will run all winter", NM_QUOTE_INDIRECT, "he", NULL, "said", 0, 0}}},
    /* A final attribution whose named speaker has an appositive or a
     * relative clause after it, far from the sentence end */
    {"final_attribution_role_comma_name_comma_date",
     "The agency looked for a link between the two men and found none, said the agency's "
     "director, Ana Ruiz, on Monday.",
     1,
     {{"The agency looked for a link between the two men and found none", NM_QUOTE_INDIRECT,
       "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    {"final_attribution_name_then_relative_clause",
     "The port lost money for years, said Ana Ruiz, who ran it until May.",
     1,
     {{"The port lost money for years", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0,
       0}}},
    /* ... but a subject, an appositive, then the cue: what follows is content */
    {"subject_appositive_said_is_no_final_attribution",
     "The mayor, a former captain, said the plan was sound and the port would grow again next "
     "year.",
     1,
     {{"the plan was sound and the port would grow again next year", NM_QUOTE_INDIRECT,
       "The mayor", "", "said", 0, 0}}},
    /* A share or a count of people speaks (a poll's respondents) */
    {"share_of_people_said_they",
     "Most voters liked the pier. Two in three said they are less likely to vote for the mayor.",
     1,
     {{"they are less likely to vote for the mayor", NM_QUOTE_INDIRECT, "Two in three", "",
       "said", 0, 0}}},
    {"count_of_people_said_they", "At least 2,000 said they would help.", 1,
     {{"they would help", NM_QUOTE_INDIRECT, "2,000", "", "said", 0, 0}}},
    {"some_said_they", "Some said they have cringed as the mayor praised the plan.", 1,
     {{"they have cringed as the mayor praised the plan", NM_QUOTE_INDIRECT, "Some", "", "said",
       0, 0}}},
    /* ... but a number with no clause after the cue reports nothing */
    {"number_said_nothing_after", "The count rose to 40 said in May.", 0, {}},
    /* A final attribution with a role phrase before the name: the name speaks */
    {"final_attribution_role_phrase_then_name_said",
     "A family of four was also on the ferry, harbour office spokesman Tom Berg said.",
     1,
     {{"A family of four was also on the ferry", NM_QUOTE_INDIRECT, "Tom Berg", "Tom Berg",
       "said", 0, 0}}},
    /* A direct quote with no attribution inside a sentence: the person
     * opening the sentence speaks it, and its verb is the cue */
    {"bare_quote_inside_sentence_takes_opening_subject",
     "Tom Berg rarely visits the harbour. Ana Ruiz thanked the crews on Monday for \"the work "
     "that nobody in this town ever saw or paid for,\" and left.",
     1,
     {{"\"the work that nobody in this town ever saw or paid for,\"", NM_QUOTE_DIRECT, "Ana Ruiz",
       "Ana Ruiz", "thanked", 0, 1}}},
    /* a sentence opened by a place phrase, then an inverted "said" and its
     * speaker: the whole sentence before the cue is content */
    {"place_phrase_then_inverted_said",
     "In nearby Porto, the big steel plant is hanging on, said Tomas Berg.",
     1,
     {{"In nearby Porto, the big steel plant is hanging on", NM_QUOTE_INDIRECT, "Tomas Berg",
       "Tomas Berg", "said", 0, 0}}},
    /* a semicolon ends a final attribution; the clause after it is no content */
    {"final_attribution_then_semicolon",
     "Candidates need about 40 percent of the fishing vote, political analysts say; in 2012, Ana "
     "Ruiz won 27 percent.",
     1,
     {{"Candidates need about 40 percent of the fishing vote", NM_QUOTE_INDIRECT,
       "political analysts", "", "say", 0, 0}}},
    /* a time after "said" (`said on Friday he ...`) does not end the content */
    {"said_on_day_then_clause",
     "Harbour board chairman Tomas Berg said on Friday he met the mayor earlier this week.",
     1,
     {{"he met the mayor earlier this week", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said",
       0, 0}}},
    /* ... after another cue it opens the object: no quote */
    {"announced_on_day_object", "The ferry company announced on Monday the new timetable for the "
     "winter.", 0, {{NULL, 0, NULL, NULL, NULL, 0, 0}}},
    /* a second cue of the same subject after a quoted fragment ends the
     * content of the first */
    {"mixed_then_and_said",
     "Lena Hale said she \"will not sign a plan nobody has read,\" and said she hoped the board "
     "would wait.",
     2,
     {{"she \"will not sign a plan nobody has read,\"", NM_QUOTE_MIXED, "Lena Hale", "Lena Hale",
       "said", 0, 0},
      {"she hoped the board would wait", NM_QUOTE_INDIRECT, "Lena Hale", "Lena Hale", "said", 0,
       0}}},
    /* ... before inheritance: the sentence's own subject, not the speaker of
     * the quote before it */
    {"bare_quote_inside_sentence_not_inherited",
     "\"We will open in May,\" Tomas Berg said. Lena Hale later thanked the crews for \"hard "
     "work in the cold.\"",
     2,
     {{"\"We will open in May,\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 0},
      {"\"hard work in the cold.\"", NM_QUOTE_DIRECT, "Lena Hale", "Lena Hale", "thanked", 0,
       1}}},
    {"bare_quote_inside_sentence_subject_with_relative_clause",
     "Tom Berg rarely visits the harbour. Ana Ruiz, who has run the port since May, mocked the "
     "board for \"a plan that nobody in this town ever asked for\" on Monday.",
     1,
     {{"\"a plan that nobody in this town ever asked for\"", NM_QUOTE_DIRECT, "Ana Ruiz",
       "Ana Ruiz", "mocked", 0, 1}}},
    /* ... one opening the next sentence of the paragraph: the person opening
     * the sentence before (inherited); not across a paragraph break, not
     * from a sentence with no person opening it */
    {"bare_quote_after_sentence_of_a_person",
     "Ana Ruiz was blunt about the pier. \"We will not sell it.\"",
     1,
     {{"\"We will not sell it.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "", NM_QF_INHERITED,
       1}}},
    /* ... also when that sentence has a cue word that reported nothing */
    {"bare_quote_after_sentence_of_a_person_with_a_cue_word",
     "Ana Ruiz announced on Monday a lawsuit against the board and its chair. \"We are asking "
     "the court to stop the sale.\"",
     1,
     {{"\"We are asking the court to stop the sale.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz",
       "", NM_QF_INHERITED, 1}}},
    /* ... also after an earlier quote of the paragraph by the same person,
     * another person named between */
    {"bare_quote_after_sentence_of_the_same_speaker",
     "\"The port matters, but for me it is the schools,\" says Marta Lobo, 32, of Faro. Lobo "
     "backs Ana Ruiz in the race for mayor. \"I have two children in school.\"",
     2,
     {{"\"The port matters, but for me it is the schools,\"", NM_QUOTE_DIRECT, "Marta Lobo",
       "Marta Lobo", "says", 0, 1},
      {"\"I have two children in school.\"", NM_QUOTE_DIRECT, "Lobo", "Marta Lobo", "",
       NM_QF_INHERITED, 1}}},
    /* a participle cue after a comma ends the reported content before it,
     * also when its own quotation took it first */
    {"participle_cue_with_quote_ends_reported_content",
     "Ana Ruiz urged the board to act, saying, \"We cannot wait another winter for the pier.\"",
     2,
     {{"the board to act", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "urged", 0, 1},
      {"\"We cannot wait another winter for the pier.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz",
       "saying", 0, 1}}},
    /* ... and so does a second cue of the subject after "and" */
    {"second_cue_with_quote_ends_reported_content",
     "Tomas Berg said he welcomed the ruling and added, \"I will pay the fine, no problem.\"",
     2,
     {{"he welcomed the ruling", NM_QUOTE_INDIRECT, "Tomas Berg", "Tomas Berg", "said", 0, 1},
      {"\"I will pay the fine, no problem.\"", NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg",
       "added", 0, 1}}},
    {"bare_quote_after_paragraph_break_has_no_speaker",
     "Ana Ruiz was blunt.\n\n\"We will not sell it.\"",
     1,
     {{"\"We will not sell it.\"", NM_QUOTE_DIRECT, "", "", "", 0, 1}}},
    {"bare_quote_after_sentence_without_person_has_no_speaker",
     "The vote was close. \"We will not sell it.\"",
     1,
     {{"\"We will not sell it.\"", NM_QUOTE_DIRECT, "", "", "", 0, 1}}},
    /* An opening phrase, then a titled name with a party label between
     * commas: the name speaks, not the last noun of the phrase */
    {"title_name_party_label_between_commas_speaks",
     "Speaking in Porto after winning the vote in the harbour district, Gov. Ana Ruiz (D-OH), "
     "said, \"We will rebuild the pier.\"",
     1,
     {{"\"We will rebuild the pier.\"", NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0}}},
    /* A naming verb reaches over a long object to its quoted label */
    {"naming_verb_long_object_then_label",
     "Ana Ruiz called both Tom Berg and the harbour board's new chairman \"reckless\" on Monday.",
     1,
     {{"both Tom Berg and the harbour board's new chairman \"reckless\"", NM_QUOTE_MIXED,
       "Ana Ruiz", "Ana Ruiz", "called", 0, 0}}},
    /* asked + an object phrase + a question: the question is the content */
    {"asked_object_phrase_then_whether",
     "The paper asked the harbour board's chairman whether he had read the report.",
     1,
     {{"whether he had read the report", NM_QUOTE_INDIRECT, "The paper", "", "asked", 0, 0}}},
    {"asked_object_phrase_then_if",
     "Ana Ruiz asked the council members if they would vote for the pier.",
     1,
     {{"if they would vote for the pier", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "asked", 0,
       0}}},
    /* `..., while another says ...`: a contrast clause with its own cue ends
     * the first content and reports on its own */
    {"while_another_says_two_reports",
     "One firm says there are 400 boats in the bay, while another says there are about 250.",
     2,
     {{"there are 400 boats in the bay", NM_QUOTE_INDIRECT, "One firm", "", "says", 0, 0},
      {"there are about 250", NM_QUOTE_INDIRECT, "another", "", "says", 0, 0}}},
    /* ... also after "although" or "though": the quotation is the second cue's */
    {"although_clause_reports_on_its_own",
     "Ana Ruiz said on Monday that she would stay, although she wrote that she \"will not run "
     "again.\"",
     2,
     {{"she would stay", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0},
      {"she \"will not run again.\"", NM_QUOTE_MIXED, "she", "Ana Ruiz", "wrote", 0, 0}}},
    /* ... a contrast clause without a cue stays in the content */
    {"while_without_cue_stays_in_content",
     "Tom Berg says the port is busy, while the ferry runs empty.",
     1,
     {{"the port is busy, while the ferry runs empty", NM_QUOTE_INDIRECT, "Tom Berg", "Tom Berg",
       "says", 0, 0}}},
    /* a generic subject, a say verb, a demonstrative with its verb: a clause */
    {"others_say_this_is",
     "Some call it a setback. Others say this is just a slow season.",
     1,
     {{"this is just a slow season", NM_QUOTE_INDIRECT, "Others", "", "say", 0, 0}}},
    /* "long" and a contraction between the subject and its cue are skipped */
    {"has_long_complained_that",
     "Ana Ruiz has long complained that the port is too small.",
     1,
     {{"the port is too small", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "complained", 0, 0}}},
    {"contraction_before_cue",
     "Tom Berg met the crews. He\xe2\x80\x99" "d already said he would close the pier.",
     1,
     {{"he would close the pier", NM_QUOTE_INDIRECT, "He", "Tom Berg", "said", 0, 0}}},
    /* A participle cue after a comma reports on its own: the content before
     * it ends at the comma */
    {"infinitive_then_comma_saying",
     "Tom Berg urged the mayor to sell the pier, saying only a crisis would move the council.",
     2,
     {{"the mayor to sell the pier", NM_QUOTE_INDIRECT, "Tom Berg", "Tom Berg", "urged", 0, 0},
      {"only a crisis would move the council", NM_QUOTE_INDIRECT, "Tom Berg", "Tom Berg",
       "saying", 0, 0}}},
    {"that_clause_then_comma_adding",
     "Ana Ruiz said the crews had worked all night, adding that the port would stay open.",
     2,
     {{"the crews had worked all night", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "said", 0, 0},
      {"the port would stay open", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz", "adding", 0, 0}}},
    /* `according to a document by NAME`: the name speaks */
    {"according_to_report_by_name",
     "The pier was closed, according to a report by the Harbour Institute.",
     1,
     {{"The pier was closed", NM_QUOTE_INDIRECT, "Harbour Institute", "Harbour Institute",
       "according to", 0, 0}}},
    /* a date between a say verb and its clause */
    {"said_date_then_clause", "The ferry union said Monday it would strike.", 1,
     {{"it would strike", NM_QUOTE_INDIRECT, "The ferry union", "", "said", 0, 0}}},
    /* a name between commas after the subject is an appositive, not an aside */
    {"role_comma_name_comma_says_is_no_aside",
     "One harbour official, Ana Ruiz, says despite the storm, the pier will open in May.",
     1,
     {{"despite the storm, the pier will open in May", NM_QUOTE_INDIRECT, "Ana Ruiz", "Ana Ruiz",
       "says", 0, 0}}},
    /* a pronoun clause after `, others say` is content, so the clause before
     * is no final attribution's content */
    {"comma_others_say_pronoun_clause_is_no_final_attribution",
     "While some friends say the mayor looks tired, others say she has never looked better.",
     2,
     {{"the mayor looks tired", NM_QUOTE_INDIRECT, "some friends", "", "say", 0, 0},
      {"she has never looked better", NM_QUOTE_INDIRECT, "others", "", "say", 0, 0}}},
    /* `..., then says ...`: a second verb of the sentence's subject */
    {"comma_then_says_second_verb",
     "Tom Berg jokingly offered the man a job, then says he will welcome any advice.",
     1,
     {{"he will welcome any advice", NM_QUOTE_INDIRECT, "Tom Berg", "Tom Berg", "says", 0, 0}}},
    /* a participle clause whose sentence opens with a determiner, a noun
     * phrase and a verb in -ed: the noun phrase speaks */
    {"participle_subject_is_opening_noun_phrase",
     "The harbour departments declined to give any details, saying they cannot discuss the case.",
     1,
     {{"they cannot discuss the case", NM_QUOTE_INDIRECT, "The harbour departments", "", "saying",
       0, 0}}},
    /* A pronoun speaker refers to the nearest person of its gender or of an
     * unknown one: a person named between the quotes counts. */
    {"pronoun_counts_person_named_in_between",
     "\"We will fight,\" Marcus Whitfield said. Speaking later, Volodymyr Zelensky "
     "said he understood. \"I know people are tired,\" he said.",
     3,
     {{"\"We will fight,\"", NM_QUOTE_DIRECT, "Marcus Whitfield", "Marcus Whitfield", "said", 0, 0},
      {"he understood", NM_QUOTE_INDIRECT, "Volodymyr Zelensky", "Volodymyr Zelensky", "said", 0,
       0},
      {"\"I know people are tired,\"", NM_QUOTE_DIRECT, "he", "Volodymyr Zelensky", "said", 0, 0}}},
};

static void test_rows(void) {
    size_t r, i, n;
    for (r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const row_t *w = &rows[r];
        int failed = check_failed;
        analyze(w->text, &n);
        CHECK_INT(n, w->n);
        for (i = 0; i < 3 && w->q[i].text; i++) {
            const want_t *e = &w->q[i];
            const nm_quote_t *q =
                check_quote(w->text, e->text, e->type, e->speaker, e->id_of, e->cue);
            if (q && e->exact) CHECK_INT(q->flags, e->flags);
            if (q && !e->exact && e->flags) CHECK_INT(q->flags & e->flags, e->flags);
        }
        if (check_failed != failed) fprintf(stderr, "  in row \"%s\"\n", w->name);
    }
}

/* ---------------------------------------------------------------- tests */

static void test_project_example_mixed_then_direct(void) {
    const char *t = "Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal "
                    "\"will not survive the winter.\" Ruiz, 52, added: \"We have done what we "
                    "could.\" Critics disagreed.";
    size_t n;
    const nm_quote_t *q;
    analyze(t, &n);
    CHECK_INT(n, 2);
    check_quote(t, "the deal \"will not survive the winter.\"", NM_QUOTE_MIXED, "Ana Ruiz",
                "Ana Ruiz", "told");
    q = check_quote(t, "\"We have done what we could.\"", NM_QUOTE_DIRECT, "Ruiz", "Ana Ruiz",
                    "added");
    if (q) CHECK_INT(q->flags, 0);
    CHECK(entity_id(t, "Ruiz") == entity_id(t, "Ana Ruiz"));
}

static void test_split_quote_same_speaker(void) {
    const char *t = "\"We did it,\" Ana Ruiz said, \"and we will do it again.\"";
    size_t n;
    const nm_quote_t *q;
    analyze(t, &n);
    /* one quotation interrupted by its attribution: one quote of two parts */
    CHECK_INT(n, 1);
    q = check_parts(t, (const char *const[]){"\"We did it,\"", "\"and we will do it again.\"", NULL},
                    NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said");
    if (q) CHECK_INT(q->flags, 0);
}

/* A closing-shaped mark opening a line (`” … the port`, a slip of curly
 * quotes after an ellipsis) opens a quotation: nothing is open there. */
static void test_line_opening_closing_mark(void) {
    const char *t = "The harbour reopened.\n\n\xe2\x80\x9d \xe2\x80\xa6 the port will stay open,"
                    "\xe2\x80\x9d wrote Ana Ruiz. \xe2\x80\x9cWe expect more ships.\xe2\x80\x9d";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_parts(t,
                (const char *const[]){"\xe2\x80\x9d \xe2\x80\xa6 the port will stay open,\xe2\x80\x9d",
                                      "\xe2\x80\x9cWe expect more ships.\xe2\x80\x9d", NULL},
                NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "wrote");
}

/* A first part that ends on a question mark: the second part opens a new
 * sentence of the tokenizer, but the cue between is the first part's, so
 * the two are one quotation (not a second quote whose clause subject
 * speaks). */
static void test_split_quote_question(void) {
    const char *t = "\"Why now?\" Ana Ruiz asked, \"and why at the pier?\"";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_parts(t, (const char *const[]){"\"Why now?\"", "\"and why at the pier?\"", NULL},
                NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "asked");
}

/* The same with a colon after the cue: the first part is still the
 * attribution's, not a bare quotation before a colon cue. */
static void test_split_quote_colon(void) {
    const char *t = "\"We will win the harbour vote,\" Ana Ruiz said: \"We will be back next year.\"";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_parts(t,
                (const char *const[]){"\"We will win the harbour vote,\"",
                                      "\"We will be back next year.\"", NULL},
                NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said");
}

/* The first part's last sentence opens with a pronoun, the second part with
 * a capital: its sentence opens inside the first part, so "She" is no
 * subject of the second; one quotation still. */
static void test_split_quote_pronoun_inside(void) {
    const char *t = "\"We stood at the pier. She lied to me,\" Tomas Berg said, \"She told me "
                    "the toll was fair.\"";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_parts(t,
                (const char *const[]){"\"We stood at the pier. She lied to me,\"",
                                      "\"She told me the toll was fair.\"", NULL},
                NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said");
}

/* Signed comments on lines of their own: a signature closes its quotation
 * (the next line's quote is not a second part of it), and a signature read
 * as two names is one signer. */
static void test_signed_comments(void) {
    const char *t = "\"We waited at the pier for hours. You are not a captain, you are a boss.\" "
                    "\xe2\x80\x95 Marta Olsen Luis Pereira\n"
                    "\"No crew wants a board that insults it, as I see it.\" \xe2\x80\x95 Carla Mendes\n";
    size_t n;
    const nm_quote_t *q;
    analyze(t, &n);
    CHECK_INT(n, 2);
    q = check_quote(t, "\"We waited at the pier for hours. You are not a captain, you are a boss.\"",
                    NM_QUOTE_DIRECT, "Marta Olsen Luis Pereira", "Marta Olsen", "\xe2\x80\x95");
    if (q) CHECK_INT(q->nparts, 0);
    check_quote(t, "\"No crew wants a board that insults it, as I see it.\"", NM_QUOTE_DIRECT,
                "Carla Mendes", "Carla Mendes", "\xe2\x80\x95");
}

static void test_multi_paragraph_quote_continues(void) {
    const char *t = "Ana Ruiz said: \"We did it.\n\n\"And we will do it again next year.\"\n\n"
                    "Critics disagreed.";
    size_t n;
    const nm_quote_t *q;
    analyze(t, &n);
    /* one quote over two paragraphs, closed at the end of the second */
    CHECK_INT(n, 1);
    q = check_parts(t,
                    (const char *const[]){"\"We did it.", "\"And we will do it again next year.\"",
                                          NULL},
                    NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said");
    if (q) CHECK_INT(q->flags, 0);
}

/* Three paragraphs, the last one left open: three parts, unclosed. */
static void test_quote_over_three_paragraphs(void) {
    const char *t = "Ana Ruiz said: \"We did it.\n\n\"We will do it again.\n\n\"And then we "
                    "rest.\n\nCritics disagreed.";
    size_t n;
    const nm_quote_t *q;
    analyze(t, &n);
    CHECK_INT(n, 1);
    q = check_parts(t,
                    (const char *const[]){"\"We did it.", "\"We will do it again.",
                                          "\"And then we rest.", NULL},
                    NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said");
    if (q) CHECK_INT(q->flags, NM_QF_UNCLOSED);
}

static void test_unclosed_quote_ends_at_paragraph(void) {
    const char *t = "\"We tried everything, Tomas Berg said.\n\nThe ferry left at noon.";
    size_t n;
    const nm_quote_t *q;
    analyze(t, &n);
    CHECK_INT(n, 1);
    q = find_quote(t, "\"We tried everything, Tomas Berg said.");
    CHECK(q != NULL);
    if (q) CHECK(q->flags & NM_QF_UNCLOSED);
}

/* `"A," X said. "B."`: the attribution sentence interrupts one quotation. */
static void test_quote_after_attribution_sentence_is_second_part(void) {
    const char *t = "\"We did it,\" Ana Ruiz said. \"Next year we go further.\"";
    size_t n;
    const nm_quote_t *q;
    analyze(t, &n);
    CHECK_INT(n, 1);
    q = check_parts(t,
                    (const char *const[]){"\"We did it,\"", "\"Next year we go further.\"", NULL},
                    NM_QUOTE_DIRECT, "Ana Ruiz", "Ana Ruiz", "said");
    if (q) CHECK_INT(q->flags, 0);
}

static void test_cue_then_participle_clause(void) {
    const char *t = "\"We need a new pier,\" the harbour master said, adding that the old one "
                    "was rotten.";
    size_t n;
    analyze(t, &n);
    CHECK(n >= 1);
    check_quote(t, "\"We need a new pier,\"", NM_QUOTE_DIRECT, "the harbour master", "", "said");
}

static void test_role_then_name_between_commas(void) {
    const char *t = "The union rejected the offer. Its president, Carla Mendes, warned that "
                    "the strike would continue.";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_quote(t, "the strike would continue", NM_QUOTE_INDIRECT, "Carla Mendes", "Carla Mendes",
                "warned");
    /* the name first keeps the name */
    t = "Carla Mendes, its president, warned that the strike would continue.";
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_quote(t, "the strike would continue", NM_QUOTE_INDIRECT, "Carla Mendes", "Carla Mendes",
                "warned");
}

static void test_generic_subject_with_phrase_and_final_that(void) {
    /* "that" at the end is a pronoun, not the start of the content */
    const char *t = "Experts on shipping and port safety said the new rules could change that.";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_quote(t, "the new rules could change that", NM_QUOTE_INDIRECT,
                "Experts on shipping and port safety", "", "said");
    t = "Residents of the old town said the ferry was too loud.";
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_quote(t, "the ferry was too loud", NM_QUOTE_INDIRECT, "Residents of the old town", "",
                "said");
}

static void test_headline_reports_nothing(void) {
    /* a headline with a cue verb, then the story (a line of its own without
     * a full stop is a headline; the same words ending in one are speech) */
    const char *t = "Mayors promised new ferry line at Harbour summit\n\n"
                    "The mayors promised that the new ferry line will run by June.\n";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_quote(t, "the new ferry line will run by June", NM_QUOTE_INDIRECT, "The mayors", "",
                "promised");
    analyze("# Ruiz says port deal is dead\n", &n);
    CHECK_INT(n, 0);
}

/* ---------------------------------------------------------------- hostile */

static void test_only_quotation_marks(void) {
    const char *t = "\"\"\" \" \"\" '' \xe2\x80\x9c\xe2\x80\x9d \xc2\xab\xc2\xbb \"";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 0);
    check_in_order(t);
}

static void test_ten_thousand_unbalanced_marks(void) {
    size_t i, n, len = 0;
    char *t = malloc(10000 * 8 + 1);
    static const char *const pieces[] = {"\"a ", "\xe2\x80\x9c" "b ", "' ", "said ",
                                         "\xc2\xbb ", "x, ", "\xe2\x80\x99 ", "\n\n"};
    if (!t) return;
    for (i = 0; i < 10000; i++) {
        const char *p = pieces[(i * 7 + i / 3) % 8];
        size_t pl = strlen(p);
        memcpy(t + len, p, pl);
        len += pl;
    }
    t[len] = 0;
    analyze(t, &n);
    check_in_order(t);
    CHECK(n < 10000);
    free(t);
}

static void test_apostrophe_heavy_text(void) {
    const char *t = "The players' union said it's the owners' fault. Rock 'n' roll isn't dead, "
                    "the '90s weren't better, and O'Brien's dogs' bowls are James' problem.";
    size_t n, i;
    const nm_quote_t *q = analyze(t, &n);
    check_in_order(t);
    /* no direct quote may come out of apostrophes */
    for (i = 0; i < n; i++) CHECK(q[i].type != NM_QUOTE_DIRECT);
}

static void test_mixed_mark_styles(void) {
    const char *t = "\xe2\x80\x9cWe start today,\" Ana Ruiz said. \xc2\xab" "And we finish "
                    "tomorrow.\xe2\x80\x9d Peter Novak said: \"No.\xc2\xbb";
    size_t n;
    analyze(t, &n);
    check_in_order(t);
    CHECK(n >= 1);
    /* the first quotation, alone or as the first part of a longer one */
    if (n) {
        const nm_quote_t *q = nm_result_quotes(res, &n);
        size_t np;
        const nm_span_t *sp = nm_result_quote_parts(res, &q[0], &np);
        const char *first = "\xe2\x80\x9cWe start today,\"";
        if (np)
            CHECK_SPAN(t, sp[0].start, sp[0].end, first);
        else
            CHECK_SPAN(t, q[0].start, q[0].end, first);
        CHECK_INT(q[0].type, NM_QUOTE_DIRECT);
        CHECK_SPAN(t, q[0].speaker.start, q[0].speaker.end, "Ana Ruiz");
        CHECK_INT(q[0].speaker_id, entity_id(t, "Ana Ruiz"));
        CHECK_SPAN(t, q[0].cue.start, q[0].cue.end, "said");
    }
}

/* ---------------------------------------------------------------- attribution patterns (2) */

static void test_name_with_parenthesis_and_appositive_after_quote(void) {
    const char *t = "\"We will not stop,\" Rep. Tomas Berg (D-Ohio), a member of the harbour "
                    "panel, said in an interview. \"But the rules are unfair.\"";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 1);
    check_parts(t,
                (const char *const[]){"\"We will not stop,\"", "\"But the rules are unfair.\"",
                                      NULL},
                NM_QUOTE_DIRECT, "Tomas Berg", "Tomas Berg", "said");
}

static void test_as_document_put_it_after_quote(void) {
    const char *t = "The main rule is \"no boats after dark,\" as a city memo put it.";
    size_t n;
    analyze(t, &n);
    CHECK(n >= 1);
    check_quote(t, "\"no boats after dark,\"", NM_QUOTE_DIRECT, "a city memo", "", "put it");
}

/* The rule name of q equals want (the name printed when it does not). */
#define CHECK_RULE(rule, want)                                                     \
    do {                                                                           \
        const char *check_r_ = nm_quote_rule_name(rule);                           \
        CHECK_SPAN(check_r_, 0, strlen(check_r_), want);                           \
    } while (0)

/* Speakers and no-speech cases of issue 12, as rows: the text, the quote
 * (NULL: the text has no quote at all), its speaker, the mention whose id
 * the speaker carries ("" for id 0), its cue and the rule that found it. */
static const struct {
    const char *text, *quote, *speaker, *id_of, *cue, *rule;
} speaker_rows[] = {
    /* a cue word after a determiner and an adjective, before "of" and a
     * quotation, is a noun: the clause's subject chants */
    {"Hundreds of fans joined in a thunderous chant of \"Open the gates!\" outside the hall.",
     "\"Open the gates!\"", "Hundreds of fans", "", "joined", "dq-clause-subject"},
    /* a body named by its common noun, then a relative clause with "that" or
     * "which": the body speaks */
    {"The union that represents the dockers said the strike would last until Friday.",
     "the strike would last until Friday", "The union", "", "said", "that-clause"},
    {"The harbour board, which met on Monday, said the toll would stay.", "the toll would stay",
     "The harbour board", "", "said", "that-clause"},
    /* a phrase of a preposition between commas after the opening subject:
     * the second verb after "and" is still that subject's */
    {"The port authority, in a statement, called the plan a mistake and said it would appeal.",
     "it would appeal", "The port authority", "", "said", "that-clause"},
    /* a determiner, a role and a name open the clause before a colon: the
     * name speaks the quotation after it, not the speaker of the one before */
    {"Carla Mendes spoke first. Her colleague Rui Alves was blunter: "
     "\"They treat us like cargo.\"",
     "\"They treat us like cargo.\"", "Rui Alves", "Rui Alves", "blunter:", "dq-colon-clause"},
    /* a body or a role before "of" heads the phrase that speaks */
    {"The ministry of infrastructure said it was studying the matter.", "it was studying the matter",
     "The ministry of infrastructure", "", "said", "that-clause"},
    /* the noun after "whose" speaks for its antecedent (the antecedent's id) */
    {"The plan was drawn up by Mayor Ana Ruiz, whose office said the toll would pay for it.",
     "the toll would pay for it", "whose office", "Ana Ruiz", "said", "that-clause"},
    /* a floating "both" or "each" between a pair and its cue */
    {"Sara Moura and Pedro Alves both said the win proved the team was ready.",
     "the win proved the team was ready", "Sara Moura", "Sara Moura", "said", "that-clause"},
    {"Sara Moura and Pedro Alves have each said the team was ready.", "the team was ready",
     "Sara Moura", "Sara Moura", "said", "that-clause"},
    /* a participle of inference after a comma: no speech when no verb of
     * speech comes before it and nobody opens the sentence */
    {"The harbour index fell sharply, suggesting traders were nervous.", NULL, NULL, NULL, NULL,
     NULL},
    {"Shares in the ferry operator, Calder Marine, rose 3 percent, suggesting investors welcomed "
     "the deal.",
     NULL, NULL, NULL, NULL, NULL},
    {"On the council, Ana Ruiz has derided the toll, suggesting that it would fail.",
     "it would fail", "Ana Ruiz", "Ana Ruiz", "suggesting", "that-clause"},
    /* a phrase of the setting between the subject and its cue: the subject
     * speaks, not the object of the preposition */
    {"Carla Neves in her speech called the harbour fees \"a tax on work.\"",
     "the harbour fees \"a tax on work.\"", "Carla Neves", "Carla Neves", "called", "dq-naming"},
    {"Carla Neves at a rally in Faro said the fees would go.", "the fees would go", "Carla Neves",
     "Carla Neves", "said", "that-clause"},
    {"Carla Neves in an interview with Harbour Radio said the fees would go.",
     "the fees would go", "Carla Neves", "Carla Neves", "said", "that-clause"},
    {"The mayor in a letter to residents warned that the fees would rise.",
     "the fees would rise", "The mayor", "", "warned", "that-clause"},
    /* (a plural role opening the sentence, capitalized there) */
    {"Residents at the meeting branded the council \"cowards\" before leaving.",
     "the council \"cowards\"", "Residents", "", "branded", "dq-naming"},
    {"Fans outside the hall chanted \"Open the gates!\" until dusk.", "\"Open the gates!\"",
     "Fans", "", "chanted", "dq-cue-before"},
    /* a long object before the label of a naming verb */
    {"In May, Carla Neves called the port board's plans to open a $40 million terminal in Faro "
     "\"a costly folly.\"",
     "the port board's plans to open a $40 million terminal in Faro \"a costly folly.\"",
     "Carla Neves", "Carla Neves", "called", "dq-naming"},
    /* (the head of a phrase after a preposition is no subject) */
    {"Supporters of Carla Neves at the rally chanted that the port was theirs.",
     "the port was theirs", "Supporters of Carla Neves at the rally", "", "chanted",
     "that-clause"},
    /* a cue opening an aside between commas is the aside's; the clause
     * that goes on to the colon attributes the quotation */
    {"Tom Reyes, asked about Daniel Okafor, was blunt: \"He is not ready.\"",
     "\"He is not ready.\"", "Tom Reyes", "Tom Reyes", "blunt:", "dq-colon-clause"},
    /* an attribution set off by commas after an opening phrase, its subject
     * a noun phrase that names nobody */
    {"After a small rise next year, the budget office said, deficits will grow faster.",
     "After a small rise next year, the budget office said, deficits will grow faster",
     "the budget office", "", "said", "comma-aside"},
    /* the cue of a relative clause between commas reports up to the comma
     * that closes the clause */
    {"Ana Ruiz, who said the pier was safe, left early on Monday.", "the pier was safe",
     "Ana Ruiz", "Ana Ruiz", "said", "that-clause"},
    {"The fee, which Tomas Berg said was unfair, was dropped in May.", "was unfair", "Tomas Berg",
     "Tomas Berg", "said", "that-clause"},
    /* a tell verb's object, then the content's subject and auxiliary
     * without "that" */
    {"Sofia Matos told parliament the ministry would look closely at the plan.",
     "the ministry would look closely at the plan", "Sofia Matos", "Sofia Matos", "told",
     "tell-object"},
    /* a content clause without "that" opening on a bare noun and its
     * auxiliary, after a subject with a prepositional phrase */
    {"Nurses at the food bank said demand had doubled.", "demand had doubled",
     "Nurses at the food bank", "", "said", "that-clause"},
    /* two speakers sharing one cue, the second in apposition to a role:
     * the first named speaks */
    {"Ana Ruiz and her deputy, Tomas Berg, said the union would vote on Friday.",
     "the union would vote on Friday", "Ana Ruiz", "Ana Ruiz", "said", "that-clause"},
    {"\"We will appeal,\" Ana Ruiz and her deputy, Tomas Berg, said on Friday.",
     "\"We will appeal,\"", "Ana Ruiz", "Ana Ruiz", "said", "dq-cue-after"},
    /* a role at a facility (LOC) speaks; the facility alone does not */
    {"A nurse at Porto General Hospital said the ward was full.", "the ward was full",
     "A nurse at Porto General Hospital", "", "said", "that-clause"},
    /* role nouns (data/lists/roles.txt) before a place: the role phrase
     * speaks, not the place */
    {"A pastor in Porto said the shelter would stay open.", "the shelter would stay open",
     "A pastor in Porto", "", "said", "that-clause"},
    {"One delegate from Ohio said the platform was weak.", "the platform was weak",
     "One delegate from Ohio", "", "said", "that-clause"},
    /* a name after the cue followed by a preposition into the quotation is
     * the cue's object, not an inverted speaker */
    {"A campaign ad released on Monday accuses Tomas Berg of \"selling the pier to his friends.\"",
     "\"selling the pier to his friends.\"", "A campaign ad", "", "accuses", "dq-cue-before"},
    /* an adverb between a noun phrase subject and its verb; the group
     * after "to" received the words */
    {"The campaign quickly sent an email to supporters stating \"The board has lost its way.\"",
     "\"The board has lost its way.\"", "The campaign", "", "stating", "dq-cue-before"},
    /* a cue word in -s after a preposition is a noun (`turned to jokes`):
     * the colon clause after it names the speaker */
    {"When the board members turned to jokes, Lena Hale called them on it:\n\n\"The questions "
     "asked tonight show why nobody trusts this board.\"",
     "\"The questions asked tonight show why nobody trusts this board.\"", "Lena Hale", "Lena Hale",
     "called them on it:", "dq-colon-clause"},
    /* a quotation running on into the sentence, then an inverted
     * attribution: the name after the cue speaks, not the one before it */
    {"\"This will be a hard winter\" for the harbour master, said Lena Hale.",
     "\"This will be a hard winter\"", "Lena Hale", "Lena Hale", "said", "dq-cue-after"},
    {"\"Nobody can sell it\" before Tomas Berg signs, said Lena Hale.",
     "\"Nobody can sell it\"", "Lena Hale", "Lena Hale", "said", "dq-cue-after"},
    /* an opening phrase, a phrase in apposition to it with a name, then
     * the titled subject: the subject speaks, not the name in the phrase */
    {"In her speech, a tribute to Tomas Berg, Ms. Ruiz mourned the \"quiet deals of the old board.\"",
     "\"quiet deals of the old board.\"", "Ruiz", "Ruiz", "mourned", "dq-clause-subject"},
    {"In her speech, a tribute to Tomas Berg, Ms. Ruiz closed by urging \"a port for everyone.\"",
     "\"a port for everyone.\"", "Ruiz", "Ruiz", "urging", "dq-cue-before"},
    /* a quotation opening its sentence, closed on a comma, then "Name said:"
     * and more: the attribution is the quotation's */
    {"\"This is the harbour we were promised,\" Ana Ruiz said: the pier had been closed for years.",
     "\"This is the harbour we were promised,\"", "Ana Ruiz", "Ana Ruiz", "said", "dq-cue-after"},
    /* a quotation interrupting the clause of its subject, then "said" and
     * what was said: the subject speaks, not the clause after the cue */
    {"Tomas Berg, citing \"the old harbour rule,\" said the pier would stay open.",
     "\"the old harbour rule,\"", "Tomas Berg", "Tomas Berg", "said", "dq-cue-after"},
    /* a speaker after the cue ends before a relative clause */
    {"\"We will sell the pier,\" said one official who identified Tomas Berg as the buyer.",
     "\"We will sell the pier,\"", "one official", "", "said", "dq-cue-after"},
    /* an attribution after a quote in two single quotation marks (''...,''
     * as some papers print them) */
    {"''Silly plans made by silly people,'' scoffed Leonor Bras, 41, who founded the group.",
     "''Silly plans made by silly people,''", "Leonor Bras", "Leonor Bras", "scoffed",
     "dq-cue-after"},
    /* verbs that attribute only right after a quote: a follow-up question
     * pressed, a report's recommendation, a memory, a crowd's jeer */
    {"\"And the toll?\" Lena Hale pressed.", "\"And the toll?\"", "Lena Hale", "Lena Hale", "pressed",
     "dq-cue-after"},
    {"\"Close the old pier before winter,\" the harbour board recommended.",
     "\"Close the old pier before winter,\"", "the harbour board", "", "recommended", "dq-cue-after"},
    {"\"She never missed a council meeting,\" remembered Tomas Berg, her deputy.",
     "\"She never missed a council meeting,\"", "Tomas Berg", "Tomas Berg", "remembered",
     "dq-cue-after"},
    {"\"Go home!\" the fans jeered.", "\"Go home!\"", "the fans", "", "jeered", "dq-cue-after"},
    /* a sentence of speaker, cue and a phrase only introduces the next quote */
    {"Tomas Berg, the union leader, said in a statement. \"We expected more from the port.\"",
     "\"We expected more from the port.\"", "Tomas Berg", "Tomas Berg", "said", "dq-cue-before"},
    /* a title after a noun that names a work is no quote */
    {"Lena Hale read his book ''Tides of the North Sea'' on the ferry.", NULL, "", "", "", ""},
    /* ... and so is a title in Title Case after a preposition or "and", a
     * cue near or not */
    {"Tomas Berg, who starred in \"Harbour Lights\" and \"Tides of the North,\" posted the clip "
     "on Monday.",
     NULL, "", "", "", ""},
    {"Ana Ruiz spoke in an interview with \"The Morning Show,\" saying the pier would reopen.",
     "the pier would reopen", "Ana Ruiz", "Ana Ruiz", "saying", "that-clause"},
    /* a noun phrase opening the sentence with its verb speaks through a
     * participle after a comma, not a person named later */
    {"The harbour master left no doubt of his support for Ana Ruiz, saying \"she is the only one "
     "who can fix the pier.\"",
     "\"she is the only one who can fix the pier.\"", "The harbour master", "", "saying",
     "dq-cue-before"},
    /* ... also after an opening phrase, with a second participle after "and" */
    {"Outside the town hall, about 200 dockers gathered in three groups, holding signs and "
     "chanting \"Save the pier.\"",
     "\"Save the pier.\"", "about 200 dockers", "", "chanting", "dq-cue-before"},
    /* a count of people opens the sentence and speaks through its participle */
    {"About 200 dockers gathered outside the town hall, chanting \"Save the pier.\"",
     "\"Save the pier.\"", "About 200 dockers", "", "chanting", "dq-cue-before"},
    {"Hundreds of fishermen marched through the old town on Monday, chanting \"No toll, no "
     "vote.\"",
     "\"No toll, no vote.\"", "Hundreds of fishermen", "", "chanting", "dq-cue-before"},
    /* a noun phrase subject with an irregular past tense; what the
     * participle reports holds the quoted words (a mixed quote) */
    {"The harbour master began by talking about the storm, saying the repairs were \"cheaper "
     "than anyone feared.\"",
     "the repairs were \"cheaper than anyone feared.\"", "The harbour master", "", "saying",
     "that-clause"},
    /* after "according to", a possessive and a noun are the source */
    {"The long fight put the council \"through the wringer,\" according to her lawyers.",
     "\"through the wringer,\"", "her lawyers", "", "according to", "dq-cue-after"},
    /* a passive cue reports no speech of its subject */
    {"In a radio interview, Helena Varga was asked about the vote.", NULL, "", "", "", ""},
    /* a clause ending with a colon: over `has since`, and after an opening
     * phrase of any preposition */
    {"The mayor was criticised for the late repairs. Ruiz has since apologized for what "
     "happened: \"I should have called the engineers sooner.\"",
     "\"I should have called the engineers sooner.\"", "Ruiz", "Ruiz",
     "apologized for what happened:", "dq-colon-clause"},
    {"Along with the photo, Tomas Berg had posted: \"We are not done yet!\"",
     "\"We are not done yet!\"", "Tomas Berg", "Tomas Berg", "posted:", "dq-colon-clause"},
    /* ... a noun phrase as the subject, the quotation in the next paragraph;
     * a cue word after a determiner and a modifier is a noun (`a short note`) */
    {"The board met on Monday.\n\nHer campaign posted a short note:\n\n\"We will be back in "
     "May.\"",
     "\"We will be back in May.\"", "Her campaign", "", "posted a short note:", "dq-colon-clause"},
    /* a clause and a colon before a quotation closed by a comma and its own
     * attribution: the attribution after it speaks */
    {"A few minutes later, Tomas Berg followed up by lamenting the endless tasks of his job: "
     "\"There is just a ton of paperwork with this job,\" he said.",
     "\"There is just a ton of paperwork with this job,\"", "he", "Tomas Berg", "said",
     "dq-cue-after"},
    /* the sentence before ends with a cue and a noun of speech as its
     * object: it introduces the quotation (and reports nothing itself) */
    {"On the other side, Tomas Berg tweeted a warning. \"Porto: remember in May who closed the "
     "pier.\"",
     "\"Porto: remember in May who closed the pier.\"", "Tomas Berg", "Tomas Berg", "tweeted",
     "dq-cue-before"},
    /* a relative clause or a participle phrase between the subject and
     * its cue: the subject speaks, not the last words of the phrase */
    {"A harbour official who spoke anonymously to discuss internal plans said Wednesday, "
     "\"There are talks with the union.\"",
     "\"There are talks with the union.\"", "A harbour official", "", "said", "dq-cue-before"},
    {"Another port source speaking to Harbour Radio said, \"The ships will not come back.\"",
     "\"The ships will not come back.\"", "Another port source", "", "said", "dq-cue-before"},
    {"Many dock workers who came to Porto to protest the sale say they will strike on Monday.",
     "they will strike on Monday", "Many dock workers", "", "say", "that-clause"},
    /* capitalized words with a title among them between the cue and the
     * name (`said State Senator Ana Ruiz`): the person speaks, not the
     * speaker of an earlier record */
    {"Many fishermen in Porto are unhappy.\n\n\"The pier stays open,\" said State "
     "Senator Ana Ruiz, Democrat of Porto.",
     "\"The pier stays open,\"", "Ana Ruiz", "Ana Ruiz", "said", "dq-cue-after"},
    /* a naming verb whose object's noun is also a cue word */
    {"Ana Ruiz called that report a \"boldfaced lie.\"", "that report a \"boldfaced lie.\"",
     "Ana Ruiz", "Ana Ruiz", "called", "dq-naming"},
    /* the passive of a verb of perception before a participle cue */
    {"\"Will the pier close?\" a reporter can be heard asking Tomas Berg after the vote.",
     "\"Will the pier close?\"", "a reporter", "", "asking", "dq-cue-after"},
    /* ... but a cue word used as a noun reports nothing */
    {"Tomas Berg is under fire over recent comments he made about the fishermen.", NULL, NULL,
     NULL, NULL, NULL},
    /* a negated verb after a quotation attributes nothing */
    {"Tomas Berg spoke after the count. \"We want everyone who gave money to have a say in "
     "this.\"\nBerg did not answer, either.",
     "\"We want everyone who gave money to have a say in this.\"", "Tomas Berg", "Tomas Berg", "",
     "dq-bare"},
    /* role words (a nationality among them) before the name of the subject */
    {"In response to the storm, Portuguese port director Ana Ruiz issued this warning:\n\n"
     "\"We will reopen the pier next week.\"",
     "\"We will reopen the pier next week.\"", "Ana Ruiz", "Ana Ruiz", "issued this warning:",
     "dq-colon-clause"},
    /* an attribution nearer the quote than the subject's verb is the quote's */
    {"Tomas Berg has been meeting with a writer whose book, according to its publisher, "
     "\"paints a grim picture of the harbour board.\"",
     "\"paints a grim picture of the harbour board.\"", "its publisher", "", "according to",
     "dq-cue-before"},
    /* headlines: a capitalized word alone before the colon, or a name and
     * its topic; a label word does not speak */
    {"Kvistad: 'We Are Going To Win Every Port'\n\nThe candidate spoke in Bergen on Monday.",
     "'We Are Going To Win Every Port'", "Kvistad", "", ":", "dq-colon-label"},
    {"Ana Ruiz Visits Flooded Harbour: 'We Will Rebuild Every Pier'\n\nThe mayor spoke on Monday.",
     "'We Will Rebuild Every Pier'", "Ana Ruiz", "Ana Ruiz", ":", "dq-colon-label"},
    {"Lena Hale on the Harbour Toll: 'I Think It Will Pass.'\n\nThe vote is next week.",
     "'I Think It Will Pass.'", "Lena Hale", "Lena Hale", ":", "dq-colon-label"},
    {"Update: \"The ferry will sail again on Monday, weather permitting.\"",
     "\"The ferry will sail again on Monday, weather permitting.\"", "", "", "", "dq-bare"},
    /* after "according to": any name is the source, a body's poll with the
     * poll, and a phrase ends before "out" */
    {"The ferry line has the largest payroll in the region, according to Statista.",
     "The ferry line has the largest payroll in the region", "Statista", "Statista",
     "according to", "according-to"},
    {"Most residents like the mayor, with 56 percent viewing him positively, according to a "
     "Harbour Radio poll in February.",
     "Most residents like the mayor, with 56 percent viewing him positively",
     "a Harbour Radio poll", "Harbour Radio", "according to", "according-to"},
    {"According to a poll out Thursday, the two candidates each have 27 percent of the vote.",
     "the two candidates each have 27 percent of the vote", "a poll", "", "According to",
     "according-to"},
    /* a role for an organization or of a place speaks as the whole phrase
     * (with the organization's id); after a name, as its appositive, the
     * name speaks */
    {"A spokeswoman for the Harbour Board said the pier would reopen.", "the pier would reopen",
     "A spokeswoman for the Harbour Board", "Harbour Board", "said", "that-clause"},
    {"The mayor of Porto said the toll would stay.", "the toll would stay", "The mayor of Porto",
     "", "said", "that-clause"},
    {"Sam Lau, the communications director for the Harbour Party said in a statement. \"There "
     "are no ballots to count.\"",
     "\"There are no ballots to count.\"", "Sam Lau", "Sam Lau", "said", "dq-cue-before"},
    /* a signature opening the next paragraph, after a quote that is a
     * paragraph of its own, titles before the name */
    {"The mayor spoke at noon.\n\n\"The whole idea of a crooked council is something we hear "
     "about all the time.\"\n\n-Marta Lopes, Porto.",
     "\"The whole idea of a crooked council is something we hear about all the time.\"",
     "Marta Lopes", "Marta Lopes", "-", "dq-signature"},
    {"\"Great speech. She is ready.\"\n\n-President Ana Ruiz, on Twitter.",
     "\"Great speech. She is ready.\"", "Ana Ruiz", "Ana Ruiz", "-", "dq-signature"},
    /* a nationality and a title before the name: the name speaks */
    {"\"We will defend every border,\" said Polish President Andrzej Duda.",
     "\"We will defend every border,\"", "Andrzej Duda", "Andrzej Duda", "said", "dq-cue-after"},
    {"\"The talks are over,\" said German Chancellor Olaf Scholz on Monday.",
     "\"The talks are over,\"", "Olaf Scholz", "Olaf Scholz", "said", "dq-cue-after"},
    /* a quote inside a clause without a cue: the clause's subject speaks, its
     * verb is the cue */
    {"The old pier was closed. Tomas Berg, who runs the ferry, blamed the council for \"years "
     "of neglect and broken promises.\"",
     "\"years of neglect and broken promises.\"", "Tomas Berg", "Tomas Berg", "blamed", "dq-clause-subject"},
    /* ... or a noun phrase opening the sentence: a determiner, the noun and
     * its verb (a plural noun is not the verb) */
    {"The harbour agency declined to detail the plan's \"scope or cost, or who would pay for "
     "it.\"",
     "\"scope or cost, or who would pay for it.\"", "The harbour agency", "", "declined",
     "dq-clause-subject"},
    {"The ferry crews worked through the night to finish \"a job nobody thought could be "
     "done.\"",
     "\"a job nobody thought could be done.\"", "The ferry crews", "", "worked",
     "dq-clause-subject"},
    /* after a date and its comma (`The next day,`, `On Monday,`) */
    {"The next day, her harbour account posted: \"Shop the look of the gala.\"",
     "\"Shop the look of the gala.\"", "her harbour account", "", "posted", "dq-clause-subject"},
    {"On Monday, Ana Ruiz told the crowd on the quay: \"We sail at dawn.\"",
     "\"We sail at dawn.\"", "Ana Ruiz", "Ana Ruiz", "told", "dq-cue-before"},
    /* "it" / "they": the organization named before, unless a noun phrase
     * that names nothing opens the sentence in between */
    {"The Porto Harbour Board met on Monday. \"We will not sell the pier,\" it said.",
     "\"We will not sell the pier,\"", "it", "Porto Harbour Board", "said", "dq-cue-after"},
    {"The Porto Harbour Board met on Monday. The dockers' union voted against the plan. \"This "
     "is theft,\" they said.",
     "\"This is theft,\"", "they", "", "said", "dq-cue-after"},
    /* a group right before the participle shouts the words; a group after
     * a preposition received them */
    {"The mayor arrived at noon, and about 50 dockers chanting \"no contract, no peace\" met "
     "her at the gate.",
     "\"no contract, no peace\"", "50 dockers", "", "chanting", "dq-cue-before"},
    {"Ana Ruiz sent a memo to the dockers explaining: \"We sail at dawn, whatever the board says.\"",
     "\"We sail at dawn, whatever the board says.\"", "Ana Ruiz", "Ana Ruiz", "explaining",
     "dq-cue-before"},
    /* an appositive holding a short title in quotation marks */
    {"Tomas Berg, the former host of the show \"Harbour Nights,\" listed a radio show as his "
     "favourite: \"Sea Stories\"",
     "\"Sea Stories\"", "Tomas Berg", "Tomas Berg", "listed", "dq-clause-subject"},
    {"\"We have had better weeks than this one,\" Porto lawyer Ana Ruiz, wearing a cap and "
     "\"Vote Berg\" pins, said calmly.",
     "\"We have had better weeks than this one,\"", "Ana Ruiz", "Ana Ruiz", "said",
     "dq-cue-after"},
    /* an organization's name after "the" speaks the colon's quotation */
    {"The Harbour Foundation describes itself in the following way:\n\n\"Everywhere we sail, "
     "we try to make ourselves unnecessary.\"",
     "\"Everywhere we sail, we try to make ourselves unnecessary.\"", "Harbour Foundation",
     "Harbour Foundation", "describes itself in the following way:", "dq-colon-clause"},
    {"Her campaign posted: \"We will be in Porto on Sunday, and we will win there too.\"",
     "\"We will be in Porto on Sunday, and we will win there too.\"", "Her campaign", "",
     "posted", "dq-clause-subject"},
    /* ... after an opening phrase of an adverb or a participle */
    {"Immediately after the vote, Tomas Berg issued a statement, \"We respect the result and we "
     "will go on.\"",
     "\"We respect the result and we will go on.\"", "Tomas Berg", "Tomas Berg", "issued",
     "dq-clause-subject"},
    {"Asked about the pier, Lena Hale smiled: \"It will stand for another hundred years.\"",
     "\"It will stand for another hundred years.\"", "Lena Hale", "Lena Hale", "smiled:",
     "dq-colon-clause"},
    /* a particle verb of speech is one cue, a colon or a comma after it */
    {"Asked about the pier, Lena Hale shot back: \"It will stand for another hundred years.\"",
     "\"It will stand for another hundred years.\"", "Lena Hale", "Lena Hale", "shot back",
     "dq-cue-before"},
    /* a cue before the quote whose subject is not next to it: the subject
     * opening the sentence */
    {"Lena Hale initially said in the spring, when the storm hit the pier, \"No boat was "
     "lost.\"",
     "\"No boat was lost.\"", "Lena Hale", "Lena Hale", "said", "dq-cue-before"},
    /* a short label after a naming verb: a role phrase says it too */
    {"A harbour spokeswoman called the plan \"a disgrace.\"", "the plan \"a disgrace.\"",
     "A harbour spokeswoman", "", "called", "dq-naming"},
    /* a date alone in quotation marks is a dateline, not speech */
    {"The harbour office posted the new timetable.\n\n\"March 11, 2026\"\n\nThe ferry will run "
     "twice a day.",
     NULL, NULL, NULL, NULL, NULL},
    /* a party word, a title or a role noun, then the name: the name speaks */
    {"\"The harbour vote was close,\" said Democratic Rep. Lena Hale.",
     "\"The harbour vote was close,\"", "Lena Hale", "Lena Hale", "said", "dq-cue-after"},
    {"\"Turnout will decide it,\" said Republican pollster Tomas Berg.",
     "\"Turnout will decide it,\"", "Tomas Berg", "Tomas Berg", "said", "dq-cue-after"},
    /* a determiner, a role, then the name with a long appositive before the cue */
    {"\"The pier will pay for itself,\" the economist Lena Hale, a former adviser to the "
     "harbour board in Porto, wrote on her blog.",
     "\"The pier will pay for itself,\"", "Lena Hale", "Lena Hale", "wrote", "dq-cue-after"},
    /* a person named in an appositive after a phrase with a place */
    {"The Foreign Minister of Poland, Radoslaw Sikorski, told reporters that the sanctions "
     "would stay.",
     "the sanctions would stay", "Radoslaw Sikorski", "Radoslaw Sikorski", "told", "that-clause"},
    /* ... also when the phrase names the body the role belongs to */
    {"The head of the Port-Workers League, Maria Kovac, warned that the tax would be \"a "
     "blow to every family.\"",
     "the tax would be \"a blow to every family.\"", "Maria Kovac", "Maria Kovac", "warned",
     "that-clause"},
    /* a long participial aside between the role and its cue */
    {"A Spanish official, speaking on the condition of anonymity to discuss the prime minister's "
     "schedule, said Friday that Berg \"will meet any candidate.\"",
     "Berg \"will meet any candidate.\"", "A Spanish official", "", "said", "that-clause"},
    /* a relative clause: the antecedent speaks */
    {"The mayor met Tomas Berg, who said the funds were frozen \"for reasons nobody "
     "explained.\"",
     "the funds were frozen \"for reasons nobody explained.\"", "Tomas Berg", "Tomas Berg",
     "said", "that-clause"},
    /* a framing participle is not the content of a final attribution */
    {"Speaking later, Volodymyr Zelensky said he understood.", "he understood",
     "Volodymyr Zelensky", "Volodymyr Zelensky", "said", "that-clause"},
    /* ... nor is an opening prepositional phrase when a clause follows the cue */
    {"At a meeting of the harbour board, Lena Hale said the vote was fair.", "the vote was fair",
     "Lena Hale", "Lena Hale", "said", "that-clause"},
    /* a headline or label line: `Speaker: "claim"` */
    {"Ruiz: \"We will not sell the harbour\"\n\nThe council met on Monday.",
     "\"We will not sell the harbour\"", "Ruiz", "Ruiz", ":", "dq-colon-label"},
    /* ... after a dash or `from`, or with a short parenthesis before the colon */
    {"PIER VOTE CLOSE - Lena Hale: \"The count was slower than we hoped.\"",
     "\"The count was slower than we hoped.\"", "Lena Hale", "Lena Hale", ":", "dq-colon-label"},
    /* ... or with a role before the name (a transcript's label line) */
    {"The hearing went on.\n\nFormer secretary of state Ana Ruiz:\"We learned that from the "
     "board.\"",
     "\"We learned that from the board.\"", "Ana Ruiz", "Ana Ruiz", ":", "dq-colon-label"},
    {"The board met again. More from Tomas Berg: \"The pier will open in May.\"",
     "\"The pier will open in May.\"", "Tomas Berg", "Tomas Berg", ":", "dq-colon-label"},
    {"Rep. Lena Hale (D-Maine): \"Nobody asked the fishermen.\"",
     "\"Nobody asked the fishermen.\"", "Lena Hale", "Lena Hale", ":", "dq-colon-label"},
    /* two speakers sharing one cue: the first named speaks */
    {"HARBOUR POLL - Lena Hale and Tomas Berg: \"Turnout fell in every ward.\"",
     "\"Turnout fell in every ward.\"", "Lena Hale", "Lena Hale", ":", "dq-colon-label"},
    {"\"We will appeal,\" Lena Hale and Tomas Berg said on Friday.", "\"We will appeal,\"",
     "Lena Hale", "Lena Hale", "said", "dq-cue-after"},
    {"Lena Hale and Tomas Berg told reporters that the pier would open in May.",
     "the pier would open in May", "Lena Hale", "Lena Hale", "told", "that-clause"},
    /* the sentence before ends with a cue no rule took and its speaker */
    {"The race is open. Or maybe the mayor will run again, harbour consultant Tomas Berg "
     "says. \"Two polls point to a second look at her.\"",
     "\"Two polls point to a second look at her.\"", "Tomas Berg", "Tomas Berg", "says",
     "dq-cue-before"},
    /* ... but a sentence without a cue before the quote gives it nothing */
    {"Tomas Berg walked out of the hall. \"Two polls point to a second look at her.\"",
     "\"Two polls point to a second look at her.\"", "", "", "", "dq-bare"},
    /* the addressee of `told` never speaks: the role phrase with its appositive does */
    {"\"The crews are under a lot of pressure,\" a harbour official, who was not allowed "
     "to speak on the record, told Harbour Radio.",
     "\"The crews are under a lot of pressure,\"", "a harbour official", "", "told",
     "dq-cue-after"},
    /* a role phrase, then the name between commas, far from the cue */
    {"\"The pier will open, whether it is now or in two weeks or in two months,\" Porto "
     "Mayor Ana Ruiz's chief of staff, Tomas Berg, told Harbour Radio.",
     "\"The pier will open, whether it is now or in two weeks or in two months,\"",
     "Tomas Berg", "Tomas Berg", "told", "dq-cue-after"},
    /* an adverb and a date between the subject and `told` */
    {"Tomas Berg later Thursday told Harbour Radio: \"We will meet the board next week.\"",
     "\"We will meet the board next week.\"", "Tomas Berg", "Tomas Berg", "told",
     "dq-cue-before"},
    /* a thing that carries the words before a participle cue: the subject speaks */
    {"Ana Ruiz issued a statement saying \"the harbour board has lost its way.\"",
     "\"the harbour board has lost its way.\"", "Ana Ruiz", "Ana Ruiz", "saying",
     "dq-cue-before"},
    /* the object of a preposition before a participle cue received the
     * words: the subject of the clause speaks */
    {"Ana Ruiz hit back on Facebook writing \"We will not sell the pier.\"",
     "\"We will not sell the pier.\"", "Ana Ruiz", "Ana Ruiz", "writing", "dq-cue-before"},
    {"Tomas Berg sent a note to the dock workers explaining \"the ferry will run on Sundays.\"",
     "\"the ferry will run on Sundays.\"", "Tomas Berg", "Tomas Berg", "explaining",
     "dq-cue-before"},
    /* ... but people before a participle cue speak themselves */
    {"Outside the hall, Ana Ruiz met about 200 dock workers chanting \"Save the pier!\"",
     "\"Save the pier!\"", "200 dock workers", "", "chanting", "dq-cue-before"},
    /* an infinitive cue: the subject of the clause speaks */
    {"Ana Ruiz went on to say: \"The pier will be ready in May.\"",
     "\"The pier will be ready in May.\"", "Ana Ruiz", "Ana Ruiz", "say", "dq-cue-before"},
    {"Tomas Berg was prompted to say \"nobody asked the fishermen.\"",
     "\"nobody asked the fishermen.\"", "Tomas Berg", "Tomas Berg", "say", "dq-cue-before"},
    /* ... but a person right before "to" speaks (`led her to declare`) */
    {"Tomas Berg lost the vote to Ana Ruiz by a wide margin, a result that led her to declare "
     "that the pier was saved.",
     "the pier was saved", "her", "Ana Ruiz", "declare", "that-clause"},
    /* a share of a poll's respondents speaks */
    {"In the harbour poll, 47 percent said they would vote for the new pier.",
     "they would vote for the new pier", "47 percent", "", "said", "that-clause"},
    /* cue verbs in a non-speech sense emit nothing */
    {"Lena Hale added a third goal in stoppage time.", NULL, NULL, NULL, NULL, NULL},
    {"The striker added two more goals before the break.", NULL, NULL, NULL, NULL, NULL},
    {"The bakery added 40 jobs in March.", NULL, NULL, NULL, NULL, NULL},
    /* a short fragment the sentence goes on after is part of its clause */
    {"Tomas Berg testified \"hundreds\" of boats had been lost.",
     "\"hundreds\" of boats had been lost", "Tomas Berg", "Tomas Berg", "testified",
     "that-clause"},
    /* a count right after a cue other than "say" is its object: no speech */
    {"The senators confirmed 68 judges by the end of the year.", NULL, NULL, NULL, NULL, NULL},
    {"The council announced 300 new jobs in Porto.", NULL, NULL, NULL, NULL, NULL},
    /* ... but after "said" a count opens a clause */
    {"Tomas Berg said 40 boats were lost in the storm.", "40 boats were lost in the storm",
     "Tomas Berg", "Tomas Berg", "said", "that-clause"},
    {"The \"Save the Pier\" campaign continues to grow.", NULL, NULL, NULL, NULL, NULL},
    /* "state" before a title or a possessive is a noun, not a cue */
    {"\"The vote was fair,\" state Sen. Lena Hale said on Monday.", "\"The vote was fair,\"",
     "Lena Hale", "Lena Hale", "said", "dq-cue-after"},
    /* a quoted Title Case title after "on" is not a quote, even next to a cue */
    {"Speaking on \"Harbour Hour,\" Tomas Berg said the pier was safe.", "the pier was safe",
     "Tomas Berg", "Tomas Berg", "said", "that-clause"},
    /* a document named by a quoted title after its determiner */
    {"According to the \"Harbour Report,\" exports fell by a third.", "exports fell by a third",
     "the \"Harbour Report,\"", "", "According to", "according-to"},
    /* documents and publications speak */
    {"\"The pier is unsafe,\" the report concluded.", "\"The pier is unsafe,\"", "the report", "",
     "concluded", "dq-cue-after"},
    {"The study found that the river had risen by a metre.", "the river had risen by a metre",
     "The study", "", "found", "that-clause"},
    {"The court ruled that the harbour fee was unlawful.", "the harbour fee was unlawful",
     "The court", "", "ruled", "that-clause"},
    /* a document reads, a person posts: cues only right after a quote */
    {"\"Our plan has already changed the race,\" read the email.",
     "\"Our plan has already changed the race,\"", "the email", "", "read", "dq-cue-after"},
    {"\"The deadline has passed,\" the harbour board's letter reads.",
     "\"The deadline has passed,\"", "the harbour board's letter", "", "reads", "dq-cue-after"},
    {"\"Not on my watch,\" Lena Hale posted on Monday.", "\"Not on my watch,\"", "Lena Hale",
     "Lena Hale", "posted", "dq-cue-after"},
    {"\"Is that the best they can do?\" Tomas Berg scoffed.", "\"Is that the best they can do?\"",
     "Tomas Berg", "Tomas Berg", "scoffed", "dq-cue-after"},
    {"Lena Hale posted a photo of the pier. Tomas Berg read the report twice.", NULL, NULL,
     NULL, NULL, NULL},
    /* "state" after a noun and a plural cue word before "of" are nouns */
    {"The former secretary of state mocked Tomas Berg: \"He is the king of debt.\"",
     "\"He is the king of debt.\"", "", "", "", "dq-bare"},
    {"Back home, Lena Hale and her adopted home state then boomed: \"Today we are home.\"",
     "\"Today we are home.\"", "", "", "", "dq-bare"},
    {"Outside the hall, spontaneous chants of \"Save the pier!\" rang out.",
     "\"Save the pier!\"", "", "", "", "dq-bare"},
    /* ... and a role, "of" and that noun speak together */
    {"\"The vote was rigged,\" the former secretary of state told reporters.",
     "\"The vote was rigged,\"", "the former secretary of state", "", "told", "dq-cue-after"},
    /* an adverb between the subject and the cue does not speak */
    {"\"This is your movement,\" Tomas Berg now says.", "\"This is your movement,\"",
     "Tomas Berg", "Tomas Berg", "says", "dq-cue-after"},
    /* a question mark ends the tokenizer's sentence, not the attribution */
    {"\"Too forced?\" Tomas Berg tweeted when the mayor ended her speech.",
     "\"Too forced?\"", "Tomas Berg", "Tomas Berg", "tweeted", "dq-cue-after"},
    {"\"Who pays for the pier?\" Lena Hale started.", "\"Who pays for the pier?\"",
     "Lena Hale", "Lena Hale", "started", "dq-cue-after"},
    /* odd marks: an opening-shaped mark closing after a comma, and ''' closing
     * a single quote inside a double one */
    {"\xe2\x80\x9cThe vote was close,\xe2\x80\x9c said Lena Hale, a county official.",
     "\xe2\x80\x9cThe vote was close,\xe2\x80\x9c", "Lena Hale", "Lena Hale", "said",
     "dq-cue-after"},
    {"''We will not stop 'until the end,''' said Tomas Berg.",
     "''We will not stop 'until the end,'''", "Tomas Berg", "Tomas Berg", "said", "dq-cue-after"},
    /* a clause without a cue ending with a colon: its opening subject speaks */
    {"Tomas Berg gloated: \"I told you the pier would hold.\"",
     "\"I told you the pier would hold.\"", "Tomas Berg", "Tomas Berg", "gloated:",
     "dq-colon-clause"},
    {"When the vote ended, Mayor Lena Hale released the following statement:\n\n\"We thank "
     "every fisherman who came.\"",
     "\"We thank every fisherman who came.\"", "Lena Hale", "Lena Hale",
     "released the following statement:", "dq-colon-clause"},
    /* ... but a colon after a phrase that opens with no subject gives nothing */
    {"Tomas Berg left early. Wait, it gets better: \"The pier is closed.\"",
     "\"The pier is closed.\"", "", "", "", "dq-bare"},
    /* a clause right after `said`: a later "that" is inside the content */
    {"Lena Hale said the warning was a sign that the board did not read the report.",
     "the warning was a sign that the board did not read the report", "Lena Hale", "Lena Hale",
     "said", "that-clause"},
    /* ... but a time phrase before "that" is not the content */
    {"Lena Hale said the day before that the pier was safe.", "the pier was safe", "Lena Hale",
     "Lena Hale", "said", "that-clause"},
    /* a subject, then an aside between dashes, then the cue */
    {"The harbour master -- who has clashed with the board for months -- said she regretted "
     "her remarks.",
     "she regretted her remarks", "The harbour master", "", "said", "that-clause"},
    /* a title before the name of a final attribution */
    {"The pier raised less suspicion, Mr. Tomas Berg said.", "The pier raised less suspicion",
     "Mr. Tomas Berg", "Tomas Berg", "said", "final-attribution"},
    /* after "according to": a law, a document, a poll's results speak, never
     * a lone determiner */
    {"According to state law, no boat may dock within 50 metres of the pier.",
     "no boat may dock within 50 metres of the pier", "state law", "", "According to",
     "according-to"},
    {"The pier will close in May, according to the report.", "The pier will close in May",
     "the report", "", "according to", "according-to"},
    {"According to early results of a harbour poll conducted for the council, most fishermen "
     "want the pier.",
     "most fishermen want the pier", "early results", "", "According to", "according-to"},
    /* a question put to the speaker is reported (rule asked-question), its
     * asker named after `by` */
    {"Asked by Tomas Berg what the pier would cost, Ana Ruiz shrugged.",
     "what the pier would cost", "Tomas Berg", "Tomas Berg", "Asked", "asked-question"},
    /* a Title Case headline with a capitalized cue after a name reports */
    {"Tomas Berg Says He Has Already Sold The Pier\n\nThe council met on Monday.",
     "He Has Already Sold The Pier", "Tomas Berg", "Tomas Berg", "Says", "that-clause"},
    {"The Pier Is Like A Dream, Tomas Berg Says.\n\nThe council met on Monday.",
     "The Pier Is Like A Dream", "Tomas Berg", "Tomas Berg", "Says", "final-attribution"},
    /* ... but a headline whose verb is no cue reports nothing */
    {"Leaders promise grain corridor at Geneva talks\n\nThe council met on Monday.", NULL,
     NULL, NULL, NULL, NULL},
    /* `Asked about` with no question reports nothing */
    {"Asked about the pier, Ana Ruiz smiled.", NULL, NULL, NULL, NULL, NULL},
    /* a finding verb without "that" reports nothing */
    {"Tomas Berg found the keys under the boat.", NULL, NULL, NULL, NULL, NULL},
    /* ... but not when the object is a clause's subject */
    {"Lena Hale added two goals were not enough.", "two goals were not enough", "Lena Hale",
     "Lena Hale", "added", "that-clause"},
};

static void test_speaker_rows(void) {
    size_t r, n;
    for (r = 0; r < sizeof speaker_rows / sizeof speaker_rows[0]; r++) {
        const char *t = speaker_rows[r].text;
        const nm_quote_t *q;
        analyze(t, &n);
        if (!speaker_rows[r].quote) {
            if (n) fprintf(stderr, "row %zu: expected no quote\n", r);
            CHECK_INT(n, 0);
            continue;
        }
        CHECK_INT(n, 1);
        q = find_quote(t, speaker_rows[r].quote);
        CHECK(q != NULL);
        if (!q) continue;
        CHECK_SPAN(t, q->speaker.start, q->speaker.end, speaker_rows[r].speaker);
        CHECK_INT(q->speaker_id, *speaker_rows[r].id_of ? entity_id(t, speaker_rows[r].id_of) : 0);
        CHECK_SPAN(t, q->cue.start, q->cue.end, speaker_rows[r].cue);
        CHECK_RULE(q->rule, speaker_rows[r].rule);
    }
}

/* Each rule of the quote finder names itself: one row per rule, the quote
 * (its text) and the rule that must have found it. */
static const struct {
    const char *text, *quote, *rule;
} rule_rows[] = {
    {"Prime Minister Ana Ruiz told reporters in Lisbon on Tuesday that the deal \"will not "
     "survive the winter.\" Ruiz, 52, added: \"We have done what we could.\"",
     "\"We have done what we could.\"", "dq-cue-before"},
    {"Tomas Berg runs the port. \"The ships will come back in spring,\" Berg said.",
     "\"The ships will come back in spring,\"", "dq-cue-after"},
    {"Tomas Berg runs the port. \"The ships will come back in spring,\" Berg said.\n\n\"We are "
     "ready for them.\"",
     "\"We are ready for them.\"", "dq-bare"},
    {"\"The water is clean enough to swim in.\" -- Ana Ruiz, mayor",
     "\"The water is clean enough to swim in.\"", "dq-signature"},
    {"Tomas Berg said the cranes had failed twice in one week.",
     "the cranes had failed twice in one week", "that-clause"},
    {"According to Ana Ruiz, the ferry will run again in May.",
     "the ferry will run again in May", "according-to"},
    {"The museum, Ana Ruiz said, will open its doors in May.",
     "The museum, Ana Ruiz said, will open its doors in May", "comma-aside"},
    {"Tomas Berg urged the council to close the old pier before winter.",
     "the council to close the old pier before winter", "infinitive"},
    {"The ferry will run again in May, Ana Ruiz said.", "The ferry will run again in May",
     "final-attribution"},
    {"Ana Ruiz called the new toll \"reckless.\"", "the new toll \"reckless.\"", "dq-naming"},
    {"Ruiz: \"We will not sell the harbour\"\n\nThe council met.",
     "\"We will not sell the harbour\"", "dq-colon-label"},
    {"Ana Ruiz mocked the toll as \"a fee for a road nobody will drive on.\"",
     "\"a fee for a road nobody will drive on.\"", "dq-clause-subject"},
    {"Ana Ruiz warned of a long winter for the ferry crews.", "a long winter for the ferry crews",
     "topic"},
};

static void test_rule_of_each_quote(void) {
    size_t r, n;
    for (r = 0; r < sizeof rule_rows / sizeof rule_rows[0]; r++) {
        const nm_quote_t *q;
        analyze(rule_rows[r].text, &n);
        q = find_quote(rule_rows[r].text, rule_rows[r].quote);
        CHECK(q != NULL);
        if (q) CHECK_RULE(q->rule, rule_rows[r].rule);
    }
    CHECK_RULE(NM_QR_NONE, "");
    CHECK_RULE(NM_QR_COUNT, "");
    CHECK_RULE(-1, "");
}

/* A content that quotes a phrase ends at the phrase when a participle cue
 * follows its comma (`said the deal was "fantastic," saying ...`), and the
 * participle reports the rest, with the sentence's subject. */
static void test_content_ends_at_quoted_phrase_before_participle(void) {
    const char *t = "Costa said the deal was \"fantastic,\" saying the toll was fair.";
    size_t n;
    analyze(t, &n);
    CHECK_INT(n, 2);
    check_quote(t, "the deal was \"fantastic,\"", NM_QUOTE_MIXED, "Costa", "Costa", "said");
    check_quote(t, "the toll was fair", NM_QUOTE_INDIRECT, "Costa", "Costa", "saying");
}

int main(void) {
    char err[256];
    int rc = nm_model_load("data", &model, err, sizeof err);
    if (rc != NM_OK) {
        fprintf(stderr, "test_quotes: cannot load model: %s\n", err);
        return 1;
    }
    if (nm_result_new(&res) != NM_OK) return 1;
    test_project_example_mixed_then_direct();
    test_split_quote_same_speaker();
    test_line_opening_closing_mark();
    test_split_quote_colon();
    test_split_quote_question();
    test_split_quote_pronoun_inside();
    test_signed_comments();
    test_multi_paragraph_quote_continues();
    test_unclosed_quote_ends_at_paragraph();
    test_quote_after_attribution_sentence_is_second_part();
    test_quote_over_three_paragraphs();
    test_cue_then_participle_clause();
    test_headline_reports_nothing();
    test_generic_subject_with_phrase_and_final_that();
    test_role_then_name_between_commas();
    test_only_quotation_marks();
    test_ten_thousand_unbalanced_marks();
    test_apostrophe_heavy_text();
    test_mixed_mark_styles();
    test_name_with_parenthesis_and_appositive_after_quote();
    test_as_document_put_it_after_quote();
    test_rule_of_each_quote();
    test_speaker_rows();
    test_rows();
    test_content_ends_at_quoted_phrase_before_participle();
    nm_result_free(res);
    nm_model_free(model);
    return check_report("quotes");
}
