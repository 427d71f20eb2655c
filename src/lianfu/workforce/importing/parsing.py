"""One row of a worker list -> clean values, or every field's error."""
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lianfu.common.importing import RowError, values
from lianfu.registry.importing.parsing import parse_uscc
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.identity import parse_id_number, parse_phone

# Words offices write in a status column, folded to lower case.
STATE_WORDS = {
    WorkerState.AT_WORK: ("在岗", "在职", "正常", "正常在岗", "at work", "at_work", "working"),
    WorkerState.AWAY: ("未返岗", "未返", "未到岗", "未返回", "在外", "在老家", "滞留", "away"),
    WorkerState.RETURNING: ("返程中", "在途", "途中", "returning"),
    WorkerState.BACK: ("已返岗", "已返回", "已到岗", "返岗", "已返", "back"),
    WorkerState.LEFT: ("离职", "已离职", "停保", "减员", "left"),
}
_STATE_OF_WORD = {word: state for state, words in STATE_WORDS.items() for word in words}


def parse_state(text: str) -> WorkerState:
    word = values.fold(text).strip().lower()
    if word not in _STATE_OF_WORD:
        raise RowError("status", _("not a status we know; write one of: %(words)s") % {
            "words": "、".join(words[0] for words in STATE_WORDS.values())})
    return _STATE_OF_WORD[word]


@dataclass
class WorkerRow:
    id_number: str
    name: str
    employer_id: int
    phone: str = ""
    address: str = ""
    insured_from: dt.date | None = None
    position: str = ""
    state: WorkerState | None = None      # None: the file does not say
    wants_return: bool | None = None


class RowParser:
    """Cell text -> WorkerRow. ``employers`` maps credit code -> enterprise id
    for the firms the importer may reach; a code outside it is refused."""

    def __init__(self, employers: dict[str, int], today: dt.date):
        self.employers = employers
        self.today = today
        self.known: dict[str, int | RowError] = {}
        self.insured: dict[str, dt.date | RowError] = {}

    def _id_number(self, text: str) -> str:
        # Today once per import: looking it up per row (timezone.localdate) was
        # a tenth of a 500,000-row import.
        return parse_id_number(text, "id_number", today=self.today)

    def __call__(self, cells: dict[str, str]) -> tuple[WorkerRow, list[RowError]]:
        """The row (its fields that failed left empty) and every field's error."""
        errors: list[RowError] = []

        def attempt(parse, *args, default=None):
            try:
                return parse(*args)
            except RowError as error:
                errors.append(error)
                return default

        id_number = attempt(self._id_number, cells.get("id_number", ""), default="")
        name = cells.get("name", "").strip()
        if not name:
            errors.append(RowError("name", _("the name is missing")))
        elif len(name) > 50:
            errors.append(RowError("name", _("at most 50 characters")))
        employer = attempt(self._employer, cells.get("employer", ""))
        text = {field: cells.get(field, "").strip() for field in
                ("phone", "address", "insured_from", "position", "status", "wants_return")}
        row = WorkerRow(
            id_number=id_number, name=name, employer_id=employer or 0,
            phone=attempt(parse_phone, text["phone"], default="") if text["phone"] else "",
            address=attempt(values.parse_text, text["address"], "address", 200, default="") if text["address"] else "",
            insured_from=attempt(self._insured_from, text["insured_from"]) if text["insured_from"] else None,
            position=attempt(values.parse_text, text["position"], "position", 50, default="") if text["position"]
            else "",
            state=attempt(parse_state, text["status"]) if text["status"] else None,
            wants_return=attempt(values.parse_bool, text["wants_return"], "wants_return")
            if text["wants_return"] else None,
        )
        return row, errors

    def _employer(self, text: str) -> int:
        return self._remembered(self.known, text, self._lookup)

    @staticmethod
    def _remembered(memo: dict, text: str, parse):
        """A county's records name a few thousand employers and insured-from months,
        each many times: each distinct text is parsed once, its error too."""
        found = memo.get(text)
        if found is None:
            try:
                found = parse(text)
            except RowError as error:
                found = error
            memo[text] = found
        if isinstance(found, RowError):
            raise found
        return found

    def _lookup(self, text: str) -> int:
        code = parse_uscc(text, "employer")
        if code not in self.employers:
            raise RowError("employer", _("no enterprise with this credit code in your jurisdiction; import or "
                                         "register the employer first"))
        return self.employers[code]

    def _insured_from(self, text: str) -> dt.date:
        return self._remembered(self.insured, text, self._insured_from_date)

    def _insured_from_date(self, text: str) -> dt.date:
        day = values.parse_date(text, "insured_from")
        if day > self.today:
            raise RowError("insured_from", _("lies in the future"))
        return day
