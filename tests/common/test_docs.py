"""The repository explains itself: nothing in it sends the reader to files
outside it, and the engine's equations are written down in docs/engine.md."""
import ast
import os
from pathlib import Path

import lianfu.supplynet.cascade

ROOT = Path(__file__).resolve().parents[2]
# What git ignores (.gitignore) and tool caches: not part of the repository.
SKIP_DIRS = {".git", ".venv", "var", "__pycache__", ".pytest_cache", "test-output", ".hypothesis",
             ".schemathesis", "build", "dist", "node_modules"}
SKIP_SUFFIXES = {".mo", ".pyc"}
# Written in pieces so that this file does not mention them itself.
OUTSIDE = [b"shared" + b"/design", b"../" + b"shared", b"/shared" + b"/reference", b"ENGINE" + b".md",
           b"ARCHITECTURE" + b".md"]


def repository_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder, name)
            if path.suffix not in SKIP_SUFFIXES:
                yield path


def test_no_file_points_outside_the_repository():
    found = []
    for path in repository_files():
        data = path.read_bytes()
        found += [f"{path.relative_to(ROOT)}: {pattern.decode()}" for pattern in OUTSIDE if pattern in data]
    assert found == []


def test_the_walk_covers_the_repository():
    names = {path.relative_to(ROOT).as_posix() for path in repository_files()}
    assert {"README.md", "docs/engine.md", "src/lianfu/supplynet/cascade.py",
            "tests/supplynet/reference/README.md", "benchmarks/esri.py"} <= names


def test_engine_md_states_every_part_of_the_model():
    text = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    for heading in ["## 2. Data and notation", "### 4.2 Link impacts", "### 4.3 Replaceability",
                    "### 4.4 Update rule", "### 4.5 Stopping rule", "## 5. ESRI", "## 6. Restart priority",
                    "## 7. Daily forecast with stock", "## 8. Alternative suppliers", "## 15. References"]:
        assert heading in text
    assert "| symbol | code | meaning |" in text                                   # the notation table
    assert "hd[j](t+1) = max(0, min( c[j]," in text and "hu[i](t+1) = max(0, min( c[i]," in text
    assert "ESRI[s]   = Σ_j w[j] (1 − min(hd[j](T), hu[j](T)))" in text
    assert "A produces 1 on days 0, 1, 2" in text                                 # the worked example


def test_the_cascade_docstring_states_the_update_and_stopping_rules():
    doc = ast.get_docstring(ast.parse(Path(lianfu.supplynet.cascade.__file__).read_text(encoding="utf-8")))
    assert "docs/engine.md" in doc
    assert "Update rule" in doc and "hd[j](t+1) = max(0, min(c[j]," in doc and "hu[i](t+1)" in doc
    assert "Stopping rule" in doc and "keep h(T)" in doc and "δ > eps" in doc
