"""``fact-harness cache info|clear``: what the caches hold, and emptying them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.cache import clear as clear_cache
from harness.cache import default_dir
from harness.cache import info as cache_info

app = typer.Typer(help="The extraction cache and the compiled gold cache: what they hold, emptying them.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DirOpt = Annotated[
    Path | None,
    typer.Option("--cache", help="The cache directory. Default: $FACT_HARNESS_CACHE, else the user cache "
                 "directory (~/.cache/fact-harness).", file_okay=False, show_default=False),
]


@app.command()
def info(cache: DirOpt = None) -> None:
    """Count the cached extractions (per extractor identity) and compiled and prepared gold entries."""
    for line in cache_info(cache or default_dir()).lines():
        typer.echo(line)


@app.command()
def clear(cache: DirOpt = None) -> None:
    """Remove every cached extraction and compiled or prepared gold entry (nothing else in the directory is touched)."""
    root = cache or default_dir()
    before = clear_cache(root)
    typer.echo(f"cleared {root}: {before.extractions} extraction(s), {before.gold} compiled gold file(s), "
               f"{before.prepared} prepared gold entr{'y' if before.prepared == 1 else 'ies'}, "
               f"{before.bytes / 1e6:.1f} MB")
