#!/usr/bin/env bash
# Do two builds print the same briefings? Runs both binaries with the same fixed clock
# (`--now`) on the bundled sample (湘潭市 and 示例市) and on a generated project of
# $REGIONS synthetic regions (default 12), then compares every briefing PDF of the one
# with the same briefing of the other, page by page: the pages rendered by pdftoppm at
# 100 dpi (PNG bytes compared) and the text pdftotext extracts (plain and -layout).
# The PDF bytes themselves may differ: that is what an optimisation changes.
#
#   benches/same-output.sh OLD_BINARY NEW_BINARY
#   REGIONS=50 benches/same-output.sh /tmp/sw-base target/release/sw-briefing
#
# Prints SAME or DIFFERENT (with the first difference) per briefing; exits non-zero if
# any briefing differs or is missing from either side. Needs poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)

if [ $# -ne 2 ]; then
    echo "usage: $0 OLD_BINARY NEW_BINARY" >&2
    exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
regions=${REGIONS:-12}
generator=${GENERATOR:-$repository/target/release/examples/gen_metrics}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1704420000}
for tool in pdftoppm pdftotext; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install poppler-utils)" >&2; exit 2; }
done
[ -x "$generator" ] || { echo "no $generator (cargo build --release --example gen_metrics)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The two projects, each laid out twice (one archive per binary).
mkdir -p "$work/sample"
cp -r "$repository/config" "$repository/metrics" "$work/sample/"
ln -s "$repository/fonts" "$work/sample/fonts"
"$generator" "$regions" "$work/generated" >/dev/null

# Runs binary $2 on project $1 into a fresh archive; leaves the archive in $3.
run() {
    local project=$1 binary=$2 archive=$3
    rm -rf "$project/reports" && mkdir "$project/reports"
    if ! "$binary" --config "$project/config/briefing.yaml" --now >"$work/run.log" 2>&1; then
        echo "$binary failed on $project:" >&2
        tail -20 "$work/run.log" >&2
        exit 1
    fi
    rm -rf "$archive" && mv "$project/reports" "$archive"
}

# Compares one briefing; prints its verdict; returns 1 if it differs.
compare() {
    local name=$1 a=$2 b=$3 d=$work/cmp
    rm -rf "$d" && mkdir -p "$d/a" "$d/b"
    pdftoppm -r 100 -png "$a" "$d/a/p"
    pdftoppm -r 100 -png "$b" "$d/b/p"
    local pages_a pages_b
    pages_a=$(ls "$d/a" | wc -l)
    pages_b=$(ls "$d/b" | wc -l)
    if [ "$pages_a" -ne "$pages_b" ]; then
        echo "DIFFERENT  $name: $pages_a pages against $pages_b"
        return 1
    fi
    local page
    for page in "$d"/a/*.png; do
        if ! cmp -s "$page" "$d/b/$(basename "$page")"; then
            echo "DIFFERENT  $name: page $(basename "$page" .png) is not the same image"
            return 1
        fi
    done
    local mode
    for mode in plain layout; do
        local flag=()
        [ "$mode" = layout ] && flag=(-layout)
        pdftotext "${flag[@]}" "$a" "$d/a.txt"
        pdftotext "${flag[@]}" "$b" "$d/b.txt"
        if ! cmp -s "$d/a.txt" "$d/b.txt"; then
            echo "DIFFERENT  $name: the text ($mode) differs:"
            diff "$d/a.txt" "$d/b.txt" | head -5
            return 1
        fi
    done
    echo "SAME       $name ($pages_a pages; $(stat -c %s "$a") -> $(stat -c %s "$b") bytes)"
}

status=0
briefings=0
for project in sample generated; do
    run "$work/$project" "$old" "$work/$project-old"
    run "$work/$project" "$new" "$work/$project-new"
    mapfile -t old_pdfs < <(cd "$work/$project-old" && find . -name '*.pdf' | sort)
    mapfile -t new_pdfs < <(cd "$work/$project-new" && find . -name '*.pdf' | sort)
    if [ "${old_pdfs[*]}" != "${new_pdfs[*]}" ]; then
        echo "DIFFERENT  $project: the two builds filed different briefings:"
        diff <(printf '%s\n' "${old_pdfs[@]}") <(printf '%s\n' "${new_pdfs[@]}") | head -10
        status=1
    fi
    if [ ${#old_pdfs[@]} -eq 0 ]; then
        echo "DIFFERENT  $project: no briefing was made"
        status=1
    fi
    for pdf in "${old_pdfs[@]}"; do
        [ -f "$work/$project-new/$pdf" ] || continue
        briefings=$((briefings + 1))
        compare "$project: ${pdf#./}" "$work/$project-old/$pdf" "$work/$project-new/$pdf" || status=1
    done
done

if [ "$status" -eq 0 ]; then
    echo "all $briefings briefings: same pages and same text"
else
    echo "some briefings differ (see DIFFERENT above)"
fi
exit "$status"
