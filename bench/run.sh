#!/usr/bin/env bash
# Whole-process comparisons on the same input, in one run, printing ratios (issue 8).
# Needs root (a private network namespace for the SPF peers) and installs its peers:
# Debian's yamllint, nsd, dnsperf, spfquery (libspf2), python3-spf (pyspf), hyperfine; npm's ajv-cli.
# Usage: bench/run.sh [domains=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
domains="${1:-10000}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

want() { [[ " ${SECTIONS:-1 2 3 4 5 6 7 8 9 10} " == *" $1 "* ]]; }

echo "== setup"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq yamllint nsd dnsperf spfquery python3-spf python3-yaml hyperfine knot time >/dev/null
(cd "$work" && npm install --silent --no-audit --no-fund ajv-cli@5.0.0 ajv-formats@2.1.1 >/dev/null)
dotnet build -c Release bench/ConnectorLint.Benchmarks --nologo -v quiet >/dev/null
dotnet publish src/ConnectorLint.Cli -c Release -o "$work/cl" --nologo -v quiet >/dev/null
dotnet publish src/ConnectorLint.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/cl-r2r" --nologo -v quiet >/dev/null
dotnet publish src/ConnectorLint.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/cl-native" --nologo -v quiet >/dev/null
# The figures are for the native binary, the form ConnectorLint ships for CI runners; section 5 shows all three.
cl="$work/cl-native/connectorlint"
gen="dotnet bench/ConnectorLint.Benchmarks/bin/Release/net10.0/ConnectorLint.Benchmarks.dll generate"
if want 1 || want 2 || want 8 || want 9; then
  for n in 1000 10000 100000; do
    $gen --domains "$n" --out "$work/org$n.yaml"
  done
fi
$gen --domains "$domains" --out "$work/org.yaml" --zone "$work/example.zone" --outlook-zone "$work/outlook.zone"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version)"

mean() { # hyperfine's mean wall time in ms for one command
  hyperfine -N -w 1 -r "${RUNS:-5}" --export-json "$work/h.json" "$1" >/dev/null 2>&1 || hyperfine -w 1 -r "${RUNS:-5}" --export-json "$work/h.json" "$1" >/dev/null
  python3 -c "import json;print(round(json.load(open('$work/h.json'))['results'][0]['mean']*1000,1))"
}
ratio() { python3 -c "print(round($1/$2,2))"; }

if want 1; then
echo "== 1. lint scaling (linear?) and against yamllint"
for n in 1000 10000 100000; do
  t=$(RUNS=3 mean "$cl lint $work/org$n.yaml --today 2026-11-23")
  echo "connectorlint lint, $n domains: $t ms"
done
cl_ms=$(mean "$cl lint $work/org10000.yaml --today 2026-11-23")
yl_ms=$(mean "yamllint -d relaxed $work/org10000.yaml")
echo "10,000 domains: connectorlint $cl_ms ms, yamllint $yl_ms ms, yamllint/connectorlint = $(ratio "$yl_ms" "$cl_ms")"
fi

if want 2; then
cl_ms="${cl_ms:-$(mean "$cl lint $work/org10000.yaml --today 2026-11-23")}"
yl_ms="${yl_ms:-$(mean "yamllint -d relaxed $work/org10000.yaml")}"
echo "== 2. against yamllint + ajv-cli (the bare steps a user would script)"
python3 -c "import yaml,json,sys;json.dump(yaml.safe_load(open('$work/org10000.yaml')),open('$work/org10000.json','w'),default=str)"
ajv="$work/node_modules/.bin/ajv validate --spec=draft7 --strict=false -c ajv-formats -s $root/schemas/connectorlint.schema.json -d $work/org10000.json"
(cd "$work" && $ajv >/dev/null)
aj_ms=$(cd "$work" && mean "$ajv")
echo "10,000 domains: yamllint $yl_ms ms + ajv $aj_ms ms = $(python3 -c "print($yl_ms+$aj_ms)") ms; connectorlint $cl_ms ms; ratio $(ratio "($yl_ms+$aj_ms)" "$cl_ms")"

fi

if want 3; then
echo "== 3. SPF: connectorlint spf check vs spfquery (libspf2) vs pyspf, RFC 7208 suite, same nsd"
/usr/bin/python3 bench/tools/suite_zones.py tests/ConnectorLint.Tests/Conformance/rfc7208-tests.yml "$work/suite"
REPEAT="${REPEAT:-20}" unshare --net --mount bash bench/tools/spf_in_namespace.sh "$work" "$cl"

fi

if want 4; then
echo "== 4. drift of $domains domains vs dnsperf, same queries, same knot"
port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
# Knot DNS: nsd 4.6.1 here loses about a quarter of the AAAA NODATA answers under load (see README).
mkdir -p "$work/knot"
cat >"$work/knot/knot.conf" <<CONF
server:
  listen: 127.0.0.1@$port
  rundir: "$work/knot"
  udp-workers: 2
log:
  - target: stderr
    any: error
database:
  storage: "$work/knot"
template:
  - id: default
    storage: "$work"
    journal-content: none
    semantic-checks: off
zone:
  - domain: example
    file: "$work/example.zone"
  - domain: outlook.com
    file: "$work/outlook.zone"
CONF
knotd -c "$work/knot/knot.conf" >"$work/knot/knot.log" 2>&1 & sleep 2
python3 - "$work/org.yaml" "$work/queries.txt" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
out = open(sys.argv[2], 'w')
hosts = set()
for d in re.findall(r'domainName: (\S+)', text):
    out.write(f'{d} MX\n{d} TXT\n_dmarc.{d} TXT\n')
for h in re.findall(r'exchange: (\S+)', text) + re.findall(r'smartHosts: \[(\S+)\]', text):
    hosts.add(h)
for h in sorted(hosts):
    out.write(f'{h} A\n{h} AAAA\n')
out.write('spf.protection.outlook.com TXT\n')
PY
queries=$(wc -l <"$work/queries.txt")
dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries.txt" -n 3 -c 4 -q 64 >"$work/dnsperf.txt" 2>&1 || true
dnsperf_qps=$(grep -m1 'Queries per second' "$work/dnsperf.txt" | awk '{print $4}')
start=$(date +%s%N)
"$cl" drift "$work/org.yaml" --dns-server "127.0.0.1:$port" --concurrency 64 --format json --no-step-summary >"$work/drift.json" || true
end=$(date +%s%N)
drift_ms=$(( (end - start) / 1000000 ))
drift_queries=$(python3 -c "import json;print(json.load(open('$work/drift.json'))['plan']['queries'])")
drift_qps=$(python3 -c "print(round($drift_queries/($drift_ms/1000)))")
echo "dnsperf: $dnsperf_qps queries/s over $queries names; connectorlint drift: $drift_queries queries in $drift_ms ms wall (whole process) = $drift_qps queries/s; drift/dnsperf = $(ratio "$drift_qps" "$dnsperf_qps")"
pkill -f "$work/knot/knot.conf" || true

fi

if want 5; then
echo "== 5. cold start: lint examples/contoso-hybrid.yaml"
jit=$(RUNS=20 mean "$work/cl/connectorlint lint examples/contoso-hybrid.yaml")
r2r=$(RUNS=20 mean "$work/cl-r2r/connectorlint lint examples/contoso-hybrid.yaml")
native=$(RUNS=20 mean "$work/cl-native/connectorlint lint examples/contoso-hybrid.yaml")
echo "framework-dependent JIT: $jit ms ($(du -sh "$work/cl" | cut -f1)); ReadyToRun: $r2r ms ($(du -sh "$work/cl-r2r" | cut -f1)); Native AOT: $native ms ($(du -sh --exclude='*.dbg' --exclude='*.pdb' "$work/cl-native" | cut -f1) without symbols)"
fi

if want 6; then
echo "== 6. the Hybrid Configuration Wizard's lists: senderDomains and recipientDomains naming every accepted domain, against \"*\""
# Paired round by round; the extra cost is what the lists add over "*", and its exponent from 1k to 16k
# says whether a rule pays the square of the list (2) or reads it once (1).
for n in 1000 16000; do
  $gen --domains "$n" --out "$work/star$n.yaml"
  $gen --domains "$n" --lists every-domain --out "$work/every$n.yaml"
  star=$(RUNS=5 mean "$cl lint $work/star$n.yaml --today 2026-11-23")
  every=$(RUNS=5 mean "$cl lint $work/every$n.yaml --today 2026-11-23")
  echo "$n domains: \"*\" $star ms, every domain $every ms, ratio $(ratio "$every" "$star")"
  eval "star$n=$star every$n=$every"
done
python3 -c "import math; e=max($every16000-$star16000,0.1); b=max($every1000-$star1000,0.1); print('extra-cost exponent 1k->16k:', round(math.log(e/b)/math.log(16),2))"
fi

# Peak resident memory of one command in KB (GNU time), and its wall time in ms.
peak() { /usr/bin/time -f "%M %e" -o "$work/time.txt" "$@" >/dev/null 2>&1 || true; awk '{print $1}' "$work/time.txt"; }
wall() { awk '{print int($2*1000)}' "$work/time.txt"; }
per_byte() { python3 -c "print(round($1*1024/$2,1))"; }

if want 7; then
echo "== 7. cold start: lint of the small example against the binary's own --version and yamllint"
version=$(RUNS=20 mean "$cl --version")
small=$(RUNS=20 mean "$cl lint examples/contoso-hybrid.yaml")
yl_small=$(RUNS=20 mean "yamllint -d relaxed examples/contoso-hybrid.yaml")
echo "native --version $version ms; native lint $small ms ($(ratio "$small" "$version")x --version); yamllint $yl_small ms (yamllint/connectorlint = $(ratio "$yl_small" "$small"))"
fi

if want 8; then
echo "== 8. lint of 100,000 domains: time and peak memory against yamllint and yamllint + ajv"
size=$(stat -c %s "$work/org100000.yaml")
rss=$(peak "$cl" lint "$work/org100000.yaml" --today 2026-11-23); ms=$(wall)
yl_rss=$(peak yamllint -d relaxed "$work/org100000.yaml"); yl_ms=$(wall)
python3 -c "import yaml,json;json.dump(yaml.safe_load(open('$work/org100000.yaml')),open('$work/org100000.json','w'),default=str)"
aj_rss=$(cd "$work" && peak node_modules/.bin/ajv validate --spec=draft7 --strict=false -c ajv-formats -s "$root/schemas/connectorlint.schema.json" -d "$work/org100000.json"); aj_ms=$(wall)
echo "file $size bytes; connectorlint $ms ms, peak $rss KB ($(per_byte "$rss" "$size") bytes per byte of file)"
echo "yamllint $yl_ms ms, peak $yl_rss KB: yamllint/connectorlint = $(ratio "$yl_ms" "$ms"); yamllint + ajv $((yl_ms + aj_ms)) ms (ajv peak $aj_rss KB): $(ratio "($yl_ms+$aj_ms)" "$ms")"
fi

if want 9; then
echo "== 9. review of 100,000 domains (one SPF record changed) against one lint"
sed '0,/include:spf.protection.outlook.com -all/s//include:spf.protection.outlook.com ~all/' "$work/org100000.yaml" >"$work/head100000.yaml"
rss=$(peak "$cl" lint "$work/head100000.yaml" --today 2026-11-23); ms=$(wall)
review_rss=$(peak "$cl" review "$work/head100000.yaml" --base "$work/org100000.yaml" --no-step-summary); review_ms=$(wall)
echo "lint $ms ms, peak $rss KB; review $review_ms ms, peak $review_rss KB: review/lint = $(ratio "$review_ms" "$ms") in time, $(ratio "$review_rss" "$rss") in memory"
fi

if want 10; then
echo "== 10. import of an Export-Clixml export of 100,000 accepted domains a side (bench/tools/clixml_export.py)"
python3 bench/tools/clixml_export.py bench/tools/seed-export 100000 "$work/export"
printf '$TTL 300\n$ORIGIN example.\n@ IN SOA ns.example. hostmaster.example. 1 3600 600 86400 300\n' >"$work/none.zone"
size=$(du -sb "$work/export" | cut -f1)
rss=$(peak "$cl" import "$work/export" --zone-file "$work/none.zone" -o "$work/imported.yaml" --force); ms=$(wall)
bare_rss=$(peak python3 -c "import sys,xml.etree.ElementTree as E; [E.parse(f) for f in sys.argv[1:]]" "$work"/export/*/*.xml); bare_ms=$(wall)
echo "export $size bytes; connectorlint import $ms ms, peak $rss KB ($(per_byte "$rss" "$size") bytes per byte of export); python's ElementTree parse alone $bare_ms ms, peak $bare_rss KB"
fi
