"""Renderings of a debrief: Markdown, JSON and one self-contained HTML page.

Pure text in and out; `review.py` decides where the files go.
"""

from .html import render_html
from .markdown import render_markdown

__all__ = ["render_html", "render_markdown"]
