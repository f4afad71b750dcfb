"""The sources file (TOML): what ``watch`` reads, how politely it fetches, and the watchlist.

```toml
[watch]
alerts = "alerts.jsonl"        # JSON-lines file every new alert is appended to
webhook = "https://hooks.example.org/shiftwatch"   # optional: POST each alert
watch = ["PRK", "RUS", "CHN-RUS"]                  # actors, or dyads as A-B
only_watchlist = false
delay = 1.0                    # seconds between two requests to one host
timeout = 20.0
retries = 3

[[source]]
path = "inbox/*.txt"           # a folder, a file or a glob

[[source]]
feed = "https://example.org/world/rss"

[[source]]
url = "https://example.org/2024/06/19/some-article"

[[source]]
gdelt = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt"  # index URL or a folder
```

Every error names the file and line (``sources.toml:12: ...``) and nothing is fetched
until the whole file is valid.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shiftwatch.errors import ConfigError

SOURCE_KINDS = ("path", "feed", "url", "gdelt")
SOURCE_OPTIONS = {"name", "format"}
WATCH_KEYS = {
    "alerts",
    "webhook",
    "watch",
    "only_watchlist",
    "delay",
    "timeout",
    "retries",
    "every",
}
ACTOR_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}(\.[A-Z0-9]{2,6})?$")
EVERY_RE = re.compile(r"^(\d+)\s*([smhd])$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Source:
    """One thing to watch: ``kind`` is path, feed, url (feed or article, told apart when
    fetched) or gdelt (an index URL or a folder of GDELT 2.0 export files)."""

    kind: str
    target: str
    name: str | None = None
    fmt: str = "auto"
    where: str = ""

    @property
    def remote(self) -> bool:
        return self.target.startswith(("http://", "https://"))


@dataclass
class Watchlist:
    """Actors and dyads a user cares about; alerts touching them are marked ``watched``."""

    actors: set[str] = field(default_factory=set)
    dyads: set[frozenset[str]] = field(default_factory=set)

    def covers(self, actors: tuple[str, ...]) -> bool:
        return bool(self.actors & set(actors)) or frozenset(actors) in self.dyads

    def __bool__(self) -> bool:
        return bool(self.actors or self.dyads)


@dataclass
class WatchConfig:
    """Everything a ``watch`` run takes from the sources file (flags override it)."""

    sources: list[Source] = field(default_factory=list)
    watchlist: Watchlist = field(default_factory=Watchlist)
    alerts: Path | None = None
    webhook: str | None = None
    only_watchlist: bool = False
    delay: float = 1.0
    timeout: float = 20.0
    retries: int = 3
    every: float | None = None


def parse_every(value: str, where: str = "--every") -> float:
    """``15m`` -> 900.0 seconds (units s, m, h, d)."""
    match = EVERY_RE.match(value.strip().lower())
    if not match or int(match[1]) == 0:
        raise ConfigError(f"{where}: {value!r} is not an interval like 30s, 15m, 1h or 1d")
    return float(int(match[1]) * UNITS[match[2]])


def parse_watchlist(items: list[str], where: str) -> Watchlist:
    """Actor codes (``PRK``) and dyads (``PRK-RUS``) into a :class:`Watchlist`."""
    watchlist = Watchlist()
    for raw in items:
        if not isinstance(raw, str):
            raise ConfigError(f"{where}: watch entries are strings like 'PRK' or 'PRK-RUS'")
        for item in filter(None, (part.strip().upper() for part in raw.split(","))):
            codes = item.split("-")
            if len(codes) > 2 or not all(ACTOR_RE.match(code) for code in codes):
                raise ConfigError(f"{where}: {item!r} is not an actor code or a dyad like PRK-RUS")
            if len(codes) == 2:
                watchlist.dyads.add(frozenset(codes))
            else:
                watchlist.actors.add(codes[0])
    return watchlist


def source_from_argument(value: str) -> Source:
    """A SOURCE given on the command line: ``gdelt:X``, a URL, or a local path or glob."""
    if value.startswith("gdelt:"):
        return Source("gdelt", value[6:], where=value)
    if value.startswith(("http://", "https://")):
        return Source("url", value, where=value)
    if "://" in value:
        raise ConfigError(f"{value}: only http(s) URLs, local paths and gdelt:X are sources")
    return Source("path", value, where=value)


def _lines(text: str, pattern: str) -> list[int]:
    regex = re.compile(pattern)
    return [number for number, line in enumerate(text.splitlines(), 1) if regex.match(line)]


def _key_line(text: str, key: str, after: int = 0) -> int:
    for number in _lines(text, rf"^\s*{re.escape(key)}\s*="):
        if number > after:
            return number
    return after or 1


def _check_type(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> None:
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise ConfigError(f"{where}: {what} must be a number, not true/false")
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: {what} has the wrong type ({type(value).__name__})")


def _source(entry: Any, where: str, base: Path) -> Source:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: each [[source]] must be a table")
    kinds = [key for key in SOURCE_KINDS if key in entry]
    unknown = set(entry) - set(SOURCE_KINDS) - SOURCE_OPTIONS
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {sorted(unknown)[0]!r} in [[source]]; "
            f"use one of {', '.join(SOURCE_KINDS)} plus name, format"
        )
    if len(kinds) != 1:
        raise ConfigError(f"{where}: a [[source]] needs exactly one of {', '.join(SOURCE_KINDS)}")
    kind = kinds[0]
    target = entry[kind]
    if not isinstance(target, str) or not target.strip():
        raise ConfigError(f"{where}: {kind} must be a non-empty string")
    if kind in ("feed", "url") and not target.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: {kind} {target!r} is not an http(s) URL")
    if kind == "path" and "://" in target:
        raise ConfigError(f"{where}: path {target!r} looks like a URL; use feed or url")
    if kind in ("path", "gdelt") and "://" not in target and not Path(target).is_absolute():
        target = str(base / target)  # relative to the sources file, not the working folder
    for option in ("name", "format"):
        if option in entry and not isinstance(entry[option], str):
            raise ConfigError(f"{where}: {option} must be a string")
    return Source(kind, target, entry.get("name"), entry.get("format", "auto"), where)


def load_sources(path: Path) -> WatchConfig:
    """Read and validate a sources file; a problem raises ConfigError naming file:line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read sources file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: sources file is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = match[1] if match else "1"
        raise ConfigError(f"{path}:{line}: not valid TOML ({exc})") from None
    unknown = set(data) - {"watch", "source"}
    if unknown:
        name = sorted(unknown)[0]
        line = (_lines(text, rf"^\s*\[{re.escape(name)}\]") or [_key_line(text, name)])[0]
        raise ConfigError(f"{path}:{line}: unknown section {name!r}; use [watch] and [[source]]")
    config = WatchConfig()
    watch = data.get("watch", {})
    header = (_lines(text, r"^\s*\[watch\]") or [0])[0]
    for key, value in watch.items():
        where = f"{path}:{_key_line(text, key, header)}"
        if key not in WATCH_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} in [watch]")
        if key in ("alerts", "webhook", "every"):
            _check_type(value, str, where, key)
        if key == "alerts":
            config.alerts = path.parent / value
        elif key == "webhook":
            if not value.startswith(("http://", "https://")):
                raise ConfigError(f"{where}: webhook {value!r} is not an http(s) URL")
            config.webhook = value
        elif key == "every":
            config.every = parse_every(value, where)
        elif key == "watch":
            _check_type(value, list, where, key)
            config.watchlist = parse_watchlist(value, where)
        elif key == "only_watchlist":
            _check_type(value, bool, where, key)
            config.only_watchlist = value
        elif key == "retries":
            _check_type(value, int, where, key)
            if not 0 <= value <= 10:
                raise ConfigError(f"{where}: retries must be between 0 and 10")
            config.retries = value
        else:
            _check_type(value, (int, float), where, key)
            if not 0 <= value <= 3600:
                raise ConfigError(f"{where}: {key} must be between 0 and 3600 seconds")
            setattr(config, key, float(value))
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}:{_key_line(text, 'source')}: use [[source]] tables")
    headers = _lines(text, r"^\s*\[\[source\]\]")
    for number, entry in enumerate(entries):
        line = headers[number] if number < len(headers) else 1
        config.sources.append(_source(entry, f"{path}:{line}", path.parent))
    return config
