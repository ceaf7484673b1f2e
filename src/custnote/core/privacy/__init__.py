"""Personal data: restricted fields, exports, audit log, disclosure, erasure (docs/privacy.md).

This package's modules are imported only where needed; this file holds only what every reader
of notes may need without them."""

#: what a person without the key sees instead of a restricted value
LOCKED = "🔒"

#: the first and last lines of an encrypted value (age's ASCII armour, docs/privacy.md)
ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = "-----END AGE ENCRYPTED FILE-----"


def is_armored(value: object) -> bool:
    """Whether ``value`` is an encrypted value (as written in a note)."""
    return isinstance(value, str) and value.lstrip().startswith(ARMOR_BEGIN)
