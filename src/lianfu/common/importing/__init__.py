"""What every import shares: finding the table in a sheet as officials send it
(layout.py, skipping.py), deciding every column's fate (headers.py,
columns.py), reading values as people type them (values.py), a row-by-row
rejection list, the rejects report, and the job record around it
(``common.importing.jobs``: running a job; ``common.importing.web``: uploads,
the mapping step and the pages that follow a job)."""
from lianfu.common.importing.columns import Column, ColumnPlan, Vocabulary, match_columns
from lianfu.common.importing.reading import ImportTable, read_for_import
from lianfu.common.importing.report import write_rejects_report
from lianfu.common.importing.result import ImportResult, Rejection, RowError
from lianfu.common.importing.rows import Progress, counted_rows, masked_rejection, no_progress, rejection

__all__ = ["Column", "ColumnPlan", "ImportResult", "ImportTable", "Progress", "Rejection", "RowError", "Vocabulary",
           "counted_rows", "masked_rejection", "match_columns", "no_progress", "read_for_import", "rejection",
           "write_rejects_report"]
