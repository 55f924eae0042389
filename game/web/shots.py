"""Photograph every screen of the browser front end at the four layouts: ``make web-shots``.

Starts a real server on a temporary data folder, plays the richest one-chapter scenario
in Debian's Chromium, and saves one PNG per screen and step kind under
``OUT/<layout>/``, plus the same screens in high contrast at 200 % text. For review by
eye (and for the README): nothing here asserts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import pilot

PAGES = ("/history", "/glossary", "/settings", "/saves", "/debrief", "/join", "/nowhere")


def _scenario_title() -> str:
    from .. import paths
    from ..story import open_story

    story = open_story(paths.story_dir()).story
    assert story is not None
    best, best_key = "", (0, 0)
    for sc in story.scenarios.values():
        if sc.chapter:
            steps, kinds = pilot.first_options_run(story, sc.id)
            key = (len(kinds), -steps)
            if key > best_key:
                best, best_key = sc.title, key
    return best


def _classroom(browser: Any, server: pilot.Server, options: dict[str, Any], folder: Path, title: str) -> int:
    """The class pages: join, joined, the teacher's list, the dashboard with one student, the projector."""
    import json
    import urllib.request

    link = server.teacher_link()
    from .. import paths
    from ..story import open_story

    story = open_story(paths.story_dir()).story
    assert story is not None
    scenario = next(sc.id for sc in story.scenarios.values() if sc.title == title)
    body = json.dumps({"assignment": f"title: Why did Stalin win?\nclass: 9B\nscenario: {scenario}\n",
                       "roster": ["Olga Petrova", "Ivan Sidorov", "Maria Ivanova"]}).encode()
    request = urllib.request.Request(server.url + "/api/classes", data=body, method="POST",
                                     headers={**server.teacher_headers(), "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as r:
        code = json.loads(r.read())["code"]
    student = browser.new_context(**options).new_page()
    student.goto(f"{server.url}/join?code={code}")
    student.screenshot(path=str(folder / "50-join.png"), full_page=True)
    student.click("form.join-form button[type=submit]")  # the code alone: the class list to pick from
    student.screenshot(path=str(folder / "50b-join-class-list.png"), full_page=True)
    student.select_option("#name", "Olga Petrova")
    student.click("form.join-form button[type=submit]")
    student.screenshot(path=str(folder / "51-joined.png"), full_page=True)
    student.click("text=Start playing")
    while pilot.kind(student) not in ("choice", "appointments"):
        pilot.step_by_keyboard(student)
    pilot.step_by_keyboard(student)
    teacher = browser.new_context(**options).new_page()
    teacher.goto(link)
    teacher.goto(server.url + "/teacher")
    teacher.screenshot(path=str(folder / "52-teacher.png"), full_page=True)
    teacher.goto(f"{server.url}/teacher/class/{code}")
    teacher.screenshot(path=str(folder / "53-dashboard.png"), full_page=True)
    teacher.goto(f"{server.url}/teacher/class/{code}/projector")
    teacher.screenshot(path=str(folder / "54-projector.png"), full_page=True)
    teacher.goto(server.url + "/teacher")
    teacher.click("text=Sign in on another device")
    teacher.screenshot(path=str(folder / "55-another-device.png"), full_page=True)
    student.context.close()
    teacher.context.close()
    return 7


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.web.shots", description=__doc__)
    parser.add_argument("--out", default="shots/web", help="folder for the PNGs (default: shots/web)")
    args = parser.parse_args(argv)
    if not pilot.CHROMIUM.exists():
        sys.stderr.write("The screenshot tour needs Debian's chromium: apt-get install -y chromium\n")
        return 1
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    title = _scenario_title()
    count = 0
    with tempfile.TemporaryDirectory() as tmp, pilot.Server(Path(tmp)) as server, sync_playwright() as pw:
        browser = pilot.launch(pw)
        for size, options in pilot.VIEWPORTS.items():
            folder = out / size
            folder.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(**options)
            page = context.new_page()
            page.goto(server.url + "/")
            page.screenshot(path=str(folder / "00-start.png"), full_page=True)
            pilot.start(page, server.url, title)
            seen: list[str] = []
            while True:
                now = pilot.kind(page)
                if now not in seen:
                    seen.append(now)
                    pilot.box_text(page)
                    page.screenshot(path=str(folder / f"{len(seen):02d}-play-{now}.png"))
                    count += 1
                if now == "ending":
                    break
                pilot.step_by_keyboard(page)
            for n, path in enumerate(PAGES, start=20):
                page.goto(server.url + path)
                page.screenshot(path=str(folder / f"{n}-{path.strip('/')}.png"), full_page=True)
                count += 1
            page.goto(server.url + "/settings")
            page.check("input[name=high_contrast]")
            page.check("input[name=text_size][value='200']")
            page.click("text=Save settings")
            for path in ("/play", "/debrief"):
                page.goto(server.url + path)
                page.screenshot(path=str(folder / f"40-contrast-200{path.replace('/', '-')}.png"))
                count += 1
            context.close()
            count += _classroom(browser, server, options, folder, title)
        browser.close()
    print(f"{count} screenshots in {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
