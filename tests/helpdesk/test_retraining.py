"""Retraining the classifier is a background task: enough dispatcher
corrections enqueue it once they are committed (never inside the dispatch's
transaction), and the previous model keeps serving until the new one is
swapped in (tasks run inline in tests: the ImmediateBackend)."""
import threading
from types import SimpleNamespace

import joblib
import pytest
from django.db import connection

from lianfu.helpdesk import domain
from lianfu.helpdesk.classifier import Classifier, default, default_classifier
from lianfu.helpdesk.classifier.corpus import corpus
from lianfu.helpdesk.domain import corrections
from lianfu.helpdesk.enums import Category, Status
from lianfu.helpdesk.models import ClassificationCorrection
from lianfu.helpdesk.tasks import retrain_classifier_task
from tests.helpdesk.pages import fresh, submit
from tests.helpdesk.tickets_fixtures import UNSURE, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
TEXTS = ["园区食堂的燃气灶坏了，员工中午没饭吃", "厂区门口的路灯坏了一半", "员工宿舍的热水器不出热水"]
REAL_TRAIN = Classifier.train.__func__


@pytest.fixture
def trainings(monkeypatch):
    """Each training's savepoints at its start (the transactions it runs in), in order."""
    seen = []

    def counted(cls, examples):
        seen.append(list(connection.savepoint_ids))
        return REAL_TRAIN(cls, examples)
    monkeypatch.setattr(Classifier, "train", classmethod(counted))
    return seen


@pytest.fixture
def enqueued(monkeypatch):
    """The retraining tasks enqueued, each with its result (run inline)."""
    results = []
    monkeypatch.setattr(corrections, "retrain_classifier_task",
                        SimpleNamespace(enqueue=lambda: results.append(retrain_classifier_task.enqueue())))
    return results


def classify_now() -> Classifier:
    """default_classifier() from another thread, which must not wait for a training."""
    answer = {}
    asker = threading.Thread(target=lambda: answer.update(classifier=default_classifier()))
    asker.start()
    asker.join(10)
    assert not asker.is_alive(), "classification waited for the training"
    return answer["classifier"]


def correct(actor, text: str, commit) -> None:
    with commit(execute=True):
        domain.record_correction(actor=actor, text=text, category=Category.PREMISES)


def test_corrections_reaching_the_threshold_enqueue_one_retraining(personas, served_model_dir, monkeypatch,
                                                                   enqueued, django_capture_on_commit_callbacks):
    monkeypatch.setattr(default, "RETRAIN_AFTER", 3)
    old = default_classifier()
    for text in TEXTS[:2]:
        correct(personas["county"], text, django_capture_on_commit_callbacks)
    assert (enqueued, default.corrections_pending(), default_classifier()) == ([], 2, old)
    correct(personas["county"], TEXTS[2], django_capture_on_commit_callbacks)
    assert [r.return_value for r in enqueued] == [{"trained": True, "pending": 3, "examples": len(corpus()) + 3}]
    new = default_classifier()
    assert new is not old and new.size == len(corpus()) + 3
    assert [(p.category, p.confidence) for p in new.predict_many(TEXTS)] == [(Category.PREMISES, 1.0)] * 3
    assert default.corrections_pending() == 0


def test_a_retraining_queued_twice_trains_once(personas, served_model_dir, monkeypatch, trainings,
                                               django_capture_on_commit_callbacks):
    monkeypatch.setattr(default, "RETRAIN_AFTER", 1)
    default_classifier()   # the stored model, loaded
    correct(personas["county"], TEXTS[0], django_capture_on_commit_callbacks)
    assert len(trainings) == 1   # the retraining
    assert retrain_classifier_task.enqueue().return_value == {"trained": False, "pending": 0}
    assert len(trainings) == 1


def test_dispatching_trains_nothing_inside_its_transaction(personas, staff, firm_x, clock, served_model_dir,
                                                           monkeypatch, trainings, django_capture_on_commit_callbacks):
    monkeypatch.setattr(default, "RETRAIN_AFTER", 1)
    ticket = submit(personas["firm_x"], firm_x, UNSURE)   # classified by the stored model
    assert (ticket.status, len(trainings)) == (Status.NEW, 0)
    outside = list(connection.savepoint_ids)   # the test's own transaction, not the dispatch's
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        domain.dispatch_ticket(actor=personas["county"], ticket=ticket, category=Category.SUPPLY)
    assert fresh(ticket).status == Status.ROUTED
    assert ClassificationCorrection.objects.get().text == UNSURE
    assert len(trainings) == 0   # the dispatch returned without training
    for callback in after_commit:
        callback()
    assert trainings == [outside]   # trained once, after the dispatch's transaction ended
    assert default_classifier().predict(UNSURE).category == Category.SUPPLY


def test_classification_serves_the_previous_model_until_the_swap(personas, served_model_dir, monkeypatch):
    old = default_classifier()
    domain.record_correction(actor=personas["county"], text=TEXTS[0], category=Category.PREMISES)
    examples, through = default.training_set()
    training, finish = threading.Event(), threading.Event()

    def slow(cls, examples):
        training.set()
        assert finish.wait(60)
        return REAL_TRAIN(cls, examples)
    monkeypatch.setattr(Classifier, "train", classmethod(slow))
    worker = threading.Thread(target=default._train_and_swap, args=(examples, through))
    worker.start()
    try:
        assert training.wait(60)
        assert classify_now() is old   # not blocked by the training, nor answered by it
        assert classify_now().predict(TEXTS[0]).category != Category.PREMISES
        assert joblib.load(default.model_path()).classifier.digest == old.digest   # the file is still the old one
        default._current = None   # another process starting now loads the old model too
        assert classify_now().digest == old.digest
    finally:
        finish.set()
        worker.join(60)
    new = default_classifier()
    assert new.digest != old.digest and new.predict(TEXTS[0]).category == Category.PREMISES
    assert joblib.load(default.model_path()).corrections_through == through
    assert [p.name for p in served_model_dir.iterdir()] == ["helpdesk-model.joblib"]   # no partial file left


def test_a_process_picks_up_a_model_swapped_in_by_another(personas, served_model_dir):
    old = default_classifier()
    domain.record_correction(actor=personas["county"], text=TEXTS[0], category=Category.PREMISES)
    trained = default.Trained(Classifier.train(default.training_examples()), 1)
    joblib.dump(trained, served_model_dir / "elsewhere.joblib")   # as the worker would: written aside, then renamed
    (served_model_dir / "elsewhere.joblib").replace(default.model_path())
    assert default_classifier() is not old
    assert default_classifier().digest == trained.classifier.digest
