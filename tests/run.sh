#!/usr/bin/env bash
# The test command of README.md: installs what the tests need on a machine that has only the
# .NET SDK, then runs every test. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# nsd: the authoritative DNS server the drift integration tests start on 127.0.0.1 at a high port.
if ! command -v nsd >/dev/null 2>&1 && [ ! -x /usr/sbin/nsd ]; then
  echo "tests/run.sh: installing nsd (Debian package) for the DNS integration tests" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nsd >/dev/null
fi

# postfix: the SMTP server the probe integration tests start on 127.0.0.1 at high ports (its own
# configuration in a temporary folder; the system's postfix is neither configured nor started).
if [ ! -x /usr/sbin/postfix ]; then
  echo "tests/run.sh: installing postfix (Debian package) for the probe integration tests" >&2
  as_root apt-get update -qq
  echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postfix >/dev/null
fi

# Debian packages the tests call: git and curl (review and the Action's download), yamllint (the
# examples and imported files pass its defaults), pre-commit (the hooks of .pre-commit-hooks.yaml),
# zsh (with bash and pwsh, the shells whose completion scripts are run),
# and chromium with node for mermaid-cli (the render tests draw the mermaid ConnectorLint writes, as
# GitHub would; Puppeteer cannot download its own browser here, it drives Debian's, see
# tests/render/puppeteer-config.json).
deps=()
command -v git >/dev/null 2>&1 || deps+=(git)
command -v curl >/dev/null 2>&1 || deps+=(curl)
command -v yamllint >/dev/null 2>&1 || deps+=(yamllint)
command -v pre-commit >/dev/null 2>&1 || deps+=(pre-commit)
command -v zsh >/dev/null 2>&1 || deps+=(zsh)
command -v node >/dev/null 2>&1 || deps+=(nodejs)
command -v npm >/dev/null 2>&1 || deps+=(npm)
[ -x /usr/bin/chromium ] || deps+=(chromium)
if [ "${#deps[@]}" -gt 0 ]; then
  echo "tests/run.sh: installing ${deps[*]} (Debian packages) for the tests" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${deps[@]}" >/dev/null
fi
if [ ! -x tests/editor/node_modules/.bin/yaml-language-server ]; then
  echo "tests/run.sh: installing yaml-language-server (npm ci in tests/editor)" >&2
  (cd tests/editor && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -x tests/render/node_modules/.bin/mmdc ]; then
  echo "tests/run.sh: installing mermaid-cli (npm ci in tests/render)" >&2
  (cd tests/render && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
# PowerShell 7.6.10 (the repository's tool manifest, dotnet-tools.json): the tests run the export
# script and the stub Exchange module with it.
dotnet tool restore >/dev/null
if [ "$#" -gt 0 ]; then
  dotnet test ConnectorLint.sln "$@"
  exit
fi
# A whole run also finds snapshot files that no test compares with any more.
snapshot_log="$(mktemp)"
trap 'rm -f "$snapshot_log"' EXIT
CONNECTORLINT_SNAPSHOT_LOG="$snapshot_log" dotnet test ConnectorLint.sln
tests/snapshots/orphans.sh "$snapshot_log"
