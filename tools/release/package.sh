#!/usr/bin/env bash
# Packs one published connectorlint (Native AOT) as a release asset the Action can download:
# connectorlint-<rid>.tar.gz (connectorlint-win-x64.zip on Windows) holding the executable, the
# licence and the README. The release workflow runs it; ActionTests runs it to build a fake release.
# Usage: tools/release/package.sh RID PUBLISH_DIR OUT_DIR
set -euo pipefail
rid="${1:?RID (linux-x64, linux-arm64, win-x64, osx-arm64)}"
publish="${2:?the folder dotnet publish wrote}"
out="${3:?the folder to write the asset to}"
root="$(cd "$(dirname "$0")/../.." && pwd)"

case "$rid" in
  win-*) exe=connectorlint.exe ;;
  *) exe=connectorlint ;;
esac
if [ ! -f "$publish/$exe" ]; then
  echo "package.sh: $publish/$exe does not exist; publish first (dotnet publish -r $rid -p:PublishAot=true)" >&2
  exit 2
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# Only the executable: the symbol files (.dbg, .pdb) stay out of the download.
cp "$publish/$exe" "$stage/"
cp "$root/README.md" "$root/LICENSE" "$stage/"
chmod +x "$stage/$exe"
# Fixed times (SOURCE_DATE_EPOCH when the release sets it, else the epoch): the same binary packs to the same bytes.
epoch="${SOURCE_DATE_EPOCH:-0}"
touch -h -d "@$epoch" "$stage"/*

mkdir -p "$out"
out="$(cd "$out" && pwd)"
case "$rid" in
  win-*)
    asset="$out/connectorlint-$rid.zip"
    rm -f "$asset"
    if command -v zip >/dev/null 2>&1; then
      (cd "$stage" && ls -1 | LC_ALL=C sort | zip -q -X "$asset" -@)
    else
      (cd "$stage" && 7z a -tzip -bso0 "$asset" ./* >/dev/null)
    fi
    ;;
  *)
    asset="$out/connectorlint-$rid.tar.gz"
    # Fixed owner and order so that the same binary packs to the same bytes.
    # Fixed owner, order and times; gzip -n leaves the name and time out of its header.
    (cd "$stage" && ls -1 | LC_ALL=C sort | tar --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - -T - | gzip -n -9 >"$asset")
    ;;
esac
echo "$asset"
