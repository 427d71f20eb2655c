"""Import a lead firm's supplier list: one row per link supplier → buyer (the
lead, or a supplier of the same list for tier 2 and deeper), every bad row
reported, good rows landing. Re-running the same file changes nothing."""
from pathlib import Path

from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.chains.domain import ensure_chain
from lianfu.chains.importing import columns as supplier_columns
from lianfu.chains.importing.rows import validate
from lianfu.chains.importing.saving import save
from lianfu.chains.membership import refresh_chains_reaching
from lianfu.common.importing import ImportResult, Progress, no_progress, read_for_import
from lianfu.registry.models import Enterprise


def import_suppliers(path: Path, *, lead: Enterprise, max_bytes: int, user=None, progress: Progress | None = None,
                     choices: dict | None = None, saved: dict | None = None, before_commit=None) -> ImportResult:
    """Read, validate and upsert; ``user`` is recorded in the history rows.
    Suppliers may be anywhere in China, so the whole import sees every
    jurisdiction; who may import for this lead is decided by the caller
    (rule chains.import_suppliers). ``choices``/``saved``: the user's column
    mapping; ``before_commit(result)`` runs inside the transaction (the rejects
    report). Raises TabularError when the file as a whole cannot be read."""
    progress = progress or no_progress
    table = read_for_import(path, supplier_columns.vocabulary(), max_bytes=max_bytes, choices=choices, saved=saved)
    table.plan.check()
    result = ImportResult()
    with scopes_disabled():
        supplier_list = validate(table, lead, result, progress)
        with transaction.atomic():
            buyers = save(supplier_list, result, progress, user)
            if buyers:
                # Existing chains first (the lead's included), so that a chain
                # ensure_chain creates now is computed once, with the new links.
                refresh_chains_reaching({lead.pk, *buyers})
            ensure_chain(actor=user, lead=lead)
            if before_commit:
                before_commit(result)
    return result
