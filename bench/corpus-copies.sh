# corpus-copies.sh - sourced by the bounce-reading benchmarks, so that they all read the same messages.
#
# corpus_dir [DIR]: prints DIR, or by default the Sisimai corpus in $BACKSTOP_SHARED (../shared beside the
# repository when unset); fails with a message when that is no directory.
#
# link_copies CORPUS COPIES DIR: links every file of CORPUS (not its sub-directories) COPIES times into the
# existing flat directory DIR, as NN-name (symlinks: Backstop and Sisimai both follow them; one flat directory,
# because Sisimai's Maildir reader does not descend). Prints the number of messages; fails when CORPUS has none.
link_copies() {
  local corpus=$1 copies=$2 dir=$3 n=0 f b c
  while IFS= read -r -d '' f; do
    b=$(basename "$f")
    for c in $(seq -w 1 "$copies"); do ln -s "$f" "$dir/$c-$b"; done
    n=$((n + copies))
  done < <(find "$(cd "$corpus" && pwd)" -maxdepth 1 -type f -print0)
  [ "$n" -gt 0 ] || { echo "no files in $corpus" >&2; return 1; }
  echo "$n"
}

_corpus_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus_dir() {
  local dir=${1:-${BACKSTOP_SHARED:-$_corpus_repo/../shared}/corpus/sisimai/eml}
  [ -d "$dir" ] || { echo "corpus $dir not found (set BACKSTOP_SHARED or pass CORPUS_DIR)" >&2; return 1; }
  echo "$dir"
}
