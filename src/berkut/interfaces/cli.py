"""The command line: a thin skin over the library with the same words.

Only this package prints. Errors from ``berkut.errors`` become a one-line message and the error's exit
code; a traceback means a bug.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from berkut.errors import BerkutError, QueryError
from berkut.model import EventFilter, StoredEvent
from berkut.settings import SETTINGS, Settings, load_settings

app = typer.Typer(
    name="berkut",
    help="Turn news into political event data (who did what to whom, when and where) and watch it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SAMPLE = Path(__file__).resolve().parent.parent / "sample" / "reports.jsonl"

DatabaseOption = Annotated[
    str | None, typer.Option("--database", "-d", help="SQLAlchemy URL (default: setting database_url).")
]


def _settings(database: str | None = None, **extra: Any) -> Settings:
    return load_settings({"database_url": database, **extra})


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


# -- analyze ---------------------------------------------------------------------------------------
@app.command()
def analyze(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders (.jsonl, .txt, .html); '-' or none: stdin.")
    ] = None,
    pub_date: Annotated[
        str | None, typer.Option("--date", help="Publication date for documents without one.")
    ] = None,
) -> None:
    """Code documents into events and print one JSON object per document (see CONTRACT.md)."""
    from berkut.contract import dumps
    from berkut.pipeline import Pipeline
    from berkut.sources import iter_paths

    pipeline = Pipeline(_settings())
    readable = 0
    total = 0
    for analysis in pipeline.analyze(iter_paths(paths or ["-"], _parse_date(pub_date, "--date"))):
        total += 1
        readable += analysis.parse is not None
        typer.echo(dumps(analysis))
    if readable == 0:
        _err(f"berkut: nothing could be read ({total} inputs)")
        raise typer.Exit(3)


# -- explain ---------------------------------------------------------------------------------------
@app.command()
def explain(code: Annotated[str, typer.Argument(help="A CAMEO event code, e.g. 0232.")]) -> None:
    """Say what a CAMEO code means: name, Goldstein value, quad class and PLOVER type."""
    from berkut.ontology.codes import load_code_tables

    typer.echo(load_code_tables().explain(code))


# -- ingest ----------------------------------------------------------------------------------------
@app.command()
def ingest(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders (.jsonl, .txt, .html), page or feed URLs.")
    ] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Ingest the bundled sample corpus.")] = False,
    pub_date: Annotated[
        str | None, typer.Option("--date", help="Publication date for documents without one.")
    ] = None,
    database: DatabaseOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Code documents and store them; a document already stored is skipped."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from berkut.ingest import ingest_targets
    from berkut.pipeline import Pipeline
    from berkut.store import open_store

    targets = list(paths or [])
    if sample:
        targets.append(str(SAMPLE))
    if not targets:
        raise QueryError("nothing to ingest: give paths or --sample")
    settings = _settings(database)
    with open_store(settings=settings) as store:
        pipeline = Pipeline(settings)
        default_date = _parse_date(pub_date, "--date")
        if quiet or not sys.stderr.isatty():
            report = ingest_targets(targets, store, pipeline, default_date=default_date)
        else:
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True) as bar:
                task = bar.add_task("ingesting")
                report = ingest_targets(
                    targets,
                    store,
                    pipeline,
                    default_date=default_date,
                    progress=lambda a, r: bar.update(task, description=r.summary()),
                )
    for error in report.errors[:20]:
        _err(f"  {error}")
    if len(report.errors) > 20:
        _err(f"  ... and {len(report.errors) - 20} more errors")
    typer.echo(report.summary())
    typer.echo(f"store: {settings.store_url}")
    if report.read and report.stored == 0 and report.duplicates == 0:
        raise typer.Exit(3)


# -- events ----------------------------------------------------------------------------------------
_EVENT_COLUMNS = (
    "id",
    "date",
    "source_code",
    "source_text",
    "cameo",
    "target_code",
    "target_text",
    "goldstein",
    "sentence_text",
)


def _event_filter(
    actor: str | None,
    source: str | None,
    target: str | None,
    dyad: str | None,
    country: str | None,
    cameo: str | None,
    root: list[str] | None,
    plover: list[str] | None,
    date_from: str | None,
    date_to: str | None,
    min_confidence: float,
    include_flagged: bool,
    limit: int | None,
    text: str | None,
    near: str | None = None,
    radius: float = 100.0,
) -> EventFilter:
    pair: tuple[str, str] | None = None
    if dyad:
        parts = [p.strip().upper() for p in dyad.replace(",", "-").split("-") if p.strip()]
        if len(parts) != 2:
            raise QueryError(f"--dyad takes two actors like AFG-KAZ, not {dyad!r}")
        pair = (parts[0], parts[1])
    return EventFilter(
        actor=actor.upper() if actor else None,
        source=source.upper() if source else None,
        target=target.upper() if target else None,
        dyad=pair,
        country=country.upper() if country else None,
        cameo=cameo,
        cameo_root=tuple(r.zfill(2) for r in root or ()),
        plover_type=tuple(p.upper() for p in plover or ()),
        date_from=_parse_date(date_from, "--from"),
        date_to=_parse_date(date_to, "--to"),
        min_confidence=min_confidence,
        include_negated=include_flagged,
        include_hypothetical=include_flagged,
        text=text,
        limit=limit,
        near=_locate(near) if near else None,
        radius_km=radius,
    )


def _locate(place: str) -> tuple[float, float]:
    """ "Almaty" or "43.25,76.9" → coordinates, from the offline gazetteer (the most populous match)."""
    parts = place.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    from berkut.coding.gazetteer import gazetteer_for

    candidates = gazetteer_for(load_settings()).candidates(place)
    if not candidates:
        raise QueryError(f"--near: no place called {place!r} in the gazetteer (or give 'lat,lon')")
    best = max(candidates, key=lambda c: (c.feature == "city", c.population))
    return best.lat, best.lon


def _event_row(e: StoredEvent) -> dict[str, Any]:
    row = dataclasses.asdict(e)
    for key, value in row.items():
        if isinstance(value, date):
            row[key] = value.isoformat()
        elif isinstance(value, tuple):
            row[key] = list(value)
    row["explanation"] = json.loads(e.explanation) if e.explanation else None
    return row


def _print_rows(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, title: str) -> None:
    if fmt == "jsonl":
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()) if rows else list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in row.items()})
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for column in columns:
            wide = column in ("sentence_text", "source_text", "target_text", "content")
            table.add_column(
                column, overflow="fold", no_wrap=not wide, max_width=80 if column in ("sentence_text", "content") else None
            )
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        console = Console()
        if not console.is_terminal:
            # Piped output has no terminal width; a table narrower than its sentences is unreadable.
            console = Console(width=180)
        console.print(table)
    else:
        raise QueryError(f"--format must be table, jsonl or csv, not {fmt!r}")


FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")]


@app.command()
def events(
    actor: Annotated[
        str | None, typer.Option(help="Actor on either side: code (KAZGOV), country (KAZ) or org (TALIBAN).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source actor.")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor.")] = None,
    dyad: Annotated[str | None, typer.Option(help="Two actors, either direction: AFG-KAZ.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 country of either actor.")] = None,
    cameo: Annotated[
        str | None, typer.Option(help="CAMEO code or prefix (02 matches 020, 0231, ...).")
    ] = None,
    root: Annotated[list[str] | None, typer.Option(help="CAMEO root(s), repeatable.")] = None,
    plover: Annotated[list[str] | None, typer.Option(help="PLOVER type(s), repeatable.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First event date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date (YYYY-MM-DD).")] = None,
    text: Annotated[
        str | None, typer.Option(help="Words the sentence must contain (full-text search).")
    ] = None,
    min_confidence: Annotated[float, typer.Option(help="Lowest confidence shown.")] = 0.0,
    include_flagged: Annotated[
        bool, typer.Option("--include-flagged", help="Also negated and hypothetical events.")
    ] = False,
    near: Annotated[
        str | None, typer.Option(help="Only events located within --radius km of this place or 'lat,lon'.")
    ] = None,
    radius: Annotated[float, typer.Option(help="Radius in km for --near.")] = 100.0,
    limit: Annotated[int, typer.Option(help="At most this many events (0: all).")] = 50,
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """List stored events, newest first, filtered."""
    from berkut import query
    from berkut.store import open_store

    event_filter = _event_filter(
        actor,
        source,
        target,
        dyad,
        country,
        cameo,
        root,
        plover,
        date_from,
        date_to,
        min_confidence,
        include_flagged,
        limit or None,
        text,
        near,
        radius,
    )
    with open_store(settings=_settings(database)) as store:
        rows = [_event_row(e) for e in query.events(store, event_filter)]
    _print_rows(rows, _EVENT_COLUMNS, fmt, f"{len(rows)} events")


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="First actor: country (AFG), code (AFGGOV) or org.")],
    b: Annotated[str, typer.Argument(help="Second actor.")],
    by: Annotated[str, typer.Option("--by", help="day, week, month or year.")] = "month",
    date_from: Annotated[str | None, typer.Option("--from", help="First event date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date.")] = None,
    baseline: Annotated[
        int, typer.Option(help="Periods before each one that form its baseline (4 or 52).")
    ] = 4,
    threshold: Annotated[
        float, typer.Option(help="Standard deviations above the baseline that make a spike.")
    ] = 2.0,
    clusters: Annotated[
        bool, typer.Option("--clusters", help="Count distinct events, not mentions.")
    ] = False,
    plover: Annotated[bool, typer.Option("--plover", help="Add a column per PLOVER type.")] = False,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also draw the timeline to a .png or .svg file.")
    ] = None,
    normalise: Annotated[
        bool, typer.Option("--normalise", help="Chart events per 100 stored articles.")
    ] = False,
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """The dyad's timeline: quad classes, PLOVER types, Goldstein sum and mean, article volume, spikes."""
    from berkut.interfaces.cli_monitor import trend_command

    base = EventFilter(
        dyad=(a.upper(), b.upper()),
        date_from=_parse_date(date_from, "--from"),
        date_to=_parse_date(date_to, "--to"),
        distinct_clusters=clusters,
    )
    subject = f"{a.upper()}–{b.upper()}"
    trend_command(subject, "dyad", base, by, baseline, threshold, plover, chart, normalise, fmt, database)


@app.command()
def quotes(
    speaker: Annotated[
        str | None, typer.Option(help="Speaker code prefix (KAZGOV) or words of the speaker (Tokayev).")
    ] = None,
    document: Annotated[str | None, typer.Option(help="Only quotes from this document id.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many quotes.")] = 50,
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """Stored quotations with their speakers, newest documents first."""
    from berkut.store import lookups, open_store

    with open_store(settings=_settings(database)) as store:
        rows = lookups.quotes(store, speaker, document, limit)
    for row in rows:
        row["published"] = row["published"].isoformat() if row.get("published") else None
    columns = ("published", "document_id", "speaker_text", "speaker_code", "cue", "direct", "content")
    _print_rows(rows, columns, fmt, f"{len(rows)} quotes")


@app.command()
def places(
    country: Annotated[str | None, typer.Option(help="Only places in this ISO3 country.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many places.")] = 50,
    fmt: FormatOption = "table",
    database: DatabaseOption = None,
) -> None:
    """Places named in stored documents, with coordinates, most mentioned first."""
    from berkut.store import lookups, open_store

    with open_store(settings=_settings(database)) as store:
        rows = lookups.places(store, country, limit)
    columns = ("name", "country", "lat", "lon", "geonameid", "mentions", "documents")
    _print_rows(rows, columns, fmt, f"{len(rows)} places")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A gold YAML file of sentences and expected events.")],
    details: Annotated[
        bool, typer.Option("--details", help="List misses, false positives and violations.")
    ] = False,
) -> None:
    """Score the coder on a gold file (format in tests/gold/events.yaml)."""
    from berkut.evaluate import evaluate as run_evaluate
    from berkut.pipeline import Pipeline

    report = run_evaluate(gold, Pipeline(_settings()))
    typer.echo(report.summary())
    if details:
        for heading, lines in (
            ("misses", report.misses),
            ("false positives", report.false_positives),
            ("must-not violations", report.violations),
        ):
            typer.echo(f"\n{heading} ({len(lines)}):")
            for line in lines:
                typer.echo(f"  {line}")


@app.command("settings")
def show_settings() -> None:
    """Every setting with its current value, environment variable and help."""
    current = load_settings()
    for setting in SETTINGS:
        value = current.values[setting.name]
        typer.echo(f"{setting.name} = {value!r}  ({setting.env_var}) — {setting.help}")


# Commands that live in their own modules register themselves on the app (one module a concern).
_EXTENSIONS = ("cli_actors", "cli_monitor", "cli_serve")


def _register_extensions() -> None:
    import importlib

    for name in _EXTENSIONS:
        try:
            module = importlib.import_module(f"berkut.interfaces.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"berkut.interfaces.{name}":
                continue
            raise
        module.register(app)


_register_extensions()


def main() -> None:
    try:
        app()
    except BerkutError as exc:
        _err(f"berkut: {exc}")
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # `berkut events | head`
        sys.exit(0)


if __name__ == "__main__":
    main()
