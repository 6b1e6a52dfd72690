"""Renderings of a debrief: Markdown, JSON and one self-contained HTML page.

Pure text in and out; `review.py` decides where the files go.
"""

from mockloop.report.html import render_html
from mockloop.report.markdown import render_markdown

__all__ = ["render_html", "render_markdown"]
