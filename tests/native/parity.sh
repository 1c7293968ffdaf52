#!/usr/bin/env bash
# The natively compiled connectorlint (Native AOT) must behave exactly like the JIT build: same
# stdout, same stderr, same exit code, for every command on every shipped example. Run by .ci/run.
# Usage: tests/native/parity.sh [native-binary] (publishes one when none is given)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

native="${1:-}"
if [ -z "$native" ]; then
  dotnet publish src/ConnectorLint.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/native" --nologo -v quiet >/dev/null
  native="$work/native/connectorlint"
fi
dotnet build src/ConnectorLint.Cli -c Release -o "$work/jit" --nologo -v quiet >/dev/null
jit=(dotnet "$work/jit/connectorlint.dll")

cases=()
for example in examples/*.yaml; do
  for format in text json sarif github markdown; do
    cases+=("lint $example --format $format --no-step-summary --today 2026-11-23")
  done
done
cases+=(
  "lint tests/ConnectorLint.Tests/Fixtures/several-errors.yaml --format json"
  "lint examples --today 2026-11-23"
  "lint no/such/file.yaml"
  "drift examples/contoso-hybrid.yaml --zone-file examples/contoso.zone --format json --no-step-summary"
  "drift examples/two-mx-records.yaml --zone-file examples/contoso.zone --no-step-summary"
  "trace examples/renewed-certificate.yaml --sender Copier_3rd_floor --to someone@fabrikam.com"
  "trace examples/contoso-hybrid.yaml --client 10.20.1.5 --host ex01.contoso.com --from scanner@contoso.com --to someone@fabrikam.com --format json"
  "import tests/ConnectorLint.Tests/Import/Fixtures/classic-hybrid --zone-file tests/ConnectorLint.Tests/Import/Fixtures/classic-hybrid.zone"
  "import tests/ConnectorLint.Tests/Import/Fixtures/depth2"
  "drift examples/topologies/a-classic-hybrid.yaml --exchange-export tests/ConnectorLint.Tests/Import/Fixtures/classic-hybrid --skip-dns --format json --no-step-summary"
  "plan examples/topologies/a-classic-hybrid.yaml --exchange-export tests/ConnectorLint.Tests/Import/Fixtures/classic-hybrid --format text"
  "plan examples/topologies/a-classic-hybrid.yaml --exchange-export tests/ConnectorLint.Tests/Import/Fixtures/classic-hybrid"
  "spf lint v=spf1_ip4:203.0.113.25_include:spf.protection.outlook.com_+all"
  "spf check --ip 203.0.113.25 --sender someone@contoso.com --zone-file examples/contoso.zone --format json"
  "schema"
  "rules"
  "explain CL301"
  "config examples --format json"
  "completion bash"
  "completion pwsh"
  "lint examples/open-relay.yaml --quiet --color always"
  "--version"
  "frobnicate"
)

failed=0
for case in "${cases[@]}"; do
  # Underscores stand for spaces inside one argument.
  read -r -a words <<<"$case"
  args=()
  for word in "${words[@]}"; do args+=("${word//_/ }"); done
  set +e
  "${jit[@]}" "${args[@]}" >"$work/jit.out" 2>"$work/jit.err"; jit_rc=$?
  "$native" "${args[@]}" >"$work/native.out" 2>"$work/native.err"; native_rc=$?
  set -e
  if [ "$jit_rc" != "$native_rc" ] || ! cmp -s "$work/jit.out" "$work/native.out" || ! cmp -s "$work/jit.err" "$work/native.err"; then
    echo "DIFFERS: connectorlint $case (exit $jit_rc JIT, $native_rc native)"
    diff "$work/jit.out" "$work/native.out" | head -20 || true
    diff "$work/jit.err" "$work/native.err" | head -20 || true
    failed=$((failed + 1))
  fi
done
echo "native parity: $((${#cases[@]} - failed)) of ${#cases[@]} commands identical"
[ "$failed" -eq 0 ]
