"""Shell completion (bash, zsh, fish): customers, tags, owners, log kinds, ``set`` fields.

``custnote --install-completion`` installs Typer's completion script; the shell then runs
``custnote`` with ``_CUSTNOTE_COMPLETE=complete_<shell>`` for every Tab. Two ways answer it:

- **the fast path** (:func:`fast_complete`), tried first by the entry point before Typer is even
  imported: a customer right after a command that takes one (``custnote show yam<Tab>``), and the
  value of ``--tag``/``--owner``/``--kind``. That is nearly every Tab a person presses, and Python
  with Typer and rich loaded would spend ~100 ms before looking at a single customer;
- **Typer's own completion** for everything else (commands, options, ``set`` fields), through the
  ``autocompletion`` callbacks below, which the command modules attach to their parameters.

Both take their candidates from :mod:`custnote.core.search.completion`; :data:`CUSTOMER_COMMANDS`
and
:data:`VALUE_OPTIONS` say where the fast path applies, and a test checks them against the
parameters that carry these callbacks, so the two ways cannot drift apart.
"""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from custnote.core.notebook.notebook import Notebook
    from custnote.core.notebook.tabstore import TabStore
    from custnote.core.search.completion import Candidate

COMPLETE_VAR = "_CUSTNOTE_COMPLETE"
#: commands whose first argument is a customer (True: an archived one)
CUSTOMER_COMMANDS = {
    "show": False,
    "log": False,
    "history": False,
    "edit": False,
    "set": False,
    "unset": False,
    "rm": False,
    "done": False,
    "unarchive": True,
}
#: (command, option) -> what its value is
VALUE_OPTIONS = {
    ("list", "--tag"): "tag",
    ("export", "--tag"): "tag",
    ("add", "--tag"): "tag",
    ("add", "--owner"): "owner",
    ("list", "--owner"): "owner",
    ("export", "--owner"): "owner",
    ("agenda", "--owner"): "owner",
    ("agenda", "-o"): "owner",
    ("stats", "--owner"): "owner",
    ("stats", "-o"): "owner",
    ("log", "--kind"): "kind",
    ("log", "-k"): "kind",
    ("done", "--kind"): "kind",
    ("done", "-k"): "kind",
}
_GLOBAL_VALUE_OPTIONS = ("-N", "--notebook")


# ------------------------------------------------------------------ candidates


def candidates(
    store: TabStore | None, what: str, typed: str, kinds: Iterable[str] = ()
) -> list[Candidate]:
    """Candidates of one kind (``customer``, ``archived``, ``tag``, ``owner``; ``kind``: one of
    ``kinds``, without a store)."""
    from custnote.core.search import completion

    if what == "kind":
        return completion.word_candidates(kinds, typed)
    assert store is not None
    if what in ("customer", "archived"):
        top = "archive" if what == "archived" else "customers"
        paths = completion.matching_paths(store, typed)
        if paths is None:  # nothing typed yet: the first ones by file name
            paths = store.first_paths(top, completion.LIMIT)
        return completion.customer_candidates(store.summaries_of(paths, top), typed)
    if what == "tag":
        return completion.word_candidates(store.words("tag"), typed)
    if what == "owner":
        return completion.word_candidates(["me", *store.words("owner")], typed)
    raise ValueError(what)


def answer(explicit: str | None, what: str, typed: str) -> list[Candidate]:
    """What to offer: from the note store as it is when its stamp says it is fresh
    (:mod:`custnote.core.notebook.tabstore`: no git, no lock, nothing written), else from the
    notebook opened the full way (its store brought up to date, as any command does)."""
    from custnote.adapters.githead import head_commit
    from custnote.core.notebook import tabstore

    root = tabstore.locate(explicit)
    if root is not None and what == "kind":
        kinds = tabstore.log_kinds(root)
        if kinds is not None:
            return candidates(None, what, typed, kinds)
    elif root is not None:
        fresh = tabstore.open_fresh(root, head_commit(root))
        if fresh is not None:
            try:
                return candidates(fresh, what, typed)
            finally:
                fresh.db.close()
    nb = _open(explicit)
    if nb is None:
        return []
    return candidates(tabstore.TabStore(nb.store().db), what, typed, nb.config.log_kinds)


def _open(explicit: str | None) -> Notebook | None:
    from custnote.core.notebook.notebook import Notebook
    from custnote.errors import CustnoteError

    try:
        return Notebook.open(explicit)
    except CustnoteError:
        return None


# ------------------------------------------------------------------ Typer's callbacks


def _explicit(ctx: Any) -> str | None:
    root = ctx.find_root()
    explicit = root.params.get("notebook") if root.params else None
    return str(explicit) if explicit else None


def _callback(what: str) -> Callable[[Any, str], list[tuple[str, str]]]:
    def complete(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
        try:
            return answer(_explicit(ctx), what, incomplete)
        except Exception:  # a Tab never shows a traceback: it offers nothing
            return []

    complete.__name__ = f"complete_{what}"
    return complete


complete_customer = _callback("customer")
complete_archived = _callback("archived")
complete_tag = _callback("tag")
complete_owner = _callback("owner")
complete_kind = _callback("kind")


def complete_assignment(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """``set`` assignments: field names with ``=``, ``+=``, ``-=``."""
    from custnote.core.search.completion import field_candidates

    try:
        nb = _open(_explicit(ctx))
        return field_candidates(incomplete, nb.config.custom_fields if nb else None)
    except Exception:  # a Tab never shows a traceback: it offers nothing
        return []


CUSTOMER_HELP = "Id, name, reading, email, phone or file name."


def customer_argument(help: str = CUSTOMER_HELP, *, archived: bool = False) -> Any:
    """The ``CUSTOMER`` argument of a command, completed with customers (or archived ones)."""
    import typer

    callback = complete_archived if archived else complete_customer
    return typer.Argument(..., help=help, autocompletion=callback)


def tag_filter_option() -> Any:
    """``--tag`` of the commands that select customers (repeatable), completed with tags."""
    import typer

    return typer.Option(
        [], "--tag", help="Only customers with this tag (repeatable).", autocompletion=complete_tag
    )


def owner_filter_option() -> Any:
    """``--owner`` of the commands that select customers, completed with owners."""
    import typer

    return typer.Option(
        None, "--owner", help="Only this person's customers.", autocompletion=complete_owner
    )


def kind_option(help: str) -> Any:
    """``--kind``/``-k`` of a log entry (default ``note``), completed with the notebook's kinds."""
    import typer

    return typer.Option("note", "--kind", "-k", help=help, autocompletion=complete_kind)


#: the callback for each kind of value (the command modules attach these)
CALLBACKS = {
    "customer": complete_customer,
    "archived": complete_archived,
    "tag": complete_tag,
    "owner": complete_owner,
    "kind": complete_kind,
}


# ------------------------------------------------------------------ the fast path


def _words(environ: Mapping[str, str], shell: str) -> tuple[list[str], str] | None:
    """(the words before the one being completed, that word), as each shell passes them."""
    try:
        if shell == "bash":
            words = shlex.split(environ["COMP_WORDS"])
            cword = int(environ["COMP_CWORD"])
            return words[1:cword], words[cword] if cword < len(words) else ""
        line = environ.get("_TYPER_COMPLETE_ARGS", "")
        words = shlex.split(line)[1:]
        if words and not line.endswith(" "):
            return words[:-1], words[-1]
        return words, ""
    except (KeyError, ValueError):
        return None


def _target(args: list[str], typed: str) -> tuple[str | None, str] | None:
    """(the -N notebook or None, what to complete) when the fast path applies, else None."""
    explicit = None
    while len(args) >= 2 and args[0] in _GLOBAL_VALUE_OPTIONS:
        explicit, args = args[1], args[2:]
    if args and args[0].startswith("--notebook="):
        explicit, args = args[0].partition("=")[2], args[1:]
    if not args or typed.startswith("-"):
        return None
    command, rest = args[0], args[1:]
    if rest and (command, rest[-1]) in VALUE_OPTIONS:
        return explicit, VALUE_OPTIONS[(command, rest[-1])]
    if not rest and command in CUSTOMER_COMMANDS:
        return explicit, "archived" if CUSTOMER_COMMANDS[command] else "customer"
    return None


def format_for(shell: str, items: list[Candidate]) -> str:
    """The answer in the form Typer's completion scripts read (bash, zsh, fish)."""
    if shell == "bash":
        return "\n".join(value for value, _ in items)
    if shell == "fish":
        return "\n".join(f"{v}\t{' '.join(h.split())}" if h else v for v, h in items)

    def esc(s: str) -> str:  # zsh, as Typer's ZshComplete escapes
        for old, new in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`"), (":", r"\\:")):
            s = s.replace(old, new)
        return s

    if not items:
        return "_files"
    lines = "\n".join(f'"{esc(v)}":"{esc(h)}"' if h else f'"{esc(v)}"' for v, h in items)
    return f"_arguments '*: :(({lines}))'"


def fast_complete(environ: Mapping[str, str]) -> tuple[str, int] | None:
    """(text to print, exit code) for a Tab the fast path answers; None leaves it to Typer."""
    instruction = environ.get(COMPLETE_VAR, "")
    shell = instruction.removeprefix("complete_")
    if shell not in ("bash", "zsh", "fish"):
        return None
    words = _words(environ, shell)
    target = _target(*words) if words else None
    if target is None:
        return None
    explicit, what = target  # else $CUSTNOTE_NOTEBOOK, the current folder's, the default
    items = answer(explicit, what, words[1]) if words else []
    if shell == "fish" and environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return "", 0 if items else 1
    return format_for(shell, items), 0


def main() -> None:
    """The ``custnote`` entry point: the fast completion path, else the Typer app."""
    if COMPLETE_VAR in os.environ:
        try:
            reply = fast_complete(os.environ)
        except Exception:  # a Tab never shows a traceback: it offers nothing
            reply = ("", 0)
        if reply is not None:
            text, code = reply
            if text:
                with contextlib.suppress(BrokenPipeError):
                    print(text, flush=True)
            raise SystemExit(code)
    from custnote.cli.app import main as app_main

    app_main()
