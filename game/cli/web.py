"""The browser front end's subcommand ``serve`` (listed in ``game.cli.table``)."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path

from .. import paths
from . import core as cli
from .exits import Exit


def _add_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=None, help="address to listen on (default: 127.0.0.1; with --lan: all)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--lan", action="store_true",
                   help="listen on the local network and print the address and a QR code for students")
    p.add_argument("--data-dir", help="where the games database, the server's key and handed-in reports go")
    p.add_argument("--database", metavar="URL", help="sqlite:///PATH (default: web.sqlite3 in the data folder)")
    p.add_argument("--story", help="story folder (default: the shipped scenes/)")
    p.add_argument("--assignment", help="a teacher's assignment file: every student plays it and hands in a report")
    p.add_argument("--workers", type=int, default=1,
                   help="server processes sharing the database (needs --database postgresql://…)")
    p.add_argument("--proxy", metavar="ADDRESS", action="append", default=[],
                   help="a reverse proxy in front of the server, on another machine (repeatable): the device each "
                        "request comes from is then read from its X-Forwarded-For, so one student's typos never "
                        "hold up the rest (a proxy on this machine is trusted already)")


LINK_FILE = "teacher-link.txt"


def _keep_link(data_dir: Path, link: str) -> None:
    """The teacher finds the newest link again in the data folder (readable by this account only)."""
    try:
        link_file = data_dir / LINK_FILE
        link_file.write_text(link + "\n", encoding="utf-8")
        link_file.chmod(0o600)
    except OSError:
        pass


def _add_teacher_link(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", help="the data folder `after-lenin serve` uses (default: the usual one)")
    p.add_argument("--database", metavar="URL", help="the database `after-lenin serve` uses, if not the default")


def _run_teacher_link(args: argparse.Namespace) -> int:
    """A new one-time sign-in link for a server that is running (or will run) on this database."""
    from ..web.access import COMMAND_MINUTES, SERVED_AT, SPARE, new_link_token
    from ..web.db import describe
    from ..web.store import Store, StoreError, parse_database

    data_dir = paths.data_dir(args.data_dir)
    never = ("after-lenin teacher-link: no classroom server has run on {} yet: start one with after-lenin serve "
             "(it prints its own teacher link), or give the --data-dir or --database it uses\n")
    try:
        database = parse_database(args.database, data_dir)
        if database.startswith("sqlite:///") and not Path(database[len("sqlite:///"):]).exists():
            sys.stderr.write(never.format(database))  # and make no empty database on the way
            return Exit.PROBLEMS
        store = Store(database)
        try:
            base = store.setting(SERVED_AT)
            if base is None:
                sys.stderr.write(never.format(describe(database)))
                return Exit.PROBLEMS
            link = f"{base}teacher/login?token={new_link_token(store, SPARE, COMMAND_MINUTES)}"
        finally:
            store.close()
    except (StoreError, OSError) as exc:
        sys.stderr.write(f"after-lenin teacher-link: {exc}\n")
        return Exit.PROBLEMS
    _keep_link(data_dir, link)
    sys.stdout.write(f"A new teacher link. It works once, within {COMMAND_MINUTES} minutes; the server must be "
                     f"running at {base}:\n  {link}\n")
    return Exit.OK


def _run_serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        sys.stderr.write(f"after-lenin serve: --workers {args.workers}: use 1 or more\n")
        return Exit.USAGE
    if args.workers > 1 and not (args.database or "").startswith(("postgresql://", "postgres://")):
        sys.stderr.write("after-lenin serve: several --workers share one database, which must be PostgreSQL: "
                         "add --database postgresql://USER@HOST/DB (SQLite serves one process)\n")
        return Exit.USAGE
    for proxy in args.proxy:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            sys.stderr.write(f"after-lenin serve: --proxy {proxy}: give the proxy's IP address (e.g. 10.0.0.2) "
                             "or its network (e.g. 10.0.0.0/24)\n")
            return Exit.USAGE
    if not 0 < args.port < 65536:
        sys.stderr.write(f"after-lenin serve: --port {args.port} is not a port; use 1 to 65535 (e.g. 8000)\n")
        return Exit.USAGE
    try:
        import uvicorn

        from ..web.app import Config, create_app
        from ..web.db import describe
        from ..web.lan import lan_address, qr_text
        from ..web.store import StoreError, parse_database
    except ImportError as exc:  # pragma: no cover - the server's packages are dependencies
        sys.stderr.write(f"after-lenin serve: a package the server needs is missing ({exc.name}); "
                         "reinstall with `pip install after-lenin` or run `make play` once\n")
        return Exit.PROBLEMS
    story_dir = paths.story_dir(args.story)
    story = cli._load_or_report(story_dir)
    if story is None:
        return Exit.PROBLEMS
    data_dir = paths.data_dir(args.data_dir)
    assignment = None
    scenario = ""
    if args.assignment:
        from ..classroom.assignment import AssignmentError, load_assignment, scenario_for

        try:
            assignment = load_assignment(args.assignment)
            scenario = scenario_for(assignment, story)
        except AssignmentError as exc:
            sys.stderr.write(f"The assignment cannot be used:\n{exc}\n")
            return Exit.USAGE
        if not scenario:
            sys.stderr.write(f"{args.assignment}:1:1: the assignment names no scenario or chapter to play; "
                             "add 'scenario:' or 'chapter:'\n")
            return Exit.USAGE
    host = args.host or ("0.0.0.0" if args.lan else "127.0.0.1")
    shown_host = lan_address() if args.lan and host in ("0.0.0.0", "::") else host
    url = f"http://{shown_host}:{args.port}/"
    try:
        database = parse_database(args.database, data_dir)
        app = create_app(Config(story=story, data_dir=data_dir, database=database,
                                assets_dir=paths.assets_for(story_dir), assignment=assignment,
                                assignment_scenario=scenario, join_url=url if args.lan else ""))
    except (StoreError, OSError) as exc:
        sys.stderr.write(f"after-lenin serve: {exc}\n")
        return Exit.PROBLEMS
    from ..web.access import SERVED_AT, new_link_token

    out = sys.stdout
    try:
        store = app.state.games.store
        store.set_setting(SERVED_AT, url)
        teacher = f"{url}teacher/login?token={new_link_token(store)}"
    except StoreError as exc:
        sys.stderr.write(f"after-lenin serve: {exc}\n")
        return Exit.PROBLEMS
    _keep_link(data_dir, teacher)
    out.write(f"After Lenin is being served at {url}\n")
    out.write(f"Teacher: open this link in your browser. It works once, so nobody else can use it after you\n"
              f"(it is also in {data_dir / LINK_FILE}; for another one later: after-lenin teacher-link):\n"
              f"  {teacher}\n")
    if args.lan:
        out.write("Students open that address in a browser on the same network, or scan this code:\n")
        out.write(qr_text(url))
        out.write(f"The same code is on the page {url}join for the class screen.\n")
    out.write(f"Games are kept in {describe(database)}. Stop the server with Ctrl-C; nothing is lost.\n")
    # The limit on wrong guesses counts per device: behind a proxy every request comes from the proxy,
    # so its X-Forwarded-For is trusted from this machine and from the proxies named, and from nobody else.
    proxies = ",".join(["127.0.0.1", "::1", *args.proxy])
    out.flush()
    try:
        if args.workers > 1:
            import os

            from ..web.server import ENV, settings

            os.environ[ENV] = settings(story_dir, data_dir, database, paths.assets_for(story_dir),
                                       str(Path(args.assignment).resolve()) if args.assignment else None,
                                       url if args.lan else "")
            app.state.games.store.close()
            uvicorn.run("game.web.server:from_environment", factory=True, workers=args.workers, host=host,
                        port=args.port, log_level="warning", access_log=False, timeout_graceful_shutdown=5,
                        proxy_headers=True, forwarded_allow_ips=proxies)
        else:
            from ..web.server import settle

            settle()
            uvicorn.run(app, host=host, port=args.port, log_level="warning", access_log=False,
                        timeout_graceful_shutdown=5, proxy_headers=True, forwarded_allow_ips=proxies)
    except SystemExit:  # uvicorn's way of saying it could not bind (it has logged why)
        sys.stderr.write(f"after-lenin serve: cannot listen on {host}:{args.port}. "
                         "Is another server using that port? Try --port 8001.\n")
        return Exit.PROBLEMS
    except OSError as exc:
        sys.stderr.write(f"after-lenin serve: cannot listen on {host}:{args.port}: {exc.strerror}. "
                         "Is another server using that port? Try --port 8001.\n")
        return Exit.PROBLEMS
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    return Exit.OK

