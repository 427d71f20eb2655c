import pytest

from lianfu.common.roles import Role
from tests.chains.conftest import chain, net, stages  # noqa: F401  (the hand-built network)
from tests.factories.accounts import UserFactory


@pytest.fixture
def members(net, chain):
    """A user for each in-county supplier of the chain: a, b, s, t."""
    return {key: UserFactory(username=f"p_{key}", role=Role.ENTERPRISE_USER, division_id=None, enterprise=net[key])
            for key in ("a", "b", "s", "t")}
