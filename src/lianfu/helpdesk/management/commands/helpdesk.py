"""lianfu helpdesk classify --jsonl IN [--out OUT]
lianfu helpdesk train
lianfu helpdesk evaluate
lianfu helpdesk sweep"""
import sys
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lianfu.helpdesk import jsonl
from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD, default_classifier, retrain, training_examples
from lianfu.helpdesk.classifier.corpus import corpus
from lianfu.helpdesk.classifier.evaluation import held_out_report, report_lines
from lianfu.helpdesk.domain import sweep
from lianfu.helpdesk.enums import Category

# Below this many lines a bar would only flicker.
PROGRESS_FROM_LINES = 1000
# Every bad line is flagged in the output; stderr names the first few.
ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = ("Helpdesk: classify a JSON Lines file, retrain, print the held-out report, or sweep the deadline "
            "clock.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        classify = actions.add_parser(
            "classify", help="add category, confidence and department to each JSON line",
            description="Each input line is a JSON object with at least \"text\"; each output line is the same "
                        "object plus \"category\", \"confidence\" and \"department\" (null for other). A line that "
                        "cannot be classified gets \"error\" instead (the line number and what was expected) and "
                        "the command then exits with status 1 after writing every line. Blank lines are skipped.")
        classify.add_argument("--jsonl", required=True, help="input file (UTF-8), or - for standard input")
        classify.add_argument("--out", type=Path, help="output file (UTF-8); default: standard output")
        actions.add_parser("train", help="retrain from the corpus and the stored corrections; print the report")
        actions.add_parser("evaluate", help="print the held-out report for the corpus and the stored corrections")
        actions.add_parser(
            "sweep", help="note overdue tickets, escalate, close resolved tickets whose reopen window ended",
            description="Run every few minutes (see docs/operations.md). Idempotent: a second run at once "
                        "finds nothing new.")

    def handle(self, *args, action, **options):
        if action == "classify":
            self._classify(options["jsonl"], options["out"])
        elif action == "train":
            self._train()
        elif action == "sweep":
            result = sweep()
            self.stdout.write(f"sweep: {result.overdue:,} overdue noted, {result.escalated:,} escalated, "
                              f"{result.closed:,} closed")
        else:
            self._print_report()

    def _classify(self, source: str, out: Path | None) -> None:
        classifier = default_classifier()
        written = bad = 0
        with ExitStack() as stack:
            stream = sys.stdin.buffer if source == "-" else stack.enter_context(_open_input(source))
            sink = stack.enter_context(out.open("w", encoding="utf-8", newline="\n")) if out else None
            advance = stack.enter_context(_progress(None if source == "-" else Path(source)))
            for batch in jsonl.batches(jsonl.read_lines(stream)):
                for record in jsonl.output_records(batch, classifier):
                    if "error" in record:
                        bad += 1
                        if bad <= ERRORS_SHOWN:
                            self.stderr.write(record["error"])
                    line = jsonl.dumps(record)
                    if sink is not None:
                        sink.write(line + "\n")
                    else:
                        self.stdout.write(line)
                    written += 1
                advance(batch[-1].number)
        if bad:
            raise CommandError(f"{bad:,} of {written:,} lines could not be classified (see \"error\" in the output)",
                               returncode=1)
        if out:
            self.stderr.write(f"{written:,} lines classified into {out}")

    def _train(self) -> None:
        examples = training_examples()
        classifier = retrain()
        base = len(corpus())
        self.stdout.write(f"trained on {classifier.size:,} examples: {base:,} from the corpus, "
                          f"{classifier.size - base:,} added by corrections")
        counts = Counter(category for _, category in examples)
        self.stdout.write("per category: " + ", ".join(f"{c.value} {counts[c.value]}" for c in Category))
        self._print_report(examples)

    def _print_report(self, examples=None) -> None:
        report = held_out_report(examples or training_examples(), CONFIDENCE_THRESHOLD)
        for line in report_lines(report):
            self.stdout.write(line)


@contextmanager
def _open_input(source: str):
    path = Path(source)
    if not path.is_file():
        raise CommandError(f"{source}: no such file")
    with path.open("rb") as stream:
        yield stream


@contextmanager
def _progress(path: Path | None):
    """An ``advance(line_number)`` callback drawing a bar on stderr (stdout may be the output)."""
    total = _count_lines(path) if path else 0
    if total < PROGRESS_FROM_LINES:
        yield lambda done: None
        return
    with Progress(TextColumn("classify"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as bar:
        task = bar.add_task("classify", total=total)
        yield lambda done: bar.update(task, completed=done)
        bar.update(task, completed=total)


def _count_lines(path: Path) -> int:
    """Lines in the file, the last one counted even without a final newline."""
    lines, last = 0, b"\n"
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    return lines + (last != b"\n")
