"""Valid-looking identifiers for fictional firms and people."""
import random

from stdnum.cn import uscc

_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code_check(body: str) -> str:
    """GB 11714 check character of an organisation code body (8 characters)."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_uscc(rng: random.Random, county_code6: str, used: set[str]) -> str:
    """A credit code with a valid check digit, registered in ``county_code6``
    (91 = enterprise registered with the market regulator)."""
    while True:
        body = "".join(rng.choice("0123456789") for _ in range(8))
        org = body + _org_code_check(body)
        if "X" in org:
            continue  # X is not in the USCC alphabet; draw again
        code17 = "91" + county_code6 + org
        code = code17 + uscc.calc_check_digit(code17)
        if code not in used:
            used.add(code)
            return code


def make_mobile(rng: random.Random) -> str:
    return rng.choice(["135", "136", "138", "139", "151", "158", "187", "189", "199"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def uscc_from_number(n: int, county_code6: str = "330282") -> str:
    """A deterministic valid credit code for the n-th firm (tests, benchmarks)."""
    rng = random.Random(n)
    return make_uscc(rng, county_code6, set())
