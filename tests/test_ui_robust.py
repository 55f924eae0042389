"""The window in the real world: no display, no sound, closed mid-game, crashed, damaged saves,
resized, minimised, idle, restarted; writers' --scene/--set; assignments and reports."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import app as app_module  # noqa: E402
from game.ui.pilot import Pilot  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"
PROJECT = SAMPLE.parents[2]


def to_first_line(p: Pilot) -> None:
    p.press(pygame.K_RETURN)
    p.press(pygame.K_RETURN)
    p.press(pygame.K_RETURN)
    assert p.step.kind == "line"


# --- no display, no sound -------------------------------------------------------------------------


def run_cli(args: list[str], env_drop: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in env_drop}
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=PROJECT, env=environ, capture_output=True,
                          text=True, timeout=60)


def test_no_display_is_one_sentence_pointing_to_text_mode(tmp_path: Path) -> None:
    result = run_cli(["play", "--story", str(SAMPLE), "--data-dir", str(tmp_path)],
                     env_drop=("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no display" in lines[0] and "--text" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_broken_video_driver_is_reported_the_same_way(tmp_path: Path) -> None:
    result = run_cli(["play", "--story", str(SAMPLE), "--data-dir", str(tmp_path)], SDL_VIDEODRIVER="no_such")
    assert result.returncode == 1 and "--text" in result.stderr and "Traceback" not in result.stderr


def test_no_sound_device_plays_silently_without_alsa_noise() -> None:
    code = ("import game.ui.audio as a; au = a.Audio(); au.play('click'); au.music('theme'); "
            "print('silent' if not au.ok else 'sound')")
    environ = {**os.environ, "SDL_AUDIODRIVER": "alsa", "AUDIODEV": "hw:99,0"}
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=environ, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert result.stderr == "", result.stderr
    assert result.stdout.strip() in ("silent", "sound")


# --- never losing progress ----------------------------------------------------------------------------


def test_closing_the_window_keeps_the_place_and_continue_resumes_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    p = Pilot.launch(SAMPLE, data)
    to_first_line(p)
    p.press(pygame.K_RETURN)
    p.press(pygame.K_RETURN)
    text = p.step.text
    p.post(pygame.QUIT)
    p.frames(1)
    assert not p.app.running
    p.close()
    p = Pilot.launch(SAMPLE, data)
    try:
        assert p.app.top.ring.focused.name == "Continue"
        p.press(pygame.K_RETURN)
        assert p.screen == "play" and p.step.text == text
    finally:
        p.close()


def test_a_crash_keeps_the_autosave_and_says_where_the_details_are(tmp_path: Path, monkeypatch,
                                                                    capsys) -> None:  # type: ignore[no-untyped-def]
    from game.ui.screens import beats

    def boom(self, c):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in drawing")

    monkeypatch.setattr(beats.ChapterView, "draw", boom)
    data = tmp_path / "data"
    args = argparse.Namespace(story=str(SAMPLE), data_dir=str(data), scenario="whole", role=None, scene=None,
                              set=[], seed=0, resume=False, assignment=None, watch=False, windowed=True)
    code = app_module.main(args)
    err = capsys.readouterr().err
    assert code == 70
    assert "autosave" in err and "crash.log" in err and "Traceback" not in err
    assert "a bug in drawing" in (data / "crash.log").read_text()
    saved = json.loads((data / "saves" / "autosave.json").read_text())
    assert saved["state"]["scene"] == "office"


def test_damaged_saves_are_shown_as_damaged_and_never_crash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    p = Pilot.launch(SAMPLE, data)
    to_first_line(p)
    p.press(pygame.K_F5)
    (data / "saves" / "slot1.json").write_text('{"format": "after-lenin-save", "meta": ', encoding="utf-8")
    p.press(pygame.K_ESCAPE)
    p.app.top.ring.focus_on("Load")
    p.press(pygame.K_RETURN)
    p.click("page:1")
    p.click("slot:slot1")
    assert p.screen == "dialog" and "damaged" in p.app.top.question
    p.press(pygame.K_RETURN)
    assert p.screen == "saveload"
    # the autosave is still what Continue offers
    p.app.to_title()
    p.frames(1)
    assert p.app.top.latest.slot in ("autosave", "quicksave")
    p.close()


def test_settings_survive_a_restart_and_a_garbled_file_falls_back_to_defaults(tmp_path: Path) -> None:
    data = tmp_path / "data"
    p = Pilot.launch(SAMPLE, data)
    p.app.top.ring.focus_on("Settings")
    p.press(pygame.K_RETURN)
    p.click("setting:text_size:150")
    p.click("setting:high_contrast:True")
    p.close()
    p = Pilot.launch(SAMPLE, data)
    assert p.app.settings.text_size == 150 and p.app.theme.name == "high_contrast"
    p.close()
    (data / "settings.json").write_text("{ not json", encoding="utf-8")
    p = Pilot.launch(SAMPLE, data)
    try:
        assert p.app.settings.text_size == 100
        assert any("settings" in t[0].lower() for t in p.app.toasts)
    finally:
        p.close()


# --- window behaviour -------------------------------------------------------------------------------


def test_idle_play_draws_nothing_and_minimising_pauses_the_typewriter(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path / "data")
    try:
        to_first_line(p)
        view = p.app.top.view
        p.post(pygame.WINDOWMINIMIZED)
        p.frames(1)
        shown = view.shown
        p.wait(3.0)
        assert view.shown == shown, "a minimised window does not type on"
        p.post(pygame.WINDOWRESTORED)
        p.wait(6.0)
        assert view.done
        drawn = p.app.frames_drawn
        p.frames(300)
        assert p.app.frames_drawn == drawn, "nothing moves, so nothing is drawn"
        p.move((640, 300))  # moving over empty background changes nothing visible either
        p.press(pygame.K_RETURN)
        assert p.app.frames_drawn > drawn
    finally:
        p.close()


def test_resizing_rescales_layout_and_renders_text_at_the_real_size(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path / "data")
    try:
        x, y, w, h = p.target("New game")
        pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
        p.post(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080)
        p.frames(1)
        assert p.app.canvas.scale == pytest.approx(1.5)
        assert p.target("New game") == (x, y, w, h), "layout is in logical units"
        from game.ui.text import TextStyle

        _, px = p.app.fonts.faces(TextStyle("body", 24), p.app.canvas.scale)
        assert px == 36, "24 px body text is drawn with a 36 px font at 1920×1080, not scaled up"
        # a tall narrow window letterboxes: the page keeps 16:9 and centres
        pygame.display.set_mode((800, 900), pygame.RESIZABLE)
        p.post(pygame.VIDEORESIZE, size=(800, 900), w=800, h=900)
        p.frames(1)
        page = p.app.canvas.page
        assert page.width == 800 and page.height == 450 and page.top == 225
        p.click("New game")
        assert p.screen == "select"
        p.press(pygame.K_F11)
        assert p.app.settings.fullscreen
    finally:
        p.close()


def test_a_pointer_resting_on_the_quick_menu_does_not_steal_space(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path / "data")
    try:
        to_first_line(p)
        x, y, w, h = p.target("quick:menu")
        p.move((x + w / 2, y + h / 2))
        p.press(pygame.K_SPACE)
        p.press(pygame.K_SPACE)
        assert p.screen == "play" and p.step.speaker is not None, "Space went on with the story"
        p.click("quick:menu")
        assert p.screen == "pause", "a click on the button still opens it"
    finally:
        p.close()


def test_missing_art_falls_back_to_a_placeholder(tmp_path: Path) -> None:
    from game.ui.art import ArtCache

    art = ArtCache(tmp_path / "no-assets")
    img = art.background("kremlin_winter", (320, 180))
    assert img.get_size() == (320, 180)
    assert "backgrounds/kremlin_winter" in art.missing
    assert art.portrait("nobody", (64, 64)).get_size() == (64, 64)


# --- writers and teachers ----------------------------------------------------------------------------


def test_scene_and_set_start_the_window_where_a_writer_asks(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path / "data", scene="wire", sets=["apparatus=9"])
    try:
        assert p.screen == "play" and p.step.kind == "chapter"
        p.press(pygame.K_RETURN)
        p.press(pygame.K_RETURN)
        p.press(pygame.K_RETURN)
        assert p.step.kind == "choice" and "(apparatus 9)" in p.step.prompt
    finally:
        p.close()


def test_bad_scene_is_refused_before_a_window_opens(tmp_path: Path) -> None:
    result = run_cli(["play", "--story", str(SAMPLE), "--data-dir", str(tmp_path), "--scene", "wier"])
    assert result.returncode == 2
    assert "did you mean 'wire'" in result.stderr


def write_assignment(folder: Path, text: str) -> Path:
    path = folder / "task.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_assignment_opens_plays_and_ends_in_a_report(tmp_path: Path) -> None:
    path = write_assignment(tmp_path, "title: The wire\nclass: 10B\nscenario: wire_only\n"
                            "instructions: Play the wire and think about trust.\nreflection_required: false\n")
    data = tmp_path / "data"
    p = Pilot.launch(SAMPLE, data, assignment=str(path))
    try:
        assert p.screen == "assignment"
        p.press(pygame.K_RETURN)
        assert p.screen == "play" and p.app.session.assignment is not None
        for _ in range(40):
            if p.step.kind == "ending":
                break
            p.press(pygame.K_1 if p.step.kind == "choice" else pygame.K_RETURN)
        p.click("ending:debrief")
        p.press(pygame.K_6)  # the Reflect tab
        p.press(pygame.K_RETURN)
        assert p.screen == "reflect"
        p.type("Ada Lovelace")
        p.app.top.focus = len(p.app.top.fields) - 2  # "Write my report"
        p.press(pygame.K_RETURN)
        assert p.screen == "dialog" and p.app.top.question == "Your report is written"
        reports = list((data / "reports").glob("*.json"))
        assert len(reports) == 1
        report = json.loads(reports[0].read_text())
        assert report["student"]["name"] == "Ada Lovelace" and report["assignment"]["title"] == "The wire"
    finally:
        p.close()


def test_an_assignment_survives_a_break_and_continue(tmp_path: Path) -> None:
    path = write_assignment(tmp_path, "title: The wire\nscenario: wire_only\n")
    data = tmp_path / "data"
    p = Pilot.launch(SAMPLE, data, assignment=str(path))
    p.press(pygame.K_RETURN)  # Begin
    p.press(pygame.K_RETURN)
    p.post(pygame.QUIT)
    p.frames(1)
    p.close()
    p = Pilot.launch(SAMPLE, data)  # the next day: Continue on the title screen
    try:
        p.press(pygame.K_RETURN)
        assert p.screen == "play"
        assert p.app.session.assignment is not None and p.app.session.assignment.title == "The wire"
    finally:
        p.close()
    p = Pilot.launch(SAMPLE, data, resume=True, assignment=str(path))  # or --continue --assignment FILE
    try:
        assert p.screen == "play" and p.app.session.assignment.title == "The wire"
    finally:
        p.close()


def test_play_options_come_from_the_same_command_line_as_the_text_player(tmp_path: Path) -> None:
    from game import cli
    from game.ui.app import Options

    args = cli.build_parser().parse_args(["play", "--story", str(SAMPLE), "--data-dir", str(tmp_path),
                                          "--role", "clerk", "--windowed", "--watch", "--seed", "3"])
    opts = Options.from_args(args)
    assert (opts.story_dir, opts.data_dir, opts.role, opts.windowed, opts.watch, opts.seed) == (
        SAMPLE, tmp_path, "clerk", True, True, 3)
    assert opts.direct_start


def test_a_broken_assignment_is_explained_with_its_place(tmp_path: Path) -> None:
    path = write_assignment(tmp_path, "title: [oops\n")
    p = Pilot.launch(SAMPLE, tmp_path / "data", assignment=str(path))
    try:
        assert p.screen == "dialog"
        assert "task.yaml:" in p.app.top.detail
    finally:
        p.close()


def test_the_assignment_picker_opens_a_file_with_the_keyboard(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_assignment(folder, "title: Whole\nscenario: whole\n")
    (folder / "notes.txt").write_text("not an assignment", encoding="utf-8")
    # saved from Word as "Plain text", as the README says: listed too
    (folder / "essay.txt").write_text("\ufefftitle: An essay\nscenario: whole\n", encoding="utf-8")
    p = Pilot.launch(SAMPLE, tmp_path / "data", picker_root=folder)
    try:
        p.app.top.ring.focus_on("Open assignment")
        p.press(pygame.K_RETURN)
        assert p.screen == "picker"
        assert [name for name, _, _ in p.app.top.entries] == ["essay.txt", "task.yaml"]
        p.press(pygame.K_RETURN)
        assert p.screen == "assignment" and p.app.top.assignment.title == "An essay"
    finally:
        p.close()


# --- text and the tour -------------------------------------------------------------------------------


def test_text_wraps_inside_its_width_and_reveals_in_order(tmp_path: Path) -> None:
    p = Pilot.launch(SAMPLE, tmp_path / "data")
    try:
        from game.ui.text import TextStyle

        c = p.app.canvas
        text = "Lenin died last night at Gorki. *Trotsky* is on a train to the **Caucasus**. " * 4
        para = c.para(text, TextStyle("body", 24), 500)
        assert para.size[0] <= 500 and len(para.lines) > 3
        # every visible character is revealed once; the spaces where lines break are not characters
        assert para.chars == len(" ".join(text.replace("*", "").split())) - (len(para.lines) - 1)
        shown = [sum(a[2] * a[3] for a in para.reveal_areas(n)) for n in range(0, para.chars + 1)]
        assert shown == sorted(shown) and shown[0] == 0
        assert para.reveal_areas(para.chars) == [(0, 0, *para.size)]
        w, h = c.measure(text, TextStyle("body", 24), 500)
        assert h == pytest.approx((para.lines[-1].y + para.lines[-1].height) / c.scale)
    finally:
        p.close()


def test_the_screenshot_tour_reaches_every_screen(tmp_path: Path) -> None:
    from game.ui.shots import SHOTS, run_tour

    result = run_tour(SAMPLE, tmp_path / "shots", (640, 360))
    assert result.missing == []
    assert sorted(path.name for path in result.written) == sorted(
        f"{i + 1:02d}-{name}.png" for i, name in enumerate(SHOTS))
    img = pygame.image.load(str(result.written[0]))
    assert img.get_size() == (640, 360)
