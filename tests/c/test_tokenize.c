/* test_tokenize.c - tokenizer and sentence splitter. All texts are written
 * for these tests. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>

static nm_tokens_t T;
static const char *cur; /* text of the last run */
static size_t curlen;
static char out[8192];

static int run_n(const char *text, size_t len) {
    cur = text;
    curlen = len;
    return nm_tokenize(text, len, &T);
}

static int run(const char *text) { return run_n(text, strlen(text)); }

/* Tokens joined by "|". */
static const char *toks(void) {
    size_t i, o = 0;
    out[0] = 0;
    for (i = 0; i < T.ntok && o + 64 < sizeof out; i++) {
        size_t n = T.tok[i].end - T.tok[i].start;
        if (i) out[o++] = '|';
        if (n > 60) n = 60;
        memcpy(out + o, cur + T.tok[i].start, n);
        o += n;
    }
    out[o] = 0;
    return out;
}

/* Sentences joined by " / ", tokens by spaces. */
static const char *sents(void) {
    size_t s, i, o = 0;
    out[0] = 0;
    for (s = 0; s < T.nsent; s++) {
        if (s) {
            memcpy(out + o, " / ", 3);
            o += 3;
        }
        for (i = T.sent[s].begin; i < T.sent[s].end && o + 64 < sizeof out; i++) {
            size_t n = T.tok[i].end - T.tok[i].start;
            if (i > T.sent[s].begin) out[o++] = ' ';
            memcpy(out + o, cur + T.tok[i].start, n);
            o += n;
        }
    }
    out[o] = 0;
    return out;
}

/* Index of the k-th token (0-based) whose text is w, or -1. */
static long find_nth(const char *w, int k) {
    size_t i, n = strlen(w);
    for (i = 0; i < T.ntok; i++)
        if (T.tok[i].end - T.tok[i].start == n && memcmp(cur + T.tok[i].start, w, n) == 0 && k-- == 0)
            return (long)i;
    return -1;
}

static long find(const char *w) { return find_nth(w, 0); }

/* Flags of the first token w (0xFFFFFFFF when absent, so checks fail). */
static uint32_t fl(const char *w) {
    long i = find(w);
    return i < 0 ? 0xFFFFFFFFu : T.tok[i].flags;
}

#define HAS(w, f) CHECK((fl(w) & (f)) == (f) && fl(w) != 0xFFFFFFFFu)
#define HASNT(w, f) CHECK((fl(w) & (f)) == 0)

static void test_words_and_spaces(void) {
    CHECK_INT(run("  Ana Ruiz\ttold\r\nreporters  "), 0);
    CHECK_STR(toks(), "Ana|Ruiz|told|reporters");
    CHECK_INT(T.ntok, 4);
    CHECK_INT(T.tok[0].start, 2);
    CHECK_INT(T.tok[0].end, 5);
    CHECK_INT(T.tok[3].start, 17);
    CHECK_INT(T.tok[3].end, 26);
    HAS("Ana", NM_TF_SPACE_BEFORE | NM_TF_LINE_START | NM_TF_PARA_START | NM_TF_SENT_START);
    HASNT("told", NM_TF_LINE_START);
    HAS("reporters", NM_TF_LINE_START | NM_TF_SPACE_BEFORE);
    HASNT("reporters", NM_TF_PARA_START);
}

static void test_case_flags(void) {
    run("Ruiz voters EU NATO U.S. iPhone McDonald A 3rd Émile émile ÉCOLE Ωmega Москва");
    HAS("Ruiz", NM_TF_ALPHA | NM_TF_UPPER | NM_TF_TITLECASE);
    HASNT("Ruiz", NM_TF_ALLCAPS | NM_TF_LOWER | NM_TF_DIGIT);
    HAS("voters", NM_TF_ALPHA | NM_TF_LOWER);
    HASNT("voters", NM_TF_UPPER | NM_TF_TITLECASE);
    HAS("EU", NM_TF_UPPER | NM_TF_ALLCAPS);
    HASNT("EU", NM_TF_TITLECASE);
    HAS("NATO", NM_TF_ALLCAPS);
    HAS("U.S.", NM_TF_ALLCAPS | NM_TF_UPPER | NM_TF_ABBREV);
    HAS("iPhone", NM_TF_LOWER);
    HAS("McDonald", NM_TF_UPPER);
    HASNT("McDonald", NM_TF_TITLECASE | NM_TF_ALLCAPS);
    HAS("A", NM_TF_UPPER);
    HASNT("A", NM_TF_ALLCAPS);
    HAS("3rd", NM_TF_DIGIT | NM_TF_NUMBER);
    HAS("Émile", NM_TF_UPPER | NM_TF_TITLECASE);
    HAS("émile", NM_TF_LOWER);
    HAS("ÉCOLE", NM_TF_ALLCAPS);
    HAS("Ωmega", NM_TF_UPPER);
    HAS("Москва", NM_TF_UPPER | NM_TF_TITLECASE);
}

static void test_curly_possessive_and_quotes(void) {
    run("“The Kremlin’s plan,” she said.");
    CHECK_STR(toks(), "“|The|Kremlin|’s|plan|,|”|she|said|.");
    HAS("“", NM_TF_QUOTE | NM_TF_PUNCT);
    CHECK_INT(T.tok[find("“")].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[find("“")].qfam, NM_QF_DOUBLE);
    CHECK_INT(T.tok[find("”")].quote, NM_Q_CLOSE);
    CHECK_INT(T.tok[find("”")].qfam, NM_QF_DOUBLE);
    HAS("’s", NM_TF_POSS);
    HASNT("’s", NM_TF_QUOTE);
    HASNT("Kremlin", NM_TF_POSS | NM_TF_APOS);
    CHECK_INT(T.nsent, 1);
}

static void test_straight_possessive_and_plural(void) {
    run("Ruiz's aides met the voters' leaders and the Jones' dog.");
    CHECK_STR(toks(), "Ruiz|'s|aides|met|the|voters|'|leaders|and|the|Jones|'|dog|.");
    HAS("'s", NM_TF_POSS);
    CHECK((T.tok[6].flags & NM_TF_POSS) != 0);
    CHECK((T.tok[6].flags & NM_TF_QUOTE) == 0);
    CHECK((T.tok[11].flags & NM_TF_POSS) != 0);
}

static void test_contractions(void) {
    run("I don't think they're ready, we've said I'm sure she'll go and he'd stay; it can't, won't.");
    CHECK_STR(toks(), "I|do|n't|think|they|'re|ready|,|we|'ve|said|I|'m|sure|she|'ll|go|and|he|'d|stay|;|"
                      "it|ca|n't|,|wo|n't|.");
    HAS("n't", NM_TF_APOS);
    HASNT("'re", NM_TF_QUOTE | NM_TF_POSS);
    HASNT("do", NM_TF_APOS);
    run("They DON'T know and it’s fine, isn’t it?");
    CHECK_STR(toks(), "They|DO|N'T|know|and|it|’s|fine|,|is|n’t|it|?");
}

static void test_inner_apostrophes_and_hyphens(void) {
    run("O'Brien, a well-known Franco-German rock'n'roll fan, met D’Souza.");
    CHECK_STR(toks(), "O'Brien|,|a|well-known|Franco-German|rock'n'roll|fan|,|met|D’Souza|.");
    HAS("O'Brien", NM_TF_APOS | NM_TF_UPPER);
    HAS("rock'n'roll", NM_TF_APOS);
    HAS("D’Souza", NM_TF_APOS);
    HAS("well-known", NM_TF_HYPHEN | NM_TF_LOWER);
    HAS("Franco-German", NM_TF_HYPHEN | NM_TF_UPPER);
    HASNT("Franco-German", NM_TF_DASH | NM_TF_PUNCT);
    /* a hyphen with nothing on one side is not inner */
    run("pre- and post-war");
    CHECK_STR(toks(), "pre|-|and|post-war");
    HAS("-", NM_TF_DASH | NM_TF_PUNCT);
}

static void test_dashes(void) {
    run("The deal - signed today -- was dead — again – and ——");
    CHECK_STR(toks(), "The|deal|-|signed|today|--|was|dead|—|again|–|and|——");
    HAS("-", NM_TF_DASH | NM_TF_PUNCT);
    HAS("--", NM_TF_DASH);
    HAS("—", NM_TF_DASH);
    HAS("–", NM_TF_DASH);
    HAS("——", NM_TF_DASH);
    run("Lisbon—Porto");
    CHECK_STR(toks(), "Lisbon|—|Porto");
}

static void test_numbers_money_percent(void) {
    run("It cost $4.2 billion, up 15% from 1,000,000 in the 1990s and 2022-23, €20 or £5m by 3:30.");
    CHECK_STR(toks(), "It|cost|$|4.2|billion|,|up|15|%|from|1,000,000|in|the|1990s|and|2022-23|,|€|20|or|"
                      "£|5m|by|3:30|.");
    HAS("4.2", NM_TF_NUMBER | NM_TF_DIGIT);
    HASNT("4.2", NM_TF_ALPHA | NM_TF_PUNCT);
    HAS("15", NM_TF_NUMBER | NM_TF_DIGIT);
    HAS("%", NM_TF_PUNCT);
    HAS("$", NM_TF_PUNCT);
    HAS("€", NM_TF_PUNCT);
    HAS("1,000,000", NM_TF_NUMBER);
    HAS("1990s", NM_TF_NUMBER | NM_TF_DIGIT);
    HAS("2022-23", NM_TF_NUMBER);
    HAS("5m", NM_TF_NUMBER);
    HAS("3:30", NM_TF_NUMBER);
    run("COVID-19 and G7 and the ’90s");
    CHECK_STR(toks(), "COVID-19|and|G7|and|the|’90s");
    HAS("COVID-19", NM_TF_DIGIT | NM_TF_HYPHEN);
    HASNT("COVID-19", NM_TF_NUMBER);
    HASNT("G7", NM_TF_NUMBER);
    HAS("’90s", NM_TF_NUMBER);
    HASNT("’90s", NM_TF_QUOTE);
    /* direction marks and embeddings are no part of a word */
    run("\xe2\x80\xaa\xe2\x80\x9dHi\xe2\x80\x8f and\xe2\x81\xa6 \xe2\x80\x8dx");
    CHECK_STR(toks(), "\xe2\x80\x9d|Hi|and|\xe2\x80\x8dx");
    run("is ''10 times'' it");
    CHECK_STR(toks(), "is|'|'|10|times|'|'|it");
    run("in ‘08 and ‘Go’");
    CHECK_STR(toks(), "in|‘08|and|‘|Go|’");
    HAS("‘08", NM_TF_NUMBER);
    HASNT("‘08", NM_TF_QUOTE);
}

static void test_times(void) {
    run("They met at 3 p.m. on Friday and left at 10 a.m. The talks failed.");
    CHECK_STR(toks(), "They|met|at|3|p.m.|on|Friday|and|left|at|10|a.m.|The|talks|failed|.");
    HAS("p.m.", NM_TF_ABBREV);
    HAS("a.m.", NM_TF_ABBREV);
    CHECK_STR(sents(), "They met at 3 p.m. on Friday and left at 10 a.m. / The talks failed .");
}

static void test_abbreviations_us(void) {
    run("The U.S. economy grew, e.g. in Ohio.");
    CHECK_STR(toks(), "The|U.S.|economy|grew|,|e.g.|in|Ohio|.");
    HAS("e.g.", NM_TF_ABBREV | NM_TF_LOWER);
    CHECK_INT(T.nsent, 1);
    run("Troops left the U.S. The next day they landed.");
    CHECK_STR(sents(), "Troops left the U.S. / The next day they landed .");
    run("She moved to the U.S. Senate office.");
    CHECK_INT(T.nsent, 1);
    /* a quotation opening on a lower-case word goes on the sentence; one
     * opening on a capital starts the next */
    run("A memo said the U.S. \"does not have the staff\" for it.");
    CHECK_INT(T.nsent, 1);
    run("They flew home to the U.S. \"We made it,\" Ruiz said.");
    CHECK_STR(sents(), "They flew home to the U.S. / \" We made it , \" Ruiz said .");
    run("He earned a Ph.D. in physics from a U.S.-based school.");
    CHECK_STR(toks(), "He|earned|a|Ph.D.|in|physics|from|a|U.S.-based|school|.");
    HAS("Ph.D.", NM_TF_ABBREV);
    HAS("U.S.-based", NM_TF_HYPHEN);
    HASNT("U.S.-based", NM_TF_ABBREV);
}

static void test_title_abbreviations_do_not_end(void) {
    run("Mr. Ruiz met Gov. Lee and Dr. Ana Silva on Jan. 5 at St. Mary's, Gen. Ortiz said.");
    CHECK_INT(T.nsent, 1);
    HAS("Mr.", NM_TF_ABBREV | NM_TF_UPPER);
    HAS("Gov.", NM_TF_ABBREV);
    HAS("Jan.", NM_TF_ABBREV);
    HAS("St.", NM_TF_ABBREV);
    run("Acme Corp. Chief Executive Ana Ruiz quit.");
    CHECK_INT(T.nsent, 1);
    HAS("Corp.", NM_TF_ABBREV);
    run("He sold Acme Inc. The buyer paid cash.");
    CHECK_STR(sents(), "He sold Acme Inc. / The buyer paid cash .");
    run("Sen. Ana Ruiz (D-Mass.) said no.");
    CHECK_STR(toks(), "Sen.|Ana|Ruiz|(|D-Mass.|)|said|no|.");
    HAS("D-Mass.", NM_TF_ABBREV | NM_TF_HYPHEN);
    CHECK_INT(T.nsent, 1);
    /* a two-letter state after the party's hyphen: its inner period ends nothing */
    run("Sen. Ana Ruiz (D-R.I.), said no. Rep. Tomas Berg (R-N.Y.) agreed. He left.");
    CHECK_STR(sents(), "Sen. Ana Ruiz ( D-R . I. ) , said no . / Rep. Tomas Berg ( R-N . Y. ) "
                       "agreed . / He left .");
    run("Sen. Rui Alves (D-W.Va.) said no. He left.");
    CHECK_STR(sents(), "Sen. Rui Alves ( D-W . Va. ) said no . / He left .");
    run("They bought pens, paper, etc. Then they left.");
    CHECK_STR(sents(), "They bought pens , paper , etc. / Then they left .");
}

static void test_initials(void) {
    run("J. K. Rowling and John F. Kennedy met.");
    CHECK_STR(toks(), "J.|K.|Rowling|and|John|F.|Kennedy|met|.");
    HAS("J.", NM_TF_INITIAL | NM_TF_ABBREV | NM_TF_UPPER);
    HAS("F.", NM_TF_INITIAL | NM_TF_ABBREV);
    CHECK_INT(T.nsent, 1);
}

static void test_no_abbreviation(void) {
    run("He was ranked No. 1 in the world. The answer was no. Then he left.");
    HAS("No.", NM_TF_ABBREV);
    CHECK(find("no.") < 0);
    CHECK_STR(sents(), "He was ranked No. 1 in the world . / The answer was no . / Then he left .");
}

static void test_sentences_basic(void) {
    run("Critics disagreed. Why? Because! It rose 5% in 2020. 2021 was worse... Later it fell.");
    CHECK_STR(sents(), "Critics disagreed . / Why ? / Because ! / It rose 5 % in 2020 . / 2021 was worse ... / "
                       "Later it fell .");
    CHECK(T.tok[0].flags & NM_TF_SENT_START);
    HAS("disagreed", 0);
    CHECK(T.tok[2].flags & NM_TF_SENT_END);
    CHECK(T.tok[3].flags & NM_TF_SENT_START);
    CHECK((T.tok[1].flags & (NM_TF_SENT_START | NM_TF_SENT_END)) == 0);
    CHECK(T.tok[T.ntok - 1].flags & NM_TF_SENT_END);
    run("It failed. but lower case goes on. “Next,” she said. ok");
    CHECK_STR(sents(), "It failed . but lower case goes on . / “ Next , ” she said . ok");
    run("Wait… Then go.");
    CHECK_STR(sents(), "Wait … / Then go .");
}

static void test_sentence_after_closing_quote(void) {
    run("The deal \"will not survive the winter.\" Ruiz, 52, added: \"We have done what we could.\" "
        "Critics disagreed.");
    CHECK_STR(sents(), "The deal \" will not survive the winter . \" / Ruiz , 52 , added : \" We have done what "
                       "we could . \" / Critics disagreed .");
    CHECK_INT(T.tok[find_nth("\"", 0)].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[find_nth("\"", 1)].quote, NM_Q_CLOSE);
    CHECK_INT(T.tok[find_nth("\"", 2)].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[find_nth("\"", 3)].quote, NM_Q_CLOSE);
    CHECK_INT(T.tok[find_nth("\"", 0)].qfam, NM_QF_DOUBLE);
    run("It ended (mostly.) Then “it began.” (Again.) Done.");
    CHECK_STR(sents(), "It ended ( mostly . ) / Then “ it began . ” / ( Again . ) / Done .");
}

static void test_straight_quote_direction(void) {
    run("He said \"yes\" and ('maybe') then -\"no\" x\"y\" \" end '");
    CHECK_INT(T.tok[find_nth("\"", 0)].quote, NM_Q_OPEN);   /* after space, before y */
    CHECK_INT(T.tok[find_nth("\"", 1)].quote, NM_Q_CLOSE);  /* after s, before space */
    CHECK_INT(T.tok[find_nth("'", 0)].quote, NM_Q_OPEN);    /* after ( */
    CHECK_INT(T.tok[find_nth("'", 0)].qfam, NM_QF_SINGLE);
    CHECK_INT(T.tok[find_nth("'", 1)].quote, NM_Q_CLOSE);   /* before ) */
    CHECK_INT(T.tok[find_nth("\"", 2)].quote, NM_Q_OPEN);   /* after a dash */
    CHECK_INT(T.tok[find_nth("\"", 3)].quote, NM_Q_CLOSE);  /* before space */
    CHECK_INT(T.tok[find_nth("\"", 4)].quote, NM_Q_EITHER); /* between letters */
    CHECK_INT(T.tok[find_nth("\"", 5)].quote, NM_Q_CLOSE);  /* y" then space */
    CHECK_INT(T.tok[find_nth("\"", 6)].quote, NM_Q_EITHER); /* spaces both sides */
    CHECK_INT(T.tok[find_nth("'", 2)].quote, NM_Q_EITHER);  /* space before, end after */
    HAS("\"", NM_TF_QUOTE | NM_TF_PUNCT);
    run("\"Hi");
    CHECK_INT(T.tok[0].quote, NM_Q_OPEN);
    run("Hi\"");
    CHECK_INT(T.tok[1].quote, NM_Q_CLOSE);
    run("'Kiev' ");
    CHECK_STR(toks(), "'|Kiev|'");
    CHECK_INT(T.tok[0].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[2].quote, NM_Q_CLOSE);
}

static void test_curly_single_and_guillemets(void) {
    run("‘Yes’ « Oui » ‹ non › „Ja“ ‚ja‘ it’ ");
    CHECK_STR(toks(), "‘|Yes|’|«|Oui|»|‹|non|›|„|Ja|“|‚|ja|‘|it|’");
    CHECK_INT(T.tok[0].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[0].qfam, NM_QF_SINGLE);
    CHECK_INT(T.tok[2].quote, NM_Q_CLOSE);
    CHECK_INT(T.tok[2].qfam, NM_QF_SINGLE);
    CHECK_INT(T.tok[3].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[3].qfam, NM_QF_GUILLEMET);
    CHECK_INT(T.tok[5].quote, NM_Q_CLOSE);
    CHECK_INT(T.tok[5].qfam, NM_QF_GUILLEMET);
    CHECK_INT(T.tok[6].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[6].qfam, NM_QF_SGUILLEMET);
    CHECK_INT(T.tok[8].quote, NM_Q_CLOSE);
    CHECK_INT(T.tok[8].qfam, NM_QF_SGUILLEMET);
    CHECK_INT(T.tok[9].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[9].qfam, NM_QF_DOUBLE);
    CHECK_INT(T.tok[12].quote, NM_Q_OPEN);
    CHECK_INT(T.tok[12].qfam, NM_QF_SINGLE);
    CHECK_INT(T.tok[16].quote, NM_Q_CLOSE); /* ’ after a word, not before a letter */
    CHECK((T.tok[16].flags & NM_TF_QUOTE) != 0);
    run("«««");
    CHECK_INT(T.ntok, 3); /* quotation marks never merge */
}

static void test_punctuation_runs(void) {
    run("What?! No!! Wait... (see [1]) a/b;c");
    CHECK_STR(toks(), "What|?|!|No|!!|Wait|...|(|see|[|1|]|)|a|/|b|;|c");
    HAS("...", NM_TF_PUNCT);
    HASNT("...", NM_TF_QUOTE | NM_TF_ALPHA);
    HAS("(", NM_TF_PUNCT);
    run("))");
    CHECK_INT(T.ntok, 2);
}

static void test_urls_handles_email(void) {
    run("See https://example.org/a_(b)?x=1, www.example.com. (http://x.org/p) Mail ana.ruiz@news.example.pt, "
        "@ana_ruiz or #Vote2024 now. #1 seed");
    CHECK_STR(toks(), "See|https://example.org/a_(b)?x=1|,|www.example.com|.|(|http://x.org/p|)|Mail|"
                      "ana.ruiz@news.example.pt|,|@ana_ruiz|or|#Vote2024|now|.|#|1|seed");
    HAS("https://example.org/a_(b)?x=1", NM_TF_URL);
    HAS("www.example.com", NM_TF_URL);
    HAS("http://x.org/p", NM_TF_URL);
    HAS("ana.ruiz@news.example.pt", NM_TF_URL);
    HAS("@ana_ruiz", NM_TF_URL);
    HAS("#Vote2024", NM_TF_URL);
    HASNT("#", NM_TF_URL);
    run("www. is not a URL and http:// neither");
    HASNT("www", NM_TF_URL);
    HASNT("http", NM_TF_URL);
}

static void test_file_names(void) {
    run("Open Budget_2024.xlsx and FerryPlan.PDF, not report.final or the end.Then stop.");
    CHECK_STR(toks(), "Open|Budget_2024.xlsx|and|FerryPlan.PDF|,|not|report|.|final|or|the|end|.|Then|"
                      "stop|.");
    HAS("Budget_2024.xlsx", NM_TF_URL);
    HAS("FerryPlan.PDF", NM_TF_URL);
    HASNT("report", NM_TF_URL);
    HASNT("end", NM_TF_URL);
    run("the notes.txt.");
    CHECK_STR(toks(), "the|notes.txt|.");
}

static void test_nbsp_and_unicode_spaces(void) {
    run("Ana\xc2\xa0Ruiz\xe2\x80\x89met\xe2\x80\xaf" "5\xe3\x80\x80people\xe2\x80\x8b.");
    CHECK_STR(toks(), "Ana|Ruiz|met|5|people|.");
    HAS("Ruiz", NM_TF_SPACE_BEFORE);
    HAS(".", NM_TF_SPACE_BEFORE);
    HASNT("Ruiz", NM_TF_LINE_START);
    run("one\xe2\x80\xa8two\xe2\x80\xa9three");
    HAS("two", NM_TF_LINE_START);
    HASNT("two", NM_TF_PARA_START);
    HAS("three", NM_TF_PARA_START | NM_TF_SENT_START);
}

static void test_paragraphs(void) {
    run("First para ends here\n \t\nSecond para\nstill second.\r\n\r\nthird");
    HAS("First", NM_TF_PARA_START | NM_TF_SENT_START | NM_TF_LINE_START);
    HAS("Second", NM_TF_PARA_START | NM_TF_SENT_START | NM_TF_LINE_START);
    HAS("still", NM_TF_LINE_START);
    HASNT("still", NM_TF_PARA_START | NM_TF_SENT_START);
    HAS("third", NM_TF_PARA_START | NM_TF_SENT_START);
    HAS("here", NM_TF_SENT_END);
    CHECK_STR(sents(), "First para ends here / Second para still second . / third");
}

static void test_markdown_markers(void) {
    run("# Heading one\nBody text goes on\nhere.\n- item one\n- item two\n* star\n1. first\n2) second\n"
        "a - b");
    CHECK_STR(sents(), "# Heading one / Body text goes on here . / - item one / - item two / * star / "
                       "1 . first / 2 ) second a - b");
    run("## Sub\ntext #tag");
    CHECK_STR(sents(), "## Sub / text #tag");
}

static void test_invalid_utf8(void) {
    static const char bad[] = "ab\xff\xfe" "cd \xc3\x28 \xe2\x80";
    size_t i;
    CHECK_INT(run_n(bad, sizeof bad - 1), 0);
    CHECK_INT(T.ntok, 8);
    CHECK_STR(toks(), "ab|\xff|\xfe|cd|\xc3|(|\xe2|\x80");
    CHECK_INT(T.tok[1].flags & ~(uint32_t)(NM_TF_SENT_START | NM_TF_SENT_END), NM_TF_INVALID);
    CHECK_INT(T.tok[1].end - T.tok[1].start, 1);
    CHECK(T.tok[2].flags & NM_TF_INVALID);
    CHECK(T.tok[4].flags & NM_TF_INVALID);
    CHECK(T.tok[6].flags & NM_TF_INVALID);
    CHECK(T.tok[7].flags & NM_TF_INVALID);
    CHECK_INT(T.tok[7].end, sizeof bad - 1);
    for (i = 0; i < T.ntok; i++) CHECK(T.tok[i].end <= sizeof bad - 1);
    /* overlong, surrogate and out-of-range forms are invalid too */
    {
        static const char o[] = "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80";
        run_n(o, sizeof o - 1);
        CHECK_INT(T.ntok, 9);
        for (i = 0; i < T.ntok; i++) CHECK(T.tok[i].flags & NM_TF_INVALID);
    }
}

static void test_truncated_sequence_at_end(void) {
    /* the buffer continues past len: the tokenizer must stop at len */
    static const char buf[] = "end \xe2\x80\x94 tail";
    CHECK_INT(run_n(buf, 6), 0);
    CHECK_INT(T.ntok, 3);
    CHECK(T.tok[1].flags & NM_TF_INVALID);
    CHECK(T.tok[2].flags & NM_TF_INVALID);
    CHECK_INT(T.tok[2].end, 6);
    /* a word right at len */
    CHECK_INT(run_n("Lisbon.", 6), 0);
    CHECK_INT(T.ntok, 1);
    CHECK_INT(T.tok[0].end, 6);
}

static void test_nul_bytes(void) {
    static const char z[] = "a\0b\0\0c";
    CHECK_INT(run_n(z, sizeof z - 1), 0);
    CHECK_INT(T.ntok, 6);
    CHECK(T.tok[1].flags & NM_TF_INVALID);
    CHECK(T.tok[3].flags & NM_TF_INVALID);
    CHECK(T.tok[4].flags & NM_TF_INVALID);
    CHECK_INT(T.tok[5].start, 5);
}

static void test_utf8_decode(void) {
    uint32_t cp;
    CHECK_INT(nm_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
    CHECK_INT(cp, 'A');
    CHECK_INT(nm_utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
    CHECK_INT(cp, 0xE9);
    CHECK_INT(nm_utf8_decode((const unsigned char *)"\xe2\x80\x99", 3, &cp), 3);
    CHECK_INT(cp, 0x2019);
    CHECK_INT(nm_utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(nm_utf8_decode((const unsigned char *)"\xe2\x80\x99", 2, &cp), 1);
    CHECK_INT(cp, 0xFFFD);
    CHECK_INT(nm_utf8_decode((const unsigned char *)"\x80", 1, &cp), 1);
    CHECK_INT(cp, 0xFFFD);
    CHECK_INT(nm_utf8_decode((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 1);
    CHECK_INT(nm_utf8_decode((const unsigned char *)"\xf5\x80\x80\x80", 4, &cp), 1);
}

static void test_empty_and_spaces(void) {
    CHECK_INT(run_n("", 0), 0);
    CHECK_INT(T.ntok, 0);
    CHECK_INT(T.nsent, 0);
    CHECK_INT(nm_tokenize(NULL, 0, &T), 0);
    CHECK_INT(T.ntok, 0);
    CHECK_INT(run(" \t\n\r\n  \xc2\xa0 \n"), 0);
    CHECK_INT(T.ntok, 0);
    CHECK_INT(T.nsent, 0);
}

static void test_reuse_replaces_previous(void) {
    run("One two three four. Five six.");
    CHECK_INT(T.ntok, 8);
    CHECK_INT(T.nsent, 2);
    run("Seven");
    CHECK_INT(T.ntok, 1);
    CHECK_INT(T.nsent, 1);
    CHECK(T.tok[0].flags & NM_TF_SENT_END);
}

static void test_too_big(void) {
    if (sizeof(size_t) > 4) {
        /* never read: the length check comes first */
        CHECK_INT(nm_tokenize("x", (size_t)UINT32_MAX + 1, &T), NM_ETOOBIG);
        CHECK_INT(T.ntok, 0);
    }
}

static void test_long_line(void) {
    size_t n = 1 << 20, i, w = 0;
    char *buf = malloc(n);
    CHECK(buf != NULL);
    if (!buf) return;
    for (i = 0; i < n; i++) buf[i] = "Lisbon "[i % 7];
    CHECK_INT(run_n(buf, n), 0);
    CHECK_INT(T.ntok, (n + 6) / 7);
    for (i = 0; i < T.ntok; i++) {
        if (T.tok[i].start >= T.tok[i].end || T.tok[i].end > n) break;
        if (i && T.tok[i].start < T.tok[i - 1].end) break;
        w++;
    }
    CHECK_INT(w, T.ntok);
    CHECK_INT(T.nsent, 1);
    free(buf);
}

static void test_emoji_and_symbols(void) {
    run("Great \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd news \xe2\x9d\xa4\xef\xb8\x8f today");
    CHECK_STR(toks(), "Great|\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd|news|\xe2\x9d\xa4\xef\xb8\x8f|today");
    CHECK(T.tok[1].flags & NM_TF_PUNCT);
    run("Fran\x63\xcc\xa7ois and 東京 met");
    CHECK_STR(toks(), "Franc\xcc\xa7ois|and|東京|met");
    HAS("東京", NM_TF_ALPHA);
    HASNT("東京", NM_TF_UPPER | NM_TF_LOWER | NM_TF_PUNCT);
}

/* ---------------------------------------------------------------- from spans */

static void test_from_spans_flags(void) {
    static const char text[] = "Mr. Ruiz said \" Yes , 4.2 % \" .\n\nU.S. voters ' 's -- www.x.org";
    nm_span_t sp[16];
    unsigned char ss[16] = {0};
    size_t n = 0, i = 0, len = sizeof text - 1;
    /* split at single spaces and newlines */
    while (i < len) {
        size_t b;
        while (i < len && (text[i] == ' ' || text[i] == '\n')) i++;
        b = i;
        while (i < len && text[i] != ' ' && text[i] != '\n') i++;
        if (i > b) {
            sp[n].start = (uint32_t)b;
            sp[n].end = (uint32_t)i;
            n++;
        }
    }
    CHECK_INT(n, 16);
    ss[10] = 1; /* "U.S." */
    cur = text;
    CHECK_INT(nm_tokens_from_spans(text, len, sp, ss, n, &T), 0);
    CHECK_INT(T.ntok, 16);
    CHECK_INT(T.nsent, 2);
    CHECK_INT(T.sent[0].begin, 0);
    CHECK_INT(T.sent[0].end, 10);
    CHECK_INT(T.sent[1].begin, 10);
    CHECK_INT(T.sent[1].end, 16);
    HAS("Mr.", NM_TF_ABBREV | NM_TF_UPPER | NM_TF_SENT_START | NM_TF_PARA_START | NM_TF_LINE_START);
    HAS("Ruiz", NM_TF_TITLECASE | NM_TF_SPACE_BEFORE);
    HAS("Yes", NM_TF_TITLECASE);
    HAS("4.2", NM_TF_NUMBER | NM_TF_DIGIT);
    HAS("%", NM_TF_PUNCT);
    HAS("\"", NM_TF_QUOTE);
    CHECK_INT(T.tok[3].quote, NM_Q_EITHER); /* spaces on both sides */
    CHECK_INT(T.tok[3].qfam, NM_QF_DOUBLE);
    HAS(".", NM_TF_SENT_END | NM_TF_PUNCT);
    HAS("U.S.", NM_TF_ABBREV | NM_TF_ALLCAPS | NM_TF_SENT_START | NM_TF_PARA_START | NM_TF_LINE_START);
    HAS("'s", NM_TF_POSS);
    HAS("'", NM_TF_QUOTE);
    HAS("--", NM_TF_DASH);
    HAS("www.x.org", NM_TF_URL | NM_TF_SENT_END);
    HASNT("said", NM_TF_SENT_START | NM_TF_SENT_END | NM_TF_LINE_START);
}

static void test_from_spans_no_sent_start(void) {
    static const char text[] = "a b. C";
    nm_span_t sp[4] = {{0, 1}, {2, 3}, {3, 4}, {5, 6}};
    cur = text;
    CHECK_INT(nm_tokens_from_spans(text, 6, sp, NULL, 4, &T), 0);
    CHECK_INT(T.nsent, 1);
    CHECK_INT(T.sent[0].end, 4);
    CHECK(T.tok[0].flags & NM_TF_SENT_START);
    CHECK(!(T.tok[3].flags & NM_TF_SENT_START));
    CHECK(T.tok[3].flags & NM_TF_SENT_END);
    CHECK(!(T.tok[2].flags & NM_TF_SPACE_BEFORE));
    CHECK_INT(nm_tokens_from_spans(text, 6, sp, NULL, 0, &T), 0);
    CHECK_INT(T.ntok, 0);
    CHECK_INT(T.nsent, 0);
}

static void test_from_spans_bad(void) {
    static const char text[] = "a b c";
    nm_span_t out_of_bounds[2] = {{0, 1}, {4, 6}};
    nm_span_t out_of_order[2] = {{2, 3}, {0, 1}};
    nm_span_t overlap[2] = {{0, 3}, {2, 3}};
    nm_span_t reversed[1] = {{3, 2}};
    nm_span_t empty[1] = {{1, 1}};
    CHECK_INT(nm_tokens_from_spans(text, 5, out_of_bounds, NULL, 2, &T), NM_EINVAL);
    CHECK_INT(T.ntok, 0);
    CHECK_INT(nm_tokens_from_spans(text, 5, out_of_order, NULL, 2, &T), NM_EINVAL);
    CHECK_INT(nm_tokens_from_spans(text, 5, overlap, NULL, 2, &T), NM_EINVAL);
    CHECK_INT(nm_tokens_from_spans(text, 5, reversed, NULL, 1, &T), NM_EINVAL);
    CHECK_INT(nm_tokens_from_spans(text, 5, empty, NULL, 1, &T), NM_EINVAL);
}

static void test_from_spans_agrees_with_tokenize(void) {
    static const char text[] = "“Kremlin’s” O'Brien said $4.2 at 3 p.m. (www.a.org) Mr. J. Smith—voters’ #tag.";
    nm_span_t sp[64];
    uint32_t want[64], wantq[64];
    size_t i, n;
    run(text);
    n = T.ntok;
    CHECK(n < 64);
    for (i = 0; i < n; i++) {
        sp[i].start = T.tok[i].start;
        sp[i].end = T.tok[i].end;
        want[i] = T.tok[i].flags & ~(uint32_t)(NM_TF_SENT_START | NM_TF_SENT_END);
        wantq[i] = (uint32_t)T.tok[i].quote << 8 | T.tok[i].qfam;
    }
    CHECK_INT(nm_tokens_from_spans(text, sizeof text - 1, sp, NULL, n, &T), 0);
    for (i = 0; i < n; i++) {
        uint32_t got = T.tok[i].flags & ~(uint32_t)(NM_TF_SENT_START | NM_TF_SENT_END);
        CHECK_INT((uint32_t)T.tok[i].quote << 8 | T.tok[i].qfam, wantq[i]);
        if (got != want[i])
            fprintf(stderr, "token %d \"%.*s\": %x vs %x\n", (int)i, (int)(sp[i].end - sp[i].start),
                    text + sp[i].start, (unsigned)got, (unsigned)want[i]);
        CHECK_INT(got, want[i]);
    }
}

/* ---------------------------------------------------------------- property */

static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) {
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lcg_state >> 8;
}

static int is_ws_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void test_property_random_bytes(void) {
    static const char *const pieces[] = {
        "a", "Z", "7", " ", "\n", ".", "'", "\"", "-", "’", "“", "”", "«", "\xc2\xa0", "U.S.", "Mr.",
        "n't", "'s", "http://", "www.", "@", "#", "$", "\xe2\x80", "\xff", "\0", ",", "—", "…", "(", ")",
        "\r\n", "\xe2\x80\xa9", "J.", "é", "1,0", ":", "e.g.", "-", "\xcc\x81",
    };
    char buf[600];
    int iter, bad = 0, badsent = 0;
    for (iter = 0; iter < 4000; iter++) {
        size_t len = lcg() % 300, i = 0, k;
        while (i < len) {
            if (lcg() % 3 == 0) {
                buf[i++] = (char)(lcg() & 0xFF);
            } else {
                const char *p = pieces[lcg() % (sizeof pieces / sizeof pieces[0])];
                size_t pl = (p[0] == 0) ? 1 : strlen(p);
                if (i + pl > len) pl = len - i;
                memcpy(buf + i, p, pl);
                i += pl;
            }
        }
        /* exactly len bytes given, in a heap copy so ASan sees any over-read */
        {
            char *h = malloc(len ? len : 1);
            if (!h) continue;
            memcpy(h, buf, len);
            if (nm_tokenize(h, len, &T) != 0) bad++;
            for (k = 0; k < T.ntok; k++) {
                const nm_tok_t *t = &T.tok[k];
                if (t->start >= t->end || t->end > len || (k && t->start < T.tok[k - 1].end) ||
                    is_ws_byte((unsigned char)h[t->start]) || is_ws_byte((unsigned char)h[t->end - 1]))
                    bad++;
            }
            if (T.ntok == 0 && T.nsent != 0) badsent++;
            if (T.ntok) {
                if (T.nsent == 0 || T.sent[0].begin != 0 || T.sent[T.nsent - 1].end != T.ntok) badsent++;
                for (k = 0; k < T.nsent; k++) {
                    if (T.sent[k].begin >= T.sent[k].end) badsent++;
                    if (k && T.sent[k].begin != T.sent[k - 1].end) badsent++;
                    if (!(T.tok[T.sent[k].begin].flags & NM_TF_SENT_START)) badsent++;
                    if (!(T.tok[T.sent[k].end - 1].flags & NM_TF_SENT_END)) badsent++;
                }
            }
            free(h);
        }
    }
    CHECK_INT(bad, 0);
    CHECK_INT(badsent, 0);
}

int main(void) {
    nm_tokens_init(&T);
    test_words_and_spaces();
    test_case_flags();
    test_curly_possessive_and_quotes();
    test_straight_possessive_and_plural();
    test_contractions();
    test_inner_apostrophes_and_hyphens();
    test_dashes();
    test_numbers_money_percent();
    test_times();
    test_abbreviations_us();
    test_title_abbreviations_do_not_end();
    test_initials();
    test_no_abbreviation();
    test_sentences_basic();
    test_sentence_after_closing_quote();
    test_straight_quote_direction();
    test_curly_single_and_guillemets();
    test_punctuation_runs();
    test_urls_handles_email();
    test_file_names();
    test_nbsp_and_unicode_spaces();
    test_paragraphs();
    test_markdown_markers();
    test_invalid_utf8();
    test_truncated_sequence_at_end();
    test_nul_bytes();
    test_utf8_decode();
    test_empty_and_spaces();
    test_reuse_replaces_previous();
    test_too_big();
    test_long_line();
    test_emoji_and_symbols();
    test_from_spans_flags();
    test_from_spans_no_sent_start();
    test_from_spans_bad();
    test_from_spans_agrees_with_tokenize();
    test_property_random_bytes();
    nm_tokens_finish(&T);
    return check_report("tokenize");
}
