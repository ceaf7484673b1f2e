"""Typer without pydantic for plain parameters (saves 0.1–0.4 s on every command).

Typer 0.29 coerces each command-line value through a pydantic ``TypeAdapter``, so every command
with a ``str`` or ``int`` parameter imports pydantic, which costs more than the rest of a
``custnote search`` together. Parameters annotated ``str``, ``int``, ``float`` or ``Path``
(optionally ``X | None`` or ``list[X]``) without choices or ranges need none of it: they are
converted directly here, everything else still goes through Typer's own path.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer import _coercion
from typer import core as typer_core
from typer._click.exceptions import BadParameter


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("0", "false", "f", "no", "n", "off"):
        return False
    raise ValueError("expected true or false")


_PLAIN: dict[Any, Callable[[Any], Any]] = {
    str: str, int: int, float: float, Path: Path, bool: _bool,
}  # fmt: skip


@dataclass(frozen=True)
class _PlainParam(_coercion.RuntimeParam):
    convert: Callable[[Any], Any]
    many: bool

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            if self.many:
                return [self.convert(v) for v in value]
            return self.convert(value)
        except (TypeError, ValueError) as exc:
            label = {int: "integer", float: "number", _bool: "boolean"}.get(self.convert, "value")
            raise BadParameter(f"{value!r} is not a valid {label}.", ctx=ctx, param=param) from exc


def _plain(annotation: Any) -> tuple[Callable[[Any], Any], bool] | None:
    many = typing.get_origin(annotation) is list
    if many:
        (annotation,) = typing.get_args(annotation) or (None,)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else None
    convert = _PLAIN.get(annotation)
    return (convert, many) if convert else None


def _build(descriptor: _coercion.TypeDescriptor) -> _coercion.RuntimeParam:
    plain = _plain(descriptor.annotation)
    simple = not (descriptor.is_file or descriptor.is_choice or descriptor.is_ranged)
    if plain and simple:
        return _PlainParam(descriptor.parameter_info, descriptor.annotation, *plain)
    return _original(descriptor)


_original = _coercion.build_runtime_param


def install() -> None:
    """Route plain parameters around pydantic (idempotent)."""
    typer_core.build_runtime_param = _build
