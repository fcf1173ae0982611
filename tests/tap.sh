# shellcheck shell=bash
# TAP for the shell test layers (tests/readme.sh, tests/install/run.sh): `ok NAME STATUS
# [DETAIL]` prints "ok - NAME" or "not ok - NAME" and the detail; `tap_end` prints "# pass N"
# and "# fail N" for tests/run.sh to count, and returns non-zero when any failed.
pass=0
fail=0
ok() {  # ok NAME CONDITION_STATUS [DETAIL]
    if [ "$2" = 0 ]; then
        echo "ok - $1"
        pass=$((pass + 1))
    else
        echo "not ok - $1"
        [ -n "${3:-}" ] && printf '%s\n' "$3" | head -40 | sed 's/^/#   /'
        fail=$((fail + 1))
    fi
}
tap_end() {
    echo "# pass $pass"
    echo "# fail $fail"
    [ "$fail" = 0 ]
}
