#!/bin/bash
# inspect-ab.sh - two builds of Backstop's bounce reader against each other, in one run, paired.
#
# usage: bench/inspect-ab.sh [-c COPIES] [-r ROUNDS] REV_A REV_B [CORPUS_DIR]
#   REV_A, REV_B  git revisions of this repository (a commit, a branch, HEAD~3...); each is checked out into
#                 a temporary worktree and run through its own ./backstop launcher (its jar, flags and
#                 class-data archive), so a change of the launcher is measured too
#   CORPUS_DIR    default: $BACKSTOP_SHARED/corpus/sisimai/eml ($BACKSTOP_SHARED defaults to ../shared)
#   -c COPIES     each corpus file linked COPIES times into one directory, as bounce-reader-vs-sisimai.sh
#                 does (default 20: 12,580 messages)
#   -r ROUNDS     rounds (default 10); each round runs both, in alternating order
#
# Each run is `backstop inspect --format tsv DIR` as a whole process. This machine's speed drifts by a third
# within minutes, so one build's median against another's, measured at different times, says little; the
# ratio of the two runs of the same round does. The SUMMARY gives the median of those ratios (B/A: below 1
# means B is faster) and in how many rounds B was faster. Both outputs must be the same, or it stops.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=corpus-copies.sh
. "$here/corpus-copies.sh"
COPIES=20 ROUNDS=10
while getopts "c:r:h" o; do case $o in
  c) COPIES=$OPTARG ;; r) ROUNDS=$OPTARG ;;
  *) sed -n '2,18p' "$0"; exit 1 ;; esac; done
shift $((OPTIND-1))
[ $# -ge 2 ] || { sed -n '2,18p' "$0"; exit 1; }
[[ $COPIES =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "COPIES and ROUNDS must be positive integers" >&2; exit 1; }
REV_A=$1 REV_B=$2
CORPUS=$(corpus_dir "${3:-}")
for rev in "$REV_A" "$REV_B"; do
  git -C "$root" rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "not a revision: $rev" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/inspect-ab.XXXXXX")
cleanup() {
  for side in a b; do
    [ -d "$work/$side" ] && git -C "$root" worktree remove --force "$work/$side" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
git -C "$root" worktree add --quiet --detach "$work/a" "$REV_A"
git -C "$root" worktree add --quiet --detach "$work/b" "$REV_B"

mkdir "$work/msgs"
n=$(link_copies "$CORPUS" "$COPIES" "$work/msgs")
first=$(find "$work/msgs" -mindepth 1 -maxdepth 1 -print -quit)

echo "# $(date -Is) $(nproc) cores; $n messages from $CORPUS; $ROUNDS rounds"
echo "# A: $REV_A = $(git -C "$root" rev-parse --short "$REV_A")  B: $REV_B = $(git -C "$root" rev-parse --short "$REV_B")"
# not timed: builds each jar and its class-data archive, fills the page cache
for side in a b; do
  "$work/$side/backstop" inspect --format tsv "$first" > /dev/null
  "$work/$side/backstop" inspect --format tsv "$first" > /dev/null
done

# run SIDE: prints elapsed milliseconds; the output goes to $work/SIDE.tsv
run() {
  local t0 t1
  t0=$(date +%s%N)
  "$work/$1/backstop" inspect --format tsv "$work/msgs" > "$work/$1.tsv" 2> "$work/$1.err" \
    || { echo "$1 failed: $(tail -3 "$work/$1.err")" >&2; return 1; }
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

as=() bs=() ratios=()
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then ta=$(run a); tb=$(run b); else tb=$(run b); ta=$(run a); fi
  cmp -s "$work/a.tsv" "$work/b.tsv" || { echo "round $r: A and B printed different TSV" >&2; exit 1; }
  ratio=$(awk -v a="$ta" -v b="$tb" 'BEGIN{printf "%.3f", b/a}')
  echo "round $r: A ${ta} ms, B ${tb} ms, B/A $ratio"
  as+=("$ta"); bs+=("$tb"); ratios+=("$ratio")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
faster=$(printf '%s\n' "${ratios[@]}" | awk '$1 < 1 {k++} END{print k+0}')
printf 'SUMMARY inspect, %d messages, %d rounds: A %s ms median, B %s ms median, B/A %s median of rounds (B faster in %d of %d)\n' \
  "$n" "$ROUNDS" "$(median "${as[@]}")" "$(median "${bs[@]}")" "$(median "${ratios[@]}")" "$faster" "$ROUNDS"
