from dataclasses import dataclass, field


class RowError(Exception):
    """A value that cannot be accepted: which field, and why (translatable)."""

    def __init__(self, field: str, reason):
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Rejection:
    row: int        # as the user sees it in Excel
    field: str      # the column label
    value: str
    reason: str
    cells: tuple[str, ...] = ()   # the whole row as read, for the rejects report


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # common.importing.reading.ImportTable.summary(): header, columns, skipped rows
    layout: dict = field(default_factory=dict)
    # What an importer has to add in its own terms (e.g. workers flagged missing
    # by a full roster); kept on the job's summary under "notes".
    notes: dict = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return len({r.row for r in self.rejections})

    @property
    def skipped(self) -> int:
        return len(self.layout.get("skipped", ()))
