"""Personal data at rest: a keyed hash to match and deduplicate without the
clear value, and sealed (encrypted, authenticated) copies that only a logged
reveal opens.

The hash is keyed BLAKE2b (a MAC by design, RFC 7693 §2.9) under
LIANFU_PII_HASH_KEY: without the key a stolen database cannot be matched
against the 10^9 or so plausible ID numbers by brute force, as a plain hash
could. Seals are Fernet tokens under LIANFU_PII_KEYS (MultiFernet: the first key
seals, all of them open, so keys rotate); one seal holds all of a record's
personal fields, so a row costs one encryption."""
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

# 128 bits: collisions among a county's few million people are out of reach
# (birthday bound ~2^64), and the column stays short (32 hex digits).
HASH_BYTES = 16
# Sealed fields are joined with the ASCII unit separator (replaced by a space
# should a field itself contain one).
SEPARATOR = "\x1f"


@lru_cache(maxsize=4)
def _hasher(key: str):
    return hashlib.blake2b(key=key.encode()[:64], digest_size=HASH_BYTES)


def keyed_hash(value: str) -> str:
    hasher = _hasher(settings.LIANFU_PII_HASH_KEY).copy()
    hasher.update(value.encode())
    return hasher.hexdigest()


@lru_cache(maxsize=4)
def _sealer(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def seal(*fields: str) -> str:
    """One token for a record's personal fields, in the caller's fixed order."""
    return _sealer(tuple(settings.LIANFU_PII_KEYS)).encrypt(
        SEPARATOR.join(field.replace(SEPARATOR, " ") for field in fields).encode()).decode()


class SealBroken(Exception):
    """The token was altered, or sealed under a key no longer configured."""


def unseal(token: str) -> list[str]:
    if not token:
        return []
    try:
        return _sealer(tuple(settings.LIANFU_PII_KEYS)).decrypt(token.encode()).decode().split(SEPARATOR)
    except InvalidToken:
        raise SealBroken from None


def new_key() -> str:
    return Fernet.generate_key().decode()
