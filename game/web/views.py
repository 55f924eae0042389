"""What the pages show: the engine's Step and transcript turned into plain data for templates.

Only reading here: nothing in this module moves the story. Story text becomes HTML in
exactly one place (:func:`story_html`): escaped first, then the story's own *emphasis*
and glossary links are added, so nothing a writer or a student typed can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ..engine.playthrough import Playthrough, Step
from ..history.dates import human_date
from ..story import model as M

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"\*(.+?)\*")
_TAG = re.compile(r"(<[^>]+>)")


def story_html(text: str, glossary: Mapping[str, M.Term] | None = None, terms: Iterable[str] = ()) -> str:
    """Story text as safe HTML: escaped, *italic*, **bold**, and each listed term's first mention linked."""
    html = escape(text, quote=True)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    if glossary:
        for term_id in dict.fromkeys(terms):
            term = glossary.get(term_id)
            if term is not None:
                html = _link_first(html, term)
    return html


def _link_first(html: str, term: M.Term) -> str:
    names = sorted((term.term, *term.aliases), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(escape(n, quote=True)) for n in names if n)
                         + r")(?![\w-])", re.IGNORECASE)
    pieces = _TAG.split(html)
    inside_link = False
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            inside_link = piece.startswith("<a ") or (inside_link and piece != "</a>")
            continue
        if inside_link:
            continue
        found = pattern.search(piece)
        if found:
            link = (f'<a class="term" href="/glossary#term-{escape(term.id, quote=True)}" '
                    f'data-term="{escape(term.id, quote=True)}">{found.group(1)}</a>')
            pieces[i] = piece[:found.start()] + link + piece[found.end():]
            return "".join(pieces)
    return html


def _text_terms(text: M.Text | None) -> tuple[str, ...]:
    return text.terms if text is not None else ()


def step_terms(step: Step) -> tuple[str, ...]:
    """The glossary ids the current step's text mentions (what the engine notes as met)."""
    instr = step.instr
    if isinstance(instr, M.Line):
        return instr.text.terms
    if isinstance(instr, M.Choice):
        found = list(_text_terms(instr.prompt))
        for option in instr.options:
            found.extend(option.text.terms)
        return tuple(found)
    if isinstance(instr, M.Vote):
        return instr.motion.terms
    if isinstance(instr, M.Appointments):
        return instr.prompt.terms
    return ()


@dataclass
class Person:
    id: str
    name: str
    title: str
    portrait: str  # a URL under /assets/portraits/


@dataclass
class Candidate:
    person: Person
    note: str


@dataclass
class Post:
    id: str
    title: str
    candidates: list[Candidate]


@dataclass
class Stage:
    """The step the student sees now, ready for ``templates/stage.html``."""

    kind: str
    scene_title: str
    date: str
    place: str
    background: str  # a URL under /assets/backgrounds/
    chapter_label: str = ""
    html: str = ""  # the line, the prompt or the motion, as safe HTML
    speaker: Person | None = None
    document: dict[str, str] = field(default_factory=dict)
    options: list[dict[str, Any]] = field(default_factory=list)
    tally: dict[str, Any] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    ending: dict[str, str] = field(default_factory=dict)
    needs_decision: bool = False


def person(story: M.Story, person_id: str) -> Person:
    character = story.characters.get(person_id)
    if character is None:
        return Person(person_id, person_id, "", "/assets/portraits/_missing.svg")
    return Person(character.id, character.name, character.title,
                  f"/assets/portraits/{character.portrait or '_missing'}.svg")


def stage(pt: Playthrough) -> Stage:
    """The current step as a Stage."""
    story = pt.story
    step = pt.current
    scene = step.scene
    chapter = pt.chapter
    number = story.chapter_index(chapter.id) + 1 if chapter else 0
    out = Stage(
        kind=step.kind, scene_title=scene.title, date=human_date(step.date or scene.date),
        place=step.place or scene.place,
        background=f"/assets/backgrounds/{scene.background or '_missing'}.svg",
        chapter_label=f"Chapter {number}: {chapter.title}" if chapter else "",
        needs_decision=step.needs_decision,
    )
    glossary = story.glossary
    terms = step_terms(step)
    if step.kind == "line":
        out.html = story_html(step.text, glossary, terms)
        if step.speaker is not None:
            out.speaker = person(story, step.speaker.id)
    elif step.kind == "document" and step.document is not None:
        doc = step.document
        out.document = {"title": story_html(doc.title), "date": human_date(doc.date),
                        "text": story_html(doc.text.strip()), "attribution": doc.attribution, "source": doc.source}
    elif step.kind == "chapter" and step.chapter is not None:
        out.html = story_html(step.chapter.summary)
        out.chapter_label = f"Chapter {story.chapter_index(step.chapter.id) + 1}"
        out.scene_title = step.chapter.title
    elif step.kind == "choice":
        out.html = story_html(step.prompt, glossary, terms)
        # No glossary links inside options: a link inside a button is two controls in one.
        out.options = [{"index": o.index, "html": story_html(o.text)} for o in step.options]
    elif step.kind == "vote" and step.tally is not None:
        t = step.tally
        out.html = story_html(step.text, glossary, terms)
        out.tally = {"body": step.prompt, "for": t.votes_for, "against": t.against, "abstain": t.abstain,
                     "seats": t.seats, "passed": t.passed,
                     "absent": max(0, t.seats - t.votes_for - t.against - t.abstain)}
    elif step.kind == "appointments":
        board = step.instr
        assert isinstance(board, M.Appointments)
        out.html = story_html(step.prompt, glossary, terms)
        out.posts = [Post(p.id, p.title, [Candidate(person(story, c.person), c.note) for c in p.candidates])
                     for p in board.posts]
    elif step.kind == "ending" and step.ending is not None:
        out.ending = {"title": step.ending.title, "summary": story_html(step.ending.summary)}
    return out


def meters(pt: Playthrough) -> list[dict[str, Any]]:
    """The meters as the window's side panel shows them: label, value, range."""
    values = pt.meters()
    out = []
    for variable in pt.story.meters():
        low = variable.minimum if variable.minimum is not None else 0
        high = variable.maximum if variable.maximum is not None else 10
        value = values.get(variable.name, low)
        share = 0 if high == low else round(100 * (value - low) / (high - low))
        out.append({"name": variable.name, "label": variable.label, "value": value, "min": low, "max": high,
                    "share": max(0, min(100, share))})
    return out


def transcript(pt: Playthrough, last: int | None = None) -> list[dict[str, Any]]:
    """What was shown so far, oldest first, as the history log lists it (only the ``last`` entries if given)."""
    story = pt.story
    out: list[dict[str, Any]] = []
    entries = pt.state.transcript if last is None else pt.state.transcript[-last:]
    for entry in entries:
        kind = entry.get("kind")
        text = str(entry.get("text", ""))
        if kind == "chapter":
            chapter = story.chapter(entry.get("chapter"))
            n = story.chapter_index(chapter.id) + 1 if chapter else 0
            where = " · ".join(b for b in (human_date(str(entry.get("date", ""))), str(entry.get("place", ""))) if b)
            out.append({"kind": "chapter", "label": f"Chapter {n}" if n else "Chapter", "html": story_html(text),
                        "where": where})
        elif kind == "line":
            who = entry.get("speaker")
            character = story.characters.get(who) if who else None
            out.append({"kind": "line", "label": (character.name if character else str(who)) if who else "",
                        "html": story_html(text)})
        elif kind == "document":
            doc = story.documents.get(str(entry.get("document", "")))
            out.append({"kind": "document", "label": "Document", "html": story_html(text),
                        "attribution": doc.attribution if doc else ""})
        elif kind == "choice":
            out.append({"kind": "choice", "label": "You decided", "html": story_html(text),
                        "prompt": story_html(str(entry.get("prompt") or ""))})
        elif kind == "vote":
            out.append({"kind": "vote", "label": "Vote", "html": story_html(text),
                        "tally": f"For {entry.get('for', 0)} · Against {entry.get('against', 0)} · "
                                 f"Abstain {entry.get('abstain', 0)} — "
                                 f"{'carried' if entry.get('passed') else 'defeated'}"})
        elif kind == "ending":
            out.append({"kind": "ending", "label": "Ending", "html": story_html(text)})
        else:
            out.append({"kind": str(kind), "label": "", "html": story_html(text)})
    return out


def glossary(pt: Playthrough) -> list[M.Term]:
    """The terms met so far, in alphabetical order (the window's glossary lists the same)."""
    terms = [pt.story.glossary[t] for t in dict.fromkeys(pt.state.terms) if t in pt.story.glossary]
    return sorted(terms, key=lambda t: t.term.lower())


def place_line(st: Stage) -> str:
    return " · ".join(x for x in (st.date, st.place) if x)
