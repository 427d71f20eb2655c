"""The demo runs the demo tests read (tests/demo/facts.py), each generated once
per test process and read as a plain snapshot."""
import pytest

from tests.demo import facts
from tests.demo.facts import DemoFacts


@pytest.fixture(scope="session")
def demo_run(django_db_setup, django_db_blocker):
    """``demo_run(size, seed, now=DEMO_NOW, take=1)``: facts.demo_run with the database unblocked."""
    def run(*args, **kwargs) -> DemoFacts:
        with django_db_blocker.unblock():
            return facts.demo_run(*args, **kwargs)

    return run


@pytest.fixture(scope="session")
def small_demo(demo_run) -> DemoFacts:
    return demo_run("small", 2020)
