# shellcheck shell=bash
# Sourced by the benchmark scripts: a private stack (scripts/stack.sh) in a temporary directory,
# stopped and deleted on exit whatever happens. A script may define stop_extras() to stop what
# it started itself first.
STACK="$REPO/scripts/stack.sh"
DIR=""

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cleanup() {
    set +e
    declare -F stop_extras >/dev/null && stop_extras
    if [ -n "$DIR" ] && [ -d "$DIR" ]; then
        bash "$STACK" stop "$DIR" >/dev/null 2>&1
        rm -rf "$DIR"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# new_stack_dir NAME: the directory the stack will live in, /tmp/NAME.<random>.
new_stack_dir() { DIR=$(mktemp -d "/tmp/$1.XXXXXX"); }
