# The portal's entry points: make, make run, make stop, make test, make bench.
# Explicit file lists; objects and binaries go under build/, runtime state under var/.

PORT ?= 8080
WORKERS ?= 4
VAR ?= var

CXX ?= g++
PKGS := libpqxx libctemplate fcgi libargon2 libcrypto libcurl
CXXFLAGS += -std=c++17 -O2 -g -Wall -Wextra -Werror -MMD -MP -Ilib
LDLIBS += -lzxcvbn -pthread

LIB_SRCS := lib/app.cc lib/auth_tokens.cc lib/brand.cc lib/config.cc lib/csrf.cc lib/db.cc \
            lib/format.cc lib/http.cc lib/log.cc lib/mail.cc lib/mail_transport.cc lib/outbox.cc \
            lib/password.cc lib/ratelimit.cc lib/session.cc lib/tenancy.cc lib/tokens.cc \
            lib/validate.cc lib/view.cc lib/work_orders.cc lib/quotes.cc
# One program per cgi-bin/<name>.cc (scripts/stack.sh reads the same directory).
PAGES := $(sort $(basename $(notdir $(wildcard cgi-bin/*.cc))))
PORTALCTL_SRCS := sbin/portalctl/main.cc sbin/portalctl/command.cc sbin/portalctl/migrate.cc \
                  sbin/portalctl/garage.cc sbin/portalctl/customer.cc sbin/portalctl/outbox.cc \
                  sbin/portalctl/link.cc sbin/portalctl/vehicle.cc sbin/portalctl/job.cc \
                  sbin/portalctl/quote.cc
UNIT_SRCS := tests/unit/main.cc tests/unit/http_test.cc tests/unit/validate_test.cc \
             tests/unit/config_test.cc tests/unit/tenancy_test.cc tests/unit/view_test.cc \
             tests/unit/brand_test.cc tests/unit/secrets_test.cc \
             tests/unit/mail_test.cc
INTEGRATION_SRCS := tests/integration/main.cc tests/integration/client.cc \
                    tests/integration/pages_test.cc tests/integration/bad_input_test.cc \
                    tests/integration/portalctl_test.cc tests/integration/signin_test.cc \
                    tests/integration/resilience_test.cc tests/integration/portalctl_jobs_test.cc \
                    tests/integration/mailer_test.cc tests/integration/mailer_helpers.cc \
                    tests/integration/fixtures.cc tests/integration/home_test.cc tests/integration/quotes_test.cc

LIB_OBJS := $(LIB_SRCS:%.cc=build/obj/%.o)
PAGE_BINS := $(PAGES:%=build/cgi-bin/%)
PORTALCTL_OBJS := $(PORTALCTL_SRCS:%.cc=build/obj/%.o)
MAILER_SRCS := sbin/portal-mailer/main.cc sbin/portal-mailer/runner.cc
MAILER_OBJS := $(MAILER_SRCS:%.cc=build/obj/%.o)
UNIT_OBJS := $(UNIT_SRCS:%.cc=build/obj/%.o)
INTEGRATION_OBJS := $(INTEGRATION_SRCS:%.cc=build/obj/%.o)
DEPS_STAMP := build/.deps-installed

# Keep objects (they are intermediate files of the pattern rules) without .SECONDARY's trap:
# a missing object must always be rebuilt.
.PRECIOUS: build/obj/%.o
.PHONY: all deps run stop test bench clean format
all: $(PAGE_BINS) build/sbin/portalctl build/sbin/portal-mailer

# Installs missing packages; re-runs when the script or the npm lock file changes.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh package-lock.json
	@bash scripts/deps.sh
	@mkdir -p build && touch $@

FLAGS_CACHE = $(eval FLAGS_CACHE := $$(shell pkg-config --cflags $(PKGS)))$(FLAGS_CACHE)
LIBS_CACHE = $(eval LIBS_CACHE := $$(shell pkg-config --libs $(PKGS)))$(LIBS_CACHE)

build/obj/%.o: %.cc | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(FLAGS_CACHE) -c $< -o $@

build/libportal.a: $(LIB_OBJS)
	ar rcs $@ $^

build/cgi-bin/%: build/obj/cgi-bin/%.o build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) $(LDLIBS)

build/sbin/portalctl: $(PORTALCTL_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) $(LDLIBS)

build/sbin/portal-mailer: $(MAILER_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) $(LDLIBS)

build/tests/unit-tests: $(UNIT_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) -lboost_unit_test_framework $(LDLIBS)

build/tests/integration-tests: $(INTEGRATION_OBJS) build/libportal.a
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LIBS_CACHE) -lboost_unit_test_framework -lcurl $(LDLIBS)

# Starts PostgreSQL, the page programs and nginx under var/ and loads the demo data.
run: all
	@bash scripts/stack.sh start $(VAR) $(PORT) $(WORKERS)
	@bash scripts/stack.sh demo $(VAR)
	@bash scripts/stack.sh welcome $(VAR) $(PORT)

stop:
	@bash scripts/stack.sh stop $(VAR)

test: all build/tests/unit-tests build/tests/integration-tests
	@bash tests/run.sh

# The pages through nginx against a static file, then the mailer's throughput and latency.
bench: all
	@WORKERS=$(WORKERS) bash bench/run.sh
	@bash bench/mailer.sh >build/bench-mailer.md
	@cat build/bench-mailer.md
	@bash bench/record.sh bench/RESULTS.md "Outgoing email" < build/bench-mailer.md

format:
	clang-format -i lib/*.cc lib/*.h cgi-bin/*.cc sbin/*/*.cc tests/unit/*.cc tests/integration/*.cc

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(INTEGRATION_OBJS:.o=.d) $(PORTALCTL_OBJS:.o=.d) \
         $(MAILER_OBJS:.o=.d) \
         $(PAGES:%=build/obj/cgi-bin/%.d)
