import factory
from django_scopes import scopes_disabled

from lianfu.demo.codes import uscc_from_number
from lianfu.registry.models import Enterprise


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: uscc_from_number(n + 10_000))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    division_id = "330282004000"
    industry_id = "3857"
    above_scale = False
    employees = 50
    contact_name = "张三"
    contact_phone = "13812345678"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)
