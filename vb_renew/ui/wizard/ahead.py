"""The wizard made ready before it is first opened, while the app is idle: its pages laid out and painted
offscreen, and the pages the installed product's serials will show built from their options.

The controller asks for the renewal options 「今すぐ更新」 would load, then builds the wizard ahead
(``RenewalWizard(..., in_parts=True)``, a part at each turn of the event loop), then runs :func:`preview_parts` with
those options (or :func:`preview` once they come) and :func:`warm_up` the same way. 「今すぐ更新」 then only switches
pages: opening the wizard loads the options again (they may have changed) and finds the pages for the same options
already built. Nothing here shows anything or changes what the wizard holds (its application, its draft).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

from vb_renew.core.data import RenewalOptions
from vb_renew.core.flow import Draft, Step
from vb_renew.ui.turns import in_turns
from vb_renew.ui.wizard.loading import read_texts
from vb_renew.ui.wizard.serials_page import renewable_item

if TYPE_CHECKING:
    from vb_renew.ui.wizard.wizard import RenewalWizard


def warm_up(wizard: RenewalWizard, size: QSize, texts: tuple[str, str] | None = None) -> Iterator[None]:
    """Lay out and paint the wizard's pages once, offscreen, at ``size`` (the wizard's on screen), a strip of a page
    at each step: the first step to a page then finds its layout done and the glyphs of its text rendered. The
    licence agreement and the privacy notice (``texts``, read ahead) are set first; not read yet, they are read
    meanwhile (a worker), set, and the pages that show them painted again. Tab's order is set. Once the wizard has
    started, the documents are its own load's, and once it shows, the page on screen is Qt's: the others are still
    warmed up (the controller holds this while the wizard loads hidden)."""
    def set_texts(texts: tuple[str, str]) -> Iterator[None]:
        licence, privacy = texts
        for agreement in (wizard.payment_page.agreement, wizard.card_page.agreement):
            agreement.set_text(licence)
            yield
        wizard.confirm_page.set_privacy_text(privacy)

    def texts_read(texts: tuple[str, str]) -> Iterator[None]:
        yield from set_texts(texts)
        for page in (wizard.payment_page, wizard.card_page, wizard.confirm_page):  # with their text, at last
            yield
            yield from paint_offscreen(page)

    if texts is None:
        wizard.runner.submit(read_texts, lambda texts: in_turns(wizard, texts_read(texts), lambda: not_started(wizard)),
                             lambda _error: None)
    elif not_started(wizard):
        yield from set_texts(texts)
    if not wizard.isVisible():
        yield from fit(wizard, size)
    # In the order the product route shows them (its loading, S5, S6, S7, S9), then S4 and the card page.
    for page in (wizard.state_page, wizard.product_page, wizard.payment_page, wizard.confirm_page,
                 wizard.complete_page, wizard.serials_page, wizard.card_page):
        if page.isVisible():
            continue
        page.resize(wizard.stack.size())
        yield from paint_offscreen(page, lambda page=page: not page.isVisible())  # unless shown meanwhile
    wizard.set_reading_order()  # the pages' controls in reading order, read once


def preview(wizard: RenewalWizard, options: RenewalOptions, size: QSize) -> None:
    """Build the pages opening the wizard with ``options`` (read ahead, for the installed product's serials) would
    build, a part at each turn of the event loop: :func:`preview_parts`."""
    in_turns(wizard, preview_parts(wizard, options, size), lambda: True)


def preview_parts(wizard: RenewalWizard, options: RenewalOptions, size: QSize) -> Iterator[None]:
    """S4's rows, and S5's sections for a single serial to renew, built from ``options``; S5 then laid out and
    painted offscreen at ``size`` (the wizard's on screen). Only while the wizard has not started: once it has,
    its own load builds them."""
    if not not_started(wizard):
        return
    items = list(options.items)
    wizard.card_page.set_today(options.today)
    wizard.serials_page.set_items(items)
    renewable = [item for item in items if renewable_item(item)]
    if len(renewable) == 1:  # S5 comes first (else S4, where the serials are chosen)
        yield
        if not not_started(wizard):
            return
        wizard.product_page.set_items(renewable)
        wizard.product_page.show_choices(())  # none chosen yet, as the load shows it
        serials = (renewable[0].serial,)
        wizard.show_frame(Step.PRODUCT, Draft(renewable_serials=serials, selected_serials=serials))
        yield
        yield from fit(wizard, size)
        # S5 with the wizard around it (its steps, its buttons) as it will open: laid out at its size, glyphs drawn
        yield from paint_offscreen(wizard, lambda: not_started(wizard))
    wizard.set_reading_order()  # the pages' new controls


def fit(wizard: RenewalWizard, size: QSize) -> Iterator[None]:
    """The hidden wizard at ``size``, laid out (once: nothing to do when it already is)."""
    if wizard.size() != size:
        wizard.resize(size)
        yield
        wizard.layout().activate()
        yield


def not_started(wizard: RenewalWizard) -> bool:
    return wizard.client_factory is None and not wizard.isVisible()


# The height of the strips a page is painted in offscreen: a small pixmap each (~0.4 MB at 1,024 px wide), not one of
# the whole page, which the allocator would keep once freed.
STRIP = 96


def paint_offscreen(page: QWidget, still: Callable[[], bool] = lambda: True) -> Iterator[None]:
    """Lay out and paint ``page`` (hidden) as it would show at its size, a strip at each step while ``still()``, into
    pixmaps dropped at once: what stays is the layout and the glyphs rendered."""
    for top in range(0, max(page.height(), 1), STRIP):
        if not still():
            return
        page.grab(QRect(0, top, page.width(), STRIP))
        yield
