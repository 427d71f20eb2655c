"""A drill's one-page briefing (A4 PDF, fpdf2): title, scenario, headline figures,
the five lead firms hit first and the five firms to protect first.

The font is the WenQuanYi Micro Hei the door posters use (lianfu.common.fonts;
origin and licence: common/data/SOURCES.md)."""
from datetime import datetime, timezone

from django.utils.translation import gettext as _
from fpdf import FPDF

from lianfu.common.fonts import CJK_FACE, CJK_FAMILY, CJK_FONT_PATH

FONT_PATH, FONT_FAMILY = CJK_FONT_PATH, CJK_FAMILY
# fpdf2 stamps the current time into the file; a fixed date makes the same briefing the same bytes.
PDF_CREATION_DATE = datetime(2020, 2, 10, tzinfo=timezone.utc)
ROWS = 5
LINE_MM = 0.55   # line height in mm per point of type size: every line of the page fits in A4


def briefing_pdf(v: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(PDF_CREATION_DATE)
    pdf.set_auto_page_break(False)
    pdf.set_margins(18, 18, 18)
    pdf.add_font(FONT_FAMILY, fname=str(FONT_PATH), collection_font_number=CJK_FACE)
    pdf.add_page()
    figures = v["figures"]

    def line(text: str, size: float = 11) -> None:
        pdf.set_font(FONT_FAMILY, size=size)
        pdf.multi_cell(0, size * LINE_MM, _fit(pdf, text), new_x="LMARGIN", new_y="NEXT")

    line(_("Drill briefing: %(name)s") % {"name": v["drill"].name}, size=18)
    line(_("Run on the supply links of %(day)s") % {"day": v["start"].isoformat()}, size=10)
    for text in v["scenario"]:
        line(text, size=10)
    pdf.ln(3)
    line(_("Headline"), size=14)
    for label, value, note in headline(v):
        line(f"{label}: {value} {note}")
    pdf.ln(3)
    line(_("Lead firms hit first"), size=14)
    for lead in v["leads"][:ROWS]:
        first = [i for i in lead["inputs"] if i["run_out"] is not None][:1]
        below = (_("below 50%% on day %(day)s (%(date)s)") % {"day": lead["first_below"],
                                                              "date": lead["first_below_date"].isoformat()}
                 if lead["first_below"] is not None else _("stays above 50%"))
        runs = (_("; %(item)s runs out on day %(day)s") % {"item": first[0]["item"], "day": first[0]["run_out"]}
                if first else "")
        line(f"· {lead['firm']['name']}: {below}{runs}", size=10)
    if not v["leads"]:
        line(_("No lead firm of the county is hit."), size=10)
    pdf.ln(3)
    line(_("Protect first"), size=14)
    for rank, p in enumerate(v["protect"][:ROWS], start=1):
        line(_("%(rank)s. %(name)s (%(town)s): saves %(saved)s 10,000 yuan a day")
             % {"rank": rank, "name": p["firm"]["name"], "town": p["firm"]["town"], "saved": f"{p['saved']:.2f}"},
             size=10)
    if figures.get("not_in_network"):
        pdf.ln(2)
        line(_("Not on any supply link, so not in the drill: %(names)s") % {"names": "、".join(v["not_in_network"])},
             size=9)
    return bytes(pdf.output())


def headline(v: dict) -> list[tuple[str, str, str]]:
    """(label, figure, note) of the drill's headline figures."""
    f = v["figures"]
    return [
        (_("Firms closed"), f"{f['shocked']} / {f['firms']}", _("of the firms on supply links")),
        (_("Chains hit (lead firms)"), f"{len(f['leads_hit'])} / {f['leads']}", _("of the county's chains")),
        (_("Peak output lost a day (10,000 yuan)"), f"{f['peak_lost']:.2f}",
         _("on day %(day)s") % {"day": f["peak_day"]}),
        (_("Total output lost (10,000 yuan)"), f"{f['total_lost']:.2f}",
         _("over %(days)s days") % {"days": f["horizon"]}),
    ]


def _fit(pdf: FPDF, text: str) -> str:
    """The page holds one briefing: cut a line that would wrap more than twice."""
    limit = (pdf.w - pdf.l_margin - pdf.r_margin) * 2
    if pdf.get_string_width(text) <= limit:
        return text
    while text and pdf.get_string_width(text + "…") > limit:
        text = text[:-1]
    return text + "…"
