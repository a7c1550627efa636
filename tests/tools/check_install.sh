#!/usr/bin/env bash
# `cmake --install` puts the binary, a man page per command and the bash, zsh
# and fish completions where man and the shells look: check_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d "${TMPDIR:-/tmp}/fbkit-install-XXXXXX")
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
fail=0
for c in "" $("$prefix/bin/fbkit" --help-man --list); do
  page="$prefix/share/man/man1/fbkit${c:+-$c}.1"
  [ -s "$page" ] || { echo "missing man page $page"; fail=1; }
done
for f in share/bash-completion/completions/fbkit share/zsh/site-functions/_fbkit \
         share/fish/vendor_completions.d/fbkit.fish; do
  [ -s "$prefix/$f" ] || { echo "missing completion $f"; fail=1; }
done
bash -c "source '$prefix/share/bash-completion/completions/fbkit' && complete -p fbkit" > /dev/null || fail=1
MANPATH="$prefix/share/man" man -w fbkit-stats > /dev/null 2>&1 || ! command -v man > /dev/null || {
  echo "man does not find fbkit-stats below $prefix/share/man"; fail=1; }
exit "$fail"
