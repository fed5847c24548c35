"""The app in English and the choice of language: the real window on the real backend, in English; the 「言語」 menu;
the start's choice (``--lang``, the saved one, the locale); the ``.qm`` found in a checkout and in the bundle.

The ``.qm`` is built here from the ``.ts`` into a folder of the session's own (``VB_RENEW_TRANSLATIONS``), so
these tests do not depend on whether ``python -m vb_renew.qa.translations build`` ran before.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTextEdit,
    QWidget,
)

from tests.test_english_translation import JAPANESE, KEPT_WORDS
from tests.ui.wizard_driving import TIMEOUT, child, click
from vb_renew.core import api
from vb_renew.qa import translations as command
from vb_renew.resources import resources_dir
from vb_renew.translations import FOLDER_VARIABLE
from vb_renew.ui import formats
from vb_renew.ui.app import CatalogueTranslator, install_translators, load_translation
from vb_renew.ui.language_menu import LanguageMenu, start_detached
from vb_renew.ui.language_settings import LanguageSettings

REPO = Path(__file__).resolve().parents[2]
ENGLISH_DATE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}"


@pytest.fixture(scope="session")
def built_translations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .qm files, built from the checkout's .ts into a folder of their own."""
    folder = tmp_path_factory.mktemp("i18n")
    command.build(out=folder)
    return folder


@pytest.fixture
def english(qapp, built_translations: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QTranslator]]:
    """The app in English, as ``vb-renew --lang en`` starts it; Japanese again afterwards."""
    monkeypatch.setenv(FOLDER_VARIABLE, str(built_translations))
    locale = QLocale()
    installed = install_translators(qapp, "en")
    monkeypatch.setattr(api, "_language", "en")  # the start-up module's api.use_language("en")
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)
    formats.use_language("ja")
    QLocale.setDefault(locale)


def shown_texts(root: QWidget) -> list[str]:
    """Every text a user sees in ``root``: labels, buttons, fields (their placeholders), lists, documents."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(re.sub(r"<[^>]+>", "", widget.text()))
        elif isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
    if isinstance(root, QMainWindow):
        texts += [action.text() for action in root.menuBar().actions()]
    return [text for text in texts if text]


def japanese_left(root: QWidget) -> list[str]:
    """The texts of ``root`` with Japanese in them besides the words kept Japanese (docs/i18n.md)."""
    def rest(text: str) -> str:
        for word in sorted(KEPT_WORDS, key=len, reverse=True):
            text = text.replace(word, "")
        return text

    return [text for text in shown_texts(root) if JAPANESE.search(rest(text))]


def test_the_main_window_s2_and_the_wizard_speak_english(english, qtbot, poll_policy) -> None:
    from vb_renew.core.backend import Options
    from vb_renew.core.flow import Step
    from vb_renew.startup import product_backend
    from vb_renew.ui.controller import AppController
    from vb_renew.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    backend = product_backend(Options(scenario="vb_cloud_expired_6_months", seconds_per_day=0))
    controller = AppController(window, backend, window, policy=poll_policy)
    window.show()
    controller.start()
    renew = child(window, QPushButton, "homeRenewButton")
    expiry = child(window, QPushButton, "expiryLink")
    try:
        qtbot.waitUntil(lambda: controller.view is not None and renew.isVisible(), timeout=20000)
        # S1: the renewal notice, its button and the expiry, in English words and dates.
        assert renew.text() == "Renew Now"
        assert re.fullmatch(f"Expires: {ENGLISH_DATE}", expiry.text()), expiry.text()
        assert japanese_left(window) == []
        # S2: お客さま情報.
        window.show_account_info()
        qtbot.waitUntil(lambda: window.account_info.isVisible())
        assert re.fullmatch(ENGLISH_DATE, child(window, QLabel, "accountInfoExpiry").text())
        assert japanese_left(window) == []
        # The wizard: S5 (products, prices) and S6 (the form, the documents).
        click(qtbot, window.account_info.renew_button)
        qtbot.waitUntil(lambda: controller.wizard is not None and controller.wizard.current_step() is Step.PRODUCT,
                        timeout=TIMEOUT)
        wizard = controller.wizard
        prices = [label.text() for label in wizard.findChildren(QLabel) if label.isVisible() and "¥" in label.text()]
        assert "¥5,280 (incl. tax)" in prices
        assert japanese_left(window) == []
        click(qtbot, child(wizard.product_page, QPushButton, "productPage.years1.vb_cloud"))
        qtbot.waitUntil(lambda: wizard.current_step() is Step.PAYMENT, timeout=TIMEOUT)
        assert japanese_left(window) == []
        agreement = [edit.toPlainText() for edit in wizard.findChildren(QTextEdit) if edit.isVisible()]
        assert any(text.startswith("[Simulator sample] License Agreement") for text in agreement)
    finally:
        controller.shutdown()


def test_the_slip_stays_japanese_in_english(english) -> None:
    """The paper slip is a Japanese form (docs/i18n.md): its words and dates stay Japanese; the screen around it
    does not."""
    from datetime import date

    from PySide6.QtCore import QCoreApplication

    from vb_renew.ui.slip.content import jp_date

    assert jp_date(date(2026, 12, 31)) == "2026年12月31日"
    assert QCoreApplication.translate("Slip", "受領証") == "受領証"
    assert QCoreApplication.translate("SlipView", "コンビニで支払う") == "Pay at a Convenience Store"


def test_the_language_menu_in_english_asks_in_english(english, qtbot, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    menu = LanguageMenu(window, "en", LanguageSettings(tmp_path), restart=lambda: None)
    assert menu.menu.title() == "Language"
    menu.actions["ja"].trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "languageRestartQuestion") is not None, timeout=TIMEOUT)
    box = window.findChild(QMessageBox, "languageRestartQuestion")
    assert box.text() == "vb-renew must restart to switch the display language. Restart now?"
    assert "日本語" in box.informativeText()  # the language in its own words
    assert [button.text() for button in box.buttons()] == ["Restart Now", "Later"]
    click(qtbot, child(box, QPushButton, "languageRestartQuestion.later"))
    menu.shutdown()


def open_question(window: QWidget) -> QMessageBox | None:
    boxes = [box for box in window.findChildren(QMessageBox, "languageRestartQuestion") if box.isVisible()]
    return boxes[0] if boxes else None


def test_the_language_menu_saves_the_choice_and_asks_to_restart(qtbot, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    settings = LanguageSettings(tmp_path)
    restarts: list[str] = []
    menu = LanguageMenu(window, "ja", settings, restart=lambda: restarts.append("restart"))
    assert menu.menu.title() == "言語" and menu.menu.objectName() == "languageMenu"
    assert [(action.text(), action.isChecked()) for action in menu.menu.actions()] == [("日本語", True),
                                                                                     ("English", False)]
    # English: saved, and the question; 「あとで」 restarts nothing.
    menu.actions["en"].trigger()
    qtbot.waitUntil(lambda: open_question(window) is not None, timeout=TIMEOUT)
    assert settings.saved() == "en" and (tmp_path / "config" / "settings.ini").exists()
    box = open_question(window)
    assert box.text() == "表示言語を切り替えるには再起動が必要です。今すぐ再起動しますか？"
    assert "English" in box.informativeText()
    assert menu.actions["en"].isChecked() and not menu.actions["ja"].isChecked()
    click(qtbot, child(box, QPushButton, "languageRestartQuestion.later"))
    qtbot.waitUntil(lambda: open_question(window) is None)
    assert restarts == []
    # Back to the language on screen: saved, nothing to restart for.
    menu.actions["ja"].trigger()
    qtbot.waitUntil(lambda: settings.saved() == "ja", timeout=TIMEOUT)
    assert open_question(window) is None
    # English again, and 「今すぐ再起動」.
    menu.actions["en"].trigger()
    qtbot.waitUntil(lambda: open_question(window) is not None, timeout=TIMEOUT)
    click(qtbot, child(open_question(window), QPushButton, "languageRestartQuestion.restart"))
    assert restarts == ["restart"] and settings.saved() == "en"
    menu.shutdown()


def test_the_start_takes_lang_then_the_saved_choice_then_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``vb-renew`` starts: the settings under the base folder (here the test's, VB_RENEW_BASEDIR)."""
    from vb_renew.startup import display_language, parse_args

    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    language, settings = display_language(parse_args([]))
    assert language == "en" and settings.file == Path(os.environ["VB_RENEW_BASEDIR"]).resolve() / "config" / \
        "settings.ini"
    settings.save("ja")
    assert display_language(parse_args([]))[0] == "ja"
    assert display_language(parse_args(["--lang", "en"]))[0] == "en"


def test_a_fresh_qm_is_loaded_and_a_newer_ts_is_read_instead_of_a_stale_one(
        qapp, built_translations: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path))
    assert load_translation(qapp, "en") is None  # nothing: the app stays Japanese
    ts = Path(shutil.copy(REPO / "resources" / "i18n" / "vb_renew_en.ts", tmp_path))
    qm = Path(shutil.copy(built_translations / "vb_renew_en.qm", tmp_path))
    os.utime(ts, (1_000_000, 1_000_000))
    fresh = load_translation(qapp, "en")
    assert type(fresh) is QTranslator and Path(fresh.filePath()) == qm
    os.utime(qm, (500_000, 500_000))  # the .ts changed since the .qm was built
    stale = load_translation(qapp, "en")
    assert isinstance(stale, CatalogueTranslator)
    assert stale.translate("MainWindow", "今すぐ更新") == "Renew Now" and stale.translate("MainWindow", "x") is None
    # Not known to it: Qt asks the next translator, then shows the source (a stock button is never blank).
    qapp.installTranslator(stale)
    try:
        box = QMessageBox(QMessageBox.Icon.Information, "t", "x", QMessageBox.StandardButton.Ok)
        assert box.button(QMessageBox.StandardButton.Ok).text() == "OK"
    finally:
        qapp.removeTranslator(stale)
    qm.unlink()
    assert isinstance(load_translation(qapp, "en"), CatalogueTranslator)


def test_the_qm_is_found_in_the_checkout_and_in_the_frozen_bundle(
        qapp, built_translations: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FOLDER_VARIABLE, raising=False)
    # A checkout, and an editable install (pip install -e: the package is the checkout's): resources/ beside it.
    assert resources_dir() == REPO / "resources"
    # The bundle: resources/ inside it, only the .qm (build.spec leaves the .ts out).
    bundle = tmp_path / "bundle"
    (bundle / "resources" / "i18n").mkdir(parents=True)
    shutil.copy(built_translations / "vb_renew_en.qm", bundle / "resources" / "i18n")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    resources_dir.cache_clear()  # it never moves in a real process
    try:
        found = load_translation(qapp, "en")
    finally:
        monkeypatch.delattr(sys, "_MEIPASS")
        resources_dir.cache_clear()
    assert type(found) is QTranslator and Path(found.filePath()).is_relative_to(bundle)
    assert found.translate("MainWindow", "今すぐ更新") == "Renew Now"


def test_an_unknown_or_missing_translation_falls_back_to_japanese(qapp, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path))  # no files
    locale = QLocale()
    installed = install_translators(qapp, "en")
    try:
        assert formats.language() == "ja"
        assert [Path(t.filePath()).name for t in installed] == ["qtbase_ja.qm"]
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        formats.use_language("ja")
        QLocale.setDefault(locale)


@pytest.mark.skipif(os.name != "posix", reason="a session of its own is how POSIX detaches a process")
def test_a_restart_starts_a_process_that_outlives_the_app(qtbot, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    assert start_detached([sys.executable, "-c", f"import os, pathlib; pathlib.Path({str(marker)!r}).write_text("
                                                 "str(os.getsid(0)))"])
    qtbot.waitUntil(lambda: marker.exists() and bool(marker.read_text()), timeout=TIMEOUT)
    assert int(marker.read_text()) != os.getsid(0)
