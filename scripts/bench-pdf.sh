#!/usr/bin/env bash
# bench-pdf: time budgetx ingest (one job, into a new SQLite database) and
# pdftotext -layout over the same PDFs, in turns, several rounds, and print
# the ratio of the best times: on a shared machine the best of several runs
# is the one least disturbed by others. Then the peak memory of ingesting
# the largest file. Usage: scripts/bench-pdf.sh [DIR] [ROUNDS]
# (default ../shared/realdocs, 5).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/realdocs}
rounds=${2:-5}
bin=bin/budgetx
[ -x "$bin" ] || { echo "build first: make build"; exit 1; }
command -v pdftotext >/dev/null || { echo "bench-pdf needs pdftotext (apt-get install poppler-utils)"; exit 1; }
shopt -s nullglob
files=("$dir"/*.pdf)
[ ${#files[@]} -gt 0 ] || { echo "no PDFs in $dir"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
ours=() theirs=()
for r in $(seq 1 "$rounds"); do
	rm -f "$tmp"/bench.db*
	t0=$(now)
	"$bin" ingest --db "$tmp/bench.db" --jobs 1 "${files[@]}" >/dev/null 2>&1 || true
	t1=$(now)
	for f in "${files[@]}"; do pdftotext -layout "$f" - >/dev/null 2>&1 || true; done
	t2=$(now)
	ours+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
	theirs+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')")
done
printf '%s\n' "${ours[@]}" | sort -g | head -1 >"$tmp/ours"
printf '%s\n' "${theirs[@]}" | sort -g | head -1 >"$tmp/theirs"
awk -v n="${#files[@]}" -v r="$rounds" -v a="$(cat "$tmp/ours")" -v b="$(cat "$tmp/theirs")" 'BEGIN {
	printf "%d PDFs, best of %d rounds\nbudgetx ingest --jobs 1: %.2f s\npdftotext -layout:       %.2f s\nratio:                   %.2f\n", n, r, a, b, a / b }'
big=$(ls -S "${files[@]}" | head -1)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "peak RSS on $(basename "$big"): %M KB" "$bin" ingest --db "$tmp/big.db" --jobs 1 "$big" >/dev/null 2>"$tmp/time.txt" || true
	tail -1 "$tmp/time.txt"
else
	echo "peak RSS: /usr/bin/time is not installed"
fi
