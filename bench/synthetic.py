"""A synthetic story of any size, shaped like the design doc's peer comparison.

Every scene has about 400 words of narration and dialogue, then one choice of three
options with effects; 5 % of options are guarded by an ``if:``. Scenes lead forward
(so everything is reachable and every path ends), chapters split the story into files
of at most 250 scenes (about 0.7 MB each, well under the loader's 4 MiB limit).
Deterministic for a given seed, so figures from different runs compare.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("the party congress secretary apparatus committee delegates vote motion telegram funeral comrade "
         "politburo faction opposition letter testament general power people moscow grain cards index "
         "members appointed a of to and in was he they said not but with on").split()
SCENES_PER_FILE = 250
GUARDED = 0.05


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def write_story(root: Path, scenes: int, seed: int = 1922) -> Path:
    """Write the story folder ``root``; return it."""
    rng = random.Random(seed)
    files = max(1, -(-scenes // SCENES_PER_FILE))
    root.mkdir(parents=True, exist_ok=True)
    chapters = "\n".join(f"  - {{id: c{c}, title: Chapter {c}, from: 1922-01-01, to: 1929-12-31}}"
                         for c in range(files))
    (root / "story.yaml").write_text(f"""\
id: synthetic
title: A synthetic story of {scenes} scenes
version: 1
variables:
  power: {{type: int, initial: 5, min: 0, max: 10, label: Power, meter: true}}
  trust: {{type: int, initial: 5, min: 0, max: 10, label: Trust, meter: true}}
  ally: {{type: bool, initial: false, label: Ally}}
roles:
  clerk: {{name: The Clerk}}
chapters:
{chapters}
scenarios:
  - {{id: main, title: Main, role: clerk, start: s0}}
endings:
  done: {{title: Done, summary: The end., historical: true}}
""", encoding="utf-8")
    (root / "characters.yaml").write_text("characters:\n  boss: {name: The Boss}\n  rival: {name: The Rival}\n",
                                          encoding="utf-8")
    for f in range(files):
        lo, hi = f * SCENES_PER_FILE, min(scenes, (f + 1) * SCENES_PER_FILE)
        out = ["scenes:"]
        for i in range(lo, hi):
            out += [f"  - id: s{i}", f"    title: Scene {i}", f"    chapter: c{f}", "    date: 1924-01-21",
                    "    beats:"]
            if i == lo:
                out.append(f"      - chapter: c{f}")
            # ~400 words: three paragraphs of narration and two lines of dialogue
            for n in (120, 100, 100):
                out.append(f"      - narrate: {_words(rng, n).capitalize()}.")
            out += ["      - say: boss", f"        text: {_words(rng, 40).capitalize()}.",
                    "      - say: rival", f"        text: {_words(rng, 40).capitalize()} {{power}}."]
            if i == scenes - 1:
                out.append("      - ending: done")
                continue
            out += ["      - choice:", f"          id: d{i}", f"          prompt: {_words(rng, 8).capitalize()}?",
                    "          options:"]
            for k in range(3):
                target = min(scenes - 1, i + 1 + k * rng.randrange(1, 4))
                out.append(f"            - text: {_words(rng, 10).capitalize()}.")
                if k > 0 and rng.random() < GUARDED * 3 / 2:  # two of three may be guarded: 5 % overall
                    out.append("              if: power >= 3 and not ally")
                effect = rng.choice(['{power: "+1"}', '{trust: "-1", ally: true}', '{power: "= trust / 2"}'])
                out += [f"              set: {effect}", f"              next: s{target}"]
        (root / f"part{f:03d}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return root
