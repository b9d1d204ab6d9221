"""``berkut actors``: import PETRARCH dictionaries as user actor files, and explain how a name resolves.

A thin skin: the import is ``berkut.ontology.petrarch``, the resolution is the ontology's ``lookup`` and
the coder's own ``role_of``/``actor_code``, so ``actors show`` says exactly what the coder will do.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from berkut.errors import QueryError

actors_app = typer.Typer(
    name="actors",
    help="Actor dictionaries: import PETRARCH files, explain how a name resolves on a date.",
    no_args_is_help=True,
)

_MAX_WARNINGS_SHOWN = 20


def register(app: typer.Typer) -> None:
    """Add the ``actors`` command group to the main CLI."""
    app.add_typer(actors_app, name="actors")


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"--date: {value!r} is not a date (YYYY-MM-DD)") from None


# -- import ----------------------------------------------------------------------------------------
@actors_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="PETRARCH/Phoenix .actors.txt and .agents.txt files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="User actor YAML file to write.")] = Path(
        "user_actors.yaml"
    ),
    sectors_output: Annotated[
        Path | None,
        typer.Option("--sectors-output", help="Sector-noun YAML for the agents (default: OUTPUT's name "
                     "with .sectors.yaml); written only when agent files are given."),
    ] = None,
    keep_known: Annotated[
        bool, typer.Option("--keep-known", help="Keep names and nouns berkut's tables already have.")
    ] = False,
    declare_states: Annotated[
        bool,
        typer.Option("--declare-states/--no-declare-states",
                     help="Declare state codes berkut does not know (fictional or historical) in the file's "
                     "countries section; off: such codes are skipped with a warning."),
    ] = True,
    id_prefix: Annotated[
        str, typer.Option("--id-prefix", help="Prefix of the imported actor ids.")
    ] = "petr_",
    all_warnings: Annotated[bool, typer.Option("--all-warnings", help="Print every warning.")] = False,
    check: Annotated[
        bool, typer.Option("--check/--no-check", help="Load the result with berkut's loader.")
    ] = True,
) -> None:
    """Convert PETRARCH actor and agent dictionaries into berkut's YAML formats.

    Malformed lines are skipped and reported with their file and line. Use the result with the
    actor_files setting (BERKUT_ACTOR_FILES) or `berkut actors show --actor-file`.
    """
    from berkut.ontology.actors import load_actor_table
    from berkut.ontology.petrarch import import_dictionaries, write_yaml

    started = time.perf_counter()
    result = import_dictionaries(files, keep_known=keep_known, declare_states=declare_states,
                                 id_prefix=id_prefix)
    header = [
        "berkut user actor file, written by `berkut actors import` from PETRARCH dictionaries:",
        *(f"  {path.name}" for path in files),
        "PETRARCH and the Phoenix dictionaries: MIT licence (Open Event Data Alliance).",
        "Dated codes became dated roles (bounds inclusive, as in PETRARCH2); see ontology/petrarch.py.",
    ]
    write_yaml(result.actors, output, header)
    typer.echo(f"wrote {output}: {result.counts['people']} people, {result.counts['groups']} groups, "
               f"{result.counts['states_declared']} declared states, {result.counts['igos_declared']} "
               f"declared IGOs; {result.counts['roles']} roles, {result.counts['dated_roles']} dated")
    if result.sectors:
        target = sectors_output or output.with_name(output.name.removesuffix(".yaml") + ".sectors.yaml")
        write_yaml({"sectors": result.sectors}, target, [
            "sector nouns in the format of berkut's sectors.yaml, written by `berkut actors import` from:",
            *(f"  {path.name}" for path in files),
        ])
        typer.echo(f"wrote {target}: {result.counts['nouns_written']} nouns in "
                   f"{result.counts['sectors_written']} sectors")
    typer.echo("counts: " + ", ".join(f"{key} {value}" for key, value in result.counts.items()))
    shown = result.warnings if all_warnings else result.warnings[:_MAX_WARNINGS_SHOWN]
    for warning in shown:
        typer.echo(f"warning: {warning}", err=True)
    if len(shown) < len(result.warnings):
        typer.echo(f"... {len(result.warnings) - len(shown)} more warnings (--all-warnings)", err=True)
    typer.echo(f"imported in {time.perf_counter() - started:.1f} s")
    if check:
        started = time.perf_counter()
        table = load_actor_table(extra_files=[output])
        typer.echo(f"checked: berkut's loader reads {output} with the bundled tables "
                   f"({len(table)} actors) in {time.perf_counter() - started:.2f} s")


# -- show ------------------------------------------------------------------------------------------
def _span(valid_from: str | None, valid_to: str | None) -> str:
    return f"{valid_from or '…'} – {valid_to or '…'}"


@actors_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="A name as news writes it: Tokayev, Taliban, the CSTO.")],
    on: Annotated[str | None, typer.Option("--date", help="The date to resolve on (YYYY-MM-DD); "
                                           "default: the latest role.")] = None,
    actor_files: Annotated[
        list[Path] | None, typer.Option("--actor-file", help="Extra user actor file (repeatable); "
                                        "default: the actor_files setting.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Explain how a name resolves: the matching entries, their roles with dates, the role active on
    the date and the resulting actor code."""
    from berkut.coding.actors import actor_code, role_of
    from berkut.coding.names import NameKind
    from berkut.ontology import load_ontology
    from berkut.settings import load_settings

    day = _day(on)
    files = actor_files if actor_files else list(load_settings().actor_paths)
    table = load_ontology(files).actors
    entries = table.lookup(name)
    results: list[dict[str, Any]] = []
    for entry in entries:
        chosen = entry.role_on(day)
        resolved = role_of(entry, day, NameKind.NAME)
        active = entry.roles_on(day) if day is not None else ()
        results.append({
            "id": entry.actor_id,
            "kind": entry.kind,
            "name": entry.name,
            "roles": [
                {
                    "code": actor_code(role.country, role.sector, role.org, entry.kind),
                    "title": role.title,
                    "valid_from": role.valid_from.isoformat() if role.valid_from else None,
                    "valid_to": role.valid_to.isoformat() if role.valid_to else None,
                    "active": role in active,
                    "chosen": chosen is not None and role is chosen,
                }
                for role in entry.roles
            ],
            "code": actor_code(resolved.country, resolved.sector, resolved.org, entry.kind),
        })
    hints = _other_readings(table, name, day) if not entries else []
    if as_json:
        typer.echo(json.dumps({"name": name, "date": on, "matches": results, "other_readings": hints},
                              indent=2, ensure_ascii=False))
    else:
        _print_show(name, on, results, hints, ambiguous=table.is_ambiguous(name))
    if not entries:
        raise typer.Exit(1)


def _other_readings(table: Any, name: str, day: date | None) -> list[str]:
    """What a name that is no actor's name still tells the coder (an adjective, a capital, a city)."""
    hints = [f"adjective of {entry.actor_id}" for entry in table.adjective_candidates(name)]
    demonym = table.by_demonym(name)
    if demonym is not None:
        hints.append(f"demonym of {demonym.actor_id}")
    capital = table.by_capital(name, day)
    if capital is not None:
        hints.append(f"capital of {capital.actor_id} on {day or 'some date'} (stands for {capital.code}GOV)")
    city = table.by_city(name)
    if city is not None and capital is None:
        hints.append(f"a place in {city.actor_id}")
    return hints


def _print_show(name: str, on: str | None, results: list[dict[str, Any]], hints: list[str],
                ambiguous: bool) -> None:
    when = on or "latest"
    if not results:
        typer.echo(f"{name!r}: no actor has this name")
        for hint in hints:
            typer.echo(f"  but it is {hint}")
        return
    if len(results) > 1 or ambiguous:
        typer.echo(f"{name!r}: {len(results)} entr{'y' if len(results) == 1 else 'ies'}; the name is "
                   "ambiguous, so the coder asks for context before trusting it")
    for result in results:
        typer.echo(f"{name!r} → {result['id']} ({result['kind']}: {result['name']})")
        for role in result["roles"]:
            mark = "→" if role["chosen"] else ("*" if role["active"] else " ")
            title = f"  {role['title']}" if role["title"] else ""
            span = _span(role["valid_from"], role["valid_to"])
            typer.echo(f"  {mark} {role['code'] or '(no code)':<12} {span:<25}{title}".rstrip())
        typer.echo(f"  on {when}: {result['code'] or '(no code)'}")
    typer.echo("  (* active on the date, → the role chosen: the latest start among active roles, else the "
               "one that ended last)")
