"""Where documents come from. Sources deliver RawDocument records (or Unreadable ones) in order."""

from berkut.sources.files import iter_path, iter_paths, parse_publication_date

__all__ = ["iter_path", "iter_paths", "parse_publication_date"]
