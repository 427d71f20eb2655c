"""The labelled corpus kept in the repository (data/corpus.jsonl, see data/LABELLING.md)."""
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from lianfu.helpdesk.enums import Category

CORPUS_PATH = Path(__file__).resolve().parents[1] / "data" / "corpus.jsonl"


class Example(NamedTuple):
    text: str
    category: str  # a Category code


@lru_cache(maxsize=1)
def corpus() -> tuple[Example, ...]:
    examples = []
    with CORPUS_PATH.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            row = json.loads(line)
            if row["category"] not in Category.values:
                raise ValueError(f"{CORPUS_PATH.name} line {number}: unknown category {row['category']!r}")
            examples.append(Example(row["text"], row["category"]))
    return tuple(examples)


def with_corrections(base, corrections) -> list[Example]:
    """``base`` with each correction applied: a correction of a text already there
    replaces that example's category in place (the dispatcher has the last word);
    any other is added at the end. Later corrections of one text win."""
    examples = [Example(*e) for e in base]
    position = {e.text.strip(): i for i, e in enumerate(examples)}
    for text, category in corrections:
        key = text.strip()
        if key in position:
            examples[position[key]] = Example(examples[position[key]].text, str(category))
        else:
            position[key] = len(examples)
            examples.append(Example(text, str(category)))
    return examples
