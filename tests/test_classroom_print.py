"""Printouts a teacher can mark: a one-chapter report prints on at most two A4 or Letter pages,
with the summary, the answers and a box for the teacher's comment and mark on page 1, and no
box cut in two by a page break. Printed to PDF by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from game.classroom.assignment import parse_assignment
from game.classroom.html import render_report
from game.classroom.report import report_data
from game.engine.playthrough import Playthrough
from game.history.debrief import build_debrief
from game.history.questions import Answer
from game.story.loader import load_story

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists() and os.environ.get("CI"):
    raise RuntimeError("CI must install Debian's chromium (/usr/bin/chromium): see .ci/run")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
                                " (apt-get install -y chromium)")
SCENES = Path(__file__).resolve().parent.parent / "scenes"
# The printable height of a page with the report's @page margins (9 mm top and bottom), in CSS px.
PAGE_HEIGHT = {"A4": (297 - 18) / 25.4 * 96, "Letter": (279.4 - 18) / 25.4 * 96}
BOXES = ".decision, .card, .teacher, .summary, .dispute, .reflection > li"


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _play(st: Any, scenario: str, historical: bool) -> Playthrough:
    """To the chapter's end: the historical option everywhere, or the last one offered (another path)."""
    pt = Playthrough.start(st, scenario)
    for _ in range(2000):
        step = pt.current
        if step.kind == "ending":
            return pt
        if step.kind == "choice":
            options = list(step.options)
            pick = next(o for o in options if o.historical) if historical and any(
                o.historical for o in options) else options[-1]
            pt.choose(pick.index)
        elif step.kind == "appointments":
            chosen: dict[str, str] = {}
            for post in step.instr.posts:  # one person per post; history's, or someone else where possible
                free = [c for c in post.candidates if c.person not in chosen.values()]
                chosen[post.id] = next((c.person for c in free if bool(c.historical) is historical), free[0].person)
            pt.appoint(chosen)
        else:
            pt.advance()
    raise AssertionError("the chapter did not end")


def _report(st: Any, scenario: str, historical: bool) -> dict[str, Any]:
    a = parse_assignment(f"title: Chapter homework\nclass: 10B History\ndue: 2025-03-14\nscenario: {scenario}\n",
                         "homework.yaml")
    pt = _play(st, scenario, historical)
    answers: dict[str, Answer] = {}
    for q in build_debrief(pt, a.questions).questions:  # answers of the length students write
        if q.kind == "menu":
            answers[q.id] = Answer(q.id, choice=len(q.choices) - 1)
        elif q.kind == "alternatives":
            answers[q.id] = Answer(q.id, items=(
                "Trotsky could have come back to Moscow for the funeral, whatever the telegram said.",
                "Zinoviev and Kamenev could have had the Testament read to the whole congress.",
                "Bukharin could have joined Trotsky in 1926, before it was too late."))
        else:
            answers[q.id] = Answer(q.id, text="I was surprised how much a date on a telegram could matter, and"
                                               " how little the others saw it coming until it was too late.")
    return report_data(pt, a, "Alexandra Konstantinopolskaya-Petrova", answers)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


STORY = load_story(SCENES).story
CHAPTERS = [sc.id for sc in STORY.scenarios.values() if sc.chapter] if STORY else []


@pytest.mark.parametrize("historical", [True, False], ids=["history", "other-path"])
@pytest.mark.parametrize("scenario", CHAPTERS)
def test_a_one_chapter_report_prints_on_two_pages(browser, tmp_path: Path, scenario: str,  # type: ignore[no-untyped-def]
                                                  historical: bool) -> None:
    data = _report(STORY, scenario, historical)
    assert data["finished"] and data["decisions"]
    page_file = tmp_path / "report.html"
    page_file.write_text(render_report(data), encoding="utf-8")
    page = browser.new_page(viewport={"width": 700, "height": 1000})
    try:
        page.goto(page_file.as_uri())
        page.emulate_media(media="print")
        for fmt in ("A4", "Letter"):
            assert _pages(page.pdf(format=fmt)) <= 2, f"{scenario} on {fmt}"
        # page 1: the summary, the answers and the teacher's box come first, and fit one page by themselves
        order = page.evaluate("Array.from(document.body.children).map(e => e.className || e.tagName)")
        assert order[:4] == ["HEADER", "summary", "answers", "teacher"]
        text = page.inner_text(".teacher")
        assert "For the teacher" in text and "Comment" in text and "Mark:" in text
        for answer in data["reflection"]:
            assert answer["answer_text"].split(";")[0] in page.inner_text(".answers")
        page.add_style_tag(content=".teacher ~ * { display: none !important; }")
        for fmt in ("A4", "Letter"):
            assert _pages(page.pdf(format=fmt)) == 1, f"{scenario}: page 1 does not hold the answers on {fmt}"
        # no box is cut by a page break: each is kept whole, and each is shorter than a page
        boxes = page.evaluate(f"""Array.from(document.querySelectorAll('{BOXES}')).map(e => [
            e.className || e.tagName, getComputedStyle(e).breakInside, e.getBoundingClientRect().height])""")
        assert boxes
        for cls, rule, height in boxes:
            assert rule == "avoid", cls
            assert height < min(PAGE_HEIGHT.values()) / 2, f"{cls} is {height:.0f} px high"
    finally:
        page.close()


def test_marks_show_in_the_teachers_box(tmp_path: Path) -> None:
    from classroom_helpers import parse_html, play, story, text_of

    a = parse_assignment("title: T\nscenario: whole\nquestions:\n  - {id: q, kind: menu, prompt: P, choices: [A, B],"
                         " answer: B, points: 2}\n", "t.yaml")
    data = report_data(play(story("sample"), "whole"), a, "Ann", {"q": Answer("q", choice=1)})
    text = text_of(parse_html(render_report(data)))
    assert "For the teacher Marked questions: 2 of 2 point(s) (1 of 1 right). Comment" in text
