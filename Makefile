# The portal's entry points: make, make run, make stop, make test, make bench.
# Source lists come from the folders; objects and binaries go under build/, runtime state under var/.

PORT ?= 8080
WORKERS ?= 4
VAR ?= var
# Proxies in front of nginx whose X-Forwarded-For it believes (addresses or CIDR ranges).
TRUSTED_PROXIES ?=

# Build on every core; the recipes that run things (run, test, bench) still run one at a time.
MAKEFLAGS += --jobs=$(shell nproc)

CXX ?= g++
PKGS := libpqxx libctemplate fcgi libargon2 libcrypto libcurl
CXXFLAGS += -std=c++17 -O2 -g -Wall -Wextra -Werror -MMD -MP -Ilib
LDLIBS += -lzxcvbn -pthread

# make test SANITIZE=1: every program and test built with AddressSanitizer and
# UndefinedBehaviorSanitizer (any finding aborts the program, so the tests fail on it).
ifeq ($(SANITIZE),1)
SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# GCC 12 under ASan reports maybe-uninitialized inside libstdc++'s <regex>, a known false positive.
CXXFLAGS += $(SANITIZERS) -Wno-maybe-uninitialized
LDFLAGS += $(SANITIZERS)
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS ?= print_stacktrace=1
endif

# Objects remember the flags they were built with: switching SANITIZE rebuilds everything.
BUILD_FLAGS := $(CXX) $(CXXFLAGS) $(LDFLAGS)
$(shell mkdir -p build && [ "$$(cat build/.flags 2>/dev/null)" = '$(BUILD_FLAGS)' ] || \
        printf '%s\n' '$(BUILD_FLAGS)' >build/.flags)

# Every source file in these folders is built: nothing can exist and be silently left out.
LIB_SRCS := $(sort $(wildcard lib/*.cc))
# One program per cgi-bin/<name>.cc (scripts/stack.sh reads the same directory).
PAGES := $(sort $(basename $(notdir $(wildcard cgi-bin/*.cc))))
PORTALCTL_SRCS := $(sort $(wildcard sbin/portalctl/*.cc))
UNIT_SRCS := $(sort $(wildcard tests/unit/*.cc))
INTEGRATION_SRCS := $(sort $(wildcard tests/integration/*.cc))
LIB_OBJS := $(LIB_SRCS:%.cc=build/obj/%.o)
PAGE_BINS := $(PAGES:%=build/cgi-bin/%)
PORTALCTL_OBJS := $(PORTALCTL_SRCS:%.cc=build/obj/%.o)
MAILER_SRCS := $(sort $(wildcard sbin/portal-mailer/*.cc))
MAILER_OBJS := $(MAILER_SRCS:%.cc=build/obj/%.o)
UNIT_OBJS := $(UNIT_SRCS:%.cc=build/obj/%.o)
INTEGRATION_OBJS := $(INTEGRATION_SRCS:%.cc=build/obj/%.o)
DEPS_STAMP := build/.deps-installed

# Keep objects (they are intermediate files of the pattern rules) without .SECONDARY's trap:
# a missing object must always be rebuilt.
.PRECIOUS: build/obj/%.o
.PHONY: all deps run stop test bench bench-scale clean format install uninstall deb
all: $(PAGE_BINS) build/sbin/portalctl build/sbin/portal-mailer

# Installs missing packages; re-runs when the script or the npm lock file changes.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh package-lock.json
	@bash scripts/deps.sh
	@mkdir -p build && touch $@

FLAGS_CACHE = $(eval FLAGS_CACHE := $$(shell pkg-config --cflags $(PKGS)))$(FLAGS_CACHE)
LIBS_CACHE = $(eval LIBS_CACHE := $$(shell pkg-config --libs $(PKGS)))$(LIBS_CACHE)

build/obj/%.o: %.cc build/.flags | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(FLAGS_CACHE) -c $< -o $@

build/libportal.a: $(LIB_OBJS)
	ar rcs $@ $^

build/cgi-bin/%: build/obj/cgi-bin/%.o build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) $(LDLIBS)

# The invoice PDF (lib/invoice_pdf.cc) alone needs cairo, pango and librsvg: only the invoices
# program links them.
PDF_PKGS := pangocairo librsvg-2.0
build/obj/lib/invoice_pdf.o: CXXFLAGS += $(shell pkg-config --cflags $(PDF_PKGS))
build/cgi-bin/invoices: LDLIBS += $(shell pkg-config --libs $(PDF_PKGS))

build/sbin/portalctl: $(PORTALCTL_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) $(LDLIBS)

build/sbin/portal-mailer: $(MAILER_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) $(LDLIBS)

# libvips (photos in messages, lib/images.cc) only where it is used: the other programs never
# load it.
VIPS_CFLAGS = $(eval VIPS_CFLAGS := $$(shell pkg-config --cflags vips-cpp))$(VIPS_CFLAGS)
VIPS_LIBS = $(eval VIPS_LIBS := $$(shell pkg-config --libs vips-cpp))$(VIPS_LIBS)
build/obj/lib/images.o: CXXFLAGS += $(VIPS_CFLAGS)
build/cgi-bin/messages build/sbin/portalctl: LDLIBS += $(VIPS_LIBS)

build/tests/unit-tests: $(UNIT_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) -lboost_unit_test_framework $(LDLIBS)

# A page program only the integration tests run (as CGI): the gate's uploads.
build/tests/upload-echo: build/obj/tests/programs/upload_echo.o build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) $(LDLIBS)

build/tests/integration-tests: $(INTEGRATION_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) -lboost_unit_test_framework -lcurl $(LDLIBS)

# Starts PostgreSQL, the page programs and nginx under var/ and loads the demo data.
run: all
	@TRUSTED_PROXIES='$(TRUSTED_PROXIES)' bash scripts/stack.sh start $(VAR) $(PORT) $(WORKERS)
	@bash scripts/stack.sh demo $(VAR)
	@bash scripts/stack.sh welcome $(VAR) $(PORT)

stop:
	@bash scripts/stack.sh stop $(VAR)

test: all build/tests/unit-tests build/tests/integration-tests build/tests/upload-echo fuzz-build
	@bash tests/run.sh

# The pages through nginx against a static file, the mailer's throughput and latency, and
# whether a sign-in link takes as long for nobody's address as for a customer's.
bench: all
	@WORKERS=$(WORKERS) bash bench/run.sh
	@bash bench/mailer.sh >build/bench-mailer.md
	@cat build/bench-mailer.md
	@bash bench/record.sh bench/RESULTS.md "Outgoing email" < build/bench-mailer.md
	@bash bench/signin-timing.sh >build/bench-signin.md
	@cat build/bench-signin.md
	@bash bench/record.sh bench/RESULTS.md "Sign-in timing" < build/bench-signin.md
	@bash bench/message-upload.sh >build/bench-upload.md
	@cat build/bench-upload.md
	@bash bench/record.sh bench/RESULTS.md "Message photo upload" < build/bench-upload.md
	@bash bench/invoice-pdf.sh >build/bench-invoice-pdf.md
	@cat build/bench-invoice-pdf.md
	@bash bench/record.sh bench/RESULTS.md "Invoice PDF" < build/bench-invoice-pdf.md

# Every signed-in page and the sign-in on a small and a SCALE× database (bench/scale.sh; not CI).
bench-scale: all build/tests/integration-tests
	@SCALE=$(or $(SCALE),10) bash bench/scale.sh

# make install [DESTDIR=/stage] [PREFIX=/usr]: Debian's layout (README "Run it on a server");
# make uninstall leaves configuration and data; make deb builds build/garage-portal_*.deb.
PREFIX ?= /usr
install: all
	@DESTDIR='$(DESTDIR)' PREFIX='$(PREFIX)' bash scripts/install.sh install

uninstall:
	@DESTDIR='$(DESTDIR)' PREFIX='$(PREFIX)' bash scripts/install.sh uninstall

deb: all
	@rm -f build/garage-portal_*.deb
	fakeroot debian/rules binary

format:
	git ls-files --cached --others --exclude-standard '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build

# make fuzz, make fuzz-build: libFuzzer targets for the parsers, built with clang.
include tests/fuzz/fuzz.mk

-include $(LIB_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(INTEGRATION_OBJS:.o=.d) $(PORTALCTL_OBJS:.o=.d) \
         $(MAILER_OBJS:.o=.d) build/obj/tests/programs/upload_echo.d \
         $(PAGES:%=build/obj/cgi-bin/%.d)
