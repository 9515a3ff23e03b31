"""Printable reports: the weekly review and the handoff brief, as Markdown and JSON.

Plain text built from the domain's frozen rows; nothing here imports Textual.
"""
