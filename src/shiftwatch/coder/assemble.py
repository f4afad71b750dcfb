"""Stage "assemble": from one typed candidate and its arguments to events.

Sources from the parse (or the document context when none is named), targets from the parse,
the type in context, modality; one event per source and target. :func:`dedupe_events` keeps one
event per act and (type, source, target).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from shiftwatch.actors.coref import PLACE_KINDS
from shiftwatch.coder import borrowed_doers, meetings, roles
from shiftwatch.coder.air_power import airborne
from shiftwatch.coder.arguments import Mention, MentionIndex, actors_of, dedupe
from shiftwatch.coder.backers import sidelined
from shiftwatch.coder.casualties import foe_of_victims, setting_doers
from shiftwatch.coder.comrades import co_belligerents
from shiftwatch.coder.context import (
    armed_actor_in,
    listed_antecedents,
    ongoing_act,
    owner_of_act,
    recent_adversary,
    recent_parties,
    recent_source,
    repressed_protest,
    the_parties,
)
from shiftwatch.coder.cue_lists import Retype, cue_list, cues, retype
from shiftwatch.coder.demands import request_parties
from shiftwatch.coder.detention import detention_roles
from shiftwatch.coder.events import SentenceContext, actor_ref, confidence, make_event
from shiftwatch.coder.held_ground import act_days, ground_holders, place_holders, taken_from
from shiftwatch.coder.local_doers import local_doer, local_victims
from shiftwatch.coder.modality import modality
from shiftwatch.coder.noun_parties import carried_by, co_patients
from shiftwatch.coder.own_side import acts_on_itself
from shiftwatch.coder.retype import (
    armed_backing,
    conditional_threat,
    harm_targets,
    promised,
    type_for,
)
from shiftwatch.coder.targets import between_pair, slot_tokens, target_actors
from shiftwatch.coder.triggers import (
    Rule,
    Trigger,
    object_of,
    verb_trigger,
)
from shiftwatch.models import ActorRef, Event

if TYPE_CHECKING:
    from spacy.tokens import Token


def code_trigger(
    ctx: SentenceContext, trigger: Trigger, index: MentionIndex, claimed: bool, conflict: bool
) -> list[Event]:
    rule = trigger.rule
    table = cues()
    aside = sidelined(trigger.token)  # "rebels, backed by Turkey, attacked": not Turkey's act
    parsed = setting_doers(trigger, index) or roles.source_actors(trigger, index)
    parsed = parsed or carried_by(trigger, index)  # "sanctions were imposed by the US"
    parsed = parsed or borrowed_doers.doers(trigger, index)  # "attacks that killed": theirs
    sources = [m for m in parsed if m.start not in aside]
    felt: list[Mention] = []
    if "named" in rule.flags and not sources:  # "the use of chemical weapons": nobody's act
        return []
    if "experiencer" in rule.flags:  # "the plan incensed Turkey": Turkey disapproves
        sources, felt = roles.experiencer_roles(trigger, index)
        civilian = table["civilian_sectors"]  # "the news angered residents" is no event
        sources = [m for m in sources if (m.sector or "") not in civilian]
        if not sources:
            return []
    if "held" in rule.flags:  # "Isis suspects in the custody of the SDF": the SDF holds them
        sources, felt = detention_roles(trigger, index)
        if not sources:
            return []
    meeting = rule.type in table["meeting_types"]
    pair_targets: list[Mention] = []
    if not sources and rule.pos == "NOUN" and rule.type in table["demand_types"]:
        sources, pair_targets = request_parties(trigger, index)  # "at the forefront of calls"
    if not sources and meeting and rule.pos == "NOUN":  # "a summit at which X urged Y"
        sources, pair_targets = meetings.parties(trigger.token, index)
    if not sources and rule.pos == "NOUN" and "mutual" in rule.flags:
        pair = between_pair(trigger.token, index)
        if len(pair) >= 2:
            sources, pair_targets = [pair[0]], pair[1:]
        else:
            return []
    if not sources and rule.type in table["protest_types"]:
        sources, pair_targets = repressed_protest(trigger.token, index)
    if not sources and rule.type in table["context_types"] and ongoing_act(trigger.token, claimed):
        sources, pair_targets = recent_parties(ctx, rule.type)
    if not sources and rule.type in table["adversary_types"] and rule.pos == "VERB":
        sources = recent_adversary(ctx, trigger, index)
    if not sources and rule.type in table["context_types"]:
        sources = armed_actor_in(ctx, trigger, index, claimed)
    if meeting and "mutual" in rule.flags and rule.pos == "VERB" and len(sources) <= 1:
        sources = listed_antecedents(trigger, index) or sources  # "They met in Sochi"
    if not sources and "mutual" in rule.flags and rule.pos == "VERB":
        pair = the_parties(roles.verb_subject(trigger.token), index, ctx)
        if pair:  # the parties are the whole event: what they agreed on names no target
            return _code_pair(ctx, trigger, pair, claimed)
    if not sources:  # "the three countries sent troops / launched strikes": each of them
        sources = the_parties(_clause_subject(trigger), index, ctx, counted=True)
    sources = sources or local_doer(ctx.span, trigger, index)  # "people in Hong Kong"
    sources = sources or recent_source(ctx, trigger, claimed)  # the actor the article follows
    sources = airborne(rule, sources, parsed)  # rebels borrowed from context fly no airstrikes
    if not sources:
        return []
    targets, no_target = target_actors(trigger, index, sources)
    sources = foe_of_victims(ctx, rule.type, sources, targets) or sources  # "SDF men were killed"
    allied = co_belligerents(trigger, index, sources)  # "fought with US forces against Isis"
    if allied is not None:
        (sources, targets), no_target = allied, False
    targets = [m for m in targets if m.start not in aside]
    targets = dedupe([*targets, *(m for m in co_patients(trigger, index) if m not in sources)])
    if rule.type in table["victim_types"] and all(t.kind in PLACE_KINDS for t in targets):
        organs = [t for t in targets if t.sector]  # "Kurdish positions and Syrian troops": both
        targets = taken_from(trigger, index) or targets  # "retook Mosul from Islamic State"
        holders = (ground_holders(trigger, t, index) for t in slot_tokens(trigger))
        targets = list(next((h for h in holders if h), [])) or targets  # "bombed rebel-held Idlib"
        if targets and all(t.kind in PLACE_KINDS for t in targets):  # "stormed Raqqa" in 2017
            days = act_days(trigger, ctx.span, ctx.date)
            targets = list(place_holders(targets, days, sources)) or targets
        targets = dedupe([*targets, *organs])
    if not targets and not no_target:  # "killed 50 people in Damascus"
        targets = list(local_victims(ctx.span, trigger, index, sources))
    targets = felt if rule.flags & {"experiencer", "held"} else targets or pair_targets
    if not targets and conflict and trigger.obj is not None:  # "vowed revenge against Israel"
        targets = [m for p in harm_targets(trigger.obj) for m in actors_of(p, index)]
    if not targets and rule.type in table["meeting_types"] and rule.pos == "NOUN":
        # the other party is the object of the verb the gathering is the phase or setting of
        verb = roles.gathering_verb(trigger.token) or roles.setting_verb(trigger.token)
        if verb is not None and _meets(verb):
            return []  # "discussed Syria in a phone call": the verb codes the talks
        if verb is not None:
            targets = [t for t in actors_of(object_of(verb), index) if t not in sources]
            codes = {m.code for m in sources}  # "Lavrov spoke at a meeting of Arab ministers"
            guest = [m for m in actors_of(roles.verb_subject(verb), index) if m.code not in codes]
            if not targets and guest:
                sources, targets = guest, sources
    if "host" in rule.flags and targets and not _civilians(targets):
        sources, targets = targets, sources  # "Egypt hosted Sudan's leader": the guest visits
    named = targets
    if meeting:  # "a summit in Tehran", "UN-sponsored talks": the parties consult the host
        sources, targets = meetings.hosted(trigger.token, index, sources, targets)
    # the visitors meet their host, the guests whom they met ("X, Y and Z met Pompeo"), not
    # each other
    hosted = targets is not named or (meeting and any(t.kind not in PLACE_KINDS for t in targets))
    if (
        "mutual" in rule.flags
        and allied is None
        and len(sources) >= 2
        and (not targets or (_pair(rule, sources) and not hosted))
    ):
        sources, targets = [sources[0]], sources[1:]  # "Russia and Turkey agreed": with each other
    label = modality(trigger.token, claimed=claimed)
    refusing = _refusal(trigger, label)  # "will not accept", "would not attend"
    out = []
    for source in sources:
        if "official" in rule.flags and not meetings.delegation(source, targets):
            continue  # a traveller is not a visiting delegation
        event_type, cameo = type_for(trigger, source, conflict, index)
        if refusing is not None:
            event_type, cameo, label = refusing.type, refusing.cameo, "asserted"
        source_ref = actor_ref(source)
        aimed = [t for t in targets if not acts_on_itself(source, t)]
        if event_type in table["meeting_types"]:  # hosting refugees or villagers is no diplomacy
            aimed = [t for t in aimed if (t.sector or "") not in table["civilian_sectors"]]
            if targets and not aimed:
                continue
        backing = retype("armed_backing")
        if event_type in backing.applies_to and armed_backing(trigger, source, aimed):
            event_type, cameo = backing.type, backing.cameo  # "backed by US troops"
        if "self" in rule.targets:
            own = cue_list("government_sectors")[0]  # a resignation leaves the government
            target_refs: list[ActorRef | None] = [ActorRef(code=source.code, sector=own)]
        elif aimed:
            target_refs = [actor_ref(t) for t in aimed]
        elif (owner := owner_of_act(ctx, trigger, event_type, source)) is not None:
            target_refs = [owner]
        elif "target" not in rule.flags and (no_target or _targetless(event_type, rule, claimed)):
            target_refs = [None]
        else:
            continue
        score = confidence(trigger, [source], targets)
        event_label = label
        if promised(trigger.token, event_type, label, bool(aimed)):
            offer = retype("promise")
            event_type, cameo, event_label = offer.type, offer.cameo, "asserted"
        if conditional_threat(
            trigger.token, event_type, label, source, index
        ):  # "will hit back if ..."
            threat = retype("conditional_threat")
            event_type, cameo, event_label = threat.type, threat.cameo, "asserted"
        for target_ref in target_refs:
            out.append(
                make_event(
                    ctx,
                    rule,
                    event_type,
                    cameo,
                    trigger.token,
                    source_ref,
                    target_ref,
                    event_label,
                    trigger.obj,
                    score,
                )
            )
    return out


def _pair(rule: Rule, sources: list[Mention]) -> bool:
    """Do coordinated doers of a mutual verb act with each other ("Russia and Turkey agreed to
    hold talks in Sochi"), whatever else the verb names? Only when they are different actors."""
    return rule.pos == "VERB" and len({m.code for m in sources}) >= 2


def _meets(verb: Token) -> bool:
    """Is ``verb`` itself a meeting in the lexicon ("discussed", "spoke", "met")?"""
    trigger = verb_trigger(verb)
    return trigger is not None and trigger.rule.type in cues()["meeting_types"]


def _refusal(trigger: Trigger, label: str) -> Retype | None:
    """The retype of a refused act, or None. A negated agreement is a refusal ("will not
    accept", "failed to agree"); another cooperative act is one when its doer says it will not
    do it ("would not attend the talks", "won't take part") or decides not to do ("voted not to
    attend"), not when it is told that it did not happen ("did not meet")."""
    if label != "negated":
        return None
    agreement, act = retype("refusal"), retype("refused_act")
    if trigger.rule.type in agreement.applies_to:
        return agreement
    verb = trigger.token
    decided = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in cues()["refusal_heads"]
    if trigger.rule.type in act.applies_to and (
        decided  # "voted not to attend", "decided not to take part"
        or any(
            child.dep_ == "aux" and child.lower_ in cues()["refusal_auxiliaries"]
            for child in verb.children
        )
    ):
        return act
    return None


def _clause_subject(trigger: Trigger) -> Token | None:
    """The subject of a verb trigger, or of the verb whose object a noun trigger is."""
    token = trigger.token
    if trigger.rule.pos == "VERB":
        return roles.verb_subject(token)
    return roles.verb_subject(token.head) if token.dep_ in ("dobj", "obj") else None


def _code_pair(ctx: SentenceContext, trigger: Trigger, pair: list, claimed: bool) -> list[Event]:
    label = modality(trigger.token, claimed=claimed)
    source, *others = pair  # the first named speaks for the parties (GUIDELINES)
    rule = trigger.rule
    score = confidence(trigger, [source], others)
    return [
        make_event(
            ctx,
            rule,
            rule.type,
            rule.cameo,
            trigger.token,
            actor_ref(source),
            actor_ref(target),
            label,
            trigger.obj,
            score,
        )
        for target in others
    ]


def _targetless(event_type: str, rule: Rule, claimed: bool) -> bool:
    """May this act stand with nobody named as its target? A demand must be made (a verb, not
    a "call" that is only what another act is about) and not merely alleged."""
    table = cues()
    if event_type in table["demand_types"]:
        return rule.pos == "VERB" and not claimed
    if event_type in table["verb_targetless_types"]:
        return rule.pos == "VERB"
    return event_type in table["targetless_types"]


def _civilians(mentions: list[Mention]) -> bool:
    """Are these all civilians ("hosted refugees"): people a state takes in, not its guests?"""
    return all((m.sector or "") in cues()["civilian_sectors"] for m in mentions)


def dedupe_events(events: list[Event], acts: dict[int, int] | None = None) -> list[Event]:
    """One event per act and (type, source, target); a targetless duplicate of a targeted one
    goes. ``acts`` (id of event -> act) keeps separate acts with the same codes apart, as the
    guidelines list them ("bombed the town and shelled the camp" is two ASSAULTs); events of no
    known act count as one act."""
    acts = dict(acts or {})
    events = _one_trigger(events, acts)
    best: dict[tuple, Event] = {}
    meeting = cues()["meeting_types"]
    for event in events:
        source = (event.source.code, event.source.sector)
        target = (event.target.code, event.target.sector) if event.target else None
        if event.type in meeting and target is not None and target < source:
            source, target = target, source  # one meeting, whichever party is named first
        key = (acts.get(id(event), -1), event.type, *source, *(target or (None, None)))
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    targeted = {(k[0], e.type, e.source.code) for k, e in best.items() if e.target is not None}
    targeted |= {  # "Iran hosts a summit with Russia": Iran is a party of the targeted talks
        (k[0], e.type, code)
        for k, e in best.items()
        if e.target is not None and e.type in meeting
        for code in (k[2], k[4])
    }
    kept = [
        (k, e)
        for k, e in best.items()
        if e.target is not None or (k[0], e.type, e.source.code) not in targeted
    ]
    return [e for k, e in kept if not any(_vaguer(k, other) for other, _ in kept)]


def _one_trigger(events: list[Event], acts: dict[int, int]) -> list[Event]:
    """Targetless events of a trigger whose doers another trigger of the same act and type names
    together with more ("civilians were killed in Syrian and Russian air strikes": "killed" by
    Syria, "strikes" by Syria and Russia) carry that other trigger, so the unnamed-target stage
    sees co-doers of one act and aims neither at the other."""
    named: dict[tuple, set[str]] = {}
    for event in events:
        if event.target is None and id(event) in acts:
            key = (acts[id(event)], event.type, event.trigger)
            named.setdefault(key, set()).add(event.source.code)
    wider = {
        key: other[2]
        for key, doers in named.items()
        for other, more in named.items()
        if other[:2] == key[:2] and len(more) > 1 and more > doers
    }
    out = []
    for event in events:
        anchor = wider.get((acts.get(id(event)), event.type, event.trigger))
        if event.target is None and anchor is not None:
            moved = replace(event, trigger=anchor, id="")
            acts[id(moved)] = acts[id(event)]
            event = moved
        out.append(event)
    return out


def _vaguer(key: tuple, other: tuple) -> bool:
    """Is ``key`` the same act, type and codes as ``other`` with a sector left empty that
    ``other`` names ("the US envoy travelled to Ankara for talks": USA GOV, and talks of USA)?"""
    if key == other or key[:3] != other[:3] or key[4] != other[4]:
        return False
    return all(
        mine in ("", None, theirs) for mine, theirs in ((key[3], other[3]), (key[5], other[5]))
    )
