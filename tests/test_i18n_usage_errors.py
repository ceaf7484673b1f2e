"""click's own usage errors (a missing argument, an unknown option, a mistyped command) in the
locale's language, like every other error (docs/i18n.md)."""

from __future__ import annotations

import pytest
from langfixtures import set_language

from custnote.cli.usage_errors import said


@pytest.fixture
def speak(monkeypatch, notebook):
    def under(lang: str) -> None:
        set_language(notebook, None)
        monkeypatch.setenv("LANG", "ja_JP.UTF-8" if lang == "ja" else "en_US.UTF-8")

    return under


CASES = {  # argv: what each language says
    "show": {
        "ja": ["引数 'CUSTOMER' がありません。", "エラー", "show -h' で表示します。"],
        "en": ["Missing argument 'CUSTOMER'.", "Error", "show -h' for help."],
    },
    "show yamada --x": {
        "ja": ["そのオプションはありません: --x"],
        "en": ["No such option: --x"],
    },
    "shw yamada": {
        "ja": ["'shw' というコマンドはありません。'show' のことですか？"],
        "en": ["No such command 'shw'. Did you mean 'show'?"],
    },
    "show yamada extra": {
        "ja": ["余分な引数があります（extra）"],
        "en": ["Unexpected extra argument (extra)"],
    },
}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("argv", list(CASES))
def test_click_s_usage_errors_speak_the_locale_s_language(cli, speak, yamada, lang, argv):
    speak(lang)
    other = "en" if lang == "ja" else "ja"
    result = cli(argv)
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())  # the panel may wrap a long line
    assert all(" ".join(word.split()) in err for word in CASES[argv][lang]), result.stderr
    assert not any(word in err for word in CASES[argv][other]), result.stderr
    assert "Traceback" not in result.stderr


def test_a_sentence_of_another_form_is_shown_as_click_wrote_it(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert said("Something click says that custnote does not know.") == (
        "Something click says that custnote does not know."
    )
    assert said("Invalid value for '--days': 'x' is not a valid integer.") == (
        "'--days' の値が正しくありません: 'x' は整数ではありません。"
    )
    assert said("Missing argument 'FILE'. Choose from: a, b") == (
        "引数 'FILE' がありません。 Choose from: a, b"
    )
