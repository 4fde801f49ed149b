#!/bin/bash
# bounce-reader-vs-sisimai.sh - Backstop's bounce reader against Sisimai over the same bounces, in one run.
#
# usage: bench/bounce-reader-vs-sisimai.sh [-c COPIES] [-r RUNS] [CORPUS_DIR]
#   CORPUS_DIR  default: $BACKSTOP_SHARED/corpus/sisimai/eml ($BACKSTOP_SHARED defaults to ../shared
#               beside the repository)
#   -c COPIES   each corpus file is linked COPIES times into one flat work directory (default 20:
#               629 files -> 12,580 messages)
#   -r RUNS     timed runs of each tool, interleaved (default 3); the summary shows medians
# env: BACKSTOP       the Backstop command (default: ./backstop of this repository)
#      BACKSTOP_JAVA_OPTS  passed on by the ./backstop launcher
#      SISIMAI_LIB    a Sisimai checkout's lib/ to use instead of Debian's libsisimai-perl
#      KEEP_OUT=1     keep the work directory with both tools' TSV output
#
# Both tools run as a whole process over the whole directory (start-up included), as an admin would run
# them: `backstop inspect --format tsv DIR` and bench/sisimai-tsv.pl DIR (Sisimai->make/rise on the
# directory). Each prints a header and one row per recipient; the row counts are shown as a sanity check.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=corpus-copies.sh
. "$here/corpus-copies.sh"
COPIES=20 RUNS=3
while getopts "c:r:h" o; do case $o in
  c) COPIES=$OPTARG ;; r) RUNS=$OPTARG ;;
  *) sed -n '2,19p' "$0"; exit 1 ;; esac; done
shift $((OPTIND-1))
[[ $COPIES =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "COPIES and RUNS must be positive integers" >&2; exit 1; }

CORPUS=$(corpus_dir "${1:-}")
BACKSTOP=${BACKSTOP:-$root/backstop}
read -r -a BACKSTOP_ARGV <<< "$BACKSTOP"
command -v "${BACKSTOP_ARGV[0]}" >/dev/null || [ -x "${BACKSTOP_ARGV[0]}" ] ||
  { echo "Backstop command '${BACKSTOP_ARGV[0]}' not found (set BACKSTOP)" >&2; exit 1; }
SISI=(perl "$here/sisimai-tsv.pl")
[ -n "${SISIMAI_LIB:-}" ] && SISI+=(--lib "$SISIMAI_LIB")
if ! perl ${SISIMAI_LIB:+-I"$SISIMAI_LIB"} -MSisimai -e1 2>/dev/null; then
  echo "Sisimai is missing: run scripts/setup-test-deps.sh (Debian libsisimai-perl) or set SISIMAI_LIB" >&2; exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bounce-bench.XXXXXX")
cleanup() { if [ "${KEEP_OUT:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
mkdir "$work/msgs"
n=$(link_copies "$CORPUS" "$COPIES" "$work/msgs")

now() { date +%s.%N; }
# run NAME OUTFILE CMD... : prints elapsed seconds; fails loudly when the tool fails
run() {
  local name=$1 out=$2; shift 2
  local t0 t1
  t0=$(now)
  if ! "$@" > "$out" 2> "$out.err"; then
    echo "$name failed (exit $?): $(tail -3 "$out.err")" >&2; return 1
  fi
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}
rows() { echo $(( $(wc -l < "$1") - 1 )); }

echo "# $(date -Is) $(nproc) cores; $n messages ($(find "$CORPUS" -maxdepth 1 -type f | wc -l) files x $COPIES) from $CORPUS; $RUNS runs"
echo "# backstop: ${BACKSTOP_ARGV[*]} inspect --format tsv DIR"
echo "# sisimai:  ${SISI[*]} DIR ($(perl ${SISIMAI_LIB:+-I"$SISIMAI_LIB"} -MSisimai -e 'print Sisimai->version'))"
# warm-up (not timed): builds the Backstop jar if stale, fills the page cache, loads Perl modules
"${BACKSTOP_ARGV[@]}" inspect --format tsv "$work/msgs/$(ls "$work/msgs" | head -1)" > /dev/null
"${SISI[@]}" "$CORPUS" > /dev/null 2>&1

bs=() ss=()
for r in $(seq "$RUNS"); do
  tb=$(run backstop "$work/backstop.tsv" "${BACKSTOP_ARGV[@]}" inspect --format tsv "$work/msgs")
  ts=$(run sisimai "$work/sisimai.tsv" "${SISI[@]}" "$work/msgs")
  rb=$(awk -v n="$n" -v t="$tb" 'BEGIN{printf "%.1f", n/t}')
  rs=$(awk -v n="$n" -v t="$ts" 'BEGIN{printf "%.1f", n/t}')
  echo "run $r: backstop ${tb}s = $rb msg/s ($(rows "$work/backstop.tsv") rows); sisimai ${ts}s = $rs msg/s ($(rows "$work/sisimai.tsv") rows); ratio $(awk -v a="$rb" -v b="$rs" 'BEGIN{printf "%.2f", a/b}')"
  bs+=("$rb"); ss+=("$rs")
  [ "$(rows "$work/backstop.tsv")" -gt 0 ] || echo "WARNING: backstop printed no rows: its figure measures no bounce reading" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mb=$(median "${bs[@]}"); ms=$(median "${ss[@]}")
printf 'SUMMARY bounce reading, %d messages, %d runs: backstop %.1f msg/s median [%s], sisimai %.1f msg/s median [%s], backstop/sisimai %.2f\n' \
  "$n" "$RUNS" "$mb" "$(printf '%s ' "${bs[@]}" | sed 's/ $//')" "$ms" "$(printf '%s ' "${ss[@]}" | sed 's/ $//')" \
  "$(awk -v a="$mb" -v b="$ms" 'BEGIN{printf "%.2f", a/b}')"
