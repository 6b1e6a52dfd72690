"""The debrief's timeline picture, as inline SVG (no script needed to read it).

Top: each phase's time against its budget. Below: one row per answer, a bar
as long as the answer, a tick at its commit point, a dashed limit mark, the
stretch past the limit shaded, and markers for run-on, relitigation and
long-pause flags; hovering a marker shows the candidate's words.
"""

from __future__ import annotations

from html import escape

from mockloop.debrief.data import AnswerMark, Debrief, clock, span
from mockloop.model import PHASE_TITLES

ANSWER_BAR = "#2f6fd6"
"""Every answer bar has this fill and nothing else on the page does (the screenshot test counts them)."""
PAST_LIMIT = "#e0a030"
PHASE_FILL = "#7a5cc7"
OVER_FILL = "#c0392b"
FLAG_COLOURS = {
    "run_on": "#c0392b",
    "relitigated": "#8e44ad",
    "position": "#8e44ad",
    "reversal": "#8e44ad",
    "detour": "#7f8c8d",
    "long_pause": "#16a085",
}
FLAG_LABELS = {
    "run_on": "run-on: past the limit without handing off",
    "relitigated": "relitigated",
    "position": "a new position",
    "reversal": "reversed an earlier position",
    "detour": "detour after the commit point",
    "long_pause": "long silence",
}

WIDTH = 960
LABEL_W = 250
PLOT_W = WIDTH - LABEL_W - 30
ROW = 26
BAR_H = 14


def timeline_svg(d: Debrief) -> str:
    parts: list[str] = []
    y = 8
    parts.append(_text(8, y + 12, "Phases: time used against budget", "h"))
    y += 22
    longest = max([p.seconds for p in d.phases] + [p.budget for p in d.phases] + [1.0])
    for p in d.phases:
        scale = PLOT_W / longest
        over = p.over_budget
        parts.append(_text(8, y + 11, f"{PHASE_TITLES[p.phase]}  {clock(p.seconds)} of {clock(p.budget)}"))
        parts.append(
            f'<rect class="budget" x="{LABEL_W}" y="{y}" width="{max(1.0, p.budget * scale):.1f}" height="{BAR_H}" '
            f'fill="none" stroke="#999" stroke-dasharray="3 2"><title>budget {span(p.budget)}</title></rect>'
        )
        parts.append(
            f'<rect class="phase" x="{LABEL_W}" y="{y + 3}" width="{max(1.0, p.seconds * scale):.1f}" height="{BAR_H - 6}" '
            f'fill="{OVER_FILL if over else PHASE_FILL}"><title>{escape(PHASE_TITLES[p.phase])}: {span(p.seconds)} '
            f"of a {span(p.budget)} budget</title></rect>"
        )
        y += ROW - 6
    y += 16
    parts.append(_text(8, y + 12, "Answers: commit point, limit mark and flags", "h"))
    y += 24
    extent = max([a.end - a.start for a in d.answers] + [(a.limit - a.start) for a in d.answers if a.limit] + [1.0])
    scale = PLOT_W / extent
    for a in d.answers:
        parts.append(_answer_row(a, y, scale))
        y += ROW
    y += 6
    parts.append(_legend(y))
    y += 24
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline" width="{WIDTH}" height="{y}" '
        f'viewBox="0 0 {WIDTH} {y}" role="img" aria-label="timeline of the session">' + "".join(parts) + "</svg>"
    )


def _answer_row(a: AnswerMark, y: int, scale: float) -> str:
    length = a.end - a.start
    label = f"#{a.index} {PHASE_TITLES.get(a.phase or '', '')} {clock(a.start)}".replace("  ", " ")
    out = [f'<g class="answer" data-answer="{a.index}">', _text(8, y + 11, label)]
    width = max(6.0, length * scale)
    out.append(
        f'<rect class="answer-bar" x="{LABEL_W}" y="{y}" width="{width:.1f}" height="{BAR_H}" fill="{ANSWER_BAR}">'
        f"<title>answer {a.index}: {span(length)}{escape(' — ' + a.prompt) if a.prompt else ''}</title></rect>"
    )
    if a.limit is not None and a.end > a.limit:
        x = LABEL_W + (a.limit - a.start) * scale
        out.append(
            f'<rect class="past-limit" x="{x:.1f}" y="{y}" width="{(a.end - a.limit) * scale:.1f}" height="{BAR_H}" '
            f'fill="{PAST_LIMIT}"><title>{span(a.end - a.limit)} past the limit</title></rect>'
        )
    if a.commit is not None:
        x = LABEL_W + (a.commit - a.start) * scale
        out.append(
            f'<line class="commit" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + BAR_H + 3}" stroke="#111" stroke-width="2">'
            f"<title>commit point at {clock(a.commit)}</title></line>"
        )
    if a.limit is not None:
        x = LABEL_W + (a.limit - a.start) * scale
        out.append(
            f'<line class="limit" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 4}" y2="{y + BAR_H + 4}" stroke="#c0392b" '
            f'stroke-width="1.5" stroke-dasharray="3 2"><title>limit at {clock(a.limit)}</title></line>'
        )
    for f in a.flags:
        x = LABEL_W + (f.t - a.start) * scale
        colour = FLAG_COLOURS[f.kind]
        tip = f"{clock(f.t)} {FLAG_LABELS[f.kind]}: “{f.quote}”"
        attrs = f'class="flag {f.kind}" data-tip="{escape(tip)}" tabindex="0"'
        if f.kind in ("run_on", "relitigated"):
            shape = f'<path {attrs} d="M{x - 5:.1f},{y - 9} L{x + 5:.1f},{y - 9} L{x:.1f},{y - 1} Z" fill="{colour}">'
            out.append(shape + f"<title>{escape(tip)}</title></path>")
        else:
            out.append(
                f'<circle {attrs} cx="{x:.1f}" cy="{y + BAR_H + 5}" r="3.5" fill="{colour}"><title>{escape(tip)}</title></circle>'
            )
    out.append("</g>")
    return "".join(out)


def _legend(y: int) -> str:
    items = [
        ('<line x1="0" x2="0" y1="-6" y2="6" stroke="#111" stroke-width="2"/>', "commit point"),
        ('<line x1="0" x2="0" y1="-6" y2="6" stroke="#c0392b" stroke-dasharray="3 2"/>', "limit"),
        (f'<rect x="-5" y="-5" width="10" height="10" fill="{PAST_LIMIT}"/>', "past the limit"),
        (f'<path d="M-5,-4 L5,-4 L0,4 Z" fill="{FLAG_COLOURS["run_on"]}"/>', "run-on"),
        (f'<path d="M-5,-4 L5,-4 L0,4 Z" fill="{FLAG_COLOURS["relitigated"]}"/>', "relitigated"),
        (f'<circle r="3.5" fill="{FLAG_COLOURS["position"]}"/>', "position / reversal"),
        (f'<circle r="3.5" fill="{FLAG_COLOURS["long_pause"]}"/>', "long silence"),
    ]
    x = LABEL_W
    out = []
    for mark, label in items:
        out.append(f'<g transform="translate({x},{y + 6})">{mark}</g>')
        out.append(_text(x + 10, y + 10, label))
        x += 22 + 7 * len(label)
    return "".join(out)


def _text(x: float, y: float, text: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<text x="{x}" y="{y}"{c}>{escape(text)}</text>'
