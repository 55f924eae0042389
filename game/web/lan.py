"""The address students type or scan when the server listens on the local network (``--lan``)."""

from __future__ import annotations

import io
import socket
from functools import lru_cache

import segno


def lan_address() -> str:
    """This machine's address on the local network (127.0.0.1 when it has none).

    Connecting a UDP socket sends nothing: it only asks the system which interface
    would carry traffic outward, which is the one students' devices reach.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        address = str(probe.getsockname()[0])
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    return address


@lru_cache(maxsize=64)
def qr_svg(url: str) -> str:
    """The URL as an inline SVG QR code, with its own title for screen readers.

    Kept once made: drawing one costs about 3 ms, and a class of 300 opens the join page at once.
    """
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True,
                                    title=f"QR code for {url}", dark="#1A1A1A", light="#FFFFFF",
                                    svgclass="qr", lineclass=None, omitsize=False)
    return out.getvalue().decode("utf-8")


def qr_text(url: str) -> str:
    """The URL as a QR code drawn with block characters, for the terminal that started the server."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()
