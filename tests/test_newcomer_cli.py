"""Help a newcomer reads first: options shown as they are typed, never as typer's type names."""

import re

import pytest
import typer
from typer.testing import CliRunner

from wiretrace.cli import app

runner = CliRunner()


def _commands(group, path=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield (*path, name)
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


COMMANDS = [(), *_commands(typer.main.get_command(app))]
TYPE_NAMES = re.compile(r"<(?:bool|str|int|path|list\[str\]|int range|float)[^>]*>|\[x[<>]=")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "wiretrace")
def test_help_shows_no_type_names(command):
    result = runner.invoke(app, [*command, "--help"], prog_name="wiretrace", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert not TYPE_NAMES.search(result.output), result.output
    assert "{" not in result.output.splitlines()[1]   # the usage line: PATH..., not {PATH}...


def test_a_flag_stands_alone_and_a_value_option_names_its_value():
    result = runner.invoke(app, ["dedup", "--help"], prog_name="wiretrace", env={"COLUMNS": "200"})
    rows = [line.replace("*", " ", 1) for line in result.output.splitlines()]
    lines = {row.split()[1]: row for row in rows if re.match(r"\u2502\s+--", row)}
    assert re.search(r"--json\s{2,}Print JSON", lines["--json"])
    assert re.search(r"--max-chars\s+N\s", lines["--max-chars"])
    assert re.search(r"--keep\s+all\|one\s", lines["--keep"])
    assert "Usage: wiretrace dedup [OPTIONS] INPUT..." in result.output


def test_a_bound_hidden_from_help_is_still_enforced():
    result = runner.invoke(app, ["serve", "--port", "0"], prog_name="wiretrace")
    assert result.exit_code == 2 and "--port" in result.stderr
