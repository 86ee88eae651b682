"""The HTML reports in a real browser: headless Chromium loads them offline, with no console error and no
network request, and paints a page that is not blank.

Skipped when /usr/bin/chromium is absent (``.ci/run`` installs Debian's chromium). Set
``IDS_ASSESS_SCREENSHOTS=DIR`` to keep the screenshots for a look.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars"]
PAGES = ["index.html", "city-x-market-supervision-bureau.html"]


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def decode_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Width, height, unfiltered rows and bytes per pixel of an 8-bit RGB/RGBA PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = ctype = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and ctype in (2, 6)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


@pytest.fixture(scope="module", params=["en", "zh"])
def reports(request, tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from ids_assess.cli.app import app

    out = tmp_path_factory.mktemp(f"reports-{request.param}")
    result = CliRunner().invoke(app, ["report", str(REPO / "examples" / "answers-2027"), "-o", str(out),
                                      "--baseline", str(REPO / "examples" / "answers"),
                                      "--lang", request.param])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline_without_errors(reports, tmp_path, page):
    url = (reports / page).as_uri()
    netlog = tmp_path / "net.json"
    run = chromium(tmp_path, "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}", "--dump-dom", url)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert "</html>" in dom and "<main" in dom and "<svg" in dom
    assert not re.search(r"""(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:|//)""", dom, re.I)
    assert "<script" not in dom.lower()
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line
               or "Refused to" in line]
    assert not console, console
    requests = _page_requests(netlog)
    assert not requests, requests


def _page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked for (the browser's own background requests have no origin)."""
    if not netlog.exists():
        return []
    text = netlog.read_text(encoding="utf-8", errors="replace").rstrip().rstrip(",")
    if not text.endswith("}"):
        text += "]}"  # a log cut short when the browser exits
    try:
        events = json.loads(text).get("events", [])
    except json.JSONDecodeError:
        events = []
        for match in re.finditer(r'"initiator":"([^"]*)"[^}]*?"url":"([^"]+)"', text):
            events.append({"params": {"initiator": match.group(1), "url": match.group(2)}})
    found = []
    for event in events:
        params = event.get("params") or {}
        url, initiator = params.get("url", ""), params.get("initiator")
        if initiator is not None and initiator != "not an origin" and re.match(r"(https?|wss?|ftp):", url):
            found.append(url)
    return found


@pytest.mark.parametrize("page", PAGES)
def test_screenshot_is_not_blank(reports, tmp_path, page):
    shot = tmp_path / f"{reports.name}-{page}.png"
    run = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", (reports / page).as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    keep = os.environ.get("IDS_ASSESS_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    width, height, rows, bpp = decode_png(shot.read_bytes())
    assert (width, height) == (1280, 2000)
    busy = sum(1 for row in rows if len({row[i:i + bpp] for i in range(0, len(row), bpp * 4)}) > 1)
    colours = {row[i:i + bpp] for row in rows[::50] for i in range(0, len(row), bpp * 8)}
    assert busy > 0.3 * height, f"only {busy} of {height} rows have more than one colour"
    assert len(colours) > 8
