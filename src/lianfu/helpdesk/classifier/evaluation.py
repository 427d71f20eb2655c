"""The held-out report: what the classifier scores on text it never saw.

Shared by ``lianfu helpdesk train|evaluate`` and benchmarks/classify.py, so the
figures they print are the same computation.
"""
import time
from collections import Counter
from dataclasses import dataclass, field

from lianfu.helpdesk.classifier.model import Classifier
from lianfu.helpdesk.classifier.split import N_FOLDS, duplicate_groups, held_out_split
from lianfu.helpdesk.enums import Category

SPLIT_METHOD = (f"grouped stratified split (StratifiedGroupKFold, {N_FOLDS} folds, fold 0 held out): "
                "texts sharing a problem statement are one group and stay on one side")


@dataclass(frozen=True)
class CategoryScore:
    category: Category
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class Report:
    n_train: int
    n_test: int
    grouped_texts: int   # texts in a group of two or more (twins)
    groups: int          # such groups
    correct: int
    per_category: tuple[CategoryScore, ...]
    threshold: float
    confident: int          # held-out texts at or above the threshold
    confident_correct: int
    train_seconds: float
    classify_seconds: float
    confusions: tuple[tuple[str, str, int], ...] = field(default=())  # (true, predicted, count), most first

    @property
    def top1(self) -> float:
        return self.correct / self.n_test

    @property
    def confident_share(self) -> float:
        return self.confident / self.n_test

    @property
    def confident_accuracy(self) -> float:
        return self.confident_correct / self.confident if self.confident else 0.0

    @property
    def texts_per_second(self) -> float:
        return self.n_test / self.classify_seconds if self.classify_seconds else float("inf")


def held_out_report(examples, threshold: float) -> Report:
    """Train on the training side of the grouped split of ``examples``, score the held-out side."""
    texts = [text for text, _ in examples]
    labels = [str(category) for _, category in examples]
    train_idx, test_idx = held_out_split(texts, labels)
    started = time.perf_counter()
    classifier = Classifier.train([(texts[i], labels[i]) for i in train_idx])
    trained = time.perf_counter()
    predictions = classifier.predict_many([texts[i] for i in test_idx])
    classified = time.perf_counter()
    truth = [labels[i] for i in test_idx]
    hits = [p.category == t for p, t in zip(predictions, truth)]
    sizes = Counter(Counter(duplicate_groups(texts)).values())
    confident = [hit for p, hit in zip(predictions, hits) if p.confidence >= threshold]
    mistakes = Counter((t, str(p.category)) for p, t, hit in zip(predictions, truth, hits) if not hit)
    return Report(
        n_train=len(train_idx), n_test=len(test_idx),
        grouped_texts=sum(size * n for size, n in sizes.items() if size > 1),
        groups=sum(n for size, n in sizes.items() if size > 1),
        correct=sum(hits),
        per_category=tuple(
            CategoryScore(c, sum(h for h, t in zip(hits, truth) if t == c), truth.count(c)) for c in Category),
        threshold=threshold, confident=len(confident), confident_correct=sum(confident),
        train_seconds=trained - started, classify_seconds=classified - trained,
        confusions=tuple((t, p, n) for (t, p), n in mistakes.most_common()),
    )


def report_lines(report: Report) -> list[str]:
    """The report as plain text lines (English, like every CLI message here)."""
    lines = [
        f"split: {SPLIT_METHOD}; {report.groups} groups hold {report.grouped_texts} texts",
        f"train {report.n_train} texts, held out {report.n_test}",
        f"held-out top-1: {report.top1:.3f} ({report.correct}/{report.n_test})",
    ]
    lines += [f"  {s.category.value:<11} {s.accuracy:.3f} ({s.correct}/{s.total})" for s in report.per_category]
    lines.append(f"confidence >= {report.threshold:.2f}: {report.confident_share:.1%} of held-out texts "
                 f"({report.confident}/{report.n_test}), accuracy {report.confident_accuracy:.3f}; "
                 "the rest wait for a dispatcher")
    if report.confusions:
        lines.append("most confused (true -> predicted): " + ", ".join(
            f"{t}->{p} {n}" for t, p, n in report.confusions[:5]))
    return lines
