#!/usr/bin/env bash
# Re-make every program output shown in docs/用户手册.md.
#
# Usage: scripts/guide-examples.sh BINARY OUTDIR
#   e.g. scripts/guide-examples.sh target/release/sw-briefing /tmp/guide-out
#        python3 scripts/guide-fill-outputs.py /tmp/guide-out docs/用户手册.md
#
# Copies config/, metrics/ and fonts/ into a scratch folder, fixes the clock at
# 2025-01-10 09:30 Asia/Shanghai (SOURCE_DATE_EPOCH), and runs each command the guide
# shows there, with paths relative to the scratch folder and `sw-briefing` standing for
# BINARY. Each command's stdout and stderr go to OUTDIR/NN-name.txt, whose first line
# is `$ <the command as the guide prints it>`; the guide marks each output block with
# `<!-- output: NN-name -->`, so scripts/guide-fill-outputs.py can paste them in.
# Exit codes go to OUTDIR/exit-codes.txt (several commands fail on purpose). The one
# edit made to the outputs: the scratch folder's absolute path, which the delivery
# messages print, is replaced by /opt/sw-briefing, the guide's example folder.
# The 2024 figures of 湘潭市 are invented (示例数据): scripts/guide-fill-forms.py.
#
# NN follows the guide's order. The commands run in the order a user would have met
# them, which differs in two places: the broken forms (05-10) are tried before the
# good one is imported (03), and the corrected form (11, 12) is imported after the
# first --now (16, 17), so that 6.3 (18, 19) has an issued period whose data changed.
#
# The sign-off part (50-59) runs only when `BINARY approve --help` succeeds.
# Screenshots (LibreOffice and pdftoppm) only with GUIDE_SCREENSHOTS=1.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 BINARY OUTDIR" >&2
    exit 2
fi
BIN=$(realpath "$1")
mkdir -p "$2"
OUT=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$BIN" ] || { echo "$0: $BIN is not an executable" >&2; exit 2; }

# 2025-01-10 09:30 in Asia/Shanghai (UTC+8).
export SOURCE_DATE_EPOCH=1736472600
export TZ=UTC LC_ALL=C.UTF-8
unset SW_BRIEFING_LANG SW_BRIEFING_CONFIG SW_BRIEFING_LOG_FORMAT RUST_LOG || true

TMP=$(mktemp -d "${TMPDIR:-/tmp}/guide-examples.XXXXXX")
trap 'chmod -R u+w "$TMP" 2>/dev/null || true; rm -rf "$TMP"' EXIT

# `sw-briefing` in the commands below is BINARY.
mkdir -p "$TMP/bin"
ln -s "$BIN" "$TMP/bin/sw-briefing"
export PATH="$TMP/bin:$PATH"

rm -f "$OUT"/[0-9][0-9]-*.txt "$OUT/exit-codes.txt"

# run NN-name DIR 'COMMAND': runs COMMAND with bash in DIR; OUTDIR/NN-name.txt gets
# `$ COMMAND` and the output; never stops the script on a non-zero exit.
run() {
    local name=$1 dir=$2 cmd=$3 rc=0
    {
        printf '$ %s\n' "$cmd"
        (cd "$dir" && bash -c "$cmd") 2>&1 || rc=$?
    } >"$OUT/$name.txt"
    # The scratch folder's absolute path (in delivery messages) is shown as the
    # guide's example installation folder.
    sed -i "s#$dir#/opt/sw-briefing#g" "$OUT/$name.txt"
    printf '%s %s\n' "$name" "$rc" >>"$OUT/exit-codes.txt"
    printf '%-28s exit %s\n' "$name" "$rc" >&2
}

S=$TMP/sw-briefing          # the scratch project
mkdir -p "$S"
cp -r "$ROOT/config" "$ROOT/metrics" "$ROOT/fonts" "$S/"
rm -rf "$S/reports"

# ---- 2. the form ------------------------------------------------------------------
run 01-form "$S" 'sw-briefing form --region 430300 --period 2024'
python3 "$ROOT/scripts/guide-fill-forms.py" "$S/430300-湘潭市-2024-填报表.xlsx" "$S/填报"

# ---- 3. import --------------------------------------------------------------------
run 02-import-dry-run "$S" 'sw-briefing import 填报/湘潭市-2024-填报表.xlsx --dry-run'
# The broken forms before the good one is imported: once 2024.yaml exists, a broken
# form whose cells are all numbers (06) would also be told that it differs from it.
run 05-import-numbers   "$S" 'sw-briefing import 填报/错误-数字.xlsx'
run 06-import-relations "$S" 'sw-briefing import 填报/错误-关系.xlsx'
run 07-import-rows      "$S" 'sw-briefing import 填报/错误-删行改名.xlsx'
run 08-import-merged    "$S" 'sw-briefing import 填报/错误-合并公式.xlsx'
run 09-import-range     "$S" 'sw-briefing import 填报/错误-范围.xlsx'
run 10-import-not-forms "$S" 'sw-briefing import 填报/统计表.xlsx 填报/空文件.xlsx'
run 03-import         "$S" 'sw-briefing import 填报/湘潭市-2024-填报表.xlsx'
cp -r "$S/metrics" "$TMP/metrics-2024"   # for the sign-off part
run 04-import-same    "$S" 'sw-briefing import 填报/湘潭市-2024-填报表.xlsx'

# ---- 4. check ---------------------------------------------------------------------
run 13-check "$S" 'sw-briefing check'
Y="$S/metrics/430300-湘潭市/2023.yaml"
cp "$Y" "$TMP/2023.yaml"
sed -i 's/^  passes: 426$/  passes: 4260/' "$Y"
grep -q '^  passes: 4260$' "$Y" || { echo "$0: could not edit $Y" >&2; exit 1; }
run 14-check-error "$S" 'sw-briefing check'
cp "$TMP/2023.yaml" "$Y"

# ---- 5. preview, 6. --now ----------------------------------------------------------
run 15-preview   "$S" 'sw-briefing --now --region 430300 --output 预览.pdf'
run 16-now       "$S" 'sw-briefing --now'
run 17-now-again "$S" 'sw-briefing --now --region 430300'
# 3.3: the corrected form, after the first issue
run 11-import-changed "$S" 'sw-briefing import 填报/湘潭市-2024-填报表-更正.xlsx'
run 12-import-replace "$S" 'sw-briefing import 填报/湘潭市-2024-填报表-更正.xlsx --replace'
run 18-now-changed "$S" 'sw-briefing --now --region 430300'
run 19-now-revise  "$S" 'sw-briefing --now --region 430300 --revise'

# ---- 7. the archive ---------------------------------------------------------------
run 20-ls-find "$S" 'ls reports; find reports/430300-湘潭市/2025/社会工作简报-2025年第01期-2024 | LC_ALL=C sort'
run 21-index-csv "$S" 'cat reports/index.csv'
run 22-verify "$S" 'sw-briefing verify'
HEAD=$(cat "$S/reports/ledger.head")
run 23-verify-head "$S" "sw-briefing verify --head $HEAD"
# A copy of the archive with one byte of a PDF changed.
T=$TMP/tampered
cp -a "$S" "$T"
PDF="$T/reports/430300-湘潭市/2025/社会工作简报-2025年第01期-2024/data/社会工作简报-2025年第01期-2024.pdf"
chmod u+w "$PDF"
python3 - "$PDF" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = len(b) // 2
b[i] ^= 0x01
open(p, "wb").write(bytes(b))
EOF
chmod a-w "$PDF"
run 24-verify-tampered "$T" 'sw-briefing verify'

# ---- 8. status --------------------------------------------------------------------
run 25-status "$S" 'sw-briefing status'

# ---- 分发 (delivery) ---------------------------------------------------------------
# Two folder channels: the OA share, and a backup share that is not mounted yet.
mkdir -p "$S/送达/OA"
cat >>"$S/config/briefing.yaml" <<'EOF'

delivery:
  - name: oa-share
    folder: ../送达/OA
  - name: backup
    folder: ../送达/备份
EOF
run 30-deliver "$S" 'sw-briefing deliver'
run 31-ls-delivered "$S" 'ls 送达/OA'
run 32-status-delivery "$S" 'sw-briefing status'
mkdir -p "$S/送达/备份"
run 33-deliver-again "$S" 'sw-briefing deliver'
run 34-deliver-retry "$S" 'sw-briefing deliver --retry'
run 35-verify-delivered "$S" 'sw-briefing verify'

# ---- 签发 (sign-off), only with a binary that has it ---------------------------------
if "$BIN" approve --help >/dev/null 2>&1; then
    A=$TMP/signoff
    mkdir -p "$A"
    cp -r "$ROOT/config" "$ROOT/fonts" "$A/"
    cp -r "$TMP/metrics-2024" "$A/metrics"
    cp -r "$S/填报" "$A/"
    printf '\napproval: required\n' >>"$A/config/briefing.yaml"
    run 50-signoff-draft   "$A" 'sw-briefing --now --region 430300'
    run 51-signoff-drafts  "$A" 'sw-briefing drafts'
    run 52-signoff-reject  "$A" 'sw-briefing reject 430300 2024 --reason 培训人次与培训科台账不符，请核实 --by 王明'
    run 53-signoff-status  "$A" 'sw-briefing status'
    run 54-signoff-replace "$A" 'sw-briefing import 填报/湘潭市-2024-填报表-更正.xlsx --replace'
    run 55-signoff-approve-stale "$A" 'sw-briefing approve 430300 2024 --by 王明'
    run 56-signoff-redraft "$A" 'sw-briefing --now --region 430300'
    run 57-signoff-approve "$A" 'sw-briefing approve 430300 2024 --by 王明 --date 2025-01-10'
    run 58-signoff-approve-again "$A" 'sw-briefing approve 430300 2024 --by 王明'
    run 59-signoff-drafts-after "$A" 'sw-briefing drafts'
else
    echo "sign-off: '$BIN approve --help' failed; 50-59 not made" >&2
fi

# ---- screenshots (optional) --------------------------------------------------------
if [ "${GUIDE_SCREENSHOTS:-0}" = 1 ]; then
    mkdir -p "$OUT/images"
    pdftoppm -png -r 60 -f 1 -l 1 \
        "$S/reports/430300-湘潭市/2025/社会工作简报-2025年第01期-2024/data/社会工作简报-2025年第01期-2024.pdf" \
        "$OUT/images/briefing-p1"
    (cd "$TMP" && soffice --headless --convert-to pdf --outdir "$TMP/form-pdf" "$S/填报/湘潭市-2024-填报表.xlsx" >/dev/null)
    pdftoppm -png -r 60 "$TMP/form-pdf/湘潭市-2024-填报表.pdf" "$OUT/images/form"
    echo "screenshots in $OUT/images (form-N.png: one per page of the filled form)" >&2
fi

echo "outputs in $OUT; exit codes in $OUT/exit-codes.txt" >&2
