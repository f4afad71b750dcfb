"""How the crosswalk sorts the real GDELT and ICEWS samples: the README's crosswalk table.

Imports each sample in ``../shared/data/gdelt`` into a temporary database, keeping every row,
and prints one Markdown table row per file: rows stored, PLOVER events, statements (a code
with no PLOVER type, CAMEO 01x), and rows whose source is no PLOVER-level actor, split into
those with no source actor at all (``no_source_actor`` in ``shiftwatch status``) and those with
a CAMEO actor code or name of their own (a region such as AFR or EUR, a religion, an ethnic
group, a bare type such as REB: ``unmapped_source_actor``); then the rows with no source actor
of any kind (statements included: GDELT's empty Actor1), and whether the export gives the file
back byte for byte. Run: ``python scripts/crosswalk_counts.py [SHARED_DIR]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from shiftwatch.interop import export_events, import_gdelt, import_icews
from shiftwatch.store import open_store
from shiftwatch.store.events import NO_SOURCE_ACTOR

SAMPLES = (
    ("gdelt2_events_20191024143000_first300.export.tsv", "gdelt", "GDELT 2.0 (61 columns)"),
    ("gdelt1_daily_events_58col_200rows.tsv", "gdelt", "GDELT 1.0 daily (58)"),
    ("gdelt1_backfile_events_57col_201rows.tsv", "gdelt", "GDELT 1.0 backfile (57)"),
    ("icews_events_2018-06-01_sample_300rows.tsv", "icews", "ICEWS"),
)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared"
    folder = shared / "data" / "gdelt"
    print(
        "| sample | rows stored | PLOVER events | statements (01x) | no source actor "
        "(`no_source_actor`) | source not PLOVER-level: region/religion/ethnic/type code "
        "(`unmapped_source_actor`) | no source actor, any kind | export identical |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, origin, label in SAMPLES:
        with (
            tempfile.TemporaryDirectory() as work,
            open_store(Path(work) / "counts.duckdb") as store,
        ):
            importer = import_gdelt if origin == "gdelt" else import_icews
            report = importer(store, [folder / name], plover_only=False)
            status = store.status()
            (unattributed,) = store.con.execute(
                f"SELECT count(*) FROM events WHERE {NO_SOURCE_ACTOR}"
            ).fetchone()  # type: ignore[misc]
            out = Path(work) / "export.tsv"
            export_events(store, origin, out)
            same = out.read_bytes() == (folder / name).read_bytes()
        print(
            f"| {label} | {report.stored} | {report.plover_events} | {report.statements} | "
            f"{status['no_source_actor']} | {status['unmapped_source_actor']} | {unattributed} | "
            f"{'yes' if same else 'no'} |"
        )


if __name__ == "__main__":
    main()
