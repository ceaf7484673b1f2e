"""YAML as custnote reads and writes it: libyaml where installed, and one readable style.

Import this module inside the functions that read or write YAML, not at module level:
``import yaml`` takes about 10 ms (its pure-Python reader compiles large regular expressions
even when libyaml does the work), which commands that never read a note, such as ``search``,
should not pay.
"""

from __future__ import annotations

from typing import Any

import yaml

from custnote.core.privacy import ARMOR_BEGIN

YAMLError = yaml.YAMLError
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """Block mappings, one-line lists of plain values, empty for null: the readable style."""


#: The same style on libyaml's emitter, about four times faster (serialising 10,000 notes for an
#: import: 9 s with the pure-Python one). libyaml escapes characters beyond the BMP (emoji become
#: ``\U0001F600``), so :func:`dump` falls back to :class:`_Dumper` for those.
_FastDumper = type("_FastDumper", (getattr(yaml, "CSafeDumper", yaml.SafeDumper),), {})


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(not isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_none(dumper: yaml.SafeDumper, _data: None) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """An encrypted value (docs/privacy.md) as a literal block: its armour lines as they are."""
    if data.startswith(ARMOR_BEGIN):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_str(data)


for _dumper in (_Dumper, _FastDumper):
    _dumper.add_representer(str, _represent_str)
    _dumper.add_representer(dict, _represent_dict)
    _dumper.add_representer(list, _represent_list)
    _dumper.add_representer(type(None), _represent_none)


class AnchorRefusedError(yaml.MarkedYAMLError):
    """The text uses a YAML anchor (``&name``) or alias (``*name``).

    Front-matter is plain data written by people: aliases are never needed there, and nested
    ones fan out (a few hundred bytes that expand to billions of values, which made ``show``
    run for minutes). They are refused before anything is built (docs/security.md)."""

    def __init__(self, mark: Any, name: str):
        super().__init__(
            problem=f"YAML anchors and aliases (&{name}, *{name}) are not accepted",
            problem_mark=mark,
        )


def refuse_anchors(text: str) -> None:
    """Raise :class:`AnchorRefusedError` if ``text`` has an anchor or alias. Only text that has
    a ``&`` or ``*`` at all is parsed for it (libyaml's event parser: no values are built)."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_Loader):
        name = getattr(event, "anchor", None)
        if name is not None:
            raise AnchorRefusedError(event.start_mark, name)


def load(text: str) -> Any:
    """The value of a YAML document (safe: plain data only, no anchors or aliases). Raises
    :data:`YAMLError` (:class:`AnchorRefusedError` for an anchor or alias)."""
    refuse_anchors(text)
    return yaml.load(text, Loader=_Loader)


class Stamp(str):
    """A scalar YAML reads as a timestamp, kept as its text (the agenda's tolerant reading of
    the front-matter, :mod:`custnote.core.agenda.fact_reader`: one impossible date is a problem
    with that field, not with the note); :func:`with_timestamps` makes it what :func:`load`
    gives."""

    __slots__ = ()


def timestamp_text_loader() -> type:
    """The safe loader with timestamps left as :class:`Stamp` text."""
    loader = type("TextDatesLoader", (_Loader,), {})
    loader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda ld, node: Stamp(ld.construct_scalar(node))
    )
    return loader


def with_timestamps(value: Any) -> Any:
    """``value`` as :func:`load` reads it: each :class:`Stamp` (also in nested keys and
    lists) made a date or datetime by YAML's own rule; raises ValueError for an impossible
    one, as :func:`load` does."""
    if isinstance(value, Stamp):
        node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", str(value))
        return yaml.constructor.SafeConstructor().construct_yaml_timestamp(node)
    if isinstance(value, dict):
        return {with_timestamps(k): with_timestamps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_timestamps(v) for v in value]
    return value


def dump(mapping: dict[str, Any]) -> str:
    """YAML text for a mapping in custnote's readable style (see :class:`_Dumper`)."""
    options = {"allow_unicode": True, "sort_keys": False, "width": 4096}
    text = yaml.dump(mapping, Dumper=_FastDumper, **options)
    if "\\U" in text or "! ''" in text:
        text = yaml.dump(mapping, Dumper=_Dumper, **options)
    return text
