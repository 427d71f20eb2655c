"""Sealed personal data: what goes in comes out, an altered token or a key no
longer configured opens nothing, keys rotate (the first seals, all open), and
seals made before (Fernet tokens) still open."""
import pytest
from cryptography.fernet import Fernet

from lianfu.common import pii

FIELDS = ("341221199001010773", "13700001111", "安徽省阜阳市临泉县城关镇\x1f8号")
OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_seal_opens_to_its_fields_and_two_seals_of_them_differ(settings):
    settings.LIANFU_PII_KEYS = [OLD_KEY]
    token = pii.seal(*FIELDS)
    assert token.startswith("g1.") and FIELDS[0] not in token
    # The separator inside a field becomes a space (the fields stay three).
    assert pii.unseal(token) == [FIELDS[0], FIELDS[1], "安徽省阜阳市临泉县城关镇 8号"]
    assert pii.seal(*FIELDS) != token                     # a fresh nonce each time
    assert pii.unseal("") == []


@pytest.mark.parametrize("alter", [
    lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1],      # a ciphertext or tag character changed
    lambda t: t[:5] + ("A" if t[5] != "A" else "B") + t[6:],        # a nonce character changed
    lambda t: t[:20],                                               # cut short
    lambda t: "g1.!!!not base64!!!",
    lambda t: "not a token at all",
])
def test_an_altered_token_opens_nothing(settings, alter):
    settings.LIANFU_PII_KEYS = [OLD_KEY]
    with pytest.raises(pii.SealBroken):
        pii.unseal(alter(pii.seal(*FIELDS)))


def test_keys_rotate_the_first_seals_every_one_listed_opens(settings):
    settings.LIANFU_PII_KEYS = [OLD_KEY]
    old = pii.seal(*FIELDS)
    settings.LIANFU_PII_KEYS = [NEW_KEY, OLD_KEY]
    new = pii.seal(*FIELDS)
    assert pii.unseal(old)[0] == pii.unseal(new)[0] == FIELDS[0]
    settings.LIANFU_PII_KEYS = [NEW_KEY]                  # the old key retired
    assert pii.unseal(new)[0] == FIELDS[0]
    with pytest.raises(pii.SealBroken):
        pii.unseal(old)


def test_fernet_seals_made_before_still_open(settings):
    settings.LIANFU_PII_KEYS = [NEW_KEY, OLD_KEY]
    earlier = Fernet(OLD_KEY.encode()).encrypt(pii.SEPARATOR.join(FIELDS[:2]).encode()).decode()
    assert pii.unseal(earlier) == list(FIELDS[:2])
    settings.LIANFU_PII_KEYS = [NEW_KEY]
    with pytest.raises(pii.SealBroken):
        pii.unseal(earlier)
