#!/usr/bin/env bash
# Compares sw-briefing with Typst on the same content: one briefing from a cold start,
# its peak memory and its PDF's bytes. examples/typst_peer.rs writes the document of a
# briefing (masthead, title, headings, paragraphs, tables, charts, 版记) as Typst
# markup set in the same fonts on the same page; Typst (the `typst` package from PyPI,
# the Typst compiler as a Python module) typesets it into a PDF.
#
#   benches/typst-peer.sh                    # builds, then measures 示例市 and one synthetic region
#   SKIP_BUILD=1 BINARY=/tmp/sw-old benches/typst-peer.sh
#
# sw-briefing's time is the whole process, timed from a Python harness as Typst's is:
# config, fonts, metrics, layout, PDF, and filing the BagIt package with its fsyncs.
# Typst's time is its compile call alone, in a new Python process each run (fonts
# loaded, document typeset, PDF written), without the interpreter's start; so the
# ratio leans in Typst's favour. Medians of COLD_RUNS.
# Needs: pip install typst; /usr/bin/time. Never judges the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1704420000}
runs=${COLD_RUNS:-7}
work=${PEER_DIR:-$repository/target/typst-peer}

if [ "${SKIP_BUILD:-}" != 1 ]; then
    cargo build --release --quiet --bin sw-briefing --example typst_peer --example gen_metrics
fi
binary=${BINARY:-$repository/target/release/sw-briefing}
peer=$repository/target/release/examples/typst_peer
generator=$repository/target/release/examples/gen_metrics
python3 -c 'import typst' 2>/dev/null || { echo "error: the Python module typst is missing: pip install typst" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work"
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }
peak_mb() { awk '/Maximum resident set size/ { printf "%.0f", $6 / 1024 }' "$1"; }

# The Typst side: compile NAME.typ into NAME.pdf (PDF/A-1b, as sw-briefing's output
# is) and print the compile call's milliseconds. "bundled" gives Typst only the four
# bundled fonts; "system" lets it also discover the system's fonts, as its command line
# does by default (the way issue 17's baseline ratio was measured).
cat >"$work/compile.py" <<'PY'
import sys, time, typst
source, output, fonts, mode = sys.argv[1:5]
start = time.perf_counter()
typst.compile(source, output=output, font_paths=[fonts],
              ignore_system_fonts=(mode == "bundled"), pdf_standards=["a-1b"])
print(f"{(time.perf_counter() - start) * 1000:.1f}")
PY

# sw-briefing's side: run the whole process once and print its wall milliseconds,
# from just before the process is started to just after it has been reaped.
cat >"$work/run.py" <<'PY'
import subprocess, sys, time
log, command = sys.argv[1], sys.argv[2:]
with open(log, "w") as out:
    start = time.perf_counter()
    subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=True)
    print(f"{(time.perf_counter() - start) * 1000:.1f}")
PY

measure() {
    local label=$1 config=$2 code=$3
    local dir=$work/$code
    mkdir -p "$dir"
    "$peer" "$config" "$code" "$dir/peer.typ"
    local ours=() theirs=() theirs_system=() ours_pdf
    for _ in $(seq "$runs"); do
        local reports
        reports=$(awk -F': *' '/^archive_dir:/ { print $2 }' "$config" | awk '{ print $1 }')
        rm -rf "$(dirname "$config")/$reports" && mkdir -p "$(dirname "$config")/$reports"
        ours+=("$(python3 "$work/run.py" "$dir/ours.out" "$binary" --config "$config" --now --region "$code")")
        theirs+=("$(/usr/bin/time -v -o "$dir/typst.time" python3 "$work/compile.py" "$dir/peer.typ" "$dir/typst.pdf" "$repository/fonts" bundled)")
        theirs_system+=("$(python3 "$work/compile.py" "$dir/peer.typ" "$dir/typst-system.pdf" "$repository/fonts" system)")
    done
    ours_pdf=$(find "$(dirname "$config")/$reports" -name '*.pdf' -path '*/data/*' | head -1)
    # Peak memory from one more run of its own, so that no wrapper sits in the timed ones.
    local peak_copy=$dir/peak-reports
    rm -rf "$peak_copy" && mkdir -p "$peak_copy"
    sed "s|^archive_dir:.*|archive_dir: $peak_copy|" "$config" >"$(dirname "$config")/peak.yaml"
    /usr/bin/time -v -o "$dir/ours.time" "$binary" --config "$(dirname "$config")/peak.yaml" --now --region "$code" >"$dir/ours.out" 2>&1
    rm -f "$(dirname "$config")/peak.yaml"
    local ours_ms theirs_ms ours_bytes theirs_bytes
    ours_ms=$(printf '%s\n' "${ours[@]}" | median)
    theirs_ms=$(printf '%s\n' "${theirs[@]}" | median)
    local theirs_system_ms
    theirs_system_ms=$(printf '%s\n' "${theirs_system[@]}" | median)
    ours_bytes=$(stat -c %s "$ours_pdf")
    theirs_bytes=$(stat -c %s "$dir/typst.pdf")
    local python_mb
    /usr/bin/time -v -o "$dir/python.time" python3 -c 'import typst'
    python_mb=$(peak_mb "$dir/python.time")
    {
        echo "== $label, region $code ($(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg))"
        echo "binary: $binary"
        echo "pages: sw-briefing $(pdfinfo "$ours_pdf" | awk '/^Pages:/ { print $2 }'), Typst $(pdfinfo "$dir/typst.pdf" | awk '/^Pages:/ { print $2 }')"
        echo "cold wall (median of $runs): sw-briefing ${ours_ms} ms (whole process), Typst ${theirs_ms} ms (compile call, the bundled fonts only); ratio $(awk -v a="$ours_ms" -v b="$theirs_ms" 'BEGIN { printf "%.2f", a / b }')"
        echo "  Typst also discovering the system's fonts (its command line's default): ${theirs_system_ms} ms; ratio $(awk -v a="$ours_ms" -v b="$theirs_system_ms" 'BEGIN { printf "%.2f", a / b }')"
        echo "peak memory: sw-briefing $(peak_mb "$dir/ours.time") MB; Typst's process $(peak_mb "$dir/typst.time") MB (Python with the module alone: ${python_mb} MB)"
        echo "PDF bytes: sw-briefing $ours_bytes, Typst $theirs_bytes (PDF/A-1b); ratio $(awk -v a="$ours_bytes" -v b="$theirs_bytes" 'BEGIN { printf "%.2f", a / b }')"
        echo
    } | tee -a "$work/results.txt"
}

# The bundled sample, in a copy of the project.
sample=$work/sample
mkdir -p "$sample"
cp -r "$repository/config" "$repository/metrics" "$sample/"
ln -s "$repository/fonts" "$sample/fonts"
measure "bundled sample 示例市" "$sample/config/briefing.yaml" 990100

# One region of a generated project (six pages, two tables, three charts, 300 peers).
"$generator" 12 "$work/generated" >/dev/null
code=$(awk -F'"' '/code: "/ { print $2; exit }' "$work/generated/config/briefing.yaml")
measure "generated project" "$work/generated/config/briefing.yaml" "$code"
