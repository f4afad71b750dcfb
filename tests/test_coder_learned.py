"""The learned stage: its packaged model loads and validates, its predictions on real Guardian
sentences are deterministic and sensible, and the setting switches it off."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from shiftwatch.coder import Coder
from shiftwatch.coder.cue_lists import cues
from shiftwatch.coder.learned import (
    NONE,
    clause_verbs,
    load_model,
    parse_stages,
    sentence_features,
)
from shiftwatch.config import Settings
from shiftwatch.errors import ConfigError
from shiftwatch.models import Document
from shiftwatch.nlp import load_pipeline
from shiftwatch.ontology import plover_types

FIGHTING = frozenset({"airstrike", "bomb", "shell", "bombard"})


@pytest.fixture(scope="module")
def articles(guardian_csv: Path) -> list[dict[str, str]]:
    if not guardian_csv.exists():
        pytest.skip(f"{guardian_csv} not present")
    with guardian_csv.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))[:40]


def test_packaged_model_loads_with_every_plover_type() -> None:
    model = load_model()
    assert model.classes[0] == NONE
    assert set(model.classes) - {NONE} == set(plover_types())
    assert len(model.features) > 1000
    assert model.weights.shape == (len(model.features), len(model.classes))
    assert 0.0 < model.settings["add_threshold"] < 1.0


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["classes\tNONE\tASSAULT", "bias\t0.1\tzero"], ":2: not a number"),
        (["classes\tNONE\tBOMBING", "bias\t0\t0"], ":1: unknown class 'BOMBING'"),
        (["classes\tNONE\tASSAULT", "bias\t0\t0", "feature\tl:bomb\t1.0"], ":3: a feature row"),
        (["classes\tNONE\tASSAULT", "bias\t0\t0", "weights\t1\t2"], ":3: unknown row kind"),
        (["bias\t0\t0"], ":1: the classes row must come first"),
        (["classes\tNONE\tASSAULT", "setting\tspeed\t2"], ":2: a setting row"),
        (["# only a comment"], "a model needs a classes row"),
    ],
)
def test_malformed_model_is_an_error_naming_file_and_line(
    tmp_path: Path, lines: list[str], problem: str
) -> None:
    path = tmp_path / "model.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_model(path)
    assert str(path) in str(raised.value)
    assert problem in str(raised.value)


def test_fighting_sentences_are_assaults_and_repeatable(articles: list[dict[str, str]]) -> None:
    """Sentences of real articles that say airstrikes or shelling killed people."""
    model = load_model()
    nlp = load_pipeline(Settings().model)
    found = []
    for doc in nlp.pipe(row["text"] for row in articles):
        for sentence in doc.sents:
            lemmas = {t.lemma_.lower() for t in sentence}
            if lemmas & FIGHTING and "kill" in lemmas:
                found.append(sentence)
    assert len(found) >= 5
    for sentence in found:
        probabilities = model.probabilities(sentence)
        assert probabilities == model.probabilities(sentence)
        assert abs(sum(probabilities.values()) - 1.0) < 1e-4
        best = max((c for c in model.classes if c != NONE), key=probabilities.__getitem__)
        assert best == "ASSAULT", sentence.text
        # names never become features: the model learns what happened, not who did it
        names = {t.lemma_.lower() for t in sentence if t.pos_ == "PROPN"}
        words = {t.lemma_.lower() for t in sentence if t.pos_ != "PROPN"}
        assert not {f"l:{name}" for name in names - words} & set(sentence_features(sentence))


def test_switch_turns_the_stage_off_and_on(articles: list[dict[str, str]]) -> None:
    off = Coder(Settings(learned_stages="off"))
    on = Coder(Settings(learned_stages="add"))
    assert off.learned is None
    assert on.learned is not None and on.learned.stages == {"add"}
    documents = [
        Document(text=row["text"], id=f"gdn-{n}", language="en") for n, row in enumerate(articles)
    ]
    coded_off = [e for coded in off.code_documents(documents[:15]) for e in coded.events]
    coded_on = [e for coded in on.code_documents(documents[:15]) for e in coded.events]
    silent = {(e.doc_id, e.sentence_idx) for e in coded_on} - {
        (e.doc_id, e.sentence_idx) for e in coded_off
    }
    assert silent, "the stage added no event to a sentence the rules left empty"
    threshold = on.learned.model.settings["add_threshold"]
    added = [e for e in coded_on if (e.doc_id, e.sentence_idx) in silent]
    assert any(e.confidence >= round(threshold, 3) for e in added)
    # an added event hangs on a content verb: never a copula, and a verb of speech only for
    # what a speaker does (the strikes a spokesman reports are not the spokesman's)
    copulas = {"is", "are", "was", "were", "be", "been", "being", "am"}
    reports = {"said", "says", "say", "told", "tells", "claimed", "reported"}
    spoken = set(cues()["learned_speech_types"])
    for event in added:
        assert event.trigger.lower() not in copulas, event.sentence
        assert event.type in spoken or event.trigger.lower() not in reports, event.sentence


def test_clause_verbs_skip_copulas_and_reports_of_material_acts() -> None:
    nlp = load_pipeline(Settings().model)
    sentence = nlp("The spokesman said the army was ready and had shelled the town.")[:]
    assault = [t.text for t in clause_verbs(sentence, "ASSAULT")]
    accuse = [t.text for t in clause_verbs(sentence, "ACCUSE")]
    assert assault == ["shelled"]  # "was" is a copula, "said" only reports the shelling
    assert accuse == ["shelled", "said"]  # a speaker's own act: acts first, then the report


def test_unknown_stage_name_is_refused() -> None:
    assert parse_stages("off") == frozenset()
    assert parse_stages(" add , drop ") == {"add", "drop"}
    with pytest.raises(ConfigError, match="unknown stage 'retype'"):
        parse_stages("add,retype")
