"""The demo steps, in order. Later features append theirs."""
from lianfu.demo.accounts_step import accounts_step
from lianfu.demo.registry_step import registry_step

STEPS = [registry_step, accounts_step]
