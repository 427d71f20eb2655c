"""A hand-built network used across the chain tests.

    lead L ← A (tier 1) ← S (tier 2) ← T (tier 3)
           ← B (tier 1) ← S                (S shared by A and B)
           ← C (tier 1, outside the county: 余姚)  ← L (a cycle back to the lead)
    A ← B (B also supplies A: B appears at tier 1 and tier 2)
"""
import pytest

from lianfu.demo.codes import uscc_from_number
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

YUYAO = "330281"


@pytest.fixture
def net(db, firm_x):
    lead = firm_x
    a = EnterpriseFactory(name="甲铜业", division_id=TOWN_A)
    b = EnterpriseFactory(name="乙冲压", division_id=TOWN_B)
    c = EnterpriseFactory(name="丙轴承", division_id=None, uscc=uscc_from_number(7, YUYAO))
    s = EnterpriseFactory(name="丁电镀", division_id=TOWN_B)
    t = EnterpriseFactory(name="戊钢材", division_id=TOWN_A)
    link(a, lead, 300, item="铜件", stock_days=3)
    link(b, lead, 100, item="冲压件")
    link(c, lead, 600, item="轴承")
    link(s, a, 50, item="镀件")
    link(s, b, 20, item="镀件")
    link(t, s, 10, item="钢板")
    link(lead, c, 5, item="成品回购")
    link(b, a, 70, item="冲压件")
    return {"lead": lead, "a": a, "b": b, "c": c, "s": s, "t": t}


@pytest.fixture
def chain(net):
    from lianfu.chains.domain import ensure_chain
    return ensure_chain(actor=None, lead=net["lead"])


@pytest.fixture
def stages(net):
    """A restarted, B and S surveyed, C filed, T never surveyed (no row)."""
    from django.utils import timezone

    from lianfu.registry.models import EnterpriseStage
    for key, stage in (("a", "restarted"), ("b", "surveyed"), ("s", "surveyed"), ("c", "filed")):
        EnterpriseStage.objects.create(enterprise=net[key], stage=stage, since=timezone.now())
