#!/usr/bin/env python3
"""Generate the game's SVG art: backgrounds and portraits (standard library only).

    python3 tools/art/make_art.py            # write every file
    python3 tools/art/make_art.py stalin     # only the named ids

Writes assets/backgrounds/<id>.svg (1280x720) and assets/portraits/<id>.svg (512x512).
The look follows /work/shared/art-direction.md (constructivist, six flat colours, no text).
Edit a scene or a sitter here rather than in the SVG, then run this again.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import backgrounds  # noqa: E402
import portraits  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def write(kind, name, svg):
    path = os.path.join(ROOT, "assets", kind, name + ".svg")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = svg.render()
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return path, len(text)


def main(argv):
    only = set(argv)
    total = 0
    for name, fn in backgrounds.SCENES.items():
        if only and name not in only:
            continue
        path, n = write("backgrounds", name, fn())
        total += n
        print(f"{n:7d}  {os.path.relpath(path, ROOT)}")
    for name, fn in portraits.SITTERS.items():
        if only and name not in only:
            continue
        path, n = write("portraits", name, fn())
        total += n
        print(f"{n:7d}  {os.path.relpath(path, ROOT)}")
    print(f"{total:7d}  bytes in all")


if __name__ == "__main__":
    main(sys.argv[1:])
