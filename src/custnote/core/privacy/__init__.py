"""Personal data: restricted fields, exports, audit log, disclosure, erasure (docs/privacy.md).

This package's modules are imported only where needed; this file holds only what every reader
of notes may need without them."""

#: what a person without the key sees instead of a restricted value
LOCKED = "🔒"
