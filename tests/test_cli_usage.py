"""Usage errors: one line naming the problem and where help is, exit code 2, for every command."""

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wiretrace.cli import app

runner = CliRunner()


def _commands(group, path=()):
    """Every command path of the CLI, the story subcommands included."""
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


COMMANDS = list(_commands(typer.main.get_command(app)))


def _one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == "" and "Usage:" not in result.stderr and "\u256d" not in result.stderr   # no box
    return lines[0]


def test_the_cli_has_the_commands_the_readme_lists():
    assert {c[0] for c in COMMANDS} >= {"add", "articles", "article", "stories", "story", "recluster", "quotes", "facts",
                                        "dedup", "compare", "demo", "serve"}
    assert {("story", "merge"), ("story", "split"), ("story", "show")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unknown_option_is_one_line_with_the_commands_help(command, tmp_path):
    line = _one_line_error(runner.invoke(app, [*command, "--zzz", "--db", str(tmp_path / "none.db")], prog_name="wiretrace"))
    assert line == f"error: no such option: --zzz (try `{' '.join(('wiretrace', *command))} --help`)"


@pytest.mark.parametrize("args, expected", [
    (["compare"], "error: missing argument 'A' (try `wiretrace compare --help`)"),
    (["compare", "a.txt"], "error: missing argument 'B' (try `wiretrace compare --help`)"),
    (["add"], "error: missing argument 'PATH' (try `wiretrace add --help`)"),
    (["facts"], "error: missing argument 'STORY' (try `wiretrace facts --help`)"),
    (["story", "merge"], "error: missing argument 'ID' (try `wiretrace story merge --help`)"),
    (["dedup", "corpus.jsonl"], "error: missing option '--output' / '-o' (try `wiretrace dedup --help`)"),
    (["stories", "--limit", "many"], "error: invalid value for '--limit': "),
    (["serve", "--port", "0"], "error: invalid value for '--port': "),
    (["stories", "--since", "last week"], "error: invalid value for '--since': "),
    (["add", "x.txt", "--max-chars", "0"], "error: invalid value for '--max-chars' (env var: 'WIRETRACE_MAX_CHARS'): "),
    (["frobnicate"], "error: no such command 'frobnicate' (try `wiretrace --help`)"),
])
def test_a_missing_argument_a_bad_value_or_an_unknown_command_is_one_line(args, expected):
    line = _one_line_error(runner.invoke(app, args, prog_name="wiretrace"))
    assert line.startswith(expected) if expected.endswith(": ") else line == expected
    assert line.endswith("--help`)")


def test_an_option_without_its_value_is_one_line():
    line = _one_line_error(runner.invoke(app, ["stories", "--db"], prog_name="wiretrace"))
    assert line == "error: option '--db' requires an argument"


def test_a_misspelt_option_is_answered_with_the_options_it_may_be():
    line = _one_line_error(runner.invoke(app, ["articles", "--sorce", "Wire"], prog_name="wiretrace"))
    assert line == "error: no such option: --sorce; did you mean --json, --search or --source? " \
                   "(try `wiretrace articles --help`)"


def test_the_installed_command_prints_the_same_one_line(tmp_path):
    """Through the console script, not the test runner: what a person sees in a shell."""
    script = Path(sys.executable).parent / "wiretrace"
    if not script.exists():
        pytest.skip("the wiretrace script is not installed beside this Python")
    done = subprocess.run([script, "articles", "--zzz"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["error: no such option: --zzz (try `wiretrace articles --help`)"]
    assert not (tmp_path / "wiretrace.db").exists()


def test_no_arguments_at_all_shows_the_help():
    result = runner.invoke(app, [])
    assert result.exit_code == 2 and "Commands" in result.output and "add" in result.output


def test_the_help_lists_story_beside_stories_and_says_where_to_start():
    result = runner.invoke(app, ["--help"], prog_name="wiretrace", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    listed = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("\u2502 ") and
              line.split()[1].isalpha()]
    assert listed[listed.index("stories") + 1] == "story"
    assert "Start with `wiretrace demo`" in result.stdout
    commands = typer.main.get_command(app).commands
    assert all("\n" not in (c.help or "").split("\n\n")[0].strip() for c in commands.values()), \
        "a command's summary is one paragraph on one line, as the command list shows it"


def test_version():
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"], prog_name="wiretrace")
    assert result.exit_code == 0 and result.stdout == f"wiretrace {version('wiretrace')}\n"


@pytest.mark.parametrize("name, where", [("timeline", "a story's timeline is `wiretrace story ID`"),
                                         ("import", "`wiretrace add PATH` reads articles into the store")])
def test_a_command_looked_for_under_another_name_says_where_it_is(name, where):
    line = _one_line_error(runner.invoke(app, [name, "s0aed84d3b"], prog_name="wiretrace"))
    assert line == f"error: no such command '{name}'; {where} (try `wiretrace --help`)"
    assert _one_line_error(runner.invoke(app, ["timelin"], prog_name="wiretrace")) == "error: no such command 'timelin' (try `wiretrace --help`)"
