from decimal import Decimal

import factory
from django_scopes import scopes_disabled

from lianfu.chains.enums import Essential, LinkSource
from lianfu.chains.models import SupplyLink


class SupplyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplyLink

    item = "零件"
    annual_value = Decimal("100.00")
    essential = Essential.UNKNOWN
    source = LinkSource.BUYER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


def link(supplier, buyer, value=100, **extra) -> SupplyLink:
    return SupplyLinkFactory(supplier=supplier, buyer=buyer, annual_value=Decimal(value), **extra)
