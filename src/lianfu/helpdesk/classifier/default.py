"""The classifier the product uses: corpus + stored corrections.

One model serves at a time: the file ``VAR_DIR/helpdesk-model.joblib``, loaded
once per process and loaded again when the file changes (one ``stat`` per
call, no database query). A new model is trained aside, by the background task
``retrain_classifier_task`` once ``RETRAIN_AFTER`` corrections have been stored
since the serving model was trained (or by ``lianfu helpdesk train``), written
to a temporary file and swapped in with ``os.replace``: until that instant
every process, the training one included, keeps classifying with the previous
model, and none can load half a file. Only when no model is stored at all (a
fresh VAR_DIR) does the first classification train one itself.

Only that exact path is ever unpickled: it is our own writable directory,
never a file shipped or downloaded, and a file that fails to load is replaced.
"""
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DatabaseError, connections

from lianfu.helpdesk.classifier.corpus import Example, corpus, with_corrections

if TYPE_CHECKING:    # imported where a model is loaded or trained (see the package's __getattr__)
    from lianfu.helpdesk.classifier.model import Classifier

log = logging.getLogger(__name__)
MODEL_FILE = "helpdesk-model.joblib"
LEGACY_PREFIX = "helpdesk-model-"   # models stored under their training set's hash, before the swap
# Corrections stored since the serving model's training that start a retraining:
# enough to be worth 1.5 s of a worker, few enough that a dispatcher's answers
# are learnt the same day.
RETRAIN_AFTER = 10


@dataclass(frozen=True)
class Trained:
    """What the model file holds."""
    classifier: "Classifier"
    corrections_through: int   # the highest correction id it learnt from (0: none)


@dataclass(frozen=True)
class _Serving:
    trained: Trained
    stamp: tuple | None        # the file's (inode, mtime, size) it was read from or written to


_lock = threading.Lock()       # guards _current; never held while training
_training = threading.Lock()   # one training at a time per process
_current: _Serving | None = None


def training_set() -> tuple[list[Example], int]:
    """The corpus with the stored corrections applied, and the highest correction id read."""
    from lianfu.helpdesk.models import ClassificationCorrection

    query = ClassificationCorrection.objects.order_by("created_at", "id").values_list("id", "text", "category")
    try:
        rows = list(query)
    except DatabaseError:
        # A fresh checkout (`lianfu helpdesk classify` before any `migrate`) has
        # no corrections to add; any other database failure is real.
        if ClassificationCorrection._meta.db_table in connections[query.db].introspection.table_names():
            raise
        rows = []
    through = max((pk for pk, _, _ in rows), default=0)
    return with_corrections(corpus(), [(text, category) for _, text, category in rows]), through


def training_examples() -> list[Example]:
    return training_set()[0]


def default_classifier() -> "Classifier":
    """The serving model (the stored one, reloaded after a swap); when none is
    stored yet, one trained now from corpus + corrections and stored."""
    serving = _serving()
    if serving is None:
        with _training:
            serving = _serving() or _train_and_swap(*training_set())
    return serving.trained.classifier


def retrain() -> "Classifier":
    """Train afresh from corpus + corrections and swap the new model in; the
    previous one serves until the swap."""
    with _training:
        return _train_and_swap(*training_set()).trained.classifier


def corrections_pending() -> int:
    """Corrections stored since the serving model was trained."""
    from lianfu.helpdesk.models import ClassificationCorrection

    serving = _serving()
    through = serving.trained.corrections_through if serving else 0
    return ClassificationCorrection.objects.filter(pk__gt=through).count()


def retraining_due() -> bool:
    return corrections_pending() >= RETRAIN_AFTER


def model_path() -> Path:
    return Path(settings.VAR_DIR) / MODEL_FILE


def _serving() -> _Serving | None:
    """The model in memory, or the stored one when the file changed since (or
    nothing was loaded yet); None when neither exists (or the file is unreadable)."""
    global _current
    path = model_path()
    with _lock:
        if _current is not None and _current.stamp == _stamp(path):
            return _current
        loaded = _load(path)
        if loaded is not None:
            _current = loaded
        return _current


def _stamp(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def _load(path: Path) -> _Serving | None:
    import joblib

    from lianfu.helpdesk.classifier.model import Classifier

    try:
        with path.open("rb") as stored:
            info = os.fstat(stored.fileno())
            trained = joblib.load(stored)
    except FileNotFoundError:
        return None
    except Exception:  # written by another version or cut short: train again
        log.warning("ignoring unreadable stored model %s", path, exc_info=True)
        return None
    if not (isinstance(trained, Trained) and isinstance(trained.classifier, Classifier)):
        log.warning("ignoring stored model %s: not a model of this version", path)
        return None
    return _Serving(trained, (info.st_ino, info.st_mtime_ns, info.st_size))


def _train_and_swap(examples: list[Example], through: int) -> _Serving:
    global _current
    from lianfu.helpdesk.classifier.model import Classifier

    # The slow part runs without _lock: classification goes on with the previous model.
    trained = Trained(Classifier.train(examples), through)
    serving = _Serving(trained, _store(trained))
    with _lock:
        _current = serving
    return serving


def _store(trained: Trained) -> tuple | None:
    """Write the model aside and rename it over the serving file (atomic on one
    file system): readers see the old file or the new one, never half of one.
    Returns the new file's stamp, None when it could not be written."""
    import joblib

    path = model_path()
    partial = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=MODEL_FILE, suffix=".partial")
        with os.fdopen(fd, "wb") as out:
            joblib.dump(trained, out)
            out.flush()
            os.fsync(out.fileno())
            info = os.fstat(out.fileno())   # a rename keeps inode, mtime and size
        os.replace(partial, path)
        partial = None
        for legacy in path.parent.glob(f"{LEGACY_PREFIX}*.joblib"):
            legacy.unlink(missing_ok=True)
        return info.st_ino, info.st_mtime_ns, info.st_size
    except OSError:
        log.warning("could not store the trained model in %s", path.parent, exc_info=True)
        return None
    finally:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
