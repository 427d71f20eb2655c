"""A lianfu process working on the test database (a transactional test's: its
rows are committed, so another process sees them), pointed at the loopback servers."""
import os
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

import lianfu

SRC = Path(lianfu.__file__).resolve().parents[1]
LIANFU = [sys.executable, "-m", "lianfu.cli"]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        if str(db["NAME"]).startswith(":memory:") or "mode=memory" in str(db["NAME"]):
            pytest.skip("an in-memory test database cannot be shared with a worker process")
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env(settings, tmp_path) -> dict:
    """The test process's environment (its keys open the same seals) and these."""
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url(), LIANFU_VAR_DIR=str(tmp_path), PYTHONPATH=str(SRC),
               LIANFU_DINGTALK_WEBHOOK_BASE=settings.LIANFU_DINGTALK_WEBHOOK_BASE,
               LIANFU_WECOM_WEBHOOK_BASE=settings.LIANFU_WECOM_WEBHOOK_BASE,
               LIANFU_EMAIL_HOST=settings.EMAIL_HOST, LIANFU_EMAIL_PORT=str(settings.EMAIL_PORT),
               LIANFU_EMAIL_USE_TLS="false", LIANFU_EMAIL_FROM=settings.DEFAULT_FROM_EMAIL)
    return env
