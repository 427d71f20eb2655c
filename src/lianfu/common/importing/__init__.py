"""What every import shares: column matching by Chinese or English header, a
row-by-row rejection list, the rejects report, and the job record around it."""
from lianfu.common.importing.columns import Column, ColumnMap, match_columns
from lianfu.common.importing.result import ImportResult, Rejection, RowError
from lianfu.common.importing.report import write_rejects_report

__all__ = ["Column", "ColumnMap", "ImportResult", "Rejection", "RowError", "match_columns", "write_rejects_report"]
