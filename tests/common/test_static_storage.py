"""Production static files (common/static_storage.py): compressed once, kept
across starts while their bytes are the same, compressed again when they change."""
import gzip
import io
import os
from pathlib import Path

import brotli
import pytest
from django.core.management import call_command
from django.test import override_settings

CSS = "body { background: url('dot.svg'); }\n" + "p { margin: 0 }\n" * 400
JS = "console.log('一码通');\n" * 400 + "//# sourceMappingURL=app.js.map\n"
MAP = '{"version": 3, "sources": [], "mappings": ""}' + " " * 4000
SVG = '<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 400 + "</svg>"


@pytest.fixture
def static(tmp_path):
    source, root = tmp_path / "source", tmp_path / "root"
    source.mkdir()
    for name, text in (("site.css", CSS), ("app.js", JS), ("app.js.map", MAP), ("dot.svg", SVG)):
        (source / name).write_text(text, encoding="utf-8")
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "lianfu.common.static_storage.StaticStorage"}}
    with override_settings(STATIC_ROOT=root, STATICFILES_DIRS=[source], STORAGES=storages,
                           STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"]):
        yield source, root


def collect() -> None:
    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())


def copies(root: Path) -> dict[str, int]:
    """Compressed copy → its inode (a copy written again gets a new one)."""
    return {str(p.relative_to(root)): p.stat().st_ino for p in root.rglob("*") if p.suffix in (".br", ".gz")}


def assert_copies_match(root: Path) -> None:
    for name in copies(root):
        copy, original = root / name, (root / name).with_suffix("")
        unpack = brotli.decompress if name.endswith(".br") else gzip.decompress
        assert unpack(copy.read_bytes()) == original.read_bytes(), name


def test_compressed_once_kept_while_unchanged_and_redone_when_changed(static):
    source, root = static
    collect()
    first = copies(root)
    hashed_css = next(n for n in first if n.startswith("site.") and n != "site.css.br" and n.endswith(".br"))
    # Each CSS, JS and SVG file twice (its own name and its hashed name), in two encodings; no source map.
    assert (len(first), sorted({n.split(".")[0] for n in first}), any(".map" in n for n in first)) == (
        12, ["app", "dot", "site"], False)
    assert_copies_match(root)

    collect()  # a restart: collectstatic writes every CSS and JS file again, for its URLs
    assert copies(root) == first

    (source / "site.css").write_text(CSS + "h1 { color: red }\n", encoding="utf-8")
    os.utime(source / "site.css", ns=(0, (root / "site.css").stat().st_mtime_ns + 10**9))
    collect()
    after = copies(root)
    assert_copies_match(root)
    changed = {n for n in after if after[n] != first.get(n)}
    # The changed file's own copies and its new hashed name's; the old hashed copies stay as they were.
    assert (len(changed), {"site.css.br", "site.css.gz"} <= changed, after[hashed_css] == first[hashed_css]) == (
        4, True, True)
    assert not [p for p in root.rglob(".compressing-*")]
