"""The one error hierarchy.

Library code raises these; only ``interfaces/`` turns them into exit codes and HTTP statuses.
"""

from __future__ import annotations


class BerkutError(Exception):
    """Base of every error berkut raises on purpose."""

    #: process exit code used by the CLI for this kind of failure
    exit_code: int = 1
    #: HTTP status used by the API for this kind of failure
    http_status: int = 500


class SettingsError(BerkutError):
    """A setting has an invalid value or an unknown name."""

    exit_code = 2
    http_status = 400


class OntologyError(BerkutError):
    """An ontology data file is malformed, or a code or actor is unknown."""

    exit_code = 2
    http_status = 404


class SourceError(BerkutError):
    """A document could not be read from its source (file, URL, feed, JSON line)."""

    exit_code = 3
    http_status = 400


class ExtractError(SourceError):
    """A document was read but holds no usable text (empty, binary, not English, too large)."""


class NLPError(BerkutError):
    """The language model could not be loaded or failed on a document."""

    exit_code = 4


class CodingError(BerkutError):
    """The coder could not process a parsed document."""

    exit_code = 4


class StoreError(BerkutError):
    """The database could not be opened, migrated, read or written."""

    exit_code = 5
    http_status = 503


class QueryError(BerkutError):
    """A query was malformed (bad filter, unknown actor code, bad date range)."""

    exit_code = 2
    http_status = 400
