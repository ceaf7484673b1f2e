"""``add`` of someone already in the notebook: refused without a terminal (``--force`` adds),
shown and asked at a terminal. The rule is core.notebook.duplicates.same_customer."""

from __future__ import annotations

import pytest
from conftest import git_log, run_at_terminal
from langfixtures import set_language

from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ('add "山田 太郎" --phone 03-5555-0199', "same phone"),
        ('add "山田太郎" --phone "+81 3 5555 0199"', "same phone"),
        ('add "ヤマダ タロウ" --kana ヤマダタロウ --phone ０３５５５５０１９９', "same phone"),
        ("add Taro --email TARO@Yamada.Example.JP", "same email"),
        ('add "山田 太郎" --kana "ヤマダ タロウ"', "same name and reading"),
    ],
)
def test_a_duplicate_is_refused_without_a_terminal(
    cli, notebook: Notebook, yamada: Note, args: str, reason: str
) -> None:
    commits = git_log(notebook.root)
    result = cli(args)
    assert result.exit_code == 1
    assert f"looks like 山田 太郎 (id {yamada.id}, {yamada.path}) ({reason}" in result.stderr
    assert "--force" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert notebook.note_paths() == [yamada.path] and git_log(notebook.root) == commits


def test_force_adds_anyway(cli, notebook: Notebook, yamada: Note) -> None:
    result = cli('add "山田 太郎" --phone 03-5555-0199 --force')
    assert result.exit_code == 0, result.stderr
    assert len(notebook.note_paths()) == 2
    assert git_log(notebook.root)[0] == "add: 山田 太郎"


@pytest.mark.parametrize(
    "args",
    [
        'add "山田 花子" --phone 03-5555-0199',  # the family's landline: another person
        'add "山田 太郎"',  # same name, no reading: too little to tell
        'add "山田 太郎" --kana やまだ',  # another reading
        'add "田中 一郎" --email ichiro@yamada.example.jp',
    ],
)
def test_not_duplicates(cli, notebook: Notebook, yamada: Note, args: str) -> None:
    result = cli(args)
    assert result.exit_code == 0, result.stderr
    assert len(notebook.note_paths()) == 2


def test_at_a_terminal_the_existing_customer_is_shown_and_asked(
    notebook: Notebook, yamada: Note
) -> None:
    args = ("add", "山田 太郎", "--kana", "やまだ たろう", "--company", "X", "--email", "t@x.jp")
    args += ("--phone", "03-5555-0199")
    set_language(notebook, "ja")
    declined = run_at_terminal(notebook.root, *args, typed="n\n")
    assert declined.returncode != 0
    assert "既に登録されています（電話番号 0355550199 が同じ）" in declined.stdout
    assert "山田工務店" in declined.stdout and "Already" not in declined.stdout, "one language"
    assert "⚠ アレルギー" in declined.stdout, "the existing customer's card is shown"
    assert notebook.note_paths() == [yamada.path]
    accepted = run_at_terminal(notebook.root, *args, typed="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert len(notebook.note_paths()) == 2
