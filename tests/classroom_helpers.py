"""Helpers for the debrief and classroom tests (tests/test_debrief_*.py, tests/test_classroom_*.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Mapping

from game.engine.playthrough import Playthrough
from game.story.loader import load_story

STORIES = Path(__file__).resolve().parent / "stories"


def story(name: str):  # type: ignore[no-untyped-def]
    result = load_story(STORIES / name)
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def play(st, scenario: str, picks: Mapping[str, Any] | None = None, stop_at: str | None = None,
         round_trip: bool = False) -> Playthrough:  # type: ignore[no-untyped-def]
    """Play to the end: picks[decision id] is an option index (choice) or {post: person} (board);
    every other decision takes the historical option. ``round_trip`` saves and loads before each decision."""
    picks = dict(picks or {})
    pt = Playthrough.start(st, scenario)
    for _ in range(1000):
        step = pt.current
        if step.kind == "ending":
            return pt
        instr = step.instr
        if stop_at is not None and getattr(instr, "id", None) == stop_at:
            return pt
        if round_trip and step.kind in ("choice", "appointments"):
            pt, notice = Playthrough.restore(st, pt.to_json())
            assert notice == ""
            step = pt.current
        if step.kind == "choice":
            want = picks.get(instr.id)
            index = want if want is not None else next(o.index for o in step.options if o.historical)
            pt.choose(index)
        elif step.kind == "appointments":
            want = picks.get(instr.id)
            if want is None:
                want = {p.id: next(c.person for c in p.candidates if c.historical) for p in instr.posts}
            pt.appoint(want)
        else:
            pt.advance()
    raise AssertionError("the playthrough did not end")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_EMPTY = {"line", "circle", "rect", "polyline", "path"}


class StrictHTML(HTMLParser):
    """A structural check: every tag closed in order, ids unique, no script, text collected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []  # href values that are not #fragments, in order
        self.tags: list[str] = []
        self.text: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id" and v is not None:
                self.ids.append(v)
            if k.startswith("on"):
                self.errors.append(f"event handler attribute {k}")
            # a link to a sibling report file is fine; anything that would reach a network is not
            local = k == "href" and v is not None and ":" not in v and not v.startswith("//")
            if k == "href" and v and not v.startswith("#"):
                self.links.append(v)
            if k in ("src", "href") and v and not v.startswith("#") and not local:
                self.errors.append(f"external reference {k}={v}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id" and v is not None:
                self.ids.append(v)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in ("style", "title") and "svg" not in self.stack:
            return
        self.text.append(data)


def parse_html(text: str) -> StrictHTML:
    p = StrictHTML()
    p.feed(text)
    p.close()
    assert p.doctype, "no <!DOCTYPE html>"
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed: {p.stack}"
    assert len(p.ids) == len(set(p.ids)), "duplicate ids"
    assert "script" not in p.tags
    return p


def text_of(p: StrictHTML) -> str:
    return " ".join(" ".join(p.text).split())
