"""The ontology: CAMEO and PLOVER codes, sectors, actors and verb patterns — the only reader of the
data files beside this module.

``load_ontology()`` is cached per set of user actor files; an ``Ontology`` is immutable, so one value is
shared by every stage and thread.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from berkut.ontology.actors import ActorTable, load_actor_table
from berkut.ontology.codes import CameoCode, CodeTables, load_code_tables
from berkut.ontology.verbs import PatternBook, load_pattern_book

DATA_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Ontology:
    codes: CodeTables
    actors: ActorTable
    patterns: PatternBook
    version: str  # a digest of every data file, stored with each coded document

    def cameo(self, code: str) -> CameoCode:
        return self.codes.cameo(code)

    def explain(self, code: str) -> str:
        return self.codes.explain(code)


def data_files() -> list[Path]:
    return sorted(p for p in DATA_DIR.rglob("*") if p.suffix in (".tsv", ".yaml"))


def _digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=8)
def _load(actor_files: tuple[Path, ...], sector_files: tuple[Path, ...]) -> Ontology:
    codes = load_code_tables(extra_sector_files=sector_files)
    actors = load_actor_table(extra_files=actor_files)
    patterns = load_pattern_book(known_codes={c.code for c in codes.cameo_codes()})
    return Ontology(codes, actors, patterns, _digest([*data_files(), *actor_files, *sector_files]))


def load_ontology(
    actor_files: Sequence[Path | str] = (), sector_files: Sequence[Path | str] = ()
) -> Ontology:
    """The packaged ontology, extended by user actor files (which add or override entries) and
    sector-noun files (which add nouns)."""
    return _load(
        tuple(Path(p).resolve() for p in actor_files), tuple(Path(p).resolve() for p in sector_files)
    )


__all__ = ["CameoCode", "Ontology", "load_ontology"]
