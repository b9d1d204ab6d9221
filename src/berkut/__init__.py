"""berkut: news in, political event data out — who did what to whom, when and where.

    >>> import berkut
    >>> result = berkut.analyze(berkut.Document("d1", "Russia sent troops to Kazakhstan.", date=...))
    >>> with berkut.open_store() as store:
    ...     store.events(berkut.EventFilter(dyad=("AFG", "KAZ")))

Names are imported lazily so that ``import berkut`` stays fast and loads no model.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Analysis": "berkut.model",
    "BerkutError": "berkut.errors",
    "Document": "berkut.model",
    "Event": "berkut.model",
    "EventFilter": "berkut.model",
    "Mention": "berkut.model",
    "Ontology": "berkut.ontology",
    "Pipeline": "berkut.pipeline",
    "Settings": "berkut.settings",
    "StoredEvent": "berkut.model",
    "analyze": "berkut.pipeline",
    "dyad_timeline": "berkut.query",
    "ingest": "berkut.ingest",
    "load_ontology": "berkut.ontology",
    "load_settings": "berkut.settings",
    "open_store": "berkut.store",
    "to_json": "berkut.contract",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'berkut' has no attribute {name!r}")
    attribute = "analysis_json" if name == "to_json" else name
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
