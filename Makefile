# newsmark - build the core Lua module, the tools, and run the tests.
#
#   make            build lua/newsmark/core.so and doc/tags (needs a C compiler and
#                   make, nothing else: no Lua headers, no network, nothing from ../shared;
#                   doc/tags only when nvim is on PATH)
#   make test       install test dependencies (Debian, as root), then build and run every
#                   test layer
#   make demo       install what the demo needs, build, open examples/article.md in Neovim
#   make test-matrix  the core and Neovim specs, and the language server under Neovim's
#                   LSP client, on Neovim 0.10.4 and 0.12.4 (Debian chroots, root)
#   make test-fresh   README's commands on pristine Debian 12 roots (debootstrap, root)
#   make bench      throughput and latency figures, and against compromise and wink-nlp
#   make test-c     the C tests under ASan/UBSan; make test-tsan: the job test under TSan
#   make fuzz       run every libFuzzer target for 60 s (clang)
#   make lexicon    rebuild data/newsmark.lex from ../shared/data/gazetteers
#   make model      retrain data/newsmark.model from ../shared/data (see data/MODEL.md);
#                   it reads data/newsmark.lex, so run `make lexicon` first when the
#                   lexicon changes. Both give the committed bytes (from a worktree:
#                   SHARED=/work/shared)
#   make clean

CC ?= cc
SHARED ?= ../shared
BUILD := build

# The Lua module is built against src/lua51.h, the project's own declaration of
# the frozen Lua 5.1 API, so no Lua headers are needed. The test layer also
# compiles it against the LuaJIT and lua5.1 headers (tools/check-lua-api.sh).
# Nothing here asks the machine what it has while the Makefile is read: `make
# test` and `make demo` install packages first, then build in a second make.
LUA_CFLAGS := -Werror=implicit-function-declaration

WARN := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith -Wno-unused-parameter
OPT ?= -O2
CFLAGS ?= $(OPT)
ALL_CFLAGS := -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS)
# src/job.c runs an analysis on a POSIX thread (the compiler's own flag: it
# sets what the C library needs and links libpthread where that is separate)
PTHREAD := -pthread

UNAME_S := $(shell uname -s)
ifeq ($(UNAME_S),Darwin)
  SOFLAGS := -bundle -undefined dynamic_lookup
else
  SOFLAGS := -shared
endif

CORE_SRC := $(filter-out src/lua_newsmark.c,$(wildcard src/*.c))
CORE_HDR := $(wildcard src/*.h)
MODULE := lua/newsmark/core.so

.PHONY: all test test-run test-matrix test-fresh deps parser demo bench lexicon clean \
  check-lua-api check-cc helptags fuzz fuzz-ci test-c test-tsan

all: $(MODULE) helptags

check-cc:
	@command -v $(firstword $(CC)) >/dev/null 2>&1 || { \
	  echo "newsmark: no C compiler '$(CC)': install one (Debian: apt-get install gcc libc6-dev; macOS: xcode-select --install), then run make again" >&2; exit 1; }

$(MODULE): $(CORE_SRC) src/lua_newsmark.c $(CORE_HDR) | check-cc
	$(CC) $(ALL_CFLAGS) $(PTHREAD) -fPIC -fvisibility=hidden $(LUA_CFLAGS) $(SOFLAGS) \
	  -o $@ $(CORE_SRC) src/lua_newsmark.c $(LDFLAGS) -lm

# :help newsmark: doc/tags with Neovim's own :helptags, when nvim is here
# (plugin managers run :helptags themselves; without nvim this does nothing).
helptags:
	@if command -v nvim >/dev/null 2>&1; then \
	  nvim --headless -u NONE -i NONE -n -c 'helptags doc' -c 'qall!' >/dev/null 2>&1 </dev/null; \
	  test -s doc/tags || echo "newsmark: nvim could not write doc/tags (:helptags doc)" >&2; \
	fi

# src/lua_newsmark.c against the real LuaJIT and lua5.1 headers, and
# src/lua51.h compared with them (also a layer of tests/run.sh).
check-lua-api:
	@sh tools/check-lua-api.sh

# ---------------------------------------------------------------- tools
$(BUILD)/mklex: tools/mklex.c $(CORE_SRC) $(CORE_HDR)
	@mkdir -p $(BUILD)
	$(CC) $(ALL_CFLAGS) $(PTHREAD) -Isrc -o $@ tools/mklex.c $(CORE_SRC) -lm

lexicon: $(BUILD)/mklex
	$(BUILD)/mklex --shared $(SHARED)/data/gazetteers --lists data/lists -o data/newsmark.lex

# Entity tagger (issue 7): corpora and weights chosen on dev data, see data/MODEL.md.
# Only `open` and `train-ok` corpora; never ner/dev or PolNeAR. The word
# clusters are built first (exchange algorithm, in C) and embedded in the model.
# 12 runs (seeds 1..12) averaged: the seed spread of 4 runs (GUM dev 0.706-0.744)
# was larger than any change measured (data/MODEL.md, issue 13).
NER_TRAIN := $(SHARED)/data/ner/train
CLUSTER_TEXT := $(SHARED)/data/unlabeled/sotu.txt,$(NER_TRAIN)/conll2003.bio,$(NER_TRAIN)/uner-ewt.bio,$(NER_TRAIN)/gum.bio,$(NER_TRAIN)/wikigold.bio,$(NER_TRAIN)/btc.bio,$(NER_TRAIN)/wnut17.bio,$(NER_TRAIN)/re3d.bio
MODEL_DATA := $(NER_TRAIN)/conll2003.bio:1,$(NER_TRAIN)/uner-ewt.bio:2,$(NER_TRAIN)/gum.bio:3,$(NER_TRAIN)/wikigold.bio:1,$(NER_TRAIN)/re3d.bio:1,$(NER_TRAIN)/btc.bio:0.3,$(NER_TRAIN)/wnut17.bio:0.3
MODEL_ARGS := --epochs 8 --seed 1 --runs 12 --prune 2.5 --domain 1 --profile web=2,mixed=3,social=6

model: $(MODULE)
	@mkdir -p $(BUILD)
	bin/newsmark train --make-clusters $(BUILD)/clusters.tsv --text $(CLUSTER_TEXT) --classes 512 --min-count 3
	bin/newsmark train --data $(MODEL_DATA) $(MODEL_ARGS) --clusters $(BUILD)/clusters.tsv --output data/newsmark.model

# ---------------------------------------------------------------- tests
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g -O1
C_TESTS := $(patsubst tests/c/%.c,$(BUILD)/asan/%,$(wildcard tests/c/test_*.c))

$(BUILD)/asan/%: tests/c/%.c tests/c/check.h $(CORE_SRC) $(CORE_HDR)
	@mkdir -p $(BUILD)/asan
	$(CC) -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) $(SAN) $(PTHREAD) -Isrc -o $@ $< $(CORE_SRC) -lm

# A copy of the module built with sanitizers, for the core specs under LuaJIT.
$(BUILD)/asan-lua/newsmark/core.so: $(CORE_SRC) src/lua_newsmark.c $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) $(SAN) $(PTHREAD) -fPIC $(LUA_CFLAGS) $(SOFLAGS) \
	  -o $@ $(CORE_SRC) src/lua_newsmark.c -lm

test-c: $(C_TESTS)
	@sh tests/run-c.sh $(C_TESTS)

# The worker-thread analysis (src/job.c, model:analyze_async) under
# ThreadSanitizer: test_job and the async core specs (tools/test-tsan.sh;
# clang, or TSAN_CC=gcc). tests/run.sh runs it where -fsanitize=thread works.
TSAN_CC ?= clang
$(BUILD)/tsan/test_job: tests/c/test_job.c tests/c/check.h $(CORE_SRC) $(CORE_HDR)
	@mkdir -p $(BUILD)/tsan
	$(TSAN_CC) -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) -fsanitize=thread -g -O1 $(PTHREAD) \
	  -Isrc -o $@ $< $(CORE_SRC) -lm

test-tsan:
	@TSAN_CC="$(TSAN_CC)" sh tools/test-tsan.sh

deps:
	@sh tools/deps.sh test

parser:
	@sh tools/build-parser.sh

# Install first, then build and test in a second make: nothing is decided
# before the packages exist, so the first `make test` on a new machine works.
test:
	@sh tools/deps.sh test
	@$(MAKE) --no-print-directory test-run

test-run: all $(C_TESTS) $(BUILD)/asan-lua/newsmark/core.so parser
	@sh tests/run.sh

test-matrix:
	@sh tools/test-matrix.sh

test-fresh:
	@sh tools/test-fresh.sh

# libFuzzer targets (clang): 60 s each, or 5 s each for CI
fuzz:
	@sh tools/fuzz.sh 60

fuzz-ci:
	@sh tools/fuzz.sh 5

demo:
	@sh tools/deps.sh demo
	@$(MAKE) --no-print-directory all
	@sh tools/build-parser.sh
	@sh tools/demo.sh

bench: all
	@sh tools/bench.sh
	@sh tools/bench-nvim.sh

clean:
	rm -rf $(BUILD) $(MODULE) doc/tags
