#!/usr/bin/env bash
# Rewrites the header of every docs/rules/<ID>.md from the rule's descriptor, keeping the
# hand-written part (from "## What it checks" on). The tests fail when a page's header drifts.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTORLINT_REGENERATE_RULE_DOCS=1 dotnet test tests/ConnectorLint.Tests \
  --filter "FullyQualifiedName~RuleCatalogTests.EveryRulePageHeaderIsGeneratedFromItsDescriptor" --nologo -v q
