"""Demo step: departments, office buildings and enterprises of the county."""
import math

from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.demo import names
from lianfu.demo.codes import make_mobile, make_uscc
from lianfu.demo.context import DemoContext
from lianfu.registry.models import Department, Division, Enterprise, Industry, OfficeBuilding

# The county departments every helpdesk category routes to (code, 中文, English).
DEPARTMENTS = (
    ("economy", "经信局", "Bureau of Economy and Information Technology"),
    ("transport", "交通运输局", "Transport Bureau"),
    ("finance", "金融办", "Financial Affairs Office"),
    ("labour", "人社局", "Human Resources and Social Security Bureau"),
    ("health", "卫健局", "Health Commission"),
    ("approval", "行政审批局", "Administrative Approval Bureau"),
    ("tax", "税务局", "Tax Bureau"),
    ("commerce", "商务局", "Commerce Bureau"),
    ("development", "发改局", "Development and Reform Bureau"),
    ("housing", "住建局", "Housing and Urban-Rural Development Bureau"),
)
ABOVE_SCALE_SHARE = 0.06
CENTRE = (30.17, 121.27)  # roughly the county seat


def create_departments(ctx: DemoContext) -> None:
    for code, zh, en in DEPARTMENTS:
        Department.objects.get_or_create(county=ctx.county, code=code, defaults={"name_zh": zh, "name_en": en})


def _towns(ctx: DemoContext) -> list[Division]:
    towns = ctx.towns()
    if not towns:
        raise RuntimeError(f"no towns under {ctx.county.code}: load the division data first (migrate)")
    return towns


def create_buildings(ctx: DemoContext, towns: list[Division]) -> None:
    rng = ctx.rng("buildings")
    districts = [t for t in towns if t.name.endswith("街道")] or towns
    for i, base in enumerate(names.OFFICE_BUILDINGS * 2):
        town = districts[i % len(districts)]
        name = f"{rng.choice(names.BRAND_CHARS)}{rng.choice(names.BRAND_CHARS)}{base}"
        area = rng.choice([2800, 3600, 4500, 5200, 8000, 12000, 18000, 26000, 41000])
        OfficeBuilding.objects.get_or_create(town=town, name=name, defaults={
            "floor_area_m2": area, "address": f"{town.name}{rng.choice(names.ROADS)}{rng.randint(1, 999)}号"})


def _industry_picker(ctx: DemoContext):
    known = set(Industry.objects.values_list("code", flat=True))
    clusters = [(code if code in known else code[:2], share, words) for code, share, words in names.CLUSTERS]
    weights = [share for _, share, _ in clusters]
    rng = ctx.rng("industries")
    return lambda: rng.choices(clusters, weights=weights)[0]


def _town_picker(ctx: DemoContext, towns: list[Division]):
    rng = ctx.rng("town-weights")
    weights = [rng.uniform(0.4, 2.0) for _ in towns]
    centres = {t.code: (CENTRE[0] + rng.uniform(-0.12, 0.12), CENTRE[1] + rng.uniform(-0.3, 0.3)) for t in towns}
    pick = ctx.rng("towns")
    return lambda: pick.choices(towns, weights=weights)[0], centres


def build_enterprise(ctx, rng, used_codes, used_names, town, centre, cluster) -> Enterprise:
    industry_code, _share, words = cluster
    above = rng.random() < ABOVE_SCALE_SHARE
    while True:
        brand = rng.choice(names.BRAND_CHARS) + rng.choice(names.BRAND_CHARS)
        name = f"慈溪市{brand}{rng.choice(words)}{rng.choice(names.COMPANY_FORMS)}"
        if name not in used_names:
            used_names.add(name)
            break
    employees = int(math.exp(rng.gauss(5.6, 0.8))) if above else max(3, int(math.exp(rng.gauss(3.0, 0.9))))
    return Enterprise(
        uscc=make_uscc(rng, ctx.county.code[:6], used_codes), name=name, short_name=brand + words[0][:2],
        division=town, address=f"{town.name}{rng.choice(names.ROADS)}{rng.randint(1, 2999)}号",
        industry_id=industry_code, above_scale=above, employees=employees,
        contact_name=rng.choice(names.SURNAMES) + rng.choice(names.GIVEN) + rng.choice(["", *names.GIVEN]),
        contact_phone=make_mobile(rng),
        latitude=round(centre[0] + rng.gauss(0, 0.015), 6), longitude=round(centre[1] + rng.gauss(0, 0.02), 6),
    )


def create_enterprises(ctx: DemoContext, towns: list[Division]) -> None:
    rng = ctx.rng("enterprises")
    pick_industry = _industry_picker(ctx)
    pick_town, centres = _town_picker(ctx, towns)
    used_codes, used_names = set(), set()
    batch: list[Enterprise] = []
    for i in range(ctx.firm_count):
        town = pick_town()
        batch.append(build_enterprise(ctx, rng, used_codes, used_names, town, centres[town.code], pick_industry()))
        if len(batch) == 2000 or i == ctx.firm_count - 1:
            Enterprise.objects.bulk_create(batch)
            batch = []
            ctx.progress("enterprises", i + 1, ctx.firm_count)
    ctx.enterprise_ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))


def registry_step(ctx: DemoContext) -> None:
    with scopes_disabled(), transaction.atomic():
        towns = _towns(ctx)
        create_departments(ctx)
        create_buildings(ctx, towns)
        create_enterprises(ctx, towns)
