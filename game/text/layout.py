"""Plain text that reads well aloud: wrapping, web addresses, meter changes.

The terminal is also a screen reader's page, so every line is wrapped to ``WIDTH`` (a
reader announces a line at a time), nothing is drawn with rulers of ``=`` or ``-`` (read
out as "equals equals equals"), ranges say "0 to 10" rather than "0–10", and a web
address, which a reader spells out letter by letter, is replaced in the running text by a
short reference and given in full once, at the end.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping

from ..story import model as M

WIDTH = 78

_URL = re.compile(r"https?://[^\s<>\"]+")


_RANGE = re.compile(r"(\d)\s*–\s*(\d)")


def plain(text: str) -> str:
    """Text for plain output: no *emphasis* markers, and a range of numbers said as "1922 to 1929"
    (a reader says "1922 dash 1929" or nothing at all for the dash)."""
    return _RANGE.sub(r"\1 to \2", text.replace("**", "").replace("*", ""))


def fill(text: str, indent: str = "", first: str | None = None) -> list[str]:
    """``text`` wrapped to WIDTH, one list item per line; a blank source line stays blank.

    ``first`` is the first line's lead (an option's "  1. "), ``indent`` every other line's,
    so a wrapped option sits under its words, not under its number.
    """
    out: list[str] = []
    lead = indent if first is None else first
    for block in plain(text).split("\n"):
        if not block.strip():
            out.append("")
            continue
        # A web address is never cut in two: a reader (and a terminal's link finder) needs it whole.
        out += textwrap.wrap(block, WIDTH, initial_indent=lead, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False) or [lead.rstrip()]
        lead = indent
    return out


def number_lead(n: int, indent: str = "  ") -> tuple[str, str]:
    """The first-line lead and the hanging indent of option ``n``: "  1. " and "     "."""
    first = f"{indent}{n}. "
    return first, " " * len(first)


def _trim(url: str) -> str:
    """A web address without the sentence's punctuation after it; a ")" stays when the address
    opened it (Wikipedia's "..._(Bolsheviks)")."""
    while url and url[-1] in ".,;:!?)":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


class WebAddresses:
    """Collects web addresses out of running text and lists them once, at the end."""

    def __init__(self) -> None:
        self.addresses: list[str] = []

    def take(self, text: str) -> str:
        """``text`` with each web address replaced by "(web address N)"; the address is kept."""
        def swap(m: re.Match[str]) -> str:
            url = _trim(m.group(0))
            rest = m.group(0)[len(url):]
            if url not in self.addresses:
                self.addresses.append(url)
            return f"(web address {self.addresses.index(url) + 1}){rest}"

        return _URL.sub(swap, text)

    def lines(self) -> list[str]:
        """The closing list: a heading, then one address per line ([] when there are none)."""
        if not self.addresses:
            return []
        out = ["", "Web addresses"]
        for i, url in enumerate(self.addresses, 1):
            out.append(f"{i}. {url}")
        return out


def meter_changes(story: M.Story, before: Mapping[str, int], after: Mapping[str, int]) -> str:
    """One sentence of what a decision did to the meters.

    "Control of the apparatus up 1, now 5 of 10; Trust down 2, now 3 of 10." — or "No meter
    changed." so a player who cannot see the bars knows the decision was taken and counted.
    """
    parts = []
    for var in story.meters():
        old, new = before.get(var.name), after.get(var.name)
        if old is None or new is None or old == new:
            continue
        top = var.maximum if var.maximum is not None else 10
        way = "up" if new > old else "down"
        parts.append(f"{var.label or var.name} {way} {abs(new - old)}, now {new} of {top}")
    return ("; ".join(parts) + ".") if parts else "No meter changed."


def value_range(lo: int, hi: int) -> str:
    """A range read aloud: "0 to 10"."""
    return f"{lo} to {hi}"
