"""Shell completion: customers by name, reading or romaji, tags, owners, kinds and ``set`` fields,
through the protocol the shells' completion scripts speak (and through real bash)."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CUSTNOTE_SRC

from custnote.cli import completion
from custnote.cli.app import COMMANDS
from custnote.core.note.model import Note
from custnote.core.notebook.notebook import Notebook
from custnote.core.search.completion import customer_candidates, field_candidates


@pytest.fixture(name="team")
def team_fixture(notebook: Notebook, yamada: Note) -> Notebook:
    """山田 太郎 (vip, sato), 山本 和子 (tanaka), Jane Smith, an archived 山岡 and two 佐藤 一郎."""
    notebook.create({"name": "山本 和子", "kana": "やまもと かずこ", "owner": "tanaka"})
    notebook.create(
        {"name": "Jane Smith", "emails": ["jane@northwind.example.com"], "tags": ["b2b"]}
    )
    for company in ("佐藤商店", "佐藤電機"):
        notebook.create({"name": "佐藤 一郎", "kana": "さとう いちろう", "company": company})
    gone = notebook.create({"name": "山岡 誠", "kana": "やまおか まこと"})
    notebook.archive(gone)
    notebook.update_fields(yamada, {"tags": ["vip", "golf"]})
    return notebook


def tab(root: Path, shell: str, line: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Press Tab at the end of ``line`` in ``shell``: run custnote as that shell's script does."""
    env = {**os.environ, "PYTHONPATH": CUSTNOTE_SRC, "CUSTNOTE_NOTEBOOK": str(root), **extra}
    env["_CUSTNOTE_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
    return subprocess.run(
        [sys.executable, "-m", "custnote"], env=env, capture_output=True, text=True, timeout=60
    )


def bash_values(root: Path, line: str) -> list[str]:
    result = tab(root, "bash", line)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def test_customers_by_romaji_kanji_kana_id_and_email(team: Notebook, yamada: Note) -> None:
    root = team.root
    stem = Path(yamada.path).stem
    assert bash_values(root, "custnote show yama") == sorted(
        [stem, bash_values(root, "custnote show yamam")[0]]
    )
    assert bash_values(root, "custnote show 山") == ["山本和子", "山田太郎"]
    assert bash_values(root, "custnote log やまだ") == ["やまだたろう"]
    assert bash_values(root, f"custnote history {yamada.id[:4]}") == [yamada.id]
    assert bash_values(root, "custnote edit jane@") == ["jane@northwind.example.com"]
    # archived customers only where an archived one is wanted
    assert bash_values(root, "custnote unarchive 山") == ["山岡誠"]
    assert "山岡誠" not in bash_values(root, "custnote rm 山")


def test_every_value_offered_names_exactly_that_customer(cli, team: Notebook) -> None:
    for value in bash_values(team.root, "custnote show "):
        result = cli(["show", value, "--json"])
        assert result.exit_code == 0, (value, result.stderr)


def test_two_customers_with_one_name_are_offered_by_file_name(team: Notebook) -> None:
    values = bash_values(team.root, "custnote show 佐藤")
    assert len(values) == 2 and all(v.startswith("satou-ichirou-") for v in values)


def test_tags_owners_and_kinds(team: Notebook) -> None:
    root = team.root
    assert bash_values(root, "custnote list --tag ") == ["b2b", "golf", "vip"]
    assert bash_values(root, "custnote export --tag v") == ["vip"]
    assert bash_values(root, "custnote agenda -o ") == ["me", "sato", "tanaka"]
    assert bash_values(root, "custnote log yamada -k c") == ["call", "complaint"]


def test_set_offers_field_assignments_through_typer(team: Notebook) -> None:
    assert bash_values(team.root, "custnote set yamada ta") == ["tags=", "tags+=", "tags-="]
    assert "preferences.drink=" in bash_values(team.root, "custnote set yamada pref")


def test_commands_and_options_come_from_typer(team: Notebook) -> None:
    assert bash_values(team.root, "custnote sh") == ["show"]
    assert "--archived" in bash_values(team.root, "custnote show --")


def test_zsh_and_fish_get_descriptions(team: Notebook) -> None:
    zsh = tab(team.root, "zsh", "custnote show 山田")
    assert zsh.stdout.strip() == """_arguments '*: :(("山田太郎":"山田 太郎 (山田工務店)"))'"""
    fish = tab(team.root, "fish", "custnote show 山田", _TYPER_COMPLETE_FISH_ACTION="get-args")
    assert fish.stdout.splitlines() == ["山田太郎\t山田 太郎 (山田工務店)"]
    nothing = tab(
        team.root, "fish", "custnote show 該当なし", _TYPER_COMPLETE_FISH_ACTION="is-args"
    )
    assert nothing.returncode == 1, "fish may then complete files"


def test_outside_a_notebook_nothing_is_offered_and_nothing_breaks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CUSTNOTE_NOTEBOOK"}
    result = subprocess.run(
        [sys.executable, "-m", "custnote"],
        env=env | {"PYTHONPATH": CUSTNOTE_SRC, "_CUSTNOTE_COMPLETE": "complete_bash",
                   "COMP_WORDS": "custnote show ya", "COMP_CWORD": "2"},
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.skipif(not shutil.which("bash"), reason="bash is not installed")
def test_real_bash_with_the_installed_script(team: Notebook, tmp_path: Path) -> None:
    from typer._completion_shared import get_completion_script

    script = get_completion_script(
        prog_name="custnote", complete_var="_CUSTNOTE_COMPLETE", shell="bash"
    )
    bindir = tmp_path / "bin"
    bindir.mkdir()
    launcher = bindir / "custnote"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m custnote "$@"\n')
    launcher.chmod(0o755)
    driver = (
        f"{script}\n"
        "COMP_WORDS=(custnote show 山); COMP_CWORD=2\n"
        "_custnote_completion custnote\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = os.environ | {
        "PATH": f"{bindir}:{os.environ['PATH']}",
        "PYTHONPATH": CUSTNOTE_SRC,
        "CUSTNOTE_NOTEBOOK": str(team.root),
    }
    result = subprocess.run(
        ["bash", "--norc", "-c", driver], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.splitlines() == ["山本和子", "山田太郎"], result.stderr


def _parameters() -> dict[str, list[tuple[list[str], object]]]:
    """{command: [(option names or [] for an argument, its autocompletion callback)]}."""
    import importlib

    import typer

    found: dict[str, list[tuple[list[str], object]]] = {}
    for module in sorted(set(COMMANDS.values())):
        sub = typer.Typer()
        importlib.import_module(f"custnote.cli.commands.{module}").register(sub)
        for info in sub.registered_commands:
            name = info.name or info.callback.__name__.rstrip("_").replace("_", "-")
            params = []
            for param in inspect.signature(info.callback).parameters.values():
                default = param.default
                if isinstance(default, typer.models.OptionInfo):
                    names = [default.default, *default.param_decls]
                    names = [n for n in names if isinstance(n, str) and n.startswith("-")]
                    names = names or ["--" + param.name.rstrip("_").replace("_", "-")]
                    params.append((names, default.autocompletion))
                elif isinstance(default, typer.models.ArgumentInfo):
                    params.append(([], default.autocompletion))
            found[name] = params
    return found


def test_the_fast_path_tables_match_the_commands_parameters() -> None:
    """The fast path answers exactly where the commands' own callbacks would."""
    params = _parameters()
    callbacks = {v: k for k, v in completion.CALLBACKS.items()}
    customers = {
        command: callbacks[ps[0][1]] == "archived"
        for command, ps in params.items()
        if ps and ps[0][0] == [] and callbacks.get(ps[0][1]) in ("customer", "archived")
    }
    assert customers == completion.CUSTOMER_COMMANDS
    values = {
        (command, name): callbacks[callback]
        for command, ps in params.items()
        for names, callback in ps
        if names and callback in callbacks
        for name in names
    }
    assert values == completion.VALUE_OPTIONS


def test_answers_are_formatted_as_typer_formats_them() -> None:
    from typer._click.shell_completion import CompletionItem
    from typer._completion_classes import FishComplete, ZshComplete

    items = [("山田太郎", "山田 太郎 (山田工務店)"), ('a"b:c$', ""), ("x", "two\nlines")]
    for cls, shell in ((ZshComplete, "zsh"), (FishComplete, "fish")):
        shell_complete = cls(None, {}, "custnote", "_CUSTNOTE_COMPLETE")
        theirs = [shell_complete.format_completion(CompletionItem(v, help=h)) for v, h in items]
        ours = completion.format_for(shell, items)
        if shell == "zsh":
            assert ours == "_arguments '*: :((" + "\n".join(theirs) + "))'"
        else:
            assert ours.splitlines() == theirs


def test_candidates_core() -> None:
    same = {"name": "山田 太郎", "kana": "やまだ たろう"}
    summaries = {
        "customers/ya/yamada-tarou-aaaaaa.md": {"id": "aaaaaa", **same},
        "customers/ya/yamada-tarou-bbbbbb.md": {"id": "bbbbbb", **same},
        "customers/c_/c-cccccc.md": {"error": "cannot be read"},
    }
    assert customer_candidates(summaries, "山田") == [
        ("yamada-tarou-aaaaaa", "山田 太郎"),
        ("yamada-tarou-bbbbbb", "山田 太郎"),
    ]
    assert customer_candidates(summaries, "bb") == [("bbbbbb", "山田 太郎")]
    assert customer_candidates(summaries, "zz") == []
    assert field_candidates("hob", {"hobby_club": "text"}) == [("hobby_club=", "")]
    assert ("visit_every=", "") in field_candidates("visit")
