"""The browser front end in a real browser: Debian's Chromium driven by Playwright, against a real
``after-lenin serve`` process. Under CI (which installs chromium, see .ci/run) these always run."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_helpers import kinds_of, richest_chapter, story

from game.web import pilot

if not pilot.CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium (/usr/bin/chromium): see .ci/run")
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pilot.launch(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pilot.Server]:
    with pilot.Server(tmp_path_factory.mktemp("web")) as s:
        yield s


def _page(browser: Browser, size: str = "1366x768") -> Page:
    context = browser.new_context(**pilot.VIEWPORTS[size])
    return context.new_page()


def _report(page: Page, base: str) -> dict[str, Any]:
    text = page.evaluate(f"() => fetch('{base}/report.json').then(r => r.text())")
    return dict(json.loads(text))


def _title() -> str:
    return story().scenarios[richest_chapter()].title


def _no_horizontal_scroll(page: Page) -> None:
    # Against the device's width, not window.innerWidth: a phone or tablet browser zooms out to fit a page
    # that is too wide, and then innerWidth grows with the page and hides the overflow.
    device = page.viewport_size["width"] if page.viewport_size else page.evaluate("() => window.innerWidth")
    wide = page.evaluate("() => document.documentElement.scrollWidth") - device
    assert wide <= 0, f"{wide}px of horizontal scrolling on {page.url} ({pilot.kind(page)})"


BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const head = node.parentElement.closest("thead");
      if (head && head.getBoundingClientRect().width <= 1) continue;  // headings kept for screen readers only
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def _broken_words(page: Page, selector: str) -> list[str]:
    """Words of the tables a teacher reads that the page breaks across two lines (a name split as 'Petro-va')."""
    return list(page.evaluate(BROKEN_WORDS, selector))


def test_a_whole_chapter_by_keyboard_only(browser: Browser, server: pilot.Server) -> None:
    page = _page(browser)
    page.goto(server.url + "/")
    title = _title()
    for _ in range(60):  # Tab to the chapter's button, as a keyboard user does
        page.keyboard.press("Tab")
        if title in (page.evaluate("() => document.activeElement.textContent") or ""):
            break
    else:
        pytest.fail(f"Tab never reached {title!r}")
    page.keyboard.press("Enter")
    page.wait_for_selector("#stage")
    expected_steps, kinds = kinds_of(richest_chapter())
    seen, acted = set(), 0
    while pilot.kind(page) != "ending":
        seen.add(pilot.step_by_keyboard(page))
        acted += 1
        assert acted <= expected_steps
    assert acted == expected_steps and seen | {"ending"} == kinds
    report = _report(page, server.url)
    assert report["finished"] is True
    assert len(report["decisions"]) == sum(1 for _ in report["decisions"]) > 0
    page.context.close()


def test_a_whole_chapter_by_mouse_only(browser: Browser, server: pilot.Server) -> None:
    page = _page(browser, "1920x1080")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    pilot.start(page, server.url, _title())
    acted = 0
    while pilot.kind(page) != "ending":
        pilot.step_by_mouse(page)
        acted += 1
    assert acted == kinds_of(richest_chapter())[0]
    page.click("text=See the debrief")
    page.wait_for_selector("#debrief-title")
    assert "Your ending" in page.inner_text("main")
    # No page ever asks anything of another server (fonts, art, script: all from this one).
    assert asked and [u for u in asked if not u.startswith(server.url + "/")] == []
    page.context.close()


def test_at_200_percent_browser_zoom_nothing_scrolls_sideways(browser: Browser, server: pilot.Server) -> None:
    # 200 % zoom on a 1366×768 laptop is a 683×384 CSS-pixel window at twice the pixel density.
    context = browser.new_context(viewport={"width": 683, "height": 384}, device_scale_factor=2)
    page = context.new_page()
    pilot.start(page, server.url, _title())
    seen: set[str] = set()
    while pilot.kind(page) != "ending":
        if pilot.kind(page) not in seen:
            seen.add(pilot.kind(page))
            _no_horizontal_scroll(page)
        pilot.step_by_keyboard(page)
    for path in ("/debrief", "/history", "/settings", "/saves", "/", "/join"):
        page.goto(server.url + path)
        _no_horizontal_scroll(page)
    context.close()


def test_a_whole_chapter_on_a_phone_by_touch_without_sideways_scrolling(browser: Browser,
                                                                       server: pilot.Server) -> None:
    page = _page(browser, "phone-390x844")
    pilot.start(page, server.url, _title())
    while pilot.kind(page) != "ending":
        _no_horizontal_scroll(page)
        pilot.step_by_mouse(page, touch=True)
    _no_horizontal_scroll(page)
    for path in ("/debrief", "/history", "/glossary", "/settings", "/saves", "/"):
        page.goto(server.url + path)
        _no_horizontal_scroll(page)
    page.context.close()


def test_three_hundred_presses_of_enter_make_no_decision(browser: Browser, server: pilot.Server) -> None:
    page = _page(browser)
    pilot.start(page, server.url, _title())
    for _ in range(300):
        page.keyboard.press("Enter")
        page.wait_for_timeout(15)
    page.wait_for_timeout(300)
    assert pilot.kind(page) in ("choice", "appointments")
    assert _report(page, server.url)["decisions"] == []
    page.context.close()


def test_a_reload_mid_chapter_comes_back_to_the_same_step(browser: Browser, server: pilot.Server) -> None:
    page = _page(browser)
    pilot.start(page, server.url, _title())
    for _ in range(5):
        pilot.step_by_keyboard(page)
    version, text = pilot.version(page), pilot.box_text(page)
    page.reload()
    page.wait_for_selector("#stage")
    assert pilot.version(page) == version and pilot.box_text(page) == text
    page.context.close()


def test_a_server_killed_mid_chapter_restarts_with_the_student_at_their_step(
        browser: Browser, tmp_path: Path) -> None:
    server = pilot.Server(tmp_path).start()
    try:
        page = _page(browser)
        pilot.start(page, server.url, _title())
        while pilot.kind(page) not in ("choice", "appointments"):
            pilot.step_by_keyboard(page)
        pilot.step_by_keyboard(page)  # a decision, then one more step
        pilot.step_by_keyboard(page)
        version, text = pilot.version(page), pilot.box_text(page)
        decisions = _report(page, server.url)["decisions"]
        server.kill()
        server.start()
        page.reload()
        page.wait_for_selector("#stage")
        assert pilot.version(page) == version and pilot.box_text(page) == text
        assert _report(page, server.url)["decisions"] == decisions != []
        pilot.step_by_keyboard(page)  # and play goes on
        page.context.close()
    finally:
        server.stop()


def test_two_tabs_of_one_student_never_apply_one_click_twice(browser: Browser, server: pilot.Server) -> None:
    context = browser.new_context(**pilot.VIEWPORTS["1366x768"])
    first = context.new_page()
    pilot.start(first, server.url, _title())
    second = context.new_page()
    second.goto(server.url + "/play")
    shown = pilot.version(second)
    pilot.step_by_mouse(first)
    pilot.step_by_mouse(first)
    moved = pilot.version(first)
    second.click("#stage [data-key=continue]")  # the stale tab's Continue
    pilot.wait_new_stage(second, shown)
    assert pilot.version(second) == moved
    assert "moved on" in second.inner_text("main")
    context.close()


def test_hostile_names_show_as_text(browser: Browser, tmp_path: Path) -> None:
    assignment = tmp_path / "essay.yaml"
    assignment.write_text(f"title: Essay\nscenario: {richest_chapter()}\n", encoding="utf-8")
    hostile = '<img src=x onerror="document.title=\'owned\'">'
    with pilot.Server(tmp_path, ["--assignment", str(assignment)]) as server:
        page = _page(browser)
        page.goto(server.url + "/")
        page.fill("#name", hostile)
        page.click("text=Start the assignment")
        page.wait_for_selector("#stage")
        page.goto(server.url + "/debrief")
        assert page.input_value("#name") == hostile
        assert page.title() != "owned" and page.query_selector("img[src=x]") is None
        page.context.close()


SCREENS = ("/", "/history", "/glossary", "/settings", "/saves", "/debrief", "/join", "/nowhere")


def _serious(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


@pytest.mark.parametrize("size", ["1366x768", "phone-390x844"])
def test_axe_finds_no_serious_problem_on_any_screen(browser: Browser, server: pilot.Server, size: str) -> None:
    page = _page(browser, size)
    problems: dict[str, list[str]] = {}
    pilot.start(page, server.url, _title())
    seen: set[str] = set()
    while True:  # every kind of step on the stage
        now = pilot.kind(page)
        if now not in seen:
            seen.add(now)
            pilot.box_text(page)  # the typed line complete
            problems[f"/play ({now})"] = _serious(page)
        if now == "ending":
            break
        pilot.step_by_keyboard(page)
    for path in SCREENS:
        page.goto(server.url + path)
        problems[path] = _serious(page)
    # High contrast and the largest text, too.
    page.goto(server.url + "/settings")
    page.check("input[name=high_contrast]")
    page.check("input[name=text_size][value='200']")
    page.click("text=Save settings")
    for path in ("/play", "/debrief", "/settings"):
        page.goto(server.url + path)
        problems[f"{path} (contrast, 200 %)"] = _serious(page)
        if size.startswith("phone"):
            _no_horizontal_scroll(page)
    assert {k: v for k, v in problems.items() if v} == {}
    page.context.close()


def test_the_dashboard_updates_without_a_reload(browser: Browser, server: pilot.Server) -> None:
    import httpx

    link = server.teacher_link()
    token = server.teacher_headers()
    assignment = f"title: Live\nscenario: {richest_chapter()}\n"
    code = httpx.post(f"{server.url}/api/classes", headers=token, json={"assignment": assignment}).json()["code"]
    teacher = _page(browser, "1920x1080")
    teacher.goto(link)
    teacher.goto(f"{server.url}/teacher/class/{code}")
    assert teacher.inner_text("[data-field=joined]") == "0"
    problems = {f"/teacher/class/{code}": _serious(teacher)}
    student = _page(browser, "phone-390x844")
    student.goto(f"{server.url}/join?code={code}")
    student.fill("#name", "Olga <i>")
    student.click("form.join-form button[type=submit]")
    problems["/joined"] = _serious(student)
    student.click("text=Start playing")
    while pilot.kind(student) not in ("choice", "appointments"):
        pilot.step_by_mouse(student, touch=True)
    pilot.step_by_mouse(student, touch=True)  # one decision
    teacher.wait_for_function("() => document.querySelector('[data-field=joined]').textContent === '1'",
                              timeout=15_000)
    teacher.wait_for_selector("#students tbody th:has-text('Olga <i>')", timeout=15_000)
    teacher.wait_for_function("() => document.querySelectorAll('#decisions .decision-count').length >= 1",
                              timeout=15_000)
    assert teacher.query_selector("#students i") is None  # the name is text, not markup
    teacher.goto(f"{server.url}/teacher/class/{code}/projector")
    assert "Olga" not in teacher.inner_text("main")
    problems["projector"] = _serious(teacher)
    teacher.goto(f"{server.url}/teacher")
    problems["/teacher"] = _serious(teacher)
    teacher.click("text=Sign in on another device")
    problems["sign in on another device"] = _serious(teacher)
    student.goto(f"{server.url}/join")
    problems["/join"] = _serious(student)
    assert {k: v for k, v in problems.items() if v} == {}
    teacher.context.close()
    student.context.close()


def test_a_student_picks_their_name_from_the_class_list_and_the_teacher_lets_them_in(
        browser: Browser, server: pilot.Server) -> None:
    import httpx

    link = server.teacher_link()
    token = server.teacher_headers()
    assignment = f"title: Listed\nscenario: {richest_chapter()}\n"
    code = httpx.post(f"{server.url}/api/classes", headers=token,
                      json={"assignment": assignment, "roster": ["Olga Petrova", "Ivan <b>"]}).json()["code"]
    student = _page(browser, "phone-390x844")
    student.goto(f"{server.url}/join?code={code}")
    student.click("form.join-form button[type=submit]")  # the code alone: the list comes back to pick from
    problems = {"/join (class list)": _serious(student)}
    assert student.eval_on_selector_all("#name option", "os => os.map(o => o.textContent)") == [
        "— choose your name —", "Olga Petrova", "Ivan <b>"]
    student.select_option("#name", "Olga Petrova")
    student.click("form.join-form button[type=submit]")
    student.click("text=Start playing")
    teacher = _page(browser, "1920x1080")
    teacher.goto(link)
    teacher.goto(f"{server.url}/teacher/class/{code}")
    while pilot.kind(student) not in ("choice", "appointments"):
        pilot.step_by_mouse(student, touch=True)
    pilot.step_by_mouse(student, touch=True)  # a decision: the dashboard redraws itself with it
    teacher.wait_for_function("() => document.querySelectorAll('#decisions .decision-count').length >= 1",
                              timeout=15_000)
    assert teacher.inner_text("#not-joined li") == "Ivan <b>"  # still on the list, as text
    problems["dashboard (redrawn)"] = _serious(teacher)
    teacher.click("#students button:has-text('Let in')")  # the button the script drew, with its CSRF token
    teacher.wait_for_selector("text=Olga Petrova can now join on another device")
    laptop = _page(browser, "1366x768")
    laptop.goto(f"{server.url}/join?code={code}")
    laptop.click("form.join-form button[type=submit]")
    laptop.select_option("#name", "Olga Petrova")
    laptop.click("form.join-form button[type=submit]")
    laptop.wait_for_selector("text=Welcome back, Olga Petrova")
    assert pilot.version(laptop) == pilot.version(student)
    assert {k: v for k, v in problems.items() if v} == {}
    for page in (teacher, student, laptop):
        page.context.close()


@pytest.mark.parametrize("size", list(pilot.VIEWPORTS))
def test_every_screen_at_every_layout_fits_without_sideways_scrolling(browser: Browser, server: pilot.Server,
                                                                      size: str) -> None:
    """The four layouts the issue names (laptop, desktop, iPad, phone): each step kind of a chapter, every
    page, the "start a new game?" question and the teacher's pages. Those last two are not in the axe tour
    above at every size, so axe checks them here too."""
    import httpx

    page = _page(browser, size)
    pilot.start(page, server.url, _title())
    seen: set[str] = set()
    while True:
        now = pilot.kind(page)
        if now not in seen:
            seen.add(now)
            pilot.box_text(page)
            _no_horizontal_scroll(page)
        if now == "ending":
            break
        pilot.step_by_keyboard(page)
    assert seen == kinds_of(richest_chapter())[1]
    for path in SCREENS:
        page.goto(server.url + path)
        _no_horizontal_scroll(page)
    problems: dict[str, list[str]] = {}
    # A finished game is not asked about; one in progress is.
    pilot.start(page, server.url, _title())
    pilot.step_by_keyboard(page)
    page.goto(server.url + "/")
    page.click(f"button.scenario:has-text({_title()!r})")
    page.wait_for_selector("input[name=confirm]", state="attached")
    assert "Start a new game?" in (page.text_content("main") or "")
    _no_horizontal_scroll(page)
    problems["start a new game?"] = _serious(page)
    link = server.teacher_link()
    token = server.teacher_headers()
    code = httpx.post(f"{server.url}/api/classes", headers=token,
                      json={"assignment": f"title: Layouts\nscenario: {richest_chapter()}\n",
                            "roster": ["Olga Petrova", "Konstantin Konstantinovich Rokossovsky"]}).json()["code"]
    student = _page(browser, size)
    student.goto(f"{server.url}/join?code={code}")
    student.click("form.join-form button[type=submit]")
    student.select_option("#name", "Konstantin Konstantinovich Rokossovsky")
    student.click("form.join-form button[type=submit]")
    student.click("text=Start playing")
    while pilot.kind(student) not in ("choice", "appointments"):
        pilot.step_by_keyboard(student)
    pilot.step_by_keyboard(student)
    page.goto(link)
    for path in ("/teacher", f"/teacher/class/{code}", f"/teacher/class/{code}/projector"):
        page.goto(server.url + path)
        page.wait_for_selector("main")
        assert ("Rokossovsky" in page.inner_text("main")) == path.endswith(code)  # logged in; no names projected
        _no_horizontal_scroll(page)
        assert _broken_words(page, "table.slots") == [], (size, path)
        problems[path] = _serious(page)
    page.goto(server.url + "/teacher")
    page.click("summary:has-text('teacher key')")  # the long key, opened, wraps rather than scrolls
    assert page.is_visible("#teacher-key")
    _no_horizontal_scroll(page)
    page.click("text=Sign in on another device")
    assert page.is_visible(".qr-frame svg")
    _no_horizontal_scroll(page)
    problems["sign in on another device"] = _serious(page)
    assert {k: v for k, v in problems.items() if v} == {}
    student.context.close()
    page.context.close()


def test_the_settings_the_window_keys_and_the_live_region_work_in_the_browser(browser: Browser,
                                                                             server: pilot.Server) -> None:
    """Text speed types a line and instant does not; 200 % text is twice as large; the dyslexia font is
    loaded and used; reduce motion stops transitions; each new line is read out (aria-live); Backspace
    goes back to the previous decision and H opens the history, as in the window."""
    page = _page(browser)
    pilot.start(page, server.url, _title())
    root_px = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    # the default speed types each new line; the screen reader's live region gets it whole
    typed_seen = False
    for _ in range(10):
        before = pilot.version(page)
        page.click("#stage [data-key=continue]")
        pilot.wait_new_stage(page, before)
        if pilot.kind(page) != "line":
            continue
        typed_seen = typed_seen or page.query_selector("[data-typed][aria-busy=true]") is not None
        text = pilot.box_text(page)
        current = page.inner_text("#current-text").strip()
        assert current and current in page.text_content("#live"), (current, page.text_content("#live"))
        assert current in text
        if typed_seen:
            break
    assert typed_seen, "no line was typed out at the normal text speed"
    page.goto(server.url + "/settings")
    page.check("input[name=text_speed][value=instant]")
    page.check("input[name=text_size][value='200']")
    page.check("input[name=dyslexic_font]")
    page.check("input[name=reduce_motion]")
    page.click("text=Save settings")
    page.goto(server.url + "/play")
    page.wait_for_selector("#stage")
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") == 2 * root_px
    assert "OpenDyslexic" in page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert page.evaluate("() => document.fonts.ready.then(() => document.fonts.check('1rem OpenDyslexic'))")
    while pilot.kind(page) not in ("choice", "appointments"):
        before = pilot.version(page)
        page.keyboard.press("Enter")
        pilot.wait_new_stage(page, before)
        # instant: the whole line at once, never typed
        assert page.query_selector("[data-typed][aria-busy=true]") is None
    assert page.evaluate("() => getComputedStyle(document.querySelector('.option')).transitionDuration") == "0s"
    question = page.inner_text("#stage .prompt")
    pilot.step_by_keyboard(page)  # the decision
    assert pilot.kind(page) not in ("choice", "appointments") or page.inner_text("#stage .prompt") != question
    before = pilot.version(page)
    page.keyboard.press("Backspace")
    pilot.wait_new_stage(page, before)
    assert pilot.kind(page) in ("choice", "appointments") and page.inner_text("#stage .prompt") == question
    assert "Back to your previous decision" in page.inner_text("main")
    assert _report(page, server.url)["decisions"] == []
    page.keyboard.press("h")
    page.wait_for_url(server.url + "/history")
    page.context.close()
