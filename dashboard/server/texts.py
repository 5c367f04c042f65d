"""Text of the sign-in page, the refusals and the error pages.

The words live in the one catalogue, ``dashboard/messages/interface.py``; the server
modules name this function ``text`` for short.
"""

from __future__ import annotations

from dashboard.i18n import t as text

__all__ = ["text"]
