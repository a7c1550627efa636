#!/usr/bin/env bash
# Installs the Debian 12 packages fbkit needs to build and test, skipping those
# already present. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config python3 clang-format clang-tidy git
  # the linker of CI's builds (FBKIT_LLD in scripts/test.sh): about 3 times less CPU than GNU ld
  lld
  # the libraries of the design (see ../shared/DEPS.md)
  libcli11-dev libfccp-dev libfmt-dev libyaml-cpp-dev doctest-dev
  libicu-dev libopencc-dev libopencc-data libxxhash-dev libhyperscan-dev libre2-dev
  libzip-dev zipcmp zipmerge ziptool libpugixml-dev libxlsxwriter-dev
  libhowardhinnant-date-dev libtbb-dev nlohmann-json3-dev
  # learned sentiment: the library classify links, the CLI that trains the default model
  libfasttext-dev fasttext
  # tests: libFuzzer (clang's runtime), GNU parallel for the sharded stats test
  clang libclang-rt-14-dev parallel
  # tests: script(1) for progress under a pseudo-terminal, groff for the man pages
  bsdutils groff-base
  # tests: jq reads the run log (tests/cli/run)
  jq
  # the HTML report in headless Chromium (tests/cli/report/chromium), with a CJK font
  chromium fonts-wqy-microhei
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
