import factory

from lianfu.accounts.models import User
from lianfu.common.roles import Role

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COUNTY_OFFICER
    division_id = "330282000000"
    password = factory.django.Password(PASSWORD)
