"""Personal data is shown masked unless the viewer may reveal it (and that is logged)."""


def mask_phone(phone: str) -> str:
    digits = (phone or "").strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_id_number(number: str) -> str:
    """330282********1234: region kept, birth date and sequence hidden."""
    value = (number or "").strip()
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_address(address: str, keep: int = 6) -> str:
    """安徽省阜阳市****: the province and city a reader may see, the rest hidden."""
    value = (address or "").strip()
    return value[:keep] + "****" if len(value) > keep else "*" * len(value)
