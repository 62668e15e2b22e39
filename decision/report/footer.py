"""The printed footer of every report page: the study's classification and its caveat, so that no
page circulates without them (Excel allows 255 characters in a footer, its codes included)."""

from __future__ import annotations

from decision.model import About

CAVEAT_LIMIT = 200  # characters of the caveat in the footer, the cut marker included
CUT = "... (see Summary)"


def caveat_line(caveat: str, limit: int = CAVEAT_LIMIT) -> str:
    """The caveat on one line, cut at a word to at most `limit` characters ending with CUT when it
    is longer (the Summary holds it whole)."""
    text = " ".join(caveat.split())
    if len(text) <= limit:
        return text
    room = limit - len(CUT)
    head = text[:room + 1]
    cut = head.rfind(" ")
    head = (head[:cut] if cut > 0 else text[:room]).rstrip(" ,;:.")
    return head + CUT


FOOTER_ROOM = 225  # of Excel's 255: the codes, the font size and the page number take the rest


def footer_text(about: About) -> str:
    """Classification and caveat, " | " between them, within FOOTER_ROOM characters ('&' counted
    twice); "" when the study gives neither."""
    classification = " ".join(about.classification.split())[:60]
    room = FOOTER_ROOM - len(escaped(classification)) - 3 - about.caveat.count("&")
    return " | ".join(part for part in (classification, caveat_line(about.caveat, min(CAVEAT_LIMIT, room))) if part)


def escaped(text: str) -> str:
    """Text for an Excel header/footer field: '&' starts a code there, so each is doubled."""
    return text.replace("&", "&&")
