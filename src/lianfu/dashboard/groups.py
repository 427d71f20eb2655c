"""The figures by town and by industry as table rows (the overview, the
officers' home and their exports show the same rows), largest first."""
from lianfu.dashboard.metrics import Figures, Tally
from lianfu.registry.models import Division, Industry


def rows_of(groups: dict[str, Tally], names: dict[str, str]) -> list[dict]:
    rows = [{"code": code, "name": names.get(code) or "—", "tally": tally} for code, tally in groups.items()]
    return sorted(rows, key=lambda r: (-r["tally"].firms, r["code"]))


def town_rows(figures: Figures) -> list[dict]:
    names = dict(Division.objects.filter(code__in=list(figures.by_town)).values_list("code", "name"))
    return rows_of(figures.by_town, names)


def industry_rows(figures: Figures) -> list[dict]:
    names = {i.code: i.name for i in Industry.objects.filter(code__in=list(figures.by_industry))}
    return rows_of(figures.by_industry, names)
