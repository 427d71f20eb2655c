"""Dispatchers' corrections: stored through the domain, and learnt by the next
training (when it runs: tests/helpdesk/test_retraining.py)."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lianfu.common.models import ActivityLog
from lianfu.helpdesk.classifier import Classifier, default, default_classifier, retrain, training_examples
from lianfu.helpdesk.classifier.corpus import Example, corpus, with_corrections
from lianfu.helpdesk.domain import record_correction
from lianfu.helpdesk.enums import Category
from lianfu.helpdesk.models import MAX_TEXT_LENGTH, ClassificationCorrection

pytestmark = pytest.mark.django_db
NEW_TEXT = "园区食堂的燃气灶坏了，员工中午没饭吃"


def test_a_correction_is_stored_with_its_author_and_logged(personas):
    correction = record_correction(actor=personas["town_a"], text=f"  {NEW_TEXT}\n", category="premises")
    stored = ClassificationCorrection.objects.get()
    assert (stored.text, stored.category, stored.corrected_by) == (NEW_TEXT, "premises", personas["town_a"])
    log = ActivityLog.objects.get()
    assert (log.action, log.subject_id, log.actor, log.division_code, log.data) == (
        "helpdesk.classification_corrected", str(correction.pk), personas["town_a"], "330282004000",
        {"category": "premises"})


@pytest.mark.parametrize("persona", ["firm_x", "liaison_a"])
def test_only_officers_and_administrators_correct(personas, persona):
    with pytest.raises(PermissionDenied):
        record_correction(actor=personas[persona], text=NEW_TEXT, category="premises")
    assert not ClassificationCorrection.objects.exists()


@pytest.mark.parametrize("text,category,field", [
    ("   ", "premises", "text"),
    ("字" * (MAX_TEXT_LENGTH + 1), "premises", "text"),
    (NEW_TEXT, "housing", "category"),
])
def test_a_bad_correction_is_refused_and_nothing_stored(personas, text, category, field):
    with pytest.raises(ValidationError) as refused:
        record_correction(actor=personas["county"], text=text, category=category)
    assert list(refused.value.message_dict) == [field]
    assert not ClassificationCorrection.objects.exists() and not ActivityLog.objects.exists()


def test_the_longest_accepted_text_is_stored(personas):
    record_correction(actor=personas["county"], text="字" * MAX_TEXT_LENGTH, category="other")
    assert len(ClassificationCorrection.objects.get().text) == MAX_TEXT_LENGTH


def test_a_correction_replaces_the_corpus_label_of_the_same_text_and_adds_the_others():
    first = corpus()[0]
    other = "premises" if first.category != "premises" else "other"
    merged = with_corrections(corpus(), [(f" {first.text} ", other), (NEW_TEXT, "utilities"), (NEW_TEXT, "premises")])
    assert len(merged) == len(corpus()) + 1
    assert merged[0] == Example(first.text, other)
    assert merged[-1] == Example(NEW_TEXT, "premises")  # the later correction wins
    assert merged[1:-1] == list(corpus()[1:])


def test_training_examples_read_the_stored_corrections(personas):
    record_correction(actor=personas["county"], text=NEW_TEXT, category="premises")
    assert training_examples()[-1] == Example(NEW_TEXT, "premises")


def test_a_correction_changes_the_prediction_after_retraining(personas, served_model_dir):
    before = default_classifier().predict(NEW_TEXT)
    assert before.category != Category.PREMISES
    record_correction(actor=personas["county"], text=NEW_TEXT, category="premises")
    assert default_classifier().predict(NEW_TEXT) == before   # the serving model until the next training
    retrain()
    after = default_classifier().predict(NEW_TEXT)
    assert (after.category, after.confidence) == (Category.PREMISES, 1.0)
    assert default_classifier().predict(NEW_TEXT + "。").category == Category.PREMISES


def test_a_correction_of_a_corpus_text_overrides_its_label(personas, model_dir):
    text = next(e.text for e in corpus() if e.category == "supply")
    record_correction(actor=personas["county"], text=text, category="logistics")
    classifier = default_classifier()   # none stored yet: the first one learns every correction
    assert classifier.size == len(corpus())
    assert classifier.predict(text).category == Category.LOGISTICS


def test_the_trained_model_is_kept_in_memory_and_in_var_dir(model_dir, monkeypatch):
    first = default_classifier()
    assert [p.name for p in model_dir.iterdir()] == ["helpdesk-model.joblib"]
    assert default_classifier() is first
    default._current = None  # as in another process: loads the stored model, does not train
    monkeypatch.setattr(Classifier, "train", classmethod(lambda cls, examples: pytest.fail("trained again")))
    loaded = default_classifier()
    assert loaded is not first and loaded.digest == first.digest
    assert loaded.predict(NEW_TEXT) == first.predict(NEW_TEXT)


def test_an_unreadable_stored_model_is_replaced(served_model_dir):
    digest = default_classifier().digest   # the stored model, loaded
    path = served_model_dir / "helpdesk-model.joblib"
    path.write_bytes(b"not a model")
    default._current = None
    assert default_classifier().digest == digest
    assert path.read_bytes() != b"not a model"


def test_a_new_training_set_replaces_the_stored_model(personas, served_model_dir):
    (served_model_dir / "helpdesk-model-0123456789abcdef.joblib").write_bytes(b"stored under a hash, before the swap")
    old = default_classifier().digest
    record_correction(actor=personas["county"], text=NEW_TEXT, category="premises")
    assert default_classifier().digest == old
    new = retrain().digest
    assert new != old and default_classifier().digest == new
    assert [p.name for p in served_model_dir.iterdir()] == ["helpdesk-model.joblib"]
    default._current = None  # as in another process
    assert default_classifier().digest == new


def test_an_administrator_adds_a_correction_in_admin_through_the_domain(personas, login):
    client = login(personas["admin"])
    response = client.post(reverse("admin:helpdesk_classificationcorrection_add"),
                           {"text": NEW_TEXT, "category": "premises"})
    assert response.status_code == 302
    stored = ClassificationCorrection.objects.get()
    assert (stored.text, stored.category, stored.corrected_by) == (NEW_TEXT, "premises", personas["admin"])
    assert ActivityLog.objects.get().action == "helpdesk.classification_corrected"
    change = client.post(reverse("admin:helpdesk_classificationcorrection_change", args=[stored.pk]),
                         {"text": "改过的", "category": "other"})
    assert change.status_code == 403
    assert ClassificationCorrection.objects.get().category == "premises"
