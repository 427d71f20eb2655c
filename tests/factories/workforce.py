"""Valid resident ID numbers for tests: region, birth date, sequence, the right check character."""
from stdnum.cn import ric


def id_number(region: str = "341221", born: str = "19900101", sequence: int = 1) -> str:
    base = f"{region}{born}{sequence:03d}"
    return base + ric.calc_check_digit(base + "0")


def make_worker(firm, name: str, *, number: str, history, phone: str = "13800000000"):
    """A stored worker and their state changes: ``history`` = [(day, state) or (day, state, firm)]."""
    from django_scopes import scopes_disabled

    from lianfu.common import pii
    from lianfu.common.masking import mask_id_number, mask_phone
    from lianfu.workforce import roster_days
    from lianfu.workforce.enums import OriginSource, StateSource
    from lianfu.workforce.models import Worker, WorkerStateChange

    with scopes_disabled():
        *_, last = history
        last_firm = last[2] if len(last) > 2 else firm
        worker = Worker.objects.create(
            enterprise=last_firm, name=name, id_hash=pii.keyed_hash(number), id_masked=mask_id_number(number),
            phone_masked=mask_phone(phone), phone_hash=pii.phone_key(phone), sealed=pii.seal(number, phone, ""),
            sealed_digest="x",
            origin_id=number[:6].ljust(12, "0"), origin_source=OriginSource.ID_NUMBER, state=last[1],
            state_since=last[0])
        with roster_days.kept([worker.pk]):     # as every writer of state changes does
            for step in history:
                WorkerStateChange.objects.create(worker=worker, enterprise=step[2] if len(step) > 2 else firm,
                                                 day=step[0], state=step[1], source=StateSource.IMPORT)
    return worker
