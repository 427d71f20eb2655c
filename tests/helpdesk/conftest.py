"""Fixtures for the classifier tests: one model trained on the corpus per
test process (training takes about 1.5 s), and a private model directory."""
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
