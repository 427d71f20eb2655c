"""Match a file's header cells to the fields an importer knows.

Every column ends in exactly one fate: matched to a field, ignored (and why),
or ambiguous (with the candidate fields or columns). Matching goes, in order:
the user's own choice (web mapping step or ``--map``), their saved mapping,
an exact synonym after normalising the header (headers.py), the part of the
header outside brackets, then a fuzzy match with a score."""
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from lianfu.common.importing.headers import column_letter, header_key, outside_brackets_key
from lianfu.common.tabular import TabularError

FUZZY_MIN = 0.80          # below this a header is not taken for a field on its own
SUGGEST_MIN = 0.45        # ...but still named as "closest" in an error
AMBIGUITY_MARGIN = 0.05   # two fields this close: we do not guess
IGNORE = ""               # the "field" of a column the user chose to ignore

# Columns that never carry data we import, named so their fate says why:
# a serial number, and the columns the rejects report adds.
NOT_NEEDED = {header_key(h) for h in ("序号", "序", "行号", "编号", "no", "no.", "错误原因", "原行号",
                                      "rejection reason", "original row", "row", "备注")}


@dataclass(frozen=True)
class Column:
    field: str
    label: Promise          # shown in reports and errors (translatable)
    aliases: tuple[str, ...]
    required: bool = False
    key: bool = False       # identifies a row: rows without it may be totals or notes
    numeric: bool = False   # summed, to recognise a totals row by its numbers


@dataclass(frozen=True)
class Candidate:
    field: str
    score: float
    how: str                # "synonym" | "fuzzy"


class Vocabulary:
    """The headers an importer knows, keyed for matching."""

    def __init__(self, columns: list[Column]):
        self.columns = columns
        self.by_field = {col.field: col for col in columns}
        self.exact: dict[str, set[str]] = {}
        for col in columns:
            for name in (col.field, *col.aliases, *_labels(col.label)):
                self.exact.setdefault(header_key(name), set()).add(col.field)

    @cached_property
    def key_field(self) -> str | None:
        return next((col.field for col in self.columns if col.key), None)

    @cached_property
    def _aliases(self) -> list[str]:
        return list(self.exact)

    def candidates(self, header: str) -> list[Candidate]:
        """Fields this header may stand for, best first (cached: header
        detection asks about the same cells more than once)."""
        cache = self.__dict__.setdefault("_cache", {})
        if header not in cache:
            if len(cache) > 10_000:
                cache.clear()
            cache[header] = self._candidates(header)
        return list(cache[header])

    def _candidates(self, header: str) -> tuple[Candidate, ...]:
        key = header_key(header)
        if not key:
            return ()
        for probe, score in ((key, 1.0), (outside_brackets_key(header), 0.95)):
            fields = self.exact.get(probe)
            if fields:
                return tuple(Candidate(f, score, "synonym") for f in sorted(fields))
        best: dict[str, float] = {}
        # rapidfuzz's ratio is the normalised Indel similarity (2·matches / total
        # length), computed in C: header detection scores every cell of 20 rows.
        # The part outside brackets counts too, a little less, as in the exact step.
        outside = outside_brackets_key(header)
        for probe, weight in ((key, 1.0), (outside, 0.95)) if outside and outside != key else ((key, 1.0),):
            for alias, ratio, _index in process.extract(probe, self._aliases, scorer=fuzz.ratio, limit=None,
                                                        score_cutoff=SUGGEST_MIN * 100):
                for name in self.exact[alias]:
                    score = weight * ratio / 100
                    if score > best.get(name, 0.0):
                        best[name] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return tuple(Candidate(name, round(score, 2), "fuzzy") for name, score in ranked if score >= SUGGEST_MIN)

    def best_of(self, *headers: str) -> list[Candidate]:
        """Candidates of several readings of one column (a two-row header's
        composite and its lower cell): the best score per field."""
        best: dict[str, Candidate] = {}
        for header in headers:
            for cand in self.candidates(header):
                if cand.field not in best or cand.score > best[cand.field].score:
                    best[cand.field] = cand
        return sorted(best.values(), key=lambda c: (-c.score, c.field))


def _labels(label: Promise) -> list[str]:
    """A field's label in both languages: a file exported by lianfu itself uses them."""
    names = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.append(str(label))
    return names


@dataclass
class ColumnFate:
    index: int
    header: str
    fate: str                       # "matched" | "ignored" | "ambiguous"
    field: str = ""
    score: float = 0.0
    how: str = ""                   # matched: "synonym" | "fuzzy" | "saved" | "chosen"
    reason: str = ""                # ignored: "unknown" | "duplicate" | "not_needed" | "chosen" | "blank"
    other: str = ""                 # duplicate: the column that gives the field
    candidates: list[str] = dataclass_field(default_factory=list)   # ambiguous / unknown: fields (or columns)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def as_dict(self) -> dict:
        return {"index": self.index, "letter": self.letter, "header": self.header, "fate": self.fate,
                "field": self.field, "score": self.score, "how": self.how, "reason": self.reason,
                "other": self.other, "candidates": list(self.candidates)}


@dataclass
class ColumnPlan:
    """What each column of the file became."""
    fates: list[ColumnFate]
    vocabulary: Vocabulary

    @cached_property
    def index(self) -> dict[str, int]:
        return {f.field: f.index for f in self.fates if f.fate == "matched"}

    def has(self, name: str) -> bool:
        return name in self.index

    def values(self, cells: list[str]) -> dict[str, str]:
        return {name: cells[i] for name, i in self.index.items()}

    @property
    def ignored(self) -> list[ColumnFate]:
        return [f for f in self.fates if f.fate == "ignored"]

    @property
    def ambiguous(self) -> list[ColumnFate]:
        return [f for f in self.fates if f.fate == "ambiguous"]

    @property
    def missing(self) -> list[Column]:
        return [col for col in self.vocabulary.columns if col.required and col.field not in self.index]

    def check(self) -> None:
        """Refuse a file whose columns cannot be imported as they stand."""
        if self.ambiguous:
            raise TabularError("ambiguous_columns", _(
                "Some columns could stand for more than one field, or several columns for the same field: "
                "%(which)s. Choose in the mapping step (web) or with --map \"header=field\" (command line)."),
                which="；".join(self._ambiguity(f) for f in self.ambiguous))
        missing = self.missing
        if missing:
            raise TabularError("missing_columns", _(
                "The file has no column for: %(missing)s. Headers found: %(found)s. Closest: %(closest)s."),
                missing="、".join(str(col.label) for col in missing),
                found="、".join(f.header for f in self.fates if f.header) or "—",
                closest="；".join(self._closest(col) for col in missing))

    def _ambiguity(self, fate: ColumnFate) -> str:
        labels = "/".join(str(self.vocabulary.by_field[name].label) for name in fate.candidates
                          if name in self.vocabulary.by_field)
        also = f" = {fate.other}" if fate.other else ""
        return f"{fate.letter}「{fate.header}」{also} → {labels}"

    def _closest(self, col: Column) -> str:
        scored = []
        for fate in self.fates:
            for cand in self.vocabulary.candidates(fate.header):
                if cand.field == col.field:
                    scored.append((cand.score, fate))
        scored.sort(key=lambda item: -item[0])
        names = "、".join(f"「{fate.header}」({score:.2f})" for score, fate in scored[:3])
        return f"{col.label}: {names or '—'}"

    def summary(self) -> list[dict]:
        return [f.as_dict() for f in self.fates]


def _choice_for(index: int, header: str, choices: dict[str, str]) -> str | None:
    """A user's choice for this column, by letter ("E"), position ("#5") or header."""
    for probe in (column_letter(index), f"#{index + 1}", header.strip(), header_key(header)):
        if probe in choices:
            return choices[probe]
    return None


def match_columns(headers: list[str], vocabulary: Vocabulary, *, choices: dict[str, str] | None = None,
                  saved: dict[str, str] | None = None, lower: list[str] | None = None) -> ColumnPlan:
    """Decide every column's fate. ``choices``: the user's own (column → field,
    "" to ignore); ``saved``: their saved mapping (header key → field);
    ``lower``: for a two-row header, each column's lower cell alone."""
    choices, saved = choices or {}, saved or {}
    fates: list[ColumnFate] = []
    claims: dict[str, list[ColumnFate]] = {}
    for i, header in enumerate(headers):
        fate = _fate(i, header, vocabulary, choices, saved, (lower or [])[i] if lower and i < len(lower) else "")
        fates.append(fate)
        if fate.fate == "matched":
            claims.setdefault(fate.field, []).append(fate)
    for claimants in claims.values():
        if len(claimants) > 1:
            _settle(claimants)
    _drop_taken_ambiguities(fates)
    return ColumnPlan(fates=fates, vocabulary=vocabulary)


def _drop_taken_ambiguities(fates: list[ColumnFate]) -> None:
    """A column torn between fields that better columns already hold (上级企业名称
    between supplier name and supplies to, beside 配套企业名称 and 供货给) is a
    duplicate, not a reason to refuse the file."""
    holders = {f.field: f for f in fates if f.fate == "matched"}
    for fate in fates:
        if fate.fate == "ambiguous" and not fate.other and all(c in holders for c in fate.candidates):
            fate.fate, fate.reason = "ignored", "duplicate"
            fate.other = "、".join(f"{holders[c].letter}「{holders[c].header}」" for c in fate.candidates)
            fate.candidates = []


_RANK = {"chosen": 3, "saved": 2, "synonym": 1, "fuzzy": 1}


def _fate(i: int, header: str, vocabulary: Vocabulary, choices: dict, saved: dict, lower: str) -> ColumnFate:
    choice = _choice_for(i, header, choices)
    how = "chosen"
    if choice is None and header_key(header) in saved:
        choice, how = saved[header_key(header)], "saved"
    if choice is not None and (choice == IGNORE or choice in vocabulary.by_field):
        if choice == IGNORE:
            return ColumnFate(i, header, "ignored", reason=how)
        return ColumnFate(i, header, "matched", field=choice, score=1.0, how=how)
    if not header_key(header):
        return ColumnFate(i, header, "ignored", reason="blank")
    if header_key(header) in NOT_NEEDED:
        return ColumnFate(i, header, "ignored", reason="not_needed")
    ranked = vocabulary.best_of(header, lower) if lower else vocabulary.candidates(header)
    good = [c for c in ranked if c.score >= FUZZY_MIN]
    if not good:
        return ColumnFate(i, header, "ignored", reason="unknown", candidates=[c.field for c in ranked[:2]])
    if len(good) > 1 and good[0].score - good[1].score < AMBIGUITY_MARGIN:
        close = [c.field for c in good if good[0].score - c.score < AMBIGUITY_MARGIN]
        return ColumnFate(i, header, "ambiguous", candidates=close)
    return ColumnFate(i, header, "matched", field=good[0].field, score=good[0].score, how=good[0].how)


def _settle(claimants: list[ColumnFate]) -> None:
    """Several columns matched one field: the clearly best keeps it, the others
    are ignored as duplicates; a tie is ambiguous, never a guess."""
    ranked = sorted(claimants, key=lambda f: (-_RANK[f.how], -f.score, f.index))
    best, runner = ranked[0], ranked[1]
    tie = _RANK[best.how] == _RANK[runner.how] and best.score - runner.score < AMBIGUITY_MARGIN
    if tie:
        for fate in ranked:
            if _RANK[fate.how] == _RANK[best.how] and best.score - fate.score < AMBIGUITY_MARGIN:
                others = [f"{o.letter}「{o.header}」" for o in ranked if o is not fate]
                fate.fate, fate.candidates, fate.other = "ambiguous", [fate.field], "、".join(others)
            else:
                fate.fate, fate.reason, fate.other = "ignored", "duplicate", ""
        return
    for fate in ranked[1:]:
        fate.fate, fate.reason, fate.other = "ignored", "duplicate", f"{best.letter}「{best.header}」"
