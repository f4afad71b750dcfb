"""The demo's before/after view of PRK's partners: cooperative shares in two eras.

``partner_shares`` gives shares per period; the demo's question is simpler ("did PRK's
cooperation move from China to Russia after 2022?"), so the yearly counts are summed into two
eras and the shares recomputed from the sums (averaging yearly shares would weight a quiet
year like a busy one).
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

ERAS: tuple[tuple[str, date, date], ...] = (
    ("2018-2021", date(2018, 1, 1), date(2021, 12, 31)),
    ("2022-2024", date(2022, 1, 1), date(2024, 12, 31)),
)


def era_table(eras: pd.DataFrame) -> pd.DataFrame:
    """One row per partner, one share column per era, largest latest share first."""
    wide = eras.pivot(index="partner", columns="era", values="coop_share").fillna(0.0)
    counts = eras.pivot(index="partner", columns="era", values="cooperative").fillna(0)
    wide = wide[[name for name, _, _ in ERAS if name in wide.columns]]
    order = wide.iloc[:, -1].sort_values(ascending=False, kind="stable").index
    return pd.concat({"share": wide, "events": counts[wide.columns]}, axis=1).loc[order]


def render_eras(eras: pd.DataFrame, actor: str, fmt: str) -> str:
    """The era table as a Markdown section or an HTML fragment."""
    title = f"{actor}'s cooperative partners, before and after 2022"
    note = (
        "Share of the actor's cooperative events (both directions) held by each partner; "
        "counts are distinct coded events."
    )
    if eras.empty:
        body = "No cooperative events were coded."
        return f"## {title}\n\n{body}\n" if fmt == "md" else f"<h2>{title}</h2><p>{body}</p>"
    table = era_table(eras)
    names = list(table["share"].columns)
    rows = [
        (partner, [f"{table['share'][n][partner]:.0%} ({int(table['events'][n][partner])})"
                   for n in names])
        for partner in table.index
    ]  # fmt: skip
    if fmt == "md":
        lines = [f"## {title}", "", note, "", "| partner | " + " | ".join(names) + " |"]
        lines.append("|---|" + "---|" * len(names))
        lines += [f"| {partner} | " + " | ".join(cells) + " |" for partner, cells in rows]
        return "\n".join(lines) + "\n"
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    body_rows = "".join(
        f"<tr><td>{html.escape(partner)}</td>"
        + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells)
        + "</tr>"
        for partner, cells in rows
    )
    return (
        f'<section class="demo-eras"><h2>{html.escape(title)}</h2><p>{html.escape(note)}</p>'
        f"<table><thead><tr><th>partner</th>{head}</tr></thead><tbody>{body_rows}</tbody>"
        "</table></section>"
    )
