"""What every import shares: column matching by Chinese or English header, a
row-by-row rejection list, the rejects report, and the job record around it
(``common.importing.jobs``: running a job; ``common.importing.web``: uploads
and the pages that follow a job)."""
from lianfu.common.importing.columns import Column, ColumnMap, match_columns
from lianfu.common.importing.result import ImportResult, Rejection, RowError
from lianfu.common.importing.report import write_rejects_report
from lianfu.common.importing.rows import Progress, counted_rows, no_progress, rejection

__all__ = ["Column", "ColumnMap", "ImportResult", "Progress", "Rejection", "RowError", "counted_rows",
           "match_columns", "no_progress", "rejection", "write_rejects_report"]
