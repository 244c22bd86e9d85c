#!/usr/bin/env bash
# Scale benchmark: makes the briefings of N synthetic regions with the real release
# binary (`--now`), the way a ministry running every county would, and reports
# throughput, per-briefing latency (median, 95th percentile), peak memory and PDF size.
#
#   benches/run-scale.sh            # N = 50 and 3000
#   benches/run-scale.sh 50         # CI size
#   SCALE_DIR=/tmp/scale benches/run-scale.sh 3000
#   BINARY=/tmp/sw-briefing-old benches/run-scale.sh 3000   # measure another build
#
# Needs /usr/bin/time (Debian package `time`) for peak memory; pdfinfo for page counts.
# Prints one block of figures per N and appends it to $SCALE_DIR/results.txt.
# Exits non-zero if any briefing was not made; it never judges the timings.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 3000)
scale_dir=${SCALE_DIR:-$repository/target/scale}
# A fixed clock keeps runs comparable and the output byte-identical between runs.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1704420000}
# How many single-region runs the cold-start latency is measured over.
cold_runs=${COLD_RUNS:-5}

if [ "${SKIP_BUILD:-}" != 1 ]; then
    cargo build --release --quiet --bin sw-briefing --example gen_metrics
fi
binary=${BINARY:-$repository/target/release/sw-briefing}
generator=$repository/target/release/examples/gen_metrics
mkdir -p "$scale_dir"

# Old projects and archives are moved aside, not deleted, until every measurement is
# taken. On an ext4 without a journal (this machine's root) the kernel avoids reusing
# an inode freed in the last minute (or five, while its block is unwritten): deleting
# the last 3,000-region archive just before the run made every new file's inode
# allocation scan past tens of thousands of freed ones, about 13 CPU-s of kernel time
# that no archive in use would see (BENCHMARKS.md, "The benchmark's own deletions").
# The trash is deleted at the end and synced, which shortens the kernel's wait from
# five minutes to one: a run started within a minute of another's end still pays some.
trash=$scale_dir/.trash
rm -rf "$trash"
discard() {
    [ -e "$1" ] || return 0
    mkdir -p "$trash"
    mv "$1" "$trash/$(date +%s%N)"
}
trap 'rm -rf "$trash"; sync' EXIT

timer=()
if [ -x /usr/bin/time ]; then
    timer=(/usr/bin/time -v)
else
    echo "note: /usr/bin/time is missing (apt-get install time); peak memory is not measured" >&2
fi

# Runs a command and leaves its wall time in seconds in $elapsed; returns its status.
elapsed=
timed() {
    local start end status=0
    start=$(date +%s.%N)
    "$@" || status=$?
    end=$(date +%s.%N)
    elapsed=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
    return "$status"
}

# Median and 95th percentile (nearest rank) of numbers on stdin, one a line.
percentiles() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a n/a"; exit }
        m = int((NR + 1) / 2); p = int(NR * 0.95 + 0.999999); if (p > NR) p = NR
        printf "%.1f %.1f\n", v[m], v[p] }'
}

# Per-briefing render times in ms from the JSON log: the `render_ms` field when the
# binary logs it; otherwise (older builds, which rendered one briefing after another)
# the time between consecutive "briefing filed" lines, which is then the latency.
latencies_ms() {
    local log=$1
    if grep -q '"render_ms"' "$log"; then
        grep '"briefing filed"' "$log" | grep -o '"render_ms":[0-9.]*' | cut -d: -f2
    else
        grep '"briefing filed"' "$log" | grep -o '"timestamp":"[^"]*"' | cut -d'"' -f4 \
            | awk -FT '{ split($2, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; if (NR > 1) printf "%.1f\n", (s - last) * 1000; last = s }'
    fi
}

machine() {
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -h | awk '/^Mem:/ { print $2 }') memory; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ -n "${BINARY:-}" ]; then
        echo "binary: $binary"
    else
        echo "binary: $binary ($(git -C "$repository" rev-parse --short HEAD 2>/dev/null || echo unknown))"
    fi
}

run_size() {
    local n=$1
    local project=$scale_dir/$n
    local config=$project/config/briefing.yaml
    discard "$project"
    "$generator" "$n" "$project" >/dev/null

    # Loading and checking config, fonts and every metrics file, nothing made.
    timed "$binary" --config "$config" check >/dev/null
    local check_s=$elapsed

    # One briefing from a cold start: a new process per run, one region each, filed
    # into the archive like any other; the archive is emptied afterwards.
    local codes cold=()
    codes=$(awk -F'"' -v count="$cold_runs" '/code: "/ && taken < count { print $2; taken++ }' "$config")
    for code in $codes; do
        timed "$binary" --config "$config" --now --region "$code" >/dev/null 2>&1
        cold+=("$elapsed")
    done
    local cold_median
    cold_median=$(printf '%s\n' "${cold[@]}" | awk '{ print $1 * 1000 }' | percentiles | cut -d' ' -f1)
    discard "$project/reports"
    mkdir -p "$project/reports"

    # All N at once.
    local log=$project/run.log timing=$project/time.txt status=0 wall
    if [ ${#timer[@]} -gt 0 ]; then
        timed "${timer[@]}" -o "$timing" "$binary" --config "$config" --now --json-logs >"$project/run.out" 2>"$log" || status=$?
    else
        : >"$timing"
        timed "$binary" --config "$config" --now --json-logs >"$project/run.out" 2>"$log" || status=$?
    fi
    wall=$elapsed

    local made pdf_total pdf_max first_pdf pages latency peak_kb cpu cpu_s
    made=$(find "$project/reports" -name '*.pdf' | wc -l)
    pdf_total=$(find "$project/reports" -name '*.pdf' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    pdf_max=$(find "$project/reports" -name '*.pdf' -printf '%s\n' | awk '$1 > m { m = $1 } END { print m + 0 }')
    first_pdf=$(find "$project/reports" -name '*.pdf' -print -quit)
    pages=$( { [ -n "$first_pdf" ] && pdfinfo "$first_pdf" 2>/dev/null; } | awk '/^Pages:/ { print $2 }')
    latency=$(latencies_ms "$log" | percentiles)
    peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
    cpu=$(awk -F': ' '/Percent of CPU/ { print $2 }' "$timing")
    # User plus system CPU seconds: steadier than wall time when other work shares the machine.
    cpu_s=$(awk -F': ' '/(User|System) time/ { s += $2 } END { if (NR) printf "%.1f", s }' "$timing")

    {
        echo "== $n regions ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
        machine
        echo "check (load config, fonts, $((n * 9)) metrics files): ${check_s} s"
        echo "one briefing, cold start (--now --region, median of ${#cold[@]}): ${cold_median} ms"
        echo "all $n: ${wall} s wall, exit ${status}, $made PDFs made, CPU ${cpu:-n/a} (${cpu_s:-n/a} s user+system)"
        awk -v n="$made" -v w="$wall" 'BEGIN { if (w > 0) printf "throughput: %.1f briefings/s\n", n / w }'
        echo "per-briefing latency: median ${latency% *} ms, p95 ${latency#* } ms"
        echo "peak memory: $(awk -v k="${peak_kb:-0}" 'BEGIN { if (k > 0) printf "%.0f MB", k / 1024; else print "n/a" }')"
        awk -v t="$pdf_total" -v n="$made" -v m="${pdf_max:-0}" -v p="${pages:-?}" 'BEGIN { if (n > 0) printf "PDF size: average %.1f KB, largest %.1f KB (%s pages)\n", t / n / 1024, m / 1024, p }'
        echo
    } | tee -a "$scale_dir/results.txt"

    if [ "$status" -ne 0 ] || [ "$made" -ne "$n" ]; then
        echo "error: $n regions: exit $status, $made of $n briefings made; see $log" >&2
        return 1
    fi
}

# One briefing of the bundled sample (示例市, five pages, two charts) from a cold start:
# a new process that reads config, wording, fonts and the sample metrics, renders one
# briefing and files it in an empty archive.
cold_start_sample() {
    local project=$scale_dir/sample times=()
    discard "$project"
    mkdir -p "$project"
    cp -r "$repository/config" "$repository/metrics" "$project/"
    ln -s "$repository/fonts" "$project/fonts"
    for _ in $(seq "$cold_runs"); do
        discard "$project/reports"
        mkdir "$project/reports"
        timed "$binary" --config "$project/config/briefing.yaml" --now --region 990100 >/dev/null 2>&1
        times+=("$elapsed")
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | awk '{ print $1 * 1000 }' | percentiles | cut -d' ' -f1)
    {
        echo "== bundled sample ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
        machine
        echo "one briefing, cold start (--now --region 990100, median of ${#times[@]}): ${median} ms"
        echo
    } | tee -a "$scale_dir/results.txt"
}

# The service on the bundled sample, idle after its catch-up step (which files the
# 2023 briefings, the clock being fixed in January 2024): resident memory, and CPU
# ticks over 10 s of waiting (busy polling would show here).
idle_service() {
    local project=$scale_dir/sample-service pid rss anon file_rss hwm before after waited=0
    discard "$project"
    mkdir -p "$project"
    cp -r "$repository/config" "$repository/metrics" "$project/"
    ln -s "$repository/fonts" "$project/fonts"
    mkdir "$project/reports"
    "$binary" --config "$project/config/briefing.yaml" >"$project/service.log" 2>&1 &
    pid=$!
    until grep -q "run finished" "$project/service.log" 2>/dev/null || [ $waited -ge 300 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    sleep 1
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
    anon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status")
    file_rss=$(awk '/^RssFile/ { print $2 }' "/proc/$pid/status")
    hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
    before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    sleep 10
    after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    kill -TERM "$pid"
    local status=0
    wait "$pid" || status=$?
    {
        echo "== idle service, bundled sample ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
        machine
        echo "briefings filed in the catch-up step: $(find "$project/reports" -name '*.pdf' | wc -l)"
        echo "resident when idle: $((rss / 1024)) MB (anonymous $((anon / 1024)) MB, file $((file_rss / 1024)) MB); peak during the step $((hwm / 1024)) MB"
        echo "CPU while idle: $((after - before)) ticks of 10 ms in 10 s"
        echo "exit after SIGTERM: $status"
        echo
    } | tee -a "$scale_dir/results.txt"
    [ "$status" -eq 0 ]
}

cold_start_sample
idle_service
passed=0 failed=0
for n in "${sizes[@]}"; do
    if run_size "$n"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
# One check per size: every briefing was made.
echo "scale benchmark: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
