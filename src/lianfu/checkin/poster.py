"""The door poster of a workplace (复工码 / 场所码): one A4 page as PDF (fpdf2) and as PNG (Pillow).

Both renderers share one layout computed in millimetres (`layout`): it only needs a function that
measures a string at a type size, so each renderer fits the text with its own font metrics and
nothing it draws can overflow the margins. The font is WenQuanYi Micro Hei, kept in common/data/fonts/
(origin and licence: data/SOURCES.md); nothing is fetched at run time.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import NamedTuple

import segno
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from lianfu.common.fonts import CJK_FACE, CJK_FAMILY, CJK_FONT_PATH

FONT_PATH = CJK_FONT_PATH
# The file is a TrueType collection: face 0 is the proportional "WenQuanYi Micro Hei", face 1 the Mono.
FONT_FACE = CJK_FACE
FONT_FAMILY = CJK_FAMILY

PT_MM = 25.4 / 72  # one typographic point in millimetres
PAGE_W_MM = 210.0
PAGE_H_MM = 297.0
BORDER_INSET_MM = 8.0
BORDER_LINE_MM = 0.6
# Text keeps this far from the page edge: well inside the border, and inside what office printers can print.
MARGIN_MM = 18.0
CONTENT_W_MM = PAGE_W_MM - 2 * MARGIN_MM
LINE_SPACING = 1.25  # line height as a multiple of the type size
# Baseline below the top of the em box; CJK glyphs sit in the em box, so this centres them in their line.
ASCENT_EM = 0.8

TITLE_TOP_MM = 20.0
TITLE_BAND_MM = 40.0  # holds two lines at TITLE_MAX_PT; fewer or smaller lines are centred in it
TITLE_MAX_PT = 44
TITLE_ONE_LINE_MIN_PT = 30  # a name that needs smaller type than this reads better on two lines
TITLE_MIN_PT = 20  # below this the name is cut with an ellipsis rather than shrunk further
TITLE_MAX_LINES = 2

QR_TOP_MM = 64.0
# The code's box including its quiet zone. 152 mm keeps the symbol itself at least 110 mm wide even
# for version 1, where the symbol is only 21 of the 29 modules; larger versions have a larger share.
QR_BOX_MM = 152.0
QR_ERROR = "m"
QR_QUIET_ZONE = 4  # modules: the minimum ISO/IEC 18004 asks for

BELOW_QR_GAP_MM = 4.0
SUBTITLE_PT, SUBTITLE_MIN_PT = 24, 14
VALID_PT, VALID_MIN_PT = 20, 12
INSTRUCTIONS_GAP_MM = 4.0
INSTRUCTION_PT, INSTRUCTION_MIN_PT = 18, 11
MAX_INSTRUCTIONS = 4  # what fits between the valid label and the bottom border at INSTRUCTION_PT

ELLIPSIS = "…"
# fpdf2 stamps the current time into the file; a fixed date makes the same poster the same bytes.
PDF_CREATION_DATE = datetime(2020, 2, 10, tzinfo=timezone.utc)
PNG_DEFAULT_WIDTH = 1240  # A4 at 150 dpi
BLACK, WHITE = 0, 255

# (text, size in pt) -> width in mm, as the renderer will draw it.
Measure = Callable[[str, float], float]


@dataclass(frozen=True)
class PosterText:
    place_name: str  # the largest type on the page
    subtitle: str  # e.g. the firm or the town
    valid_label: str  # formatted by the caller, e.g. "2026年12月3日有效"
    instructions: list[str]  # a few short lines, at most MAX_INSTRUCTIONS

    def __post_init__(self) -> None:
        if not self.place_name.strip():
            raise ValueError("place_name is empty")
        if len(self.instructions) > MAX_INSTRUCTIONS:
            raise ValueError(f"at most {MAX_INSTRUCTIONS} instruction lines fit on the poster")


class TextLine(NamedTuple):
    text: str
    size_pt: float
    baseline_mm: float  # every line is centred horizontally on the page


class QrBox(NamedTuple):
    """Where poster_png draws the code, in pixels; `modules` counts the quiet zone on both sides."""

    left: int
    top: int
    module_px: int
    modules: int


# --- Text fitting (renderer-independent) ---


def _clean(text: str) -> str:
    # Newlines and runs of spaces from a form field would otherwise print as gaps or tofu.
    return " ".join(text.split())


def _fits(text: str, pt: float, measure: Measure) -> bool:
    return measure(text, pt) <= CONTENT_W_MM


def _ellipsize(text: str, pt: float, measure: Measure) -> str:
    if _fits(text, pt, measure):
        return text
    for end in range(len(text) - 1, 0, -1):
        cut = text[:end].rstrip() + ELLIPSIS
        if _fits(cut, pt, measure):
            return cut
    return ELLIPSIS


def _breakable(text: str, i: int) -> bool:
    # Chinese breaks between any two characters; a Latin word or a number ("1203室") should stay whole.
    a, b = text[i - 1], text[i]
    return not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum())


def _split_balanced(text: str, pt: float, measure: Measure) -> tuple[str, str]:
    """The break that makes the wider of the two lines narrowest, so a name is not split 9 + 1."""
    candidates = [i for i in range(1, len(text)) if _breakable(text, i)] or list(range(1, len(text)))
    best: tuple[float, str, str] | None = None
    for i in candidates:
        first, second = text[:i].rstrip(), text[i:].lstrip()
        if not first or not second:
            continue
        wider = max(measure(first, pt), measure(second, pt))
        if best is None or wider < best[0]:
            best = (wider, first, second)
    return (best[1], best[2]) if best else (text, "")


def _longest_prefix(text: str, pt: float, measure: Measure) -> int:
    end = len(text)
    while end > 1 and not _fits(text[:end].rstrip(), pt, measure):
        end -= 1
    return end


def fit_title(name: str, measure: Measure) -> tuple[int, list[str]]:
    """Type size and lines of the place name: one line if it fits at TITLE_ONE_LINE_MIN_PT or more,
    else two balanced lines at the largest size that fits, else two lines at TITLE_MIN_PT, the second
    cut with an ellipsis."""
    name = _clean(name)
    for pt in range(TITLE_MAX_PT, TITLE_ONE_LINE_MIN_PT - 1, -1):
        if _fits(name, pt, measure):
            return pt, [name]
    for pt in range(TITLE_MAX_PT, TITLE_MIN_PT - 1, -1):
        first, second = _split_balanced(name, pt, measure)
        if _fits(first, pt, measure) and _fits(second, pt, measure):
            return pt, [first, second]
    end = _longest_prefix(name, TITLE_MIN_PT, measure)
    return TITLE_MIN_PT, [name[:end].rstrip(), _ellipsize(name[end:].lstrip(), TITLE_MIN_PT, measure)]


def fit_line(text: str, measure: Measure, max_pt: int, min_pt: int) -> tuple[int, str]:
    """One line: shrunk down to min_pt if needed, then cut with an ellipsis."""
    text = _clean(text)
    for pt in range(max_pt, min_pt - 1, -1):
        if _fits(text, pt, measure):
            return pt, text
    return min_pt, _ellipsize(text, min_pt, measure)


def _line(text: str, pt: float, top_mm: float) -> tuple[TextLine, float]:
    """The line whose box starts at top_mm, and the top of the next line."""
    em = pt * PT_MM
    height = em * LINE_SPACING
    baseline = top_mm + (height - em) / 2 + ASCENT_EM * em
    return TextLine(text, pt, baseline), top_mm + height


def layout(text: PosterText, measure: Measure) -> list[TextLine]:
    """Every text line of the poster, top to bottom; the code sits between the title and the rest."""
    lines: list[TextLine] = []
    pt, title = fit_title(text.place_name, measure)
    top = TITLE_TOP_MM + (TITLE_BAND_MM - len(title) * pt * PT_MM * LINE_SPACING) / 2
    for part in title:
        line, top = _line(part, pt, top)
        lines.append(line)

    below = [(text.subtitle, SUBTITLE_PT, SUBTITLE_MIN_PT, 0.0), (text.valid_label, VALID_PT, VALID_MIN_PT, 0.0)]
    below += [(value, INSTRUCTION_PT, INSTRUCTION_MIN_PT, INSTRUCTIONS_GAP_MM if i == 0 else 0.0)
              for i, value in enumerate(text.instructions)]
    top = QR_TOP_MM + QR_BOX_MM + BELOW_QR_GAP_MM
    for value, max_pt, min_pt, gap in below:
        top += gap
        if _clean(value):  # an empty field leaves no blank line
            pt, fitted = fit_line(value, measure, max_pt, min_pt)
            line, top = _line(fitted, pt, top)
            lines.append(line)
    return lines


# --- The code ---


def make_qr(url: str) -> segno.QRCode:
    # make_qr, not make: segno.make picks a Micro QR for short input, which phone scanners do not read.
    # segno raises the error level above M when that costs no larger version (boost_error), never below.
    return segno.make_qr(url, error=QR_ERROR)


def qr_grid(qr: segno.QRCode) -> list[list[bool]]:
    """Dark (True) and light modules, row by row, quiet zone included."""
    return [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=QR_QUIET_ZONE)]


def _dark_runs(row: list[bool]) -> Iterator[tuple[int, int]]:
    """(start, length) of every run of dark modules: one rectangle per run, so no hairlines inside runs."""
    start = None
    for i, dark in enumerate([*row, False]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            yield start, i - start
            start = None


def png_scale(width: int) -> float:
    return width / PAGE_W_MM  # pixels per millimetre


def png_height(width: int) -> int:
    return round(width * PAGE_H_MM / PAGE_W_MM)


def qr_box(url: str, width: int) -> QrBox:
    """The code's place in a PNG of `width` px: a whole number of pixels per module (no resampling
    blur), as large as fits QR_BOX_MM, centred in that box."""
    modules = make_qr(url).symbol_size(scale=1, border=QR_QUIET_ZONE)[0]
    target = QR_BOX_MM * png_scale(width)
    module_px = int(target // modules)
    if module_px < 1:
        raise ValueError(f"width {width} px is too small for a code of {modules} modules")
    side = module_px * modules
    return QrBox((width - side) // 2, round(QR_TOP_MM * png_scale(width) + (target - side) / 2), module_px, modules)


# --- PDF ---


def _pdf_measure(pdf: FPDF) -> Measure:
    def measure(text: str, pt: float) -> float:
        pdf.set_font(FONT_FAMILY, size=pt)
        return pdf.get_string_width(text)

    return measure


def _pdf_qr(pdf: FPDF, url: str) -> None:
    grid = qr_grid(make_qr(url))
    module = QR_BOX_MM / len(grid)
    left = (PAGE_W_MM - QR_BOX_MM) / 2
    pdf.set_fill_color(BLACK)
    for r, row in enumerate(grid):
        for start, length in _dark_runs(row):
            pdf.rect(left + start * module, QR_TOP_MM + r * module, length * module, module, style="F")


def poster_pdf(text: PosterText, url: str) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(PDF_CREATION_DATE)
    pdf.set_auto_page_break(False)
    pdf.set_creator("lianfu")
    pdf.set_title(_clean(text.place_name))
    pdf.set_lang("zh-CN")
    pdf.add_font(FONT_FAMILY, fname=FONT_PATH, collection_font_number=FONT_FACE)
    pdf.add_page()

    pdf.set_draw_color(BLACK)
    pdf.set_line_width(BORDER_LINE_MM)
    inset = BORDER_INSET_MM
    pdf.rect(inset, inset, PAGE_W_MM - 2 * inset, PAGE_H_MM - 2 * inset, style="D")

    _pdf_qr(pdf, url)

    measure = _pdf_measure(pdf)
    pdf.set_text_color(BLACK)
    for line in layout(text, measure):
        left = (PAGE_W_MM - measure(line.text, line.size_pt)) / 2  # also leaves the font set at the line's size
        pdf.text(left, line.baseline_mm, line.text)
    return bytes(pdf.output())


# --- PNG ---


def _png_px(pt: float, scale: float) -> int:
    # FreeType sizes are whole pixels; the layout measures at the same rounded size it will draw at.
    return max(1, round(pt * PT_MM * scale))


def _png_fonts() -> Callable[[int], ImageFont.FreeTypeFont]:
    # One cache per render: font objects are not shared between threads serving different requests.
    return cache(lambda px: ImageFont.truetype(str(FONT_PATH), px, index=FONT_FACE))


def _png_qr(image: Image.Image, url: str, box: QrBox) -> None:
    grid = qr_grid(make_qr(url))
    small = Image.new("L", (box.modules, box.modules), WHITE)
    small.putdata([BLACK if dark else WHITE for row in grid for dark in row])
    side = box.modules * box.module_px
    # NEAREST with an integer factor turns every module into an exact square of module_px pixels.
    image.paste(small.resize((side, side), Image.Resampling.NEAREST), (box.left, box.top))


def poster_png(text: PosterText, url: str, *, width: int = PNG_DEFAULT_WIDTH) -> bytes:
    scale = png_scale(width)
    box = qr_box(url, width)  # validates width first
    image = Image.new("L", (width, png_height(width)), WHITE)
    draw = ImageDraw.Draw(image)

    inset = round(BORDER_INSET_MM * scale)
    draw.rectangle(
        (inset, inset, width - 1 - inset, image.height - 1 - inset),
        outline=BLACK,
        width=max(1, round(BORDER_LINE_MM * scale)),
    )

    _png_qr(image, url, box)

    font = _png_fonts()

    def measure(value: str, pt: float) -> float:
        return font(_png_px(pt, scale)).getlength(value) / scale

    for line in layout(text, measure):
        draw.text(
            (width / 2, line.baseline_mm * scale),
            line.text,
            fill=BLACK,
            font=font(_png_px(line.size_pt, scale)),
            anchor="ms",
        )

    out = io.BytesIO()
    # The dpi makes the PNG print at A4 size whatever its width.
    image.save(out, format="PNG", dpi=(width * 25.4 / PAGE_W_MM,) * 2)
    return out.getvalue()
