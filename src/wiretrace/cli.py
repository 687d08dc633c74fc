"""The `wiretrace` command: a thin layer over the library.

Exit codes: 0 ok, 1 some inputs rejected or the store failed, 2 usage error
(bad option, unknown id).
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import shutil
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperGroup
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import InputError, NotFound, WiretraceError

if TYPE_CHECKING:
    from .ingest import IngestReport
    from .store import Store

console = Console()
errors = Console(stderr=True)
_click = getattr(typer.core, "_click", None) or importlib.import_module("click")   # typer's own click from 0.20 on


class _PlainOption(typer.core.TyperOption):
    """An option as help shows it: `--json` alone, `--db PATH`, `--limit N`, not typer's `<bool>`, `<path>` and
    `<int range> [x>=1]` (a bound worth saying is in the option's own help)."""

    def display_type_rich(self, ctx):
        return "" if self.is_flag or self.count else self.metavar or _metavar(self)

    def _get_number_range_help_str(self):
        return None


class _PlainArgument(typer.core.TyperArgument):
    """An argument as help shows it: `PATH...`, not `{PATH}...` with a `<list[str]>` type beside it."""

    def display_type_rich(self, ctx):
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + "..." if self.nargs != 1 else name


_METAVARS = {"db": "PATH", "html": "FILE", "output": "OUT", "keep": "all|one", "engine": "local|spark",
             "master": "URL", "host": "ADDRESS", "port": "PORT", "since": "YYYY-MM-DD", "until": "YYYY-MM-DD"}


def _metavar(option) -> str:
    """The word help puts after an option: what it names, else its kind of value."""
    if option.name in _METAVARS:
        return _METAVARS[option.name]
    return "N" if option.type_descriptor.annotation is int else "TEXT"


def _plain(param):
    if type(param) is typer.core.TyperOption:
        param.__class__ = _PlainOption
    elif type(param) is typer.core.TyperArgument:
        param.__class__ = _PlainArgument
    return param


def _plain_help(command) -> None:
    """Give every option and argument of `command` and its subcommands, `--help` too, the plain help form above."""
    for param in command.params:
        _plain(param)
    asked = command.get_help_option
    command.get_help_option = lambda ctx: _plain(asked(ctx)) if asked(ctx) is not None else None
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)


class _Commands(TyperGroup):
    """The root command: a usage error (unknown option, missing argument, bad value) is one line and click's exit
    code 2, as every other error of the CLI, not typer's boxed usage text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_help(self)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (_click.exceptions.ClickException, typer.Abort, sqlite3.OperationalError) as exc:
            failure = _failure(exc) if standalone_mode else None
            if failure is None:
                raise
            if isinstance(exc, getattr(_click.exceptions, "NoArgsIsHelpError", ())):
                exc.show()                                 # no arguments at all: the help, as asked
            else:
                errors.print(f"[bold red]error:[/] {escape(failure[0])}", highlight=False, soft_wrap=True)
            sys.exit(failure[1])
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def resolve_command(self, ctx, args):
        """A command people look for under another name ("timeline") says where it is."""
        if args and args[0] in _ELSEWHERE and super().get_command(ctx, args[0]) is None:
            ctx.fail(f"no such command '{args[0]}'; {_ELSEWHERE[args[0]]}")
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx):
        """`story` beside `stories`, not after every command."""
        names = [n for n in super().list_commands(ctx) if n != "story"]
        return names[:names.index("stories") + 1] + ["story"] + names[names.index("stories") + 1:]


_ELSEWHERE = {
    "timeline": "a story's timeline is `wiretrace story ID`",
    "show": "`wiretrace story ID` shows a story, `wiretrace article ID` an article",
    "list": "`wiretrace stories` and `wiretrace articles` list them",
    "import": "`wiretrace add PATH` reads articles into the store",
}
BUSY = ("the store is busy: another process is writing to it (an add or a recluster still running?); run this "
        "again when it ends")


def _failure(exc: Exception) -> tuple[str, int] | None:
    """The one line and exit code of what stopped a command before or around its own work, or None for a fault
    to be seen whole."""
    if isinstance(exc, _click.exceptions.ClickException):
        return usage_line(exc), exc.exit_code
    if isinstance(exc, typer.Abort):
        return "aborted", 1
    if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return BUSY, 1
    return None


def usage_line(exc) -> str:
    """A click error as one line: its message, lower-cased and without its full stop, and where help is."""
    possible = sorted(getattr(exc, "possibilities", None) or ())
    guess = ", ".join(possible[:-1]) + " or " + possible[-1] if len(possible) > 1 else "".join(possible)
    message = f"{exc.message}; did you mean {guess}?" if possible else exc.format_message()
    message = " ".join(message.replace(": Value error, ", ": ").split()).rstrip(".")
    message = message[:1].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    return f"{message} (try `{ctx.command_path} --help`)" if ctx is not None else message


app = typer.Typer(cls=_Commands, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Follow a news story through the press: read, annotate and keep articles.",
                  epilog="Start with `wiretrace demo`, or `wiretrace add FILE...` and then `wiretrace stories`. "
                         "Each command has --help.")



def _version(asked: bool) -> None:
    """`--version`, answered before any command is looked for."""
    if asked:
        from importlib.metadata import version

        console.print(f"wiretrace {version('wiretrace')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Follow a news story through the press: read, annotate and keep articles."""


DbOption = Annotated[Optional[Path], typer.Option("--db", envvar="WIRETRACE_DB", help="SQLite store \\[default: wiretrace.db].")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
MaxCharsOption = Annotated[Optional[int], typer.Option(
    "--max-chars", envvar="WIRETRACE_MAX_CHARS", min=1,
    help="Longest article read, in characters \\[default: 1,000,000]; a longer one is rejected, the rest read.")]


def _open(db: Path | None, create: bool = False) -> Store:
    """The store; only the commands that add articles make one where there is none."""
    from .store import Store

    return Store(db or default_path(), create=create)


def default_path() -> Path:
    from .store import default_path

    return default_path()


def _render():
    """The views of the commands that print them (imported there alone: `dedup` starts without them)."""
    from . import render

    return render


def _records():
    from . import store

    return store


def _fail(exc: WiretraceError) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(2 if isinstance(exc, NotFound) else 1)


def _story(store: Store, ref: str) -> str:
    """A story id from an id or prefix; an article's id, given where a story's was meant, says which story."""
    try:
        return store.resolve_story(ref)
    except NotFound as exc:
        missing = exc
    try:
        story = store.story_of(store.resolve_id(ref))
    except NotFound:
        story = None
    if story is None:
        raise missing
    raise NotFound(f"{ref} is an article, not a story; its story is {_render().short_id(story)}")


def _article(store: Store, ref: str) -> str:
    """An article id from an id or prefix; a story's id, given where an article's was meant, says so."""
    try:
        return store.resolve_id(ref)
    except NotFound as exc:
        missing = exc
    try:
        story = store.resolve_story(ref)
    except NotFound:
        raise missing from None
    raise NotFound(f"{ref} is a story, not an article; `wiretrace story {_render().short_id(story)}` lists its articles")


def _limit(max_chars: int | None) -> None:
    """The article size limit, where every reader (Spark's workers included) finds it."""
    if max_chars is not None:
        os.environ["WIRETRACE_MAX_CHARS"] = str(max_chars)


def _demo_corpus():
    from . import demo

    return demo


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _run_ingest(db: Path | None, paths: list[str], as_json: bool) -> IngestReport:
    from .ingest import ingest

    with _open(db, create=True) as store:
        if as_json or not console.is_terminal and not sys.stderr.isatty():
            return ingest(store, paths)
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=errors, transient=False) as bar:
            task = bar.add_task("reading", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description="annotating", completed=done, total=total)

            return ingest(store, paths, progress=progress)


def _report(report: IngestReport, db: Path | None, as_json: bool) -> None:
    with _open(db) as store:
        threshold, chosen_on = store.join_threshold_chosen()
        articles = store.profile_count()
    undated = [a for a in report.added if a.published is None]
    if as_json:
        _print_json({"db": str(db or default_path()), **report.as_dict(), "undated": [a.id for a in undated],
                     "join_threshold": {"chosen": threshold, "chosen_on_articles": chosen_on, "articles": articles}})
        return
    summary = Table(show_header=False, box=None)
    summary.add_row("[green]added[/]", str(len(report.added)))
    summary.add_row("[yellow]already present[/]", str(len(report.present)))
    summary.add_row("[red]rejected[/]", str(len(report.rejected)))
    if report.skipped:
        summary.add_row("[dim]files skipped[/]", str(len(report.skipped)))
    console.print(summary)
    for exc in report.rejected:
        errors.print(f"[red]rejected[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
    for exc in report.skipped:
        errors.print(f"[dim]{escape(str(exc))}[/]", highlight=False, soft_wrap=True)
    for article in undated:
        why = article.published_note or "no publication date found"
        errors.print(f"[yellow]undated[/] {escape(_where(article))}: {escape(why)}, so its story's "
                     "timeline and provenance cannot place it in time", highlight=False, soft_wrap=True)
    if report.added:
        console.print(_render().threshold_note(threshold, chosen_on, articles), highlight=False)


def _where(article) -> str:
    """An article's file and line, as a rejected input is named."""
    origin = article.origin or "<memory>"
    return f"{origin}:{article.line}" if article.line is not None else origin


@app.command()
def add(paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files, folders (read recursively) or - for standard input.")],
        db: DbOption = None, as_json: JsonOption = False, max_chars: MaxCharsOption = None) -> None:
    """Read articles, annotate them and add them to the store (one transaction)."""
    _limit(max_chars)
    path = Path(db or default_path())
    fresh = not path.exists()
    try:
        report = _run_ingest(db, paths, as_json)
    except WiretraceError as exc:
        raise _fail(exc) from None
    _report(report, db, as_json)
    if fresh and not report.added and not report.present:
        _discard(path)
        if not as_json:
            errors.print(f"no store made at {escape(str(path))}: nothing could be added to it", highlight=False,
                         soft_wrap=True)
    if report.rejected:
        raise typer.Exit(1)


def _discard(path: Path) -> None:
    """The store this add made and put nothing in: left, it would answer `stories` with none instead of saying
    there is no store (a mistyped path's only trace)."""
    for made in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        made.unlink(missing_ok=True)
    shutil.rmtree(f"{path}.index", ignore_errors=True)


@app.command()
def articles(db: DbOption = None, as_json: JsonOption = False,
             source: Annotated[Optional[str], typer.Option(help="Only this outlet.")] = None,
             search: Annotated[Optional[str], typer.Option(help="Only articles whose title or text contains this.")] = None,
             limit: Annotated[int, typer.Option(help="At most this many.")] = 200) -> None:
    """List stored articles, oldest first."""
    try:
        with _open(db) as store:
            found = list(store.articles(source=source, search=search, limit=limit))
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json([{k: v for k, v in _records().article_record(a).items() if k != "text"} for a in found])
    else:
        console.print(_render().articles_table(found))


@app.command()
def article(article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or a prefix of it.")],
            db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show one article with its sentences, quotations, entities and resolved dates."""
    try:
        with _open(db) as store:
            found = store.article(_article(store, article_id))
            ann = store.annotations(found.id)
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        from .readers.dateline import credit

        record = {**_records().article_record(found), "credit": credit(found.text)}
        _print_json({"article": record, **_records().annotations_record(ann)})
    else:
        console.print(_render().article_view(found, ann))


@app.command()
def stories(db: DbOption = None, as_json: JsonOption = False,
            search: Annotated[Optional[str], typer.Option(help="Only stories with an article containing this.")] = None,
            entity: Annotated[Optional[str], typer.Option(
                help="Only stories naming a person, organisation or place whose name contains this.")] = None,
            source: Annotated[Optional[str], typer.Option(help="Only stories this outlet reported.")] = None,
            since: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Active on or after.")] = None,
            until: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Begun on or before.")] = None,
            limit: Annotated[int, typer.Option(help="At most this many.")] = 200) -> None:
    """List stories (articles grouped by real-world event), latest activity first."""
    from .stories import summaries

    try:
        with _open(db) as store:
            found = summaries(store, search=search, entity=entity, source=source,
                              since=since.date() if since else None, until=until.date() if until else None, limit=limit)
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json([{**s.__dict__, "first_seen": s.first_seen.isoformat() if s.first_seen else None,
                      "last_seen": s.last_seen.isoformat() if s.last_seen else None, "span_days": s.span_days}
                     for s in found])
    else:
        console.print(_render().stories_table(found, width=console.width))


class _StoryCommands(TyperGroup):
    """`story ID` shows a story; `story merge` and `story split` correct the stories."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


story_app = typer.Typer(cls=_StoryCommands, no_args_is_help=True,
                        help="Show one story (story ID), or correct the stories (story merge, story split).",
                        epilog="`wiretrace story ID` is `wiretrace story show ID`; story ids start with s "
                               "(`wiretrace stories` lists them).")
app.add_typer(story_app, name="story")


@story_app.command("show")
def story(story_id: Annotated[str, typer.Argument(metavar="ID", help="Story id or a prefix of it.")],
          db: DbOption = None, as_json: JsonOption = False,
          explain: Annotated[bool, typer.Option("--explain", help="Check each later article's source with compare "
                                                "and show the evidence (slower: one comparison per article).")] = False,
          every: Annotated[bool, typer.Option("--all", help="List every article, also the later copies that a story "
                                              "of more than 40 articles folds into the first of their copy cluster.")] = False) -> None:
    """Show one story: the event record, its timeline, copy clusters and provenance."""
    from .stories import explain as explain_links
    from .stories import story as load_story
    from .stories.related import related

    try:
        with _open(db) as store:
            found = load_story(store, _story(store, story_id))
            naming = related(store, found)
            if explain and (as_json or not errors.is_terminal):
                found = explain_links(store, found)
            elif explain:
                with Progress(TextColumn("[bold]comparing linked articles"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), console=errors) as bar:
                    task = bar.add_task("comparing", total=None)
                    found = explain_links(store, found, progress=lambda done, total: bar.update(
                        task, completed=done, total=total))
            lineage = _lineage_json(store, found) if as_json else {}
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json({**found.to_json(), **lineage, "related": [r.to_json() for r in naming]})
    else:
        console.print(_render().story_view(found, evidence=explain, every=every, width=console.width, related=naming))


@story_app.command("merge")
def story_merge(story_ids: Annotated[list[str], typer.Argument(metavar="ID", help="Stories to merge, two or more; the first keeps its id.")],
                db: DbOption = None, as_json: JsonOption = False) -> None:
    """Merge stories into the first one named; kept across recluster."""
    from .stories.edits import merge

    try:
        with _open(db) as store:
            merged = merge(store, story_ids)
            size = len(store.story_members(merged))
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json({"story": merged, "articles": size})
    else:
        console.print(f"merged into [bold]{merged}[/] ({size} articles)")


@story_app.command("split")
def story_split(story_id: Annotated[str, typer.Argument(metavar="ID", help="The story to split.")],
                article_ids: Annotated[list[str], typer.Argument(metavar="ARTICLE", help="Articles that leave it, together.")],
                db: DbOption = None, as_json: JsonOption = False) -> None:
    """Move articles out of a story into a new one of their own; kept across recluster and later adds."""
    from .stories.edits import split

    try:
        with _open(db) as store:
            old = _story(store, story_id)
            new = split(store, old, article_ids)
            sizes = len(store.story_members(old)), len(store.story_members(new))
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json({"story": old, "articles": sizes[0], "new_story": new, "new_articles": sizes[1]})
    else:
        console.print(f"[bold]{new}[/] now holds {sizes[1]} articles; [bold]{old}[/] keeps {sizes[0]}")


@app.command()
def recluster(db: DbOption = None, as_json: JsonOption = False,
              dry_run: Annotated[bool, typer.Option("--dry-run", help="Report the differences, change nothing.")] = False,
              orders: Annotated[Optional[int], typer.Option(
                  min=1, show_default=False, help="Arrival orders to agree over (1: replay the order added, as add "
                                                  "placed them; default 7, tuned on ECB+).")] = None,
              keep_threshold: Annotated[bool, typer.Option(
                  "--keep-threshold", help="Join at the store's current threshold instead of choosing it again "
                                           "from its articles.")] = False
              ) -> None:
    """Rebuild every story from scratch, a person's corrections kept, at the join threshold the store's articles choose (kept for later adds); report what changed."""
    from .stories.consensus import ORDERS
    from .stories.recluster import recluster as run

    orders = ORDERS if orders is None else orders

    try:
        with _open(db) as store:
            if as_json or not errors.is_terminal:
                result = run(store, dry_run=dry_run, orders=orders, choose_threshold=not keep_threshold)
            else:
                with Progress(TextColumn("[bold]re-clustering"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), console=errors) as bar:
                    task = bar.add_task("re-clustering", total=(orders + 1) * store.profile_count())
                    result = run(store, dry_run=dry_run, orders=orders, choose_threshold=not keep_threshold,
                                 progress=lambda done, total: bar.update(task, completed=done, total=total))
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json(result.to_json())
    else:
        console.print(_render().recluster_view(result))


def _show(result, as_json: bool, view) -> None:
    """A library result as JSON (its `to_json()`), or as the terminal view of it."""
    if as_json:
        _print_json(result.to_json())
    else:
        console.print(view(result))


def _lineage_json(store: Store, found) -> dict:
    """The quotes, facts and names sections `story --json` adds (as `quotes` and `facts --json` give them)."""
    from .lineage import quote_lineage, story_facts, story_text

    text = story_text(store, found)
    facts = story_facts(store, text).to_json()
    return {"quotes": quote_lineage(store, text).to_json()["groups"], "facts": facts["facts"], "names": facts["names"]}


@app.command()
def quotes(story_id: Annotated[Optional[str], typer.Argument(metavar="STORY", help="Story id or a prefix of it.")] = None,
           search: Annotated[Optional[str], typer.Option("--search", help="Find every stored wording of this quotation instead: the whole quotation (closest wordings first, a changed word still found), or a few of its words, as a phrase inside it or all of them in any order ('central barrier'; stop words may be left out, a word finds the words it begins).")] = None,
           limit: Annotated[int, typer.Option(help="At most this many search hits.")] = 20,
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Quote lineage of a story (every quotation's wordings, who changed it and when), or --search TEXT across the store."""
    from .lineage import quote_lineage, search_quotes
    from .lineage.render import quotes_view, search_view

    if (story_id is None) == (search is None):
        errors.print("[bold red]error:[/] give a STORY id, or --search TEXT (not both)")
        raise typer.Exit(2)
    try:
        with _open(db) as store:
            if search is not None:
                result = search_quotes(store, search, limit=limit)
            else:
                result = quote_lineage(store, _story(store, story_id))
    except WiretraceError as exc:
        raise _fail(exc) from None
    _show(result, as_json, search_view if search is not None else quotes_view)


@app.command()
def facts(story_id: Annotated[str, typer.Argument(metavar="STORY", help="Story id or a prefix of it.")],
          db: DbOption = None, as_json: JsonOption = False) -> None:
    """Numbers, dates and the place per claim across a story (agree, disagree, updated, several places) and each name's spellings by outlet."""
    from .lineage import story_facts
    from .lineage.render import facts_view

    try:
        with _open(db) as store:
            result = story_facts(store, _story(store, story_id))
    except WiretraceError as exc:
        raise _fail(exc) from None
    _show(result, as_json, facts_view)


@app.command()
def dedup(inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="JSONL, Parquet or other article files, or folders.")],
          output: Annotated[str, typer.Option("--output", "-o", help="Write here: .parquet for Parquet, else JSON Lines (a folder of part files with --engine spark).")],
          keep: Annotated[str, typer.Option(help="all: every article; one: the earliest of each copy cluster.")] = "all",
          no_stories: Annotated[bool, typer.Option("--no-stories", help="Copy clusters only (no embeddings or annotation: fast).")] = False,
          engine: Annotated[str, typer.Option(help="local: this machine (on Linux every core for inputs of 4 MB or more; WIRETRACE_WORKERS=N sets the processes); spark: an Apache Spark job (the 'spark' extra, Java 17).")] = "local",
          master: Annotated[str, typer.Option(help="Spark master with --engine spark: local[N], spark://HOST:PORT, yarn.")] = "local[2]",
          as_json: JsonOption = False, max_chars: MaxCharsOption = None) -> None:
    """Label a corpus with copy clusters and stories, streaming it; bad records go to OUTPUT.rejects.jsonl."""
    _limit(max_chars)
    if keep not in ("all", "one"):
        errors.print(f"[bold red]error:[/] --keep must be 'all' or 'one', not '{keep}'", highlight=False)
        raise typer.Exit(2)
    if engine not in ("local", "spark"):
        errors.print(f"[bold red]error:[/] --engine must be 'local' or 'spark', not '{engine}'", highlight=False)
        raise typer.Exit(2)
    if engine == "spark":
        from functools import partial

        from .spark import dedup_spark

        run = partial(dedup_spark, master=master)
    else:
        from .batch import dedup_files as run
    try:
        if engine == "local" and Path(output).is_dir():
            raise InputError(output, "is a folder; --output takes the name of the file to write (a folder of part "
                                     "files only with --engine spark)")
        if as_json or not sys.stderr.isatty():
            report = run(inputs, output, keep=keep, stories=not no_stories)
        else:
            with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=errors) as bar:
                task = bar.add_task("reading", total=None)
                report = run(inputs, output, keep=keep, stories=not no_stories,
                             progress=lambda stage, done, total: bar.update(
                                 task, description=stage, completed=done, total=total))
    except WiretraceError as exc:
        raise _fail(exc) from None
    except OSError as exc:
        named = str(exc.filename or "")
        if exc.errno == errno.ENOSPC or not named or not (output.startswith(named) or named.startswith(output)):
            raise                                               # not the output's: a fault to see whole
        raise _fail(InputError(named, f"cannot write the output ({exc.strerror or exc})")) from None
    if as_json:
        _print_json(report.as_dict())
    else:
        console.print(_dedup_found(report) + f"; {report.written} written to {report.output} in "
                      f"{report.seconds:.1f}s", highlight=False)
        for exc in report.skipped:
            errors.print(f"[dim]{escape(str(exc))}[/]", highlight=False, soft_wrap=True)
        for exc in report.rejected:
            errors.print(f"[red]rejected[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        for exc in report.warnings:
            errors.print(f"[yellow]warning[/] {escape(str(exc))}; written, its story found from its text alone",
                         highlight=False, soft_wrap=True)
        if report.rejects:
            console.print(f"rejects listed in {report.rejects}", highlight=False)
    if report.rejected:
        raise typer.Exit(1)


def _dedup_found(report) -> str:
    """What dedup found; with nothing read, that, not a threshold no articles could have chosen."""
    if not report.articles:
        return "no article read" + (", every input rejected" if report.rejected else "")
    return (f"{_count(report.articles, 'article')}: {_count(report.copy_clusters, 'copy cluster')}"
            + (f", {_count(report.stories, 'story', 'stories')}" if report.stories is not None else "")
            + (f" (joined at {report.story_threshold:.2f}, the threshold this collection chose)"
               if report.story_threshold is not None else " (at the model's threshold: "
               f"{_render().UNCHOSEN})" if report.stories is not None else ""))


def _comparable(store_path: Path | None, ref: str):
    """An article from a file path, or from the store by id; with stored annotations when it is stored."""
    if Path(ref).is_dir():
        raise InputError(ref, "is a folder; compare takes one file, or a stored article id, on each side")
    if ref == "-" or Path(ref).exists():
        return ref, None
    try:
        with _open(store_path) as store:
            found = store.article(_article(store, ref))
            return found, store.annotations(found.id)
    except NotFound:
        raise NotFound(f"{ref}: no such file, nor an article stored in {store_path or default_path()}") from None


@app.command()
def compare(a: Annotated[str, typer.Argument(metavar="A", help="A file holding one article, or a stored article id.")],
            b: Annotated[str, typer.Argument(metavar="B", help="The other article: file or stored id.")],
            db: DbOption = None, as_json: JsonOption = False,
            html: Annotated[Optional[Path], typer.Option("--html", help="Write a self-contained HTML report here.")] = None) -> None:
    """Align two articles sentence by sentence; show who derived from whom and what was changed."""
    from .compare import compare as run_compare
    from .compare.report import html_report

    try:
        if html is not None and html.is_dir():
            raise InputError(str(html), "is a folder; --html takes the name of the file to write")
        (left, ann_a), (right, ann_b) = _comparable(db, a), _comparable(db, b)
        annotations = (ann_a, ann_b) if ann_a and ann_b else None
        result = run_compare(left, right, annotations=annotations)
        if html:
            _write_report(html, html_report(result))
    except WiretraceError as exc:
        raise _fail(exc) from None
    if as_json:
        _print_json(result.to_json())
    else:
        console.print(_render().comparison_view(result))
        if html:
            console.print(f"report written to {html}")


def _write_report(path: Path, page: str) -> None:
    """The HTML report, its folder made as `dedup` makes its output's; what stops it is one line, not a traceback."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename and str(exc.filename) != str(path) else ""
        raise InputError(str(path), f"cannot write the report ({exc.strerror or exc}{where})") from None


@app.command()
def demo(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Load the bundled demo corpus (49 articles on 10 events, in every input format) and show what wiretrace finds."""
    from .demo import showcase_story
    from .stories import story as load_story
    from .stories import summaries

    try:
        report = _run_ingest(db, [str(_demo_corpus().corpus_path())], as_json)
        if as_json:
            _report(report, db, as_json)
            return
        with _open(db) as store:
            found = summaries(store)
            shown, lineage, facts = showcase_story(store, found)
            record = load_story(store, shown.id)
    except WiretraceError as exc:
        raise _fail(exc) from None
    path = db or default_path()
    console.print(f"{len(report.added)} articles added to {path} ({len(report.present)} there already): "
                  f"the demo corpus, {len(found)} events", highlight=False)
    console.print(_render().demo_view(found, record, lineage, facts, _program(), f" --db {db}" if db else ""))


def _program() -> str:
    """How the user ran wiretrace (`.venv/bin/wiretrace` after `make demo`): the commands the demo suggests must
    work as printed."""
    program = Path(sys.argv[0])
    if program.name != "wiretrace" or shutil.which("wiretrace") == str(program):
        return "wiretrace"
    if program.parent.resolve() == Path.cwd().resolve() / ".venv" / "bin":
        return ".venv/bin/wiretrace"
    return str(program)


@app.command()
def serve(db: DbOption = None, as_json: JsonOption = False,
          host: Annotated[str, typer.Option(help="Address to listen on; another than 127.0.0.1 opens it to the network.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000) -> None:
    """Browse stories, provenance graphs and side-by-side comparisons in a web browser (read-only on the store)."""
    import uvicorn

    from .web import create_app

    try:
        web_app = create_app(db or default_path())
    except WiretraceError as exc:
        raise _fail(exc) from None
    listening = _listen(host, port)
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    if as_json:
        _print_json({"url": url, "db": str(db or default_path())})
    else:
        console.print(f"wiretrace serving {db or default_path()} at [bold]{url}[/] (Ctrl+C to stop)")
    uvicorn.Server(uvicorn.Config(web_app, log_level="warning")).run(sockets=[listening])


def _listen(host: str, port: int):
    """The server's socket, bound before the URL is announced: a port in use is one line and exit 1, not a URL
    that answers nothing."""
    import socket

    try:
        return socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        why = "the port is in use; --port picks another" if exc.errno == errno.EADDRINUSE else exc.strerror or exc
        errors.print(f"[bold red]error:[/] cannot listen on {escape(host)}:{port}: {escape(str(why))}", highlight=False,
                     soft_wrap=True)
        raise typer.Exit(1) from None


def main() -> None:
    try:
        app()
    except (sqlite3.Error, OSError) as exc:
        if getattr(exc, "sqlite_errorname", None) != "SQLITE_FULL" and getattr(exc, "errno", None) != errno.ENOSPC:
            raise
        errors.print(f"[bold red]error:[/] the disk is full ({escape(str(exc))}); free some space and run it again",
                     highlight=False, markup=True, soft_wrap=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
