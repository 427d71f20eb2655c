"""Vet an .xlsx before calamine (native code) ever touches it.

calamine is fast but trusts the file: a zip bomb, an XML entity bomb, a
sharedStrings count of four billion or one far-away cell makes it exhaust
memory, and a Rust allocation failure aborts the whole worker process, which
no ``except`` can catch. So everything calamine will inflate is inflated here
first, in bounded chunks, with real byte counts.
"""
import struct
import zipfile
import zlib

from .errors import ENCRYPTED_MESSAGE, XLSB_MESSAGE, TabularError
from .xml_scan import PartScanner, ScanError

MAX_MEMBERS = 1000
RATIO_MIN_SIZE = 1 << 20  # small parts compress oddly; only judge big ones
MAX_RATIO = 200
READ_CHUNK = 1 << 20
OUT_CHUNK = 1 << 20
# Members calamine never parses as XML (images, printer settings, VBA); their
# bytes are still counted against the inflation cap.
BINARY_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf",
    ".bin", ".wdp", ".jfif", ".ico", ".svg", ".mp3", ".wav",
)
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length


def check_xlsx(path, *, max_uncompressed_bytes: int, max_cells: int) -> set[str]:
    """Raise TabularError unless the file is safe to open; the names of its
    parts that hold formula elements (seen on the way, so the reader need not
    inflate the sheet a second time to look for them)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_directory(infos, max_uncompressed_bytes)
            with open(path, "rb") as raw:
                budget = [max_uncompressed_bytes]
                return {info.filename for info in infos
                        if not info.is_dir() and _check_member(raw, info, budget, max_cells)}
    except TabularError:
        raise
    except (
        zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error,
        NotImplementedError,  # zipfile: "zip file version 8.1" and friends
        struct.error, KeyError, IndexError, RuntimeError,
    ) as exc:
        raise TabularError("corrupt") from exc


def _check_directory(infos, max_uncompressed_bytes: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise TabularError("zip_bomb")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        # calamine looks for exactly this name; a .docx, .ods or .xlsb lands here.
        if "xl/workbook.bin" in names:
            raise TabularError("unsupported_format", XLSB_MESSAGE)
        raise TabularError("unsupported_format")
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise TabularError("corrupt", ENCRYPTED_MESSAGE)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise TabularError("corrupt")  # Office only writes these two
        declared += info.file_size
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TabularError("zip_bomb")
    if declared > max_uncompressed_bytes:
        raise TabularError("zip_bomb")


def _check_member(raw, info: zipfile.ZipInfo, budget: list, max_cells: int) -> bool:
    """Raise TabularError if the member is unsafe; whether it holds formula elements."""
    scan = not info.filename.lower().endswith(BINARY_SUFFIXES)
    scanner = PartScanner(info.file_size) if scan else None
    produced = 0
    crc = 0
    try:
        for piece in _inflate(raw, info):
            produced += len(piece)
            budget[0] -= len(piece)
            # Never trust the declared size: a member that inflates past it is
            # lying, and the running total is capped whatever the headers say.
            if produced > info.file_size or budget[0] < 0:
                raise TabularError("zip_bomb")
            crc = zlib.crc32(piece, crc)
            if scanner is not None:
                scanner.feed(piece)
        if produced != info.file_size or crc != info.CRC:
            raise TabularError("corrupt")
        if scanner is None:
            return False
        scanner.close()
        formulas = scanner.formulas
        if scanner.odd or scanner.cells > max_cells:
            # The cheap bound is incomplete or too big: settle it exactly.
            scanner = PartScanner(info.file_size, exact=True)
            for piece in _inflate(raw, info):
                scanner.feed(piece)
            scanner.close()
    except ScanError as exc:
        if exc.kind == "entities":
            raise TabularError("xml_entities") from None
        if exc.kind == "too_many_cells":
            raise TabularError("too_many_cells", rows="1048576+", cols="16384+") from None
        raise TabularError("corrupt") from None
    if scanner.cells > max_cells:
        raise TabularError("too_many_cells", rows=scanner.max_row + 1, cols=scanner.max_col + 1)
    return formulas


def _inflate(raw, info: zipfile.ZipInfo):
    """Yield the member's bytes in bounded pieces, from the central directory's view.

    calamine's zip reader locates data the same way (central directory offset,
    then the local header's own name/extra lengths), so it sees these bytes.
    """
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise TabularError("corrupt")
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise TabularError("corrupt")
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    remaining = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while remaining > 0:
        block = raw.read(min(READ_CHUNK, remaining))
        if not block:
            raise TabularError("corrupt")  # truncated
        remaining -= len(block)
        if inflater is None:
            yield block
            continue
        # max_length bounds the memory one step can produce, however
        # compressible the input is.
        piece = inflater.decompress(block, OUT_CHUNK)
        while True:
            if piece:
                yield piece
            if not inflater.unconsumed_tail:
                break
            piece = inflater.decompress(inflater.unconsumed_tail, OUT_CHUNK)
    if inflater is not None:
        tail = inflater.flush()
        if tail:
            yield tail
        if not inflater.eof:
            raise TabularError("corrupt")

