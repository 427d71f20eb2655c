"""The kinds of ``lianfu import KIND FILE``. Each app registers its own kind
from its AppConfig.ready(), so the command (in common) names no app and every
app stays in its layer."""
from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CliKind:
    kind: str
    help: str
    labels: dict                                    # field -> label, for --map and the summary
    run_job: Callable                               # run_job(job, progress) -> ImportJob
    # may_import(user) -> None, raising CommandError with the reason when not;
    # returns the job's own options (e.g. the lead firm of a supplier list).
    prepare: Callable[[object, dict], dict]
    add_arguments: Callable[[ArgumentParser], None] = lambda parser: None
    who: str = "limited to their jurisdiction"      # what --as means for this kind


KINDS: dict[str, CliKind] = {}


def register(kind: CliKind) -> None:
    KINDS[kind.kind] = kind
