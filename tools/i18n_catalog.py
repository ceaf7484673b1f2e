"""Keep the gettext catalogs of custnote current (docs/i18n.md).

    python tools/i18n_catalog.py update    # the code's messages -> locale/*/custnote.po
    python tools/i18n_catalog.py compile   # custnote.po -> custnote.mo, beside it

Messages come from two places: ``_()``, ``N_()``, ``ngettext()``, ``gettext_in()`` and
``ngettext_in()`` calls (Babel's Python extractor), and the help of every command and option as
``--help`` shows it (collected from the commands themselves, since Typer takes it from
docstrings and ``help=``).

Babel (BSD) is a development dependency only: it extracts, merges and compiles, where the
standard library has no extractor for keyword arguments and docstrings, no merge, and only a
``msgfmt.py`` script that is not installed; at run time custnote reads the ``.mo`` with the
standard library's ``gettext``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "custnote"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("ja", "en")
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "gettext_in": (2,),
    "ngettext_in": (2, 3),
    "_in": (2,),
}


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "custnote.po"


def help_texts() -> list[str]:
    """Every help text ``--help`` can show, as the catalog keys it (English, plain)."""
    sys.path.insert(0, str(PACKAGE.parent))
    import typer.main

    from custnote import i18n
    from custnote.cli import app as app_module
    from custnote.cli.helptext import _TYPER_WORDS, plain, speak

    i18n.set_language("en")
    texts: list[str] = [
        "Show this message and exit.",
        "Usage:",
        # Typer's --install-completion and --show-completion (added as the app runs)
        "Install completion for the current shell.",
        "Show completion for the current shell, to copy it or customize the installation.",
    ]
    group = typer.main.get_group(app_module.app)
    speak(group)
    i18n.set_language("en")
    from typer import rich_utils

    texts += [getattr(rich_utils, name) for name in _TYPER_WORDS]

    def add(command: object) -> None:
        for text in (getattr(command, "help", None), getattr(command, "short_help", None)):
            if text:
                texts.append(plain(text) or "")
        for param in getattr(command, "params", []):
            if getattr(param, "help", None):
                texts.append(plain(param.help) or "")
        for sub in getattr(command, "commands", {}).values():
            add(sub)

    add(group)
    for module in dict.fromkeys(app_module.COMMANDS.values()):
        for command in app_module.module_commands(module).values():
            add(command)
    return list(dict.fromkeys(t for t in texts if t))


def template() -> Catalog:
    """Every message of the code."""
    catalog = Catalog(domain="custnote", project="custnote", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"custnote/{filename}", lineno)], auto_comments=comments,
                    context=context)  # fmt: skip
    for text in help_texts():
        if text not in catalog:
            catalog.add(text, None, [("--help", 0)])
    return catalog


def update() -> None:
    pot = template()
    for lang in LANGUAGES:
        path = po_path(lang)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=lang, domain="custnote")
            catalog.update(pot, no_fuzzy_matching=True)
            catalog.obsolete.clear()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, domain="custnote", project="custnote", fuzzy=False)
            catalog.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=False,
                     include_lineno=False)  # fmt: skip
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def compiled(lang: str) -> bytes:
    """The ``.mo`` of ``lang``'s ``.po``, as :func:`compile_all` writes it."""
    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain="custnote")
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for lang in LANGUAGES:
        po_path(lang).with_suffix(".mo").write_bytes(compiled(lang))
        print(f"{po_path(lang).with_suffix('.mo').relative_to(ROOT)} written")


if __name__ == "__main__":
    {"update": update, "compile": compile_all}[sys.argv[1]]()
