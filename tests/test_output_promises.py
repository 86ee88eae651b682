"""What ids-assess promises about what it writes and what it reaches: no network, nothing that runs in HTML."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from typer.testing import CliRunner

from ids_assess.cli.app import app

PACKAGE = Path(__file__).resolve().parents[1] / "ids_assess"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "answers"
NETWORK = {"socket", "ssl", "http", "urllib", "ftplib", "smtplib", "telnetlib", "xmlrpc", "requests", "httpx",
           "aiohttp", "urllib3", "asyncio", "websockets"}


def test_no_module_imports_a_network_library() -> None:
    """Only the answer-file lock imports ``socket``, and only to read the host name (written into the lock)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                root = name.split(".")[0]
                if root in NETWORK and name != "urllib.parse":  # quoting file names in links: no network
                    assert (path.name, root) == ("lockfile.py", "socket"), f"{path}: imports {name}"
        if path.name == "lockfile.py":
            used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                    and isinstance(n.value, ast.Name) and n.value.id == "socket"}
            assert used == {"gethostname"}, used


def test_html_reports_hold_no_script_and_load_nothing(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = CliRunner().invoke(app, ["report", str(EXAMPLES), "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    pages = sorted(out.glob("*.html"))
    assert len(pages) >= 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lower = html.lower()
        assert "<script" not in lower and "javascript:" not in lower, page
        assert not re.search(r"\son[a-z]+\s*=", lower), f"{page}: an event handler attribute"
        assert "<link" not in lower and "@import" not in lower and "<iframe" not in lower, page
        assert not re.search(r"\ssrc\s*=", lower), f"{page}: loads something"
        assert all(u.startswith("#") for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", html)), page
