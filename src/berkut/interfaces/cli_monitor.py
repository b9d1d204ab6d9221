"""Watching from the command line: trends, search, export, watch, watchlists, alerts, clusters.

A thin skin: trends are ``berkut.query``, watching is ``berkut.ingest`` + ``berkut.monitor``, exports are
``berkut.export``. Registered on the main app by ``cli.py``.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from berkut.errors import QueryError, SettingsError
from berkut.model import EventFilter

# The same options as cli.py's. cli.py imports this module while it is itself being imported (run as
# ``python -m berkut.interfaces.cli`` it is even ``__main__``), so its helpers are imported lazily.
DatabaseOption = Annotated[
    str | None, typer.Option("--database", "-d", help="SQLAlchemy URL (default: setting database_url).")
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")]


def _cli() -> Any:
    from berkut.interfaces import cli

    return cli


def _settings(database: str | None) -> Any:
    return _cli()._settings(database)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _parse_date(value: str | None, name: str) -> Any:
    return _cli()._parse_date(value, name)


watchlist_app = typer.Typer(name="watchlist", help="Watchlists kept in the store: add, list, remove.",
                            no_args_is_help=True)  # fmt: skip

_TREND_COLUMNS = ("period", "events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum", "goldstein_mean",
                  "articles", "per_100_articles", "z", "change")  # fmt: skip
_QUAD_LEGEND = "quad 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict"


def register(app: typer.Typer) -> None:
    app.command("actor")(actor)
    app.command("country")(country)
    app.command("search")(search)
    app.command("export")(export)
    app.command("watch")(watch)
    app.command("alerts")(alerts)
    app.command("recluster")(recluster)
    app.add_typer(watchlist_app, name="watchlist")


# -- trends -------------------------------------------------------------------------------------------

ByOption = Annotated[str, typer.Option("--by", help="day, week, month or year.")]
FromOption = Annotated[str | None, typer.Option("--from", help="First event date (YYYY-MM-DD).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last event date (YYYY-MM-DD).")]
BaselineOption = Annotated[
    int, typer.Option(help="Periods before each one that form its baseline (4 or 52).")
]
ThresholdOption = Annotated[
    float, typer.Option(help="Standard deviations above the baseline that make a spike.")
]
ClustersOption = Annotated[bool, typer.Option("--clusters", help="Count distinct events, not mentions.")]
PloverOption = Annotated[bool, typer.Option("--plover", help="Add a column per PLOVER type.")]
ChartOption = Annotated[
    Path | None, typer.Option("--chart", help="Also draw the timeline to a .png or .svg file.")
]
NormaliseOption = Annotated[bool, typer.Option("--normalise", help="Chart events per 100 stored articles.")]


def trend_command(
    subject: str, kind: str, base: EventFilter, by: str, baseline: int, threshold: float, plover: bool,
    chart: Path | None, normalise: bool, fmt: str, database: str | None,
) -> None:  # fmt: skip
    """Shared by ``dyad``, ``actor`` and ``country``: compute, print and optionally chart a trend."""
    from berkut import query
    from berkut.store import open_store

    rule = query.SpikeRule(baseline=baseline, threshold=threshold)
    with open_store(settings=_settings(database)) as store:
        rows = query.trend(store, base, by, rule)
    if chart is not None:
        from berkut.monitor.charts import write_chart

        write_chart(rows, chart, f"{subject} by {by}", normalised=normalise)
        _err(f"chart written to {chart}")
    types = sorted({t for r in rows for t in r.plover})
    out = []
    for r in rows:
        row = dataclasses.asdict(r)
        row["goldstein_sum"] = round(r.goldstein_sum, 1)
        row["goldstein_mean"] = None if r.goldstein_mean is None else round(r.goldstein_mean, 2)
        row["per_100_articles"] = None if r.per_100_articles is None else round(r.per_100_articles, 1)
        for key in ("baseline_mean", "baseline_std", "z"):
            row[key] = None if row[key] is None else round(row[key], 2)
        if fmt != "jsonl":
            plover_counts = row.pop("plover")
            for t in types:
                row[t] = plover_counts.get(t, 0)
        out.append(row)
    columns = _TREND_COLUMNS + (tuple(types) if plover else ())
    title = f"{subject} ({kind}) by {by} ({_QUAD_LEGEND})"
    if fmt == "table":
        # Empty periods carry the baseline (and stay in jsonl, csv and charts) but would bury a table.
        out = [row for row in out if row["events"]]
        title += "; periods without events hidden"
    _cli()._print_rows(out, columns, fmt, title)


def _base(date_from: str | None, date_to: str | None, clusters: bool) -> EventFilter:
    return EventFilter(
        date_from=_parse_date(date_from, "--from"),
        date_to=_parse_date(date_to, "--to"),
        distinct_clusters=clusters,
    )


def actor(
    name: Annotated[
        str, typer.Argument(help="Actor: code (KAZGOV), country (KAZ) or organisation (TALIBAN).")
    ],
    by: ByOption = "month", date_from: FromOption = None, date_to: ToOption = None,
    baseline: BaselineOption = 4, threshold: ThresholdOption = 2.0, clusters: ClustersOption = False,
    plover: PloverOption = False, chart: ChartOption = None, normalise: NormaliseOption = False,
    fmt: FormatOption = "table", database: DatabaseOption = None,
) -> None:  # fmt: skip
    """An actor's timeline: events per period, quad classes, PLOVER types, Goldstein, volume, spikes."""
    base = dataclasses.replace(_base(date_from, date_to, clusters), actor=name.upper())
    trend_command(
        name.upper(), "actor", base, by, baseline, threshold, plover, chart, normalise, fmt, database
    )


def country(
    code: Annotated[str, typer.Argument(help="ISO 3166 alpha-3 country code, e.g. KAZ.")],
    by: ByOption = "month", date_from: FromOption = None, date_to: ToOption = None,
    baseline: BaselineOption = 4, threshold: ThresholdOption = 2.0, clusters: ClustersOption = False,
    plover: PloverOption = False, chart: ChartOption = None, normalise: NormaliseOption = False,
    fmt: FormatOption = "table", database: DatabaseOption = None,
) -> None:  # fmt: skip
    """A country's timeline (events with an actor of that country on either side), with spikes."""
    base = dataclasses.replace(_base(date_from, date_to, clusters), country=code.upper())
    trend_command(
        code.upper(), "country", base, by, baseline, threshold, plover, chart, normalise, fmt, database
    )


# -- search -------------------------------------------------------------------------------------------


def search(
    words: Annotated[str, typer.Argument(help="Words every sentence must contain (stemmed).")],
    limit: Annotated[int, typer.Option(help="At most this many sentences.")] = 20,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or jsonl.")] = "text",
    database: DatabaseOption = None,
) -> None:
    """Full-text search over stored sentences, with the events coded from each."""
    from berkut.store import open_store

    with open_store(settings=_settings(database)) as store:
        hits = store.search_sentences(words, limit=limit)
        found = {e.id: e for e in store.events_by_id([i for h in hits for i in h.event_ids])}
    for hit in hits:
        events = [found[i] for i in hit.event_ids if i in found]
        if fmt == "jsonl":
            row = dataclasses.asdict(hit)
            row["events"] = [_cli()._event_row(e) for e in events]
            typer.echo(json.dumps(row, ensure_ascii=False, default=str))
            continue
        title = f" — {hit.document_title}" if hit.document_title else ""
        typer.echo(f"{hit.doc_key}#{hit.sentence}{title}\n  {hit.text}")
        for e in events:
            date = e.date.isoformat() if e.date else "undated"
            typer.echo(f"    event {e.id}: {e.source_code or '-'} {e.cameo} {e.target_code or '-'} ({date})")
    if fmt != "jsonl":
        typer.echo(f"{len(hits)} sentences")


# -- export -------------------------------------------------------------------------------------------


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="gdelt, plover, acled or parquet.")],
    output: Annotated[str, typer.Option("--output", "-o", help="File to write ('-': standard output).")],
    actor: Annotated[str | None, typer.Option(help="Actor on either side.")] = None,
    source: Annotated[str | None, typer.Option(help="Source actor.")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor.")] = None,
    dyad: Annotated[str | None, typer.Option(help="Two actors, either direction: AFG-KAZ.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 country of either actor.")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code or prefix.")] = None,
    root: Annotated[list[str] | None, typer.Option(help="CAMEO root(s), repeatable.")] = None,
    plover: Annotated[list[str] | None, typer.Option(help="PLOVER type(s), repeatable.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First event date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date (YYYY-MM-DD).")] = None,
    text: Annotated[str | None, typer.Option(help="Words the sentence must contain.")] = None,
    min_confidence: Annotated[float, typer.Option(help="Lowest confidence exported.")] = 0.0,
    include_flagged: Annotated[
        bool, typer.Option("--include-flagged", help="Also negated and hypothetical events.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many events (0: all).")] = 0,
    clusters: Annotated[
        bool, typer.Option("--clusters", help="One row per event cluster (its first mention).")
    ] = False,
    one_a_day: Annotated[
        bool, typer.Option("--one-a-day", help="One row per source, target, code and day.")
    ] = False,
    database: DatabaseOption = None,
) -> None:  # fmt: skip
    """Write events as GDELT-like TSV, PLOVER JSON(L), ACLED-style CSV or Parquet, with `events`' filters."""
    from berkut import export as exporting
    from berkut.store import open_store

    event_filter = _cli()._event_filter(
        actor, source, target, dyad, country, cameo, root, plover, date_from, date_to, min_confidence,
        include_flagged, limit or None, text,
    )  # fmt: skip
    event_filter = dataclasses.replace(event_filter, distinct_clusters=clusters, one_a_day=one_a_day,
                                       newest_first=False)  # fmt: skip
    with open_store(settings=_settings(database)) as store:
        events = store.iter_events(event_filter)
        n = exporting.export(events, fmt, sys.stdout if output == "-" else output)
    _err(f"{n} events written" + ("" if output == "-" else f" to {output}"))


# -- watch --------------------------------------------------------------------------------------------

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_every(value: str) -> float:
    """Seconds in "90", "90s", "15m", "2h" or "1d"."""
    found = _EVERY.match(value)
    if not found:
        raise QueryError(f"--every takes a duration like 15m, 1h or 900, not {value!r}")
    seconds = float(found.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[found.group(2)]
    if seconds < 1:
        raise QueryError("--every must be at least one second")
    return seconds


def watch(
    feeds: Annotated[Path | None, typer.Option(help="File of feed URLs, one a line (or OPML).")] = None,
    watchlists: Annotated[Path | None, typer.Option(help="YAML file of watchlists and notifiers.")] = None,
    every: Annotated[str, typer.Option(help="Time between polls: 15m, 1h, 900 (seconds).")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll and evaluate once, then stop.")] = False,
    backfill: Annotated[
        bool, typer.Option("--backfill", help="New watchlists judge every stored event, not only new ones.")
    ] = False,
    jsonl: Annotated[Path | None, typer.Option(help="Also append alerts to this JSON Lines file.")] = None,
    webhook: Annotated[str | None, typer.Option(help="Also POST alerts as JSON to this URL.")] = None,
    email: Annotated[
        list[str] | None, typer.Option(help="Also email alerts to this address (repeatable).")
    ] = None,
    digest: Annotated[
        bool, typer.Option("--digest", help="One message per run for --jsonl/--webhook/--email.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No alerts on the console.")] = False,
    database: DatabaseOption = None,
) -> None:  # fmt: skip
    """Poll feeds, code and store new articles, evaluate watchlists and send alerts; every --every."""
    from berkut.ingest import ingest_targets
    from berkut.monitor import build_notifiers, deliver, evaluate, load_config, prime
    from berkut.sources.feeds import read_feed_list
    from berkut.sources.web import WebClient
    from berkut.store import open_store

    settings = _settings(database)
    pause = parse_every(every)
    feed_urls = read_feed_list(feeds) if feeds else []
    file_lists, notify = load_config(watchlists) if watchlists else ([], [])
    if not quiet and not any(n == "console" or (isinstance(n, dict) and "console" in n) for n in notify):
        notify = ["console", *notify]
    if jsonl:
        notify.append({"jsonl": {"path": str(jsonl), "digest": digest}})
    if webhook:
        notify.append({"webhook": {"url": webhook, "digest": digest}})
    if email:
        notify.append({"email": {"to": list(email), "digest": digest}})
    if not feed_urls and not file_lists and once is False and not _has_stored_watchlists(settings):
        raise QueryError(
            "nothing to watch: give --feeds and/or --watchlists (or add one with berkut watchlist add)"
        )
    with open_store(settings=settings) as store, WebClient(settings) as client:
        console = None if quiet else sys.stdout
        notifiers = build_notifiers(notify, settings, console=console, client=client)
        pipeline = None
        if feed_urls:
            from berkut.pipeline import Pipeline

            pipeline = Pipeline(settings)
        while True:
            if watchlists and not once:
                try:  # edits to the file take effect at the next cycle; a broken edit keeps the old lists
                    file_lists = load_config(watchlists)[0]
                except SettingsError as exc:
                    _err(f"  {exc} (keeping the watchlists read before)")
            lists = _merged_watchlists(store, file_lists)
            prime(store, lists, backfill)
            summary = []
            if pipeline is not None:
                report = ingest_targets([], store, pipeline, client, feeds=feed_urls)
                for error in report.errors[:20]:
                    _err(f"  {error}")
                summary.append(report.summary())
            new = evaluate(store, lists)
            delivery = deliver(store, notifiers)
            for error in delivery.errors:
                _err(f"  delivery failed: {error}")
            summary.append(f"{len(new)} new alerts from {len(lists)} watchlists")
            _err(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S}Z " + "; ".join(summary))
            if once:
                break
            try:
                time.sleep(pause)
            except KeyboardInterrupt:
                _err("stopped")
                break


def _has_stored_watchlists(settings: Any) -> bool:
    from berkut.store import open_store

    with open_store(settings=settings) as store:
        return bool(store.watchlists())


def _merged_watchlists(store: Any, from_file: list[Any]) -> list[Any]:
    """Watchlists kept in the store and from the file; a file's list replaces a stored one of its name."""
    from berkut.monitor import parse_watchlist

    named = {name: parse_watchlist(spec, f"stored watchlist {name!r}") for name, spec in store.watchlists()}
    named.update({w.name: w for w in from_file})
    return list(named.values())


# -- watchlists ---------------------------------------------------------------------------------------


@watchlist_app.command("add")
def watchlist_add(
    name: Annotated[str, typer.Argument(help="A name: letters, digits, '.', '-', '_'.")],
    actor: Annotated[list[str] | None, typer.Option(help="Actor on either side (repeatable).")] = None,
    dyad: Annotated[list[str] | None, typer.Option(help="Dyad like AFG-KAZ (repeatable).")] = None,
    country: Annotated[list[str] | None, typer.Option(help="Country ISO3 (repeatable).")] = None,
    place: Annotated[list[str] | None, typer.Option(help="LAT,LON,RADIUS_KM (repeatable).")] = None,
    root: Annotated[list[str] | None, typer.Option(help="CAMEO root (repeatable).")] = None,
    cameo: Annotated[list[str] | None, typer.Option(help="CAMEO code prefix (repeatable).")] = None,
    plover: Annotated[list[str] | None, typer.Option(help="PLOVER type (repeatable).")] = None,
    quad: Annotated[list[int] | None, typer.Option(help="Quad class 1-4 (repeatable).")] = None,
    goldstein_below: Annotated[
        float | None, typer.Option(help="Only events with Goldstein at most this.")
    ] = None,
    goldstein_above: Annotated[
        float | None, typer.Option(help="Only events with Goldstein at least this.")
    ] = None,
    min_confidence: Annotated[float, typer.Option(help="Lowest confidence that alerts.")] = 0.0,
    min_sources: Annotated[int, typer.Option(help="Only events reported by this many outlets.")] = 1,
    severity: Annotated[
        str, typer.Option(help="Least severity of this list's alerts: low, medium, high, critical.")
    ] = "low",
    spike_by: Annotated[str | None, typer.Option(help="Also alert on spikes per day, week or month.")] = None,
    spike_baseline: Annotated[int, typer.Option(help="Spike baseline in periods (4 or 52).")] = 4,
    spike_threshold: Annotated[float, typer.Option(help="Spike threshold in standard deviations.")] = 2.0,
    no_events: Annotated[bool, typer.Option("--spikes-only", help="No alerts for single events.")] = False,
    database: DatabaseOption = None,
) -> None:  # fmt: skip
    """Add (or replace) a watchlist in the store."""
    from berkut.monitor import parse_watchlist
    from berkut.store import open_store

    places = []
    for value in place or []:
        parts = [p.strip() for p in value.split(",")]
        if len(parts) not in (2, 3):
            raise SettingsError(f"--place takes LAT,LON or LAT,LON,RADIUS_KM, not {value!r}")
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            raise SettingsError(f"--place takes numbers, not {value!r}") from None
        places.append(
            {"lat": numbers[0], "lon": numbers[1], **({"radius_km": numbers[2]} if len(numbers) == 3 else {})}
        )
    spec: dict[str, Any] = {
        "name": name, "actors": actor, "dyads": dyad, "countries": country, "places": places or None,
        "roots": root, "cameo": cameo, "plover": plover, "quad_class": quad,
        "goldstein_below": goldstein_below, "goldstein_above": goldstein_above,
        "min_confidence": min_confidence or None,
        "min_sources": min_sources if min_sources > 1 else None, "severity": severity,
        "spike": {"by": spike_by, "baseline": spike_baseline, "threshold": spike_threshold}
        if spike_by else None,
        "events": False if no_events else None,
    }  # fmt: skip
    spec = {k: v for k, v in spec.items() if v not in (None, [], "")}
    parse_watchlist(spec)  # validate before storing
    with open_store(settings=_settings(database)) as store:
        store.save_watchlist(name, spec)
    typer.echo(f"watchlist {name!r} saved: {json.dumps(spec, sort_keys=True)}")


@watchlist_app.command("list")
def watchlist_list(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or jsonl.")] = "text",
    database: DatabaseOption = None,
) -> None:
    """The watchlists kept in the store."""
    from berkut.store import open_store

    with open_store(settings=_settings(database)) as store:
        items = store.watchlists()
    for name, spec in items:
        typer.echo(
            json.dumps(spec, sort_keys=True)
            if fmt == "jsonl"
            else f"{name}: {json.dumps(spec, sort_keys=True)}"
        )
    if fmt != "jsonl":
        typer.echo(f"{len(items)} watchlists")


@watchlist_app.command("remove")
def watchlist_remove(
    name: Annotated[str, typer.Argument(help="The watchlist's name.")], database: DatabaseOption = None
) -> None:
    """Remove a watchlist from the store (its alerts stay)."""
    from berkut.store import open_store

    with open_store(settings=_settings(database)) as store:
        if not store.remove_watchlist(name):
            raise QueryError(f"no watchlist named {name!r}")
    typer.echo(f"watchlist {name!r} removed")


# -- alerts and clusters ------------------------------------------------------------------------------


def alerts(
    limit: Annotated[int, typer.Option(help="At most this many alerts, newest first.")] = 50,
    watchlist: Annotated[str | None, typer.Option(help="Only this watchlist's alerts.")] = None,
    severity: Annotated[str, typer.Option(help="Least severity: low, medium, high, critical.")] = "low",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or jsonl.")] = "text",
    database: DatabaseOption = None,
) -> None:
    """Stored alerts, newest first, with the sentences behind each."""
    from berkut.monitor import alert_json, alert_text
    from berkut.store import open_store
    from berkut.store.monitoring import severity_number

    try:
        least = severity_number(severity)
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    with open_store(settings=_settings(database)) as store:
        rows = store.alerts(limit=limit or None, watchlist=watchlist, min_severity=least)
    for alert in rows:
        if fmt == "jsonl":
            typer.echo(json.dumps(alert_json(alert), ensure_ascii=False, default=str))
        else:
            typer.echo(f"{alert.created_at:%Y-%m-%d %H:%M} #{alert.id} " + alert_text(alert))
    if fmt != "jsonl":
        typer.echo(f"{len(rows)} alerts")


def recluster(database: DatabaseOption = None) -> None:
    """Group stored events into clusters again, with the current cluster settings."""
    from berkut.store import open_store

    with open_store(settings=_settings(database)) as store:
        n = store.recluster()
    typer.echo(f"{n} events reported more than once")
