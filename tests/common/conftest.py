"""Builders for hand-made spreadsheet files used by test_tabular.py.

Hostile .xls files cannot be made with any writer library, so these build
the two layers by hand: BIFF8 records, wrapped in an OLE2 (CFB) container.
Each builder is small and follows [MS-XLS] / [MS-CFB]; calamine reading the
benign variants back proves the builders right.
"""
import io
import struct
import zipfile
from types import SimpleNamespace

import pytest

ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def biff_record(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def biff_label(row: int, col: int, text: str) -> bytes:
    raw = text.encode("utf-16-le")
    return biff_record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + raw)


def biff_number(row: int, col: int, value: float) -> bytes:
    return biff_record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def biff_dimensions(first_row: int, last_row_plus_1: int, first_col: int, last_col_plus_1: int) -> bytes:
    return biff_record(0x0200, struct.pack("<IIHHH", first_row, last_row_plus_1, first_col, last_col_plus_1, 0))


def build_workbook_stream(
    cells: list[bytes], *, globals_extra: list[bytes] = (), dimensions: bytes | None = None
) -> bytes:
    """A one-sheet BIFF8 workbook stream; ``cells`` are BIFF cell records."""
    bof_globals = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    bof_sheet = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
    name = "Sheet1".encode("utf-16-le")

    def boundsheet(pos: int) -> bytes:
        return biff_record(0x0085, struct.pack("<IBBBB", pos, 0, 0, 6, 1) + name)

    head = bof_globals + biff_record(0x0042, struct.pack("<H", 1200)) + b"".join(globals_extra)
    globals_len = len(head) + len(boundsheet(0)) + len(biff_record(0x000A))
    sheet = bof_sheet + (dimensions or b"") + b"".join(cells) + biff_record(0x000A)
    return head + boundsheet(globals_len) + biff_record(0x000A) + sheet


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE2 v3 file (512-byte sectors); streams under 4096 bytes go to the mini stream."""
    mini = {n: d for n, d in streams.items() if len(d) < 4096}
    big = {n: d for n, d in streams.items() if len(d) >= 4096}
    ministream, minifat, mini_start = b"", [], {}
    for name, data in mini.items():
        mini_start[name] = len(ministream) // 64
        count = max(1, -(-len(data) // 64))
        minifat += list(range(mini_start[name] + 1, mini_start[name] + count)) + [ENDOFCHAIN]
        ministream += data.ljust(count * 64, b"\0")
    chains = []  # (key, bytes) laid out one after another

    def pad(data: bytes) -> bytes:
        return data.ljust(max(1, -(-len(data) // 512)) * 512, b"\0")

    names = list(streams)
    dir_entries = 1 + len(names)
    chains.append(("dir", pad(b"\0" * 128 * dir_entries)))
    if minifat:
        chains.append(("minifat", pad(struct.pack(f"<{len(minifat)}I", *minifat))))
        chains.append(("ministream", pad(ministream)))
    for name, data in big.items():
        chains.append((name, pad(data)))
    n_data = sum(len(c) // 512 for _, c in chains)
    n_fat = 1
    while n_fat * 128 < n_data + n_fat:
        n_fat += 1
    fat = [FATSECT] * n_fat
    start = {}
    for key, data in chains:
        start[key] = len(fat)
        count = len(data) // 512
        fat += list(range(len(fat) + 1, len(fat) + count)) + [ENDOFCHAIN]
    fat += [FREESECT] * (n_fat * 128 - len(fat))

    def entry(name, kind, first, size, child=FREESECT, right=FREESECT) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sIQQIII", raw, len(raw), kind, 1, FREESECT, right, child, b"", 0, 0, 0, first, size, 0
        )

    directory = entry(
        "Root Entry", 5, start.get("ministream", ENDOFCHAIN), len(ministream), child=1 if names else FREESECT
    )
    for i, name in enumerate(names, 1):
        first = mini_start[name] if name in mini else start[name]
        directory += entry(name, 2, first, len(streams[name]), right=i + 1 if i < len(names) else FREESECT)
    chains[0] = ("dir", pad(directory))
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, n_fat, start["dir"], 0, 4096,
        start.get("minifat", ENDOFCHAIN), 1 if minifat else 0, ENDOFCHAIN, 0, *difat,
    )
    body = struct.pack(f"<{len(fat)}I", *fat) + b"".join(c for _, c in chains)
    return header + body


def build_xls(cells: list[bytes], **kwargs) -> bytes:
    stream = build_workbook_stream(cells, **kwargs)
    return build_cfb({"Workbook": stream})


def rewrite_zip(source: bytes, edit) -> bytes:
    """Copy a zip, passing each member through ``edit(name, data) -> data``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, edit(info.filename, src.read(info)))
    return out.getvalue()


@pytest.fixture
def write_file(tmp_path):
    """write_file(name, bytes) -> path inside tmp_path."""

    def write(name: str, data: bytes):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def builders():
    """The builders above, as a fixture: importing "conftest" by name is fragile."""
    return SimpleNamespace(
        biff_record=biff_record,
        biff_label=biff_label,
        biff_number=biff_number,
        biff_dimensions=biff_dimensions,
        build_cfb=build_cfb,
        build_xls=build_xls,
        rewrite_zip=rewrite_zip,
    )
