"""Every interactive widget has a stable objectName and an accessibleName (QA tools, screen readers)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from vb_renew.qa.automation import automation_ids, unnamed
from vb_renew.ui.main_window import MainWindow
from vb_renew.ui.widgets import name, publish


def test_main_screen_and_customer_information_name_every_control(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_account_info()
    assert unnamed(window) == []
    names = [i.object_name for i in automation_ids(window)]
    assert len(names) == len(set(names)), "object names are unique within the window"
    assert {"expiryLink", "homeRenewButton", "accountRouteLink", "renewNowButton", "accountInfoBackButton"} <= set(names)


def _page(parent: QWidget) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget(parent)
    return page, QVBoxLayout(page)


def test_widgets_in_a_scroll_area_and_on_a_hidden_stacked_page_are_listed(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    scroll = QScrollArea(root)
    scroll.setWidgetResizable(True)
    body, body_layout = _page(scroll)
    scrolled = name(QLineEdit(body), "form.scrolledField", "お名前")
    body_layout.addWidget(scrolled)
    scroll.setWidget(body)  # inside the viewport, "qt_scrollarea_viewport"
    layout.addWidget(scroll)
    stack = QStackedWidget(root)
    shown, _ = _page(stack)
    hidden, hidden_layout = _page(stack)
    hidden_layout.addWidget(name(QLineEdit(hidden), "form.hiddenPageField", "電話番号"))
    stack.addWidget(shown)
    stack.addWidget(hidden)
    layout.addWidget(stack)
    root.show()
    qtbot.waitExposed(root)

    assert scrolled.parentWidget().parentWidget().objectName() == "qt_scrollarea_viewport"
    assert {"form.scrolledField", "form.hiddenPageField"} <= {i.object_name for i in automation_ids(root)}
    on_screen = {i.object_name for i in automation_ids(root, current_screen=True)}
    assert "form.scrolledField" in on_screen and "form.hiddenPageField" not in on_screen
    stack.setCurrentWidget(hidden)
    assert "form.hiddenPageField" in {i.object_name for i in automation_ids(root, current_screen=True)}

    unnamed_field = QLineEdit(body)  # the check sees inside the scroll area too
    body_layout.addWidget(unnamed_field)
    assert [entry for entry in unnamed(root) if entry.startswith("QLineEdit ''")], unnamed(root)


def test_qt_internals_are_not_listed(qtbot) -> None:
    """A combo box's popup list, a spin box's editor, a line edit's clear button, scroll bars: Qt's parts."""
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    combo = name(QComboBox(root), "form.prefecture", "都道府県")
    combo.addItems(["東京都", "大阪府"])
    spin = name(QSpinBox(root), "form.years", "年数")
    edit = name(QLineEdit(root), "form.search", "検索")
    edit.setClearButtonEnabled(True)
    text = name(QTextEdit(root), "form.notes", "備考")
    items = name(QListWidget(root), "form.list", "一覧")
    scroll = QScrollArea(root)
    scroll.setWidget(QWidget(scroll))
    for widget in (combo, spin, edit, text, items, scroll):
        layout.addWidget(widget)
    root.show()
    qtbot.waitExposed(root)

    assert unnamed(root) == []
    assert sorted(i.object_name for i in automation_ids(root)) == [
        "form.list", "form.notes", "form.prefecture", "form.search", "form.years"]


def test_published_messages_are_listed_on_their_screen_shown_or_not(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    field = name(QLineEdit(root), "form.phone", "電話番号")
    error = QLabel(root)
    error.setObjectName("form.phone.error")
    publish(error)
    error.setVisible(False)
    layout.addWidget(field)
    layout.addWidget(error)
    root.show()
    qtbot.waitExposed(root)

    ids = {i.object_name: i for i in automation_ids(root, current_screen=True)}
    assert ids["form.phone"].role == "text field"
    assert ids["form.phone.error"].role == "error message"
    assert unnamed(root) == []
    publish(QLabel(root))
    assert len(unnamed(root)) == 1, "a published message needs an objectName"
