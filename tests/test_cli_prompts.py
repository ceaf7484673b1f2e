"""The interactive ``add``: line editing, a wrong answer re-asks only that question, and
control characters are refused on every write path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CUSTNOTE_SRC, run_at_terminal
from langfixtures import set_language

from custnote.core.note.controlchars import check_fields
from custnote.core.notebook.notebook import Notebook
from custnote.errors import InvalidValueError

LEFT = "\x1b[D"


def at_a_real_terminal(root: Path, *args: str, typed: str) -> tuple[int, str]:
    """Run custnote with a terminal as stdin AND stdout (``input()`` edits lines only then, as
    for a person at a terminal); returns the exit code and what the terminal showed."""
    import pty
    import select

    leader, follower = pty.openpty()
    os.write(leader, typed.encode("utf-8"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "custnote", "-N", str(root), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=os.environ | {"PYTHONPATH": CUSTNOTE_SRC, "TERM": "xterm"},
    )
    os.close(follower)
    shown = b""
    try:
        while select.select([leader], [], [], 30)[0]:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: custnote exited
                break
            if not chunk:
                break
            shown += chunk
        return proc.wait(timeout=30), shown.decode("utf-8", "replace")
    finally:
        proc.kill() if proc.poll() is None else None
        os.close(leader)


def test_arrow_keys_edit_the_line_instead_of_landing_in_the_answer(notebook: Notebook) -> None:
    typed = f"やじるし{LEFT}{LEFT}X\n\n\n\n"
    code, shown = at_a_real_terminal(notebook.root, "add", "矢印 太郎", typed=typed)
    assert code == 0, shown
    note = notebook.load(notebook.note_paths()[0])
    assert note.get("kana") == "やじXるし", "the arrows moved the cursor"
    assert (notebook.state_dir / "prompt-history").read_text("utf-8").count("やじXるし") == 1


def test_without_line_editing_the_escape_is_refused_and_asked_again(notebook: Notebook) -> None:
    """stdout not a terminal (``add … | tee``): no readline, so validation catches the arrows."""
    typed = f"やじるし{LEFT}X\nやじるし\n\n\n\n"
    result = run_at_terminal(notebook.root, "add", "矢印 太郎", typed=typed)
    assert result.returncode == 0, result.stderr
    assert "kana: contains a control character ('\\x1b' at position 5)" in result.stdout
    assert notebook.load(notebook.note_paths()[0]).get("kana") == "やじるし"


def test_a_wrong_answer_re_asks_only_that_question(notebook: Notebook) -> None:
    set_language(notebook, "ja")
    typed = "やまだ たろう\n山田工務店\nでんわ\n03-5555-0199\ntaro-at-example\ntaro@example.jp\n"
    result = run_at_terminal(notebook.root, "add", "山田 太郎", typed=typed)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "エラー: phones: 電話番号ではありません（数字がありません）: 'でんわ'" in said
    assert "エラー: emails: メールアドレスではありません: 'taro-at-example'" in said
    assert "Error" not in said, "one language per run"
    assert result.stdout.count("ふりがな:") == 1, "earlier answers are kept, not asked again"
    assert result.stdout.count("電話:") == 2 and result.stdout.count("メール:") == 2
    note = notebook.load(notebook.note_paths()[0])
    assert note.get("kana") == "やまだ たろう" and note.get("company") == "山田工務店"
    assert note.get("phones") == ["03-5555-0199"] and note.get("emails") == ["taro@example.jp"]


def test_a_control_character_at_a_prompt_is_refused_and_asked_again(notebook: Notebook) -> None:
    typed = "やまだ\x07\nやまだ\n\n\n\n"
    result = run_at_terminal(notebook.root, "add", "山田 太郎", typed=typed)
    assert result.returncode == 0, result.stderr
    assert "kana: contains a control character ('\\x07'" in result.stdout + result.stderr
    assert notebook.load(notebook.note_paths()[0]).get("kana") == "やまだ"


@pytest.mark.parametrize(
    "args",
    [
        ["add", "Bad\x1b[31mName"],
        ["add", "Jane", "--company", "ACME\x00"],
        ["add", "Jane", "--set", "address=1 Main St\x1b]0;pwned\x07"],
    ],
)
def test_add_refuses_control_characters_in_one_line(cli, notebook: Notebook, args) -> None:
    result = cli(args)
    assert result.exit_code == 2
    assert "contains a control character" in result.stderr
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr, "escaped in the message"
    assert len(result.stderr.strip().splitlines()) == 1
    assert notebook.note_paths() == []


def test_set_log_and_edit_refuse_control_characters(cli, notebook: Notebook, yamada, editor):
    before = notebook.read_text(yamada.path)
    result = cli(["set", "yamada", "company=山田\x1b[2J工務店"])
    assert result.exit_code == 2 and "company: contains a control character" in result.stderr
    result = cli(["log", "yamada", "電話した\x1b[2J"])
    assert result.exit_code == 2 and "text: contains a control character" in result.stderr
    editor("text = text.replace('company: 山田工務店', 'company: \"山田\\\\e[2J工務店\"')")
    result = cli("edit yamada")
    assert result.exit_code != 0 and "contains a control character" in result.stderr
    assert notebook.read_text(yamada.path) == before, "nothing was written"


def test_newlines_and_tabs_only_where_a_value_may_span_lines() -> None:
    check_fields({"address": "東京都\n千代田区\t1-1", "family": [{"note": "a\nb"}]})
    with pytest.raises(InvalidValueError, match=r"name: contains a line break \('\\n'"):
        check_fields({"name": "山田\n太郎"})
    with pytest.raises(InvalidValueError, match=r"family\[0\]\.relation: contains"):
        check_fields({"family": [{"relation": "妻\t"}]})
    with pytest.raises(InvalidValueError, match="contains a control character"):
        check_fields({"address": "東京都\x9b31m"})


def test_any_control_character_is_refused_and_nothing_else_is() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    controls = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(st.text(), st.sampled_from(controls), st.text())
    def refused(before: str, bad: str, after: str) -> None:
        with pytest.raises(InvalidValueError, match=r"^name: contains"):
            check_fields({"name": before + bad + after})

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(st.text(alphabet=st.characters(exclude_characters=controls)))
    def accepted(text: str) -> None:
        check_fields({"name": text, "address": text + "\n\t" + text})

    refused()
    accepted()
