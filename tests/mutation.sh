#!/usr/bin/env bash
# Mutation testing with Stryker.NET over the parts of the engine that decide findings: Rules/, the
# routing model (Exchange/) and Spf/. Too slow for every CI run; run it before resolving a change to
# rules or routing, and record the score per folder in tests/README.md.
# Extra arguments go to dotnet-stryker (for example: --mutate '**/Spf/**/*.cs' to look at one folder).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A mutant that changes a pinned message must fail its snapshot, not write a new one.
export SNAPSHOOTER_STRICT_MODE=true
dotnet tool restore >/dev/null
cd src/ConnectorLint
dotnet dotnet-stryker --config-file ../../tests/mutation/stryker-config.json \
  --output ../../tests/mutation/StrykerOutput "$@"
