#!/usr/bin/env python
"""Kept for Django habits; ``lianfu`` is the same thing."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from lianfu.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
