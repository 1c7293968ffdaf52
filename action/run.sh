#!/usr/bin/env bash
# The GitHub Action's step: builds ConnectorLint from the action's own checkout, lints the files,
# writes annotations (stdout), SARIF and the step summary, and sets the step's outputs.
# Inputs arrive as environment variables so that no input is ever spliced into the script text.
set -uo pipefail

action_path="${CONNECTORLINT_ACTION_PATH:?}"
build_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/connectorlint-build"
json_report="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/connectorlint-report.json"
sarif_file="${CONNECTORLINT_SARIF_FILE:-connectorlint.sarif}"

if ! dotnet build "$action_path/src/ConnectorLint.Cli/ConnectorLint.Cli.csproj" -c Release -o "$build_dir" --nologo -v quiet >"$build_dir.log" 2>&1; then
  cat "$build_dir.log" >&2
  echo "::error title=ConnectorLint::the tool could not be built; see the log above"
  exit 2
fi

read -r -a paths <<<"${CONNECTORLINT_FILES:-.}"
args=(lint "${paths[@]}" --format github --format "sarif=$sarif_file" --format "json=$json_report" --fail-on "${CONNECTORLINT_FAIL_ON:-error}")
if [ -n "${CONNECTORLINT_CONFIG:-}" ]; then
  args+=(--config "$CONNECTORLINT_CONFIG")
fi

dotnet "$build_dir/connectorlint.dll" "${args[@]}"
status=$?

if [ "${CONNECTORLINT_DRIFT:-false}" = "true" ] && [ "$status" -ne 2 ]; then
  drift_args=(drift "${paths[@]}" --format github --fail-on "${CONNECTORLINT_FAIL_ON:-error}")
  if [ -n "${CONNECTORLINT_DNS_SERVER:-}" ]; then
    drift_args+=(--dns-server "$CONNECTORLINT_DNS_SERVER")
  fi
  dotnet "$build_dir/connectorlint.dll" "${drift_args[@]}"
  drift_status=$?
  if [ "$drift_status" -gt "$status" ]; then
    status=$drift_status
  fi
fi

findings=0
errors=0
if [ -f "$json_report" ]; then
  findings=$(grep -c '"ruleId":' "$json_report" || true)
  errors=$(grep -c '"severity": "error"' "$json_report" || true)
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "findings=$findings"
    echo "errors=$errors"
    echo "sarif-file=$sarif_file"
  } >>"$GITHUB_OUTPUT"
fi

exit "$status"
