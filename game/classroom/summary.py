"""Class summaries: a folder of student reports → one HTML page and one CSV.

Per decision how many chose each option and how many did what was done
historically, the endings, the reflection answers grouped by question, and (with
a roster) who has not finished. Damaged, duplicate and foreign files are listed
as skipped with the reason; they never stop the summary.

Reading is the cost (JSON parsing); the aggregation keeps only what the page
shows, so a 2,000-report folder takes seconds (``make bench``, docs/performance.md).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .html import e, page, rich
from .names import name_key
from .report import ReportError, read_report

MAX_ROSTER_BYTES = 1024 * 1024


class SummaryError(Exception):
    """The summary cannot be made at all (no such folder, output not writable)."""


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass
class OptionCount:
    label: str
    count: int = 0
    historical: bool | None = None  # did this option do what was done historically?


@dataclass
class DecisionSummary:
    id: str
    prompt: str
    chapter: str
    kind: str
    order: float  # mean position in play, for a stable, story-like order
    total: int = 0
    matched: int = 0
    comparable: int = 0
    historical_label: str = ""
    options: dict[str, OptionCount] = field(default_factory=dict)
    #: appointments: per post, who was appointed how often (combinations would explode)
    posts: dict[str, dict[str, OptionCount]] = field(default_factory=dict)


@dataclass
class QuestionSummary:
    id: str
    prompt: str
    kind: str
    choices: tuple[str, ...]
    counts: Counter[str] = field(default_factory=Counter)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (student, answer)
    unanswered: int = 0


@dataclass
class StudentRow:
    file: str
    name: str
    class_name: str
    assignment: str
    scenario: str
    finished: bool
    ending: str
    matched: int
    comparable: int
    generated_at: str
    choices: dict[str, str]
    answers: dict[str, str]


@dataclass
class Summary:
    folder: str
    students: list[StudentRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    decisions: dict[str, DecisionSummary] = field(default_factory=dict)
    endings: Counter[str] = field(default_factory=Counter)
    historical_ending: str = ""
    questions: dict[str, QuestionSummary] = field(default_factory=dict)
    assignments: Counter[str] = field(default_factory=Counter)
    story: str = ""
    roster_missing: list[str] = field(default_factory=list)
    roster_unfinished: list[str] = field(default_factory=list)
    not_on_roster: list[str] = field(default_factory=list)
    roster_given: bool = False
    ignored_other: int = 0

    @property
    def report_count(self) -> int:
        return len(self.students)


def _read_all(folder: Path, summary: Summary) -> list[tuple[str, dict[str, Any]]]:
    try:
        entries = sorted(p for p in folder.iterdir())
    except FileNotFoundError:
        raise SummaryError(f"there is no folder {folder}") from None
    except NotADirectoryError:
        raise SummaryError(f"{folder} is a file; give the folder that holds the reports") from None
    except OSError as exc:
        raise SummaryError(f"{folder} cannot be read: {exc.strerror or exc}") from None
    good: list[tuple[str, dict[str, Any]]] = []
    for p in entries:
        if p.suffix.lower() != ".json":
            if p.is_file() and p.suffix.lower() not in (".html", ".csv"):
                summary.ignored_other += 1
            continue
        if not p.is_file():
            summary.skipped.append(Skipped(p.name, "not a file"))
            continue
        try:
            good.append((p.name, read_report(p)))
        except ReportError as exc:
            summary.skipped.append(Skipped(p.name, str(exc)))
    return good


def _dedupe(reports: list[tuple[str, dict[str, Any]]], summary: Summary) -> list[tuple[str, dict[str, Any]]]:
    # The story most reports belong to is the class's; the others are foreign.
    stories = Counter(str((d.get("story") or {}).get("id")) for _, d in reports)
    main_story = stories.most_common(1)[0][0] if stories else ""
    summary.story = main_story
    seen_ids: dict[str, str] = {}
    latest: dict[tuple[str, str, str], tuple[str, dict[str, Any]]] = {}
    for name, d in reports:
        sid = str((d.get("story") or {}).get("id"))
        if sid != main_story:
            summary.skipped.append(Skipped(name, f"a report of another story ('{sid}'), not '{main_story}'"))
            continue
        rid = str(d.get("id", ""))
        if rid and rid in seen_ids:
            summary.skipped.append(Skipped(name, f"duplicate: the same report as {seen_ids[rid]}"))
            continue
        seen_ids[rid] = name
        who = name_key(str(d["student"].get("name", "")))
        assignment = str((d.get("assignment") or {}).get("title", ""))
        key = (who, assignment, str((d.get("scenario") or {}).get("id", "")))
        if key in latest:
            other_name, other = latest[key]
            newer, older = ((name, d), (other_name, other)) if str(d.get("generated_at", "")) >= str(
                other.get("generated_at", "")) else ((other_name, other), (name, d))
            summary.skipped.append(Skipped(older[0], f"duplicate: an older report by the same student"
                                                     f" (the newer one is {newer[0]})"))
            latest[key] = newer
        else:
            latest[key] = (name, d)
    return sorted(latest.values(), key=lambda item: (name_key(str(item[1]["student"].get("name", ""))), item[0]))


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _add(summary: Summary, file: str, d: dict[str, Any]) -> None:
    outcome = raw_outcome if isinstance(raw_outcome := d.get("outcome"), dict) else {}
    player_end = raw_player if isinstance(raw_player := outcome.get("player"), dict) else None
    hist_end = raw_historical if isinstance(raw_historical := outcome.get("historical"), dict) else None
    if hist_end and not summary.historical_ending:
        summary.historical_ending = _s(hist_end.get("title"))
    finished = bool(d.get("finished"))
    ending = _s(player_end.get("title")) if player_end else ""
    summary.endings[ending if finished and ending else "(not finished)"] += 1
    assignment = raw_assignment if isinstance(raw_assignment := d.get("assignment"), dict) else {}
    summary.assignments[_s(assignment.get("title")) or "(no assignment)"] += 1
    choices: dict[str, str] = {}
    matched = comparable = 0
    for i, dec in enumerate(d["decisions"]):
        did = dec["id"]
        s = summary.decisions.get(did)
        if s is None:
            s = summary.decisions[did] = DecisionSummary(did, _s(dec.get("prompt")), _s(dec.get("chapter_title")),
                                                         _s(dec.get("kind")), 0.0)
        s.order += (int(dec.get("n", i + 1)) if isinstance(dec.get("n"), int) else i + 1)
        s.total += 1
        label = _s(dec.get("player"))
        if s.kind == "vote":
            label = "Carried" if dec.get("key") == "passed" else "Defeated"
        key = _s(dec.get("key")) or label
        opt = s.options.get(key)
        if opt is None:
            opt = s.options[key] = OptionCount(label)
        opt.count += 1
        for post in dec.get("posts") or []:
            if isinstance(post, dict):
                people = s.posts.setdefault(_s(post.get("post")), {})
                person = _s(post.get("player"))
                pc = people.get(person)
                if pc is None:
                    pc = people[person] = OptionCount(person)
                pc.count += 1
                if isinstance(post.get("matched"), bool):
                    pc.historical = post["matched"]
        m = dec.get("matched")
        if isinstance(m, bool):
            opt.historical = m
            s.comparable += 1
            comparable += 1
            if m:
                s.matched += 1
                matched += 1
        if not s.historical_label and _s(dec.get("historical")):
            s.historical_label = _s(dec.get("historical"))
        choices[did] = label
    student = _s(d["student"].get("name")) or "(no name)"
    answers: dict[str, str] = {}
    for r in d["reflection"]:
        qid = r["id"]
        q = summary.questions.get(qid)
        if q is None:
            q = summary.questions[qid] = QuestionSummary(
                qid, _s(r.get("prompt")), _s(r.get("kind")),
                tuple(c for c in r.get("choices") or [] if isinstance(c, str)))
        text = _s(r.get("answer_text"))
        answers[qid] = text
        if not text:
            q.unanswered += 1
        elif q.kind == "menu":
            q.counts[text] += 1
        else:
            q.texts.append((student, text))
    summary.students.append(StudentRow(
        file, student, _s(d["student"].get("class")), _s(assignment.get("title")),
        _s((d.get("scenario") or {}).get("title")), finished, ending, matched, comparable,
        _s(d.get("generated_at")), choices, answers))


def read_roster(path: Path) -> list[str]:
    """One name per line; blank lines and lines starting with # are ignored; a CSV's first column is used."""
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise SummaryError(f"the roster {path} is too large for a list of names")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SummaryError(f"the roster {path} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SummaryError(f"the roster {path} is not UTF-8 text; save it as UTF-8") from None
    names = []
    for row in csv.reader(io.StringIO(text)):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        names.append(" ".join(row[0].split()))
    if names and name_key(names[0]) in ("name", "student", "students", "names"):
        names = names[1:]
    return names


def summarise(folder: Path, roster: Path | None = None) -> Summary:
    """Read every report in ``folder`` and aggregate them."""
    summary = Summary(str(folder))
    for file, d in _dedupe(_read_all(folder, summary), summary):
        _add(summary, file, d)
    n = len(summary.students)
    for s in summary.decisions.values():
        s.order = s.order / s.total if s.total else 0.0
    summary.decisions = dict(sorted(summary.decisions.items(), key=lambda kv: (kv[1].order, kv[0])))
    if roster is not None:
        summary.roster_given = True
        names = read_roster(roster)
        by_key = {name_key(s.name): s for s in summary.students}
        roster_keys = {name_key(x) for x in names}
        for x in names:
            student = by_key.get(name_key(x))
            if student is None:
                summary.roster_missing.append(x)
            elif not student.finished:
                summary.roster_unfinished.append(x)
        summary.not_on_roster = [s.name for s in summary.students if name_key(s.name) not in roster_keys]
    assert n == len(summary.students)
    return summary


# --- output -------------------------------------------------------------------------


def _safe_cell(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: make student text inert."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def summary_csv(summary: Summary) -> str:
    """One row per student: who, what they chose at each decision, and their answers."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    decisions = list(summary.decisions.values())
    questions = list(summary.questions.values())
    w.writerow(["student", "class", "assignment", "scenario", "finished", "ending", "same as history",
                "decisions compared", *[f"decision: {d.prompt or d.id}" for d in decisions],
                *[f"question: {q.prompt or q.id}" for q in questions], "report file"])
    for s in summary.students:
        w.writerow([_safe_cell(x) for x in (
            s.name, s.class_name, s.assignment, s.scenario, "yes" if s.finished else "no", s.ending,
            str(s.matched), str(s.comparable), *[s.choices.get(d.id, "") for d in decisions],
            *[s.answers.get(q.id, "") for q in questions], s.file)])
    return out.getvalue()


_HIST = ' <span class="tag same">Historical</span>'


def _bar(count: int, total: int, hist: bool = False) -> str:
    width = 0 if total == 0 else max(2, round(120 * count / total)) if count else 0
    cls = "bar hist" if hist else "bar"
    return f'<span class="{cls}" style="width:{width}px"></span>'


def _pct(count: int, total: int) -> str:
    return f"{round(100 * count / total)} %" if total else "–"


def summary_html(summary: Summary) -> str:
    n = summary.report_count
    now = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    parts = [f'<header><h1><span class="kicker">After Lenin · class summary</span>{e(", ".join(a for a in summary.assignments if a != "(no assignment)") or "Class summary")}</h1>'
             f'<dl class="meta"><dt>Reports</dt><dd>{n}</dd><dt>Finished</dt>'
             f'<dd>{sum(1 for s in summary.students if s.finished)}</dd>'
             f'<dt>Skipped files</dt><dd>{len(summary.skipped)}</dd><dt>Folder</dt><dd>{e(summary.folder)}</dd>'
             f"<dt>Generated</dt><dd>{e(now)}</dd></dl></header>"]
    if summary.skipped:
        items = "".join(f"<li><strong>{e(s.name)}</strong>: {e(s.reason)}</li>" for s in summary.skipped)
        parts.append(f'<div class="summary"><p><strong>Skipped {len(summary.skipped)} file(s):</strong></p>'
                     f'<ul class="skipped">{items}</ul></div>')
    if summary.roster_given:
        def names(xs: Iterable[str]) -> str:
            xs = list(xs)
            return ", ".join(e(x) for x in xs) if xs else "nobody"
        parts.append('<section><h2><span class="num">!</span>Who has not finished</h2>'
                     f"<p><strong>No report:</strong> {names(summary.roster_missing)}</p>"
                     f"<p><strong>Report, but did not reach an ending:</strong> {names(summary.roster_unfinished)}</p>"
                     f"<p><strong>Reports from names not on the roster:</strong> {names(summary.not_on_roster)}</p>"
                     "</section>")
    # endings
    rows = "".join(
        f"<tr><td>{rich(title)}{_HIST if title == summary.historical_ending else ''}"
        f'</td><td class="num">{count}</td><td class="num">{_pct(count, n)}</td><td>{_bar(count, n)}</td></tr>'
        for title, count in summary.endings.most_common())
    hist_note = (f'<p class="note">What happened historically: {rich(summary.historical_ending)}.</p>'
                 if summary.historical_ending else "")
    parts.append('<section><h2><span class="num">1</span>Endings</h2>'
                 "<table><thead><tr><th>Ending</th><th class=\"num\">Students</th><th class=\"num\">Share</th><th></th>"
                 f"</tr></thead><tbody>{rows or '<tr><td colspan=4>No reports.</td></tr>'}</tbody></table>{hist_note}"
                 "</section>")
    # decisions
    def option_rows(options: Iterable[OptionCount], total: int) -> str:
        return "".join(
            f"<tr><td>{rich(o.label)}{_HIST if o.historical else ''}</td>"
            f'<td class="num">{o.count}</td><td class="num">{_pct(o.count, total)}</td>'
            f"<td>{_bar(o.count, total, bool(o.historical))}</td></tr>"
            for o in sorted(options, key=lambda o: -o.count))

    dec_parts = []
    for i, d in enumerate(summary.decisions.values(), 1):
        if d.posts:
            orow = "".join(f'<tr><th colspan="4">{e(post)}</th></tr>{option_rows(people.values(), d.total)}'
                           for post, people in d.posts.items())
        else:
            orow = option_rows(d.options.values(), d.total)
        matched = (f"<p><strong>{d.matched} of {d.comparable}</strong> did what was done historically"
                   f" ({_pct(d.matched, d.comparable)}).</p>" if d.comparable else
                   '<p class="note">No single historical option: compare with the record.</p>')
        hist = f'<p class="note">Historically: {rich(d.historical_label)}</p>' if d.historical_label else ""
        chapter = f'<span class="chapter">{e(d.chapter)}</span>' if d.chapter else ""
        dec_parts.append(
            f'<article class="decision"><header><span class="n">{i}</span><h3>{rich(d.prompt or d.id)}</h3>{chapter}'
            f"</header><p class=\"note\">Taken by {d.total} of {n} students.</p>"
            "<table><thead><tr><th>Choice</th><th class=\"num\">Students</th><th class=\"num\">Share</th><th></th>"
            f"</tr></thead><tbody>{orow}</tbody></table>{matched}{hist}</article>")
    parts.append('<section><h2><span class="num">2</span>Decisions</h2>'
                 + ("".join(dec_parts) or "<p>No decisions in these reports.</p>") + "</section>")
    # reflections
    q_parts = []
    for q in summary.questions.values():
        if q.kind == "menu":
            total = sum(q.counts.values())
            order = list(q.choices) + [c for c in q.counts if c not in q.choices]
            rows = "".join(f'<tr><td>{e(c)}</td><td class="num">{q.counts.get(c, 0)}</td>'
                           f"<td>{_bar(q.counts.get(c, 0), total)}</td></tr>" for c in order)
            body = ("<table><thead><tr><th>Answer</th><th class=\"num\">Students</th><th></th></tr></thead>"
                    f"<tbody>{rows}</tbody></table>")
        else:
            items = "".join(f'<li><strong>{e(who)}:</strong> <span class="answer">{e(text)}</span></li>'
                            for who, text in q.texts)
            body = f"<ul>{items}</ul>" if items else '<p class="note">No answers.</p>'
        if q.unanswered:
            body += f'<p class="note">{q.unanswered} student(s) did not answer.</p>'
        q_parts.append(f'<div class="card"><h3>{e(q.prompt)}</h3>{body}</div>')
    parts.append('<section><h2><span class="num">3</span>Reflections</h2>'
                 + ("".join(q_parts) or "<p>No reflection answers.</p>") + "</section>")
    # students
    srows = "".join(
        f"<tr><td>{e(s.name)}</td><td>{e(s.class_name)}</td><td>{'yes' if s.finished else '<strong>no</strong>'}</td>"
        f'<td>{e(s.ending)}</td><td class="num">{s.matched} / {s.comparable}</td><td class="note">{e(s.file)}</td></tr>'
        for s in summary.students)
    parts.append('<section><h2><span class="num">4</span>Students</h2><table><thead><tr><th>Student</th><th>Class</th>'
                 "<th>Finished</th><th>Ending</th><th class=\"num\">Same as history</th><th>File</th></tr></thead>"
                 f"<tbody>{srows}</tbody></table></section>")
    parts.append("<footer>Counts come from the students' report files; a student's latest report counts once."
                 " The CSV beside this page has one row per student for spreadsheets.</footer>")
    return page("After Lenin — class summary", "".join(parts))


def write_summary(folder: Path, output: Path, roster: Path | None = None) -> tuple[Path, Path, Summary]:
    """Summarise ``folder`` into OUTPUT.html and OUTPUT.csv (``output`` may end in .html)."""
    from ..engine.saves import write_atomic

    summary = summarise(folder, roster)
    base = output.with_suffix("") if output.suffix.lower() in (".html", ".htm", ".csv") else output
    html_path, csv_path = base.with_name(base.name + ".html"), base.with_name(base.name + ".csv")
    try:
        write_atomic(html_path, summary_html(summary))
        # a BOM lets Excel read the names' accents as UTF-8
        write_atomic(csv_path, "\ufeff" + summary_csv(summary))
    except OSError as exc:
        raise SummaryError(f"cannot write {base}: {exc.strerror or exc}") from None
    return html_path, csv_path, summary
