"""The walkthrough recorder (``vb-renew walkthrough``): every scripted path through the real app, as a subprocess
(offscreen), its pictures and reports, the same report from the same world, and a failed step's exit status."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from vb_renew.qa import report
from vb_renew.qa.walk_paths import DEFAULT_PATH, PATHS

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]  # a busy CI machine: each run walks every path


def walkthrough(*args: str, module: str = "vb_renew") -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", module, *(["walkthrough"] if module == "vb_renew" else []), *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=280,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def record_of(out: Path) -> report.Walkthrough:
    return report.Walkthrough.from_json(json.loads((out / report.JSON_NAME).read_text(encoding="utf-8")))


def texts(out: Path) -> tuple[str, str]:
    return (out / report.HTML_NAME).read_text(encoding="utf-8"), (out / report.MARKDOWN_NAME).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every path walked once, each into its own folder."""
    out = tmp_path_factory.mktemp("walkthrough")
    run = walkthrough("--path", "all", "--out", str(out))
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    for name in PATHS:
        assert f"{name}: passed" in run.stdout
    return out


def test_the_scripted_paths_are_listed() -> None:
    run = walkthrough("--list")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [line.split(":")[0].removesuffix(" (default)") for line in lines] == list(PATHS)
    assert f"{DEFAULT_PATH} (default):" in run.stdout
    assert "[scenario vb_cloud_expired_13_months]" in run.stdout


def test_every_screen_passed_has_its_picture_in_both_reports(walked: Path) -> None:
    for name in PATHS:
        out = walked / name
        record, (page, text) = record_of(out), texts(out)
        assert record.passed and record.steps, name
        assert [s.number for s in record.steps] == list(range(1, len(record.steps) + 1))
        for step in record.steps:
            png = out / step.picture
            assert png.stat().st_size > 0, png
            image = QImage(str(png))
            assert image.width() >= 200 and image.height() >= 80, png  # the S8 dialog is the smallest
            # Both reports list the step: what was done, the screen reached, its picture (a relative path).
            assert f'<tr id="step-{step.number}"><td>{step.number}</td>' in page
            assert f'<img src="{step.picture}" alt="{step.screen}"' in page
            assert f"| {step.number} | " in text and f"| {step.screen} |" in text and f"]({step.picture})" in text
            for action in step.actions:
                assert html.escape(action) in page and action.replace("|", "\\|") in text
        assert sorted(p.name for p in (out / "screens").glob("*.png")) == sorted(
            Path(s.picture).name for s in record.steps)
        assert report.check(out) == []
        assert '<meta charset="utf-8">' in page and "Mails sent" in text and "## Expiry" in text


def test_the_main_path_renews_and_reports_mails_and_the_new_expiry(walked: Path) -> None:
    out = walked / DEFAULT_PATH
    record, (page, text) = record_of(out), texts(out)
    assert [Path(s.picture).stem.split("-", 1)[1] for s in record.steps] == [
        "s1", "s2", "s5", "s6", "s6", "s7", "s8", "s9", "s10", "s10", "s10-slip", "s10", "s11", "s12", "s1"]
    assert record.steps[0].now == "2026-04-01 10:00"  # the pinned start
    assert "click 「今すぐ更新」 (renewNowButton)" in record.steps[2].actions
    assert any("type 「1600023」 into 「郵便番号」" in a for a in record.steps[4].actions)
    assert [e.before + " → " + e.after for e in record.expiries] == ["2027-02-01 → 2028-02-01"]
    assert "| 2027-02-01 | **2028-02-01** |" in text and "<td>2027-02-01</td><td><strong>2028-02-01</strong>" in page
    assert ["お申し込み完了" in m.subject for m in record.mails] == [True, False]
    assert "契約更新手続き完了" in record.mails[1].subject and "新しい有効期限" in record.mails[1].body
    # Paid through the simulation API, and the HTML escapes what it quotes.
    assert "POST /sim/orders/<order>/pay" in text and "POST /sim/orders/&lt;order&gt;/pay" in page
    assert "有効期限:2028/02/01" in record.steps[-1].shows


def test_the_other_paths_reach_their_own_screens(walked: Path) -> None:
    screens = {name: [s.screen for s in record_of(walked / name).steps] for name in PATHS}
    assert "S3 契約更新するライセンスの選択" in screens["account-route"]
    account = record_of(walked / "account-route")
    assert "taro-pass-1234" not in "".join(texts(walked / "account-route"))  # a password is typed, not shown
    assert [e.after for e in account.expiries if e.after != e.before] == ["2027-04-11"]  # the one picked
    lapsed = record_of(walked / "lapsed-slip")
    assert screens["lapsed-slip"].count("S9 お申し込み完了") == 2 and "S10 お支払い期限切れ" in screens["lapsed-slip"]
    assert [e.before == e.after for e in lapsed.expiries] == [True]
    assert "click 「もう一度申し込む」 (waiting.applyAgainButton)" in lapsed.steps[11].actions
    assert "VB-20260603-0002" in " ".join(lapsed.steps[-1].shows)  # the new order's waiting page
    post = record_of(walked / "post-office")
    assert any("at the 郵便局" in a for step in post.steps for a in step.actions)
    expired = record_of(walked / "expired-13-months")
    assert [(e.before, e.after) for e in expired.expiries] == [("2025-03-01", "2027-04-11")]


# Walked again: the main path, and the one through the most screens of its own (the account route's login and
# licence list); every path once is the fixture's (and CI's) run.
AGAIN = ("convenience-store", "account-route")


def test_the_same_world_gives_the_same_reports_but_for_the_timings(walked: Path, tmp_path: Path) -> None:
    for name in AGAIN:
        run = walkthrough("--path", name, "--out", str(tmp_path / name))
        assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    for name in AGAIN:
        first, second = texts(walked / name), texts(tmp_path / name)
        assert report.timing(record_of(walked / name).seconds) in first[1]  # the timings are there to take out
        for one, other in zip(first, second, strict=True):
            assert report.without_timings(one) == report.without_timings(other), name


def test_a_failing_step_exits_non_zero_and_the_report_says_which_and_why(tmp_path: Path) -> None:
    # An impossible path: the main path in a world where the licence expired over two years ago.
    run = walkthrough("--scenario", "vb_cloud_expired_25_months", "--out", str(tmp_path))
    assert run.returncode == 1, run.stdout + run.stderr[-3000:]
    assert "FAILED at step 3" in run.stdout
    record, (page, text) = record_of(tmp_path), texts(tmp_path)
    assert not record.passed and len(record.steps) == 2  # S1 and S2, kept
    assert record.failure.number == 3 and "renewNowButton is disabled" in record.failure.reason
    assert record.failure.screen == "S2 お客さま情報" and record.failure.picture == "screens/03-failed.png"
    assert (tmp_path / "screens" / "03-failed.png").stat().st_size > 0
    assert "## Failed: step 3" in text and "renewNowButton is disabled" in text
    assert "FAILED at step 3" in page and 'src="screens/03-failed.png"' in page
    assert [(e.before, e.after) for e in record.expiries] == [("2024-03-01", "2024-03-01")]
    assert report.check(tmp_path) == []


def test_the_checker_finds_a_screen_without_its_picture(walked: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(walked / DEFAULT_PATH, out)
    (out / "screens" / "07-s8.png").unlink()
    (out / "screens" / "99-stray.png").write_bytes(report.PNG_SIGNATURE)
    run = walkthrough("--check", str(out), module="vb_renew.qa.walkthrough")
    assert run.returncode == 1
    assert "step 7 (S8 確認ダイアログ): no picture screens/07-s8.png" in run.stderr
    assert "99-stray.png is in no step" in run.stderr
    assert walkthrough("--check", str(walked / DEFAULT_PATH), module="vb_renew.qa.walkthrough").returncode == 0
