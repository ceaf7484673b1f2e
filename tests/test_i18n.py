"""One language per run, from gettext catalogs (docs/i18n.md).

The catalogs: every message of the code is in ``ja`` and ``en``, translated into Japanese with
the same placeholders, compiled into the ``.mo`` that ships; and no user-visible string
literal in an error or an output call escapes ``_()``. The runs: show, who, list, agenda,
errors and --help under a Japanese and an English locale, and the notebook's ``language:``
over the locale.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from langfixtures import set_language

from custnote import i18n
from custnote.core.notebook.notebook import Notebook

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "custnote"
sys.path.insert(0, str(ROOT / "tools"))
import i18n_catalog  # noqa: E402

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: messages whose translation rightly uses other placeholders (Japanese says 12月6日, not Dec 6)
OTHER_PLACEHOLDERS = {"{month_name} {day}"}


@pytest.fixture(scope="module")
def template():
    try:
        yield i18n_catalog.template()
    finally:
        i18n.set_language(None)


def catalog(lang: str):
    with i18n_catalog.po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain="custnote")


def test_every_message_is_in_both_catalogs_and_said_in_japanese(template) -> None:
    assert len(template) > 400, "messages of the code and of --help"
    ja, en = catalog("ja"), catalog("en")
    missing = [m.id for m in template if m.id and (m.id not in ja or m.id not in en)]
    assert missing == [], "run: python tools/i18n_catalog.py update"
    untranslated, mismatched = [], []
    for message in ja:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(ids[0])
        elif ids[0] not in OTHER_PLACEHOLDERS:
            wanted = set().union(*(PLACEHOLDER.findall(i) for i in ids))
            if any(set(PLACEHOLDER.findall(s)) != wanted for s in strings):
                mismatched.append(ids[0])
    assert untranslated == []
    assert mismatched == [], "a translation must keep the message's {placeholders}"


def test_the_shipped_mo_files_are_compiled_from_the_po_files() -> None:
    for lang in i18n.LANGUAGES:
        mo = i18n_catalog.po_path(lang).with_suffix(".mo")
        assert mo.read_bytes() == i18n_catalog.compiled(lang), (
            f"{mo} is stale: run python tools/i18n_catalog.py compile"
        )


# --- no string escapes the catalog -------------------------------------------------------------

#: output calls of the CLI whose string arguments people read
OUTPUT_CALLS = {"echo", "secho", "print", "info", "warn", "ask", "confirm", "prompt"}
MARKUP = re.compile(r"\[/?[a-z ]*\]")


def _error_classes() -> set[str]:
    """Names of every CustnoteError subclass defined in the package."""
    classes: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [getattr(b, "id", getattr(b, "attr", "")) for b in node.bases]
                classes.setdefault(node.name, []).extend(bases)
    found, grew = {"CustnoteError"}, True
    while grew:
        grew = False
        for name, bases in classes.items():
            if name not in found and found & set(bases):
                found.add(name)
                grew = True
    return found


def _prose(text: str) -> bool:
    """Words a person reads: two letters or more, and a space or a closing stop."""
    words = MARKUP.sub("", PLACEHOLDER.sub("", text)).strip()
    return bool(re.search(r"[A-Za-z]{2,}", words)) and (
        " " in words or words.endswith((".", "!", "?"))
    )


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.IfExp):
        return " ".join(t for t in (_literal_text(node.body), _literal_text(node.orelse)) if t)
    if isinstance(node, ast.BinOp):
        return " ".join(t for t in (_literal_text(node.left), _literal_text(node.right)) if t)
    return None


def escaping_strings(source: str, errors: set[str], cli: bool) -> list[tuple[int, str]]:
    """(line, text) of prose literals given straight to an error or (in the CLI) an output
    call, not through ``_()``/``ngettext()``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if name in errors or (cli and name in OUTPUT_CALLS):
            for arg in [*node.args, *(k.value for k in node.keywords if k.arg != "help")]:
                text = _literal_text(arg)
                if text and _prose(text):
                    found.append((node.lineno, text))
    return found


def test_the_scan_finds_a_message_left_out_of_the_catalog() -> None:
    bad = 'raise InvalidValueError("phone", v, f"not a phone number: {v}")\nwarn("Gone away.")'
    good = 'raise InvalidValueError("phone", v, _("not a phone number: {v}").format(v=v))'
    errors = {"InvalidValueError"}
    assert [line for line, _ in escaping_strings(bad, errors, cli=True)] == [1, 2]
    assert escaping_strings(bad, errors, cli=False) == [(1, "not a phone number: ")]
    assert escaping_strings(good, errors, cli=True) == []


def test_no_user_visible_string_escapes_the_catalog() -> None:
    errors = _error_classes()
    assert {"InvalidValueError", "GitError", "NoteFormatError"} <= errors
    escaped = []
    for path in sorted(SRC.rglob("*.py")):
        cli = "cli" in path.relative_to(SRC).parts
        for line, text in escaping_strings(path.read_text("utf-8"), errors, cli):
            escaped.append(f"{path.relative_to(SRC)}:{line}: {text!r}")
    assert escaped == [], "wrap these in _() and run python tools/i18n_catalog.py update"


# --- one language per run ----------------------------------------------------------------------


@pytest.fixture
def speak(monkeypatch, notebook: Notebook):
    """Run under a locale: ``speak("ja")`` sets LANG=ja_JP.UTF-8, the notebook saying nothing."""

    def under(lang: str) -> None:
        set_language(notebook, None)
        monkeypatch.setenv("LANG", "ja_JP.UTF-8" if lang == "ja" else "en_US.UTF-8")

    return under


def _family(notebook: Notebook, yamada) -> None:
    notebook.update_fields(
        yamada,
        {
            "birthday": "1970-11-24",
            "family": [{"name": "山田 花子", "relation": "wife", "birthday": "1972-11-22"}],
        },
    )


WORDS = {  # what each language says, and the other must not
    "ja": {"show": ["会社", "担当", "アレルギー"], "list": ["名前", "ふりがな", "1件"]},
    "en": {"show": ["Company", "Owner", "Allergies"], "list": ["Name", "Reading", "1 customer"]},
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_show_and_list_speak_the_locale_s_language_only(cli, speak, yamada, lang) -> None:
    speak(lang)
    other = "en" if lang == "ja" else "ja"
    for command in ("show", "list"):
        out = cli("show yamada" if command == "show" else "list").stdout
        assert all(word in out for word in WORDS[lang][command]), out
        assert not any(word in out for word in WORDS[other][command]), out
    assert "山田工務店" in cli("show yamada").stdout, "data as written"


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [("ja", ["担当 sato", "アレルギー: えび"], ["Owner"]), ("en", ["Owner sato"], ["担当"])],
)
def test_who_speaks_the_locale_s_language(cli, speak, yamada, lang, said, not_said) -> None:
    speak(lang)
    out = cli("who 03-5555-0199").stdout
    assert all(word in out for word in said) and not any(w in out for w in not_said), out


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "ja",
            ["今後の予定", "山田 花子様（山田 太郎様の妻）のお誕生日（54歳）", "お誕生日（56歳）"],
        ),
        ("en", ["Coming days", "山田 花子's birthday (wife of 山田 太郎; turns 54)"]),
    ],
)
def test_the_agenda_is_full_sentences_in_one_language(
    cli, notebook, speak, yamada, lang, lines
) -> None:
    _family(notebook, yamada)
    speak(lang)
    out = cli("agenda").stdout
    assert all(line in out for line in lines), out
    if lang == "en":
        assert not re.search(r"[様歳期今]", out.replace("山田 花子", "").replace("山田 太郎", ""))
    else:
        assert "birthday" not in out.lower() and "Coming" not in out


@pytest.mark.parametrize(
    ("lang", "message"),
    [("ja", "'nobody' に一致する顧客はいません"), ("en", "no customer matches 'nobody'")],
)
def test_errors_are_one_line_in_the_locale_s_language(cli, speak, yamada, lang, message):
    speak(lang)
    result = cli("show nobody")
    assert result.exit_code == 1
    prefix = "custnote: エラー: " if lang == "ja" else "custnote: error: "
    assert result.stderr.startswith(prefix + message), result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("ja", ["顧客カードを表示します", "オプション", "このメッセージを表示して終了", "使い方:"],
         ["Show a customer's card", "Options", "Usage"]),
        ("en", ["Show a customer's card", "Options", "Show this message and exit.", "Usage:"],
         ["顧客カード", "オプション", "使い方"]),
    ],
)  # fmt: skip
def test_help_speaks_the_locale_s_language(cli, speak, monkeypatch, lang, said, not_said) -> None:
    speak(lang)
    monkeypatch.setenv("COLUMNS", "80")
    for argv in ("--help", "show --help"):
        out = cli(argv).stdout
        assert all(w in out for w in said[1:]) and not any(w in out for w in not_said), out
    assert said[0] in cli("--help").stdout and said[0] in cli("show --help").stdout
    cut = re.compile(r"…\s*│$", re.MULTILINE)  # rich's ellipsis at a cell's end
    assert not cut.search(cli("--help").stdout), "Japanese help folds, it is not cut"


def test_a_run_leaves_no_language_behind(cli, notebook, yamada) -> None:
    set_language(notebook, "ja")
    assert "会社" in cli("show yamada").stdout
    assert i18n.language() == "en", "the library in this process speaks its own locale's"


def test_the_notebook_s_language_wins_over_the_locale_for_the_whole_run(
    cli, notebook, speak, yamada
) -> None:
    speak("en")
    set_language(notebook, "ja")
    assert "会社" in cli("show yamada").stdout
    result = cli("show nobody")
    assert "に一致する顧客はいません" in result.stderr and "error" not in result.stderr
    set_language(notebook, "en")
    speak("ja")
    set_language(notebook, "en")
    assert "Company" in cli("show yamada").stdout
    assert "no customer matches" in cli("show nobody").stderr


def test_a_new_notebook_leaves_the_language_to_each_person(tmp_path, monkeypatch) -> None:
    nb, _ = Notebook.init(tmp_path / "notes")
    assert i18n.configured_language(nb.config.raw) is None
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    i18n.set_language(None)
    assert i18n.language() == "ja" and i18n._("Company") == "会社"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    i18n.set_language(None)
    assert i18n._("Company") == "Company"
    i18n.set_language(None)
