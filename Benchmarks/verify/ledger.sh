# Sourced by Benchmarks/verify/run.sh and postgres.sh: defines verify_runs, sets BIN (LUNAS_BINARY, or the BUILD build
# of `lunas`, built first) and makes the ledger of COUNT fee invoices under DATA/ledger once
# (`lunas ledger bench-issue`: 64 kiosk devices, group commit, signed receipt codes).
if [ -z "${LUNAS_BINARY:-}" ]; then swift build -c "$BUILD" --product lunas >&2; fi
BIN="${LUNAS_BINARY:-$(swift build -c "$BUILD" --show-bin-path)/lunas}"

if [ ! -f "$DATA/ready" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    "$BIN" ledger bench-issue --data-dir "$DATA/ledger" --issuers 64 --count "$COUNT" >&2
    touch "$DATA/ready"
fi

# Prints one run's figures from `/usr/bin/time -v`'s file: verify_figures FILE EVENTS LABEL STEAL.
verify_figures() {
    awk -v events="$2" -v label="$3" -v steal="$4" '
        /User time/ {user = $NF}
        /System time/ {sys = $NF}
        /Elapsed \(wall clock\)/ {n = split($NF, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i]}
        /Maximum resident set size/ {rss = $NF}
        END {
            cpu = user + sys
            printf "%s: events=%d wall_s=%.1f cpu_s=%.1f events_per_s_wall=%.0f events_per_s_cpu=%.0f peak_rss_mib=%.0f steal=%s%%\n",
                label, events, wall, cpu, events / wall, events / cpu, rss / 1024, steal
        }' "$1"
}

# Runs `lunas ledger verify ARGS…` RUNS times, each under `/usr/bin/time -v`, and prints its figures:
# verify_runs NAME ARGS… (NAME names the files kept under DATA).
verify_runs() {
    local name=$1 run before status steal events
    shift
    for run in $(seq 1 "$RUNS"); do
        before=$(cpu_ticks)
        status=0
        /usr/bin/time -v -o "$DATA/time-$name.txt" "$BIN" ledger verify "$@" >"$DATA/verify-$name.txt" || status=$?
        steal=$(steal_percent "$before" "$(cpu_ticks)")
        head -1 "$DATA/verify-$name.txt"
        if [ "$status" != 0 ]; then
            echo "run $run: lunas ledger verify exited $status" >&2
            exit 1
        fi
        events=$(sed -n 's/^ledger intact: \([0-9]*\) events.*/\1/p' "$DATA/verify-$name.txt")
        verify_figures "$DATA/time-$name.txt" "$events" "run $run" "$steal"
    done
}

# The floor under verify's cost, measured beside it (issue #18): the engine's own client reads every
# event row in `seq` order and `sha256sum` hashes all their bytes, with nothing parsed, replayed or
# compared (one SHA-256 over the stream, not one per event: the same bytes hashed). Its CPU seconds
# (both processes; a server's own CPU is not in them, as in verify's figures) over the events of
# the last `verify_runs NAME`: verify_ceiling NAME COMMAND… (COMMAND prints the rows).
verify_ceiling() {
    local name=$1 before events status=0
    shift
    before=$(cpu_ticks)
    /usr/bin/time -v -o "$DATA/time-ceiling-$name.txt" bash -o pipefail -c '"$@" | sha256sum >/dev/null' _ "$@" ||
        status=$?
    [ "$status" = 0 ] || { echo "the ceiling's reading exited $status" >&2; exit 1; }
    events=$(sed -n 's/^ledger intact: \([0-9]*\) events.*/\1/p' "$DATA/verify-$name.txt")
    verify_figures "$DATA/time-ceiling-$name.txt" "$events" "ceiling (read + SHA-256 only)" \
        "$(steal_percent "$before" "$(cpu_ticks)")"
}
