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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .html import e, page, rich
from .names import name_key, near_matches
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
    #: marked menu questions: reports that carry a mark, how many of them right, the right choices
    marked: int = 0
    correct: int = 0
    accepted: tuple[str, ...] = ()


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
    #: points scored on the marked menu questions, and the points possible (None: nothing marked)
    score: int | None = None
    max_score: int | None = None
    marks: dict[str, str] = field(default_factory=dict)  # question id -> "1/1"
    #: what the teacher should look at (a copied playthrough), in words
    flags: list[str] = field(default_factory=list)
    group: int = 0  # index into Summary.groups


@dataclass
class Group:
    """One assignment's reports (title and scenario): counted apart, never merged with another's."""

    title: str
    scenario: str
    students: list[StudentRow] = field(default_factory=list)
    decisions: dict[str, DecisionSummary] = field(default_factory=dict)
    endings: Counter[str] = field(default_factory=Counter)
    historical_ending: str = ""
    questions: dict[str, QuestionSummary] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.title} ({self.scenario})" if self.scenario else self.title

    @property
    def report_count(self) -> int:
        return len(self.students)


@dataclass
class Summary:
    folder: str
    students: list[StudentRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    assignments: Counter[str] = field(default_factory=Counter)
    story: str = ""
    roster_missing: list[str] = field(default_factory=list)
    roster_unfinished: list[str] = field(default_factory=list)
    not_on_roster: list[str] = field(default_factory=list)
    #: a name not on the roster -> roster names it may be (a typo, first and last name swapped)
    roster_suggestions: dict[str, list[str]] = field(default_factory=dict)
    roster_given: bool = False
    ignored_other: int = 0
    #: the assignment asked for with ``--assignment`` ("" = every assignment found)
    chosen: str = ""
    #: report pages the summary made from a JSON handed in without its HTML (file names)
    pages_made: list[str] = field(default_factory=list)
    #: such pages that could not be written: (JSON file name, why)
    pages_failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def report_count(self) -> int:
        return len(self.students)

    def _only(self) -> Group:
        if len(self.groups) > 1:
            raise ValueError("these reports are for several assignments: read summary.groups, one per assignment")
        return self.groups[0] if self.groups else Group("", "")

    # One assignment (the usual case, and every class on the server): its counts directly.
    @property
    def decisions(self) -> dict[str, DecisionSummary]:
        return self._only().decisions

    @property
    def endings(self) -> Counter[str]:
        return self._only().endings

    @property
    def historical_ending(self) -> str:
        return self._only().historical_ending

    @property
    def questions(self) -> dict[str, QuestionSummary]:
        return self._only().questions


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


def _who(d: dict[str, Any]) -> str:
    return str(d["student"].get("name", ""))


def _playthrough(d: dict[str, Any]) -> str:
    """What a copy shares with its original even with the name changed: when, every decision, every answer."""
    decisions = [(x.get("id"), x.get("key"), x.get("player")) for x in d["decisions"] if isinstance(x, dict)]
    answers = [r.get("answer") for r in d["reflection"] if isinstance(r, dict)]
    return repr((d.get("generated_at"), decisions, answers))


def _dedupe(reports: list[tuple[str, dict[str, Any]]], summary: Summary,
            flags: dict[str, list[str]]) -> list[tuple[str, dict[str, Any]]]:
    # The story most reports belong to is the class's; the others are foreign.
    stories = Counter(str((d.get("story") or {}).get("id")) for _, d in reports)
    main_story = stories.most_common(1)[0][0] if stories else ""
    summary.story = main_story
    # first holder of each report id and of each playthrough: (file, name key, name)
    seen: dict[str, tuple[str, str, str]] = {}
    latest: dict[tuple[str, str, str], tuple[str, dict[str, Any]]] = {}
    for name, d in reports:
        sid = str((d.get("story") or {}).get("id"))
        if sid != main_story:
            summary.skipped.append(Skipped(name, f"a report of another story ('{sid}'), not '{main_story}'"))
            continue
        who = name_key(_who(d))
        marks = ([f"id:{d['id']}"] if d.get("id") else []) + [f"play:{_playthrough(d)}"]
        firsts = [(m, seen[m]) for m in marks if m in seen]
        for m in marks:
            seen.setdefault(m, (name, who, _who(d)))
        if any(m.startswith("id:") and first[1] == who for m, first in firsts):
            # the same file handed in twice (or renamed): count it once
            first = next(f for m, f in firsts if m.startswith("id:"))
            summary.skipped.append(Skipped(name, f"duplicate: the same report as {first[0]}"))
            continue
        copy_of = next((f for _, f in firsts if f[1] != who), None)
        if copy_of is not None:
            # The same playthrough under two names: which is the original is for the
            # teacher to find out, so both are counted and both are flagged alike.
            flags.setdefault(name, []).append(f"the same playthrough as {copy_of[2] or '(no name)'}'s report"
                                              f" ({copy_of[0]}): check who played it")
            flags.setdefault(copy_of[0], []).append(f"the same playthrough as {_who(d) or '(no name)'}'s"
                                                  f" report ({name}): check who played it")
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
    return sorted(latest.values(), key=lambda item: (name_key(_who(item[1])), item[0]))


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _group_key(d: dict[str, Any]) -> tuple[str, str]:
    assignment = raw if isinstance(raw := d.get("assignment"), dict) else {}
    scenario = raw_sc if isinstance(raw_sc := d.get("scenario"), dict) else {}
    return (_s(assignment.get("title")) or "(no assignment)", _s(scenario.get("title")) or _s(scenario.get("id")))


def _add(summary: Summary, group: Group, file: str, d: dict[str, Any]) -> None:
    outcome = raw_outcome if isinstance(raw_outcome := d.get("outcome"), dict) else {}
    player_end = raw_player if isinstance(raw_player := outcome.get("player"), dict) else None
    hist_end = raw_historical if isinstance(raw_historical := outcome.get("historical"), dict) else None
    if hist_end and not group.historical_ending:
        group.historical_ending = _s(hist_end.get("title"))
    finished = bool(d.get("finished"))
    ending = _s(player_end.get("title")) if player_end else ""
    group.endings[ending if finished and ending else "(not finished)"] += 1
    assignment = raw_assignment if isinstance(raw_assignment := d.get("assignment"), dict) else {}
    summary.assignments[_s(assignment.get("title")) or "(no assignment)"] += 1
    choices: dict[str, str] = {}
    matched = comparable = 0
    for i, dec in enumerate(d["decisions"]):
        did = dec["id"]
        s = group.decisions.get(did)
        if s is None:
            s = group.decisions[did] = DecisionSummary(did, _s(dec.get("prompt")), _s(dec.get("chapter_title")),
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
    marks: dict[str, str] = {}
    score = of = 0
    for r in d["reflection"]:
        qid = r["id"]
        q = group.questions.get(qid)
        if q is None:
            q = group.questions[qid] = QuestionSummary(
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
        mk = r.get("mark")
        if isinstance(mk, dict) and isinstance(mk.get("points"), int) and isinstance(mk.get("of"), int):
            q.marked += 1
            q.correct += mk.get("correct") is True
            q.accepted = q.accepted or tuple(a for a in mk.get("accepted") or [] if isinstance(a, str))
            score += mk["points"]
            of += mk["of"]
            marks[qid] = f"{mk['points']}/{mk['of']}"
    row = StudentRow(
        file, student, _s(d["student"].get("class")), _s(assignment.get("title")),
        _s((d.get("scenario") or {}).get("title")), finished, ending, matched, comparable,
        _s(d.get("generated_at")), choices, answers, score if marks else None, of if marks else None, marks,
        group=summary.groups.index(group))
    group.students.append(row)
    summary.students.append(row)


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


def _matches(chosen: str, title: str, file: str) -> bool:
    want = name_key(chosen)
    return want in (name_key(title), name_key(file), name_key(Path(file).stem))


def summarise(folder: Path, roster: Path | None = None, assignment: str = "") -> Summary:
    """Read every report in ``folder`` and count them, one group per assignment found.

    ``assignment`` (a title or the assignment's file name) keeps only that assignment's
    reports; the others are listed as skipped. Raises SummaryError when none match.
    """
    summary = Summary(str(folder), chosen=assignment)
    flags: dict[str, list[str]] = {}
    reports = _dedupe(_read_all(folder, summary), summary, flags)
    if assignment:
        found = sorted({_group_key(d)[0] for _, d in reports})
        keep = [(f, d) for f, d in reports if _matches(assignment, _group_key(d)[0],
                                                         _s((d.get("assignment") or {}).get("file")))]
        if reports and not keep:
            raise SummaryError(f"no report is for the assignment '{assignment}'; the reports are for: "
                               + "; ".join(found))
        for f, d in reports:
            if (f, d) not in keep:
                summary.skipped.append(Skipped(f, f"for another assignment ('{_group_key(d)[0]}'), not"
                                                  f" '{assignment}'"))
        reports = keep
    by_key: dict[tuple[str, str], Group] = {}
    for _, d in reports:
        key = _group_key(d)
        if key not in by_key:
            by_key[key] = Group(*key)
    summary.groups = [by_key[k] for k in sorted(by_key)]
    for file, d in reports:
        _add(summary, by_key[_group_key(d)], file, d)
        summary.students[-1].flags = flags.get(file, [])
    for group in summary.groups:
        for s in group.decisions.values():
            s.order = s.order / s.total if s.total else 0.0
        group.decisions = dict(sorted(group.decisions.items(), key=lambda kv: (kv[1].order, kv[0])))
    if roster is not None:
        summary.roster_given = True
        names = read_roster(roster)
        by_name = {name_key(s.name): s for s in summary.students}
        roster_keys = {name_key(x) for x in names}
        for x in names:
            student = by_name.get(name_key(x))
            if student is None:
                summary.roster_missing.append(x)
            elif not student.finished:
                summary.roster_unfinished.append(x)
        summary.not_on_roster = [s.name for s in summary.students if name_key(s.name) not in roster_keys]
        for name in summary.not_on_roster:
            close = near_matches(name, summary.roster_missing)
            if close:
                summary.roster_suggestions[name] = close
    return summary


# --- output -------------------------------------------------------------------------


def _safe_cell(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: make student text inert."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def summary_csv(summary: Summary) -> str:
    """One row per student: who, what they chose at each decision, their answers and marks.

    With a roster, a row also for each name on it with no report, so the spreadsheet
    is the whole class.
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    decisions: dict[str, DecisionSummary] = {}
    for g in summary.groups:  # a decision of the story is the same column in every assignment
        for did, d in g.decisions.items():
            decisions.setdefault(did, d)
    several = len(summary.groups) > 1
    questions = [(gi, q) for gi, g in enumerate(summary.groups) for q in g.questions.values()]
    marked = [(gi, q) for gi, q in questions if q.marked]

    def qlabel(kind: str, gi: int, q: QuestionSummary) -> str:
        where = f" [{summary.groups[gi].title}]" if several else ""
        return f"{kind}: {q.prompt or q.id}{where}"

    w.writerow(["student", "class", "assignment", "scenario", "finished", "ending", "same as history",
                "decisions compared", "score", "out of", *[f"decision: {d.prompt or d.id}" for d in decisions.values()],
                *[qlabel("question", gi, q) for gi, q in questions], *[qlabel("mark", gi, q) for gi, q in marked],
                "check", "report file"])
    for s in summary.students:
        def mine(gi: int) -> bool:
            return gi == s.group  # noqa: B023 - used at once, inside this loop
        w.writerow([_safe_cell(x) for x in (
            s.name, s.class_name, s.assignment, s.scenario, "yes" if s.finished else "no", s.ending,
            str(s.matched), str(s.comparable), "" if s.score is None else str(s.score),
            "" if s.max_score is None else str(s.max_score), *[s.choices.get(d, "") for d in decisions],
            *[s.answers.get(q.id, "") if mine(gi) else "" for gi, q in questions],
            *[s.marks.get(q.id, "") if mine(gi) else "" for gi, q in marked],
            "; ".join(s.flags), s.file)])
    blank = [""] * (len(decisions) + len(questions) + len(marked))
    for name in summary.roster_missing:
        w.writerow([_safe_cell(name), "", "", "", "no report", "", "", "", "", "", *blank, "", ""])
    return out.getvalue()


_HIST = ' <span class="tag same">Historical</span>'
_RIGHT = ' <span class="tag same">Right answer</span>'


def _bar(count: int, total: int, hist: bool = False) -> str:
    width = 0 if total == 0 else max(2, round(120 * count / total)) if count else 0
    cls = "bar hist" if hist else "bar"
    return f'<span class="{cls}" style="width:{width}px"></span>'


def _pct(count: int, total: int) -> str:
    return f"{round(100 * count / total)} %" if total else "–"


def _option_rows(options: Iterable[OptionCount], total: int) -> str:
    return "".join(
        f"<tr><td>{rich(o.label)}{_HIST if o.historical else ''}</td>"
        f'<td class="num">{o.count}</td><td class="num">{_pct(o.count, total)}</td>'
        f"<td>{_bar(o.count, total, bool(o.historical))}</td></tr>"
        for o in sorted(options, key=lambda o: -o.count))


def _group_html(g: Group, first: int) -> list[str]:
    """A group's endings, decisions and reflections; sections numbered from ``first``."""
    n = g.report_count
    parts = []
    rows = "".join(
        f"<tr><td>{rich(title)}{_HIST if title == g.historical_ending else ''}"
        f'</td><td class="num">{count}</td><td class="num">{_pct(count, n)}</td><td>{_bar(count, n)}</td></tr>'
        for title, count in g.endings.most_common())
    hist_note = (f'<p class="note">What happened historically: {rich(g.historical_ending)}.</p>'
                 if g.historical_ending else "")
    parts.append(f'<section><h2><span class="num">{first}</span>Endings</h2>'
                 "<table><thead><tr><th>Ending</th><th class=\"num\">Students</th><th class=\"num\">Share</th><th></th>"
                 f"</tr></thead><tbody>{rows or '<tr><td colspan=4>No reports.</td></tr>'}</tbody></table>{hist_note}"
                 "</section>")
    dec_parts = []
    for i, d in enumerate(g.decisions.values(), 1):
        if d.posts:
            orow = "".join(f'<tr><th colspan="4">{e(post)}</th></tr>{_option_rows(people.values(), d.total)}'
                           for post, people in d.posts.items())
        else:
            orow = _option_rows(d.options.values(), d.total)
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
    parts.append(f'<section><h2><span class="num">{first + 1}</span>Decisions</h2>'
                 + ("".join(dec_parts) or "<p>No decisions in these reports.</p>") + "</section>")
    q_parts = []
    for q in g.questions.values():
        if q.kind == "menu":
            total = sum(q.counts.values())
            order = list(q.choices) + [c for c in q.counts if c not in q.choices]
            rows = "".join(f'<tr><td>{e(c)}{_RIGHT if c in q.accepted else ""}'
                           f'</td><td class="num">{q.counts.get(c, 0)}</td>'
                           f"<td>{_bar(q.counts.get(c, 0), total, c in q.accepted)}</td></tr>" for c in order)
            body = ("<table><thead><tr><th>Answer</th><th class=\"num\">Students</th><th></th></tr></thead>"
                    f"<tbody>{rows}</tbody></table>")
            if q.marked:
                body += (f"<p><strong>{q.correct} of {q.marked}</strong> answered right"
                         f" ({_pct(q.correct, q.marked)}).</p>")
        else:
            items = "".join(f'<li><strong>{e(who)}:</strong> <span class="answer">{e(text)}</span></li>'
                            for who, text in q.texts)
            body = f"<ul>{items}</ul>" if items else '<p class="note">No answers.</p>'
        if q.unanswered:
            body += f'<p class="note">{q.unanswered} student(s) did not answer.</p>'
        q_parts.append(f'<div class="card"><h3>{e(q.prompt)}</h3>{body}</div>')
    parts.append(f'<section><h2><span class="num">{first + 2}</span>Reflections</h2>'
                 + ("".join(q_parts) or "<p>No reflection answers.</p>") + "</section>")
    return parts


def summary_html(summary: Summary, report_href: Callable[[StudentRow], str | None] | None = None,
                 links_note: str = "Each name opens that student's report (keep this page in the folder it was"
                                   " written to).") -> str:
    """The class summary page; ``report_href`` gives each student's link to their report (None: no link)."""
    n = summary.report_count
    now = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    titles = [g.title for g in summary.groups if g.title != "(no assignment)"]
    parts = [f'<header><h1><span class="kicker">After Lenin · class summary</span>'
             f'{e(" · ".join(dict.fromkeys(titles)) or "Class summary")}</h1>'
             f'<dl class="meta"><dt>Reports</dt><dd>{n}</dd><dt>Finished</dt>'
             f'<dd>{sum(1 for s in summary.students if s.finished)}</dd>'
             f'<dt>Skipped files</dt><dd>{len(summary.skipped)}</dd><dt>Folder</dt><dd>{e(summary.folder)}</dd>'
             f"<dt>Generated</dt><dd>{e(now)}</dd></dl></header>"]
    if len(summary.groups) > 1:
        items = "".join(f'<li><a href="#g{i}">{e(g.label)}</a>: {g.report_count} report(s)</li>'
                        for i, g in enumerate(summary.groups, 1))
        parts.append(f'<div class="summary"><p><strong>These reports are for {len(summary.groups)} different'
                     " assignments.</strong> Each is counted on its own below, never added together"
                     " (<code>--assignment TITLE</code> summarises one):</p>"
                     f"<ul>{items}</ul></div>")
    flagged = [s for s in summary.students if s.flags]
    if flagged:
        items = "".join(f"<li><strong>{e(s.name)}</strong> ({e(s.file)}): {e('; '.join(s.flags))}</li>"
                        for s in flagged)
        parts.append('<div class="summary"><p><strong>Check these reports:</strong> both copies are counted;'
                     f" neither is taken for the original.</p><ul>{items}</ul></div>")
    if summary.skipped:
        items = "".join(f"<li><strong>{e(s.name)}</strong>: {e(s.reason)}</li>" for s in summary.skipped)
        parts.append(f'<div class="summary"><p><strong>Skipped {len(summary.skipped)} file(s):</strong></p>'
                     f'<ul class="skipped">{items}</ul></div>')
    if summary.roster_given:
        def names(xs: Iterable[str]) -> str:
            xs = list(xs)
            return ", ".join(e(x) for x in xs) if xs else "nobody"

        def unknown(x: str) -> str:
            close = summary.roster_suggestions.get(x)
            return e(x) + (f" (on the roster as {' or '.join(e(c) for c in close)}?)" if close else "")

        strangers = ", ".join(unknown(x) for x in summary.not_on_roster) or "nobody"
        parts.append('<section><h2><span class="num">!</span>Who has not finished</h2>'
                     f"<p><strong>No report:</strong> {names(summary.roster_missing)}</p>"
                     f"<p><strong>Report, but did not reach an ending:</strong> {names(summary.roster_unfinished)}</p>"
                     f"<p><strong>Reports from names not on the roster:</strong> {strangers}</p>"
                     "</section>")
    if len(summary.groups) <= 1:
        parts += _group_html(summary.groups[0] if summary.groups else Group("", ""), 1)
    else:
        for i, g in enumerate(summary.groups, 1):
            parts.append(f'<h2 class="group" id="g{i}"><span class="num">{chr(64 + i) if i <= 26 else i}</span>'
                         f"{e(g.label)} <span class=\"note\">{g.report_count} report(s)</span></h2>")
            parts += _group_html(g, 1)
    marked = any(s.max_score is not None for s in summary.students)

    def who(s: StudentRow) -> str:
        href = report_href(s) if report_href else None
        return f'<a href="{e(href)}">{e(s.name)}</a>' if href else e(s.name)

    srows = "".join(
        f"<tr><td>{who(s)}</td><td>{e(s.class_name)}</td>"
        + (f"<td>{e(s.assignment)}</td>" if len(summary.groups) > 1 else "")
        + f"<td>{'yes' if s.finished else '<strong>no</strong>'}</td>"
        f'<td>{e(s.ending)}</td><td class="num">{s.matched} / {s.comparable}</td>'
        + (f'<td class="num">{"" if s.score is None else f"{s.score} / {s.max_score}"}</td>' if marked else "")
        + f'<td class="note">{e(s.file)}{" — <strong>check</strong>" if s.flags else ""}</td></tr>'
        for s in summary.students)
    parts.append('<section><h2><span class="num">4</span>Students</h2><table><thead><tr><th>Student</th>'
                 "<th>Class</th>" + ("<th>Assignment</th>" if len(summary.groups) > 1 else "")
                 + "<th>Finished</th><th>Ending</th><th class=\"num\">Same as history</th>"
                 + ("<th class=\"num\">Score</th>" if marked else "")
                 + f"<th>File</th></tr></thead><tbody>{srows}</tbody></table>"
                 + (f'<p class="note">{e(links_note)}</p>'
                    if report_href and any(report_href(s) for s in summary.students) else "")
                 + "</section>")
    parts.append("<footer>Counts come from the students' report files; a student's latest report counts once."
                 " The CSV beside this page has one row per student for spreadsheets.</footer>")
    return page("After Lenin — class summary", "".join(parts))


def _report_links(folder: Path, output_dir: Path) -> Callable[[StudentRow], str | None]:
    """Links from the summary page to each report's HTML beside its JSON (relative, so the folder can move)."""
    import os

    def href(s: StudentRow) -> str | None:
        page_file = folder / Path(s.file).with_suffix(".html").name
        if not page_file.is_file():
            return None
        try:
            return os.path.relpath(page_file, output_dir).replace(os.sep, "/")
        except ValueError:  # Windows: another drive, no relative path
            return page_file.absolute().as_uri()

    return href


def _make_missing_pages(folder: Path, summary: Summary) -> None:
    """A report handed in as its JSON alone gets its HTML page beside it, made from the JSON, so
    that every name in the summary opens a printable report (as ``after-lenin report`` would)."""
    from ..engine.saves import write_atomic
    from .html import render_report

    for s in summary.students:
        source = folder / s.file
        target = source.with_suffix(".html")
        if target.exists():
            continue
        try:
            write_atomic(target, render_report(read_report(source)))
        except (OSError, ReportError) as exc:
            why = exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
            summary.pages_failed.append((s.file, why))
        else:
            summary.pages_made.append(target.name)


def write_summary(folder: Path, output: Path, roster: Path | None = None,
                  assignment: str = "") -> tuple[Path, Path, Summary]:
    """Summarise ``folder`` into OUTPUT.html and OUTPUT.csv (``output`` may end in .html)."""
    from ..engine.saves import write_atomic

    summary = summarise(folder, roster, assignment)
    _make_missing_pages(folder, summary)
    base = output.with_suffix("") if output.suffix.lower() in (".html", ".htm", ".csv") else output
    html_path, csv_path = base.with_name(base.name + ".html"), base.with_name(base.name + ".csv")
    try:
        write_atomic(html_path, summary_html(summary, _report_links(folder, html_path.parent.absolute())))
        # a BOM lets Excel read the names' accents as UTF-8
        write_atomic(csv_path, "\ufeff" + summary_csv(summary))
    except OSError as exc:
        raise SummaryError(f"cannot write {base}: {exc.strerror or exc}") from None
    return html_path, csv_path, summary
