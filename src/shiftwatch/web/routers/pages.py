"""Server-rendered pages: overview, dyad, actor, shifts, blocs, document and search.

Pages take the same filters as the API but from HTML forms, where an empty field arrives as
an empty string; :func:`_day` and friends turn those into values or a 422 error page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shiftwatch import charts
from shiftwatch.dates import parse_day
from shiftwatch.errors import InputError, NotFoundError
from shiftwatch.ontology import MODALITIES
from shiftwatch.records import records
from shiftwatch.search import search_sentences
from shiftwatch.store import Store
from shiftwatch.store.filters import EventFilter
from shiftwatch.web import actor_search, compare_view, deps, dyad_view, limits, queries, render
from shiftwatch.web.routers.params import ActorPath, IdPath
from shiftwatch.web.schemas import ACTOR_PATTERN, TYPE_PATTERN

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
StoreDep = Annotated[Store, Depends(deps.store)]
T = TypeVar("T")


def _page(request: Request, name: str, **context: Any) -> Response:
    context.setdefault("read_only", request.app.state.read_only)
    context.setdefault("actor_options", _actor_options(request))
    return render.templates().TemplateResponse(request, name, context)


def _actor_options(request: Request) -> list[dict[str, Any]]:
    """The header box's suggestions: this store's actors (cached until the next write)."""
    database = deps.database(request)

    def compute() -> list[dict[str, Any]]:
        view = database.request_store()
        try:
            return actor_search.store_actors(view)
        finally:
            view.con.close()

    return database.cached(("actor-options",), compute)


@router.get("/go")
def go(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """Where the header's search box leads: an actor, a dyad, or the sentence search."""
    target = actor_search.destination(q, _actor_options(request)) if q.strip() else "/"
    return RedirectResponse(target, status_code=303)


def _day(value: str | None, name: str) -> date | None:
    return parse_day(value, name)


def _filters(
    date_from: str | None, date_to: str | None, types: list[str], modality: str | None
) -> tuple[date | None, date | None, list[str], str | None]:
    start, end = _day(date_from, "date_from"), _day(date_to, "date_to")
    if start and end and start > end:
        raise InputError("date_from", f"{start} is after date_to {end}")
    for value in types:  # a form's "all types" option sends an empty value
        if value and not re.fullmatch(TYPE_PATTERN, value):
            raise InputError("type", f"{value[:40]!r} is not an event type")
    if modality and modality not in MODALITIES:
        raise InputError("modality", f"{modality[:40]!r} is not one of {', '.join(MODALITIES)}")
    return start, end, [value.upper() for value in types if value], modality or None


def _cached(request: Request, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """A page's data, computed once until the next write (see ``Database.cached``)."""
    return deps.database(request).cached(key, compute)


def _analysis() -> Any:
    from shiftwatch import analysis

    return analysis


@router.get("/")
def overview(request: Request, store: StoreDep) -> Response:
    summary = store.status()
    shifts = _cached(
        request, ("overview-shifts",), lambda: records(_analysis().detect_shifts(store, top=100))
    )
    shifts = sorted(shifts, key=lambda row: str(row["date"]), reverse=True)[:8]
    latest = dyad_view.highlight_evidence(
        store, queries.event_page(store, EventFilter(), 10, 0, newest_first=True)[1]
    )
    return _page(
        request,
        "overview.html",
        status=summary,
        dyads=queries.top_dyads(store, 12),
        shifts=shifts,
        latest=latest,
    )


@router.get("/dyad/{a}/{b}")
def dyad(
    request: Request,
    store: StoreDep,
    a: ActorPath,
    b: ActorPath,
    date_from: str | None = None,
    date_to: str | None = None,
    type: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006
    modality: str | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    start, end, types, modality = _filters(date_from, date_to, type, modality)
    data_range = deps.database(request).data_range(store)
    used_from, used_to, _ = limits.clamp_dates(data_range, start, end)  # 0001-01-01 is no DoS
    query = dyad_view.DyadQuery(
        a.upper(), b.upper(), used_from, used_to, tuple(types), modality, offset
    )
    # Computed once per (dyad, filters, data version): 50 readers of one dyad cost one query.
    context = _cached(request, ("dyad-page", query), lambda: dyad_view.dyad_context(store, query))
    if context is None:
        raise NotFoundError(f"no events between {query.a} and {query.b}")
    selected = {"date_from": start, "date_to": end, "types": types, "modality": modality}
    from shiftwatch.store.keys import covers

    coverage = {query.a: covers(query.a), query.b: covers(query.b)}
    return _page(
        request,
        "dyad.html",
        modalities=MODALITIES,
        selected=selected,
        coverage=coverage,
        **context,
    )


@router.get("/dyad/{a}/{b}/brief")
def dyad_brief(store: StoreDep, a: ActorPath, b: ActorPath) -> Response:
    """The forwardable HTML brief (the same as ``shiftwatch brief A B --format html``)."""
    a, b = a.upper(), b.upper()
    if not queries.event_count(store, EventFilter(dyad=(a, b))):
        raise NotFoundError(f"no events between {a} and {b}")
    return HTMLResponse(_analysis().make_brief(store, a, b, fmt="html"))


@router.get("/compare")
def compare(
    request: Request,
    store: StoreDep,
    a: Annotated[str, Query(max_length=80)] = "",
    b: Annotated[str, Query(max_length=80)] = "",
    freq: Literal["month", "quarter", "year"] = "quarter",
) -> Response:
    """Two dyads or two actors on one cooperation chart (``?a=PRK-RUS&b=PRK-CHN``)."""
    context: dict[str, Any] = {"a": a, "b": b, "freq": freq, "result": None}
    if a and b:
        subjects = [compare_view.parse_subject(a, "a"), compare_view.parse_subject(b, "b")]
        context["result"] = compare_view.compare_context(store, subjects, freq)
        context["labels"] = [compare_view.label(subject) for subject in subjects]
    return _page(request, "compare.html", **context)


@router.get("/actor/{code}")
def actor(request: Request, store: StoreDep, code: ActorPath) -> Response:
    code = code.upper()
    if not queries.actor_known(store, code):
        raise NotFoundError(f"no events with actor {code}")
    shares = _cached(
        request, ("actor-shares", code), lambda: records(_analysis().partner_shares(store, code))
    )
    latest = dyad_view.highlight_evidence(
        store,
        queries.event_page(store, EventFilter(actor=code), 20, 0, newest_first=True)[1],
    )
    bloc = _bloc_of(_bloc_report(request, store), code)
    return _page(
        request,
        "actor.html",
        code=code,
        partners=queries.actor_partners(store, code),
        partner_chart=render.chart(_partner_spec(shares)),
        latest=latest,
        bloc=bloc,
    )


def _partner_spec(shares: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [
        {**row, "interactions": (row.get("cooperative") or 0) + (row.get("conflictual") or 0)}
        for row in shares
    ]
    return charts.partner_share_chart(rows, "interactions", label="share of interactions")


def _bloc_report(request: Request, store: Store) -> Any:
    return _cached(request, ("bloc-report",), lambda: _analysis().alignment_blocs(store))


def _bloc_of(report: Any, code: str) -> dict[str, Any] | None:
    """The actor's bloc in the latest window where it has an alignment edge."""
    for window in reversed(report.windows):
        number = window.bloc_of(code)
        if number is not None and window.graph.degree(code):
            return {
                "id": number + 1,
                "label": window.label(number),
                "members": window.blocs[number],
                "start": window.start,
                "end": window.end,
            }
    return None


def _pick_window(report: Any, at: date | None) -> Any:
    """The window holding ``at``, else the latest window that has any edge."""
    windows = [w for w in report.windows if w.graph.number_of_edges()]
    if at is not None:
        return next((w for w in report.windows if w.start <= at <= w.end), None)
    return windows[-1] if windows else None


@router.get("/shifts")
def shifts(request: Request, store: StoreDep, actor: str | None = None) -> Response:
    if actor and not re.fullmatch(ACTOR_PATTERN, actor):
        raise InputError("actor", f"{actor[:40]!r} is not an actor code")
    code = actor.upper() if actor else None
    rows = _cached(
        request,
        ("shifts-page", code),
        lambda: records(_analysis().detect_shifts(store, actor=code, top=100)),
    )
    return _page(request, "shifts.html", shifts=rows, actor=actor or "")


@router.get("/blocs")
def blocs(request: Request, store: StoreDep, at: str | None = None) -> Response:
    report = _bloc_report(request, store)
    window = _pick_window(report, _day(at, "at"))
    nodes: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    if window is not None:
        index = {name: i for i, name in enumerate(sorted(window.graph.nodes))}
        for name in index:
            number = window.bloc_of(name)
            nodes.append(
                {"name": name, "bloc": str((number or 0) + 1), "size": window.graph.degree(name)}
            )
        for a, b, data in window.graph.edges(data=True):
            links.append(
                {
                    "source": index[a],
                    "target": index[b],
                    "events": data["events"],
                    "coop_index": data["weight"],
                }
            )
        groups = [
            {"id": i + 1, "label": window.label(i), "members": members}
            for i, members in enumerate(window.blocs)
        ]
    windows = [w for w in report.windows if w.graph.number_of_edges()]
    return _page(
        request,
        "blocs.html",
        blocs=groups,
        window=window,
        windows=windows,
        moves=report.moves,
        network_chart=render.chart(charts.network_chart(nodes, links)) if nodes else None,
    )


@router.get("/documents/{doc_id}")
def document(request: Request, store: StoreDep, doc_id: IdPath) -> Response:
    record = store.document(doc_id)
    sentences = records(store.sentences(record["id"]))
    _, events = queries.event_page(store, EventFilter(doc_id=record["id"]), 10_000, 0)
    by_sentence: dict[int, list[dict[str, Any]]] = {}
    for event in events:
        by_sentence.setdefault(int(event["sentence_idx"] or 0), []).append(event)
    return _page(
        request,
        "document.html",
        doc=record,
        body=_document_html(record["text"], sentences, by_sentence),
        events=events,
    )


def _document_html(
    text: str, sentences: list[dict[str, Any]], by_sentence: dict[int, list[dict[str, Any]]]
) -> Any:
    """The text as paragraphs of sentences; sentences with events carry their highlights."""
    from markupsafe import Markup, escape

    if not sentences:
        return Markup("".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip()))
    parts: list[str] = []
    cursor = 0
    for sentence in sentences:
        start, end, idx = sentence["start_char"], sentence["end_char"], sentence["idx"]
        parts.append(_gap(text[cursor:start]))
        body = text[start:end]
        events = by_sentence.get(idx, [])
        spans = [span for event in events for span in render.event_spans(body, event, start)]
        cls = "sentence has-events" if events else "sentence"
        types = " ".join(sorted({event["type"] for event in events}))
        title = f' title="{escape(types)}"' if types else ""
        parts.append(
            f'<span id="s{idx}" class="{cls}"{title}>{render.highlight(body, spans)}</span>'
        )
        cursor = max(cursor, end)
    parts.append(_gap(text[cursor:]))
    return Markup("<p>" + "".join(parts) + "</p>")


def _gap(between: str) -> str:
    from markupsafe import escape

    return str(escape(between)).replace("\n\n", "</p><p>").replace("\n", "<br>")


@router.get("/search")
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    hits: list[dict[str, Any]] = []
    total = 0
    if q.strip():
        total, frame, terms = search_sentences(store, q, 20, offset)
        hits = records(frame)
        patterns = [term.pattern for term in terms]
        for hit in hits:
            hit["html"] = render.highlight(hit["text"], render.term_spans(hit["text"], patterns))
    return _page(request, "search.html", q=q, hits=hits, total=total, offset=offset)
