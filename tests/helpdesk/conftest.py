"""Fixtures for the classifier tests: one model trained on the corpus per
test process (training takes a few seconds), and a private model directory,
empty or already holding that model."""
import joblib
import pytest

from lianfu.helpdesk.classifier import Classifier, default
from lianfu.helpdesk.classifier.corpus import corpus


@pytest.fixture(scope="session")
def corpus_classifier() -> Classifier:
    return Classifier.train(corpus())


@pytest.fixture
def model_dir(settings, tmp_path):
    """``default_classifier`` with an empty VAR_DIR and nothing in memory."""
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    default._current = None
    yield settings.VAR_DIR
    default._current = None


@pytest.fixture(scope="session")
def corpus_model_file(corpus_classifier, tmp_path_factory):
    """The file ``default_classifier`` stores when it trains on the corpus and no
    correction (default._store: Trained(model, 0)), written once per test process."""
    path = tmp_path_factory.mktemp("model") / default.MODEL_FILE
    joblib.dump(default.Trained(corpus_classifier, 0), path)
    return path


@pytest.fixture
def served_model_dir(model_dir, corpus_model_file):
    """``model_dir`` where that model is stored already, as after an earlier
    training (or another process's): the first ``default_classifier`` loads it
    instead of training one, nothing in memory yet. For tests about what comes
    after; the training on first use has tests of its own (test_corrections.py)."""
    (model_dir / default.MODEL_FILE).write_bytes(corpus_model_file.read_bytes())
    return model_dir
