"""`progress.html`: one line chart per trended figure, sessions oldest first."""

from __future__ import annotations

from html import escape

from mockloop.debrief.data import LEVELS, Debrief
from mockloop.debrief.progress import MEASURES, Measure, fmt, value
from mockloop.report.html import page

W, H, PAD, LEFT = 760, 170, 40, 110


def _chart(m: Measure, debriefs: list[Debrief]) -> str:
    values = [value(d, m.key) for d in debriefs]
    known = [v for v in values if v is not None]
    top = 4.0 if m.key == "verdict" else max(known + [1e-9]) * 1.1
    step = (W - LEFT - PAD) / max(1, len(debriefs) - 1)
    points = []
    marks = []
    for i, (d, v) in enumerate(zip(debriefs, values)):
        if v is None:
            continue
        x = LEFT + i * step
        y = H - PAD - (v / top) * (H - 1.6 * PAD)
        points.append(f"{x:.1f},{y:.1f}")
        marks.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">{escape(fmt(m, v))}</text>')
        marks.append(f'<text x="{x:.1f}" y="{H - PAD + 16:.1f}" text-anchor="middle">{escape(d.info.started[5:10] or d.info.id[:8])}</text>')
        tip = f"{d.info.started[:16].replace('T', ' ')} {d.info.question or ''}: {fmt(m, v)}"
        marks.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2f6fd6"><title>{escape(tip)}</title></circle>')
    axis = f'<line x1="{LEFT}" x2="{W - PAD}" y1="{H - PAD}" y2="{H - PAD}" stroke="#bbb"/>'
    labels = ""
    if m.key == "verdict":
        labels = "".join(
            f'<text x="2" y="{H - PAD - (i / top) * (H - 1.6 * PAD) + 4:.1f}">{escape(level)}</text>'
            for i, level in enumerate(LEVELS)
        )
    line = f'<polyline points="{" ".join(points)}" fill="none" stroke="#2f6fd6" stroke-width="2"/>' if len(points) > 1 else ""
    return (
        f"<h2>{escape(m.label)} <small>({m.better} is better)</small></h2>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">'
        f"{axis}{labels}{line}{''.join(marks)}</svg>"
    )


def render_progress_html(debriefs: list[Debrief]) -> str:
    body = ["<h1>Progress across sessions</h1>", f'<p class="meta">{len(debriefs)} judged session(s), oldest first</p>']
    body += [_chart(m, debriefs) for m in MEASURES]
    body.append("<h2>Sessions</h2><table><tr><th>date</th><th>question</th><th>verdict</th></tr>")
    for d in debriefs:
        body.append(
            f"<tr><td>{escape(d.info.started[:16].replace('T', ' '))}</td><td>{escape(d.info.question or '—')}</td>"
            f"<td>{escape(d.verdict_level)}</td></tr>"
        )
    body.append("</table>")
    return page("mockloop progress", "\n".join(body))
