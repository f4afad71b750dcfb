"""A polite HTTP client for ``watch``: conditional requests, per-host pacing, retries, robots.

- Conditional GET: the ETag and Last-Modified of the previous answer are sent back
  (``If-None-Match`` / ``If-Modified-Since``); a 304 costs the server almost nothing.
- One request per host every ``delay`` seconds; ``timeout`` bounds each request.
- 5xx, 429, timeouts and connection errors are retried ``retries`` times with exponential
  backoff; the last failure is returned as a one-line problem, never raised.
- Article pages are fetched only where the host's robots.txt allows this User-Agent.
- Bodies are read up to :data:`MAX_BYTES`; anything larger is refused.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from shiftwatch import __version__

log = logging.getLogger(__name__)

MAX_BYTES = 16 * 1024 * 1024
RETRY_STATUSES = {429, 500, 502, 503, 504}
PROJECT_URL = "https://github.com/shiftwatch/shiftwatch"


def user_agent() -> str:
    """Names the project and where to read about it, as polite crawlers do."""
    return f"Shiftwatch/{__version__} (+{PROJECT_URL}; news monitoring)"


@dataclass
class Response:
    """What a fetch came back with; ``problem`` is set (and ``body`` empty) when it failed."""

    url: str
    status: int = 0
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    problem: str = ""
    attempts: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return not self.problem and 200 <= self.status < 300


class Fetcher:
    """One HTTP client for a pass: shared connections, per-host clocks, robots cache."""

    def __init__(
        self,
        *,
        delay: float = 1.0,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 1.0,
    ) -> None:
        self.delay = delay
        self.retries = retries
        self.backoff = backoff
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": user_agent()},
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._lock = threading.Lock()
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _wait(self, host: str) -> None:
        with self._lock:
            last = self._last.get(host)
            if last is not None:
                pause = self.delay - (time.monotonic() - last)
                if pause > 0:
                    time.sleep(pause)
            self._last[host] = time.monotonic()

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        self._wait(urlsplit(url).netloc)
        self.requests += 1
        with self.client.stream("GET", url, headers=headers) as answer:
            result = Response(
                url=str(answer.url),
                status=answer.status_code,
                etag=answer.headers.get("etag"),
                last_modified=answer.headers.get("last-modified"),
                content_type=answer.headers.get("content-type", ""),
            )
            if answer.status_code == 200:
                chunks: list[bytes] = []
                size = 0
                for chunk in answer.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        result.problem = f"larger than {MAX_BYTES // 2**20} MB; skipped"
                        return result
                    chunks.append(chunk)
                result.body = b"".join(chunks)
        return result

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (conditionally when a validator is given), retrying transient failures."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = Response(url=url)
        for attempt in range(self.retries + 1):
            try:
                result = self._once(url, headers)
                result.attempts = attempt + 1
                if result.status not in RETRY_STATUSES:
                    if result.status >= 400 and not result.problem:
                        result.problem = f"HTTP {result.status}"
                    return result
                result.problem = f"HTTP {result.status}"
            except httpx.TimeoutException:
                result = Response(url=url, problem="timed out", attempts=attempt + 1)
            except httpx.HTTPError as exc:
                result = Response(url=url, problem=f"{type(exc).__name__}: {exc}"[:200])
                result.attempts = attempt + 1
            if attempt < self.retries:
                pause = self.backoff * 2**attempt
                log.info("%s: %s; retrying in %.1fs", url, result.problem, pause)
                time.sleep(pause)
        result.problem = f"{result.problem} after {result.attempts} attempt(s)"
        return result

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this User-Agent fetch ``url``.

        A missing robots.txt (4xx) allows everything; 401/403 forbid everything (as
        ``urllib.robotparser`` reads them); an unreachable one allows, and says so in the log.
        """
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser: RobotFileParser | None = RobotFileParser(f"{root}/robots.txt")
            answer = self.get(f"{root}/robots.txt")
            if answer.status in (401, 403):
                parser.disallow_all = True  # type: ignore[union-attr]
            elif answer.ok:
                text = answer.body.decode("utf-8", "replace")
                parser.parse(text.splitlines())  # type: ignore[union-attr]
            else:
                if answer.status < 400 or answer.status >= 500:
                    log.warning("%s/robots.txt: %s; treating as allowed", root, answer.problem)
                parser = None
            self._robots[root] = parser
        robots = self._robots[root]
        return robots is None or robots.can_fetch(user_agent(), url)
