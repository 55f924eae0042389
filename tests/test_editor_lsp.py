"""The editor schemas in the real editor: yaml-language-server (what VS Code's YAML extension
runs) over LSP, configured exactly as the shipped .vscode/settings.json configures it.

It must find no problem in any shipped story file, flag deliberate mistakes with our own
messages, and complete a beat by its kind ("narrate beat", not ten identical "object"s).
The server comes from npm (tools/editor/package.json, pinned; ``npm ci --prefix
tools/editor``, which .ci/run does). Without node or the installed server the tests skip,
except under CI (``CI`` set), where they must run.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SERVER = PROJECT / "tools" / "editor" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SETTINGS = PROJECT / ".vscode" / "settings.json"
NODE = shutil.which("node")


def _missing() -> str:
    if NODE is None:
        return "node is not installed"
    if not SERVER.exists():
        return "yaml-language-server is not installed: npm ci --prefix tools/editor"
    return ""


if _missing():
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the editor tests: {_missing()}", pytrace=False)
    pytest.skip(_missing(), allow_module_level=True)


class Client:
    """A minimal LSP client over the server's standard input and output."""

    def __init__(self) -> None:
        assert NODE is not None
        self.proc = subprocess.Popen([NODE, str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.published: dict[str, int] = {}  # uri -> how many times diagnostics came for it
        self.versions: dict[str, int] = {}
        self.settings: dict[str, Any] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(out.read(length))
            if message.get("method") == "textDocument/publishDiagnostics":
                uri = message["params"]["uri"]
                self.diagnostics[uri] = message["params"]["diagnostics"]
                self.published[uri] = self.published.get(uri, 0) + 1
            elif "id" in message and "method" in message:  # a request from the server: answer it
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": self._answer(message)})
            else:
                self.inbox.put(message)

    def _answer(self, message: dict[str, Any]) -> Any:
        if message["method"] == "workspace/configuration":
            return [self.settings.get(item.get("section", ""), None) for item in message["params"]["items"]]
        return None

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self._send({"jsonrpc": "2.0", "id": wanted, "method": method, "params": params})
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                message = self.inbox.get(timeout=end - time.monotonic())
            except queue.Empty:
                break
            if message.get("id") == wanted:
                return message.get("result")
        raise AssertionError(f"no answer to {method} in {timeout} s")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def start(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": PROJECT.as_uri(),
            "workspaceFolders": [{"uri": PROJECT.as_uri(), "name": "after-lenin"}],
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"completion": {"completionItem": {"snippetSupport": True}},
                                              "publishDiagnostics": {}}},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def check(self, path: Path, text: str | None = None, timeout: float = 60) -> list[dict[str, Any]]:
        """Open ``path`` (with ``text`` instead of its contents) and wait for its fresh diagnostics.

        A document stays open once opened (closing one makes the server publish an empty list,
        which could pass for the next check's answer); checking it again sends the new text.
        """
        uri = path.as_uri()
        body = path.read_text(encoding="utf-8") if text is None else text
        seen = self.published.get(uri, 0)
        version = self.versions.get(uri, 0) + 1
        self.versions[uri] = version
        if version == 1:
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": version, "text": body}})
        else:
            self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                   "contentChanges": [{"text": body}]})
        end = time.monotonic() + timeout
        while self.published.get(uri, 0) <= seen and time.monotonic() < end:
            time.sleep(0.05)
        assert self.published.get(uri, 0) > seen, f"no diagnostics for {path} in {timeout} s"
        return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (AssertionError, subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def lsp() -> Any:
    settings = json.loads(SETTINGS.read_text(encoding="utf-8"))
    yaml = {key.removeprefix("yaml."): value for key, value in settings.items() if key.startswith("yaml.")}
    client = Client()
    try:
        client.start({"yaml": yaml})
        yield client
    finally:
        client.close()


def _messages(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [f"{d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics]


def test_every_shipped_story_file_is_clean_in_the_editor(lsp: Client) -> None:
    files = sorted((PROJECT / "scenes").rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        assert _messages(lsp.check(path)) == [], path.relative_to(PROJECT)
    # and the same file, one key misspelt, is not: the clean answers came from the schema
    chapter = next(p for p in files if "\nscenes:\n" in p.read_text(encoding="utf-8"))
    broken = chapter.read_text(encoding="utf-8").replace("\nscenes:\n", "\nscenez:\n", 1)
    assert any("scenez" in m for m in _messages(lsp.check(chapter, broken)))


def test_story_yaml_gets_the_manifest_schema_not_the_content_one(lsp: Client) -> None:
    manifest = PROJECT / "scenes" / "story.yaml"
    text = manifest.read_text(encoding="utf-8").replace("\nversion: 1\n", "\nversion: 1\nscenes: []\n", 1)
    found = _messages(lsp.check(manifest, text))
    assert any("scenes" in m and "not allowed" in m for m in found), found  # the manifest has no scenes:


MISTAKES = """\
scenes:
  - id: practice
    date: 23 January 1924
    titel: Practice
    beats:
      - narrate: "   "
      - goto: ch4_embalmin
      - say: stalni
        text: Hello.
      - set: {aparatus: "+1"}
"""


def test_deliberate_mistakes_are_flagged_with_our_messages(lsp: Client) -> None:
    path = PROJECT / "scenes" / "stalin" / "zz_practice.yaml"  # never written: the text is sent over LSP
    found = _messages(lsp.check(path, MISTAKES))
    joined = "\n".join(found)
    assert "3: expected a date like 1924-01-21 (or 1924-01, 1924, or a range 1924-01-21/1924-01-27)" in found
    assert any(m.startswith("4: ") and "titel" in m for m in found), joined  # unknown key
    assert "6: this text is empty; write something or remove the key" in found
    assert any(m.startswith("7: ") and "ch4_embalming" in m for m in found), joined  # not a scene: the valid ones
    assert any(m.startswith("8: ") and "stalin" in m for m in found), joined  # not a character
    assert any(m.startswith("10: ") and "aparatus" in m for m in found), joined  # not a variable


def test_completion_names_each_beat_kind(lsp: Client) -> None:
    path = PROJECT / "scenes" / "stalin" / "zz_complete.yaml"
    text = "scenes:\n  - id: practice\n    beats:\n      - \n"
    lsp.check(path, text)  # opened, and validated: the schema is loaded
    uri = path.as_uri()
    result = lsp.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                     "position": {"line": 3, "character": 8}})
    items = result["items"] if isinstance(result, dict) else result
    labels = {item["label"] for item in items}
    assert {"narrate beat", "say beat", "choice beat", "goto beat"} <= labels, sorted(labels)
