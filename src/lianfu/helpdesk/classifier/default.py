"""The classifier the product uses: corpus + stored corrections.

Trained at most once per process for a given training set (about 1.5 s) and
kept in memory; a new correction changes the training set, so the next call
retrains. The trained model is also written to ``VAR_DIR`` under the hash of
its training set, so the other processes (web workers, the next CLI run) load
it instead of training. Only that exact path is ever unpickled: it is our own
writable directory, never a file shipped or downloaded, and a file that fails
to load is replaced.
"""
import logging
import os
import tempfile
import threading
from pathlib import Path

import joblib
from django.conf import settings

from lianfu.helpdesk.classifier.corpus import Example, corpus, with_corrections
from lianfu.helpdesk.classifier.model import Classifier, examples_digest

log = logging.getLogger(__name__)
CACHE_PREFIX = "helpdesk-model-"

_lock = threading.Lock()
_current: Classifier | None = None


def training_examples() -> list[Example]:
    from lianfu.helpdesk.models import ClassificationCorrection

    corrections = ClassificationCorrection.objects.order_by("created_at", "id").values_list("text", "category")
    return with_corrections(corpus(), corrections)


def default_classifier() -> Classifier:
    """The classifier for the current corpus and corrections."""
    global _current
    examples = training_examples()
    digest = examples_digest(examples)
    with _lock:
        if _current is None or _current.digest != digest:
            _current = _load(digest) or _train_and_store(examples, digest)
        return _current


def retrain() -> Classifier:
    """Train afresh from corpus + corrections, replacing any stored model."""
    global _current
    examples = training_examples()
    with _lock:
        _current = _train_and_store(examples, examples_digest(examples))
        return _current


def _cache_path(digest: str) -> Path:
    return Path(settings.VAR_DIR) / f"{CACHE_PREFIX}{digest}.joblib"


def _load(digest: str) -> Classifier | None:
    path = _cache_path(digest)
    if not path.is_file():
        return None
    try:
        classifier = joblib.load(path)
    except Exception:  # written by another version or cut short: train again
        log.warning("ignoring unreadable stored model %s", path, exc_info=True)
        return None
    return classifier if isinstance(classifier, Classifier) and classifier.digest == digest else None


def _train_and_store(examples: list[Example], digest: str) -> Classifier:
    classifier = Classifier.train(examples)
    path = _cache_path(digest)
    partial = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so another process never loads half a file.
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=CACHE_PREFIX, suffix=".partial")
        with os.fdopen(fd, "wb") as out:
            joblib.dump(classifier, out)
        os.replace(partial, path)
        partial = None
        for old in path.parent.glob(f"{CACHE_PREFIX}*.joblib"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        log.warning("could not store the trained model in %s", path.parent, exc_info=True)
    finally:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
    return classifier
