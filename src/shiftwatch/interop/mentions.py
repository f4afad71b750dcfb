"""Import the GDELT 2.0 Mentions table: every article that mentioned an event, joined by id.

Each 15-minute update ships ``*.mentions.CSV.zip`` beside its events: one tab-separated line
per (event, article) with the article's URL, the sentence, GDELT's confidence and the tone.
Mentions go to ``event_mentions`` keyed by the event's store id (``gdelt:<GLOBALEVENTID>``),
whether or not the event is stored yet, so events and mentions can be imported in either
order; the report says how many found their event. Files with gdeltPyR's lower-case header
and commas are read too. Importing a file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shiftwatch.errors import InputError
from shiftwatch.interop import files, loader

COLUMNS = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
MENTION_FILE_PATTERNS = ("*.mentions.CSV", "*.mentions.CSV.zip", "*.mentions.CSV.gz")
KEY = ("event_id", "mention_time", "url", "sentence_id")


@dataclass
class MentionReport:
    """What a mentions import did: rows read, stored, already stored, malformed, and how many
    of the stored mentions belong to an event in the store."""

    files: int = 0
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    malformed: int = 0
    matched: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "mention_files": self.files,
            "mentions_read": self.read,
            "mentions_stored": self.stored,
            "mentions_duplicates": self.duplicates,
            "mentions_malformed": self.malformed,
            "mentions_of_stored_events": self.matched,
        }


def _layout(path: Path, label: str) -> tuple[str, bool, int]:
    """(delimiter, has header, field count) of a mentions file."""
    lines = files.peek_lines(path, 5)
    if not lines:
        raise InputError(label, "file is empty")
    header = lines[0].lower().startswith("globaleventid")
    delimiter = "\t" if "\t" in lines[0] else ","
    width = len(lines[0].split(delimiter)) if header else lines[0].count("\t") + 1
    if width not in (15, 16):
        raise InputError(
            label,
            f"lines have {width} fields; GDELT 2.0 mentions files have 16 tab-separated "
            "fields (GLOBALEVENTID, EventTimeDate, MentionTimeDate, ...)",
        )
    return delimiter, header, width


def _select(delimiter: str, header: bool, width: int, compression: str) -> str:
    names = COLUMNS[:width]
    kinds = {"GLOBALEVENTID": "BIGINT"}
    columns = ", ".join(f"'{name}': '{kinds.get(name, 'VARCHAR')}'" for name in names)
    quote = "'\"'" if delimiter == "," else "''"
    reader = (
        f"read_csv(?, delim='{delimiter}', header={str(header).lower()}, quote={quote}, "
        f"escape={quote}, columns={{{columns}}}, auto_detect=false, "
        f"force_not_null=['GLOBALEVENTID'], compression='{compression}', "
        f"{files.reject_options()})"
    )
    parts = ['CAST(s."GLOBALEVENTID" AS VARCHAR)', *(f's."{name}"' for name in names[1:])]
    line = "concat(" + ", '\t', ".join(parts) + ")"
    return f"""
        SELECT 'gdelt:' || CAST(s."GLOBALEVENTID" AS VARCHAR) AS event_id,
               TRY_CAST(s."MentionTimeDate" AS BIGINT) AS mention_time,
               coalesce(s."MentionSourceName", '') AS source_name,
               coalesce(s."MentionIdentifier", '') AS url,
               TRY_CAST(s."SentenceID" AS INTEGER) AS sentence_id,
               TRY_CAST(s."Confidence" AS INTEGER) AS confidence,
               TRY_CAST(s."MentionDocTone" AS DOUBLE) AS doc_tone,
               {line} AS raw
        FROM {reader} s
    """


def import_mentions(store: loader.Store, paths: Sequence[Path | str]) -> MentionReport:
    """Import GDELT 2.0 mentions files (or folders of ``*.mentions.CSV[.zip]``, or globs)."""
    report = MentionReport()
    con = store.con
    key = " AND ".join(f"m.{column} IS NOT DISTINCT FROM s.{column}" for column in KEY)
    with loader.quiet(store):
        for path in files.expand(paths, MENTION_FILE_PATTERNS):
            with files.readable(path) as local:
                delimiter, header, width = _layout(local, str(path))
                files.clear_rejects(con)
                before = _matched(store)
                row = con.execute(
                    f"INSERT INTO event_mentions SELECT s.* FROM "
                    f"({_select(delimiter, header, width, files.compression(local))}) s "
                    f"WHERE NOT EXISTS (SELECT 1 FROM event_mentions m WHERE {key})",
                    [str(local)],
                ).fetchone()
                stored = int(row[0]) if row else 0
                rejects = files.rejected_lines(con, width)
                for line, problem in rejects:
                    if len(report.errors) < files.MAX_REPORTED_ERRORS:
                        report.errors.append(f"{path}:{line}: {problem}; line skipped")
                rows = loader.count_rows(local) - int(header)
                matched = _matched(store) - before
            report.files += 1
            report.read += rows
            report.stored += stored
            report.malformed += len(rejects)
            report.duplicates += max(rows - len(rejects) - stored, 0)
            report.matched += matched
    return report


def _matched(store: loader.Store) -> int:
    """Stored mentions whose event is stored."""
    row = store.con.execute(
        "SELECT count(*) FROM event_mentions m JOIN events e ON e.id = m.event_id"
    ).fetchone()
    return int(row[0]) if row else 0
