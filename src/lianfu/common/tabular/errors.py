"""The single exception type the tabular package raises.

Every rejection carries a stable machine ``code`` (for the API, tests and
logs) and a human ``message`` that stays lazy, so it renders in whatever
language is active when it is finally shown, not when it was raised.
"""
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "too_large": _("The file is too large (%(size_mb)s MB); the limit is %(limit_mb)s MB."),
    "zip_bomb": _(
        "The workbook expands to too much data when opened and was rejected. "
        "If it is a genuine workbook, split it into smaller files."
    ),
    "xml_entities": _(
        "The workbook contains XML DOCTYPE or ENTITY declarations, which are not allowed."
    ),
    "unsupported_format": _(
        "Unsupported file format. Please upload an Excel workbook (.xlsx or .xls) or a CSV file."
    ),
    "bad_encoding": _(
        "The CSV file is neither UTF-8 nor GBK/GB18030 encoded. Please save it as “CSV UTF-8”."
    ),
    "empty": _("The file is empty or has no header row."),
    "too_many_rows": _("The file has more than %(limit)s data rows."),
    "too_many_cells": _(
        "The sheet's used range is too large (%(rows)s rows × %(cols)s columns). "
        "Delete stray cells far away from the table and upload again."
    ),
    "corrupt": _("The file is damaged or is not a valid spreadsheet."),
}

# Not a separate code: to the importer an encrypted file is as unreadable as a
# damaged one; only the person uploading needs to know what to fix.
ENCRYPTED_MESSAGE = _("The file is password-protected. Remove the password and upload it again.")
HTML_MESSAGE = _(
    "This file is a web page or XML export renamed as a spreadsheet. "
    "Open it in Excel or WPS and save it as .xlsx, then upload again."
)
XLSB_MESSAGE = _("Binary workbooks (.xlsb) are not supported. Please save the file as .xlsx.")


def _interpolate(template, params):
    return str(template) % params


# Interpolating a lazy string with % would translate it immediately, in the
# language active at raise time; this keeps the whole message lazy.
_lazy_interpolate = lazy(_interpolate, str)


class TabularError(Exception):
    """A spreadsheet was rejected. ``code`` is stable; ``str(exc)`` is for people."""

    def __init__(self, code: str, message=None, **params):
        if message is None and code not in MESSAGES:
            raise ValueError(f"unknown TabularError code {code!r}")
        super().__init__(code)
        self.code = code
        self.params = params
        self._template = message if message is not None else MESSAGES[code]
        self.message = _lazy_interpolate(self._template, params) if params else self._template

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return f"TabularError({self.code!r}, {self.params!r})"

    def __reduce__(self):
        # Exceptions pickle through their args; keep message and params intact
        # (task queues pickle exceptions between processes).
        return (_rebuild, (self.code, self._template, self.params))


def _rebuild(code, template, params):
    return TabularError(code, template, **params)
