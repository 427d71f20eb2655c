"""Minimal, defensive reader for OLE2 / Compound File Binary (the .xls container).

Only what the xls guard needs: list the directory and return one stream's
bytes. Every sector number, chain and size is checked against the file
actually present, so a hostile header cannot make us loop or allocate more
than the file size.
"""
import struct
import sys
from array import array

ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


class CfbError(Exception):
    pass


class Cfb:
    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(MAGIC):
            raise CfbError("not an OLE2 file")
        self.data = data
        (major,) = struct.unpack_from("<H", data, 0x1A)
        sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if (major, sector_shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
            raise CfbError("bad header")
        self.sector_size = 1 << sector_shift
        self.version = major
        # Round up: some writers leave the last sector short.
        self.sector_count = max(0, -(-(len(data) - self.sector_size) // self.sector_size))
        (dir_start,) = struct.unpack_from("<I", data, 0x30)
        (self.mini_cutoff, minifat_start, _minifat_len, difat_start, difat_len) = struct.unpack_from(
            "<IIIII", data, 0x38
        )
        self.fat = self._load_fat(difat_start, difat_len)
        self.entries = self._load_directory(dir_start)
        self._minifat_start = minifat_start

    def _sector(self, sid: int) -> bytes:
        if sid >= self.sector_count:
            raise CfbError("sector out of range")
        start = (sid + 1) * self.sector_size
        return self.data[start:start + self.sector_size]

    def _load_fat(self, difat_start: int, difat_len: int) -> array:
        ids = list(struct.unpack_from("<109I", self.data, 0x4C))
        per_sector = self.sector_size // 4 - 1
        sid, seen = difat_start, 0
        while sid not in (ENDOFCHAIN, FREESECT):
            seen += 1
            if seen > self.sector_count:
                raise CfbError("DIFAT loop")
            words = _words(self._sector(sid))
            if len(words) != per_sector + 1:
                raise CfbError("short DIFAT sector")
            ids.extend(words[:per_sector])
            sid = words[per_sector]
        fat_ids = [i for i in ids if i not in (ENDOFCHAIN, FREESECT)]
        if len(fat_ids) > self.sector_count:
            raise CfbError("FAT larger than file")
        # array, not list: a 20 MB file has ~5 M FAT entries.
        return _words(b"".join(self._sector(i) for i in fat_ids))

    def _chain(self, start: int, table, limit: int) -> list:
        """Sector ids of a chain; refuses loops and ids outside ``limit``."""
        out, sid = [], start
        while sid != ENDOFCHAIN:
            if sid >= limit or sid >= len(table) or len(out) >= limit:
                raise CfbError("broken chain")
            out.append(sid)
            sid = table[sid]
        return out

    def _read_chain(self, start: int) -> bytes:
        return b"".join(self._sector(s) for s in self._chain(start, self.fat, self.sector_count))

    def _load_directory(self, dir_start: int) -> list:
        raw = self._read_chain(dir_start)
        entries = []
        for off in range(0, len(raw) - 127, 128):
            name_len, kind = struct.unpack_from("<HB", raw, off + 64)
            name = raw[off:off + min(name_len, 64)].decode("utf-16-le", "replace").rstrip("\x00")
            start, size_lo, size_hi = struct.unpack_from("<III", raw, off + 116)
            size = size_lo if self.version == 3 else size_lo | (size_hi << 32)
            entries.append((name, kind, start, size))
        if not entries or entries[0][1] != 5:
            raise CfbError("no root entry")
        return entries

    def names(self) -> set:
        return {name for name, kind, _, _ in self.entries if kind == 2}

    def stream(self, name: str) -> bytes:
        for entry_name, kind, start, size in self.entries:
            if entry_name == name and kind == 2:
                break
        else:
            raise KeyError(name)
        if size > len(self.data):
            raise CfbError("stream larger than file")
        if size < self.mini_cutoff:
            data = self._mini_stream(start, size)
        else:
            data = self._read_chain(start) if size else b""
        if len(data) < size:
            raise CfbError("stream truncated")
        return data[:size]

    def _mini_stream(self, start: int, size: int) -> bytes:
        if size == 0:
            return b""
        _, _, root_start, root_size = self.entries[0]
        container = self._read_chain(root_start)[:root_size]
        minifat_raw = self._read_chain(self._minifat_start)
        minifat = _words(minifat_raw)
        count = len(container) // 64
        ids = self._chain(start, minifat, count)
        return b"".join(container[i * 64:(i + 1) * 64] for i in ids)


def _words(raw: bytes) -> array:
    words = array("I")
    words.frombytes(raw[: len(raw) - len(raw) % 4])
    if sys.byteorder == "big":
        words.byteswap()
    return words
