"""Rebuilds NotoSansSC-PlanScope.otf, the CJK font PlanScope ships.

Source: the Simplified Chinese face (index 2) of NotoSansCJK-Regular.ttc from the
Debian package fonts-noto-cjk. Kept: ASCII and Latin-1, general punctuation, CJK
symbols and punctuation, full-width forms, every GB2312 character (6,763 hanzi plus
its symbol rows), and every character of the bundled plans in ../../corpus.

Usage: python3 make_subset.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
(needs fonttools: pip install fonttools)
"""

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "NotoSansSC-PlanScope.otf"
SC_FACE = 2


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def ranges(*spans):
    return {chr(c) for a, b in spans for c in range(a, b + 1)}


def main():
    ttc = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    face = TTCollection(ttc).fonts[SC_FACE]
    assert "SC" in face["name"].getDebugName(4), "face 2 should be Noto Sans CJK SC"
    chars = gb2312_chars()
    chars |= ranges(
        (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),
        (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x3000, 0x303F),
        (0x3200, 0x32FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
    )
    for path in sorted((HERE / "../../corpus").glob("*")):
        chars |= set(path.read_text(encoding="utf-8", errors="ignore"))
    wanted = {ord(c) for c in chars if ord(c) >= 0x20}
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(face)
    face.save(OUT)
    print(f"{OUT.name}: {len(wanted)} code points, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
