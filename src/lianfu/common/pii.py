"""Personal data at rest: a keyed hash to match and deduplicate without the
clear value, and sealed (encrypted, authenticated) copies that only a logged
reveal opens.

The hash is keyed BLAKE2b (a MAC by design, RFC 7693 §2.9) under
LIANFU_PII_HASH_KEY: without the key a stolen database cannot be matched
against the 10^9 or so plausible ID numbers by brute force, as a plain hash
could. One seal holds all of a record's personal fields, so a row costs one
encryption.

Seals are AES-256-GCM (authenticated) under keys derived by HKDF-SHA256 from
each of LIANFU_PII_KEYS: the first key seals, every one listed opens, so a key
is rotated by putting the new one first. A token is "g1." and the url-safe
base64 of a random 96-bit nonce and the ciphertext; random nonces keep a key
safe for some 2^32 seals, a thousand times a county's workers. Seals made
before (Fernet tokens under the same keys, ten times slower to make: a fifth of
a 500,000-row import) still open."""
import base64
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
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


def phone_key(phone: str) -> str:
    """The keyed hash a phone number is found by ("" for no phone), in its own
    domain: never equal to the hash of an ID number written the same way."""
    return keyed_hash("phone:" + phone) if phone else ""


SEAL_PREFIX = "g1."
NONCE_BYTES = 12
# Binds the derived keys to this one use: the same configured key never serves
# two purposes (Fernet's own use of it, for older seals, is the other).
SEAL_KEY_INFO = b"lianfu personal data seal, AES-256-GCM, v1"


@lru_cache(maxsize=4)
def _aeads(keys: tuple[str, ...]) -> tuple[AESGCM, ...]:
    return tuple(AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEAL_KEY_INFO).derive(
        base64.urlsafe_b64decode(key))) for key in keys)


@lru_cache(maxsize=4)
def _fernets(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def seal(*fields: str) -> str:
    """One token for a record's personal fields, in the caller's fixed order."""
    nonce = os.urandom(NONCE_BYTES)
    data = SEPARATOR.join(field.replace(SEPARATOR, " ") for field in fields).encode()
    sealed = _aeads(tuple(settings.LIANFU_PII_KEYS))[0].encrypt(nonce, data, None)
    return SEAL_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


class SealBroken(Exception):
    """The token was altered, or sealed under a key no longer configured."""


def unseal(token: str) -> list[str]:
    if not token:
        return []
    keys = tuple(settings.LIANFU_PII_KEYS)
    if not token.startswith(SEAL_PREFIX):
        try:
            return _fernets(keys).decrypt(token.encode()).decode().split(SEPARATOR)
        except InvalidToken:
            raise SealBroken from None
    try:
        raw = base64.urlsafe_b64decode(token[len(SEAL_PREFIX):].encode())
    except ValueError:
        raise SealBroken from None
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for aead in _aeads(keys):
        try:
            return aead.decrypt(nonce, sealed, None).decode().split(SEPARATOR)
        except (InvalidTag, ValueError):
            continue
    raise SealBroken


def new_key() -> str:
    return Fernet.generate_key().decode()
