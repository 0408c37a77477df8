/*
 * quote_words.h - every word list of the quote finder and speaker finding,
 * named, in one place (the lists that are lexicon classes live in
 * data/lists/: cues.txt, cuenouns.txt, titles.txt, roles.txt, pronouns.txt).
 * Lower case; a token matches when its case-folded text equals an entry.
 */
#ifndef NM_QUOTE_WORDS_H
#define NM_QUOTE_WORDS_H

#include <stddef.h>

static const char *const determiners[] = {
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
    "my", "your", "another", "one", "two", "three", "several", "some", "many", "other", "both",
    "each", "every", "no", NULL};

static const char *const adverbs_aux[] = {
    "has", "have", "had", "also", "later", "then", "again", "will", "would", "could", "might",
    "may", "once", "previously", "recently", "earlier", "repeatedly", "often", "is", "was",
    "were", "are", "been", "did", "does", "do", "not", "never", "further", "separately",
    "simply", "just", "already", "still", "even", "quickly", "flatly", "reportedly",
    "publicly", "privately", "first", "last", "ultimately", "finally", "always", "can",
    "should", "shall", "must", "only", "n't", "all", NULL};

static const char *const speech_pronouns[] = {"he", "she", "they", "it", "we", "i", NULL};

/* Words that start reported content or name an addressee after a cue. */
static const char *const object_words[] = {"that", "me", "us", "him", "her", "them", "you",
                                           "whether", "if", "how", "what", "why", "when",
                                           "this", "these", "those", "there", "to", NULL};

static const char *const first_person[] = {"i", "we", "our", "us", "my", "me", "ours",
                                           "myself", "ourselves", NULL};

static const char *const prepositions[] = {"to", "in", "of", "for", "about", "with", "at",
                                           "by", "on", "from", "into", "as", "after",
                                           "before", "during", "over", "against", "up",
                                           "down", "off", NULL};

/* Particles of multi-word cues ("pointed out", "went on"). */
static const char *const particles[] = {"out", "on", "up", "it", "for", NULL};

/* Verbs that report a finding only with "that" right after them: `The study
 * found that ...`, `the court ruled that ...` (never `found the keys`). */
static const char *const finding_verbs[] = {"found", "finds", "showed", "shows", "ruled",
                                            "rules", "determined", "estimated", "estimates",
                                            NULL};

/* Relative pronouns: `Ana Ruiz, who said ...` speaks through the antecedent. */
static const char *const relatives[] = {"who", "which", NULL};

/* Participles that frame a sentence rather than report it: `Speaking later,
 * Ruiz said ...` (the phrase before the comma is not what was said). */
static const char *const framing_participles[] = {
    "speaking", "asked", "writing", "responding", "addressing", "testifying", "reacting",
    "commenting", "appearing", "questioned", "pressed", "interviewed", NULL};

/* Objects of a cue verb in its non-speech sense (`added a third goal in
 * stoppage time`, `added two points`, `added 200 jobs`): sports scores and
 * counted things. */
static const char *const nonspeech_objects[] = {
    "goal", "goals", "point", "points", "runs", "touchdown", "touchdowns", "basket", "baskets",
    "wicket", "wickets", "assist", "assists", "birdie", "birdies", "rebounds", "yards", "jobs",
    "shares", "stake", "seats", "players", "flights", "routes", "stores", NULL};

#endif
