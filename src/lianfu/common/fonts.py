"""The one CJK font lianfu draws with (PDF posters and briefings, PNG posters):
WenQuanYi Micro Hei, shipped in common/data/fonts (source and licence in
common/data/SOURCES.md). It lives at the bottom layer so that every app that
draws reads the same file without importing another app."""
from pathlib import Path

CJK_FONT_PATH = Path(__file__).resolve().parent / "data" / "fonts" / "wqy-microhei.ttc"
CJK_FACE = 0                  # face 0 of the collection: the proportional one
CJK_FAMILY = "wqy-microhei"   # the name fpdf2 knows it by once added
