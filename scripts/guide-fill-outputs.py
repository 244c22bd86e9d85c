#!/usr/bin/env python3
"""Paste the outputs of scripts/guide-examples.sh into the user guide.

Usage: scripts/guide-fill-outputs.py OUTDIR [GUIDE]   (GUIDE: docs/用户手册.md)

In GUIDE, each fenced block right after a line `<!-- output: NN-name -->` is replaced
by the content of OUTDIR/NN-name.txt. Markers whose file is missing (e.g. the sign-off
examples, made only by a binary that has `approve`) are left as they are and listed.
"""
import os
import re
import sys

MARKER = re.compile(r"(<!-- output: ([0-9]{2}-[^ ]+) -->\n)(```[^\n]*\n)(.*?)(^```$)", re.S | re.M)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    outdir = sys.argv[1]
    guide = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(__file__), "..", "docs", "用户手册.md")
    text = open(guide, encoding="utf-8").read()
    filled, missing = [], []

    def paste(m):
        name = m.group(2)
        path = os.path.join(outdir, name + ".txt")
        if not os.path.exists(path):
            missing.append(name)
            return m.group(0)
        body = open(path, encoding="utf-8").read().replace("\ufeff", "")
        if "\n```" in "\n" + body:
            sys.exit(f"{path}: holds a ``` line; cannot paste it into a fenced block")
        if body and not body.endswith("\n"):
            body += "\n"
        filled.append(name)
        return m.group(1) + m.group(3) + body + m.group(5)

    text = MARKER.sub(paste, text)
    markers = re.findall(r"<!-- output: ([0-9]{2}-[^ ]+) -->", text)
    unmatched = [n for n in markers if n not in filled and n not in missing]
    open(guide, "w", encoding="utf-8").write(text)
    print(f"filled {len(filled)} block(s) in {guide}")
    if missing:
        print("no output file, left as is: " + ", ".join(missing))
    if unmatched:
        print("marker not followed by a fenced block: " + ", ".join(unmatched))
        sys.exit(1)


if __name__ == "__main__":
    main()
