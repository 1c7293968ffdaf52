#!/usr/bin/env bash
# The GitHub Action's step: gets ConnectorLint (a released native binary, verified against the
# release's SHA256SUMS and kept in the runner's tool cache; or, with `version: source`, a build of
# the action's own checkout in a directory of its own), lints the files, writes annotations
# (stdout), SARIF and the step summary, and sets the step's outputs. It adds nothing to PATH or to
# the environment of later steps.
# Inputs arrive as environment variables so that no input is ever spliced into the script text.
set -uo pipefail

action_path="${CONNECTORLINT_ACTION_PATH:?}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
json_report="$temp/connectorlint-report.json"
sarif_file="${CONNECTORLINT_SARIF_FILE:-connectorlint.sarif}"
version="${CONNECTORLINT_VERSION:-latest}"
release_url="${CONNECTORLINT_RELEASE_URL:-https://github.com/connectorlint/connectorlint/releases}"
release_url="${release_url%/}"

# The step's own stdout, for annotations written from inside $(...).
exec 3>&1

# A workflow command's message must not start a command of its own: %, CR and LF are escaped the
# way the runner unescapes them.
annotate_error() {
  local message="$1"
  message="${message//'%'/%25}"
  message="${message//$'\r'/%0D}"
  message="${message//$'\n'/%0A}"
  echo "::error title=ConnectorLint::$message" >&3
}

fail() {
  annotate_error "$1"
  exit 2
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# The runner names its platform in RUNNER_OS and RUNNER_ARCH; uname answers outside a runner.
platform() {
  local os arch
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux) os=linux ;;
    macOS | Darwin) os=osx ;;
    Windows | MINGW* | MSYS* | CYGWIN*) os=win ;;
    *) os=unknown ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    X64 | x86_64 | amd64) arch=x64 ;;
    ARM64 | arm64 | aarch64) arch=arm64 ;;
    *) arch=unknown ;;
  esac
  echo "$os-$arch"
}

fetch() {
  curl --fail --silent --show-error --location --retry 3 --proto '=https,file' --proto-redir '=https' \
    --output "$2" "$1"
}

# Downloads the release asset of this platform, checks it against SHA256SUMS, and installs it in
# the tool cache as connectorlint/<version>/<arch> with the <arch>.complete marker that
# actions/tool-cache uses. Prints the installed executable.
install_release() {
  local rid="$1" arch="${1#*-}" exe="connectorlint" asset download cache staging got expected reported
  case "$rid" in
    linux-x64 | linux-arm64 | osx-arm64) asset="connectorlint-$rid.tar.gz" ;;
    win-x64) asset="connectorlint-$rid.zip" exe="connectorlint.exe" ;;
    *) fail "no released binary for this runner ($rid); use version: source (with actions/setup-dotnet for .NET 10)" ;;
  esac

  cache="${RUNNER_TOOL_CACHE:-$temp/connectorlint-tool-cache}/connectorlint"
  if [ "$version" != latest ] && [ -f "$cache/$version/$arch.complete" ] && [ -x "$cache/$version/$arch/$exe" ]; then
    echo "$cache/$version/$arch/$exe"
    return
  fi

  if [ "$version" = latest ]; then
    download="$release_url/latest/download"
  else
    download="$release_url/download/v$version"
  fi
  staging="$(mktemp -d "$temp/connectorlint-download.XXXXXX")"
  fetch "$download/SHA256SUMS" "$staging/SHA256SUMS" >&2 ||
    fail "could not download $download/SHA256SUMS: is $version a released version of ConnectorLint?"
  fetch "$download/$asset" "$staging/$asset" >&2 ||
    fail "could not download $download/$asset"

  expected="$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1; exit }' "$staging/SHA256SUMS")"
  got="$(sha256_of "$staging/$asset")"
  if [ -z "$expected" ]; then
    fail "$download/SHA256SUMS lists no digest for $asset; refusing to run an unverified download"
  fi
  if [ "$got" != "$expected" ]; then
    fail "$asset does not match its SHA-256 in SHA256SUMS (expected $expected, got $got); refusing to run it"
  fi

  mkdir -p "$staging/bin"
  case "$asset" in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$staging/$asset" -d "$staging/bin" >&2
      else
        7z x -y -bso0 "-o$staging/bin" "$staging/$asset" >&2
      fi
      ;;
    *) tar -xzf "$staging/$asset" -C "$staging/bin" >&2 ;;
  esac || fail "could not unpack $asset"
  chmod +x "$staging/bin/$exe" 2>/dev/null

  # The binary says which version it is; `latest` is cached under that, and a pinned version that
  # the binary contradicts is refused.
  reported="$("$staging/bin/$exe" --version 2>/dev/null)" || fail "the downloaded $exe does not run on this runner"
  reported="${reported%%+*}"
  if [ "$version" != latest ] && [ "$reported" != "$version" ]; then
    fail "the release v$version holds ConnectorLint $reported; refusing to run it as $version"
  fi

  mkdir -p "$cache/$reported"
  rm -rf "${cache:?}/$reported/$arch" "$cache/$reported/$arch.complete"
  mv "$staging/bin" "$cache/$reported/$arch"
  touch "$cache/$reported/$arch.complete"
  rm -rf "$staging"
  echo "$cache/$reported/$arch/$exe"
}

# Builds the action's own checkout in its own output folder, from the action's directory, so that
# a global.json in the user's repository cannot choose the SDK.
build_from_source() {
  local build_dir="$temp/connectorlint-build"
  command -v dotnet >/dev/null 2>&1 ||
    fail "version: source builds ConnectorLint with the .NET 10 SDK, which this runner does not have; add actions/setup-dotnet (dotnet-version: 10.0.x) before this step, or use a released version"
  mkdir -p "$build_dir"
  if ! (cd "$action_path" && dotnet build src/ConnectorLint.Cli/ConnectorLint.Cli.csproj -c Release -o "$build_dir" --nologo -v quiet) >"$build_dir.log" 2>&1; then
    cat "$build_dir.log" >&2
    fail "the tool could not be built from source; see the log above"
  fi
}

# Versions are x.y.z with an optional pre-release label; anything else never reaches a URL or a path.
case "$version" in
  latest | source) ;;
  *)
    if ! [[ "$version" =~ ^[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}(-[0-9A-Za-z.]{1,64})?$ ]]; then
      fail "version must be latest, source, or a released version such as 0.1.0; got '$version'"
    fi
    ;;
esac

if [ "$version" = source ]; then
  build_from_source
  tool=(dotnet "$temp/connectorlint-build/connectorlint.dll")
else
  executable="$(install_release "$(platform)")" || exit 2
  tool=("$executable")
fi

# Every input is data. None may carry a control character (a line break in a value would forge a
# step output or a workflow command); paths reach the tool only after `--`, where nothing is an
# option; a value that must follow an option is passed in the option's own token (`--config=VALUE`)
# and, where it has a grammar (a revision, host:port), checked against it.
no_control() {
  if [[ "$2" =~ [[:cntrl:]] ]]; then
    fail "the $1 input holds a control character; it is refused"
  fi
}

files="${CONNECTORLINT_FILES:-.}"
# The files input is a list separated by spaces or line breaks (a YAML block scalar).
files="${files//$'\n'/ }"
files="${files//$'\r'/ }"
files="${files//$'\t'/ }"
no_control files "$files"
read -r -a paths <<<"$files"
if [ "${#paths[@]}" -eq 0 ]; then
  paths=(.)
fi

base="${CONNECTORLINT_BASE:-}"
no_control base "$base"
if [ -n "$base" ] && { [[ "$base" == -* ]] || ! [[ "$base" =~ ^[A-Za-z0-9._/@^~{}-]{1,255}$ ]]; }; then
  fail "base must be a commit SHA, a branch or a tag; got '$base'"
fi

fail_on="${CONNECTORLINT_FAIL_ON:-error}"
case "$fail_on" in
  error | warning | note | never) ;;
  *) fail "fail-on must be error, warning, note or never; got '$fail_on'" ;;
esac

no_control sarif-file "$sarif_file"
if [ -z "$sarif_file" ]; then
  fail "sarif-file must name a file"
fi
no_control config "${CONNECTORLINT_CONFIG:-}"
no_control exchange-export "${CONNECTORLINT_EXCHANGE_EXPORT:-}"

dns_server="${CONNECTORLINT_DNS_SERVER:-}"
no_control dns-server "$dns_server"
host_port='^[][A-Za-z0-9.:][][A-Za-z0-9.:-]{0,254}$'
if [ -n "$dns_server" ] && ! [[ "$dns_server" =~ $host_port ]]; then
  fail "dns-server must be HOST or HOST:PORT; got '$dns_server'"
fi

probe_hosts_input="${CONNECTORLINT_PROBE_HOSTS:-}"
probe_hosts_input="${probe_hosts_input//$'\n'/ }"
probe_hosts_input="${probe_hosts_input//$'\r'/ }"
no_control probe-hosts "$probe_hosts_input"
read -r -a probe_hosts <<<"$probe_hosts_input"
name_address='^[A-Za-z0-9_][A-Za-z0-9._-]{0,252}=[][A-Za-z0-9.:]{1,80}$'
for host in "${probe_hosts[@]}"; do
  if ! [[ "$host" =~ $name_address ]]; then
    fail "each probe-hosts entry must be NAME=ADDRESS[:PORT]; got '$host'"
  fi
done

# With a base, the review decides and speaks: only the findings the change brings are annotated and
# fail the step (the others are counted in one notice), and the step summary is the review alone.
# Lint still writes the SARIF and JSON of every finding for code scanning and the outputs.
lint_fail_on="$fail_on"
lint_formats=(--format github)
if [ -n "$base" ]; then
  lint_fail_on=never
  lint_formats=(--format github --no-step-summary)
fi
args=(lint "${lint_formats[@]}" --format "sarif=$sarif_file" --format "json=$json_report" --fail-on "$lint_fail_on")
if [ -n "${CONNECTORLINT_CONFIG:-}" ]; then
  args+=("--config=$CONNECTORLINT_CONFIG")
fi
args+=(-- "${paths[@]}")

if [ -n "$base" ]; then
  # Lint's annotations are kept back for the review's; shown only when lint could not do its job.
  "${tool[@]}" "${args[@]}" >"$temp/connectorlint-lint.txt"
  status=$?
  if [ "$status" -eq 2 ]; then
    cat "$temp/connectorlint-lint.txt"
  fi
else
  "${tool[@]}" "${args[@]}"
  status=$?
fi

if [ -n "$base" ] && [ "$status" -ne 2 ]; then
  # actions/checkout fetches one commit; the base is fetched by SHA when it is missing.
  if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    git fetch --no-tags --quiet --depth=1 origin -- "$base" 2>/dev/null || true
  fi
  review_args=(review "--base=$base" --format github --fail-on "$fail_on")
  if [ "${CONNECTORLINT_COMMENT:-false}" = "true" ]; then
    review_args+=(--comment)
  fi
  if [ -n "${CONNECTORLINT_EXCHANGE_EXPORT:-}" ]; then
    # The review then shows the plan: the cmdlets the change implies, in an order that bounces no mail.
    review_args+=("--exchange-export=$CONNECTORLINT_EXCHANGE_EXPORT")
  fi
  review_args+=(-- "${paths[@]}")
  # The annotations go to the log (where the runner reads them) and to a file, to count the new errors.
  GITHUB_TOKEN="${CONNECTORLINT_TOKEN:-}" "${tool[@]}" "${review_args[@]}" >"$temp/connectorlint-review.txt"
  status=$?
  cat "$temp/connectorlint-review.txt"
fi

if { [ "${CONNECTORLINT_DRIFT:-false}" = "true" ] || [ -n "${CONNECTORLINT_EXCHANGE_EXPORT:-}" ]; } && [ "$status" -ne 2 ]; then
  drift_args=(drift --format github --fail-on "$fail_on")
  if [ -n "$dns_server" ]; then
    drift_args+=("--dns-server=$dns_server")
  fi
  if [ -n "${CONNECTORLINT_EXCHANGE_EXPORT:-}" ]; then
    # Config drift; DNS too only when drift is asked for.
    drift_args+=("--exchange-export=$CONNECTORLINT_EXCHANGE_EXPORT")
    if [ "${CONNECTORLINT_DRIFT:-false}" != "true" ]; then
      drift_args+=(--skip-dns)
    fi
  fi
  drift_args+=(-- "${paths[@]}")
  "${tool[@]}" "${drift_args[@]}"
  drift_status=$?
  if [ "$drift_status" -gt "$status" ]; then
    status=$drift_status
  fi
fi

if [ "${CONNECTORLINT_PROBE:-false}" = "true" ] && [ "$status" -ne 2 ]; then
  probe_args=(probe --format github --fail-on "$fail_on")
  for host in "${probe_hosts[@]}"; do
    probe_args+=("--host=$host")
  done
  if [ -n "$dns_server" ]; then
    probe_args+=("--dns-server=$dns_server")
  fi
  probe_args+=(-- "${paths[@]}")
  "${tool[@]}" "${probe_args[@]}"
  probe_status=$?
  if [ "$probe_status" -gt "$status" ]; then
    status=$probe_status
  fi
fi

findings=0
errors=0
if [ -f "$json_report" ]; then
  findings=$(grep -c '"ruleId":' "$json_report" || true)
  errors=$(grep -c '"severity": "error"' "$json_report" || true)
fi
if [ -n "$base" ] && [ -f "$temp/connectorlint-review.txt" ]; then
  # With a base, errors counts what the change brings: the review's error annotations.
  errors=$(grep -c '^::error ' "$temp/connectorlint-review.txt" || true)
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "findings=$findings"
    echo "errors=$errors"
    echo "sarif-file=$sarif_file"
  } >>"$GITHUB_OUTPUT"
fi

exit "$status"
