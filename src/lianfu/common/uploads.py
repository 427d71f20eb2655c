"""Storing a user's file: the type is read from its first bytes (never the
name or the browser's word), the size is checked as it streams to disk (a
declared size can lie), and the client's name never reaches the file system."""
import sys
import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from lianfu.common.errors import NotAllowed

# Magic bytes → (content type, extension).
PDF = {b"%PDF-": ("application/pdf", "pdf")}
IMAGES = {b"\x89PNG\r\n\x1a\n": ("image/png", "png"), b"\xff\xd8\xff": ("image/jpeg", "jpg")}


def too_large(limit: int) -> NotAllowed:
    return NotAllowed(_("The file is larger than %(limit)s: choose a smaller one.") % {
        "limit": filesizeformat(limit)})


def kind_of(upload, kinds: dict[bytes, tuple[str, str]]) -> tuple[str, str] | None:
    """(content type, extension) of ``upload`` if it is one of ``kinds``."""
    upload.seek(0)
    head = upload.read(max(len(magic) for magic in kinds))
    upload.seek(0)
    return next((kind for magic, kind in kinds.items() if head.startswith(magic)), None)


def store(upload, folder: str, extension: str, max_bytes: int) -> tuple[str, int]:
    """Write ``upload`` to MEDIA_ROOT/folder under a fresh name; returns the
    relative path and the bytes written. Nothing is left behind on refusal."""
    if upload.size is not None and upload.size > max_bytes:
        raise too_large(max_bytes)
    relative = f"{folder}/{uuid.uuid4().hex}.{extension}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                written += len(chunk)
                if written > max_bytes:
                    raise too_large(max_bytes)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return relative, written


def stored_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def pixels_of(upload) -> int | None:
    """Width × height read from the image's header, without decoding it; None
    when Pillow cannot read the header (a body that only starts like an image).
    Pillow itself refuses to open a header beyond twice its own limit: that
    size counts as beyond any cap."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return sys.maxsize
    except (OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    return width * height


def check_files(files, *, field: str, kinds: dict[bytes, tuple[str, str]], max_count: int, max_bytes: int,
                too_many: str, too_big: str, wrong_kind: str, max_pixels: int | None = None,
                too_many_pixels: str = "") -> list[tuple[object, str, str]]:
    """(file, content type, extension) for each upload, or a ValidationError on
    ``field`` naming the first refused file; nothing is written before all
    pass. ``too_many`` takes %(count)d, ``too_big`` and ``wrong_kind`` %(name)s.

    ``max_pixels`` (images shown in pages): a few kilobytes of PNG can declare
    a 50,000 × 50,000 picture that stalls the browser of whoever opens the page
    (a pixel bomb), so the declared size is read and refused above the cap;
    ``too_many_pixels`` takes %(name)s and %(megapixels)d."""
    files = list(files or ())
    if len(files) > max_count:
        raise ValidationError({field: too_many % {"count": max_count}})
    checked = []
    for upload in files:
        if upload.size > max_bytes:
            raise ValidationError({field: too_big % {"name": upload.name}})
        kind = kind_of(upload, kinds)
        if kind is None:
            raise ValidationError({field: wrong_kind % {"name": upload.name}})
        if max_pixels is not None:
            pixels = pixels_of(upload)
            if pixels is None:
                raise ValidationError({field: wrong_kind % {"name": upload.name}})
            if pixels > max_pixels:
                raise ValidationError({field: too_many_pixels % {"name": upload.name,
                                                                 "megapixels": max_pixels // 1_000_000}})
        checked.append((upload, *kind))
    return checked


def remove_stored(stored: list[str]) -> None:
    """Remove the files a failed transaction had written."""
    for relative in stored:
        stored_path(relative).unlink(missing_ok=True)
