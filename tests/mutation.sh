#!/usr/bin/env bash
# Mutation testing with Stryker.NET over the engine. Too slow for every CI run; run it before resolving
# a change to the engine, and record the score per folder in tests/README.md.
#
# Two passes (issue 30): the first tests every mutant as the suite stands; the second tests again,
# with no whole output compared (CONNECTORLINT_SNAPSHOTS=off, see WholeOutputSnapshot), the mutants
# the first pass saw killed only by tests that pin a whole output. A mutant that survives the second
# pass was killed by a snapshot only, and is counted apart (tests/mutation/score.py).
#
# Extra arguments go to the first pass (for example: --mutate '**/Spf/**/*.cs' for one folder).
# MUTATION_SKIP_TESTS="ClassA ClassB" leaves those test classes out of both passes.
# MUTATION_SECOND_PASS=no skips the second pass; MUTATION_FIRST_REPORT=report.json runs only the second
# pass, over that first pass (for several folders measured apart: python3 tests/mutation/score.py --merge).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A mutant that changes a pinned message must fail its snapshot, not write a new one.
export SNAPSHOOTER_STRICT_MODE=true
# Rule tests judge every variant they lint against trace and the fix hints' safety (RuleFixtureTests);
# that triples the cost of each mutant, so mutation runs without it (the score is then a lower bound).
export CONNECTORLINT_VARIANT_JUDGES=off
# The stub organization's exports are kept by the hash of what decides them (StubExportCache), so a
# mutant that leaves them alone does not start PowerShell again.
CONNECTORLINT_STUB_EXPORT_CACHE="$(mktemp -d)"
export CONNECTORLINT_STUB_EXPORT_CACHE
# A theory is one test, its rows not enumerated at discovery (tests/mutation/xunit.runner.json): each
# mutant's test host discovers the suite in 2 s instead of 6 s.
export ConnectorLintMutation=true
dotnet tool restore >/dev/null
out="$PWD/tests/mutation/StrykerOutput"
config="$PWD/tests/mutation/stryker-config.json"
if [ -n "${MUTATION_SKIP_TESTS:-}" ]; then
  # Test classes that start PowerShell for every mutant they cover (plan, export scripts) cost seconds a
  # mutant; a folder they do not test can leave them out (the score is then a lower bound).
  skipped="$(mktemp --suffix=.json)"
  python3 - "$config" "$skipped" $MUTATION_SKIP_TESTS <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
extra = "".join(f"&FullyQualifiedName!~{name}" for name in sys.argv[3:])
config["stryker-config"]["test-case-filter"] += extra
json.dump(config, open(sys.argv[2], "w"), indent=2)
PY
  config="$skipped"
fi
score="$PWD/tests/mutation/score.py"
cd src/ConnectorLint
if [ -n "${MUTATION_FIRST_REPORT:-}" ]; then
  # The second pass only, over a first pass already run (score.py --merge joins several).
  first="$(realpath "$MUTATION_FIRST_REPORT")"
  rm -rf "$out/assertions"
else
  rm -rf "$out/first" "$out/assertions"
  dotnet dotnet-stryker --config-file "$config" --output "$out/first" "$@"
  first="$out/first/reports/mutation-report.json"
fi

if [ "${MUTATION_SECOND_PASS:-yes}" = no ]; then
  python3 "$score" "$first"
  exit
fi

spans=()
while IFS= read -r pattern; do
  spans+=(--mutate "$pattern")
done < <(python3 "$score" "$first" --spans)
if [ "${#spans[@]}" -eq 0 ]; then
  echo "every kill was made by a test that asserts without pinning a whole output"
  python3 "$score" "$first" --assertions "$first"
  exit
fi
CONNECTORLINT_SNAPSHOTS=off dotnet dotnet-stryker --config-file "$config" --output "$out/assertions" "${spans[@]}"
python3 "$score" "$first" --assertions "$out/assertions/reports/mutation-report.json"
