"""Extractors behind a web service: each article POSTed as JSON, the whole request bounded by the
timeout, redirects that drop the body or leave the host refused."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from harness.extractors.common import (
    Extraction,
    ExtractorStartError,
    ProgressFn,
    ResultFn,
    _deadline,
    _short,
    article_payload,
    finished,
    parse_json,
    validate_facts,
)
from harness.model import Article

# --------------------------------------------------------------------------- a web service


MAX_BODY = 64 * 1024 * 1024
"""Largest answer read from a web service (64 MiB); a longer one fails its article."""

MAX_REDIRECTS = 5


class _Failed(Exception):
    """One request that did not give an answer; the message is the article's error."""


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int]:
    return parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def _request(url: str, body: bytes, deadline: float, timeout: float | None) -> tuple[int, str, str | None, bytes]:
    """POST ``body`` to ``url``: (status, reason, Location header, body), all within ``deadline``.

    A timer shuts the connection down at the deadline, so a server that sends its headers or body a
    byte at a time cannot stretch the request past it.
    """
    parts = urllib.parse.urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Failed(f"timed out after {timeout:g} s" if timeout else "timed out")
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "", parts.port, timeout=min(remaining, 3600.0))
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(remaining, cut)
    timer.daemon = True
    timer.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json",
                                                       "Accept": "application/json"})
        response = conn.getresponse()
        payload = response.read(MAX_BODY + 1)
        if len(payload) > MAX_BODY:
            raise _Failed(f"answer is larger than {MAX_BODY // (1024 * 1024)} MiB")
        declared = response.getheader("Content-Length", "")
        if declared.strip().isdigit() and len(payload) < int(declared):
            raise _Failed(f"answer cut short: {len(payload)} of {int(declared)} bytes "
                          "(Content-Length larger than the body)")
        return response.status, response.reason, response.getheader("Location"), payload
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if expired.is_set():
            raise _Failed(f"timed out after {timeout:g} s" if timeout else "timed out") from None
        if isinstance(exc, http.client.IncompleteRead):
            raise _Failed(f"answer cut short: {len(exc.partial)} of {len(exc.partial) + (exc.expected or 0)} "
                          "bytes (Content-Length larger than the body)") from None
        if isinstance(exc, http.client.BadStatusLine):
            raise _Failed(f"not an HTTP answer (bad status line {_short(str(exc), 60)!r})") from None
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise _Failed(f"request failed: {_short(str(reason))}") from None
    finally:
        timer.cancel()
        conn.close()


def _post(url: str, article: Article, timeout: float | None) -> Extraction:
    """POST one article; redirects are followed only when they keep the method and the body (307,
    308) and stay on the same scheme, host and port."""
    body = json.dumps(article_payload(article), ensure_ascii=False).encode("utf-8")
    deadline = _deadline(timeout)
    target = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, reason, location, payload = _request(target, body, deadline, timeout)
            if not 300 <= status < 400:
                break
            if location is None:
                raise _Failed(f"HTTP {status} {_short(reason)} without a Location")
            nxt = urllib.parse.urljoin(target, location)
            if _origin(urllib.parse.urlsplit(nxt)) != _origin(urllib.parse.urlsplit(target)):
                raise _Failed(f"HTTP {status}: redirect to another host ({_short(nxt, 80)}) refused")
            if status not in (307, 308):
                raise _Failed(f"HTTP {status} {_short(reason)}: redirect to {_short(nxt, 80)} not followed "
                              "(it would turn the POST into a GET without the article)")
            target = nxt
        else:
            raise _Failed(f"more than {MAX_REDIRECTS} redirects")
    except _Failed as exc:
        return Extraction(article.id, error=str(exc))
    if not 200 <= status < 300:
        return Extraction(article.id, error=f"HTTP {status} {_short(reason)}")
    try:
        data = parse_json(payload)
    except ValueError as exc:
        why = "" if isinstance(exc, json.JSONDecodeError) else f" ({exc})"
        return Extraction(article.id, error=f"answer is not JSON{why}: "
                                            f"{_short(payload[:200].decode('utf-8', 'replace'), 80)!r}")
    if not isinstance(data, dict) or "facts" not in data:
        return Extraction(article.id, error='answer is not {"facts": [...]}')
    return validate_facts(article.id, data["facts"])


def run_url(
    url: str,
    articles: Sequence[Article],
    *,
    timeout: float | None = 60.0,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    on_result: ResultFn | None = None,
) -> list[Extraction]:
    """POST every article to ``url`` (``jobs`` requests at a time); outcomes in article-id order."""
    if not url.startswith(("http://", "https://")):
        raise ExtractorStartError(f"--url {url!r}: expected an http:// or https:// address")

    def one(article: Article) -> Extraction:
        outcome = _post(url, article, timeout)
        with lock:  # callbacks from several request threads, one at a time
            finished(outcome, progress, on_result)
        return outcome

    lock = threading.Lock()
    ordered = sorted(articles, key=lambda a: a.id)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, ordered))
