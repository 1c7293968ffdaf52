#!/usr/bin/env bash
# Writes SHA256SUMS (the format of sha256sum, one line per asset) for every file of a release
# folder. The Action refuses a download whose digest is not the one listed here.
# Usage: tools/release/checksums.sh RELEASE_DIR
set -euo pipefail
dir="${1:?the folder holding the release assets}"
cd "$dir"
if command -v sha256sum >/dev/null 2>&1; then
  digest=(sha256sum)
else
  digest=(shasum -a 256)
fi
export LC_ALL=C # glob order is byte order, so the file is the same on every machine
for asset in *; do
  if [ -f "$asset" ] && [ "$asset" != SHA256SUMS ] && [ "$asset" != SHA256SUMS.tmp ]; then
    "${digest[@]}" "$asset"
  fi
done >SHA256SUMS.tmp
mv SHA256SUMS.tmp SHA256SUMS
cat SHA256SUMS
