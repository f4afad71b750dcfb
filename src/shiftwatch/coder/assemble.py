"""From the triggers of one sentence to coded events.

The steps: find triggers; drop those that are only the content of another act ("urged Iraq
to withdraw" is one REQUEST, not a REQUEST and a RETREAT); read source and target from the
parse; turn reported demands ("X said Y must ...") into REQUESTs; give each event its
modality, CAMEO code, Goldstein score, quantity and location; remove duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from shiftwatch.coder import roles
from shiftwatch.coder.arguments import InferredMention, Mention, MentionIndex, actors_of
from shiftwatch.coder.imperatives import quoted_commands
from shiftwatch.coder.modality import modality
from shiftwatch.coder.quantities import event_location, event_quantity
from shiftwatch.coder.targets import between_pair, target_actors
from shiftwatch.coder.triggers import (
    Rule,
    Trigger,
    cues,
    find_triggers,
    is_passive,
    lexicon,
    object_of,
)
from shiftwatch.models import ActorRef, Event
from shiftwatch.ontology import cameo_code, choose_cameo, plover_type

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Types that are recorded even when the sentence names nobody they are aimed at.
TARGETLESS_TYPES = frozenset(
    {
        "RETREAT",
        "MOBILIZE",
        "CONCEDE",
        "PROTEST",
        "ASSAULT",
        "COERCE",
        "SANCTION",
        "AGREE",
        "REJECT",
        "ACCUSE",
        "REQUEST",
    }
)
MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
MUTUAL_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
PRONOUNS = frozenset(
    {
        "it",
        "its",
        "itself",
        "they",
        "their",
        "them",
        "themselves",
        "he",
        "his",
        "him",
        "she",
        "her",
        "we",
        "our",
        "us",
    }
)
HELPING_VERBS = frozenset({"support", "help", "assist", "aid", "back", "bolster", "reinforce"})
REPRESSION_TYPES = frozenset({"COERCE", "ASSAULT"})
DETENTION_VERBS = frozenset(
    {"hold", "detain", "arrest", "jail", "imprison", "deport", "expel", "extradite", "remand"}
)
AGREEMENT_NOUNS = frozenset({"treaty", "agreement", "deal", "pact", "accord"})
PAIR_NOUNS = frozenset(
    {"leader", "side", "country", "nation", "government", "president", "minister", "state"}
)
PAIR_KINDS = frozenset({"state", "igo", "person", "capital"})
CONTEXT_SENTENCES = 3
# Reactions to somebody else's act: their target is the act's doer.
REACTION_TYPES = frozenset({"ACCUSE", "PROTEST", "REJECT", "SUPPORT", "SANCTION", "THREATEN"})
PROMISABLE_TYPES = frozenset({"AID", "SUPPORT", "COOPERATE"})
CIVIC_SECTORS = frozenset({"CVL", "OPP", "REB", "MED", "BUS", "NGO", "LAB", "EDU", "REL"})


@dataclass(slots=True)
class SentenceContext:
    """What every event of one sentence shares."""

    doc_id: str
    idx: int
    span: Span
    date: date | None
    coder_version: str
    earlier: list[Event] = field(default_factory=list)  # events of the sentences before


def _subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _content_scopes(triggers: list[Trigger]) -> tuple[set[int], set[int], dict[int, bool]]:
    """Token ids inside the content of verbal acts, inside accusations, and which content acts
    are material conflict (so a promise to attack is a THREATEN)."""
    content: set[int] = set()
    claimed: set[int] = set()
    conflict: dict[int, bool] = {}
    for trigger in triggers:
        flags = trigger.rule.flags
        if "content" in flags:
            ids: set[int] = set()
            for child in trigger.token.children:
                # a verbal act's complement, or a noun's clause ("the demand that X repatriate")
                if child.dep_ in ("xcomp", "ccomp") or (
                    child.dep_ == "acl" and trigger.rule.pos == "NOUN" and child.pos_ == "VERB"
                ):
                    ids |= _subtree_ids(child)
            content |= ids
            conflict[trigger.token.i] = any(
                other.token.i in ids
                and other.rule.type in MATERIAL_CONFLICT
                and not _inside_adverbial(other.token, trigger.token)
                for other in triggers
            )
        if "claim" in flags:
            for child in trigger.token.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                    claimed |= _subtree_ids(child)
    return content, claimed, conflict


def _inside_adverbial(token: Token, top: Token) -> bool:
    """True when ``token`` sits in an adverbial clause ("if it is attacked") below ``top``."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ == "advcl":
            return True
        token = token.head
    return False


def _reported_demands(span: Span) -> list[tuple[Token, Token]]:
    """(speech verb, complement verb) for "X said Y must/should do Z"."""
    table = cues()
    pairs = []

    def demanding(clause: Token) -> bool:
        return any(
            aux.dep_ == "aux" and aux.lower_ in table["request_modals"] for aux in clause.children
        )

    for token in span:
        if token.pos_ == "VERB" and token.lemma_.lower() in table["speech_verbs"]:
            for child in token.children:
                if child.dep_ == "ccomp" and demanding(child):
                    pairs.append((token, child))
            # "X should be allowed home, a former director has said": the fronted report is
            # sometimes parsed as the root with the speech verb conjoined after it
            head = token.head
            if token.dep_ in ("conj", "parataxis", "ccomp") and head.i < token.i:
                while not demanding(head) and head.dep_ == "conj" and head.head.i != head.i:
                    head = head.head  # "should be given a chance and allowed home, X said"
                if demanding(head) and not _child_of(head, token):
                    pairs.append((token, head))
    return pairs


def _child_of(parent: Token, token: Token) -> bool:
    """True when ``parent`` is a regular complement of ``token`` (already paired)."""
    return parent.head.i == token.i and parent.dep_ == "ccomp"


def actor_ref(mention: Mention) -> ActorRef:
    return ActorRef(
        code=mention.code,
        sector=mention.sector or "",
        text=mention.text,
        cameo=getattr(mention, "cameo", "") or "",
    )


def _event(
    ctx: SentenceContext,
    rule: Rule,
    event_type: str,
    cameo: str,
    trigger: Token,
    source: ActorRef,
    target: ActorRef | None,
    label: str,
    obj: Token | None,
    confidence: float,
) -> Event:
    record = cameo_code(cameo)
    value, unit = event_quantity(trigger, obj)
    span = ctx.span
    return Event(
        doc_id=ctx.doc_id,
        sentence_idx=ctx.idx,
        sentence=span.text,
        date=ctx.date,
        source=source,
        target=target,
        type=event_type,
        mode=rule.mode if event_type == rule.type else ("troops" if event_type == "AID" else ""),
        cameo=cameo,
        goldstein=record.goldstein if record else None,
        quad_class=record.quad_class if record else plover_type(event_type).quad_class,
        modality=label,
        quantity=value,
        quantity_unit=unit,
        location=event_location(trigger),
        confidence=round(min(1.0, max(0.0, confidence)), 3),
        coder_version=ctx.coder_version,
        evidence_start=span.start_char,
        evidence_end=span.end_char,
        trigger=trigger.text,
    )


def _confidence(trigger: Trigger, sources: list, targets: list) -> float:
    score = 0.45 + (0.15 if trigger.rule.pos == "VERB" else 0.05)
    score += 0.1 if trigger.rule.frame else 0.0
    score += 0.15 if targets else 0.0
    mentions = sources + targets
    certainty = sum(getattr(m, "confidence", 1.0) for m in mentions) / len(mentions)
    return score * (0.6 + 0.4 * certainty)


def _type_for(trigger: Trigger, source: Mention, conflict: bool) -> tuple[str, str]:
    rule = trigger.rule
    if conflict and "threat" in rule.flags:
        return "THREATEN", choose_cameo("THREATEN", "violence")
    if rule.type == "MOBILIZE" and _helping_purpose(trigger.token):
        return "AID", "074"  # troops sent "to support its war" are given, not massed
    if rule.type == "REQUEST" and _orders_detention(trigger.token):
        return "COERCE", "173"  # "a court ordered X held in custody" is the detention
    return rule.type, rule.cameo


def _orders_detention(token: Token) -> bool:
    if token.lemma_.lower() not in ("order", "rule", "sentence"):
        return False
    obj = object_of(token)
    clauses = [*token.children, *(obj.children if obj is not None else ())]
    return any(
        child.dep_ in ("acl", "oprd", "ccomp", "xcomp") and child.lemma_.lower() in DETENTION_VERBS
        for child in clauses
    )


def _self_aimed(token: Token) -> bool:
    """ "had only themselves to blame": an act whose patient is a reflexive pronoun on the
    verb above it is a figure of speech, not an act between actors."""
    if token.dep_ not in ("xcomp", "relcl", "acl"):
        return False
    return any(
        child.dep_ == "dobj" and child.lower_.endswith(("self", "selves")) and child.i < token.i
        for child in token.head.children
    )


def _existing_agreement(trigger: Trigger, verbs: set[int]) -> bool:
    """ "protest the treaty between A and B": a treaty that is only what another act is about
    names no new agreement (light verbs such as sign or reach do make it one)."""
    token = trigger.token
    if trigger.rule.pos != "NOUN" or token.lemma_.lower() not in AGREEMENT_NOUNS:
        return False
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif token.dep_ not in ("dobj", "obj"):
        return False
    return head.i in verbs and head.lemma_.lower() not in cues()["light_verbs"]


def _helping_purpose(token: Token) -> bool:
    """ "sent troops to Russia to support its war": the purpose clause is help."""
    return any(
        child.dep_ in ("advcl", "xcomp") and child.lemma_.lower() in HELPING_VERBS
        for child in token.children
    )


def _promised(token: Token, event_type: str, label: str, has_target: bool) -> bool:
    """ "will provide aid to X", "would support X": a cooperative act promised to a named party
    is an offer (AGREE, asserted), not a plan (guidelines: promises are AGREE)."""
    if event_type not in PROMISABLE_TYPES or label != "future" or not has_target:
        return False
    verb = token.head if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj" else token
    return any(
        child.dep_ == "aux" and child.lower_ in ("will", "would", "'ll", "shall")
        for child in verb.children
    )


def code_sentence(ctx: SentenceContext, index: MentionIndex) -> list[Event]:
    """Every event the sentence ``ctx.span`` reports."""
    triggers = find_triggers(ctx.span)
    demands = _reported_demands(ctx.span)
    content, claimed, conflict = _content_scopes(triggers)
    for _, complement in demands:
        content |= _subtree_ids(complement)
    events: list[Event] = []
    verbs = {t.token.i for t in triggers if t.rule.pos == "VERB"}
    for trigger in triggers:
        token = trigger.token
        if token.i in content or _existing_agreement(trigger, verbs) or _self_aimed(token):
            continue
        events.extend(
            _code_trigger(ctx, trigger, index, token.i in claimed, conflict.get(token.i, False))
        )
    for speech, complement in demands:
        events.extend(_code_demand(ctx, speech, complement, index))
    if not any(e.type == "REQUEST" for e in events):
        for speech, command in quoted_commands(ctx.span):
            events.extend(_code_demand(ctx, speech, command, index, addressee_only=True))
    return _dedupe(events)


def _code_trigger(
    ctx: SentenceContext, trigger: Trigger, index: MentionIndex, claimed: bool, conflict: bool
) -> list[Event]:
    rule = trigger.rule
    sources = roles.source_actors(trigger, index)
    if not sources and rule.pos == "NOUN" and "mutual" in rule.flags:
        pair = between_pair(trigger.token, index)
        if len(pair) >= 2:
            sources, pair_targets = [pair[0]], pair[1:]
        else:
            return []
    else:
        pair_targets = []
    if not sources and rule.type == "PROTEST":
        sources, pair_targets = _repressed_protest(trigger.token, index)
    if not sources and rule.type == "ASSAULT" and _ongoing_noun(trigger.token, claimed):
        sources, pair_targets = _ongoing_assault(ctx)
    if not sources and rule.type in ("ASSAULT", "COERCE") and rule.pos == "VERB":
        sources = _recent_adversary(ctx, trigger, index)
    if not sources and "mutual" in rule.flags and rule.pos == "VERB":
        pair = _the_two(roles.verb_subject(trigger.token), index)
        if pair:  # the pair is the whole event: what they agreed on names no target
            return _code_pair(ctx, trigger, pair, claimed)
    if not sources:
        return []
    targets, no_target = target_actors(trigger, index, sources)
    targets = targets or pair_targets
    if not targets and rule.type == "CONSULT" and rule.pos == "NOUN":
        verb = roles.gathering_verb(trigger.token)  # the other party is the verb's object
        if verb is not None:
            targets = [t for t in actors_of(object_of(verb), index) if t not in sources]
    if not targets and "mutual" in rule.flags and len(sources) >= 2:
        sources, targets = [sources[0]], sources[1:]
    label = modality(trigger.token, claimed=claimed)
    refusal = label == "negated" and rule.type == "AGREE"  # "will not accept", "failed to agree"
    out = []
    for source in sources:
        if "official" in rule.flags and (source.sector or "") != "GOV":
            continue  # a traveller is not a visiting delegation
        event_type, cameo = _type_for(trigger, source, conflict)
        if refusal:
            event_type, cameo, label = "REJECT", choose_cameo("REJECT"), "asserted"
        source_ref = actor_ref(source)
        aimed = [t for t in targets if not _reflexive(source, t) and not _same_group(source, t)]
        if event_type == "CONSULT":  # hosting refugees or meeting villagers is no diplomacy
            aimed = [t for t in aimed if (t.sector or "") != "CVL"]
            if targets and not aimed:
                continue
        if "self" in rule.targets:
            target_refs: list[ActorRef | None] = [ActorRef(code=source.code, sector="GOV")]
        elif aimed:
            target_refs = [actor_ref(t) for t in aimed]
        elif (owner := _owner_of_act(ctx, trigger, event_type, source)) is not None:
            target_refs = [owner]
        elif "target" not in rule.flags and (no_target or _targetless(event_type, rule, claimed)):
            target_refs = [None]
        else:
            continue
        confidence = _confidence(trigger, [source], targets)
        event_label = label
        if _promised(trigger.token, event_type, label, bool(aimed)):
            event_type, cameo, event_label = "AGREE", "030", "asserted"
        for target_ref in target_refs:
            out.append(
                _event(
                    ctx,
                    rule,
                    event_type,
                    cameo,
                    trigger.token,
                    source_ref,
                    target_ref,
                    event_label,
                    trigger.obj,
                    confidence,
                )
            )
    return out


def _repressed_protest(noun: Token, index: MentionIndex) -> tuple[list[Mention], list[Mention]]:
    """ "Assad clamped down on the protests", "police dispersed the rally": protests a state
    represses with nobody else named are its own people's, aimed at it (civilians -> state);
    so are "demonstrators protesting" whom it disperses."""
    if noun.pos_ == "VERB" and noun.dep_ in ("acl", "relcl") and noun.head.pos_ == "NOUN":
        noun = noun.head
    elif noun.pos_ == "VERB":
        return [], []
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif noun.dep_ not in ("dobj", "obj"):
        return [], []
    rules = lexicon().get(("VERB", verb.lemma_.lower()), ())
    if (
        verb.pos_ != "VERB"
        or verb.lemma_.lower() in cues()["averting_verbs"]  # a prevented protest did not happen
        or not any(r.type in REPRESSION_TYPES for r in rules)
    ):
        return [], []
    states = [m for m in actors_of(roles.verb_subject(verb), index) if m.kind != "group"]
    if not states:
        return [], []
    state = states[0]
    people = InferredMention(
        text=noun.text,
        start=noun.i,
        end=noun.i + 1,
        code=state.code,
        sector="CVL",
        confidence=getattr(state, "confidence", 1.0),
    )
    return [people], [state]


def _ongoing_noun(noun: Token, claimed: bool) -> bool:
    """A fighting noun that reports fighting under way ("weeks of bombing", "the bombardment"),
    not a prospect ("a full-scale assault could ...", "avoid a massacre")."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "any", "no") for c in noun.children):
        return False
    return modality(noun, claimed=claimed) == "asserted"


def _ongoing_assault(ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """ "After three days of intensive bombardment ...": fighting named with no side takes the
    sides of the fighting coded in the last few sentences."""
    for event in reversed(ctx.earlier):
        if event.sentence_idx < ctx.idx - CONTEXT_SENTENCES:
            break
        if event.type == "ASSAULT" and event.modality == "asserted":
            source = _inferred(event.source)
            targets = [_inferred(event.target)] if event.target is not None else []
            return [source], targets
    return [], []


def _recent_adversary(ctx: SentenceContext, trigger: Trigger, index: MentionIndex) -> list:
    """ "Isis fighters ... were identified and arrested": a passive act with no doer named, on
    a patient that an actor fought or held in the last few sentences, is that actor's."""
    if not is_passive(trigger.token) or trigger.obj is None:
        return []
    patients = {m.code for m in actors_of(trigger.obj, index)}
    if not patients:
        return []
    for event in reversed(ctx.earlier):
        if event.sentence_idx < ctx.idx - CONTEXT_SENTENCES:
            break
        if (
            event.type in ("ASSAULT", "COERCE")
            and event.modality == "asserted"
            and event.target is not None
            and event.target.code in patients
            and event.source.code not in patients
        ):
            return [_inferred(event.source)]
    return []


def _owner_of_act(
    ctx: SentenceContext, trigger: Trigger, event_type: str, source: Mention
) -> ActorRef | None:
    """ "Japan condemned the launch": a reaction to an act named by a bare noun is aimed at
    whoever did that act in the last few sentences (the latest such event, asserted)."""
    obj = trigger.obj
    if event_type not in REACTION_TYPES or obj is None or obj.pos_ != "NOUN":
        return None
    if any(c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN" for c in obj.children):
        return None  # the owner is named but not an actor we know
    rules = lexicon().get(("NOUN", obj.lemma_.lower()))
    if not rules:
        return None
    act_types = {rule.type for rule in rules}
    for event in reversed(ctx.earlier):
        if event.sentence_idx < ctx.idx - CONTEXT_SENTENCES:
            break
        if event.type in act_types and event.modality == "asserted":
            if event.source.code == source.code:
                return None
            return ActorRef(
                code=event.source.code,
                sector=event.source.sector,
                text=event.source.text,
                cameo=event.source.cameo,
            )
    return None


def _inferred(ref: ActorRef) -> InferredMention:
    return InferredMention(
        text=ref.text, start=-1, end=-1, code=ref.code, sector=ref.sector, cameo=ref.cameo
    )


def _code_pair(ctx: SentenceContext, trigger: Trigger, pair: list, claimed: bool) -> list[Event]:
    label = modality(trigger.token, claimed=claimed)
    source, target = pair
    rule = trigger.rule
    confidence = _confidence(trigger, [source], [target])
    return [
        _event(
            ctx,
            rule,
            rule.type,
            rule.cameo,
            trigger.token,
            actor_ref(source),
            actor_ref(target),
            label,
            trigger.obj,
            confidence,
        )
    ]


def _the_two(subject: Token | None, index: MentionIndex) -> list[Mention]:
    """ "the two leaders agreed", "both sides met": the last two states named before."""
    if subject is None or subject.lemma_.lower() not in PAIR_NOUNS or subject.tag_ != "NNS":
        return []
    if not any(c.lower_ in ("two", "both") for c in subject.children):
        return []
    floor = subject.sent.start
    for _ in range(3):
        if floor == 0:
            break
        floor = index.doc[floor - 1].sent.start
    found: list[Mention] = []
    for mention in reversed(index.mentions):
        if mention.start >= subject.sent.start:
            continue
        if mention.start < floor or len(found) == 2:
            break
        if mention.kind in PAIR_KINDS and all(m.code != mention.code for m in found):
            found.append(mention)
    if len(found) < 2:
        return []
    return [
        InferredMention(
            text=subject.text,
            start=subject.i,
            end=subject.i + 1,
            code=m.code,
            sector=m.sector,
            cameo=getattr(m, "cameo", ""),
            kind="pronoun",
            confidence=0.6,
        )
        for m in reversed(found)
    ]


def _targetless(event_type: str, rule: Rule, claimed: bool) -> bool:
    """May this act stand with nobody named as its target? A demand must be made (a verb, not
    a "call" that is only what another act is about) and not merely alleged."""
    if event_type == "REQUEST":
        return rule.pos == "VERB" and not claimed
    return event_type in TARGETLESS_TYPES


def _reflexive(source: Mention, target: Mention) -> bool:
    """ "North Korea would not negotiate away its weapons": "its" is the source itself."""
    return target.code == source.code and target.text.lower() in PRONOUNS


def _same_group(source: Mention, target: Mention) -> bool:
    """A non-state group acting on itself ("Isis fighters ... kill the Daesh fighter")."""
    return (
        source.kind == "group"
        and target.code == source.code
        and (target.sector or "") == (source.sector or "")
    )


def _code_demand(
    ctx: SentenceContext,
    speech: Token,
    complement: Token,
    index: MentionIndex,
    addressee_only: bool = False,
) -> list[Event]:
    """A reported demand; ``addressee_only`` for a quoted command, whose target is the unnamed
    "you" it is addressed to (coded without a target)."""
    sources = actors_of(roles.verb_subject(speech), index)
    patient = next((c for c in complement.children if c.dep_ == "nsubjpass"), None)
    targets = actors_of(roles.verb_subject(complement) or patient, index)
    if addressee_only:
        targets = [None]
    if not sources or not targets:
        return []
    rule = Rule(
        lemma=speech.lemma_,
        pos="VERB",
        frame="",
        frame_word="",
        frame_set=frozenset(),
        type="REQUEST",
        mode="",
        cameo="100",
        targets=(),
        of_role="",
        flags=frozenset(),
        origin="reported demand",
    )
    label = modality(speech)
    events = []
    for source in sources:
        for target in targets:
            if target is not None and (
                target is source
                or (target.code == source.code and (target.sector or "") in ("", source.sector))
            ):
                continue  # "Germany must be able to ...", the German minister said
            events.append(
                _event(
                    ctx,
                    rule,
                    "REQUEST",
                    "100",
                    speech,
                    actor_ref(source),
                    actor_ref(target) if target is not None else None,
                    label,
                    None,
                    0.45 if target is None else 0.55,
                )
            )
    return events


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, source, target); a targetless duplicate of a targeted one goes."""
    best: dict[tuple, Event] = {}
    for event in events:
        key = (
            event.type,
            event.source.code,
            event.source.sector,
            event.target.code if event.target else None,
            event.target.sector if event.target else None,
        )
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    targeted = {(e.type, e.source.code) for e in best.values() if e.target is not None}
    return [
        e for e in best.values() if e.target is not None or (e.type, e.source.code) not in targeted
    ]
