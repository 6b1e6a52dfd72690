"""The phrases the judge listens for, in one place.

Each pattern matches a sentence's `lower` or `core` text (see sentences.py).
They are deliberately lexical: every flag they raise can be shown to the
candidate as the sentence that raised it.
"""

from __future__ import annotations

import functools
import re


def _alternatives(source: str) -> list[str]:
    """The top-level `|` branches of a pattern (outside groups and classes)."""
    out: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return out


WRITTEN: dict[str, str] = {}
"""Each compiled phrase pattern's source as written here, by its regrouped source."""


def regroup(source: str) -> str:
    """`source` with its top-level branches gathered as `^(?:…)|\\b(?:…)|rest` (see `phrases`)."""
    branches = _alternatives(source)
    anchored = [b[1:] for b in branches if b.startswith("^")]
    words = [b[2:] for b in branches if b.startswith("\\b")]
    rest = [b for b in branches if not b.startswith(("^", "\\b"))]
    parts = [f"^(?:{'|'.join(anchored)})"] if anchored else []
    parts += [f"\\b(?:{'|'.join(words)})"] if words else []
    return "|".join(parts + rest)


def phrases(source: str) -> re.Pattern[str]:
    """`re.compile(source)`, regrouped to search faster, matching the same sentences.

    A long alternation of `\\b…` and `^…` branches is tried branch by branch
    at every position of a sentence; gathered as `^(?:…)|\\b(?:…)|rest`, the
    anchored branches are ruled out at once past the start and the word-start
    ones at once inside a word (judging a session spends most of its tagging
    time in these searches). Which sentences match is unchanged; which branch
    matched may differ, so use it for `search`, not to read the match.
    """
    regrouped = regroup(source)
    WRITTEN[regrouped] = source
    return re.compile(regrouped)

_DESIGN_VERBS = (
    r"writes?|stores?|shards?|keeps?|uses?|replicates?|push(?:es)?|sends?|hash(?:es)?|computes?|returns?|"
    r"serves?|checks?|uploads?|reads?|caches?|assigns?|puts?|partitions?|routes?|falls? back|hands? out|"
    r"encodes?|generates?|batch(?:es)?|persists?|holds?|maps?|appends?|fans? out|has|runs?|"
    r"owns?|marks?|resizes?|aborts?|reconnects?|expires?|lives?|sits?|talks? to|calls?|carr(?:y|ies)|sees?|"
    r"allocates?|fires?|deletes?|purges?|absorbs?|handles?|fetch(?:es)?|process(?:es)?|splits?|"
    r"precomputes?|fronts?|queues?|index(?:es)?|goes|go (?:in|to|into|through)|lands?|pulls?|merges?|"
    r"hydrates?|points?|rejects?|drops?|skips?|retries|waits?|streams?|sorts?|counts?|limits?|"
    r"syncs?|backs?|wraps?|emits?|publish(?:es)?|subscribes?|polls?|scans?|signs?|verif(?:y|ies)"
)

COMMIT = phrases(
    r"\b(?:i'd|i would|i'll|i will|we'd|we'll|we will|we would|let's|let us|i'm going to|i am going to|"
    r"we're going to|we are going to|we want to|we need to|i want to)\s+(?!be\b|like to know|want to know|need to know|have to check|ask\b|guess\b|imagine\b|wonder\b)[a-z]"
    r"|\b(?:i'm|i am|we're|we are)\s+(?:picking|choosing|going with|using|sticking with)\b"
    r"|\b(?:i pick|i choose|my (?:pick|choice|answer|call|vote) is|the right (?:call|answer|choice|move) (?:here )?is|"
    r"is the right (?:call|choice|answer|move)|let me commit|i recommend)\b"
    r"|^(?:say|assume|suppose)\b|^(?:so\s+)?we\s+(?:get|have|do|make|take|just)\b"
    # A declarative design statement: an optional lead-in ("Per conversation, "),
    # a short subject, a design verb, and not a noun followed by "is" ("a store is nice").
    r"|^(?:[\w-]+:\s+)?(?:(?:[\w'-]+\s+){0,3}[\w'-]+,\s+)?(?:[\w'-]+\s+){0,5}?"
    rf"(?:{_DESIGN_VERBS})\b(?!\s+(?:is|are|was|were|would|could|should|might|can|will|isn't|aren't|itself)\b)(?=\s+\w)"
    # A figure stated as the estimate.
    r"|\b(?:that's|that is|so|which is|comes to|works out to|is about|is roughly|is around|is well under|is under|is over)\b"
    r".*\b(?:\d+|hundred|thousand|million|billion|trillion|dozen|[kmgtp]b|(?:kilo|mega|giga|tera|peta)bytes?|per second)\b"
)
"""A stated position: a first-person decision ("I'd…", "let's…"), an assumption
("say…"), or a declarative design statement ("the client hashes…", "we write…")."""

NOT_COMMIT = phrases(
    r"^(?:if|when|whether|unless)\b|\b(?:if we|if i|we could|i could|you could|could we|what if|what would|"
    r"or we|one option|another option|option (?:a|b|c|one|two|three)|either|i wouldn't|we wouldn't|"
    r"i won't|we won't|i'd avoid|i'd rather not|not going to|instead of doing|"
    r"would we|should we|do we|i was going to)\b"
)
"""Hypotheticals, options and dismissals: a sentence with these does not state a position.
(Being unsure is `UNSURE`, not this: it says nothing about options.)"""

TENTATIVE = phrases(
    r"^(?:or\s+)?(?:maybe|perhaps)\b"
    r"|\bmaybe we (?:should|want to|need to)\b"
    r"|^or (?:we|i) (?:could|should|do|use|go)\b"
)
"""A position offered tentatively ("maybe we should…", "or maybe a…")."""

OPTIONS = phrases(
    r"\b(?:there are|i see|we have|i can think of|there's)\s+(?:\w+\s+)?(?:two|three|four|a few|several|a couple of|a couple|some)\s+"
    r"(?:\w+\s+)?(?:options|ways|approaches|choices|alternatives|strategies|designs|candidates)\b"
    r"|\bthe (?:options|choices|alternatives) (?:are|here are)\b"
    r"|^(?:two|three|four|a few|a couple of|several) (?:\w+ )?(?:options|ways|approaches|choices|alternatives)\b"
    r"|\b(?:option|approach) (?:a|one|1)\b"
    r"|\bwe (?:could|can) (?:either )?(?:do|use|go with|pick)? ?[\w\s-]+,? or\b"
)
"""Naming the option space."""

DISMISS = phrases(
    r"\b(?:we could|you could|one option is|i considered|some people|the obvious|the naive|we can|"
    r"could also|i thought about|people often)\b.*\b(?:but|though|however)\b"
    r"|\b(?:i wouldn't|we wouldn't|i'd avoid|i'd rule out|i'd skip|not worth it|rules? (?:it|that) out)\b"
)
"""An option raised only to be set aside: not a position."""

PIVOT = phrases(
    r"^(?:actually|no wait|wait|hmm,? actually|hm,? actually)[,.]\s+\w"
    r"|^(?:actually|no wait|wait)\s+(?:let's|let me|make it|we should|i'd|i would|i think|maybe|no\b|scratch|instead|better|we could)"
    r"|\bon second thought\b|\bscratch that\b|\bi take (?:that|it) back\b|\bchang(?:e|ed|ing) my mind\b"
    r"|\bactually,? make it\b|\bthinking about it (?:more|again)\b|\bon reflection\b"
    r"|\blet me (?:go back|revisit|reconsider|rethink|back up)\b|\bgo(?:ing)? back to (?:the|my) (?:first|original|earlier)\b"
    r"|^instead,?\s+(?:i'd|we|let's|i)\b|^or (?:actually|maybe)\b|^(?:hmm,? )?no,? (?:actually|wait|let's|i'd|we should)\b"
)
"""A turn away from a position already taken."""

TAKE_BACK = phrases(
    r"\bon second thought\b|\bscratch that\b|\bi take (?:that|it) back\b|\bchang(?:e|ed|ing) my mind\b"
    r"|\bon reflection\b|\bthinking about it (?:more|again)\b|\blet me (?:revisit|reconsider|rethink)\b"
    r"|^(?:no,? wait|wait,? no|no,? actually|actually,? no)\b"
)
"""The unmistakable ways of taking a position back (PIVOT's narrower core: no bare
"actually", which in conversation is mostly emphasis)."""

RETURN = phrases(
    r"\b(?:go(?:ing)? back to|back to (?:the|my) (?:first|original|earlier)|my (?:first|original) (?:idea|answer|call|plan)|"
    r"as i (?:said|first said) (?:at first|originally|earlier))\b"
)
"""A pivot back to an earlier position: a reversal, not a new position."""

HISTORY = phrases(
    r"\b(?:we|they|i|he|she|it|people|everyone|customers|users|folks)\s+"
    r"(?:(?:just|actually|then|really|eventually|finally|also|basically|originally|initially|later|first)\s+)?"
    r"(?:had|was|were|went|said|did|got|built|took|made|felt|found|came|ran|wrote|began|saw|thought|knew|"
    r"ended up|used to|(?!(?:need|feed|seed|speed|proceed|succeed|exceed|embed)\b)[a-z]{2,}ed)\b"
)
"""A sentence that tells what happened ("we lifted and shifted it to the cloud", "they said
they wanted…"): a subject and a verb in the past (not a present verb that ends in -ed:
"we need", "we embed")."""

NOT_HISTORY = phrases(
    r"\b(?:would|will|should|could|can|might|may|must|let's|let us|going to|gonna|need to|want to|wanna|"
    r"now|today)\b|'d\b|'ll\b|\b(?:i'm|we're|is|are|isn't|aren't)\b"
)
"""What makes a past-tense sentence about the design at hand after all: a modal, a plan, the
present tense alongside it ("we used Redis, so we'd keep it", "we moved it, and now it is…")."""


ANNOUNCES = phrases(
    r"\b(?:two|three|four|five|a few|a couple of|several)\s+(?:\w+\s+)?(?:calls|pieces|parts|things|options|ways|"
    r"steps|components|choices|approaches|endpoints|tables|services|questions|layers|paths|stages|kinds|types)\b"
)
"""A sentence that announces a number of items to come ("Three calls carry the product.",
"there are two ways to do this"): what follows spells them out."""

FUNCTION_WORDS = frozenset(
    """a an the and or but so if then than that this these those it its it's is are was were be been being to of in on
    at by for with from as i we you they he she me us my our your their i'd we'd i'll we'll i'm we're you're they're do
    does did done have has had will would can could should might may must just also really very much more most some any
    all each every one two not no yes yeah okay um uh like there here what which who when where how why because since
    about into over under up down out off again still even only well now think know mean say said go going get got make
    made want way thing things kind sort lot bit actually basically pretty right back first""".split()
)
"""Words that name no design choice: what is left of a sentence without them is what it is about."""


@functools.lru_cache(maxsize=4096)
def content_words(lower: str) -> frozenset[str]:
    """What a sentence is about, roughly: its words of three letters or more that are not
    FUNCTION_WORDS, each cut to its first six letters, a crude stem ("replicate" and
    "replication" match, as do "synchronous" and "synchronously", "queues" and "queue")."""
    return frozenset(w.rstrip("s")[:6] for w in re.findall(r"[a-z0-9']+", lower) if len(w) >= 3 and w not in FUNCTION_WORDS)


DETOUR = phrases(
    r"\b(?:then there's|and there's also|there's also the (?:question|issue|matter|problem)|"
    r"the other (?:question|thing|issue|problem) is|another (?:thing|question|issue|concern|problem) is|"
    r"what (?:would|will|could) happen if|what happens (?:if|when)|what if\b|i should also (?:mention|talk|say)|"
    r"one more thing|it's also worth|also worth (?:noting|mentioning|thinking)|speaking of|side note|tangent|"
    r"we (?:also|should also) (?:think|talk) about|i (?:also )?started thinking about|and then the question (?:of|is)|"
    r"that raises the question|which brings up|there's a whole (?:other )?question)"
)
"""A new thread opened after the commit."""

ASIDE = phrases(
    r"^(?:oh,? )?(?:and,? )?(?:um,? |uh,? )?(?:also|separately|oh)\b|\bseparately\b|\bthere's also\b|\bthere's (?:the|this) whole\b"
    r"|\b(?:a|the) (?:whole )?(?:separate|different|other) (?:story|thing|topic|question|piece|problem|conversation|can of worms|discussion)\b"
    r"|\badjacent\b|\bas an aside\b|\bby the way\b|\bunrelated\b|\boh,? and\b|\bthe other thing\b|\banother thing\b"
    r"|\bwhile we're (?:at it|here)\b|\bbeyond (?:the|this) (?:scope|question)\b|\bout of scope\b|\bnot (?:what you|what was) asked\b"
)
"""The ways a speaker marks an aside ("oh, and separately…", "a whole other can of worms"):
what a detour needs besides the tagger's say (answer._is_detour)."""

HANDOFF = phrases(
    r"\b(?:what|which|where) (?:do|would) you (?:want|like) (?:me )?to\b"
    r"|\b(?:what|which)(?: \w+)? (?:do|would) you (?:prefer|think|rather|suggest)\b"
    r"|^(?:shall|should) (?:i|we)\b.*\?$"
    r"|^(?:does|do|would|will|is|are) (?:that|this|those|these)\b.*\?$"
    r"|^(?:doesn't|don't) (?:that|this) (?:answer|make sense|cover|work|sound)"
    r"|^(?:is that |are you )?(?:okay|ok|alright|fine|good|happy)\b.*\?$"
    r"|^(?:does that )?sounds? (?:right|good|ok|okay|reasonable|fair)\b"
    r"|\b(?:matters?|important|matter most) (?:most )?to you\?"
    r"|\b(?:you|your)\b[^.!]*\?$"
    r"|\bwhat do you want to (?:pull|dig|drill|go|look|focus|explore)"
    r"|\bwhere (?:should|shall|do) (?:we|i|you want to|you want me to) (?:go|take|head)"
    r"|\b(?:should|shall) i (?:go|dig|drill) (?:deeper|into|further|on)"
    r"|\b(?:do you want|would you like|want) me to (?:go|dig|drill|expand|continue|keep|walk|cover|move)"
    r"|\b(?:should|shall) (?:we|i) (?:move on|go on|continue|keep going)"
    r"|\bor (?:should|shall) (?:we|i) move on\b|\bor move on\?"
    r"|\bdoes (?:that|this) (?:make sense|answer|cover|work for you|sound)"
    r"|\bany (?:questions|part you)\b|\b(?:i'll|let me) (?:stop|pause) (?:there|here)\b"
    r"|\bhappy to go (?:deeper|into)|\bwhich (?:part|piece|one|area) (?:would|do|should)"
    r"|\bis that (?:enough|the level|what you)|\banything you(?:'d| would)? (?:like|want)"
    r"|\bwhere next\?|\bwhat next\?|\bthoughts\?$"
)
"""Giving the floor back to the interviewer."""

RHETORICAL = phrases(
    r"\b(?:isn't|aren't|wouldn't|doesn't|don't|won't|shouldn't|can't)\b[^?]*\?$|,? right\?$|\bwhy not\?$|\bwho cares\?$"
)
"""A question that answers itself: not a hand-off."""

CHECK_IN = phrases(
    HANDOFF.pattern
    + r"|\bmake sense so far\b|\bany questions (?:so far|before)\b|\b(?:are you|you) (?:ok|okay|good|happy) with (?:that|this)"
    r"|\b(?:should|shall) i keep going\b|\bso far so good\?"
)
"""A mid-answer check with the interviewer (what resets the architecture clock)."""

REASON = phrases(r"\b(?:because|since|so that|the reason|given that|which means|as it|that way)\b")

UNSURE = phrases(
    r"\b(?:i'm not sure|i am not sure|i don't know|i'm not certain|i am not certain|not confident|i'm unsure|"
    r"i'd have to (?:check|look)|i don't remember|off the top of my head|i'd need to (?:check|verify|measure)|"
    r"i don't have (?:a|the) (?:number|figure)|not something i know|don't hold me to|ballpark|(?:a|my|rough|wild) guess|"
    r"guessing|could be (?:way )?off|off by (?:a factor|an order)|never measured|no idea|not (?:really )?sure|"
    r"grain of salt|least sure|i'm assuming|an assumption|unverified|i haven't (?:checked|measured|seen))\b"
)
FIND_OUT = phrases(
    # The modal is optional: recognition often drops "'d" ("I'd measure" -> "I measure").
    r"\b(?:i'd|i would|i'll|i will|we'd|we could|we'll|let me|i'd want to|we'd want to|i|we)\s+(?:want to\s+|need to\s+|have to\s+)?"
    r"(?:find out|check|measure|benchmark|test|ask|look (?:it )?up|read|verify|profile|prototype|load test|run|instrument)\b"
    r"|\b(?:by|from|after) (?:running|measuring|benchmarking|asking|reading|checking|profiling|load testing|testing)\b"
    r"|\brun (?:a|some) (?:quick )?(?:benchmark|load test|test|experiment)\b|\b(?:ask|check with) the \w+ team\b"
    r"|\bthe docs\b|\bthe documentation\b"
    r"|\b(?:i'd|i would|we'd|we would|i'll|let me)\s+(?:pull|sample|replay|confirm|validate|double[- ]check|look at|grab|dig)\b"
    r"|\b(?:before (?:committing|we commit|i commit|trusting)|to (?:confirm|validate|check) (?:that|this|it))\b"
)

TRADEOFF = phrases(
    r"\b[\w-]+ over [\w-]+(?: [\w-]+)?,? (?:because|since|as)\b"
    r"|\b(?:at the cost of|the cost is|costs us|the trade-?off|trading off|we give up|we lose|in exchange for|"
    r"at the expense of|the downside is|the price (?:is|we pay)|would be better if|is better if|better when|"
    r"worse (?:for|when)|cheaper but|faster but|simpler but|slower but|but we pay|the catch is|"
    r"what we (?:give up|lose|pay)|(?:it|that|this) costs|the (?:one )?(?:downside|drawback|weakness)|"
    r"bites us|i'd flip|(?:would|might) flip|the bill for|the price of|the cost of)\b"
)

CONCERN = phrases(
    r"^(?:though|but then|the problem|the issue|the catch|the risk|the trouble|one problem|one issue|one catch)\b"
    r"|\b(?:though|however)[.,]?$|\bthe (?:problem|issue|catch|risk|trouble|worry|danger) (?:is|there|with|here)\b"
    r"|\b(?:that|this|it) (?:means|would mean) (?:every|all|each|we'd|we have to|we need to)\b"
    r"|\b(?:doesn't|won't|wouldn't|does not|will not) (?:scale|fit|work|hold up|survive)\b"
    r"|\b(?:gets?|getting|is|becomes?) (?:hairy|messy|tricky|ugly|painful|expensive|a bottleneck|a hot ?spot)\b"
    r"|\b(?:single point of failure|bottleneck|hot ?spots?|thundering herd|too (?:slow|expensive|much|many|big|heavy))\b"
    r"|\b(?:breaks|falls over|blows up|goes down)\b"
)
"""A problem raised with the standing design (its own), often the prelude to a switch."""

SWITCH_OFFER = phrases(
    r"\bwhat if (?:we|i|you)?\s*(?:only|just|instead|don't|skip|drop|keep|use|move|put|push|pull|split|do)\b"
    r"|\b(?:might|may|would|could) be (?:simpler|easier|better|cleaner|cheaper|safer|smarter|the better \w+)\b"
    r"|\b(?:simpler|easier|better|cleaner) (?:would be|is|might be) to\b|\ba better (?:fit|option|idea|choice|bet) (?:is|would be|might be)\b"
    r"|\binstead\b|\brather than\b|^or (?:we|i) (?:could )?just\b|^so maybe\b|,? then\?$"
)
"""A different position offered as a suggestion, a question or a hedge ("what if we only…",
"it might be simpler to…", "a lazy fan-out instead?")."""

PICK = phrases(
    r"\b(?:my (?:pick|choice|vote|call|bet) (?:is|would be|here)|i'd (?:lean|go|pick|choose|take)|i would (?:lean|go|pick|choose|take)|"
    r"i'm (?:going to|gonna) (?:say|go with|pick)|let's (?:just )?go with|i'll (?:go with|pick|take)|"
    r"the one i'd (?:build|pick|choose|use)|for me (?:it's|the answer is)|it is\.?$|wins? (?:here|for us))\b"
)
"""Picking one of the options named."""

HEDGE = phrases(
    r"\b(?:maybe|perhaps|probably|i think|i guess|kind of|sort of|i suppose|might|possibly|i feel like|somewhat|i believe)\b"
)
FILLER = phrases(r"\b(?:um+|uh+|hmm+|erm|er|uh-huh|you know)\b")

COMPONENTS = phrases(
    r"\b(?:load balancers?|caches?|redis|memcached|databases?|\bdb\b|postgres|mysql|cassandra|dynamo(?:db)?|"
    r"queues?|kafka|workers?|cdn|shards?|sharding|replicas?|api gateway|gateways?|microservices?|"
    r"object stores?|s3|blob stor\w+|search index|elasticsearch|pub ?sub|websocket servers?|zookeeper|"
    r"consistent hashing|bloom filters?|message bus|read replicas?)\b"
)
"""Architecture vocabulary (components)."""

SIMPLE_FIRST = phrases(
    r"\b(?:simplest|start simple|simple version|naive|basic version|single server|one server|v1|mvp|"
    r"start with (?:a|one) (?:single|simple)|starting simple|the simple thing)\b"
)

FRAMEWORK_STEPS = (
    phrases(r"\brequirements?\b|\bclarify\b|\bscope\b"),
    phrases(r"\bestimat\w*|\bback[- ]of[- ](?:the[- ])?envelope|\bnumbers\b|\bcapacity\b|\bmath\b"),
    phrases(r"\bapi\b|\binterface\b|\bendpoints?\b"),
    phrases(r"\bdata model\b|\bschema\b|\btables\b"),
    phrases(r"\barchitecture\b|\bhigh[- ]level\b|\bboxes\b|\bcomponents\b"),
    phrases(r"\bdeep[- ]dive\b|\bgo deep\w*\b|\bdive into\b|\bdrill into\b"),
)
"""The six phases as a candidate would name them when announcing a plan."""
