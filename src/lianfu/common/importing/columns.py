"""Match a file's header cells to the fields an importer knows."""
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lianfu.common.tabular import TabularError

_NOISE = re.compile(r"[\s_\-（）()*：:【】\[\]]+")


def _key(header: str) -> str:
    return _NOISE.sub("", header).lower()


@dataclass(frozen=True)
class Column:
    field: str
    label: Promise          # shown in reports and errors (translatable)
    aliases: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class ColumnMap:
    """field name -> index of the column in the file."""
    index: dict[str, int]
    ignored: list[str]

    def has(self, field: str) -> bool:
        return field in self.index

    def values(self, cells: list[str]) -> dict[str, str]:
        return {field: cells[i].strip() for field, i in self.index.items()}


def match_columns(headers: list[str], columns: list[Column]) -> ColumnMap:
    by_alias = {_key(alias): col for col in columns for alias in (col.field, *col.aliases)}
    index: dict[str, int] = {}
    ignored: list[str] = []
    for i, header in enumerate(headers):
        col = by_alias.get(_key(header))
        if col is None or col.field in index:
            ignored.append(header)
        else:
            index[col.field] = i
    missing = [str(col.label) for col in columns if col.required and col.field not in index]
    if missing:
        raise TabularError(
            "missing_columns",
            _("The file has no column for: %(missing)s. Expected headers such as %(expected)s."),
            missing="、".join(missing),
            expected="、".join(f"{col.aliases[0]}/{col.field}" for col in columns if col.required),
        )
    return ColumnMap(index=index, ignored=ignored)
