"""Stage "context": sources and targets an unnamed act takes from the document.

Who "the strikes" were by when the article named the attacker a sentence or two earlier; who
protesters are when a state represses them; what "the two leaders" are; whose act a reaction to
a bare noun ("condemned the launch") is aimed at. One window, :data:`CONTEXT_SENTENCES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors.coref import sentence_floor
from shiftwatch.coder import roles
from shiftwatch.coder.arguments import InferredMention, Mention, MentionIndex, actors_of
from shiftwatch.coder.backers import sidelined
from shiftwatch.coder.cue_lists import cue_texts, role_book, single, words
from shiftwatch.coder.events import SentenceContext, inferred
from shiftwatch.coder.held_ground import taken_from
from shiftwatch.coder.modality import modality
from shiftwatch.coder.noun_parties import company
from shiftwatch.coder.targets import undergoer
from shiftwatch.coder.triggers import Trigger, cues, is_passive, lexicon, object_of
from shiftwatch.models import ActorRef
from shiftwatch.ontology import plover_type

if TYPE_CHECKING:
    from spacy.tokens import Token

# Kinds of mention (the resolver's labels) that can be one of "the two leaders".
PAIR_KINDS = frozenset({"state", "igo", "person", "capital"})
CONTEXT_SENTENCES = 3


def repressed_protest(noun: Token, index: MentionIndex) -> tuple[list[Mention], list[Mention]]:
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
        or not any(r.type in words("repression_types") for r in rules)
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
        sector=single("protester_sector"),
        confidence=getattr(state, "confidence", 1.0),
    )
    return [people], [state]


def ongoing_act(token: Token, claimed: bool) -> bool:
    """A noun that reports an act under way ("weeks of bombing", "the bombardment"), not a
    prospect ("a full-scale assault could ...", "avoid a massacre"); or a verb with nobody named
    as its doer ("were killed", "was seized"), asserted."""
    if token.pos_ in ("NOUN", "PROPN"):
        if generic_act(token, claimed) or any(
            c.dep_ == "det" and c.lower_ in words("indefinite_determiners") for c in token.children
        ):
            return False
    elif not is_passive(token):
        return False
    return modality(token, claimed=claimed) == "asserted"


def generic_act(noun: Token, claimed: bool) -> bool:
    """A kind of act, not one that took place: a bare singular noun after "of" or "for"
    ("justification for military invasion", "grounds for attack", "the strain of invasion, civil
    war and insurrection"). Nobody in the document did it. A stretch of time or a quantity of
    it is an act under way ("after three days of bombardment", "weeks of shelling"), and a
    report of it an alleged one ("rumours of torture"), and so is what someone is accused of
    (``claimed``: "accused of torture")."""
    if claimed:
        return False
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    preposition = noun.head
    measure = preposition.head
    return (
        noun.tag_ == "NN"
        and noun.dep_ == "pobj"
        and preposition.lower_ in cues()["prospect_prepositions"]
        and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)
        and measure.lemma_.lower() not in cue_texts("periods")
        and measure.lemma_.lower() not in cues()["quantity_heads"] | cues()["hedge_nouns"]
        and not any(c.dep_ == "nummod" for c in measure.children)
    )


def recent_parties(ctx: SentenceContext, event_type: str) -> tuple[list[Mention], list[Mention]]:
    """ "After three days of intensive bombardment ...": an act named with no doer takes the
    parties of the latest asserted act of the same type in the last few sentences."""
    for event in reversed(ctx.earlier):
        if event.sentence_idx < ctx.idx - CONTEXT_SENTENCES:
            break
        if event.type == event_type and event.modality == "asserted":
            source = inferred(event.source)
            targets = [inferred(event.target)] if event.target is not None else []
            return [source], targets
    return [], []


def recent_adversary(ctx: SentenceContext, trigger: Trigger, index: MentionIndex) -> list:
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
            event.type in words("holding_types")
            and event.modality == "asserted"
            and event.target is not None
            and event.target.code in patients
            and event.source.code not in patients
        ):
            return [inferred(event.source)]
    return []


def owner_of_act(
    ctx: SentenceContext, trigger: Trigger, event_type: str, source: Mention
) -> ActorRef | None:
    """ "Japan condemned the launch": a reaction to an act named by a bare noun is aimed at
    whoever did that act in the last few sentences (the latest such event, asserted)."""
    obj = trigger.obj
    if event_type not in words("reaction_types") or obj is None or obj.pos_ != "NOUN":
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


def the_parties(
    subject: Token | None, index: MentionIndex, ctx: SentenceContext, counted: bool = False
) -> list[Mention]:
    """ "the two leaders agreed", "both sides met", "the three presidents met": the last two
    (three ...) states named before; "the leaders met", with no number, are the parties of the
    latest meeting in the last few sentences ("Trump will meet Putin in Helsinki. The leaders
    ...")."""
    if (
        subject is None
        or subject.lemma_.lower() not in words("pair_nouns")
        or subject.tag_ != "NNS"
    ):
        return []
    wanted = _party_count(subject)
    if wanted is None:  # with ``counted``, only a number says who they are
        return [] if counted else _met_before(subject, ctx)
    floor = sentence_floor(index.doc, subject, CONTEXT_SENTENCES)
    before = [  # "..., the two leaders agreed": what they agreed on names others
        m
        for m in index.mentions
        if floor <= m.start < subject.sent.start
        and m.kind in PAIR_KINDS
        and not _where(index.doc[m.start : m.end].root)
    ]
    found = _listed_together(before, wanted, index) or _last_distinct(before, wanted)
    return [_as_party(subject, m.code, m.sector, getattr(m, "cameo", "")) for m in found]


def _where(token: Token) -> bool:
    """Does the mention say where, not who ("aid to communities elsewhere in Syria")?"""
    return token.dep_ == "pobj" and token.head.lower_ in words("place_prepositions")


def listed_antecedents(trigger: Trigger, index: MentionIndex) -> list[Mention]:
    """ "Russia, Iran and Turkey sponsor the talks. They met in Sochi": a plural pronoun that
    meets with nobody named (no object, no "with") stands for the latest list of two or more
    actors named in the last few sentences, each of them a party, not only for its nearest
    member ("informants whom they met" names whom they met; "discuss Syria" only what about)."""
    verb = trigger.token
    subject = roles.verb_subject(verb)
    parties = ("dobj", "obj", "dative") if "obj" in trigger.rule.targets else ()
    if (
        subject is None
        or subject.lower_ not in words("group_pronouns")
        or any(c.dep_ in parties for c in verb.children)
        or any(c.dep_ == "prep" and c.lower_ in words("guest_prepositions") for c in verb.children)
    ):
        return []
    floor = sentence_floor(index.doc, subject, CONTEXT_SENTENCES)
    for mention in reversed([m for m in index.mentions if floor <= m.start < subject.i]):
        root = index.doc[mention.start : mention.end].root
        group = [m for t in sorted([root, *root.conjuncts]) if (m := index.at(t)) is not None]
        if len({m.code for m in group}) >= 2 and len(group) == len({m.code for m in group}):
            return [_as_party(subject, m.code, m.sector, getattr(m, "cameo", "")) for m in group]
    return []


def _listed_together(before: list[Mention], wanted: int, index: MentionIndex) -> list[Mention]:
    """The latest list of exactly ``wanted`` actors ("The US, Britain and France accused Syria
    ... The three countries": not Syria)."""
    for mention in reversed(before):
        root = index.doc[mention.start : mention.end].root
        group = [m for t in sorted([root, *root.conjuncts]) if (m := index.at(t)) is not None]
        if len({m.code for m in group}) == wanted == len(group):
            return group
    return []


def _last_distinct(before: list[Mention], wanted: int) -> list[Mention]:
    """The last ``wanted`` different actors named, in their order, or none."""
    found: list[Mention] = []
    for mention in reversed(before):
        if len(found) == wanted:
            break
        if all(m.code != mention.code for m in found):
            found.append(mention)
    return list(reversed(found)) if len(found) == wanted else []


def _party_count(subject: Token) -> int | None:
    """How many parties "the two / both / three ..." counts; None for "(the) (foreign) leaders"
    with no number, and 0 (no parties) for a plural that says something else ("some leaders")."""
    children = [c for c in subject.children if c.i < subject.i]
    counts = list(role_book().lists["count_words"])
    for child in children:
        if child.lower_ in words("pair_words"):
            return 2
        if child.lower_ in counts and counts.index(child.lower_) >= 2:
            return counts.index(child.lower_)
    if all(
        c.dep_ == "amod" or (c.dep_ == "det" and c.lower_ in words("definite_determiners"))
        for c in children
    ):
        return None  # "the leaders", "foreign ministers", "leaders"
    return 0


def _met_before(subject: Token, ctx: SentenceContext) -> list[Mention]:
    """The two parties of the latest meeting in the last few sentences, for "the leaders"."""
    for event in reversed(ctx.earlier):
        if event.sentence_idx < ctx.idx - CONTEXT_SENTENCES:
            break
        if event.type in cues()["meeting_types"] and event.target is not None:
            return [
                _as_party(subject, actor.code, actor.sector, actor.cameo)
                for actor in (event.source, event.target)
            ]
    return []


def _as_party(subject: Token, code: str, sector: str | None, cameo: str) -> InferredMention:
    return InferredMention(
        text=subject.text,
        start=subject.i,
        end=subject.i + 1,
        code=code,
        sector=sector or "",
        cameo=cameo,
        kind="pronoun",
        confidence=0.6,
    )


def armed_actor_in(
    ctx: SentenceContext, trigger: Trigger, index: MentionIndex, claimed: bool = False
) -> list[Mention]:
    """ "... when the base was hit by a surprise attack, Isis said": the only armed actor the
    sentence names (forces, rebels, police, an armed group), not counting what the act is done
    to (nor what the clause it follows from is done to: "ambushed Nigerian soldiers, killing
    12"), nor one the sentence names as aimed at or compared with ("joined the fight against
    Isis", "Like Isis, they ..."), is taken as the doer of an act of force with no doer of its
    own."""
    token = trigger.token
    if generic_act(token, claimed):
        return []
    patient = {t.i for t in trigger.obj.subtree} if trigger.obj is not None else set()
    patient |= sidelined(token)  # "rebels, backed by Turkish artillery, attacked": not Turkey
    if token.pos_ == "VERB" and trigger.rule.type in cues()["victim_types"]:
        taken = taken_from(trigger, index)  # "was retaken from Isis": not its doer
        patient |= {i for m in taken for i in range(m.start, m.end)}
    patient |= {i for m in undergoer(trigger, index) for i in range(m.start, m.end)}  # "died in"
    if is_passive(token):  # "was killed alongside an American soldier": killed too, not a doer
        patient |= {t.i for c in company(token) for t in c.subtree}
    if token.dep_ in ("advcl", "conj", "xcomp") and (done_to := object_of(token.head)) is not None:
        patient |= {t.i for t in done_to.subtree}  # "ambushed Nigerian soldiers, killing 12"
    armed = [
        m
        for m in index.mentions
        if ctx.span.start <= m.start < ctx.span.end
        and m.start not in patient
        and ((m.sector or "") in words("armed_sectors") or m.kind == "group")
        and not _done_to(index.doc[m.start : m.end].root)
    ]
    codes = {(m.code, m.sector) for m in armed}
    return armed[:1] if len(codes) == 1 else []


def _done_to(head: Token) -> bool:
    """Is the phrase headed by ``head`` named as what an act is aimed at or what something is
    compared with, not as anyone's doer: the object of a preposition of harm or comparison ("the
    fight against Isis", "attacks on Isis", "like Isis before them")? "Of" hands the question to
    the noun it hangs on ("the war against the remnants of Isis")."""
    token = head
    for _ in range(len(head.doc)):
        while token.dep_ in _PHRASE_LINKS and token.head.i != token.i:
            token = token.head  # "Isis fighters", "Russian and Syrian jets": the phrase's head
        if token.dep_ != "pobj":
            return False
        preposition = token.head
        if preposition.lower_ in cues()["harm_prepositions"] | words("comparison_prepositions"):
            return True
        if preposition.lower_ not in words("part_prepositions"):
            return False
        token = preposition.head
    return False


# Links inside one noun phrase: a modifier, owner or conjunct stands for the phrase's head.
_PHRASE_LINKS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "appos", "conj"})


def recent_source(ctx: SentenceContext, trigger: Trigger, claimed: bool) -> list[Mention]:
    """ "The overnight strikes only sharpen the rivalry": an act asserted with nobody named as
    its doer (a finite verb with no subject, a noun with no owner) takes the source of the latest
    asserted act of the same kind (PLOVER quad class) in the last few sentences: the actor the
    article is following. Not a prospect ("a new offensive"), not an owned act ("Erdogan's
    calls", whose owner the resolver did not know), not a non-finite verb (its doer is the
    clause's, found or not by the parse) nor a noun modifying another ("a resignation letter").
    A subject that names an attacker but no actor ("a suicide bomber attacked a patrol") is
    nobody named too, and takes the latest armed doer (not civilians)."""
    token = trigger.token
    unnamed = False
    if trigger.rule.pos == "VERB":
        subject = roles.verb_subject(token)
        unnamed = subject is not None and subject.lemma_.lower() in words("attacker_nouns")
        if (subject is not None and not unnamed) or not _finite(token):
            return []
    elif token.dep_ == "compound" or generic_act(token, claimed):
        return []
    indefinite = words("indefinite_determiners")
    if any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in indefinite) for c in token.children
    ):
        return []
    if modality(token, claimed=claimed) != "asserted":
        return []
    quad = plover_type(trigger.rule.type).quad_class
    for event in reversed(ctx.earlier):
        if event.sentence_idx < ctx.idx - CONTEXT_SENTENCES:
            break
        if unnamed and (event.source.sector or "") in cues()["civilian_sectors"]:
            continue
        if event.modality == "asserted" and event.quad_class == quad:
            return [inferred(event.source)]
    return []


def _finite(verb: Token) -> bool:
    """A verb with a tense of its own ("were killed", "shelled"), not a participle or infinitive."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in verb.children)
