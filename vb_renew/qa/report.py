"""The walkthrough's record and its reports: ``report.html``, ``report.md`` and ``walkthrough.json``.

A :class:`Walkthrough` is what one run of a scripted path (:mod:`vb_renew.qa.walkthrough`) did: its steps (what
was clicked, typed or asked of the simulation API, the screen reached and its picture), the step that failed and
why, the mails the backend sent, and each licence's expiry before and after. :func:`write_reports` renders it
as HTML (pictures inline, relative paths) and Markdown (links), and keeps it as JSON for :func:`check`.

The same world, seed and path give the same reports byte for byte, except the timings: every timing is written
as ``<seconds> s`` with two decimals and nothing else is, so :func:`without_timings` can take them out.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

SCREENS_DIR = "screens"  # the pictures, beside the reports
HTML_NAME, MARKDOWN_NAME, JSON_NAME = "report.html", "report.md", "walkthrough.json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TIMING = re.compile(r"\b\d+\.\d\d s\b")


@dataclass
class Step:
    number: int
    actions: list[str]  # what was clicked, typed or asked of the simulation API, in order
    screen: str  # "S6 お支払方法とお客さま情報"
    picture: str  # relative to the report: "screens/05-s6.png"
    shows: list[str]  # a few lines the screen shows (the expiry, the order's status...)
    now: str  # the simulated clock when the screen was reached
    seconds: float  # how long the step took (real time)


@dataclass
class Failure:
    number: int  # the step that failed
    actions: list[str]  # what it had done before it failed
    reason: str
    screen: str  # what the window showed then
    picture: str | None


@dataclass
class Mail:
    sent_at: str
    to: str
    subject: str
    body: str


@dataclass
class Expiry:
    serial: str
    product: str
    before: str
    after: str


@dataclass
class Walkthrough:
    path: str
    title: str
    scenario: str
    start: str
    seed: int
    steps: list[Step] = field(default_factory=list)
    failure: Failure | None = None
    mails: list[Mail] = field(default_factory=list)
    expiries: list[Expiry] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.failure is None

    @classmethod
    def from_json(cls, raw: dict) -> Walkthrough:
        failure = raw.get("failure")
        return cls(raw["path"], raw["title"], raw["scenario"], raw["start"], int(raw["seed"]),
                   [Step(**s) for s in raw["steps"]], None if failure is None else Failure(**failure),
                   [Mail(**m) for m in raw["mails"]], [Expiry(**e) for e in raw["expiries"]], raw["seconds"])


def timing(seconds: float) -> str:
    return f"{seconds:.2f} s"


def without_timings(text: str) -> str:
    """The report with every timing blanked: what two runs of the same path must agree on."""
    return _TIMING.sub("- s", text)


def _result(record: Walkthrough) -> str:
    if record.passed:
        return f"passed ({len(record.steps)} steps)"
    return f"FAILED at step {record.failure.number}"


def _world(record: Walkthrough) -> str:
    return (f"scenario {record.scenario}, start {record.start}, seed {record.seed}; the simulated clock stands "
            "still and moves only through the simulation API")


# -- Markdown ----------------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text for a Markdown table cell: on one line, its pipes escaped."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("|", "\\|")


def _fence(text: str) -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}text\n{text}\n{ticks}"


def markdown(record: Walkthrough) -> str:
    lines = [f"# Walkthrough: {record.path}", "", f"{record.title}", "",
             f"- Result: **{_result(record)}**", f"- World: {_world(record)}", f"- Took: {timing(record.seconds)}",
             "", "## Steps", "", "| # | Done | Screen reached | Shows | Simulated time | Picture | Took |",
             "|---|---|---|---|---|---|---|"]
    for step in record.steps:
        done = "<br>".join(_cell(a) for a in step.actions)
        shows = "<br>".join(_cell(s) for s in step.shows)
        lines.append(f"| {step.number} | {done} | {_cell(step.screen)} | {shows} | {step.now} | "
                     f"[{Path(step.picture).name}]({step.picture}) | {timing(step.seconds)} |")
    lines.append("")
    if record.failure is not None:
        failure = record.failure
        lines += [f"## Failed: step {failure.number}", "", f"- Why: {_cell(failure.reason)}",
                  f"- The window showed: {_cell(failure.screen)}"]
        lines += [f"- The step did: {'; '.join(_cell(a) for a in failure.actions) or '(nothing yet)'}"]
        if failure.picture:
            lines.append(f"- Picture: [{Path(failure.picture).name}]({failure.picture})")
        lines.append("")
    lines += ["## Mails sent", ""]
    if not record.mails:
        lines += ["(none)", ""]
    for mail in record.mails:
        lines += [f"### {mail.subject}", "", f"To {mail.to}, sent {mail.sent_at} (simulated)", "",
                  _fence(mail.body.rstrip("\n")), ""]
    lines += ["## Expiry", "", "| Serial | Product | Before | After |", "|---|---|---|---|"]
    for expiry in record.expiries:
        after = expiry.after if expiry.after == expiry.before else f"**{expiry.after}**"
        lines.append(f"| {expiry.serial} | {_cell(expiry.product)} | {expiry.before} | {after} |")
    lines.append("")
    return "\n".join(lines)


# -- HTML --------------------------------------------------------------------------------------------------

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; text-align: left; }
td.picture img { max-width: 420px; border: 1px solid #999; }
.failed { color: #b00020; } .passed { color: #1b5e20; }
pre { background: #f5f5f5; padding: 8px; white-space: pre-wrap; }
"""


def _lines(items: list[str]) -> str:
    return "<br>".join(html.escape(item) for item in items)


def _picture(picture: str, alt: str) -> str:
    src = html.escape(picture)
    return f'<a href="{src}"><img src="{src}" alt="{html.escape(alt)}" loading="lazy"></a>'


def html_report(record: Walkthrough) -> str:
    e = html.escape
    state = "passed" if record.passed else "failed"
    out = ["<!DOCTYPE html>", '<html lang="ja">', "<head>", '<meta charset="utf-8">',
           f"<title>Walkthrough: {e(record.path)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>Walkthrough: {e(record.path)}</h1>", f"<p>{e(record.title)}</p>", "<ul>",
           f'<li>Result: <strong class="{state}">{e(_result(record))}</strong></li>',
           f"<li>World: {e(_world(record))}</li>", f"<li>Took: {timing(record.seconds)}</li>", "</ul>",
           "<h2>Steps</h2>", "<table>",
           "<tr><th>#</th><th>Done</th><th>Screen reached</th><th>Shows</th><th>Simulated time</th>"
           "<th>Picture</th><th>Took</th></tr>"]
    for step in record.steps:
        out.append(f'<tr id="step-{step.number}"><td>{step.number}</td><td>{_lines(step.actions)}</td>'
                   f"<td>{e(step.screen)}</td><td>{_lines(step.shows)}</td><td>{e(step.now)}</td>"
                   f'<td class="picture">{_picture(step.picture, step.screen)}</td><td>{timing(step.seconds)}</td>'
                   "</tr>")
    out.append("</table>")
    if record.failure is not None:
        failure = record.failure
        out += [f'<h2 class="failed" id="failure">Failed: step {failure.number}</h2>', "<ul>",
                f"<li>Why: {e(failure.reason)}</li>", f"<li>The window showed: {e(failure.screen)}</li>",
                f"<li>The step did: {_lines(failure.actions) or '(nothing yet)'}</li>", "</ul>"]
        if failure.picture:
            out.append(f'<p class="picture">{_picture(failure.picture, failure.screen)}</p>')
    out.append("<h2>Mails sent</h2>")
    if not record.mails:
        out.append("<p>(none)</p>")
    for mail in record.mails:
        out += [f"<h3>{e(mail.subject)}</h3>", f"<p>To {e(mail.to)}, sent {e(mail.sent_at)} (simulated)</p>",
                f"<pre>{e(mail.body.rstrip())}</pre>"]
    out += ["<h2>Expiry</h2>", "<table>", "<tr><th>Serial</th><th>Product</th><th>Before</th><th>After</th></tr>"]
    for expiry in record.expiries:
        after = e(expiry.after) if expiry.after == expiry.before else f"<strong>{e(expiry.after)}</strong>"
        out.append(f"<tr><td>{e(expiry.serial)}</td><td>{e(expiry.product)}</td><td>{e(expiry.before)}</td>"
                   f"<td>{after}</td></tr>")
    out += ["</table>", "</body>", "</html>", ""]
    return "\n".join(out)


# -- writing and checking ----------------------------------------------------------------------------------


def write_reports(record: Walkthrough, out: Path) -> None:
    (out / HTML_NAME).write_text(html_report(record), encoding="utf-8")
    (out / MARKDOWN_NAME).write_text(markdown(record), encoding="utf-8")
    (out / JSON_NAME).write_text(json.dumps(asdict(record), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def check(out: Path) -> list[str]:
    """What is wrong with the reports in ``out``: every screen listed in both, with its picture there."""
    try:
        record = Walkthrough.from_json(json.loads((out / JSON_NAME).read_text(encoding="utf-8")))
        page = (out / HTML_NAME).read_text(encoding="utf-8")
        text = (out / MARKDOWN_NAME).read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{out}: no readable report ({error})"]
    problems = []
    if not record.steps:
        problems.append(f"{out}: no step recorded")
    shown = [(f"step {s.number}", s.screen, s.picture) for s in record.steps]
    if record.failure is not None and record.failure.picture:
        shown.append((f"failed step {record.failure.number}", record.failure.screen, record.failure.picture))
    for what, screen, picture in shown:
        png = out / picture
        if not png.is_file() or png.stat().st_size == 0:
            problems.append(f"{out}: {what} ({screen}): no picture {picture}")
        elif png.read_bytes()[:8] != PNG_SIGNATURE:
            problems.append(f"{out}: {what}: {picture} is not a PNG")
        if f'src="{html.escape(picture)}"' not in page or html.escape(screen) not in page:
            problems.append(f"{out}: {HTML_NAME} does not show {what} ({screen}) with {picture}")
        if f"]({picture})" not in text or _cell(screen) not in text:
            problems.append(f"{out}: {MARKDOWN_NAME} does not list {what} ({screen}) with {picture}")
    listed = {Path(picture).name for _, _, picture in shown}
    problems += [f"{out}: {png.name} is in no step" for png in sorted((out / SCREENS_DIR).glob("*.png"))
                 if png.name not in listed]
    return problems
