#!/usr/bin/env bash
# Regenerates the bundled font subsets in fonts/ from Debian's OFL-licensed CJK fonts.
#
# The subsets keep GB 2312 (all 7,445 characters), ASCII, the CJK and general
# punctuation a briefing uses, full-width forms, and every character that appears in
# config/ and metrics/ so that templates and sample data are always covered.
# Needs: apt-get install fonts-noto-cjk fonts-lxgw-wenkai; pip install fonttools
set -euo pipefail
cd "$(dirname "$0")/.."

charset=$(mktemp)
python3 - "$charset" <<'PY'
import pathlib, sys
chars = set()
# GB 2312: rows 0xA1-0xA9 (symbols) and 0xB0-0xF7 (hanzi levels 1 and 2).
for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
    for lo in range(0xA1, 0xFF):
        try:
            chars.update(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
chars.update(chr(c) for c in range(0x20, 0x7F))            # ASCII
chars.update(chr(c) for c in range(0x2000, 0x206F))        # general punctuation
chars.update(chr(c) for c in range(0x3000, 0x3040))        # CJK symbols and punctuation
chars.update(chr(c) for c in range(0xFF01, 0xFF5F))        # full-width forms
chars.update("×÷±≤≥≈～·－—…％‰℃№①②③④⑤⑥⑦⑧⑨⑩")
for folder in ("config", "metrics", "src"):
    for path in pathlib.Path(folder).rglob("*"):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".j2", ".txt", ".rs", ".md"}:
            chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) >= 0x20)
chars.discard("\x7f")
pathlib.Path(sys.argv[1]).write_text("".join(sorted(chars)), encoding="utf-8")
print(f"{len(chars)} characters in the subset", file=sys.stderr)
PY

subset() { # source face-index output
  pyftsubset "$1" --font-number="$2" --text-file="$charset" --output-file="fonts/$3" \
    --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \
    --no-hinting --desubroutinize
  echo "fonts/$3: $(du -k "fonts/$3" | cut -f1) KB" >&2
}
noto=/usr/share/fonts/opentype/noto
# Face 2 of the Noto CJK collections is Simplified Chinese (SC).
subset "$noto/NotoSerifCJK-Regular.ttc" 2 NotoSerifCJKsc-Regular-GB2312.otf
subset "$noto/NotoSerifCJK-Bold.ttc"    2 NotoSerifCJKsc-Bold-GB2312.otf
subset "$noto/NotoSansCJK-Regular.ttc"  2 NotoSansCJKsc-Regular-GB2312.otf
subset /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf 0 SwbKai-Regular-GB2312.ttf
# LXGW WenKai reserves the names "霞鹜" and "LXGW" (OFL section 3): a subset is a
# modified version, so it is renamed. Noto CJK reserves no name that these files use.
python3 - <<'PY'
from fontTools.ttLib import TTFont
path = "fonts/SwbKai-Regular-GB2312.ttf"
font = TTFont(path)
names = {1: "SwbKai", 2: "Regular", 3: "SwbKai-Regular;subset of LXGW WenKai", 4: "SwbKai Regular",
         6: "SwbKai-Regular", 16: "SwbKai", 17: "Regular"}
font["name"].names = [r for r in font["name"].names if r.nameID not in names and r.nameID not in (18, 21, 22)]
for name_id, text in names.items():
    font["name"].setName(text, name_id, 3, 1, 0x409)
font["name"].setName("SwbKai is a subset of LXGW WenKai (https://github.com/lxgw/LxgwWenKai), renamed as the OFL requires for modified versions.", 10, 3, 1, 0x409)
font.save(path)
PY
rm -f "$charset"
