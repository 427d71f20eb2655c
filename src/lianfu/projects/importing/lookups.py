"""What a project list's cells name in the database: the town, the industry,
the responsible officer (a lianfu user) and the firms (builder, investor), each
read once per file."""
from django.db.models import Q
from django.utils.translation import gettext as _

from lianfu.accounts.models import User
from lianfu.common.importing import RowError, values
from lianfu.projects.rules import OFFICER_ROLES, may_be_in_charge
from lianfu.registry.importing.parsing import TownResolver, parse_uscc
from lianfu.registry.models import Division, Enterprise, Industry


def looks_like_uscc(text: str) -> bool:
    """18 letters and digits: a credit code (checked then), not a firm's name."""
    code = values.clean_code(text)
    return len(code) == 18 and code.isascii() and code.isalnum()


class Lookups:
    """Built for one file of one county (read with scopes disabled by the caller)."""

    def __init__(self, county: Division, firm_texts: set[str]):
        self.county = county
        self.town_of = TownResolver(county)
        self.industry_codes = set(Industry.objects.values_list("code", flat=True))
        self.industry_names = {name: code for code, zh, en in Industry.objects.values_list("code", "name_zh", "name_en")
                               for name in (zh, en.lower())}
        self.officers = list(User.objects.filter(role__in=OFFICER_ROLES, is_active=True).filter(
            Q(division__code__startswith=county.prefix) | Q(department__county=county))
            .select_related("department"))
        self._firms = self._read_firms(firm_texts)
        self._towns: dict[str, Division] = {}

    def town(self, text: str) -> Division:
        code = self.town_of(text)
        if code not in self._towns:
            self._towns[code] = Division.objects.get(code=code)
        return self._towns[code]

    def industry(self, text: str) -> str:
        code = values.clean_code(text)
        if len(code) >= 3 and code[0].isalpha() and code[1:].isdigit():
            code = code[1:]                      # "C3857" → "3857"
        if code in self.industry_codes:
            return code
        by_name = self.industry_names.get(values.fold(text)) or self.industry_names.get(values.fold(text).lower())
        if by_name:
            return by_name
        raise RowError("industry", _("「%(value)s」 is not a GB/T 4754-2017 industry code or name (3857, C38 or "
                                     "电气机械和器材制造业)") % {"value": text})

    def officer(self, text: str, town: Division | None) -> User:
        """By username, else by name (first name) when one user of the county has it."""
        found = [u for u in self.officers if u.username == text] or [u for u in self.officers if u.first_name == text]
        if not found:
            raise RowError("officer", _("no lianfu officer of the county is called 「%(value)s」: write their "
                                        "username, or leave the cell blank and choose the officer on the "
                                        "project's page") % {"value": text})
        if len(found) > 1:
            raise RowError("officer", _("several users are called 「%(value)s」 (%(usernames)s): write the "
                                        "username") % {"value": text,
                                                       "usernames": ", ".join(u.username for u in found)})
        user = found[0]
        if town is not None and not may_be_in_charge(user, town.code):
            raise RowError("officer", _("%(name)s's jurisdiction does not cover %(town)s") % {
                "name": user.display_name, "town": town.name})
        return user

    def _read_firms(self, texts: set[str]) -> dict[str, Enterprise]:
        codes, names = set(), set()
        for text in texts:
            if looks_like_uscc(text):
                codes.add(values.clean_code(text))
            else:
                names.add(text.strip())
        firms = {}
        for firm in Enterprise.objects.filter(uscc__in=codes):
            firms[firm.uscc] = firm
        by_name: dict[str, list[Enterprise]] = {}
        for firm in Enterprise.objects.filter(name__in=names, division__code__startswith=self.county.prefix):
            by_name.setdefault(firm.name, []).append(firm)
        firms.update({name: found[0] for name, found in by_name.items() if len(found) == 1})
        return firms

    def firm(self, text: str, field: str) -> Enterprise:
        """A firm by its credit code (anywhere) or its registered name (in the county)."""
        if looks_like_uscc(text):
            code = parse_uscc(text, field)
            if code in self._firms:
                return self._firms[code]
            raise RowError(field, _("no enterprise with the credit code %(code)s is registered: register it "
                                    "first, or leave the cell blank") % {"code": code})
        if text.strip() in self._firms:
            return self._firms[text.strip()]
        raise RowError(field, _("「%(value)s」 is not the name of one enterprise registered in the county: give its "
                                "credit code, or leave the cell blank") % {"value": text})
