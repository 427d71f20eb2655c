# English shares the Chinese conventions: ISO dates, grouped counts.
from lianfu.formats.zh_Hans.formats import *  # noqa: F401,F403
