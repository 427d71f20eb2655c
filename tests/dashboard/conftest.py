from tests.chains.conftest import chain, net  # noqa: F401  (the hand-built network)
from tests.restart.conftest import members  # noqa: F401  (a user per in-county supplier)
