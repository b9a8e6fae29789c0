#!/usr/bin/env bash
# bench-pg: ingest one generated batch into SQLite with one process, and
# into one PostgreSQL database with 1, 2 and 4 processes at once (each
# --jobs 1, sharing the files through claims), and print pages/s for each,
# with where the time went: the CPU time of the budgetx processes, the part
# of their time spent writing to the database, and the CPU time of the
# PostgreSQL server. Usage: scripts/bench-pg.sh [N] (default 200).
#
# The server is a throwaway one (initdb into a temporary folder, a Unix
# socket there), with PostgreSQL's default durability (fsync on, synchronous
# commit), run as the postgres user when this script runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
bin=bin/budgetx
[ -x "$bin" ] || { echo "build first: make build"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-pg needs GNU time (apt-get install time)"; exit 1; }
pgbin=$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")")
[ -x "$pgbin/postgres" ] || { echo "bench-pg needs the PostgreSQL server (apt-get install postgresql)"; exit 1; }

tmp=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
stop() {
	as_pg "$pgbin/pg_ctl" -D "$tmp/data" -m fast stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap stop EXIT
as_pg "$pgbin/initdb" -D "$tmp/data" -U budgetx --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/data/server.log" -w \
	-o "-k $tmp -c listen_addresses= -c max_connections=50" start >/dev/null
postmaster=$(head -1 "$tmp/data/postmaster.pid")

# The batch, as bench-ingest makes it: the fixture generator's varied
# documents and copies of the seed PDFs, each made distinct.
docs="$tmp/docs"
go run ./fixtures/gen -batch "$((n - n / 2))" -out "$docs" >/dev/null
pdfs=(fixtures/docs/*.pdf)
for i in $(seq 1 $((n / 2))); do
	src=${pdfs[$((i % ${#pdfs[@]}))]}
	{ cat "$src"; printf '\n%% copy %d\n' "$i"; } >"$docs/copy-$i-$(basename "$src")"
done
chmod -R a+rX "$tmp"
echo "batch: $n documents, $(du -sh "$docs" | cut -f1); $(nproc) CPUs"

# serverCPU prints the CPU seconds the server has used: the postmaster's and
# its children's, the backends that exited included.
serverCPU() {
	local t=0 pid
	t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")
	for pid in $(pgrep -P "$postmaster"); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
	done
	awk -v t="$t" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

# run NAME DB PROCS: ingest the batch with PROCS processes at once.
run() {
	local name=$1 db=$2 procs=$3 i
	local cpu0 t0 t1
	cpu0=$(serverCPU)
	t0=$(date +%s.%N)
	for i in $(seq 1 "$procs"); do
		/usr/bin/time -f "%U %S" -o "$tmp/time$i" "$bin" ingest --db "$db" --jobs 1 --json "$docs" \
			>"$tmp/sum$i.json" 2>"$tmp/log$i" &
	done
	wait || true
	t1=$(date +%s.%N)
	local server
	server=$(awk -v a="$cpu0" -v b="$(serverCPU)" 'BEGIN { printf "%.1f", b - a }')
	[ "$name" = sqlite ] && server="-"
	cat "$tmp"/sum*.json | tr -d ' \n' | sed 's/}{/}\n{/g' >"$tmp/sums"
	awk -v name="$name" -v procs="$procs" -v secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		-v cpu="$(cat "$tmp"/time* | awk '{ s += $1 + $2 } END { print s }')" -v server="$server" '
		{
			match($0, /"pages":[0-9]+/); pages += substr($0, RSTART + 8, RLENGTH - 8)
			match($0, /"ok":[0-9]+/); ok += substr($0, RSTART + 5, RLENGTH - 5)
			match($0, /"elsewhere":[0-9]+/); elsewhere += substr($0, RSTART + 12, RLENGTH - 12)
			match($0, /"write_seconds":[0-9.e-]+/); write += substr($0, RSTART + 16, RLENGTH - 16)
		}
		END {
			printf "%-8s %d process%s: %4d pages in %6.1f s = %6.1f pages/s | budgetx CPU %6.1f s, of its wall time %5.1f s writing | server CPU %s s | %d stored, %d left to another process\n",
				name, procs, (procs > 1 ? "es" : "  "), pages, secs, pages / secs, cpu, write, server, ok, elsewhere
		}' "$tmp/sums"
	rm -f "$tmp"/sum*.json "$tmp"/time*
}

run sqlite "$tmp/bench.db" 1
for procs in 1 2 4; do
	as_pg "$pgbin/createdb" -h "$tmp" -U budgetx "bench$procs"
	run postgres "postgres:///bench$procs?host=$tmp&user=budgetx" "$procs"
done
