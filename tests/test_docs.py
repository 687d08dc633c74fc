"""Every command a user can type is explained twice: by its own --help and in the README.

Commands are read from the CLI itself, so a command added without help or
without a line in the README fails here rather than surprising a user.
"""

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wiretrace.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _is_group(command) -> bool:
    """Typer may bring its own click, so a group is known by its subcommands, not its class."""
    return hasattr(command, "commands")


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if _is_group(command):
            yield from _commands(command, prefix + (name,))


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_the_cli_has_the_pipeline_commands():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"add", "articles", "article", "compare", "stories", "story", "demo"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = dict(COMMANDS)[path]
    assert (command.help or command.short_help or "").strip(), f"`wiretrace {' '.join(path)}` has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"wiretrace {' '.join(path)}" in README, f"README.md never shows `wiretrace {' '.join(path)}`"


@pytest.mark.parametrize("path", [p for p, c in COMMANDS if not _is_group(c)], ids=" ".join)
def test_every_command_speaks_json(path):
    """Output for machines: every command takes --json."""
    options = {opt for param in dict(COMMANDS)[path].params for opt in getattr(param, "opts", [])}
    assert "--json" in options, f"`wiretrace {' '.join(path)}` has no --json"
