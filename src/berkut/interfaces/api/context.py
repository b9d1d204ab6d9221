"""What every request handler needs, built once per app: settings, the store, the ontology, the coder."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from berkut.ontology import Ontology, load_ontology
from berkut.settings import Settings
from berkut.store import Store

if TYPE_CHECKING:
    from berkut.pipeline import Pipeline


@dataclass
class Context:
    settings: Settings
    store: Store
    _ontology: Ontology | None = None
    _pipeline: Pipeline | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # spaCy pipelines are not safe to share between threads; analyze requests take turns
    analyze_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ontology(self) -> Ontology:
        # loading takes seconds: under the lock, so concurrent first requests load it once
        with self._lock:
            if self._ontology is None:
                self._ontology = load_ontology(self.settings.actor_paths)
            return self._ontology

    @property
    def pipeline(self) -> Pipeline:
        """The coder, loaded on first use: the spaCy model costs seconds and memory."""
        ontology = self.ontology
        with self._lock:
            if self._pipeline is None:
                from berkut.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings, ontology)
            return self._pipeline


def get_context(request: Request) -> Context:
    context: Context = request.app.state.berkut
    return context
