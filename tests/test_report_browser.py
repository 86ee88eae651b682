"""The HTML reports in a real browser: headless Chromium loads them offline, with no console error and no
network request, and paints a page that is not blank.

Skipped when /usr/bin/chromium is absent (``.ci/run`` installs Debian's chromium). Set
``IDS_ASSESS_SCREENSHOTS=DIR`` to keep the screenshots for a look.
"""

from __future__ import annotations

import html
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


#: Measures, inside a report shown 390 px wide, the rendered size of every chart text, the width of every table
#: cell and the page's horizontal overflow, and writes them into the parent page as JSON.
PROBE = """(function () {
  var out = {small: [], squeezed: [], overflow: 0, inner: window.innerWidth, texts: 0, trend: []};
  document.querySelectorAll("svg.chart.trend").forEach(function (svg) {  // shown whole: its right edge
    out.trend.push(Math.round(svg.getBoundingClientRect().right));
  });
  document.querySelectorAll("svg.chart").forEach(function (svg) {
    var vb = svg.viewBox.baseVal, w = svg.getBoundingClientRect().width;
    if (!vb || !vb.width || !w) return;
    svg.querySelectorAll("text").forEach(function (t) {
      if (!t.textContent.trim()) return;
      out.texts++;
      var px = parseFloat(getComputedStyle(t).fontSize) * w / vb.width;
      if (px < 9.95) out.small.push(t.textContent.trim().slice(0, 30) + " " + px.toFixed(1));
    });
  });
  document.querySelectorAll("td, th").forEach(function (c) {
    var text = c.textContent.trim();
    if (text.length < 4) return;
    var width = c.getBoundingClientRect().width, size = parseFloat(getComputedStyle(c).fontSize);
    if (width < 2.6 * size) out.squeezed.push(text.slice(0, 30) + " " + width.toFixed(0));
  });
  out.overflow = document.documentElement.scrollWidth - window.innerWidth;
  var pre = parent.document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
  parent.document.body.appendChild(pre);
})();"""


@pytest.mark.parametrize("page", PAGES)
def test_readable_on_a_phone(reports, tmp_path, page):
    """At a 390 px phone width: no chart text under 10 px, no table cell squeezed to a character or two per
    line (tables scroll sideways in their own container), and the page itself never wider than the screen."""
    _readable_on_a_phone(reports / page, tmp_path)


def test_the_trend_line_is_readable_on_a_phone(tmp_path):
    """Three rounds: the agency report's trend chart fits a 390 px screen whole, its text at 10 px or more."""
    import yaml
    from typer.testing import CliRunner

    from ids_assess.cli.app import app

    later = tmp_path / "answers-2028"
    later.mkdir()
    for f in sorted((REPO / "examples" / "answers-2027").glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        doc["date"] = str(doc["date"]).replace("2027", "2028")
        (later / f.name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", str(later), "-o", str(out), "--baseline",
                                      str(REPO / "examples" / "answers"), "--baseline",
                                      str(REPO / "examples" / "answers-2027")])
    assert result.exit_code == 0, result.output
    page = out / "city-x-market-supervision-bureau.html"
    assert 'class="chart trend"' in page.read_text(encoding="utf-8")
    probe = _readable_on_a_phone(page, tmp_path)
    assert probe["trend"] and all(right <= 390 for right in probe["trend"]), probe["trend"]


def _readable_on_a_phone(page: Path, tmp_path: Path) -> dict[str, list[object]]:
    import html as html_lib

    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)  # to let the probe run
    text = text.replace("</body>", f"<script>{PROBE}</script></body>")
    wrapper = tmp_path / "phone.html"
    wrapper.write_text('<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0" width="390" '
                       f'height="844" srcdoc="{html_lib.escape(text, quote=True)}"></iframe></body></html>',
                       encoding="utf-8")
    run = chromium(tmp_path, "--window-size=800,900", "--virtual-time-budget=5000", "--dump-dom", wrapper.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    import html as html_unescape

    probe = json.loads(html_unescape.unescape(found.group(1)))
    assert probe["inner"] == 390 and probe["texts"] > 10, probe
    assert not probe["small"], probe["small"]
    assert not probe["squeezed"], probe["squeezed"]
    assert probe["overflow"] <= 0, probe
    return probe


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


def test_the_agency_report_prints_on_at_most_twelve_a4_pages(reports, tmp_path):
    """Printed by Chromium, the Market Supervision Bureau's report is page one (the decision page) and an
    annex: at most 12 A4 pages in all."""
    pdf = tmp_path / "msb.pdf"
    run = chromium(tmp_path, f"--print-to-pdf={pdf}", (reports / "city-x-market-supervision-bureau.html").as_uri())
    assert pdf.is_file(), run.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    assert 2 <= pages <= 12, pages
    if shutil.which("pdftotext"):  # poppler-utils: page one holds the decision page, whole
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
        second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True,
                                text=True, check=True).stdout
        words = ("The three actions to take first", "Relationship with each partner", "These actions answer")
        if "zh" in reports.name:
            words = ("首先要采取的三项行动", "与各合作部门的关系", "这些行动针对的障碍")
        assert all(w in " ".join(first.split()) for w in words), first
        assert re.search(r"^\s*3\s*$", first, re.M) and "Overview of all agencies" not in first
        assert "A1" in second


def test_the_overview_prints_the_three_city_wide_actions_on_page_one(reports, tmp_path):
    """A CIO finds what the city does first on the first page Chromium prints of the overview."""
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (poppler-utils)")
    pdf = tmp_path / "index.pdf"
    run = chromium(tmp_path, f"--print-to-pdf={pdf}", (reports / "index.html").as_uri())
    assert pdf.is_file(), run.stderr[-2000:]
    first = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                                    text=True, check=True).stdout.split())
    page = (reports / "index.html").read_text(encoding="utf-8")
    top = page.split('id="city-top"', 1)[1].split("</section>", 1)[0]
    actions = re.findall(r'<p class="text">(.+?)</p>', top)
    assert len(actions) == 3
    heading = "全市首先要采取的三项行动" if "zh" in reports.name else "The three city-wide actions to take first"
    assert heading in first
    squeezed = re.sub(r"\s+", "", first)
    for action in actions:
        assert re.sub(r"\s+", "", html.unescape(action)) in squeezed, action
