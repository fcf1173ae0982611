# libFuzzer targets for the request and address parsers (included by the main Makefile).
# `make fuzz-build` builds build/fuzz/<name> with clang; `make fuzz` then runs each target for
# FUZZ_SECONDS on a copy of its seed corpus (tests/fuzz/run.sh). Objects live in build/fuzz/obj/,
# apart from the g++ objects in build/obj/.

# Whatever the including makefile's first target is stays its default goal.
fuzz_default_goal := $(.DEFAULT_GOAL)

# One target per tests/fuzz/<name>.cc (tests/fuzz/run.sh reads the same folder).
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard tests/fuzz/*.cc))))
FUZZ_CXX ?= clang++
FUZZ_SECONDS ?= 300

# fuzzer-no-link gives lib/ code the coverage instrumentation libFuzzer steers by; the fuzzer's
# own main() is linked into the programs only.
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CXXFLAGS := -std=c++17 -g -O1 $(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link \
                 -Wall -Wextra -Werror -MMD -MP -Ilib

# Each target links only the lib/ files it tests: none of them needs libpqxx, ctemplate or fcgi.
HTTP_OBJS := $(addprefix build/fuzz/obj/lib/,http.o format.o utf8.o)
build/fuzz/urlencoded build/fuzz/percent_decode build/fuzz/cookies: $(HTTP_OBJS)
build/fuzz/email_address: build/fuzz/obj/lib/email_address.o
build/fuzz/local_path: $(addprefix build/fuzz/obj/lib/,validate.o email_address.o utf8.o)
build/fuzz/multipart: build/fuzz/obj/lib/multipart.o $(HTTP_OBJS)

FUZZ_BINS := $(FUZZ_TARGETS:%=build/fuzz/%)
FUZZ_OBJS := $(FUZZ_TARGETS:%=build/fuzz/obj/tests/fuzz/%.o) \
             $(addprefix build/fuzz/obj/lib/,http.o format.o utf8.o email_address.o validate.o \
                                             multipart.o)

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

$(FUZZ_BINS): build/fuzz/%: build/fuzz/obj/tests/fuzz/%.o
	$(FUZZ_CXX) $(FUZZ_SANITIZE) -fsanitize=fuzzer $^ -o $@

build/fuzz/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

-include $(FUZZ_OBJS:.o=.d)

.DEFAULT_GOAL := $(fuzz_default_goal)
