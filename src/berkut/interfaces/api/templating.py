"""The dashboard's Jinja environment. Autoescaping is on: article text is always shown as text."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "web" / "templates")
templates.env.autoescape = True  # for every template, not only *.html: nothing reaches a page unescaped
templates.env.globals["quads"] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
