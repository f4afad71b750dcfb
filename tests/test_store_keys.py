"""Actor keys: a state apart from its non-state parts, SYR* for all of them."""

from __future__ import annotations

from datetime import date

from shiftwatch.analysis import dyad_series, partner_shares
from shiftwatch.models import ActorRef, Event
from shiftwatch.store.keys import covers, normalise_key, split_key


def _event(n: int, source: ActorRef, target: ActorRef, kind: str) -> Event:
    return Event(f"d{n}", 0, "s", date(2018, 1, 10 + n), source, target, kind)


def test_state_parts_and_wildcard_are_separate_nodes(store) -> None:
    usa, tur = ActorRef("USA", "GOV"), ActorRef("TUR", "MIL")
    rebels, government, state = ActorRef("SYR", "REB"), ActorRef("SYR", "GOV"), ActorRef("SYR")
    events = [
        _event(1, usa, rebels, "AID"),
        _event(2, usa, rebels, "COOPERATE"),
        _event(3, tur, rebels, "ASSAULT"),
        _event(4, usa, government, "SANCTION"),
        _event(5, usa, state, "ACCUSE"),
        _event(6, government, rebels, "ASSAULT"),
    ]
    for event in events:
        store.save_coding(event.doc_id, "test", [(0, 0, 1, "s")], [event])

    def totals(a: str, b: str) -> tuple[int, int]:
        series = dyad_series(store, a, b, freq="year")
        return int(series["cooperative"].sum()), int(series["conflictual"].sum())

    assert totals("USA", "syr.reb") == (2, 0)
    assert totals("USA", "SYR") == (0, 2)  # the state: government and the state as a whole
    assert totals("USA", "SYR*") == (2, 2)  # the state and all its parts
    assert totals("TUR", "SYR.REB") == (0, 1)
    assert totals("SYR", "SYR.REB") == (0, 1)  # a civil war is a dyad of its own
    series = dyad_series(store, "USA", "SYR.REB", freq="year")
    assert set(series["source"]) == {"USA", "SYR.REB"}
    partners = partner_shares(store, "USA", freq="year")
    assert set(partners["partner"]) == {"SYR", "SYR.REB"}
    star = partner_shares(store, "SYR*", freq="year")
    assert set(star["partner"]) == {"USA", "TUR"}  # its own parts fold into SYR*


def test_key_syntax_and_wording() -> None:
    assert normalise_key(" syr.reb ") == "SYR.REB"
    assert split_key("SYR*") == ("SYR", "", True)
    assert split_key("SYR.OPP") == ("SYR", "OPP", False)
    assert "REB" in covers("SYR.REB") and "GOV" in covers("SYR") and "all" in covers("SYR*")


def test_a_country_named_as_a_place_is_its_own_key() -> None:
    """LOC (actor_keys.tsv group "place"): Syria as the place where something is done, apart
    from the Syrian state and from its non-state parts."""
    assert "place" in covers("SYR.LOC") and "LOC" not in covers("SYR")
