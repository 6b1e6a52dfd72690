"""`debrief.html`: one self-contained page (inline style, inline SVG, a few
lines of inline script for tooltips). It loads nothing from the network."""

from __future__ import annotations

from html import escape

from mockloop.debrief.data import Claim, Debrief, clock
from mockloop.model import PHASE_TITLES, PHASES
from mockloop.report.markdown import figures, when
from mockloop.report.svg import timeline_svg

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;font-size:13px}.verdict{font-size:17px;background:#f4f4f6;padding:12px 14px;border-radius:6px}
.note{color:#7a4b00;background:#fff6e0;padding:6px 10px;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #eee;padding:6px;text-align:left;vertical-align:top}
.ev{color:#555;font-size:13px}.hit{color:#1e7b34}.miss{color:#a33}
svg text{font:12px system-ui,sans-serif;fill:#333}svg text.h{font-weight:600;font-size:13px}
.flag{cursor:pointer}#tip{position:fixed;display:none;max-width:420px;background:#222;color:#fff;padding:6px 9px;border-radius:4px;font-size:13px;pointer-events:none}
"""

SCRIPT = """
(function () {
  var tip = document.getElementById("tip");
  document.querySelectorAll(".flag").forEach(function (el) {
    el.addEventListener("mouseenter", function (e) {
      tip.textContent = el.getAttribute("data-tip");
      tip.style.display = "block";
      tip.style.left = (e.clientX + 12) + "px";
      tip.style.top = (e.clientY + 12) + "px";
    });
    el.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  });
})();
"""


def _ev(claim: Claim) -> str:
    return "; ".join(f"{clock(c.t)} “{escape(c.quote)}”" for c in claim.cites)


def render_html(d: Debrief) -> str:
    info = d.info
    body = [
        f"<h1>Debrief: {escape(info.title)}</h1>",
        f'<p class="meta">Session {escape(info.id)} · {escape(when(d))} · {info.minutes:g}-minute round · {escape(info.status)}</p>',
    ]
    body += [f'<p class="note">{escape(n)}</p>' for n in d.notes]
    if d.headline:
        body.append(f'<p class="verdict" id="verdict">{escape(d.headline.text)}</p>')
    if d.narrative:
        body.append("<h2>What the panel said</h2>")
        body += [f'<p class="para {p.topic}">{escape(p.text)}</p>' for p in d.narrative]
    if d.changes:
        body.append("<h2>Two things to change for the next loop</h2><ol>")
        for c in d.changes:
            body.append(
                f"<li><b>{escape(c.title)}.</b> {escape(c.how)}<br>"
                f'<span class="ev">Where it would have helped: {escape(c.moment.text)}</span></li>'
            )
        body.append("</ol>")
    body.append("<h2>Timeline</h2>")
    body.append(timeline_svg(d) if d.answers else "<p>No answers to draw.</p>")
    if d.drill is not None:
        drill = d.drill
        body.append(f"<h2>The drill</h2><p><b>{drill['score']} of {drill['answered']}</b> answers landed and handed back in time. ")
        body.append(f"The minute rule: {escape(drill['rule'])}.</p><ol>")
        body += [f"<li>{escape(a['probe'])}: {'✓' if a['good'] else '✗'} {escape(a['verdict'])}</li>" for a in drill["answers"]]
        body.append("</ol>")
    if any(r.score is not None for r in d.ratings):
        body.append("<h2>Ratings</h2><table><tr><th>competency</th><th>rating</th><th>why</th></tr>")
        for r in d.ratings:
            why = "<br>".join(f'{escape(x.text)} <span class="ev">({_ev(x)})</span>' for x in r.reasons) or "—"
            body.append(f"<tr><td>{escape(r.name)}</td><td>{escape(r.level)}</td><td>{why}</td></tr>")
        body.append("</table>")
    if d.coverage:
        body.append("<h2>Coverage by phase</h2>")
        for phase in PHASES:
            cov = d.coverage.get(phase)
            if not cov or not (cov["hit"] or cov["missed"]):
                continue
            total = len(cov["hit"]) + len(cov["missed"])
            body.append(f"<p><b>{PHASE_TITLES[phase]}</b>: {len(cov['hit'])} of {total} key points</p><ul>")
            body += [f'<li class="hit">✓ {escape(p)}</li>' for p in cov["hit"]]
            body += [f'<li class="miss">✗ {escape(p)}</li>' for p in cov["missed"]]
            body.append("</ul>")
            if phase in d.study:
                body.append(f"<p>Study the missed points: <code>{escape(d.study[phase])}</code></p>")
    body.append("<h2>Figures</h2><ul>")
    body += [f"<li>{escape(line)}</li>" for line in figures(d)]
    body.append("</ul>")
    return page(f"Debrief: {info.title}", "\n".join(body))


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n"
        f'<div id="tip"></div><script>{SCRIPT}</script>\n</body></html>\n'
    )
