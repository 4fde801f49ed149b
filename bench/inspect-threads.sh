#!/bin/bash
# inspect-threads.sh - where the CPU of one whole `backstop inspect` run goes, by JVM thread.
#
# usage: bench/inspect-threads.sh [-c COPIES] [-r RUNS] [CORPUS_DIR]
#   CORPUS_DIR  default: $BACKSTOP_SHARED/corpus/sisimai/eml ($BACKSTOP_SHARED defaults to ../shared)
#   -c COPIES   each corpus file linked COPIES times into one directory, as bounce-reader-vs-sisimai.sh
#               does (default 20: 12,580 messages)
#   -r RUNS     runs (default 5); the summary gives medians
# env: BACKSTOP  the Backstop command (default: ./backstop of this repository)
#
# Runs `backstop inspect --format tsv DIR` and reads the user and system CPU time of each of its threads from
# /proc while it runs (the last reading before the process ends; a run is ~1 s, readings every few ms). Groups:
# reading (the threads named "inspect" that run the bounce reader), main (the thread that walks the
# directory, reads the files and prints; the JVM's first thread, also named "java", only waits), compiler
# (C1/C2), gc+vm (the VM thread and GC threads) and other. Per run it prints milliseconds per group, and the
# share of the process's CPU; the SUMMARY gives the medians. Linux only (/proc).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=corpus-copies.sh
. "$here/corpus-copies.sh"
COPIES=20 RUNS=5
while getopts "c:r:h" o; do case $o in
  c) COPIES=$OPTARG ;; r) RUNS=$OPTARG ;;
  *) sed -n '2,16p' "$0"; exit 1 ;; esac; done
shift $((OPTIND-1))
[[ $COPIES =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "COPIES and RUNS must be positive integers" >&2; exit 1; }
[ -d /proc/self/task ] || { echo "needs Linux /proc" >&2; exit 1; }
command -v python3 >/dev/null || { echo "needs python3 (scripts/setup-test-deps.sh installs it)" >&2; exit 1; }
CORPUS=$(corpus_dir "${1:-}")
BACKSTOP=${BACKSTOP:-$root/backstop}

work=$(mktemp -d "${TMPDIR:-/tmp}/inspect-threads.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/msgs"
n=$(link_copies "$CORPUS" "$COPIES" "$work/msgs")
read -r -a argv <<< "$BACKSTOP"
# warm-up (not measured): builds the jar if stale, makes the class-data archive, fills the page cache
"${argv[@]}" inspect --format tsv "$work/msgs" > /dev/null

echo "# $(date -Is) $(nproc) cores; $n messages; ${argv[*]} inspect --format tsv DIR; $RUNS runs"
python3 - "$RUNS" "$work/msgs" "${argv[@]}" <<'PY'
import os, statistics, subprocess, sys, time

runs, msgs, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
hz = os.sysconf('SC_CLK_TCK')
GROUPS = ['reading', 'main', 'compiler', 'gc+vm', 'other']

def group(name):
    if name == 'inspect':
        return 'reading'
    if name == 'java':
        return 'main'
    if name.startswith(('C1 Compiler', 'C2 Compiler')):  # the kernel keeps 15 characters: 'C1 CompilerThre'
        return 'compiler'
    if name.startswith(('VM Thread', 'GC Thread', 'G1 ', 'VM Periodic')):
        return 'gc+vm'
    return 'other'

table = {g: [] for g in GROUPS + ['total', 'wall']}
for r in range(1, runs + 1):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd + ['inspect', '--format', 'tsv', msgs], stdout=subprocess.DEVNULL)
    last = {}
    while p.poll() is None:
        try:
            tids = os.listdir('/proc/%d/task' % p.pid)
        except OSError:
            tids = []
        for t in tids:
            try:
                with open('/proc/%d/task/%s/stat' % (p.pid, t)) as f:
                    s = f.read()
            except OSError:
                continue
            name = s[s.index('(') + 1:s.rindex(')')]
            fields = s[s.rindex(')') + 2:].split()
            last[t] = (name, int(fields[11]) + int(fields[12]))  # utime + stime, in clock ticks
        time.sleep(0.002)
    wall = (time.monotonic() - t0) * 1000
    if p.returncode != 0:
        sys.exit('inspect failed (exit %d)' % p.returncode)
    ms = {g: 0.0 for g in GROUPS}
    for name, ticks in last.values():
        ms[group(name)] += ticks * 1000 / hz
    total = sum(ms.values())
    for g in GROUPS:
        table[g].append(ms[g])
    table['total'].append(total)
    table['wall'].append(wall)
    print('run %d: wall %.0f ms, cpu %.0f ms: ' % (r, wall, total)
          + ', '.join('%s %.0f (%.0f%%)' % (g, ms[g], 100 * ms[g] / total if total else 0) for g in GROUPS))
med = {k: statistics.median(v) for k, v in table.items()}
print('SUMMARY inspect threads, %d runs, medians: wall %.0f ms, cpu %.0f ms: ' % (runs, med['wall'], med['total'])
      + ', '.join('%s %.0f ms (%.0f%%)' % (g, med[g], 100 * med[g] / med['total'] if med['total'] else 0)
                  for g in GROUPS))
PY
