#!/bin/bash
# milter-vs-peers.sh - messages/s through a private Postfix: bare, with rspamd as milter, with Backstop's
# milter, measured in the same run with the shared harness (../shared/bench, see its README).
#
# usage: bench/milter-vs-peers.sh [-n MSGS] [-s SESSIONS] [-l BYTES] [-r RUNS] [-m MODES] [-u] [-k]
#   -n 5000 -s 20 -l 2048   smtp-source load per run (as the harness's README figures)
#   -r 3                    rounds; each round runs every mode once (interleaved, so drift hits all alike)
#   -m bare,rspamd,backstop modes to run, comma separated
#   -u                      Backstop's milter on a unix socket (milter.listen unix:...) instead of TCP
#   -k                      keep rspamd/redis running afterwards (they take ~20 s of CPU to start)
#   WARMUP=3000 (env)       unmeasured messages through each filter before the rounds (0: none)
# env: BACKSTOP_SHARED   the shared directory holding bench/ (default: ../shared beside the repository)
#      BACKSTOP_CMD      the daemon command, started inside the namespace (default: ./backstop run with a
#                        bench config: data under BENCH_DIR, containment in dry-run mode)
#      BACKSTOP_MILTER   where it listens (default inet:127.0.0.1:8830, Backstop's default milter address)
#      NETNS, BENCH_DIR, PF_PORT, SINK_PORT   passed to the harness (defaults: mailperf, $TMPDIR/backstop-bench)
# Needs root (network namespace, Postfix) and the harness's packages (its install.sh: postfix, rspamd, redis).
# Prints one line per run and a SUMMARY per mode: median msg/s [min-max] and the ratio to bare's median.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
N=5000 S=20 L=2048 RUNS=3 MODES=bare,rspamd,backstop KEEP=0 UNIX=0 WARMUP=${WARMUP:-3000}
while getopts "n:s:l:r:m:ukh" o; do case $o in
  n) N=$OPTARG ;; s) S=$OPTARG ;; l) L=$OPTARG ;; r) RUNS=$OPTARG ;; m) MODES=$OPTARG ;; k) KEEP=1 ;; u) UNIX=1 ;;
  *) sed -n '2,18p' "$0"; exit 1 ;; esac; done
for v in "$N" "$S" "$L" "$RUNS"; do [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bad number: $v" >&2; exit 1; }; done
IFS=, read -r -a modes <<< "$MODES"
for m in "${modes[@]}"; do case $m in bare|rspamd|backstop) ;; *) echo "unknown mode $m" >&2; exit 1 ;; esac; done
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, private Postfix)" >&2; exit 1; }

SHARED=${BACKSTOP_SHARED:-$root/../shared}
H="$SHARED/bench"
[ -x "$H/bench.sh" ] || { echo "harness not found at $H (set BACKSTOP_SHARED)" >&2; exit 1; }
if [ -z "${BACKSTOP_CMD:-}" ]; then
  # Backstop's defaults, except: its data under the bench directory, the dashboard on a free port, and the
  # containment policy in dry-run mode. smtp-source's load from 127.0.0.1 is "our" mail to Backstop, a runaway
  # source by any policy: contained, its mail would be held and the sink would wait forever. In dry run every
  # message still goes through the whole outbound path (ledger row, counters), so the cost is measured.
  bench_conf=${BENCH_DIR:-${TMPDIR:-/tmp}/backstop-bench}/backstop
  mkdir -p "$bench_conf"
  printf 'dry_run: true\n' > "$bench_conf/policy.yml"
  printf 'data_dir: %s/data\nweb:\n  listen: 127.0.0.1:0\noutbound:\n  policy_file: %s/policy.yml\n' \
    "$bench_conf" "$bench_conf" > "$bench_conf/backstop.yml"
  if [ "$UNIX" = 1 ]; then
    BACKSTOP_MILTER=${BACKSTOP_MILTER:-unix:$bench_conf/milter.sock}
    printf 'milter:\n  listen: %s\n' "$BACKSTOP_MILTER" >> "$bench_conf/backstop.yml"
  fi
  rm -rf "$bench_conf/data"
  BACKSTOP_CMD="$root/backstop run --config $bench_conf/backstop.yml"
fi
BACKSTOP_MILTER=${BACKSTOP_MILTER:-inet:127.0.0.1:8830}
export NETNS=${NETNS-mailperf}
# the harness's settings and helpers (BASE, LOG, RUN, ensure_ns, nsx, wait_port, port_busy)
# shellcheck source=/dev/null
. "$H/common.sh"
has() { [[ ",$MODES," == *",$1,"* ]]; }
command -v smtp-source >/dev/null || { echo "postfix tools missing: run $H/install.sh" >&2; exit 1; }
if has rspamd && ! command -v rspamd >/dev/null; then echo "rspamd missing: run $H/install.sh" >&2; exit 1; fi

started_rspamd=0 backstop_pid=""
cleanup() {
  set +e
  if [ -n "$backstop_pid" ] && kill -0 "$backstop_pid" 2>/dev/null; then
    kill "$backstop_pid"
    for _ in $(seq 100); do kill -0 "$backstop_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$backstop_pid" 2>/dev/null && kill -9 "$backstop_pid"
  fi
  if [ "$started_rspamd" = 1 ] && [ "$KEEP" = 0 ]; then "$H/peers.sh" stop rspamd; "$H/peers.sh" stop redis; fi
  "$H/pf.sh" filters "" "" >/dev/null 2>&1
  "$H/pf.sh" stop >/dev/null 2>&1
}
trap cleanup EXIT

echo "# $(date -Is) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); -n $N -s $S -l $L; $RUNS rounds of: ${modes[*]}; netns ${NETNS:-host}; $BASE; backstop milter ${BACKSTOP_MILTER}"
"$H/setup-postfix.sh" >/dev/null
"$H/pf.sh" start >/dev/null
if has rspamd; then
  if ! port_busy "$RSPAMD_PORT"; then started_rspamd=1; fi
  "$H/setup-peers.sh" >/dev/null
  "$H/peers.sh" start rspamd
fi
# listening: a TCP port inside the namespace, or a unix socket file
listening() {
  case $BACKSTOP_MILTER in
    unix:*) [ -S "${BACKSTOP_MILTER#unix:}" ] ;;
    *) spec=${BACKSTOP_MILTER#inet:}; port_busy "${spec##*:}" ;;
  esac
}
if has backstop; then
  case $BACKSTOP_MILTER in unix:*) rm -f "${BACKSTOP_MILTER#unix:}" ;; esac
  if listening; then echo "something already listens on $BACKSTOP_MILTER: stop it first" >&2; exit 1; fi
  read -r -a cmd <<< "$BACKSTOP_CMD"
  # exec in place inside the namespace, so $! is the daemon (the launcher execs java)
  (cd "$root" && exec ${NETNS:+ip netns exec "$NETNS"} "${cmd[@]}") > "$LOG/backstop.log" 2>&1 &
  backstop_pid=$!
  # the first start may build the jar; give it time, but notice if it dies
  for _ in $(seq 1800); do
    listening && break
    kill -0 "$backstop_pid" 2>/dev/null || { echo "backstop exited; log $LOG/backstop.log:" >&2; tail -20 "$LOG/backstop.log" >&2; exit 1; }
    sleep 0.1
  done
  listening || { echo "backstop not listening on $BACKSTOP_MILTER after 180 s" >&2; exit 1; }
  echo "backstop pid $backstop_pid on $BACKSTOP_MILTER (log $LOG/backstop.log)"
fi

# A daemon runs for months: one unmeasured warm-up run per filter first, so its JIT compilation and caches
# (and rspamd's) are not charged to the measured rounds.
if [ "$WARMUP" -gt 0 ]; then
  for m in "${modes[@]}"; do
    case $m in
      backstop) MILTER=$BACKSTOP_MILTER POLICY="" LABEL=backstop "$H/bench.sh" -n "$WARMUP" -s "$S" -l "$L" -r 1 custom >/dev/null 2>&1 || true ;;
      bare) ;;
      *) LABEL=$m "$H/bench.sh" -n "$WARMUP" -s "$S" -l "$L" -r 1 "$m" >/dev/null 2>&1 || true ;;
    esac
  done
  echo "# warm-up: $WARMUP messages through each filter, not measured"
fi

results=$(mktemp)
for r in $(seq "$RUNS"); do
  for m in "${modes[@]}"; do
    case $m in
      backstop) out=$(MILTER=$BACKSTOP_MILTER POLICY="" LABEL=backstop "$H/bench.sh" -n "$N" -s "$S" -l "$L" -r 1 custom 2>&1 || true) ;;
      *)        out=$(LABEL=$m "$H/bench.sh" -n "$N" -s "$S" -l "$L" -r 1 "$m" 2>&1 || true) ;;
    esac
    line=$(grep -E "^$m run 1:" <<< "$out" || true)
    rate=$(sed -nE 's/.* = ([0-9.]+) msg\/s end-to-end.*/\1/p' <<< "$line")
    if [ -z "$rate" ]; then echo "round $r $m: no result: $(tail -3 <<< "$out")"; continue; fi
    echo "round $r: $line"
    printf '%s\t%s\t%s\n' "$r" "$m" "$rate" >> "$results"
  done
done

awk -F'\t' -v n="$N" -v s="$S" -v order="$MODES" '
  function median(list,   k, x, j, t, a) {
    k = split(list, a, " ")
    for (x = 1; x <= k; x++) for (j = x + 1; j <= k; j++) if (a[j] + 0 < a[x] + 0) { t = a[x]; a[x] = a[j]; a[j] = t }
    lo = a[1]; hi = a[k]
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  { rates[$2] = rates[$2] " " $3; count[$2]++; per[$1, $2] = $3 }
  END {
    nm = split(order, mo, ",")
    if ("bare" in rates) bare = median(rates["bare"])
    for (i = 1; i <= nm; i++) {
      m = mo[i]
      if (!(m in rates)) { printf "SUMMARY %s: no successful run\n", m; continue }
      med = median(rates[m])
      rel = (bare > 0) ? sprintf(", %.2f x bare", med / bare) : ""
      printf "SUMMARY %s (n=%d, s=%d, runs=%d): %.1f msg/s median [%.1f-%.1f]%s\n", m, n, s, count[m], med, lo, hi, rel
    }
  }' "$results"
rm -f "$results"
