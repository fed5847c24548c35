"""Layouts that hold: no text wider than its widget, no line broken inside a word, at every size on record.

The layout check (:mod:`vb_renew.qa.layout_check`) is tested here on widgets built to fit or not, measured with
the fonts of the machine (so the cases hold whatever the fonts are); then the screens command walks the main
path (S1 to S12, the upgrade's card page, the account route's login and licences) with the window at 1024×700,
1366×900 and 1920×1080, at 150 % scale in a process of its own, and in English (wider than Japanese) at the window's
own size, and no screen may have a finding.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from tests.needs import needs_japanese_font
from vb_renew.qa import layout_check
from vb_renew.qa.layout_check import Finding, check, shown_text, wrapped_lines
from vb_renew.qa.screens import MAIN_PATH, SCALE, SIZES
from vb_renew.ui.style import wrapped
from vb_renew.ui.widgets import BUTTON_HEIGHT, link_button, primary_button, secondary_button
from vb_renew.ui.wrapping import WORD_JOINER, KeptLabel, keep_together

REPO = Path(__file__).resolve().parents[2]
UPGRADE = "ウイルスバスター トータルセキュリティ スタンダード（アップグレード）"


@pytest.fixture
def page(qtbot) -> Iterator[QWidget]:
    """A shown page with a vertical layout, for widgets to be measured in."""
    widget = QWidget()
    widget.setObjectName("testPage")
    QVBoxLayout(widget)
    qtbot.addWidget(widget)
    widget.resize(900, 300)
    widget.show()
    yield widget


def settle(qtbot, widget: QWidget) -> None:
    qtbot.waitUntil(widget.isVisible)
    qtbot.wait(10)  # the layout's request, posted


def kinds(findings: list[Finding], object_name: str) -> list[str]:
    return [finding.kind for finding in findings if finding.object_name == object_name]


# -- the check, on widgets that fit or not ------------------------------------------------------------------


def test_a_label_narrower_than_its_text_is_clipped(page, qtbot) -> None:
    text = "お申し込み番号: VB-20261202-0001"
    narrow, roomy = QLabel(text, page), QLabel(text, page)
    narrow.setObjectName("narrowLabel")
    roomy.setObjectName("roomyLabel")
    width = QFontMetricsF(narrow.font()).horizontalAdvance(text)
    narrow.setFixedWidth(round(width) - 20)
    roomy.setFixedWidth(round(width) + 4)
    page.layout().addWidget(narrow)
    page.layout().addWidget(roomy)
    settle(qtbot, page)
    findings = check(page)
    clipped = [finding for finding in findings if finding.object_name == "narrowLabel"]
    assert [finding.kind for finding in clipped] == ["clipped"]
    assert clipped[0].text == text and clipped[0].needed > clipped[0].available == narrow.width()
    assert kinds(findings, "roomyLabel") == []
    assert "narrowLabel (QLabel) 「お申し込み番号: VB-20261202-0001」 needs" in clipped[0].describe()


def test_a_layout_check_keeps_a_picture_only_of_a_screen_with_a_finding(qtbot, tmp_path: Path) -> None:
    """``screens --main-path --pictures findings``: every screen is checked and measured, and only the one whose text
    does not fit is saved, for a look at what the finding says."""
    from vb_renew.qa.screens import ScreensDriver, View

    text = "お申し込み番号: VB-20261202-0001"
    screens = {}
    for name, spare in (("fits", 4), ("clipped", -20)):
        screen = QWidget()
        screen.setObjectName(f"{name}Page")
        label = QLabel(text, screen)
        label.setFixedWidth(round(QFontMetricsF(label.font()).horizontalAdvance(text)) + spare)
        QVBoxLayout(screen).addWidget(label)
        qtbot.addWidget(screen)
        screen.resize(400, 120)
        screen.show()
        settle(qtbot, screen)
        screens[name] = screen
    driver = ScreensDriver(tmp_path, tmp_path, start_backend=None, views=(View(None, ""),), findings_only=True)
    for name, screen in screens.items():
        driver.shot(screen, name, name)

    assert driver.checked == ["fits", "clipped"]
    assert {finding.screen for finding in driver.findings} == {"clipped"}
    assert sorted(path.name for path in tmp_path.glob("*.png")) == ["clipped.png"]
    ratio = screens["fits"].devicePixelRatioF()
    assert [entry["pixels"] for entry in driver.pixels] == [[round(400 * ratio), round(120 * ratio)]] * 2


def test_a_button_narrower_than_its_caption_and_padding_is_clipped(page, qtbot) -> None:
    needs_japanese_font()
    tight = secondary_button("tightButton", "メイン画面に戻る", page)
    natural = primary_button("naturalButton", "同意して、お申し込み内容を確認する", page)
    tight.setFixedWidth(tight.sizeHint().width() - 24)  # the text still fits the button, not its padding
    page.layout().addWidget(tight)
    page.layout().addWidget(natural)
    settle(qtbot, page)
    findings = check(page)
    assert kinds(findings, "tightButton") == ["clipped"]
    assert kinds(findings, "naturalButton") == []


def test_a_clipped_placeholder_is_found(page, qtbot) -> None:
    edit = QLineEdit(page)
    edit.setObjectName("emailEdit")
    edit.setPlaceholderText("taro.yamada@example.co.jp")
    edit.setFixedWidth(round(QFontMetricsF(edit.font()).horizontalAdvance(edit.placeholderText()) / 2))
    page.layout().addWidget(edit)
    settle(qtbot, page)
    [finding] = [finding for finding in check(page) if finding.object_name == "emailEdit"]
    assert (finding.kind, finding.detail) == ("clipped", "placeholder")
    edit.setText("taro")  # typed text scrolls in a field: only the placeholder would be cut
    assert kinds(check(page), "emailEdit") == []


def test_a_line_broken_inside_a_word_is_found_and_a_kept_label_breaks_before_it(page, qtbot) -> None:
    needs_japanese_font()
    plain, kept = QLabel(UPGRADE, page), KeptLabel(UPGRADE, page)
    plain.setObjectName("plainProduct")
    plain.setWordWrap(True)
    kept.setObjectName("keptProduct")
    # The first line ends inside 「（アップグレード）」: room for the name and 「（アップグ」.
    width = round(QFontMetricsF(plain.font()).horizontalAdvance(UPGRADE[:UPGRADE.index("（") + 5])) + 2
    for label in (plain, kept):
        label.setFixedWidth(width)
        page.layout().addWidget(label)
    settle(qtbot, page)
    findings = check(page)
    [broken] = [finding for finding in findings if finding.object_name == "plainProduct"]
    assert broken.kind == "mid-token break"
    assert broken.detail.replace("|", "") == "「（アップグレード）」" and broken.detail != "「（アップグレード）」"
    assert kinds(findings, "keptProduct") == []
    # The kept label breaks before the parenthesis instead, and says the text it was given.
    lines = wrapped_lines(shown_text(kept), kept.font(), layout_check.text_rect(kept).width())
    starts = [shown_text(kept)[start:].replace(WORD_JOINER, "") for start, _length, _width in lines[1:]]
    assert starts == ["（アップグレード）"]
    assert kept.text() == UPGRADE and shown_text(kept) != UPGRADE


def test_kept_runs_are_prices_dates_serials_and_parenthesised_words() -> None:
    text = "VB-20261202-0001（1年）5,280円（税込） 2027/10/02 2027年2月3日 taro@example.jp（お支払い済み）"
    kept = keep_together(text)
    assert kept.replace(WORD_JOINER, "") == text
    for run in ("VB-20261202-0001", "（1年）", "5,280円（税込）", "2027/10/02", "2027年2月3日", "taro@example.jp",
                "（お支払い済み）"):
        assert WORD_JOINER.join(run) in kept, run
    # A parenthesised sentence may wrap: only its words are kept.
    sentence = "（ご利用中: ウイルスバスター クラウド、有効期限: 2027/10/02）"
    assert keep_together(sentence) == sentence.replace("2027/10/02", WORD_JOINER.join("2027/10/02"))
    # Markup is left as it is.
    label = KeptLabel("<b>5,280円</b>")
    assert shown_text(label) == "<b>5,280円</b>"


def test_every_wrapped_label_keeps_its_words(qtbot) -> None:
    label = wrapped("合計 5,280円（税込）", None, "totalNote")
    qtbot.addWidget(label)
    assert isinstance(label, KeptLabel) and label.wordWrap()
    assert label.text() == "合計 5,280円（税込）"
    label.setText("有効期限: 2027/10/02")
    assert label.text() == "有効期限: 2027/10/02" and WORD_JOINER in shown_text(label)


def test_a_widget_past_its_parents_edge_is_cut_off(page, qtbot) -> None:
    box = QWidget(page)
    box.setObjectName("box")
    box.setGeometry(0, 0, 200, 60)
    inside = QLabel("OK", box)
    inside.setObjectName("inside")
    inside.setGeometry(0, 0, 100, 20)
    outside = QLabel("閉じる", box)
    outside.setObjectName("outside")
    outside.setGeometry(150, 0, 100, 20)
    box.show()  # built after the page was shown
    settle(qtbot, page)
    findings = check(page)
    assert kinds(findings, "outside") == ["cut off"] and kinds(findings, "inside") == []


def test_buttons_of_every_kind_line_up(page, qtbot) -> None:
    """One look per kind: a primary and a secondary button are as high (a bar of them lines up), a link is text."""
    needs_japanese_font()
    buttons = [primary_button("primary", "今すぐ更新", page), secondary_button("secondary", "戻る", page),
               link_button("link", "キャンセル", page)]
    for button in buttons:
        page.layout().addWidget(button)
    settle(qtbot, page)
    primary, secondary, link = buttons
    assert primary.height() == secondary.height() >= BUTTON_HEIGHT
    assert primary.sizeHint().height() == secondary.sizeHint().height()
    assert link.height() < BUTTON_HEIGHT and link.isFlat()


def test_the_slips_simulation_badge_is_a_tag_not_a_button(qtbot, product_session, sim) -> None:
    """「シミュレーション」 tags the slip beside its heading, as S5 tags a product: small, tinted, no border, no
    stop for Tab; it is not one more button in the row of 「コンビニで支払う」 and 「郵便局で支払う」."""
    needs_japanese_font()
    from tests.ui.test_slip_view import advance_until, place_slip_order
    from vb_renew.rules.lifecycle import OrderState
    from vb_renew.ui.slip.view import SlipView
    from vb_renew.ui.tasks import TaskRunner

    order = advance_until(product_session, sim, place_slip_order(product_session).id, OrderState.SLIP_DELIVERED)
    runner = TaskRunner()
    try:
        view = SlipView(runner, product_session.client, order)
        qtbot.addWidget(view)
        view.resize(1024, 640)
        view.show()
        qtbot.waitExposed(view)
        badge, pay = view.simulation_badge, view.pay_store_button
        assert badge.isVisible() and badge.text() == "シミュレーション"
        assert badge.focusPolicy() == Qt.FocusPolicy.NoFocus and pay.focusPolicy() != Qt.FocusPolicy.NoFocus
        assert badge.property("vbStyle") == "slip.badge" and "border:" not in badge.styleSheet()
        assert not badge.font().bold() and pay.font().bold()
        heading = view.heading.geometry()
        assert heading.top() <= badge.geometry().center().y() <= heading.bottom(), "beside the heading"
        assert badge.mapTo(view, badge.rect().bottomLeft()).y() < pay.mapTo(view, pay.rect().topLeft()).y()
        assert badge.height() < pay.height()
        assert [finding.describe() for finding in check(view)] == []
    finally:
        runner.shutdown()


# -- the main path at every size, and at 150 % ---------------------------------------------------------------


def screens(*args: str) -> subprocess.Popen:
    """The main path's layout check in a process of its own; a picture only of a screen with a finding."""
    return subprocess.Popen([sys.executable, "-m", "vb_renew.qa.screens", "--main-path", "--pictures", "findings",
                             *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=REPO,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_main_path_holds_at_every_size_and_at_150_percent(tmp_path: Path) -> None:
    needs_japanese_font()  # without a font for Japanese, every text is a row of boxes of another width
    sizes = [f"{width}x{height}" for width, height in SIZES]
    runs = {
        "sizes": screens(*(arg for size in sizes for arg in ("--size", size)), "--out", str(tmp_path),
                         "--layout", str(tmp_path / "sizes.json")),
        "scale": screens("--scale", f"{SCALE:g}", "--out", str(tmp_path), "--layout", str(tmp_path / "scale.json")),
        # English is wider than Japanese: the main path in English, at the window's own size
        "english": screens("--lang", "en", "--out", str(tmp_path / "en"), "--layout", str(tmp_path / "en.json")),
    }  # at once: three processes, each its own embedded backends
    for name, process in runs.items():
        _out, err = process.communicate(timeout=280)
        assert process.returncode == 0, f"{name}: {err[-3000:]}"
    sized = json.loads((tmp_path / "sizes.json").read_text(encoding="utf-8"))
    scaled = json.loads((tmp_path / "scale.json").read_text(encoding="utf-8"))
    english = json.loads((tmp_path / "en.json").read_text(encoding="utf-8"))
    assert sorted(english["checked"]) == sorted(MAIN_PATH), "every screen of the main path is checked in English"
    percent = f"scale{round(SCALE * 100)}"
    expected = [f"sizes/{size}/{name}" for size in sizes for name in MAIN_PATH] + [f"{percent}/{name}"
                                                                                   for name in MAIN_PATH]
    assert sorted(sized["checked"] + scaled["checked"]) == sorted(expected), "every screen of the main path is checked"
    findings = [Finding(**raw) for raw in sized["findings"] + scaled["findings"] + english["findings"]]
    assert not findings, "text that does not fit:\n" + "\n".join(finding.describe() for finding in findings)
    # The screens were checked with the window at each size, and at 150 % of its own size in logical pixels (in
    # device pixels, the size their pictures have).
    pixels = {entry["screen"]: tuple(entry["pixels"]) for entry in sized["pixels"] + scaled["pixels"]}
    for size in sizes:
        assert "x".join(map(str, pixels[f"sizes/{size}/s5-product"])) == size
    [run] = scaled["runs"]
    assert run["scale"] == SCALE
    assert pixels[f"{percent}/s5-product"] == tuple(round(side * SCALE) for side in run["window"])
    assert not list(tmp_path.rglob("*.png")), "no picture without a finding (--pictures findings)"
