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
    "the",     "a",     "an",   "this",  "that", "these",   "those", "his", "her",
    "its",     "their", "our",  "my",    "your", "another", "one",   "two", "three",
    "several", "some",  "many", "other", "both", "each",    "every", "no",  NULL};

static const char *const adverbs_aux[] = {
    "has",        "have",       "had",        "also",     "later",     "then",  "again",
    "will",       "would",      "could",      "might",    "may",       "once",  "previously",
    "recently",   "earlier",    "repeatedly", "often",    "is",        "was",   "were",
    "are",        "been",       "did",        "does",     "do",        "not",   "never",
    "further",    "separately", "simply",     "just",     "already",   "still", "even",
    "quickly",    "flatly",     "reportedly", "publicly", "privately", "first", "last",
    "ultimately", "finally",    "always",     "can",      "should",    "shall", "must",
    "only",       "n't",        "all",        "now",      "both",      "each",
    /* contractions (both apostrophes) and "long" (`have long said`) */
    "n\xe2\x80\x99t", "'ve", "\xe2\x80\x99ve", "'re", "\xe2\x80\x99re",
    "'d", "\xe2\x80\x99" "d", "'m", "\xe2\x80\x99m", "long", NULL};

/* A negation between a quotation and a verb after it: `"...." Ruiz did not
 * concede defeat` attributes nothing. */
static const char *const negations[] = {"not", "never", "n't", "n\xe2\x80\x99t", NULL};

/* Participles of perception in a passive before a participle cue (`can be
 * heard asking`). */
static const char *const perceived[] = {"heard", "seen", "overheard", "caught", "filmed",
                                        "recorded", NULL};

/* Object pronouns that speak before an infinitive cue (`led her to
 * declare`). */
static const char *const object_pronouns[] = {"him", "her", "them", "me", "us", NULL};

/* Possessive pronouns before a noun of speech: "her comment". */
static const char *const possessive_pronouns[] = {"his", "her", "their", "our", "my", NULL};

static const char *const speech_pronouns[] = {"he", "she", "they", "it", "we", "i", NULL};

/* Words that start reported content or name an addressee after a cue. */
static const char *const object_words[] = {
    "that", "me",  "us",   "him",  "her",   "them",  "you",   "whether", "if", "how",
    "what", "why", "when", "this", "these", "those", "there", "to",      NULL};

static const char *const first_person[] = {"i",  "we",   "our",    "us",        "my",
                                           "me", "ours", "myself", "ourselves", NULL};

static const char *const prepositions[] = {
    "to", "in",    "of",     "for",    "about", "with",    "at", "by",   "on",  "from", "into",
    "as", "after", "before", "during", "over",  "against", "up", "down", "off", NULL};

/* Prepositions of a phrase of the setting between a subject and its verb
 * (`Ruiz at a rally in Porto said`). */
static const char *const setting_prepositions[] = {"in",   "at",      "on",   "during", "inside",
                                                   "with", "outside", "near", "from",   NULL};
/* ... and the prepositions inside one (`in a letter to residents`). */
static const char *const inner_prepositions[] = {"of", "to", "for", NULL};

/* Prepositions between a role and the body or place it belongs to: `a
 * spokeswoman for the EU`, `the head of the Harbour League`. */
static const char *const role_prepositions[] = {"for", "of", "at", "in", "from", NULL};

/* Particles of multi-word cues ("pointed out", "went on", "shot back",
 * "chimed in"). */
static const char *const particles[] = {"out", "on", "up", "it", "for", "back", "in", NULL};

/* Verbs that report a finding only with "that" right after them: `The study
 * found that ...`, `the court ruled that ...` (never `found the keys`). */
static const char *const finding_verbs[] = {"found",     "finds", "showed",     "shows",
                                            "ruled",     "rules", "determined", "estimated",
                                            "estimates", NULL};

/* Verbs that are cues only in the attribution right after a direct quote
 * (`"...," read the email`, `"...," Palin posted`, `"...," she scoffed`),
 * never elsewhere (`posted a photo`, `read the bill`). */
static const char *const after_quote_cues[] = {
    "read",      "reads",      "posted",    "posts",     "scoffed",    "scoffs",    "wondered",
    "wonders",   "interrupted", "confessed", "mocked",    "sniped",     "vented",    "riffed",
    "beamed",    "snapped",    "fumed",     "gushed",    "mused",      "marveled",  "marvelled",
    "recounted", "laughed",    "sighed",    "offered",   "cracked",    "boomed",    "grumbled",
    "groused",   "huffed",     "ranted",    "texted",    "emailed",    "pleaded",   "begged",
    "implored",  "opined",     "reasoned",  "speculated", "teased",    "taunted",   "thundered",
    "deadpanned", "griped",    "shrugged",  "chided",    "scolded",    "stressed",  "intoned",
    "started",   "began",      "interjected", "pressed", "recommended", "remembered", "jeered",
    NULL};

/* Verbs that end a short sentence right before a quotation and introduce
 * it, besides after_quote_cues (`Tomas Berg disagreed. "..."`); never cues
 * elsewhere (`disagreed with the plan`). */
static const char *const prev_sentence_cues[] = {
    "disagreed", "disagrees", "objected", "objects",   "demurred", "demurs",
    "concurred", "concurs",   "dissented", "protested", "protests", NULL};

/* Nouns of what a person says, after a possessive opening a clause that a
 * colon ends: `Berg's response was blunt: "..."`, `Ruiz's advice: "..."`. */
static const char *const said_nouns[] = {
    "response", "reply",    "answer",  "message",   "verdict",     "reaction",  "advice",
    "retort",   "comeback", "warning", "prediction", "explanation", "assessment", "plea",
    "promise",  "pitch",    "words",   "instructions", "diagnosis", "rebuttal", NULL};

/* Verbs of speech whose topic, after "of" or "about", is what was said:
 * `warned of a "ferocious" battle`, `complained about the tone`. */
static const char *const topic_cues[] = {
    "warned",   "warns",    "warning",  "cautioned", "complained", "complains", "complaining",
    "boasted",  "boasts",   "bragged",  "brags",     "spoke",      "speaks",    "talked",
    "talks",    NULL};

/* Verbs that are cues only before "of" or "about" (`spoke of a new
 * beginning`, `talked about the record`), never alone (`spoke for an
 * hour`). */
static const char *const topic_only_cues[] = {"spoke", "speaks", "talked", "talks", NULL};

/* Relative pronouns: `Ana Ruiz, who said ...` speaks through the antecedent. */
static const char *const relatives[] = {"who", "which", NULL};

/* Participles that frame a sentence rather than report it: `Speaking later,
 * Ruiz said ...` (the phrase before the comma is not what was said). */
static const char *const framing_participles[] = {
    "speaking",   "asked",     "writing",    "responding", "addressing",  "testifying", "reacting",
    "commenting", "appearing", "questioned", "pressed",    "interviewed", NULL};

/* Objects of a cue verb in its non-speech sense (`added a third goal in
 * stoppage time`, `added two points`, `added 200 jobs`): sports scores and
 * counted things. */
static const char *const nonspeech_objects[] = {
    "goal",    "goals",    "point",  "points",  "runs",   "touchdown", "touchdowns",
    "basket",  "baskets",  "wicket", "wickets", "assist", "assists",   "birdie",
    "birdies", "rebounds", "yards",  "jobs",    "shares", "stake",     "seats",
    "players", "flights",  "routes", "stores",
    /* what is claimed by winning it: `claimed the nomination`, `a victory` */
    "nomination", "victory", "victories", "prize", "title", "crown", "mantle", NULL};

/* Stems of cues whose content may be an infinitive: "vowed to fight". */
static const char *const infinitive_stems[] = {
    "vow",  "pledg", "promis", "agree",    "threaten", "urg",    "ask",    "tell", "told",
    "warn", "call",  "demand", "encourag", "refus",    "insist", "remind", NULL};

/* Verbs that name or label something with quoted words: `Ruiz called the
 * plan "a disgrace"`, `described him as "reckless"`. */
static const char *const naming_verbs[] = {
    "called",   "calls",     "call",          "calling",   "dubbed",    "dubs",      "labeled",
    "labelled", "labels",    "branded",       "brands",    "described", "describes", "describing",
    "termed",   "terms",     "denounced",     "blasted",   "slammed",   "praised",   "lauded",
    "hailed",   "dismissed", "characterized", "portrayed", "deemed",    "referred",  "referring",
    "refers",   "heralded",  "derided",       "decried",   NULL};

/* Words in or right before a name that make it a woman's. */
static const char *const female_honorifics[] = {"mrs.",  "ms.",    "miss", "mrs",   "ms",
                                                "madam", "madame", "lady", "queen", NULL};

/* ... and a man's. */
static const char *const male_honorifics[] = {"mr.", "mr", "sir", "lord", "king", NULL};

/* The same, as the token before the name. */
static const char *const female_honorifics_before[] = {"mrs.", "ms.",   "miss",  "mrs",
                                                       "ms",   "madam", "queen", NULL};

static const char *const male_honorifics_before[] = {"mr.", "mr", "sir", "king", NULL};

/* Before a cue word they make it a noun: "the answers", "his comments". */
static const char *const noun_determiners[] = {
    "the", "a", "an", "this", "these", "those", "his", "its", "their", "our", "my", "your", NULL};

/* Cues that take an addressee before the content: "told reporters that". */
static const char *const tell_verbs[] = {"told",     "tell",    "tells",    "telling",
                                         "informed", "assured", "reminded", "warned",
                                         "asked",    "urged",   "promised", NULL};

/* Tell verbs whose next words are always the addressee, never an inverted
 * speaker (`"...," said Ruiz` but never `"...," told Ruiz`): `told Harbour
 * Radio` does not speak. */
static const char *const addressee_verbs[] = {"told",     "tell",    "tells",    "telling",
                                              "informed", "assured", "reminded", NULL};

/* Groups of people that chant or shout together, before a participle cue:
 * `dockers chanting "..."` (with the plural role nouns of the lexicon). */
static const char *const crowd_nouns[] = {"crowd",   "crowds",       "children", "fans",
                                          "people",  "demonstrators", "marchers", "hecklers",
                                          "workers", NULL};

/* Things that carry words, before a participle cue: `issued a statement
 * saying ...`, `carried signs reading ...` (the subject of the clause
 * speaks, not the thing). */
static const char *const carrier_nouns[] = {
    "statement", "statements", "release", "email",   "emails",  "e-mail",  "letter",
    "memo",      "post",       "tweet",   "tweets",  "message", "signs",   "sign",
    "banners",   "banner",     "ad",      "video",   "note",    "posters", "placards",
    "document",  "documents",  "headline", "headlines", "caption", "article", "articles", NULL};

/* Findings that speak in a headline's label: `Poll: ...`. */
static const char *const study_nouns[] = {"poll", "polls", "survey", "study", "report", NULL};

/* Words that open a clause: "the agency said it would". */
static const char *const clause_openers[] = {"he",  "she", "they", "it",   "we",   "i",   "there",
                                             "the", "a",   "an",   "his",  "her",  "its", "their",
                                             "our", "no",  "some", "many", "most", "all", NULL};

/* Demonstratives: with a verb after them they open a clause (`say this is
 * ...`), alone they are an object (`said this`). */
static const char *const demonstratives[] = {"this", "these", "those", NULL};

/* Time nouns after a cue before "that": `said the day before that ...`. */
static const char *const time_nouns[] = {"day",   "week",    "month",   "year",      "time",
                                         "night", "morning", "evening", "afternoon", "weekend",
                                         NULL};

/* The forms of "say" that take a clause without "that". */
static const char *const say_forms[] = {"said", "says", "say", NULL};

/* Words after a cue that end the search for "that". */
static const char *const content_stoppers[] = {"whether", "if",   "how",     "what",
                                               "why",     "when", "because", NULL};

/* Question words: "asked whether ..." (the question is the content). */
static const char *const question_words[] = {"whether", "if",   "how", "what",
                                             "why",     "when", "who", NULL};

/* Addressees of a tell verb: "told reporters". */
static const char *const addressees[] = {"him", "her",       "them",        "us", "me",
                                         "you", "reporters", "journalists", NULL};

/* Words that never start reported content. */
static const char *const content_non_starters[] = {"and", "or", "but", "so", "by", NULL};

/* Subordinators: "When Ruiz noted that ..., Costa said". */
static const char *const subordinators[] = {"when",     "after",  "while", "as",   "because",
                                            "although", "though", "since", "once", "before",
                                            "until",    "if",     NULL};

/* Words that open a clause inside a sentence, whose subject a participle
 * after the clause's comma may have: `when protesters interrupted her,
 * shouting ...`. */
static const char *const inner_clause_openers[] = {"when", "where", "as", NULL};

/* Participles of words a crowd or a heckler utters. */
static const char *const outcry_participles[] = {"shouting", "chanting",  "yelling", "screaming",
                                                 "singing",  "cheering",  "booing",  "heckling",
                                                 "crying",   "hollering", NULL};

/* Nouns in -ly (not adverbs). */
static const char *const ly_nouns[] = {"family", "ally", "assembly", "rally", NULL};

/* Words that never head a speaker phrase. */
static const char *const non_heads[] = {"and",   "or",   "but", "who", "which", "what",
                                        "there", "here", "so",  "if",  NULL};

/* Words before a date between a speaker and its cue: "Ruiz on Tuesday said". */
static const char *const date_prepositions[] = {"on",   "in",    "at",   "last",
                                                "this", "early", "late", NULL};

/* Connectives that may open a sentence before its subject. */
static const char *const sentence_connectives[] = {"but", "and", "yet", "still", "meanwhile", NULL};

/* Words that open a contrast clause after a comma: `..., while another
 * says ...` (with a cue of its own it ends the content before it). */
static const char *const contrast_words[] = {"while", "whereas", "although", "though", NULL};

/* Conjunctions before a second verb of a subject: "Ruiz thanked the crews and said". */
static const char *const verb_conjunctions[] = {"and", "but", NULL};

/* Prepositions before a participle cue: "angered farmers by saying". */
static const char *const participle_prepositions[] = {"by",   "for",     "after", "before", "while",
                                                      "when", "without", "in",    NULL};

/* Prepositions whose object, right before a participle cue, is whom or
 * where the words went, not who spoke: `Ruiz answered on Facebook, writing`
 * has its comma; `Ruiz wrote to staff explaining ...`, `an email to
 * supporters stating ...` have none. */
static const char *const recipient_prepositions[] = {"to", "on", "in", "at", "via", "with",
                                                     "through", NULL};

/* Words that stand for people as the subject of a cue: `Others say ...`,
 * `Some said they ...` (with a that-clause or a say verb before a clause). */
static const char *const quantity_subjects[] = {"some", "others", "another", "many", "most", "few",
                                                "several", NULL};

/* Cue words that are nouns before a title or a name: `state Sen. Ana Ruiz`,
 * `the state Supreme Court`. */
static const char *const noun_cues[] = {"state", "states", NULL};

/* Verbs that accuse or name a price: `charged that ...`, `charged the mayor
 * with fraud`, but `charged drivers a fee` (charge_accuses). */
static const char *const charge_verbs[] = {"charge", "charges", "charged", "charging", NULL};

/* Participles that may report an inference, not speech (`The index fell,
 * suggesting ...`). */
static const char *const inference_participles[] = {"suggesting", "indicating", "signaling",
                                                     "signalling", "implying", NULL};

/* Words before a quoted Title Case title: `on "Meet the Press,"`. */
/* Indefinite pronouns: what was said, never who said it (`said nothing`). */
static const char *const indefinites[] = {"nothing", "something", "anything", "everything",
                                          "little",  "much",      "more",     "less",
                                          "none",    "plenty",    NULL};

/* Words that label a line without speaking it (`Update: "..."`). */
static const char *const line_labels[] = {
    "update", "correction", "note", "editor", "watch", "read", "related", "photo", "video",
    "source", "sources", "headline", "quote", "transcript", "caption", "advertisement",
    "warning", "breaking", "exclusive", "opinion", "analysis", "summary", "q", "a", NULL};

/* Prepositions that open a sentence's framing phrase besides `prepositions`
 * (`Along with the photo, Berg posted: "..."`). */
static const char *const opening_prepositions[] = {
    "along",   "amid",    "despite", "under",      "among",   "through",    "without", "within",
    "across",  "behind",  "beyond",  "until",      "upon",    "toward",     "towards", "following",
    "outside", "inside",  "besides", "alongside",  "since",   "throughout", NULL};

/* What a named body publishes, after its name: `according to a Harbour
 * Radio poll` (the poll is the source, the body's id its id). */
static const char *const document_nouns[] = {
    "poll",  "polls",    "survey",  "surveys", "report",  "reports", "study", "studies",
    "analysis", "data",  "figures", "estimate", "estimates", "census", "count", "review",
    "audit", "filing",   "filings", "records", "documents", "statement", "website", NULL};

/* Forms of "be" before a cue make it passive (`Ruiz was asked about ...`):
 * the subject is spoken to, not speaking. */
static const char *const be_forms[] = {"was", "were", "is", "are", "been", "being", "be", NULL};

/* Auxiliaries of a perfect before its participle (`The senators have
 * mocked ...`). */
static const char *const perfect_auxiliaries[] = {"has", "have", "had", NULL};

/* Finite auxiliaries: after a noun phrase they make it the subject of a
 * clause (`said the candidate would win`). */
static const char *const finite_auxiliaries[] = {
    "has", "have", "had", "will", "would", "could", "might", "may", "is", "was", "were",
    "are", "did", "does", "can", "should", "shall", "must", NULL};

/* Irregular past tenses, read as the verb after a noun phrase subject (`The
 * harbour master began by ...`). */
static const char *const irregular_pasts[] = {
    "began", "spoke", "wrote",  "went",  "took",  "gave",   "made",  "came",  "held",
    "led",   "sent",  "kept",   "left",  "met",   "ran",    "stood", "brought", "thought",
    "felt",  "told",  "sought", "won",   "lost",  "drew",   "grew",  "threw", "rose",
    "fell",  "broke", "chose",  "drove", "saw",   "knew",   "struck", "sang", "fought",
    "swore", "wore",  "hung",   "shook", "spent", "became", "built", "caught", NULL};

/* Words before a number that opens a count of people (`About 200 dockers`,
 * `More than 40 nurses`), and nouns of a count before "of" (`Hundreds of
 * fishermen`). */
static const char *const approx_words[] = {"about", "nearly", "almost", "around", "roughly",
                                           "some",  "over",   "up",     NULL};
static const char *const count_nouns[] = {"hundreds", "thousands", "dozens", "scores",
                                          "millions", "tens",      NULL};

static const char *const title_openers[] = {"on", "the", "in", "of", "with", "to", "from", "and",
                                             "or", "for", "about", "by", NULL};

/* Nouns that name a work, before its title in quotation marks (`his book
 * "The Long Road,"`, `the drama, "Harbour Lights"`). */
static const char *const work_nouns[] = {
    "book",    "books",   "memoir",  "novel",   "film",    "movie",    "show",     "series",
    "sitcom",  "drama",   "comedy",  "song",    "album",   "single",   "concert",  "musical",
    "play",    "opera",   "poem",    "essay",   "column",  "headline", "slogan",   "documentary",
    "program", "programme", "podcast", "episode", "painting", "exhibition", "magazine", "newsletter",
    "bestseller", "hit",  "anthem",  "hashtag", "reads",   "titled",   "entitled", NULL};

#endif
