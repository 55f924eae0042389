"""The story map (``after-lenin map``), read back as a browser would: nodes, edges, marks.

A small story made for the purpose has one of everything the map must show: two
chapters, a start, a choice with a historical record whose historical option leaves
the scene, a guarded option, a vote, goto and next, two endings (one historical),
a scene no scenario reaches and a scene where play runs out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.cli import main
from game.story.loader import load_story
from game.tools.maplayout import NODE_H, NODE_W
from game.tools.storymap import make_map, render_dot, render_html

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"

MANIFEST = """\
id: maptest
title: Map Test
version: 1
variables:
  power: {type: int, initial: 5, min: 0, max: 10, label: Power, meter: true}
roles:
  clerk: {name: The Clerk}
chapters:
  - {id: one, title: Before, dates: "1922", from: 1922-01-01, to: 1922-12-31}
  - {id: two, title: After, dates: "1924", from: 1924-01-01, to: 1924-12-31}
scenarios:
  - {id: main, title: Main, role: clerk, start: start}
endings:
  won: {title: Won, summary: You won., historical: true}
  lost: {title: Lost, summary: You lost.}
"""

SCENES = """\
records:
  the_choice: {date: 1922-03-01, title: The choice, what: It was made., sources: ["Test (2024)"]}
scenes:
  - id: start
    title: The start
    chapter: one
    date: 1922-03-01
    beats:
      - narrate: Begin.
      - choice:
          id: first
          prompt: Which way?
          history: the_choice
          options:
            - {text: The way it really went, historical: true, next: middle}
            - {text: Only when strong, if: power >= 8, next: side}
            - {text: Wander off, next: stuck}
  - id: middle
    title: The middle
    chapter: one
    date: 1922-05-01
    next: vote_scene
    beats:
      - narrate: On.
  - id: side
    title: A side road
    chapter: one
    date: 1922-06-01
    beats:
      - narrate: Aside.
      - goto: vote_scene
  - id: stuck
    title: Stuck
    chapter: one
    date: 1922-07-01
    beats:
      - narrate: Nothing follows.
  - id: vote_scene
    title: The vote
    chapter: two
    date: 1924-01-10
    beats:
      - vote: {id: v, body: Committee, motion: Keep it, seats: 10, for: power, passed: {next: win},
               failed: {next: lose}}
  - id: win
    chapter: two
    beats:
      - ending: won
  - id: lose
    chapter: two
    beats:
      - ending: lost
  - id: orphan
    title: Nobody comes here
    chapter: two
    beats:
      - narrate: Alone.
      - ending: lost
"""


class _Page(HTMLParser):
    """Every element's tag, attributes and own text, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict[str, object]] = []
        self.stack: list[dict[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element: dict[str, object] = {"tag": tag, **{k: v or "" for k, v in attrs}, "text": "",
                                      "parent": self.stack[-1] if self.stack else None}
        self.elements.append(element)
        if tag not in ("meta", "input", "br"):
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.stack.pop()  # <rect .../>: no content, nothing to close

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element["text"] = str(element["text"]) + data

    def find(self, tag: str, cls: str | None = None) -> list[dict[str, object]]:
        return [e for e in self.elements if e["tag"] == tag
                and (cls is None or cls in str(e.get("class", "")).split())]


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("maptest") / "story"
    root.mkdir()
    (root / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "scenes.yaml").write_text(SCENES, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def smap(story_dir: Path):  # type: ignore[no-untyped-def]
    result = load_story(story_dir, story_dir / "assets")
    assert result.story is not None, [d.format() for d in result.diagnostics]
    return make_map(result.story)


@pytest.fixture(scope="module")
def page(smap) -> tuple[str, _Page]:  # type: ignore[no-untyped-def]
    text = render_html(smap)
    parsed = _Page()
    parsed.feed(text)
    return text, parsed


def _line_of(story_dir: Path, scene: str) -> int:
    lines = (story_dir / "scenes.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, row in enumerate(lines, 1) if row.strip() == f"- id: {scene}")


def test_one_node_per_scene_linking_to_its_file_and_line(story_dir: Path, page) -> None:  # type: ignore[no-untyped-def]
    _text, parsed = page
    nodes = {str(n["data-id"]): n for n in parsed.find("a", "node")}
    assert set(nodes) == {"start", "middle", "side", "stuck", "vote_scene", "win", "lose", "orphan"}
    for sid, node in nodes.items():
        line = _line_of(story_dir, sid)
        assert node["id"] == f"scene-{sid}"
        assert node["href"] == f"vscode://file{(story_dir / 'scenes.yaml').resolve().as_posix()}:{line}:5"  # the scene's "id:"
        assert f"story/scenes.yaml:{line}" in str(node["text"])  # the plain path:line, readable in print


def test_marks_start_endings_records_and_problems(page) -> None:  # type: ignore[no-untyped-def]
    _text, parsed = page
    nodes = {str(n["data-id"]): n for n in parsed.find("a", "node")}
    classes = {sid: set(str(n["class"]).split()) for sid, n in nodes.items()}
    assert {sid for sid, c in classes.items() if "start" in c} == {"start"}
    assert {sid for sid, c in classes.items() if "ending" in c} == {"win", "lose", "orphan"}
    assert {sid for sid, c in classes.items() if "bad" in c} == {"stuck", "orphan"}  # drawn in red
    assert "✖ dead end" in str(nodes["stuck"]["text"])
    assert "✖ unreachable" in str(nodes["orphan"]["text"])
    assert "★ 1 record" in str(nodes["start"]["text"])  # the decision linked to the historical record
    assert "⚑ won (historical)" in str(nodes["win"]["text"])
    assert "⚑ lost" in str(nodes["lose"]["text"]) and "historical" not in str(nodes["lose"]["text"])
    # the red comes from the stylesheet in the page itself
    assert re.search(r"\.node\.bad rect\.box\{[^}]*stroke:#c62828", _text)


def test_edges_are_the_story_graph_with_labels(page) -> None:  # type: ignore[no-untyped-def]
    _text, parsed = page
    edges = {(str(e["data-source"]), str(e["data-target"])): set(str(e["class"]).split())
             for e in parsed.find("path", "edge")}
    assert set(edges) == {("start", "middle"), ("start", "side"), ("start", "stuck"), ("middle", "vote_scene"),
                          ("side", "vote_scene"), ("vote_scene", "win"), ("vote_scene", "lose")}
    assert {"choice", "hist"} <= edges[("start", "middle")]  # the historical option, drawn gold
    assert {"choice", "cond"} <= edges[("start", "side")]  # only if power >= 8: dashed
    assert "hist" not in edges[("start", "stuck")] and "cond" not in edges[("start", "stuck")]
    assert "next" in edges[("middle", "vote_scene")]
    assert "goto" in edges[("side", "vote_scene")]
    assert "vote" in edges[("vote_scene", "win")]
    # each label: a tooltip with the whole story of the edge, then the text drawn on the map
    drawn = {str(t["text"]).split(")")[-1].split(": ")[-1] for t in parsed.find("text", "elabel")}
    joined = " | ".join(str(t["text"]) for t in parsed.find("text", "elabel"))
    for label in ("★ 1. The way it really went", "if… 2. Only when strong", "3. Wander off", "carried", "defeated"):
        assert label in joined, (label, drawn)


def test_layout_groups_by_chapter_in_date_order_without_overlaps(smap) -> None:  # type: ignore[no-untyped-def]
    pos = smap.layout.pos
    assert [b.key for b in smap.layout.bands] == ["one", "two"]
    one, two = smap.layout.bands
    for sid in ("start", "middle", "side", "stuck"):
        assert one.y <= pos[sid][1] < one.y + one.height
    for sid in ("vote_scene", "win", "lose", "orphan"):
        assert two.y <= pos[sid][1] < two.y + two.height
    assert pos["start"][1] < pos["middle"][1]  # play flows down
    assert [lane.title for lane in smap.layout.lanes] == ["The Clerk", "Reached by no scenario"]
    assert pos["orphan"][0] >= smap.layout.lanes[1].x  # the unreachable scene stands apart
    boxes = list(pos.items())
    for i, (a, (ax, ay)) in enumerate(boxes):
        assert 0 <= ax and ax + NODE_W <= smap.layout.width and ay + NODE_H <= smap.layout.height
        for b, (bx, by) in boxes[i + 1:]:
            assert ax + NODE_W <= bx or bx + NODE_W <= ax or ay + NODE_H <= by or by + NODE_H <= ay, (a, b)


def test_page_is_self_contained_and_readable_without_script(page) -> None:  # type: ignore[no-untyped-def]
    text, parsed = page
    assert not re.search(r"https?://", text)  # nothing fetched: no CDN, no web font, no namespace URL needed
    assert not parsed.find("link") and not parsed.find("img") and not parsed.find("iframe")
    assert all("src" not in s for s in parsed.find("script"))
    assert len(parsed.find("svg")) == 1
    # without JavaScript: a problem list and an index of every scene, linking into the map
    problems = parsed.find("ul", "problems")[0]
    assert "scene 'orphan' can never be reached" in str(problems["text"])
    assert "[AL040]" in str(problems["text"]) and "[AL041]" in str(problems["text"])
    anchors = {str(a["href"]) for a in parsed.find("a") if str(a.get("href", "")).startswith("#scene-")}
    assert {f"#scene-{s}" for s in ("start", "middle", "side", "stuck", "vote_scene", "win", "lose", "orphan")} \
        <= anchors


def test_dot_output(smap) -> None:  # type: ignore[no-untyped-def]
    dot = render_dot(smap)
    assert dot.startswith("digraph story {") and dot.rstrip().endswith("}")
    edges = set(re.findall(r'^  "(\w+)" -> "(\w+)"', dot, re.M))
    assert ("start", "middle") in edges and ("vote_scene", "lose") in edges and len(edges) == 7
    nodes = dict(re.findall(r'^      "(\w+)" \[(.*)\];$', dot, re.M))
    assert set(nodes) == {"start", "middle", "side", "stuck", "vote_scene", "win", "lose", "orphan"}
    assert "color=red" in nodes["stuck"] and "color=red" in nodes["orphan"] and "color=red" not in nodes["win"]
    assert "peripheries=2" in nodes["win"] and 'URL="vscode://file' in nodes["win"]
    assert 'label="Chapter 1: Before"' in dot and 'label="Reached by no scenario"' in dot
    assert re.search(r'"start" -> "middle" \[label="★ 1. The way it really went", tooltip="start → middle'
                     r' — option 1: The way it really went — ★ what really happened", color="#b8860b"', dot)


def test_map_command_writes_the_file(story_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "map.html"
    assert main(["map", str(story_dir), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out}: 8 scenes, 7 links; 1 unreachable, 1 dead end(s)")
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert main(["map", str(story_dir), "--format", "dot", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("digraph story {")


def test_map_of_the_sample_story(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", str(SAMPLE), "-o", "-"]) == 0
    parsed = _Page()
    parsed.feed(capsys.readouterr().out)
    assert len(parsed.find("a", "node")) == 5
    assert not parsed.find("a", "bad")


def test_map_of_a_story_that_does_not_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "story.yaml").write_text((SAMPLE / "story.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "scenes.yaml").write_text((SAMPLE / "scenes.yaml").read_text(encoding="utf-8")
                                        .replace("say: boss", "say: bos"), encoding="utf-8")
    assert main(["map", str(broken), "-o", str(tmp_path / "m.html")]) == 1
    err = capsys.readouterr().err
    assert "unknown character 'bos' — did you mean 'boss'? [AL022]" in err
    assert not (tmp_path / "m.html").exists()


def test_map_to_an_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["map", str(SAMPLE), "-o", str(blocker / "map.html")]) == 2
    assert capsys.readouterr().err.startswith("after-lenin: cannot write")


def test_no_traceback_for_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", str(tmp_path / "nowhere")]) == 1
    assert "is not a folder" in capsys.readouterr().err


OPTIONS_SCENES = """\
records:
  the_choice: {date: 1922-03-01, title: The choice, what: It was made., sources: ["Test (2024)"]}
scenes:
  - id: start
    chapter: one
    date: 1922-03-01
    next: middle
    beats:
      - choice:
          id: first
          history: the_choice
          options:
            - text: Keep quiet and let the others talk themselves out of the post for another week
              historical: true
              set: {power: "+1"}
            - {text: Speak first, if: power >= 8, set: {power: "-1"}, next: middle}
            - {text: Speak last, next: middle}
  - id: middle
    chapter: one
    date: 1922-05-01
    beats:
      - ending: won
  - id: later
    chapter: two
    date: 1924-01-10
    beats:
      - ending: lost
"""


@pytest.fixture(scope="module")
def options_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, _Page]:
    root = tmp_path_factory.mktemp("mapoptions") / "story"
    root.mkdir()
    (root / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "scenes.yaml").write_text(OPTIONS_SCENES, encoding="utf-8")
    result = load_story(root, root / "assets")
    assert result.story is not None, [d.format() for d in result.diagnostics]
    text = render_html(make_map(result.story))
    parsed = _Page()
    parsed.feed(text)
    return text, parsed


def test_one_arrow_per_option_and_history_in_gold_through_next(options_page) -> None:  # type: ignore[no-untyped-def]
    _text, parsed = options_page
    arrows = [(str(e["data-source"]), str(e["data-target"]), set(str(e["class"]).split()), str(e["text"]))
              for e in parsed.find("path", "edge")]
    # three options, all ending in 'middle': three arrows, not one merged arrow
    assert len(arrows) == 3 and all(a[:2] == ("start", "middle") for a in arrows)
    kept, first, last = sorted(arrows, key=lambda a: a[3])
    # option 1 has no next: it falls through to the scene's next:, and is still the gold one
    assert {"choice", "hist"} <= kept[2] and "next" not in kept[2]
    assert kept[3] == ("start → middle — option 1: Keep quiet and let the others talk themselves out of the post"
                       " for another week — set: power +1 — then on through the scene to its way out"
                       " — ★ what really happened")
    assert {"choice", "cond"} <= first[2] and "hist" not in first[2]
    assert first[3] == "start → middle — option 2: Speak first — if: power >= 8 — set: power -1"
    assert last[3] == "start → middle — option 3: Speak last"


def test_labels_are_whole_over_several_lines(options_page) -> None:  # type: ignore[no-untyped-def]
    _text, parsed = options_page
    label = next(t for t in parsed.find("text", "elabel") if "Keep quiet" in str(t["text"]))
    rows = [str(t["text"]) for t in parsed.elements if t["tag"] == "tspan" and t["parent"] is label]
    assert " ".join(rows) == "★ 1. Keep quiet and let the others talk themselves out of the post for another week"
    assert len(rows) > 1 and all(len(r) <= 34 for r in rows)


def test_scene_links_are_reachable_by_keyboard_and_assistive_technology(options_page) -> None:  # type: ignore[no-untyped-def]
    text, parsed = options_page
    svg = parsed.find("svg")[0]
    assert "role" not in svg  # role="img" would make every link inside it invisible to a screen reader
    links = [a for a in parsed.find("a", "node")]
    assert links and all(str(a["href"]).startswith("vscode://file/") for a in links)  # focusable: a real href
    assert all("tabindex" not in a or a["tabindex"] != "-1" for a in links)
    names = {str(a["data-id"]): str(a["aria-label"]) for a in links}
    assert names["middle"] == "scene middle (middle), 1922-05-01, open story/scenes.yaml:18"


def test_each_chapter_has_a_link_and_a_fit(options_page) -> None:  # type: ignore[no-untyped-def]
    text, parsed = options_page
    nav = parsed.find("nav")[0]
    assert nav["aria-label"] == "chapters"
    hrefs = [str(a["href"]) for a in parsed.find("a") if str(a.get("href", "")).startswith("#chapter-")]
    assert hrefs == ["#chapter-one", "#chapter-two"]
    bands = {str(r["id"]): r for r in parsed.find("rect", "band")}
    fits = parsed.find("button", "fitband")
    assert [(f["data-y"], f["data-h"]) for f in fits] == [(bands[h[1:]]["y"], bands[h[1:]]["height"]) for h in hrefs]
