"""What every command shares: the Typer app, the stderr console, the shared options, failing with one
line, and writing outputs safely (atomically, through devices and links, never over an input)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import typer
import typer.core
from rich.console import Console
from rich.markup import escape

from harness.corpus import Corpus, GoldError, load_corpus
from harness.exit_codes import ExitCode
from harness.fingerprint import MismatchError, differences, of_result, version_note
from harness.problems import display_path
from harness.progress import progress as progress_on
from harness.project import ProjectError, check_writable
from harness.result import Result
from harness.version import __version__

app = typer.Typer(
    name="fact-harness",
    help=(
        "Benchmark and test fixture for fact-claim extractors.\n\n"
        "Scores an extractor's figures, speakers, dates, places and claims against hand-curated gold "
        "for news articles; gates releases on thresholds.\n\n"
        "Exit codes: 0 pass · 1 a gate failed · 2 bad input, usage or config · 3 extractor errors · "
        "4 the report could not be written."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is printed as written: no markup read, no internal metavars
)

def _argument_type(self: typer.core.TyperArgument, ctx: Any) -> str | None:
    """An argument with a metavar shows only the metavar in help (``EXTRACTOR``, not ``EXTRACTOR <str>``).

    Typer lists an argument's Python type after its name even when a metavar says what it is; options
    already honour the metavar, and every argument of this CLI has one.
    """
    if self.metavar is not None:
        return None
    value: str | None = typer.core._TyperParameter.display_type_rich(self, ctx)
    return value


if hasattr(typer.core, "TyperArgument") and hasattr(typer.core, "_TyperParameter"):
    typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]


err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
"""Messages on stderr. Never markup: user text (paths, extractor errors) is printed as it is."""

GoldOpt = Annotated[
    Path | None,
    typer.Option("--gold", metavar="DIR", help="Gold directory. Default: ./gold if present, else the bundled benchmark.",
                 file_okay=False, show_default=False),
]
SeedsOpt = Annotated[
    Path | None,
    typer.Option("--seeds", metavar="DIR", help="Seed articles directory. Default: ./seeds if present, else the bundled one.",
                 file_okay=False, show_default=False),
]


class UserError(Exception):
    """A mistake in what the user asked for: reported as one line, exit code 2."""


def fail(message: str, code: ExitCode = ExitCode.BAD_INPUT) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True)
    raise typer.Exit(int(code))


def _written_through(path: Path) -> bool:
    """Whether ``path`` is written in place rather than replaced: ``-``, a device, a FIFO, /dev/…, /proc/…."""
    if str(path) == "-":
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) or str(path).startswith(("/dev/", "/proc/"))


def _stdout_lost(exc: OSError) -> NoReturn:
    """stdout cannot take the report (a closed pipe, a full device): exit 4, quietly for a closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, without a second error
        os.close(devnull)
    if exc.errno == errno.EPIPE:
        raise typer.Exit(int(ExitCode.OUTPUT_FAILED))
    fail(f"cannot write to stdout: {exc.strerror or exc}", ExitCode.OUTPUT_FAILED)


def write_stdout(text: str | Callable[[TextIO], None]) -> None:
    """Write ``text`` (or what a writer callback writes) to stdout; exit 4 when stdout cannot take it."""
    try:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            text(sys.stdout)
        sys.stdout.flush()
    except OSError as exc:
        _stdout_lost(exc)


def out(line: str) -> None:
    """One line on stdout (see :func:`write_stdout`)."""
    write_stdout(line + "\n")


def write_atomic(path: Path, text: str | Callable[[TextIO], None]) -> None:
    """Write ``text`` (or what a writer callback writes) to ``path`` safely.

    A regular file (or a new one) is written to a temporary file beside it, then renamed over it:
    readers never see half a report, and an interrupted write leaves the old file and no temporary
    one. A symbolic link is followed and its target replaced. ``-``, character devices (``/dev/null``,
    a terminal), FIFOs and paths under /dev or /proc are written in place, never replaced. A write
    that fails (a full disk) exits 4. Nothing is ever written inside the installed package.
    """
    if str(path) == "-":
        write_stdout(text)
        return
    try:
        check_writable(path)
    except ProjectError as exc:
        fail(str(exc))
    if _written_through(path):
        try:
            with open(path, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as fh:
                if isinstance(text, str):
                    fh.write(text)
                else:
                    text(fh)
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}", ExitCode.OUTPUT_FAILED)
        return
    target = Path(os.path.realpath(path))
    directory = target.parent
    if not directory.is_dir():
        raise UserError(f"cannot write {path}: directory {directory} does not exist")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp creates 0600; a report is an ordinary file
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                text(fh)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        fail(f"cannot write {path}: {exc.strerror or exc} (nothing was replaced)", ExitCode.OUTPUT_FAILED)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_outputs(outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[Path],
                  input_dirs: Iterable[Path] = ()) -> None:
    """Before any work: every output can be written and none is an input of the run (exit 2 otherwise).

    ``outputs`` are (option, path) pairs; ``inputs`` the files the run reads; ``input_dirs`` directories
    whose gold or seed files the run reads (an output there would replace one, or be read as gold
    next time). Outputs written in place (``-``, devices, FIFOs) need only be writable.
    """
    def same(a: Path, b: Path) -> bool:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False

    def identity(p: Path) -> tuple[int, int] | None:
        try:
            st = os.stat(p)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    read = [p for p in inputs if p is not None]
    read_ids: list[tuple[int, int] | None] | None = None  # stat'ed once, when an output exists already
    dirs = [Path(os.path.realpath(d)) for d in input_dirs]
    seen: list[tuple[str, Path]] = []
    for option, path in outputs:
        if path is None or str(path) == "-":
            continue
        for other_option, other in seen:
            if same(path, other):
                fail(f"{option} and {other_option} name the same file {path}: give each output its own path")
        seen.append((option, path))
        # An existing output is an input when it is the same file (any name, link or path to it); one
        # that does not exist yet can only be an input named by the same path (which is then missing).
        mine = identity(path)
        if mine is not None and read_ids is None:
            read_ids = [identity(source) for source in read]
        where = os.path.abspath(path)
        for k, source in enumerate(read):
            if (mine is not None and read_ids is not None and read_ids[k] == mine) or (
                    mine is None and os.path.abspath(source) == where):
                fail(f"{option} {path} is an input of this run ({display_path(source)}); writing it would "
                     "destroy it — choose another path")
        if _written_through(path):
            if not os.access(path, os.W_OK):
                fail(f"{option} {path}: not writable")
            continue
        target = Path(os.path.realpath(path))
        if target.is_dir():
            fail(f"{option} {path} is a directory: give a file name")
        if any(target.parent == d and target.suffix in (".yaml", ".yml", ".txt") for d in dirs):
            fail(f"{option} {path} lies among the gold or seed files this run reads — choose another path")
        if not target.parent.is_dir():
            fail(f"{option} {path}: directory {display_path(target.parent)} does not exist")
        try:
            fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            fail(f"{option} {path}: cannot write in {display_path(target.parent)}: {exc.strerror or exc} "
                 "(checked before running; nothing was run)")
        os.close(fd)
        os.unlink(probe)


def _corpus_files(corpus: Corpus) -> list[Path]:
    """The gold and seed files a run over ``corpus`` reads."""
    found: list[Path] = []
    for directory in (corpus.gold_dir, corpus.seeds_dir):
        with contextlib.suppress(OSError):
            found.extend(p for p in directory.iterdir() if p.is_file())
    return found


def emit(text: str | Callable[[TextIO], None], output: Path | None) -> None:
    """Print ``text`` (or what a writer callback writes) to stdout, or write it safely to ``output``."""
    if output is None or str(output) == "-":
        write_stdout(text)
    else:
        write_atomic(output, text)
        err.print(f"wrote {display_path(output)}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fact-harness {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass



def _comparable(results: list[Result], paths: list[Path], what: str, allow_mismatch: bool) -> None:
    """Exit 2 listing what differs when the runs were not scored alike (unless ``allow_mismatch``)."""
    first = of_result(results[0])
    for r, p in zip(results[1:], paths[1:], strict=True):
        names = (display_path(paths[0]), display_path(p))
        problems = differences(first, of_result(r), names)
        if problems and not allow_mismatch:
            fail(str(MismatchError(what, problems)))
        for line in problems:
            err.print(f"note: {line} (--allow-mismatch)")
        note = version_note(first, of_result(r), names)
        if note:
            err.print(f"note: {note}")


AllowMismatchOpt = Annotated[
    bool, typer.Option("--allow-mismatch", help="Compare runs scored on other articles, other gold or with other "
                       "settings (refused by default, exit 2).")
]



@contextlib.contextmanager
def _progress(total: int, *phases: str, quiet: bool = False) -> Iterator[dict[str, Callable[[int], None] | None]]:
    """A progress callback per phase on stderr (``{"scoring": advance, …}``; see :mod:`harness.progress`)."""
    with progress_on(err, total, *phases, quiet=quiet) as bars:
        yield bars



def _load(gold: Path | None, seeds: Path | None, *, lazy: bool = False) -> Corpus:
    try:
        return load_corpus(gold, seeds, lazy=lazy)
    except GoldError as exc:
        _gold_failed(exc)


def _gold_failed(exc: GoldError) -> NoReturn:
    for p in exc.problems:
        typer.echo(str(p), err=True)
    fail(f"the gold is invalid ({len(exc.problems)} problem(s)); run: fact-harness validate")
