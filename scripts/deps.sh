#!/usr/bin/env bash
# Installs what the portal needs to build, run and test on Debian 12; installs only what is missing.
# Called by every Makefile target that needs a dependency, so a fresh machine needs no manual step.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(g++ make pkg-config libfcgi-dev libctemplate-dev libpqxx-dev libargon2-dev
            libcurl4-openssl-dev libboost-test-dev libzxcvbn-dev libssl-dev libvips-dev
            libcairo2-dev libpango1.0-dev librsvg2-dev)
run_pkgs=(postgresql nginx spawn-fcgi multiwatch curl ca-certificates fonts-dejavu-core)
# The lint layer needs shellcheck, clang-format and clang-tidy; the fuzz layer clang and compiler-rt.
test_pkgs=(nodejs npm chromium python3-aiosmtpd wrk procps bc shellcheck clang-format clang-tidy
           clang libclang-rt-14-dev libvips-tools libimage-exiftool-perl libheif-examples
           poppler-utils)
# The install layer (tests/install/) and make deb: the units checked and socket-activated,
# Apache with mod_xsendfile, logrotate, test certificates, the Debian package tools.
install_pkgs=(systemd apache2 libapache2-mod-xsendfile logrotate openssl debhelper dpkg-dev fakeroot)

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${build_pkgs[@]}" "${run_pkgs[@]}" "${test_pkgs[@]}" "${install_pkgs[@]}"; do
  # nodejs/npm may come from outside Debian (the machine's own Node.js): accept a working binary.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_ apt-get update -qq
  # policy-rc.d keeps Debian's postinst from starting the system-wide nginx/PostgreSQL:
  # the portal runs its own instances under var/.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | sudo_ tee /usr/sbin/policy-rc.d >/dev/null
    sudo_ chmod 755 /usr/sbin/policy-rc.d
    trap 'sudo_ rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The unprivileged account the stack runs as when started by root (PostgreSQL refuses root).
if [ "$(id -u)" = 0 ] && ! getent passwd portal >/dev/null; then
  useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin portal
fi

# Browser-test packages, exactly as locked.
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
