#!/usr/bin/env bash
# Fails on a snapshot file that no test compares with any more (a renamed or deleted test leaves
# its .snap behind, and a stale expectation reads as if it still held).
# Usage: tests/snapshots/orphans.sh LOG, where LOG was written by a whole unit run with
# CONNECTORLINT_SNAPSHOT_LOG=LOG (tests/run.sh does so); each line names a snapshot a test compared.
set -euo pipefail
cd "$(dirname "$0")/../.."
log="$1"
if [ ! -s "$log" ]; then
  echo "tests/snapshots/orphans.sh: $log is empty: the unit tests wrote no snapshot log" >&2
  exit 2
fi
root="$(pwd -P)"
used="$(mktemp)"
trap 'rm -f "$used"' EXIT
# The log holds absolute paths of the checkout the tests ran in.
sed "s|^$root/||" "$log" | sort -u > "$used"
orphans="$(find tests -path '*/__snapshots__/*.snap' -not -path '*/__mismatch__/*' | sort | comm -23 - "$used")"
if [ -n "$orphans" ]; then
  echo "snapshot files no test compares with (delete them, or restore the test that read them):" >&2
  echo "$orphans" >&2
  exit 1
fi
echo "snapshots: every one of $(wc -l < "$used") files is compared by a test"
