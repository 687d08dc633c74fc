"""The README's tour works as printed: every command it shows on the demo store runs and exits 0."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wiretrace.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
TOUR = README.split("## A five-minute tour", 1)[1].split("```", 2)[1]
COMMANDS = [shlex.split(line.split("#", 1)[0]) for line in TOUR.splitlines() if line.startswith(".venv/bin/wiretrace")]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "wiretrace.db"
    assert CliRunner().invoke(app, ["demo", "--db", str(path), "--json"]).exit_code == 0
    return path


def test_the_tour_shows_the_commands_a_newcomer_needs():
    assert [c[1] for c in COMMANDS] == ["stories", "story", "story", "quotes", "facts", "compare", "article", "serve"]


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[1] != "serve"], ids=lambda c: " ".join(c[1:]))
def test_each_tour_command_runs_as_printed_on_the_demo_store(demo_store, command, monkeypatch):
    monkeypatch.setenv("WIRETRACE_DB", str(demo_store))   # `make demo` fills the default store; the tour reads it
    result = CliRunner().invoke(app, command[1:], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and not re.search(r"(?m)^error:", result.output)
