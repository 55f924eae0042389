"""The reflection form: numbered cards, what is required and answered, a report button that says why
it is disabled, by keyboard alone and by mouse alone; nothing spills at 150 % text with the dyslexia font.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.pilot import Pilot  # noqa: E402
from game.ui.screens import reflect as R  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"


def open_form(tmp_path: Path, required: bool = True, size: tuple[int, int] = (1280, 720),
              text_size: int = 100, dyslexic: bool = False) -> Pilot:
    """Play the wire through an assignment (keyboard only) and open the reflection form from the debrief."""
    task = tmp_path / "task.yaml"
    task.write_text("title: The wire\nscenario: wire_only\n"
                    f"reflection_required: {'true' if required else 'false'}\n", encoding="utf-8")
    p = Pilot.launch(SAMPLE, tmp_path / "data", size=size, assignment=str(task))
    p.app.settings.text_speed = "instant"
    p.app.settings.text_size = text_size
    p.app.settings.dyslexic_font = dyslexic
    p.app.apply_settings(save=False)
    p.press(pygame.K_RETURN)  # Begin
    for _ in range(40):
        if p.step.kind == "ending":
            break
        p.press(pygame.K_1 if p.step.kind == "choice" else pygame.K_RETURN)
    p.press(pygame.K_RETURN)  # the ending's first button: the debrief
    assert p.screen == "debrief"
    p.press(pygame.K_6)  # the Reflect tab
    p.press(pygame.K_RETURN)
    assert p.screen == "reflect"
    return p


def write_enabled(p: Pilot) -> bool:
    return next(en for name, _, en in p.targets() if name.startswith("write:"))


def focused(p: Pilot) -> R.Field:
    return p.app.top.fields[p.app.top.focus]


def tab_to(p: Pilot, test, limit: int = 60) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        if test(focused(p)):
            return
        p.press(pygame.K_TAB)
    raise AssertionError("Tab never reached the field")


def test_keyboard_alone_from_a_blank_form_to_the_report(tmp_path: Path) -> None:
    p = open_form(tmp_path)
    try:
        form = p.app.top
        required = [n for n, q in enumerate(form.questions, 1) if q.required]
        assert required == [1, 2, 3], "the default questions: three menus required, the rest optional"
        assert focused(p).kind == "name", "the form opens on the name"
        assert not write_enabled(p)
        assert form.reason == "Still needed: your name and answers to questions 1, 2 and 3."
        # Enter on the disabled button goes to what is missing
        p.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
        p.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
        assert focused(p).kind == "write"
        p.press(pygame.K_RETURN)
        assert p.screen == "reflect" and focused(p).kind == "name"
        p.type("Ada Lovelace")
        assert form.reason == "Still needed: answers to questions 1, 2 and 3."
        for q in form.questions[:3]:
            tab_to(p, lambda f, q=q: f.qid == q.id)
            p.press(pygame.K_DOWN)  # the second choice (or the first again when there is one)
            if focused(p).qid != q.id:
                p.press(pygame.K_UP)
            p.press(pygame.K_SPACE)
            assert form.answered[q.id] == "yes"
        assert write_enabled(p) and form.reason.startswith("Ready")
        # one alternative is not enough: the button says so until there is a second
        tab_to(p, lambda f: f.kind == "alt")
        p.type("Trotsky reads the letter aloud")
        assert not write_enabled(p) and "needs at least 2 alternatives" in form.reason
        assert form.answered["counterfactual"] == "partly"
        p.press(pygame.K_TAB)
        p.type("Kamenev keeps his word")
        assert write_enabled(p)
        tab_to(p, lambda f: f.kind == "write")
        p.press(pygame.K_RETURN)
        assert p.screen == "dialog" and p.app.top.question == "Your report is written"
        report = json.loads(next((tmp_path / "data" / "reports").glob("*.json")).read_text())
        assert report["student"]["name"] == "Ada Lovelace"
        text = json.dumps(report)
        assert "Trotsky reads the letter aloud" in text and "Kamenev keeps his word" in text
    finally:
        p.close()


def test_mouse_alone_answers_and_writes(tmp_path: Path) -> None:
    p = open_form(tmp_path)
    try:
        form = p.app.top
        assert ("write::0", R.WRITE, False) in p.targets(), "disabled, and the monkey and tests can see it"
        p.click_at((R.WRITE[0] + 20, R.WRITE[1] + 20))
        assert p.screen == "reflect", "a click on the disabled button does nothing"
        p.click("name::0")
        p.type("Grace")
        for q in form.questions[:3]:
            p.click(f"question:{q.id}")  # the numbers in the header jump to their question
            p.click(f"choice:{q.id}:0")
            assert form.answered[q.id] == "yes"
        assert write_enabled(p)
        # the wheel scrolls the cards; the free-text box is at the bottom
        for _ in range(20):
            if p.has("text:free_comment:0"):
                break
            p.wheel(-1, at=(640, 400))
        p.click("text:free_comment:0")
        assert focused(p).kind == "text"
        p.click("write::0")
        assert p.screen == "dialog" and p.app.top.question == "Your report is written"
    finally:
        p.close()


def test_without_required_reflection_only_the_name_is_needed(tmp_path: Path) -> None:
    p = open_form(tmp_path, required=False)
    try:
        form = p.app.top
        assert all(not form.required(q) for q in form.questions)
        assert all("OPTIONAL" in card.kicker for card in form.cards[1:])
        assert form.reason == "Still needed: your name."
        p.type("Ada")
        assert write_enabled(p)
    finally:
        p.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_nothing_spills_at_150_percent_with_the_dyslexia_font(tmp_path: Path, size: tuple[int, int]) -> None:
    p = open_form(tmp_path, size=size, text_size=150, dyslexic=True)
    try:
        form = p.app.top
        c = p.app.canvas
        st = form._styles()
        for card in form.cards:
            cx, cy, cw, ch = card.rect
            assert cx + cw <= R.X + R.W - 12, "cards leave room for the scrollbar"
            prompt_h = c.measure(card.prompt, st["body"], R.INNER_W)[1]
            first = form.fields[card.fields[0]].rect
            assert cy + 40 + prompt_h <= first[1], f"question {card.number}'s prompt runs into its answers"
            for i in card.fields:
                fx, fy, fw, fh = form.fields[i].rect
                assert cx < fx and fx + fw <= cx + cw and cy < fy and fy + fh <= cy + ch, "a field leaves its card"
                if form.fields[i].kind == "choice":
                    assert c.measure(form.fields[i].label, st["body"], fw - 60)[1] <= fh, "a choice spills"
        # the reason (beside the buttons, or above them at large text) fits the bar in every state
        # it can be in, and the bar stays above the key hint and below the cards
        rx, ry, rw, rh = form.foot.reason
        for reason in (form.reason, "Still needed: your name and answers to questions 1, 2 and 3. Also, question 4"
                       " needs 2 alternatives."):
            assert c.measure(reason, st["reason"], rw - 34)[1] <= rh + 8
        assert form.foot.write[1] + form.foot.write[3] <= 698 - 10
        assert p.app.top.scroll.shown <= form.foot.bottom - form.top <= R.BOTTOM - R.TOP
    finally:
        p.close()


def test_a_long_answer_scrolls_inside_its_box(tmp_path: Path) -> None:
    p = open_form(tmp_path, text_size=150, dyslexic=True)
    try:
        form = p.app.top
        tab_to(p, lambda f: f.kind == "text")
        box = form._screen_rect(focused(p))
        card = form.cards[focused(p).card]

        def around_the_box() -> list[tuple[int, int, int, int]]:
            """The pixels of the card just above and below the box (not the character count)."""
            p.app.invalidate()
            p.app.draw()
            c = p.app.canvas
            out = []
            for y in (box[1] - 6, box[1] + box[3] + 3):
                for x in range(int(box[0]), int(box[0] + box[2] - 200), 3):
                    out.append(tuple(p.app.surface.get_at(c.pt(x, y))))
            return out

        before = around_the_box()
        rect_before = card.rect
        p.type("I kept the files because the files keep you. " * 30)
        assert len(p.app.top.texts[("free_comment", 0)].value) > 1000
        assert form._screen_rect(focused(p)) == box and card.rect == rect_before, "the box does not grow"
        assert around_the_box() == before, "the text stays inside its box"
    finally:
        p.close()
