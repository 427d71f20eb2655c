"""Batch classification of JSON Lines (``lianfu helpdesk classify``).

One output line per non-blank input line, in input order, so results can be
joined back by position. A line that cannot be classified (not UTF-8, not a
JSON object, no usable "text") is not dropped: its output line carries an
"error" naming the line number and what was expected, and the command exits
non-zero once every line is written, so a script notices without losing the
good lines. Blank lines are skipped, as most JSON Lines tools do.
"""
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lianfu.helpdesk.enums import DEFAULT_DEPARTMENT, Category
from lianfu.helpdesk.models import MAX_TEXT_LENGTH

BATCH = 500  # texts classified per call: vectorised, yet the progress bar moves


@dataclass
class Line:
    number: int            # 1-based, in the input file
    record: dict | None    # the parsed object, echoed back
    error: str | None = None

    @property
    def text(self) -> str:
        return self.record["text"]


def parse(number: int, raw: bytes) -> Line | None:
    """The input line as a record to classify or an error; None for a blank line."""
    try:
        source = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return Line(number, None, f"line {number}: not UTF-8 (byte {exc.start + 1})")
    if not source.strip():
        return None
    try:
        record = json.loads(source)
    except json.JSONDecodeError as exc:
        return Line(number, None, f"line {number}: not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return Line(number, None, f"line {number}: expected a JSON object with \"text\", got {type(record).__name__}")
    return Line(number, record, _text_error(number, record.get("text")))


def _text_error(number: int, text) -> str | None:
    if not isinstance(text, str):
        return f"line {number}: \"text\" is missing or not a string"
    length = len(text.strip())
    if not length:
        return f"line {number}: \"text\" is empty"
    if length > MAX_TEXT_LENGTH:
        return f"line {number}: \"text\" has {length:,} characters; at most {MAX_TEXT_LENGTH:,} are accepted"
    return None


def read_lines(stream) -> Iterator[Line]:
    for number, raw in enumerate(stream, start=1):
        line = parse(number, raw.rstrip(b"\r\n"))
        if line is not None:
            yield line


def batches(lines: Iterable[Line], size: int = BATCH) -> Iterator[list[Line]]:
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def output_records(batch: list[Line], classifier) -> list[dict]:
    """The output object of every line of ``batch``, in order."""
    good = [line for line in batch if line.error is None]
    predictions = iter(classifier.predict_many([line.text.strip() for line in good]))
    records = []
    for line in batch:
        if line.error is not None:
            records.append({**(line.record or {"line": line.number}), "error": line.error})
            continue
        prediction = next(predictions)
        department = DEFAULT_DEPARTMENT[Category(prediction.category)]
        records.append({**line.record, "category": prediction.category.value,
                        "confidence": round(prediction.confidence, 4), "department": department})
    return records


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)
