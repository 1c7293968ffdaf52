#!/usr/bin/env bash
# Runs inside `unshare --net --mount`: a private loopback where nsd serves each scenario's root zone
# on 127.0.0.1:53, and /etc/resolv.conf (bind-mounted) points spfquery and pyspf at it.
set -euo pipefail
work="$1"; cl="$2"; repeat="${REPEAT:-20}"
ip link set lo up
echo "nameserver 127.0.0.1" >"$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf
total_cl=0; total_sq=0; total_py=0; evaluations=0; agree_cl=0; agree_sq=0; agree_py=0; cases=0
for zone in "$work"/suite/*.zone; do
  base="${zone%.zone}"
  [ -s "$base.queries" ] || continue
  mkdir -p "$base.nsd"
  cat >"$base.nsd/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1
  port: 53
  username: ""
  chroot: ""
  database: ""
  zonelistfile: "$base.nsd/zone.list"
  xfrdfile: "$base.nsd/xfrd.state"
  pidfile: "$base.nsd/nsd.pid"
  logfile: "$base.nsd/nsd.log"
  rrl-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "."
  zonefile: "$zone"
CONF
  nsd -d -c "$base.nsd/nsd.conf" >/dev/null 2>&1 & pid=$!
  sleep 0.5
  for _ in $(seq "$repeat"); do cat "$base.queries"; done >"$base.many"
  n=$(wc -l <"$base.many")
  t0=$(date +%s%N); "$cl" spf check --batch "$base.many" --dns-server 127.0.0.1:53 >"$base.cl" 2>/dev/null || true; t1=$(date +%s%N)
  spfquery -file "$base.many" 2>/dev/null | grep -E '^(pass|fail|softfail|neutral|none|permerror|temperror|\(invalid\))$' >"$base.sq" || true; t2=$(date +%s%N)
  /usr/bin/python3 "$(dirname "$0")/pyspf_batch.py" "$base.many" >"$base.py" 2>/dev/null || true; t3=$(date +%s%N)
  pkill -f "$base.nsd" || true; wait "$pid" 2>/dev/null || true
  if [ -n "${VERBOSE:-}" ]; then
    echo "  $(basename "$base"): $n evaluations; connectorlint $(((t1 - t0) / 1000)) us, spfquery $(((t2 - t1) / 1000)) us, pyspf $(((t3 - t2) / 1000)) us"
  fi
  total_cl=$((total_cl + t1 - t0)); total_sq=$((total_sq + t2 - t1)); total_py=$((total_py + t3 - t2)); evaluations=$((evaluations + n))
  k=$(wc -l <"$base.queries"); cases=$((cases + k))
  agree_cl=$((agree_cl + $(paste -d' ' "$base.expected" <(head -n "$k" "$base.cl" | cut -d' ' -f1) | awk '{split($1,e,","); for(i in e) if(e[i]==$2){c++; break}} END{print c+0}')))
  agree_sq=$((agree_sq + $(paste -d' ' "$base.expected" <(head -n "$k" "$base.sq" | cut -d' ' -f1) | awk '{split($1,e,","); for(i in e) if(e[i]==$2){c++; break}} END{print c+0}')))
  agree_py=$((agree_py + $(paste -d' ' "$base.expected" <(head -n "$k" "$base.py" | cut -d' ' -f1) | awk '{split($1,e,","); for(i in e) if(e[i]==$2){c++; break}} END{print c+0}')))
done
per() { python3 -c "print(round($1/1000/$evaluations,1))"; }
echo "$evaluations evaluations ($cases suite cases x $repeat), whole process, each tool one process per scenario:"
echo "  connectorlint: $(per $total_cl) us per evaluation; agrees with the suite on $agree_cl of $cases cases"
echo "  spfquery:      $(per $total_sq) us per evaluation; agrees with the suite on $agree_sq of $cases cases"
echo "  pyspf:         $(per $total_py) us per evaluation; agrees with the suite on $agree_py of $cases cases"
