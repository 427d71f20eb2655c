"""A worker's home county (origin): from the first six digits of the ID number,
through the retired-code aliases (IDs keep the code of the county of first
registration, often renamed or merged since), else from the household address.
What none of these places is UNKNOWN: counted, never guessed (not even the
city of an unknown county code, which may be a typing error)."""
from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, DivisionAlias
from lianfu.workforce.enums import OriginSource


class OriginResolver:
    """Built once per import: every county code and alias in memory, so that a
    file of 500,000 workers costs no query per row."""

    def __init__(self):
        self.current = {code[:6]: code for code in
                        Division.objects.filter(level=DivisionLevel.COUNTY).values_list("code", flat=True)}
        self.retired = dict(DivisionAlias.objects.values_list("old_code", "division_id"))
        self.by_address: dict[str, str | None] = {}

    def __call__(self, id_number: str, address: str = "") -> tuple[str | None, OriginSource]:
        """(12-digit division code or None, how it was found)."""
        code6 = id_number[:6]
        if code6 in self.current:
            return self.current[code6], OriginSource.ID_NUMBER
        if code6 in self.retired:
            return self.retired[code6], OriginSource.OLD_CODE
        address = (address or "").strip()
        if address:
            if address not in self.by_address:
                match = divisions.county_in_address(address)
                self.by_address[address] = match.division.code if match else None
            if self.by_address[address]:
                return self.by_address[address], OriginSource.ADDRESS
        return None, OriginSource.UNKNOWN
