"""The door poster (lianfu.checkin.poster): PDF structure, PNG geometry, and the code reading back as the url.

Plain pytest, no database.
"""

from __future__ import annotations

import io
import re
import zlib

import numpy as np
import pytest
import segno
from PIL import Image

from lianfu.checkin import poster
from lianfu.checkin.poster import PosterText, poster_pdf, poster_png, qr_box

URL = "https://lianfu.example.cn/checkin/p/330212001001?sig=Zk3pQ9xWm2"
OTHER_URL = "https://lianfu.example.cn/checkin/p/330212001002?sig=Ab7Hc0LrT5"
TEXT = PosterText(
    place_name="一号车间",
    subtitle="宁波某某机械有限公司 · 姜山镇",
    valid_label="2026年12月3日有效",
    instructions=["请用手机扫码登记后进入", "仅绿码可通行", "如有疑问请联系现场工作人员"],
)
LONG_NAME = "宁波市鄞州区姜山镇工业园区某某精密机械制造有限公司第三分厂二号厂房东侧装配车间及成品仓库" * 3
PT_MM = 25.4 / 72
MM_PT = 72 / 25.4


def with_name(name: str) -> PosterText:
    return PosterText(name, TEXT.subtitle, TEXT.valid_label, TEXT.instructions)


def as_image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def em_measure(text: str, pt: float) -> float:
    """Every character one em wide: makes the fitting arithmetic exact."""
    return len(text) * pt * PT_MM


def flate_streams(pdf: bytes) -> list[bytes]:
    out = []
    for match in re.finditer(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        body = match.group(2)
        out.append(zlib.decompress(body) if b"/FlateDecode" in match.group(1) else body)
    return out


def reference_grid(url: str) -> list[list[bool]]:
    """The expected modules, quiet zone included, built from segno's bare matrix (no border).
    micro=False: for a short url segno.make would choose a Micro QR, which phone scanners do not read."""
    matrix = segno.make(url, error="m", micro=False).matrix
    side = len(matrix) + 2 * 4
    grid = [[False] * side for _ in range(side)]
    for r, row in enumerate(matrix):
        for c, value in enumerate(row):
            grid[r + 4][c + 4] = bool(value)
    return grid


def png_grid(png: bytes, url: str, width: int) -> list[list[bool]]:
    """Dark/light at the centre pixel of every module where poster_png says it drew the code."""
    image = as_image(png)
    left, top, module_px, modules = qr_box(url, width)
    half = module_px // 2
    return [
        [image.getpixel((left + c * module_px + half, top + r * module_px + half)) < 128 for c in range(modules)]
        for r in range(modules)
    ]


def pdf_grid(pdf: bytes) -> list[list[bool]]:
    """The code rebuilt from the filled rectangles of the page's content stream."""
    content = flate_streams(pdf)[0].decode("latin-1")
    rects = [tuple(map(float, m)) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (-[\d.]+) re f", content)]
    side = round(poster.QR_BOX_MM * MM_PT / rects[0][3] * -1)
    module = poster.QR_BOX_MM * MM_PT / side
    left = (poster.PAGE_W_MM - poster.QR_BOX_MM) / 2 * MM_PT
    top = (poster.PAGE_H_MM - poster.QR_TOP_MM) * MM_PT  # PDF y runs upwards from the bottom
    grid = [[False] * side for _ in range(side)]
    for x, y, w, h in rects:
        assert h == pytest.approx(-module, abs=0.01)
        row, col, run = round((top - y) / module), round((x - left) / module), round(w / module)
        for c in range(col, col + run):
            grid[row][c] = True
    return grid


def dark_extent(grid: list[list[bool]]) -> tuple[int, int]:
    """First and last column holding a dark module: the symbol without its quiet zone."""
    cols = [c for row in grid for c, dark in enumerate(row) if dark]
    return min(cols), max(cols)


# --- PDF ---


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return poster_pdf(TEXT, URL)


def test_pdf_is_one_a4_page(pdf):
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert re.findall(rb"/MediaBox\s*\[[^\]]*\]", pdf) == [b"/MediaBox [0 0 595.28 841.89]"]


def test_pdf_embeds_the_font_with_every_character_used(pdf):
    assert pdf.count(b"/FontFile2") == 1
    assert b"/CIDToGIDMap" in pdf
    to_unicode = next(s for s in flate_streams(pdf) if b"beginbfchar" in s)
    used = set(re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]{4})>", to_unicode))
    text = TEXT.place_name + TEXT.subtitle + TEXT.valid_label + "".join(TEXT.instructions)
    assert {f"{ord(ch):04X}".encode() for ch in text} - used == set()


def test_pdf_is_deterministic_and_depends_on_the_name(pdf):
    assert poster_pdf(TEXT, URL) == pdf
    assert poster_pdf(with_name("二号车间"), URL) != pdf
    assert b"/CreationDate (D:20200210000000Z)" in pdf


def test_pdf_code_is_the_url_at_least_110_mm_wide_and_centred(pdf):
    grid = pdf_grid(pdf)
    assert grid == reference_grid(URL)
    first, last = dark_extent(grid)
    module_mm = poster.QR_BOX_MM / len(grid)
    assert (last - first + 1) * module_mm >= 110
    assert (first + last + 1) / 2 * module_mm == pytest.approx(poster.QR_BOX_MM / 2)
    assert pdf_grid(poster_pdf(TEXT, OTHER_URL)) == reference_grid(OTHER_URL) != grid


def test_pdf_code_of_a_short_url_is_still_110_mm_wide():
    # Version 1 is the worst case: the symbol is 21 of the 29 modules of the box.
    grid = pdf_grid(poster_pdf(TEXT, "https://a.cn"))
    assert grid == reference_grid("https://a.cn")
    assert len(grid) == 29
    first, last = dark_extent(grid)
    assert (first, last) == (4, 24)
    assert (last - first + 1) * poster.QR_BOX_MM / len(grid) >= 110


def test_pdf_with_a_very_long_name_renders(pdf):
    long_pdf = poster_pdf(with_name(LONG_NAME), URL)
    assert long_pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", long_pdf)) == 1
    # The title is set at the smallest size, in two lines.
    # The content stream is [drawing, size, its lines, size, its lines, ...]; the title comes first.
    sections = re.split(rb"BT /F1 ([\d.]+) Tf ET\n", flate_streams(long_pdf)[0])
    size, title_lines = sections[1], sections[2]
    assert float(size) == poster.TITLE_MIN_PT
    assert title_lines.count(b" Tj ET\n") == 2


# --- PNG ---


@pytest.fixture(scope="module")
def png() -> bytes:
    return poster_png(TEXT, URL)


def test_png_size_and_mode(png):
    image = as_image(png)
    assert image.format == "PNG"
    assert image.size == (1240, 1754)  # A4 at 150 dpi
    assert image.mode in ("RGB", "L")
    assert image.getpixel((0, 0)) in (255, (255, 255, 255))
    assert as_image(poster_png(TEXT, URL, width=620)).size == (620, 877)  # 620 * 297 / 210 = 876.86


def test_png_is_deterministic(png):
    assert poster_png(TEXT, URL) == png
    assert poster_png(with_name("二号车间"), URL) != png


def test_png_code_is_the_url(png):
    grid = png_grid(png, URL, 1240)
    assert grid == reference_grid(URL)
    assert all(not dark for dark in grid[0] + grid[-1] + [row[0] for row in grid] + [row[-1] for row in grid])
    other = png_grid(poster_png(TEXT, OTHER_URL), OTHER_URL, 1240)
    assert other == reference_grid(OTHER_URL)
    assert other != grid


@pytest.mark.parametrize("width", [1240, 2480, 700])
def test_png_modules_are_exact_squares(width):
    image = as_image(poster_png(TEXT, URL, width=width)).convert("L")
    left, top, module_px, modules = qr_box(URL, width)
    side = module_px * modules
    assert module_px >= 2
    assert left == (width - side) // 2  # centred
    pixels = np.asarray(image)[top : top + side, left : left + side].reshape(modules, module_px, modules, module_px)
    assert set(np.unique(pixels)) <= {0, 255}  # no grey: no blur
    assert (pixels.min(axis=(1, 3)) == pixels.max(axis=(1, 3))).all()  # each module a single colour
    assert (pixels[:, 0, :, 0] == 0).tolist() == reference_grid(URL)


def test_png_long_name_stays_inside_the_margins():
    width = 1240
    image = np.asarray(as_image(poster_png(with_name(LONG_NAME), URL, width=width)).convert("L"))
    scale = width / poster.PAGE_W_MM
    band = image[round(poster.TITLE_TOP_MM * scale) : round((poster.TITLE_TOP_MM + poster.TITLE_BAND_MM) * scale)]
    border_inner = round((poster.BORDER_INSET_MM + 2 * poster.BORDER_LINE_MM) * scale)
    margin = round(poster.MARGIN_MM * scale)
    assert (band[:, border_inner:margin] == 255).all()
    assert (band[:, width - margin : width - border_inner] == 255).all()
    # The name was set to fill the measure, not left tiny: its ink reaches within 3 mm of both margins.
    ink = border_inner + np.flatnonzero((band[:, border_inner : width - border_inner] < 128).any(axis=0))
    assert margin <= ink.min() <= margin + 3 * scale
    assert width - margin - 3 * scale <= ink.max() < width - margin


def test_png_rejects_a_width_too_small_for_the_code():
    with pytest.raises(ValueError, match="too small"):
        poster_png(TEXT, URL, width=30)


def test_short_url_still_gets_a_full_size_qr_not_micro():
    box = qr_box("https://a.cn", 1240)
    assert box.modules == 21 + 2 * 4  # version 1 plus the quiet zone; a Micro QR would be at most 17 + 2 * 2
    assert poster.make_qr("https://a.cn").is_micro is False


# --- Layout (with a measure where every character is one em) ---


def test_short_name_is_one_line_at_the_largest_size():
    assert poster.fit_title("一号车间", em_measure) == (44, ["一号车间"])


def test_name_shrinks_before_it_wraps():
    name = "宁波某某机械有限公司一号车"  # 13 em: 174 mm / (13 * 0.3528 mm) = 37.9 pt
    assert poster.fit_title(name, em_measure) == (37, [name])


def test_longer_name_wraps_into_two_balanced_lines():
    name = "宁波某某机械有限公司一号车间东侧仓库"  # 18 em: at 30 pt 190.5 mm, too wide for one line
    assert poster.fit_title(name, em_measure) == (44, ["宁波某某机械有限公", "司一号车间东侧仓库"])


def test_number_is_not_split_across_the_two_lines():
    name = "某某机械有限公司1203456号车间"  # 18 em: the balanced break (9 + 9) would fall inside the number
    assert poster.fit_title(name, em_measure) == (44, ["某某机械有限公司", "1203456号车间"])


def test_too_long_name_is_cut_with_an_ellipsis_at_the_smallest_size():
    # At 20 pt one em is 7.06 mm: 24 characters fit in 174 mm, 25 do not.
    pt, lines = poster.fit_title(LONG_NAME, em_measure)
    assert pt == 20
    assert lines == [LONG_NAME[:24], LONG_NAME[24:47] + "…"]


def test_layout_puts_every_line_between_the_border_and_skips_empty_fields():
    instructions = ["请扫码", "", "仅绿码可通行", "如有疑问请联系现场工作人员"]
    lines = poster.layout(PosterText("一号车间", "", "2026年12月3日有效", instructions), em_measure)
    assert [line.text for line in lines] == ["一号车间", "2026年12月3日有效", "请扫码", *instructions[2:]]
    assert [line.size_pt for line in lines] == [44, 20, 18, 18, 18]
    title, below = lines[0], lines[1:]
    assert poster.TITLE_TOP_MM < title.baseline_mm < poster.TITLE_TOP_MM + poster.TITLE_BAND_MM
    assert all(poster.QR_TOP_MM + poster.QR_BOX_MM < line.baseline_mm for line in below)
    assert below[-1].baseline_mm < poster.PAGE_H_MM - poster.BORDER_INSET_MM
    assert [b.baseline_mm > a.baseline_mm for a, b in zip(below, below[1:])] == [True] * 3


def test_too_many_instruction_lines_are_refused():
    with pytest.raises(ValueError, match="at most 4"):
        PosterText("一号车间", "", "", ["一", "二", "三", "四", "五"])
    with pytest.raises(ValueError, match="empty"):
        PosterText("  ", "", "", [])
