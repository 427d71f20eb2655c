"""A WSGI app for tests/common/test_shedding.py: /slow holds its thread until the
file named by SHEDDING_RELEASE exists (the test decides when), / answers at once."""
import os
import time
from pathlib import Path

RELEASE = Path(os.environ.get("SHEDDING_RELEASE", "/nonexistent"))


def app(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        while not RELEASE.exists():
            time.sleep(0.01)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


# What granian serves in tests/common/test_shedding.py: one request runs, none waits.
from lianfu.common.serving import Admission  # noqa: E402

shedding = Admission(app, running=1, waiting=0)
