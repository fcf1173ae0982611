#!/usr/bin/env bash
# The lint layer of `make test`: shellcheck on every shell script, clang-format on every C++
# file, node --check on every JavaScript file, clang-tidy's bugprone checks on lib/ and
# cgi-bin/. One TAP line per check, then "# pass N" and "# fail N" for tests/run.sh to count.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

pass=0
fail=0
check() {  # check NAME COMMAND...: runs the command, prints its output only when it fails
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        echo "ok - $name"
        pass=$((pass + 1))
    else
        echo "not ok - $name"
        printf '%s\n' "$out" | grep -v ' warnings generated\.$' | head -40 | sed 's/^/#   /'
        fail=$((fail + 1))
    fi
}

# Tracked files and new ones not yet committed (but never ignored ones such as node_modules/).
files() { git ls-files --cached --others --exclude-standard "$@"; }

# Shell scripts: *.sh, and any file whose first line names a shell.
mapfile -t shell_scripts < <(
    files | while read -r f; do
        [ -f "$f" ] || continue
        case "$f" in
            *.sh) echo "$f" ;;
            *.*) ;;
            *) head -1 "$f" | grep -qE '^#!.*\b(ba)?sh\b' && echo "$f" ;;
        esac
    done | sort -u
)
for f in "${shell_scripts[@]}"; do
    check "shellcheck $f" shellcheck --external-sources --source-path=SCRIPTDIR "$f"
done

mapfile -t cxx_files < <(files '*.cc' '*.h')
check "clang-format (${#cxx_files[@]} C++ files match .clang-format)" \
    clang-format --dry-run --Werror "${cxx_files[@]}"

mapfile -t js_files < <(files '*.js' '*.mjs')
for f in "${js_files[@]}"; do check "node --check $f" node --check "$f"; done

# clang-tidy: bugprone-* with the same flags the build uses. Two of its checks are off because
# they flag this code base's idioms rather than bugs: easily-swappable-parameters (every
# (garage_id, customer_id) pair) and narrowing-conversions (size_t → int at libfcgi's API).
# The files are checked a few at a time on every core (clang-tidy is slow: ~3 s a file).
tidy() {
    local flags
    flags="-std=c++17 -Ilib $(pkg-config --cflags libpqxx libctemplate fcgi libcurl vips-cpp pangocairo librsvg-2.0)"
    # shellcheck disable=SC2016 # the script's own $1 and $@, expanded by sh for each batch
    printf '%s\n' "$@" | xargs -P "$(nproc)" -n 4 sh -c '
        flags=$1; shift
        # shellcheck disable=SC2086 # the compiler flags are separate words on purpose
        exec clang-tidy --quiet --warnings-as-errors="*" \
            --checks="-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-narrowing-conversions" \
            "$@" -- $flags' tidy "$flags"
}
mapfile -t tidy_files < <(files 'lib/*.cc' 'cgi-bin/*.cc')
check "clang-tidy bugprone (${#tidy_files[@]} files in lib/ and cgi-bin/)" tidy "${tidy_files[@]}"

echo "# pass $pass"
echo "# fail $fail"
[ "$fail" = 0 ]
