"""HTML for reports and class summaries: one self-contained file each.

Inline CSS and SVG, no scripts, no web fonts, no network: the file opens from a
USB stick years later and prints cleanly on A4 or Letter. Every piece of text is
escaped; story text may use *italic*/**bold**, which becomes <em>/<strong> after
escaping, while anything a student typed is shown exactly as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Any

from ..history.chart import legend_svg, meter_svg
from ..history.dates import human_date
from ..history.trajectory import START

CSS = """
:root { --red: #C0272D; --ink: #1A1A1A; --paper: #EFE6D2; --aged: #D9CBB0; --grey: #5C5851; --ochre: #D9A23A; }
* { box-sizing: border-box; }
html { background: var(--paper); }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink); background: #FBF8F1;
  font: 11pt/1.5 "PT Serif", Georgia, "Times New Roman", serif; }
h1, h2, h3, .label, th, .tag { font-family: "PT Sans Narrow", "Arial Narrow", "Roboto Condensed", Arial, sans-serif; }
h1 { font-size: 1.9rem; line-height: 1.1; margin: 0 0 .25rem; letter-spacing: .01em; }
h1 .kicker { display: block; font-size: .8rem; letter-spacing: .12em; text-transform: uppercase; color: var(--red); }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; padding-bottom: .15rem; border-bottom: 3px solid var(--ink); }
h2 .num { display: inline-block; min-width: 1.6rem; color: var(--red); }
h3 { font-size: 1.05rem; margin: 0 0 .35rem; }
p { margin: .3rem 0; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .75rem 0 0; }
.meta dt { font-weight: bold; } .meta dd { margin: 0; }
.summary { border-left: 6px solid var(--red); background: var(--paper); padding: .6rem .9rem; margin: 1rem 0; }
.decision, .card { border: 1px solid var(--aged); border-top: 3px solid var(--ink); background: #fff;
  padding: .6rem .8rem; margin: .8rem 0; }
.decision header, .decision table, .dispute, .card h3 { break-inside: avoid; page-break-inside: avoid; }
.decision header, .card h3 { break-after: avoid; page-break-after: avoid; }
.decision header { display: flex; gap: .6rem; align-items: baseline; }
.decision .n { font: bold 1.2rem "PT Sans Narrow", Arial, sans-serif; color: var(--red); }
.chapter { color: var(--grey); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .35rem 0; }
th, td { text-align: left; vertical-align: top; padding: .25rem .45rem; border-bottom: 1px solid var(--aged); }
th { font-size: .95rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tag { display: inline-block; font-size: .8rem; padding: 0 .4rem; border: 1.5px solid var(--ink);
  text-transform: uppercase; letter-spacing: .05em; white-space: nowrap; }
.tag.same { background: var(--ink); color: #fff; }
.tag.diff { border-color: var(--red); color: var(--red); }
.record { margin-top: .45rem; padding-top: .35rem; border-top: 1px dashed var(--aged); }
.dispute { background: var(--paper); padding: .4rem .6rem; margin: .4rem 0; border-left: 3px solid var(--ochre); }
.dispute ul { margin: .2rem 0 0; padding-left: 1.1rem; }
.sources { font-size: .85rem; color: var(--grey); }
.note { font-size: .88rem; color: var(--grey); }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .6rem 1rem; }
.charts figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
.charts figcaption { font: bold .95rem "PT Sans Narrow", Arial, sans-serif; }
.charts figcaption .note { font: .8rem/1.3 "PT Serif", Georgia, serif; display: block; min-height: 2.1rem; }
svg.chart { width: 100%; height: auto; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--paper); padding: .3rem .6rem;
  border-left: 3px solid var(--ink); }
.answer.none { color: var(--grey); font-style: italic; }
.bar { display: inline-block; height: .7rem; background: var(--ink); vertical-align: middle; }
.bar.hist { background: repeating-linear-gradient(45deg, var(--red) 0 3px, #fff 3px 5px); border: 1px solid var(--red); }
.skipped li { margin: .15rem 0; }
footer { margin-top: 2.5rem; font-size: .85rem; color: var(--grey); border-top: 1px solid var(--aged); padding-top: .5rem; }
.teacher { border: 2px solid var(--ink); background: #fff; padding: .5rem .8rem .7rem; margin: 1rem 0; }
.teacher h3 { margin-bottom: .2rem; }
.teacher .ruled { height: 5.2rem; margin: .2rem 0 .5rem;
  background: repeating-linear-gradient(transparent 0 1.25rem, var(--aged) 1.25rem calc(1.25rem + 1px)); }
.teacher .mark { display: flex; gap: 2rem; align-items: baseline; }
.teacher .blank { display: inline-block; min-width: 6rem; border-bottom: 1px solid var(--ink); }
.print-only { display: none; }
@media print {
  /* A one-chapter report fits two A4 or Letter pages: the student's answers, the summary
     and the teacher's box on the first; no box is cut in two by a page break. */
  @page { margin: 9mm 10mm; }
  /* rem sizes follow the root: set it, not only the body, or notes and tags print large */
  html { font-size: 8.2pt; }
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 1rem; line-height: 1.26; }
  h1 { font-size: 1.4rem; }
  h2 { font-size: 1.05rem; margin: .55rem 0 .25rem; border-bottom-width: 2px; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: .95rem; margin-bottom: .15rem; }
  .meta { grid-template-columns: max-content 1fr max-content 1fr; gap: 0 .8rem; margin-top: .2rem; }
  .summary { padding: .25rem .6rem; margin: .4rem 0; }
  .decision, .card { border-color: #999; padding: .3rem .5rem; margin: .35rem 0; }
  .decision, .card, .teacher, .summary, .dispute, .reflection > li, .charts figure, tr {
    break-inside: avoid; page-break-inside: avoid; }
  .record { font-size: .93rem; margin-top: .25rem; padding-top: .2rem; }
  .dispute { padding: .2rem .45rem; margin: .2rem 0; }
  table { margin: .15rem 0; } th, td { padding: .1rem .35rem; }
  .sources { font-size: .76rem; line-height: 1.2; }
  .reflection { margin: .2rem 0; padding-left: 1.3rem; }
  .reflection > li p { margin: .1rem 0; }
  .answer { background: none; padding: 0 .4rem; border-left-width: 2px; }
  .reflection ol { margin: 0; padding-left: 1.2rem; }
  .teacher { margin: .45rem 0; padding: .3rem .6rem .35rem; }
  .teacher .ruled { height: 3.9rem; margin: .1rem 0 .3rem; }
  .screen-only, table.screen-only { display: none; }
  .print-only { display: block; }
  .print-only ul { margin: .1rem 0; padding-left: 1.2rem; }
  footer { margin-top: .5rem; padding-top: .2rem; font-size: .72rem; }
  a { color: inherit; text-decoration: none; }
}
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"\*(.+?)\*")


def e(value: Any) -> str:
    """Escape anything for HTML text or attribute values."""
    return escape("" if value is None else str(value), quote=True)


def rich(value: Any) -> str:
    """Story text: escaped, then *italic* and **bold** (never applied to what students typed)."""
    text = e(value)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def tag(matched: Any) -> str:
    if matched is True:
        return '<span class="tag same">Same as history</span>'
    if matched is False:
        return '<span class="tag diff">Different from history</span>'
    return '<span class="tag">Compare with the record</span>'


def _sources(sources: Any) -> str:
    if not sources:
        return ""
    return '<p class="sources">Sources: ' + "; ".join(e(s) for s in sources) + "</p>"


def _record(rec: Mapping[str, Any] | None) -> str:
    if not rec:
        return ""
    out = [f'<div class="record"><p><strong>What happened</strong> ({e(rec.get("date_text") or rec.get("date"))}):'
           f' <strong>{rich(rec.get("title"))}.</strong> {rich(rec.get("what"))}</p>']
    if rec.get("why"):
        out.append(f'<p><strong>Why it mattered:</strong> {rich(rec.get("why"))}</p>')
    d = rec.get("dispute")
    if d:
        items = "".join(f"<li>{rich(r.get('view'))} <span class=\"note\">— held by {e(r.get('held_by'))}</span></li>"
                        for r in d.get("readings") or [])
        out.append(f'<div class="dispute"><p><strong>Historians disagree:</strong> {rich(d.get("question"))}</p>'
                   f"<ul>{items}</ul></div>")
    out.append(_sources(rec.get("sources")))
    out.append("</div>")
    return "".join(out)


def _decision(d: Mapping[str, Any]) -> str:
    chapter = f'<span class="chapter">{e(d.get("chapter_title"))}</span>' if d.get("chapter_title") else ""
    out = [f'<article class="decision" id="d{e(d.get("n"))}"><header><span class="n">{e(d.get("n"))}</span>'
           f'<h3>{rich(d.get("prompt"))}</h3>{chapter}</header>']
    if d.get("kind") == "appointments" and d.get("posts"):
        rows = "".join(f"<tr><td>{e(p.get('post'))}</td><td>{e(p.get('player'))}</td>"
                       f"<td>{e(p.get('historical')) or '—'}</td><td>{tag(p.get('matched'))}</td></tr>"
                       for p in d["posts"])
        out.append("<table><thead><tr><th>Post</th><th>You appointed</th><th>Historically</th><th></th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>")
    elif d.get("matched") is True:  # the same words twice say nothing: one line, on screen and paper
        out.append(f'<p><strong>Your choice, as was done:</strong> {rich(d.get("player"))} {tag(True)}</p>')
    else:
        hist = rich(d.get("historical")) if d.get("historical") else "<em>See the record below.</em>"
        out.append("<table><thead><tr><th style=\"width:50%\">Your choice</th><th>What was done</th></tr></thead>"
                   f"<tbody><tr><td>{rich(d.get('player'))}</td><td>{hist}</td></tr></tbody></table>")
    if d.get("matched") is not True or d.get("kind") == "appointments":
        out.append(f"<p>{tag(d.get('matched'))}</p>")
    out.append(_record(d.get("record")))
    out.append("</article>")
    return "".join(out)


def _ending(label: str, end: Mapping[str, Any] | None, interpretation: bool, brief_in_print: bool = False) -> str:
    """An ending's card; ``brief_in_print``: on paper only its title and summary (the rest is on screen)."""
    if not end:
        return f'<div class="card"><h3>{e(label)}</h3><p class="note">Not reached yet.</p></div>'
    out = [f'<div class="card"><h3>{e(label)}: {rich(end.get("title"))}</h3><p>{rich(end.get("summary"))}</p>']
    if brief_in_print:
        out.append('<div class="screen-only">')
    if end.get("debrief"):
        prefix = "<strong>What historians say (interpretation):</strong> " if interpretation else ""
        out.append(f"<p>{prefix}{rich(end.get('debrief'))}</p>")
    out.append(_sources(end.get("sources")))
    if brief_in_print:
        out.append('</div><p class="note print-only">What historians say about it, with the sources, is in the'
                   " report on screen.</p>")
    out.append("</div>")
    return "".join(out)


def _outcome(o: Mapping[str, Any], one_chapter: bool = False) -> str:
    """The ending beside history; ``one_chapter``: on paper the end of the whole struggle is background, kept short."""
    player = o.get("player")
    if o.get("matched") is True:  # the same ending: one card, said once
        out = [_ending("Your ending is what happened", player, False, brief_in_print=one_chapter),
               f"<p>{tag(True)}</p>"]
    else:
        chapter_only = one_chapter or (isinstance(player, Mapping) and bool(player.get("chapter_end")))
        out = [_ending("Your ending", player, isinstance(player, Mapping) and not player.get("historical")),
               _ending("What happened", o.get("historical"), False, brief_in_print=chapter_only)]
        if o.get("matched") is not None:
            out.append(f"<p>{tag(o.get('matched'))}</p>")
    if one_chapter:  # on paper: the two endings in two lines, the cards stay on the screen
        def said(end: Any) -> str:
            if not isinstance(end, Mapping):
                return "not reached yet"
            return f"<strong>{rich(end.get('title'))}</strong> — {rich(end.get('summary'))}"
        out = [f'<div class="screen-only">{"".join(out)}</div><div class="print-only">'
               f"<p>Your ending: {said(player)}</p>"
               + (f"<p>What happened: {said(o.get('historical'))}</p>" if o.get("matched") is not True else
                  f"<p>{tag(True)}</p>")
               + "</div>"]
    aftermath = o.get("aftermath") or []
    if aftermath:
        rows = "".join(
            f"<tr><td><strong>{e(a.get('person'))}</strong></td><td>{e((a.get('record') or {}).get('date_text'))}</td>"
            f"<td>{rich((a.get('record') or {}).get('what'))}"
            f"{_sources((a.get('record') or {}).get('sources'))}</td></tr>"
            for a in aftermath)
        # what became of each of them, to 1940: on the screen; a printout stays short
        out.append('<div class="screen-only"><h3>What followed</h3><table><thead><tr><th>Who</th><th>When</th>'
                   f"<th>What happened</th></tr></thead><tbody>{rows}</tbody></table></div>"
                   '<p class="note print-only">What became of each of them later is in the report on screen.</p>')
    return "".join(out)


def _chapters_played(chapters: list[Mapping[str, Any]]) -> int:
    """Chapters on the trajectory's axis, not counting the tick for where a one-chapter game
    started ("start:ch5")."""
    return sum(1 for c in chapters if not str(c.get("id", "")).startswith(START))


def _trajectory(t: Mapping[str, Any]) -> str:
    chapters = t.get("chapters") or []
    meters = t.get("meters") or []
    if not chapters or not meters:
        return "<p>This story has no meters to chart.</p>"
    figs = []
    for i, m in enumerate(meters):
        figs.append(f'<figure><figcaption>{e(m.get("label"))}<span class="note">{e(m.get("note"))}</span>'
                    f"</figcaption>{meter_svg(m, chapters, f'm{i}')}</figure>")
    head = "".join(f'<th class="num" title="{e(c.get("title"))}">{e(c.get("number"))}</th>' for c in chapters)
    rows = []
    for m in meters:
        cells = []
        for i in range(len(chapters)):
            p = (m.get("player") or [None] * len(chapters))[i]
            h = (m.get("historical") or [None] * len(chapters))[i]
            cells.append(f'<td class="num">{"–" if p is None else e(p)} / {"–" if h is None else e(h)}</td>')
        rows.append(f"<tr><th>{e(m.get('label'))}</th>{''.join(cells)}</tr>")
    key = ", ".join(f"{e(c.get('number'))} = {e(c.get('title'))}" for c in chapters)
    current = ""
    if t.get("current"):
        current = '<p class="note">The last value of your line is where you are now, not a chapter end.</p>'
    if _chapters_played(chapters) == 1:  # one chapter: one line on paper instead of a table
        def last(values: Any) -> str:
            return "–" if not values or values[-1] is None else e(values[-1])
        line = " · ".join(f"{e(m.get('label'))} <strong>{last(m.get('player'))} / {last(m.get('historical'))}</strong>"
                          for m in meters)
        compact = f'<p class="print-only">At the end of the chapter (you / history): {line}.</p>'
        return (f"<div class=\"screen-only\"><p>{legend_svg()}</p><div class=\"charts\">{''.join(figs)}</div>"
                "<table class=\"values\"><thead><tr><th>Meter (you / history) at the end of chapter</th>"
                f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table><p class=\"note\">Chapters: {key}.</p>"
                f"</div>{current}{compact}")
    return (f"<div class=\"screen-only\"><p>{legend_svg()}</p><div class=\"charts\">{''.join(figs)}</div></div>{current}"
            "<table class=\"values\"><thead><tr><th>Meter (you / history) at the end of chapter</th>"
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table><p class=\"note\">Chapters: {key}.</p>")


def _factors(factors: list[Mapping[str, Any]]) -> str:
    if not factors:
        return "<p>This story declares no factors.</p>"
    rows = []
    for f in factors:
        uses = "".join(f"<li>Decision <a href=\"#d{e(u.get('n'))}\">{e(u.get('n'))}</a>: {rich(u.get('prompt'))} "
                       f"{tag(u.get('matched'))}</li>" for u in f.get("uses") or [])
        rows.append(f"<tr><td><strong>{e(f.get('title'))}</strong><br>"
                    f"<span class=\"note\">{rich(f.get('description'))}"
                    f"</span></td><td>{e(f.get('summary'))}{'<ul>' + uses + '</ul>' if uses else ''}</td></tr>")
    unused = [str(f.get("title")) for f in factors if not f.get("uses")]
    # on paper: one line per factor met (which decisions, as history or not), the rest in one line
    def use(u: Mapping[str, Any]) -> str:
        matched = u.get("matched")
        how = "as history" if matched is True else "not as history" if matched is False else "compare"
        return f"{e(u.get('n'))} ({how})"
    met = "; ".join(f"<strong>{e(f.get('title'))}</strong>: decision "
                    + ", ".join(use(u) for u in f.get("uses") or []) for f in factors if f.get("uses"))
    compact = (f'<div class="print-only"><p>{met or "None of the factors came into your decisions"}.</p>'
               + (f'<p class="note">Not met in this playthrough: {e(", ".join(unused))}.</p>' if unused else "")
               + "</div>")
    return ('<table class="screen-only"><thead><tr><th style="width:34%">Factor</th><th>How your playthrough used'
            f" it</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{compact}")


def _reflection(items: list[Mapping[str, Any]]) -> str:
    if not items:
        return "<p>No reflection questions.</p>"
    out = ['<ol class="reflection">']
    for r in items:
        answer = r.get("answer") or {}
        if r.get("kind") == "alternatives" and answer.get("items"):
            body = "<ol>" + "".join(f'<li class="answer">{e(x)}</li>' for x in answer["items"]) + "</ol>"
        elif r.get("answer_text"):
            body = f'<p class="answer">{e(r.get("answer_text"))}</p>'
        else:
            body = '<p class="answer none">No answer.</p>'
        out.append(f"<li><p><strong>{e(r.get('prompt'))}</strong></p>{body}</li>")
    out.append("</ol>")
    return "".join(out)


def _teacher_box(score: Mapping[str, Any] | None) -> str:
    """Room for the teacher's comment and mark on the printout (and the automatic marks, if any)."""
    auto = ""
    if score:
        auto = (f"<p>Marked questions: <strong>{e(score.get('points'))} of {e(score.get('of'))} point(s)</strong>"
                f" ({e(score.get('correct'))} of {e(score.get('marked'))} right).</p>")
    return (f'<div class="teacher"><h3>For the teacher</h3>{auto}<p class="label">Comment</p>'
            '<div class="ruled"></div><p class="mark"><span>Mark: <span class="blank"></span></span>'
            '<span>Initials: <span class="blank"></span></span></p></div>')


def render_report(data: Mapping[str, Any]) -> str:
    """A student's report as one self-contained HTML page (from the report's JSON data).

    The answers, the summary and the teacher's box come first, so a printout has them
    on page 1; then the decisions beside history, the outcome, the factors, the meters.
    """
    student = data.get("student") or {}
    a = data.get("assignment") or {}
    sc = data.get("scenario") or {}
    story = data.get("story") or {}
    name = student.get("name") or "(no name)"
    meta = [("Student", name)]
    if student.get("class"):
        meta.append(("Class", student["class"]))
    if a:
        meta.append(("Assignment", a.get("title")))
        if a.get("due"):
            meta.append(("Due", human_date(str(a.get("due")))))
    meta += [("Scenario", f"{sc.get('title', '')} — as {sc.get('role_name', '')}"),
             ("Generated", str(data.get("generated_at", "")).replace("T", " ")[:16]),
             ("Story", f"{story.get('title', '')}, version {story.get('version', '')}")]
    meta_html = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in meta)
    counts = data.get("counts") or {}
    o = data.get("outcome") or {}
    player_end = (o.get("player") or {}).get("title")
    hist_end = (o.get("historical") or {}).get("title")
    summary = []
    if not data.get("finished"):
        summary.append("<p><strong>Not finished:</strong> this report shows the path so far.</p>")
    if counts.get("comparable"):
        summary.append(f"<p>You did what was done historically in <strong>{e(counts.get('matched'))}</strong> of "
                       f"<strong>{e(counts.get('comparable'))}</strong> decisions that can be compared.</p>")
    if player_end:
        summary.append(f"<p>Your ending: <strong>{rich(player_end)}</strong>."
                       + (f" What happened: <strong>{rich(hist_end)}</strong>.</p>" if hist_end else "</p>"))
    decisions = "".join(_decision(d) for d in data.get("decisions") or []) or "<p>No decisions taken yet.</p>"
    one_chapter = _chapters_played((data.get("trajectory") or {}).get("chapters") or []) == 1
    body = (
        f'<header><h1><span class="kicker">After Lenin · student report</span>{e(name)}</h1>'
        f'<dl class="meta">{meta_html}</dl></header>'
        f'<div class="summary">{"".join(summary) or "<p>No decisions yet.</p>"}</div>'
        f'<section class="answers"><h2><span class="num">1</span>Your answers</h2>'
        f'{_reflection(data.get("reflection") or [])}</section>'
        f'{_teacher_box(data.get("score") if isinstance(data.get("score"), Mapping) else None)}'
        f'<section><h2><span class="num">2</span>Your decisions beside history</h2>{decisions}</section>'
        f'<section><h2><span class="num">3</span>Outcome</h2>{_outcome(o, one_chapter)}</section>'
        f'<section><h2><span class="num">4</span>Factors</h2>{_factors(data.get("factors") or [])}</section>'
        f'<section><h2><span class="num">5</span>Trajectory</h2>{_trajectory(data.get("trajectory") or {})}</section>'
        "<footer>In the game, lines spoken by characters are dramatisations; the records and sources quoted here "
        "are the historical evidence. Report format "
        f"{e(data.get('format'))} version {e(data.get('version'))}.</footer>"
    )
    return page(f"After Lenin report — {name}", body)
