#!/usr/bin/env bash
# The main job: set-up, build, then the pipeline on samples/ into out/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/setup.sh
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release
fbkit=build/cmd/fbkit
mkdir -p out
"$fbkit" --version
"$fbkit" config dump out/config
echo "demo: the built-in configuration is in out/config/"
