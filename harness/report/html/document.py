"""The HTML page around the report's body: the head with its meta tags, the inline stylesheet and script.

Rules:

* the CSS and the JavaScript are this package's data files ``static/report.css`` and
  ``static/report.js``, read with :mod:`importlib.resources` (so they are found in a wheel too) and
  inlined: the page loads nothing from anywhere;
* the body starts as ``data-js="off"``; the script sets ``data-js="ok"`` once it has run.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from harness.report.html.common import esc


def document(title: str, body: str) -> str:
    """The HTML page around ``body``: meta tags, the inline CSS (``static/report.css``), the inline
    script (``static/report.js``)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{static_text('report.css')}</style>\n</head>\n"
        f"<body data-js=\"off\">\n<main id=\"top\">\n{body}\n</main>\n<script>\n{static_text('report.js')}</script>\n"
        "</body>\n</html>\n"
    )


@cache
def static_text(name: str) -> str:
    """The text of ``static/<name>``, a data file of this package (read once, then kept)."""
    return (files("harness.report.html") / "static" / name).read_text(encoding="utf-8")
