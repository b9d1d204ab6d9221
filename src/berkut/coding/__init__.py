"""Coding stages: mentions → actors, time expressions, places, quotes, clauses → events.

Each stage is one call, ``stage(analysis) -> analysis``; ``berkut.pipeline`` puts them in order.
"""
