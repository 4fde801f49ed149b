#!/bin/bash
# milter-vs-peers.sh - messages/s through a private Postfix: bare, with rspamd as milter, with Backstop's
# milter, and with an empty C milter (the floor of the milter transport), measured in the same run with the
# shared harness (../shared/bench, see its README).
#
# usage: bench/milter-vs-peers.sh [-n MSGS] [-s SESSIONS] [-l BYTES] [-r RUNS] [-m MODES] [-u] [-k]
#   -n 5000 -s 20 -l 2048   smtp-source load per run (as the harness's README figures)
#   -r 3                    rounds; each round runs every mode once (interleaved, so drift hits all alike)
#   -m bare,rspamd,backstop modes to run, comma separated; also: null, bench/null-milter/null-milter.c, a
#                           libmilter filter that does nothing and negotiates the protocol steps Backstop does
#                           (built here with gcc; Debian's libmilter-dev is installed when missing)
#   -u                      Backstop's milter and the null milter on unix sockets instead of TCP
#   -k                      keep rspamd/redis running afterwards (they take ~20 s of CPU to start)
#   WARMUP=3000 (env)       unmeasured messages through each filter before the rounds (0: none)
# env: BACKSTOP_SHARED   the shared directory holding bench/ (default: ../shared beside the repository)
#      BACKSTOP_CMD      the daemon command, started inside the namespace (default: ./backstop run with a
#                        bench config: data under BENCH_DIR, containment in dry-run mode)
#      BACKSTOP_MILTER   where it listens (default inet:127.0.0.1:8830, Backstop's default milter address)
#      NETNS, BENCH_DIR, PF_PORT, SINK_PORT   passed to the harness (defaults: mailperf, $TMPDIR/backstop-bench)
# Needs root (network namespace, Postfix) and the harness's packages (its install.sh: postfix, rspamd, redis).
# Prints one line per run and a SUMMARY per mode: median msg/s [min-max], the ratio to bare's median, and the
# median CPU time per message of the whole machine (all processes, from /proc/stat) and of the filter's own
# processes (from /proc/PID/stat), so what the filter costs itself and what it costs Postfix can be told apart.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
N=5000 S=20 L=2048 RUNS=3 MODES=bare,rspamd,backstop KEEP=0 UNIX=0 WARMUP=${WARMUP:-3000}
while getopts "n:s:l:r:m:ukh" o; do case $o in
  n) N=$OPTARG ;; s) S=$OPTARG ;; l) L=$OPTARG ;; r) RUNS=$OPTARG ;; m) MODES=$OPTARG ;; k) KEEP=1 ;; u) UNIX=1 ;;
  *) sed -n '2,23p' "$0"; exit 1 ;; esac; done
for v in "$N" "$S" "$L" "$RUNS"; do [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bad number: $v" >&2; exit 1; }; done
IFS=, read -r -a modes <<< "$MODES"
for m in "${modes[@]}"; do case $m in bare|rspamd|backstop|null) ;; *) echo "unknown mode $m" >&2; exit 1 ;; esac; done
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
# a run takes seconds; a filter that Postfix cannot reach makes the sink wait: fail such a run after 2 minutes
export TIMEOUT=${TIMEOUT:-120}
# the harness's settings and helpers (BASE, LOG, RUN, ensure_ns, nsx, wait_port, port_busy)
# shellcheck source=/dev/null
. "$H/common.sh"
has() { [[ ",$MODES," == *",$1,"* ]]; }
command -v smtp-source >/dev/null || { echo "postfix tools missing: run $H/install.sh" >&2; exit 1; }
if has rspamd && ! command -v rspamd >/dev/null; then echo "rspamd missing: run $H/install.sh" >&2; exit 1; fi

started_rspamd=0 daemon_pids=()
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  set +e
  for p in "${daemon_pids[@]}"; do stop_pid "$p"; done
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
# listening SPEC: a TCP port inside the namespace, or a unix socket file
listening() {
  case $1 in
    unix:*) [ -S "${1#unix:}" ] ;;
    *) local spec=${1#inet:}; port_busy "${spec##*:}" ;;
  esac
}
# start_daemon NAME SPEC CMD...: starts a filter inside the namespace and waits until it listens on SPEC;
# sets $started_pid. exec in place, so the pid is the daemon's (the ./backstop launcher execs java).
start_daemon() {
  local name=$1 spec=$2; shift 2
  case $spec in unix:*) rm -f "${spec#unix:}" ;; esac
  if listening "$spec"; then echo "something already listens on $spec: stop it first" >&2; exit 1; fi
  (cd "$root" && exec ${NETNS:+ip netns exec "$NETNS"} "$@") > "$LOG/$name.log" 2>&1 &
  started_pid=$!
  daemon_pids+=("$started_pid")
  # the first start of Backstop may build the jar; give it time, but notice if it dies
  for _ in $(seq 1800); do
    listening "$spec" && break
    kill -0 "$started_pid" 2>/dev/null || { echo "$name exited; log $LOG/$name.log:" >&2; tail -20 "$LOG/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  listening "$spec" || { echo "$name not listening on $spec after 180 s" >&2; exit 1; }
  # Postfix's smtpd runs as the postfix user: it must be able to connect to a socket that root made
  case $spec in unix:*) chmod 666 "${spec#unix:}" ;; esac
  echo "$name pid $started_pid on $spec (log $LOG/$name.log)"
}
backstop_pid="" null_pid=""
if has backstop; then
  read -r -a cmd <<< "$BACKSTOP_CMD"
  start_daemon backstop "$BACKSTOP_MILTER" "${cmd[@]}"
  backstop_pid=$started_pid
fi
if has null; then
  null_bin=$BASE/null-milter/null-milter
  src=$here/null-milter/null-milter.c
  if [ ! -e /usr/include/libmilter/mfapi.h ]; then
    echo "# installing Debian's libmilter-dev for the null milter" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmilter-dev >/dev/null ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmilter-dev >/dev/null; }
  fi
  if [ ! -x "$null_bin" ] || [ "$src" -nt "$null_bin" ]; then
    mkdir -p "$(dirname "$null_bin")"
    gcc -O2 -Wall -o "$null_bin" "$src" -lmilter -lpthread
  fi
  if [ "$UNIX" = 1 ]; then NULL_MILTER=unix:$BASE/null-milter/null.sock; else NULL_MILTER=inet:127.0.0.1:8839; fi
  # libmilter spells a TCP address inet:PORT@HOST
  case $NULL_MILTER in
    inet:*) hp=${NULL_MILTER#inet:}; start_daemon null "$NULL_MILTER" "$null_bin" "inet:${hp##*:}@${hp%:*}" ;;
    *) start_daemon null "$NULL_MILTER" "$null_bin" "$NULL_MILTER" ;;
  esac
  null_pid=$started_pid
fi

# filter_pids MODE: the processes whose CPU time is the filter's own
filter_pids() {
  case $1 in
    backstop) echo "$backstop_pid" ;;
    null) echo "$null_pid" ;;
    rspamd) pgrep -x rspamd | tr '\n' ' '; pgrep -x redis-server | tr '\n' ' ' ;;
  esac
}
# jiffies of the given pids (utime + stime, all threads); 0 when none
proc_jiffies() {
  local t=0 p
  for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}
machine_jiffies() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
HZ=$(getconf CLK_TCK)
# run_mode MODE N: one harness run; prints its output
run_mode() {
  case $1 in
    backstop) MILTER=$BACKSTOP_MILTER POLICY="" LABEL=backstop "$H/bench.sh" -n "$2" -s "$S" -l "$L" -r 1 custom 2>&1 ;;
    null) MILTER=$NULL_MILTER POLICY="" LABEL=null "$H/bench.sh" -n "$2" -s "$S" -l "$L" -r 1 custom 2>&1 ;;
    *) LABEL=$1 "$H/bench.sh" -n "$2" -s "$S" -l "$L" -r 1 "$1" 2>&1 ;;
  esac
}

# A daemon runs for months: one unmeasured warm-up run per filter first, so its JIT compilation and caches
# (and rspamd's) are not charged to the measured rounds.
if [ "$WARMUP" -gt 0 ]; then
  for m in "${modes[@]}"; do
    [ "$m" = bare ] || run_mode "$m" "$WARMUP" >/dev/null || true
  done
  echo "# warm-up: $WARMUP messages through each filter, not measured"
fi

results=$(mktemp)
for r in $(seq "$RUNS"); do
  for m in "${modes[@]}"; do
    read -r -a fp <<< "$(filter_pids "$m")"
    m0=$(machine_jiffies); f0=$(proc_jiffies "${fp[@]}")
    out=$(run_mode "$m" "$N" || true)
    m1=$(machine_jiffies); f1=$(proc_jiffies "${fp[@]}")
    line=$(grep -E "^$m run 1:" <<< "$out" || true)
    rate=$(sed -nE 's/.* = ([0-9.]+) msg\/s end-to-end.*/\1/p' <<< "$line")
    if [ -z "$rate" ]; then echo "round $r $m: no result: $(tail -3 <<< "$out")"; continue; fi
    # CPU per message over the harness's whole run (including Postfix's restart and queue clean-up around it)
    all=$(awk -v a="$m0" -v b="$m1" -v hz="$HZ" -v n="$N" 'BEGIN{printf "%.2f", 1000 * (b - a) / hz / n}')
    own=$(awk -v a="$f0" -v b="$f1" -v hz="$HZ" -v n="$N" 'BEGIN{printf "%.2f", 1000 * (b - a) / hz / n}')
    echo "round $r: $line; cpu ms/msg: machine $all, filter $own"
    printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$m" "$rate" "$all" "$own" >> "$results"
  done
done

awk -F'\t' -v n="$N" -v s="$S" -v order="$MODES" '
  function median(list,   k, x, j, t, a) {
    k = split(list, a, " ")
    for (x = 1; x <= k; x++) for (j = x + 1; j <= k; j++) if (a[j] + 0 < a[x] + 0) { t = a[x]; a[x] = a[j]; a[j] = t }
    lo = a[1]; hi = a[k]
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  { rates[$2] = rates[$2] " " $3; cpu[$2] = cpu[$2] " " $4; own[$2] = own[$2] " " $5; count[$2]++ }
  END {
    nm = split(order, mo, ",")
    if ("bare" in rates) bare = median(rates["bare"])
    for (i = 1; i <= nm; i++) {
      m = mo[i]
      if (!(m in rates)) { printf "SUMMARY %s: no successful run\n", m; continue }
      med = median(rates[m]); rlo = lo; rhi = hi   # median() leaves the extremes of the list in lo and hi
      rel = (bare > 0) ? sprintf(", %.2f x bare", med / bare) : ""
      printf "SUMMARY %s (n=%d, s=%d, runs=%d): %.1f msg/s median [%.1f-%.1f]%s; cpu ms/msg median: machine %.2f, filter %.2f\n", m, n, s, count[m], med, rlo, rhi, rel, median(cpu[m]), median(own[m])
    }
  }' "$results"
rm -f "$results"
