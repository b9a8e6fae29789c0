#!/usr/bin/env bash
# bench-ingest: ingest a generated batch of documents with one job and with
# two, and print documents/s, pages/s, the scaling between the two and the
# peak memory of each run. Usage: scripts/bench-ingest.sh [N] (default 300).
#
# The batch mixes formats as published disclosures do: half of it is the
# fixture generator's varied documents (text dumps, HTML pages, workbooks),
# half copies of the seed PDFs in fixtures/docs, each made distinct by a
# comment after %%EOF so that none is skipped as already stored.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
bin=bin/budgetx
[ -x "$bin" ] || { echo "build first: make build"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-ingest needs GNU time (apt-get install time)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./fixtures/gen -batch "$((n - n / 2))" -out "$tmp/docs" >/dev/null
pdfs=(fixtures/docs/*.pdf)
for i in $(seq 1 $((n / 2))); do
	src=${pdfs[$((i % ${#pdfs[@]}))]}
	{ cat "$src"; printf '\n%% copy %d\n' "$i"; } >"$tmp/docs/copy-$i-$(basename "$src")"
done
echo "batch: $n documents, $(du -sh "$tmp/docs" | cut -f1) ($(ls "$tmp/docs" | sed 's/.*\.//' | sort | uniq -c | tr '\n' ' '))"

declare -A rate
for jobs in 1 2; do
	db="$tmp/jobs$jobs.db"
	# Exit code 3 (some files failed) still gives a summary to report.
	/usr/bin/time -f "%e %M %P" -o "$tmp/time$jobs" "$bin" ingest --db "$db" --jobs "$jobs" --json "$tmp/docs" \
		>"$tmp/sum$jobs.json" 2>"$tmp/log$jobs" || [ $? -eq 3 ]
	read -r secs kb cpu < <(tail -1 "$tmp/time$jobs")
	pages=$(sed -n 's/.*"pages": \([0-9]*\).*/\1/p' "$tmp/sum$jobs.json")
	files=$(sed -n 's/.*"files": \([0-9]*\).*/\1/p' "$tmp/sum$jobs.json")
	failed=$(sed -n 's/.*"failed": \([0-9]*\).*/\1/p' "$tmp/sum$jobs.json")
	rate[$jobs]=$(awk -v f="$files" -v s="$secs" 'BEGIN { print f / s }')
	awk -v j="$jobs" -v f="$files" -v p="$pages" -v s="$secs" -v kb="$kb" -v x="$failed" -v cpu="$cpu" 'BEGIN {
		printf "--jobs %d: %d documents (%d failed), %d pages in %.2f s: %.1f documents/s, %.1f pages/s; peak RSS %.0f MB; CPU %s\n",
			j, f, x, p, s, f / s, p / s, kb / 1024, cpu }'
done
awk -v a="${rate[1]}" -v b="${rate[2]}" 'BEGIN { printf "scaling from 1 to 2 jobs: %.2fx (on %d CPUs)\n", b / a, '"$(nproc)"' }'
