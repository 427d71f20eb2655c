"""The production store of static files: WhiteNoise's hashed, compressed copies,
compressed once rather than at every start.

`lianfu serve --production` runs collectstatic at each start (a deploy, a
restart after a crash). Stock WhiteNoise compresses every file again each
time, which costs about 45 CPU seconds on two cores: half a minute before the
first page is served, while the doors wait. A compressed copy is written next
to its file with the file's own modification time, so an existing copy with
that time is the compression of these very bytes and is kept; copies are
written under a temporary name and renamed, so a start killed mid-write leaves
no truncated copy to be served for ever after."""
import os
import tempfile

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Source maps are for developers' tools, not for officers' phones: not worth
# compressing (they are the largest files, half of the compression time).
SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")


class ReusingCompressor(Compressor):
    """Keeps a file's compressed copies when they carry the file's own time
    (an original name whose file collectstatic did not copy again)."""

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (".br",) * self.use_brotli + (".gz",) * self.use_gzip

    def compress(self, path: str) -> list[str]:
        kept = existing_copies(path, self.suffixes, same_time=True)
        return kept if kept is not None else super().compress(path)

    def write_data(self, path, data, suffix, stat_result) -> str:
        filename = path + suffix
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(filename), prefix=".compressing-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.utime(temporary, ns=(stat_result.st_atime_ns, stat_result.st_mtime_ns))
            os.replace(temporary, filename)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        return filename


def existing_copies(path: str, suffixes, *, same_time: bool) -> list[str] | None:
    """The file's compressed copies when all exist (and, with ``same_time``,
    carry the file's modification time); else None."""
    copies = [path + suffix for suffix in suffixes]
    try:
        times = {os.stat(copy).st_mtime_ns for copy in copies}
        if same_time and times != {os.stat(path).st_mtime_ns}:
            return None
    except FileNotFoundError:
        return None
    return copies


class StaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs) -> Compressor:
        if kwargs.get("extensions") is None:
            kwargs["extensions"] = SKIP_COMPRESS_EXTENSIONS
        return ReusingCompressor(**kwargs)

    def compress_files(self, paths):
        """A hashed name's bytes never change (the hash is of its content), so
        its existing copies are kept even though collectstatic writes the file
        again at every run (every CSS and JS file, for its URL rewriting)."""
        hashed = set(self.hashed_files.values())
        suffixes = self.create_compressor(quiet=True).suffixes
        fresh = []
        for path in paths:
            copies = existing_copies(self.path(path), suffixes, same_time=False) if path in hashed else None
            if copies is None:
                fresh.append(path)
                continue
            prefix = len(self.path(path)) - len(path)
            yield from ((path, copy[prefix:]) for copy in copies)
        yield from super().compress_files(fresh)
