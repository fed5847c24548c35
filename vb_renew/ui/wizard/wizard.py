"""The renewal wizard, embedded in the main window: S4 → S5 → S6 (or the card page) → S7 → S8 → S9.

Over 400 lines: the navigation between the six pages, with the keys and the focus each step sets (Tab order,
Enter, Esc), and the ways out of it (asking before input is lost, the draft taken back where the user left);
the pages, the loading, the sending and the draft's file and timing are modules of their own.

Built the way QWizard is: a stacked widget of pages keyed by
:class:`vb_renew.core.flow.Step`; which page comes next is decided by
:mod:`vb_renew.core.flow` alone; each page's ``is_complete()`` and
``completeChanged`` drive its main button. Every request and file read runs on
the :class:`~vb_renew.ui.tasks.TaskRunner`; the UI thread never waits.

The wizard renders and routes; it owns no key, file or retry. Loading the renewal
options and the texts is :mod:`.loading`'s job; sending the order (S7) is
:class:`~vb_renew.ui.wizard.sending.OrderSender`'s, which runs what
:class:`vb_renew.core.submission.Submission` decides (the idempotency key, the
pending-order file, whether and when a failed send goes again). The wizard shows
the outcome.

Keyboard: Tab goes through the page in reading order, then the button bar (戻る, キャンセル, the page's main
action); each page shows with the focus on its first control (S6: the first field). Enter is the page's main
action when it is enabled (S6, S7, S9), Esc its way out: キャンセル, or on S9 「メイン画面に戻る」.

Input is not lost by accident: while the wizard holds input not yet sent (:func:`vb_renew.core.draft.has_input`),
キャンセル asks first (:mod:`vb_renew.ui.leave_guard`), and so does closing the window (the guard the controller
installs calls :meth:`RenewalWizard.ask_before_closing`). The customer's details and the choices are kept on
disk as they are typed (:class:`~vb_renew.ui.wizard.draft_keeper.DraftKeeper`, :mod:`vb_renew.core.draft`) and
restored the next time the wizard starts for the same serials, S6 saying so; the draft goes once the order is
placed or the user chose to discard it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from vb_renew.core import flow
from vb_renew.core.api import ApiClient
from vb_renew.core.backoff import Backoff
from vb_renew.core.data import Order, RenewalItem, RenewalOptions
from vb_renew.core.draft import DraftStore, FormDraft, has_customer_input, has_input, restore, worth_keeping
from vb_renew.core.flow import Draft, Step
from vb_renew.core.pending import PendingOrders
from vb_renew.core.submission import Conflict, Outcome, Refused, Transient
from vb_renew.ui.keyboard import DialogKeys, focus_first, layout_order, set_tab_order
from vb_renew.ui.leave_guard import ask_to_leave
from vb_renew.ui.messages import show_message
from vb_renew.ui.tasks import TaskRunner
from vb_renew.ui.turns import InTurns
from vb_renew.ui.wizard.ahead import paint_offscreen
from vb_renew.ui.wizard.base import BuiltInParts, ButtonBar, StepIndicator, WizardPage
from vb_renew.ui.wizard.confirm_page import CompletePage, ConfirmPage
from vb_renew.ui.wizard.draft_keeper import DraftKeeper, DraftState
from vb_renew.ui.wizard.loading import Loaded, StatePage, load_job
from vb_renew.ui.wizard.payment_pages import CardPage, PaymentPage
from vb_renew.ui.wizard.product_page import ProductPage
from vb_renew.ui.wizard.sending import OrderSender
from vb_renew.ui.wizard.serials_page import SerialsPage, renewable_item

log = logging.getLogger(__name__)

# Opened (hidden) while its options load: the loading page shows only if they take longer than this, so that a quick
# load goes from the page it was opened on straight to S4 or S5 [sim].
LOADING_SHOWN_AFTER_MS = 300
SENDING_SHOWN_AFTER_MS = 300  # S7's 「お申し込みを送信しています…」: for a send that takes a while
CONFIRM_AHEAD_AFTER_MS = 200  # S6 complete and its typing paused that long: S7 is laid out ahead with it


class RenewalWizard(BuiltInParts, QWidget):
    """The renewal wizard, a page of the main window.

    Signals:
        ``cancelled()``: the user left before the order was placed (「キャンセル」).
        ``orderShown(object)``: the ``Order`` placed, once S8 (「お申し込みを受け付けました」) has painted: what only
        follows the order (its waiting page) is built then, not before S8 shows.
        ``orderPlaced(object)``: the :class:`~vb_renew.core.data.Order`, when S9 shows.
        ``finished()``: the user clicked 「メイン画面に戻る」 on S9.
        ``paymentStatusRequested(object)``: 「お支払い状況を確認する」 on S9 (slip orders), with the ``Order``.
        ``openOrderRequested(str)``: 「お支払い状況を確認する」 of a serial's open order on S4, with the order's id.

    Use: ``start(client_factory, serials, email=None)``; ``client_factory`` makes a fresh
    :class:`~vb_renew.core.api.ApiClient` for each worker (e.g. ``ProductSession.client``). ``drafts`` keeps
    the application being typed (default: beside the pending-order file, in the user's data folder).
    """

    cancelled = Signal()
    orderShown = Signal(object)
    orderPlaced = Signal(object)
    finished = Signal()
    paymentStatusRequested = Signal(object)
    openOrderRequested = Signal(str)
    wantsShowing = Signal()  # started hidden: it has a page to show (or has loaded for LOADING_SHOWN_AFTER_MS)

    def __init__(self, runner: TaskRunner, pending: PendingOrders, parent: QWidget | None = None, *,
                 drafts: DraftStore | None = None, in_parts: bool = False) -> None:
        """``in_parts``: only the frame is built now; :meth:`build_part` builds the rest a part at a time (the
        controller builds the wizard ahead while the app is idle, between the event loop's turns)."""
        super().__init__(parent)
        self.setObjectName("renewalWizard")
        self.setAccessibleName(QCoreApplication.translate("RenewalWizard", "契約更新のお申し込み"))
        self.setMinimumSize(820, 480)
        self.runner = runner
        self.order_sender = OrderSender(runner, pending, self)
        self.order_sender.sending.connect(self._sending)
        self.order_sender.placed.connect(self._ordered)
        self.order_sender.failed.connect(self._send_failed)
        self._client_factory: Callable[[], ApiClient] | None = None
        self._email: str | None = None
        self._draft = Draft()
        self._items: list[RenewalItem] = []
        self._step: Step | None = None
        self._generation = 0
        self._loading = False
        self._order: Order | None = None
        self._dialog = None
        self._announced: Order | None = None  # the order orderShown was emitted for
        self._question: QMessageBox | None = None  # 「入力内容が失われます」 or the window's close, while asked
        self._serials: list[str] = []
        self._options_ahead: RenewalOptions | None = None  # read ahead, for the next load only (start)
        # Each page's controls in reading order, with its controls_built when they were read (set_reading_order).
        self._tab_orders: dict[QWidget, tuple[int, list[QWidget]]] = {}
        self.keeper = DraftKeeper(runner, drafts or DraftStore(pending.path.parent), self._draft_state, self)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.indicator = StepIndicator(self)
        outer.addWidget(self.indicator)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("wizard.stack")
        outer.addWidget(self.stack, 1)

        self.state_page = StatePage(self.stack)
        self.state_page.retry_button.clicked.connect(self._load)
        self.stack.addWidget(self.state_page)
        self.pages: dict[Step, WizardPage] = {}
        self._parts: Iterator[None] | None = self._build_parts(runner)
        if not in_parts:
            self.finish_building()

    def _build_parts(self, runner: TaskRunner) -> Iterator[None]:
        """The pages, the button bar and the connections, one part at a time (a part takes a few milliseconds)."""
        self.serials_page = SerialsPage(self.stack)
        self.product_page = ProductPage(self.stack)
        yield
        self.payment_page = PaymentPage(runner, self.stack, in_parts=True)
        self.card_page = CardPage(runner, self.stack, in_parts=True)
        for page in (self.payment_page, self.card_page):
            while not page.build_part():
                yield
            yield
        self.confirm_page = ConfirmPage(self.stack)
        self.complete_page = CompletePage(self.stack)
        yield
        for page in (self.serials_page, self.product_page, self.payment_page, self.card_page, self.confirm_page,
                     self.complete_page):
            self.pages[page.step] = page
            self.stack.addWidget(page)
            page.completeChanged.connect(self._update_buttons)

        self.bar = bar = ButtonBar(self.pages.values(), self)
        self.back_button, self.cancel_link = bar.back_button, bar.cancel_link
        self.busy_label, self.status_button = bar.busy_label, bar.status_button
        self.back_button.clicked.connect(self.go_back)
        self.cancel_link.clicked.connect(self.cancel)
        self.status_button.clicked.connect(self._payment_status)
        self.layout().addWidget(bar)

        self.serials_page.serialsChosen.connect(self._serials_chosen)
        self.serials_page.orderStatusRequested.connect(self.openOrderRequested)
        self.product_page.choiceMade.connect(self._choice_made)
        self.payment_page.next_button.clicked.connect(self._details_done)
        self.card_page.next_button.clicked.connect(self._details_done)
        self.confirm_page.next_button.clicked.connect(self.submit)
        self.confirm_page.retryClicked.connect(self.retry)
        self.complete_page.next_button.clicked.connect(self.finished)
        for form_page in (self.payment_page, self.card_page):
            form_page.customer_form.changed.connect(self.keeper.changed)  # never the card form: not kept
            form_page.completeChanged.connect(self._details_changed)
        self._confirm_ahead = QTimer(self)
        self._confirm_ahead.setSingleShot(True)
        self._confirm_ahead.setInterval(CONFIRM_AHEAD_AFTER_MS)
        self._confirm_ahead.timeout.connect(self._show_draft_ahead)
        self._confirm_turns = InTurns(self)  # S7 painted offscreen; a new start replaces what was left
        QCoreApplication.instance().aboutToQuit.connect(self.keeper.flush)  # a quit without a close (a signal)
        self.keys = DialogKeys(self, default=self._default_button, cancel=self._cancel_button)
        self._show_state()

    # -- public API -----------------------------------------------------------------

    @property
    def built(self) -> bool:
        """Every part is built (always, unless made ``in_parts`` and not finished yet)."""
        return self._parts is None

    @property
    def draft(self) -> Draft:
        return self._draft

    @property
    def submit_backoff(self) -> Backoff:
        """The automatic resends of a transient failure while submitting (then 「再試行」): the submission's."""
        return self.order_sender.submission.backoff

    @submit_backoff.setter
    def submit_backoff(self, backoff: Backoff) -> None:
        self.order_sender.submission.backoff = backoff

    @property
    def order(self) -> Order | None:
        """The order placed, once S8 shows."""
        return self._order

    @property
    def client_factory(self) -> Callable[[], ApiClient] | None:
        """The factory of the current application's clients (its account: product or account route)."""
        return self._client_factory

    def current_step(self) -> Step | None:
        """The page on screen, or None while loading (or before ``start``)."""
        return self._step

    def page(self, step: Step) -> WizardPage:
        return self.pages[step]

    def start(self, client_factory: Callable[[], ApiClient], serials: list[str], email: str | None = None,
              options: RenewalOptions | None = None) -> None:
        """Begin an application for ``serials``: load their renewal options, then show S4 or S5. Started hidden,
        it says when it should be shown (``wantsShowing``): once it has that page, or a failure, or after
        ``LOADING_SHOWN_AFTER_MS`` of loading.

        ``options`` read ahead (``core.renewal_start.read_options_ahead``) are shown at once, with no request; once
        that page has painted they are read again, and what changed meanwhile is followed (:meth:`_read_again`)."""
        self._generation += 1
        self.order_sender.reset()
        self.keeper.stop()
        self._client_factory = client_factory
        self._serials = list(serials)
        self._email = email
        self._draft = Draft()
        self._items = []
        self._order = None
        self._step = None
        for form_page in (self.payment_page, self.card_page):
            form_page.begin(email)
            form_page.show_notice("")
        self.confirm_page.clear_error()
        self._options_ahead = options
        self._load()

    @Slot()
    def go_back(self) -> None:
        if self._step is None or self._busy():
            return
        previous = flow.previous_step(self._step, self._draft)
        if previous is not None:
            self._show(previous)

    @Slot()
    def cancel(self) -> None:
        """Leave the wizard before ordering (not while an order is being submitted or once it is placed);
        with input not yet sent, only once the user said so (「入力内容を破棄する」)."""
        if self.order_sender.busy or self._order is not None or self._question is not None:
            return
        if not self.holds_input():
            self._leave()
            return
        self._ask(ask_to_leave(
            self, "leaveWizardDialog", QCoreApplication.translate("RenewalWizard", "お申し込みのキャンセル"),
            QCoreApplication.translate("RenewalWizard", "入力内容が失われます。よろしいですか？"),
            QCoreApplication.translate("RenewalWizard", "入力内容を破棄する"), self._leave))

    def holds_input(self) -> bool:
        """Input the user would lose by leaving: a customer's field or a card field, not yet sent."""
        if self._step is None or self._order is not None or self.order_sender.busy:
            return False
        prefilled = self._prefilled()
        for page in (self.payment_page, self.card_page):
            card = page.card_form.values() if page.card_form is not None else {}
            if has_input(page.customer_form.values(), card, prefilled):
                return True
        return False

    def ask_before_closing(self, proceed: Callable[[], None]) -> None:
        """The main window is closing with input not sent: ask; 「終了する」 writes the draft and ``proceed()``s."""
        if self._question is not None:
            self._question.raise_()
            return
        informative = QCoreApplication.translate(
            "RenewalWizard", "入力したお客さま情報と、選んだ製品・年数は保存され、次にお申し込みを始めたときに"
            "復元されます。")
        card = self.card_page.card_form.values() if self.card_page.card_form is not None else {}
        if has_input({}, card):
            informative += "\n" + QCoreApplication.translate(
                "RenewalWizard", "クレジットカード情報は保存されないため、失われます。")

        def leave() -> None:
            self.flush_draft()
            proceed()

        self._ask(ask_to_leave(
            self, "closeWizardDialog", QCoreApplication.translate("RenewalWizard", "お申し込みの途中です"),
            QCoreApplication.translate("RenewalWizard", "お申し込みの途中です。終了してもよろしいですか？"),
            QCoreApplication.translate("RenewalWizard", "終了する"), leave, informative))

    @Slot()
    def flush_draft(self) -> None:
        """Write the draft now (the app is closing)."""
        self.keeper.flush()

    @Slot()
    def submit(self) -> None:
        """S7's 「同意して、お申し込み内容を完了する」: send the order (one key per application body)."""
        busy_or_done = self.order_sender.busy or self._order is not None
        if busy_or_done or self._step is not Step.CONFIRM or self._client_factory is None:
            return
        self._draft = self.order_sender.send(self._draft, self._client_factory)

    @Slot()
    def retry(self) -> None:
        """「再試行」: send the same application again, with the same key."""
        if self.order_sender.busy or self._order is not None:
            return
        self.order_sender.again()

    # -- leaving and the draft ---------------------------------------------------------------

    def _ask(self, box: QMessageBox) -> None:
        self._question = box
        box.finished.connect(self._question_closed)

    @Slot()
    def _question_closed(self) -> None:
        self._question = None

    @Slot()
    def _leave(self) -> None:
        """Leave, dropping what was typed: the draft on disk (once it was shown: not while loading), the
        forms' details and card."""
        self._generation += 1  # drop answers still on their way
        self.order_sender.reset()
        if self._step is not None and self._serials:
            self.keeper.discard(self._serials)
            for form_page in (self.payment_page, self.card_page):
                form_page.customer_form.clear()
                form_page.show_notice("")
                if form_page.card_form is not None:
                    form_page.card_form.clear_card()
        else:
            self.keeper.stop()
        self.cancelled.emit()

    def _prefilled(self) -> dict[str, str]:
        return {"email": self._email} if self._email else {}

    def _details_page(self) -> PaymentPage | CardPage:
        """The page whose customer's details the draft holds: the one on screen, else the route's."""
        page = self.pages.get(self._step) if self._step is not None else None
        if isinstance(page, (PaymentPage, CardPage)):
            return page
        return self.card_page if self._draft.is_upgrade else self.payment_page

    def _draft_state(self) -> DraftState:
        """What the draft on disk should be now (read on the UI thread: no disk): None while nothing is shown
        or once the order is placed."""
        if self._step is None or self._order is not None or not self._serials:
            return None
        draft = FormDraft.of(self._serials, self._draft.selected_serials, self._draft.choices,
                             self._details_page().customer_form.values())
        return tuple(self._serials), (draft if worth_keeping(draft, self._prefilled()) else None)

    def _restore(self, saved: FormDraft, options: RenewalOptions) -> bool:
        """Take back what still holds of a saved draft; True when the details page can show at once."""
        restored = restore(saved, self._draft.renewable_serials, options)
        if restored.selected:
            self._draft = replace(self._draft, selected_serials=restored.selected, choices=restored.choices)
            self._prepare_products()
        if has_customer_input(saved.customer, self._prefilled()):
            target = self.card_page if self._draft.is_upgrade else self.payment_page
            target.customer_form.restore(dict(saved.customer))
            notice = QCoreApplication.translate("RenewalWizard", "前回入力した内容を復元しました。内容をご確認ください。")
            for form_page in (self.payment_page, self.card_page):
                text = notice
                if form_page is self.card_page:
                    text += QCoreApplication.translate(
                        "RenewalWizard", "クレジットカード情報は保存していないため、もう一度入力してください。")
                form_page.show_notice(text)
            log.info("a saved draft was restored (%d choices)", len(restored.choices))
        return restored.complete

    # -- loading --------------------------------------------------------------------------

    @Slot()
    def _load(self) -> None:
        if self._client_factory is None:
            return
        self._loading = True
        self._step = None
        self._show_state()
        self.state_page.show_loading()
        generation = self._generation
        if not self.isVisible():
            QTimer.singleShot(LOADING_SHOWN_AFTER_MS, self, lambda: self._still_loading(generation))
        ahead, self._options_ahead = self._options_ahead, None  # once: 「再試行」 reads them
        job = load_job(self._client_factory, self._serials, ahead)
        store, serials = self.keeper.store, list(self._serials)
        self.runner.submit(lambda: (job(), store.load(serials)),
                           lambda result: self._loaded(generation, *result, read_ahead=ahead is not None),
                           lambda error: self._load_failed(generation, error))
        self._update_buttons()

    def _still_loading(self, generation: int) -> None:
        if generation == self._generation and self._loading and not self.isVisible():
            self.wantsShowing.emit()  # the loading page, then

    def stop_loading(self) -> None:
        """Started hidden, and the page it was opened from was left before it showed: what it loads is dropped,
        and it holds nothing (a draft on disk stays there for the next opening)."""
        if self.isVisible():
            return
        self._generation += 1
        self._loading = False
        self._step = None
        self._client_factory = None
        self._show_state()

    def take_focus(self) -> None:
        """The focus on the page's first control (as each step gives it; also once shown after starting hidden)."""
        page = self.pages.get(self._step) if self._step is not None else self.state_page
        focus_first(page.first_focus() if isinstance(page, WizardPage) else layout_order(page)) \
            or focus_first(layout_order(self.bar))

    def _loaded(self, generation: int, loaded: Loaded, saved: FormDraft | None = None, *,
                read_ahead: bool = False) -> None:
        if generation != self._generation:
            return
        self._show_loaded(loaded, saved)
        if read_ahead:
            self._read_again(generation, loaded, saved)

    def _show_loaded(self, loaded: Loaded, saved: FormDraft | None) -> None:
        self._loading = False
        self.set_texts(loaded.licence_text, loaded.privacy_text)
        self.card_page.set_today(loaded.options.today)
        self._items = list(loaded.options.items)
        renewable = tuple(item.serial for item in self._items if renewable_item(item))
        self._draft = Draft(renewable_serials=renewable, selected_serials=renewable if len(renewable) == 1 else ())
        self.serials_page.set_items(self._items)
        if not renewable:
            self._show(Step.SERIALS)  # nothing to renew: S4 shows why
            return
        if len(renewable) == 1:
            self._prepare_products()
        if saved is not None and self._restore(saved, loaded.options):
            self._show(flow.next_step(Step.PRODUCT, self._draft))  # where the user was: the details
            return
        self._show(flow.first_step(self._draft))

    def _read_again(self, generation: int, shown: Loaded, saved: FormDraft | None) -> None:
        """Options read ahead are being shown: once the page painted, they are read again. If they changed (the
        day, an order placed elsewhere) while the page first shown is still there with nothing chosen, the wizard
        loads again from the new ones; past that, the server checks the order against what holds when it is
        sent, and says what changed."""
        from vb_renew.ui.app import AfterFirstPaint

        def read() -> None:
            if generation != self._generation or self._client_factory is None:
                return
            from vb_renew.core.renewal_start import read_options

            first, client_factory, serials = self._step, self._client_factory, list(self._serials)

            def compare(options: RenewalOptions) -> None:
                if (generation == self._generation and options != shown.options and self._step is first
                        and not self._draft.choices and not self.holds_input()):
                    log.info("renewal options changed since they were read ahead: loading again")
                    self._show_loaded(replace(shown, options=options), saved)  # the documents as they were

            self.runner.submit(lambda: read_options(client_factory, serials), compare,
                               lambda error: log.info("renewal options not read again: %r", error))

        AfterFirstPaint(self.stack.currentWidget(), read)

    def set_texts(self, licence: str, privacy: str) -> None:
        """The licence agreement (S6, the card page) and the privacy notice (S7); the same again changes nothing."""
        self.payment_page.agreement.set_text(licence)
        self.card_page.agreement.set_text(licence)
        self.confirm_page.set_privacy_text(privacy)

    def _load_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        log.warning("renewal options failed: %r", error)
        self.state_page.show_failure(error)  # by its kind (offline, server error, refused); 「再試行」 where it helps
        self._update_buttons()
        if not self.isVisible():
            self.wantsShowing.emit()

    # -- steps ----------------------------------------------------------------------------

    def _prepare_products(self) -> None:
        selected = set(self._draft.selected_serials)
        self.product_page.set_items([item for item in self._items if item.serial in selected])
        self.product_page.show_choices(self._draft.choices)

    @Slot(list)
    def _serials_chosen(self, serials: list[str]) -> None:
        if self._busy():
            return
        chosen = tuple(s for s in self._draft.renewable_serials if s in set(serials))
        if not chosen:
            return
        kept = tuple(c for c in self._draft.choices if c.serial in chosen)
        if chosen != self._draft.selected_serials:
            self._draft = replace(self._draft, selected_serials=chosen, choices=kept)
            self._prepare_products()
            self.keeper.changed()
        self._show(flow.next_step(Step.SERIALS, self._draft))

    @Slot(object)
    def _choice_made(self, choice: flow.Choice) -> None:
        if self._busy():
            return
        self._draft = self._draft.choose(choice)
        self.product_page.show_choices(self._draft.choices)
        self.keeper.changed()
        chosen = {c.serial for c in self._draft.choices}
        left = [serial for serial in self._draft.selected_serials if serial not in chosen]
        if left:
            self.product_page.scroll_to(left[0])
            if self._focus_is_ours():
                self.product_page.focus_choice(left[0])
        else:
            self._show(flow.next_step(Step.PRODUCT, self._draft))

    def _details_on_screen(self) -> PaymentPage | CardPage | None:
        page = self.pages.get(self._step) if self._step is not None else None
        return page if isinstance(page, (PaymentPage, CardPage)) else None

    @Slot()
    def _details_changed(self) -> None:
        """S6 (or the card page) changed: once complete, and the typing has paused, S7 is laid out with it."""
        page = self._details_on_screen()
        if page is not None and page.is_complete():
            self._confirm_ahead.start()
        else:
            self._confirm_ahead.stop()

    @Slot()
    def _show_draft_ahead(self) -> None:
        """S7 with what S6 says now, laid out and painted offscreen a strip at a turn: 次へ then finds it ready
        (the same texts set again change nothing). What the draft holds changes only on 次へ."""
        page = self._details_on_screen()
        if page is None or not page.is_complete() or self._busy():
            return
        ahead = replace(self._draft, customer=page.customer(), card=page.card(), agreed_licence=True)
        self.confirm_page.show_draft(ahead, self.product_page.product_names())
        self.confirm_page.resize(self.stack.size())
        confirm = self.confirm_page
        self._confirm_turns.start(paint_offscreen(confirm, lambda: not confirm.isVisible()))

    @Slot()
    def _details_done(self) -> None:
        """S6 (or the card page) → S7; validation is pure (no I/O), so it runs here."""
        page = self._details_on_screen()
        if page is None or not page.checked():
            return
        self._confirm_ahead.stop()
        self._draft = replace(self._draft, customer=page.customer(), card=page.card(), agreed_licence=True)
        self._show(flow.next_step(self._step, self._draft))

    @Slot()
    def _payment_status(self) -> None:
        if self._order is not None:
            self.paymentStatusRequested.emit(self._order)

    def _show(self, step: Step) -> None:
        self._step = step
        page = self.pages[step]
        names = self.product_page.product_names()
        if step in (Step.PAYMENT, Step.CARD):
            assert isinstance(page, (PaymentPage, CardPage))
            page.set_summary(self._draft.choices, names, self._draft.total)
            page.carry_customer(self.card_page if step is Step.PAYMENT else self.payment_page)
            if page.is_complete():  # as restored or carried: no typing to wait for
                self._confirm_ahead.start()
        elif step is Step.CONFIRM:
            self.confirm_page.show_draft(self._draft, names)
            self.confirm_page.clear_error()
        self.show_frame(step, self._draft)
        self.set_reading_order()
        if not self.isVisible():
            self.wantsShowing.emit()  # started hidden: now it has a page (the focus comes once it shows)
        elif self._focus_is_ours():
            self.take_focus()

    def show_frame(self, step: Step, draft: Draft) -> None:
        """``step``'s page on top, from its top, with the steps and the buttons of ``step`` of ``draft``; what the
        wizard holds is unchanged. Also on the hidden wizard before it starts, so that opening it finds that frame
        laid out and painted ahead (``ahead.preview_parts``)."""
        page = self.pages[step]
        self.stack.setCurrentWidget(page)
        page.scroll.verticalScrollBar().setValue(0)
        self.indicator.set_steps(flow.steps_for(draft) if draft.renewable_serials else [Step.SERIALS], step)
        self._set_buttons(step, draft)

    def set_reading_order(self) -> None:
        """Tab through the wizard in reading order (``layout_order(self)``): the pages' controls one page after the
        other, then the button bar's. A page's are read again only when it built new ones (S4's rows, S5's
        choices), and the order set only then."""
        order, changed = layout_order(self.indicator), False
        for page in (self.state_page, *self.pages.values(), self.bar):
            built = getattr(page, "controls_built", 0)
            known = self._tab_orders.get(page)
            if known is None or known[0] != built:
                known = self._tab_orders[page] = (built, layout_order(page))
                changed = True
            order += known[1]
        if changed:
            set_tab_order(order)

    def _focus_is_ours(self) -> bool:
        """The focus is in the wizard, or nowhere that shows (the page it was on was left): a page may take it."""
        focused = QApplication.focusWidget()
        return focused is None or self.isAncestorOf(focused) or not focused.isVisible()

    def _default_button(self) -> QAbstractButton | None:
        """Enter: the main action of the page on screen (enabled only when the page is complete); on S9 of a slip
        order 「お支払い状況を確認する」."""
        if self._step is Step.COMPLETE and self.status_button.isVisible():
            return self.status_button
        page = self.pages.get(self._step) if self._step is not None else None
        return page.next_button if page is not None else None

    def _cancel_button(self) -> QAbstractButton | None:
        """Esc: キャンセル, as clicking it would do; on S9 (nothing left to cancel) 「メイン画面に戻る」."""
        if self.cancel_link.isVisible():
            return self.cancel_link
        return self.complete_page.next_button if self._step is Step.COMPLETE else None

    def _show_state(self) -> None:
        self.stack.setCurrentWidget(self.state_page)
        self.indicator.set_steps([], None)

    # -- submitting -------------------------------------------------------------------------

    @Slot(int)
    def _sending(self, attempt: int) -> None:
        self.confirm_page.show_busy(QCoreApplication.translate("RenewalWizard", "お申し込みを送信しています…")
                                    if attempt == 0 else
                                    QCoreApplication.translate(
                                        "RenewalWizard", "通信に失敗したため、再送信しています（{attempt}回目）…").format(
                                        attempt=attempt),
                                    after_ms=SENDING_SHOWN_AFTER_MS if attempt == 0 else 0)
        self._update_buttons()

    @Slot(object)
    def _send_failed(self, failure: Outcome | Exception) -> None:
        """No automatic resend follows: the refused fields on their page, else the failure on S7 by its kind
        (「再試行」 if it was transient). An exception is not the server's answer (the disk, a sign-in)."""
        error = failure.error if isinstance(failure, (Refused, Conflict, Transient)) else failure
        if isinstance(failure, Refused) and failure.form_field:
            target = self.card_page if self._draft.is_upgrade else self.payment_page
            self._show(target.step)
            target.show_refusal(failure.error)
        else:
            self.confirm_page.show_failure(error, retry=isinstance(failure, Transient))
        self._update_buttons()

    @Slot(object)
    def _ordered(self, order: Order) -> None:
        self._order = order
        self._draft = replace(self._draft, order=order, card={})
        self.keeper.discard(self._serials)  # placed: nothing left to restore
        self.card_page.card_form.clear_secrets()
        self.confirm_page.clear_error()
        self._update_buttons()
        # S8: the dialog with 「OK」 [seed]; non-blocking, S9 follows when it closes.
        self._dialog = show_message(
            self, "orderPlacedDialog", QCoreApplication.translate("RenewalWizard", "お申し込み"),
            QCoreApplication.translate("RenewalWizard", "お申し込みを受け付けました。"))
        # Connected to our slot (not a lambda holding the wizard): the box, our child, must not own us.
        self._dialog.finished.connect(self._show_complete)
        self._dialog.installEventFilter(self)  # its first paint: then orderShown

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and watched is self._dialog:  # the type first: see DialogKeys
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._order_shown)  # once this frame is on screen
        return super().eventFilter(watched, event)

    @Slot()
    def _order_shown(self) -> None:
        if self._order is not None and self._announced is not self._order:
            self._announced = self._order
            self.orderShown.emit(self._order)

    @Slot()
    def _show_complete(self) -> None:
        self._dialog = None
        self._order_shown()  # S8 closed before it painted: now, at the latest
        if self._order is None or self._step is Step.COMPLETE:
            return
        self.complete_page.show_order(self._order, self._email or self._draft.customer.get("email"))
        self._show(Step.COMPLETE)
        self.orderPlaced.emit(self._order)

    # -- buttons ---------------------------------------------------------------------------

    def _busy(self) -> bool:
        return self._loading or self.order_sender.busy

    @Slot()
    def _update_buttons(self) -> None:
        self._set_buttons(self._step, self._draft)

    def _set_buttons(self, step: Step | None, draft: Draft) -> None:
        busy = self._busy()
        current = self.pages.get(step) if step is not None else None
        for page in self.pages.values():
            if page.next_button is None:
                continue
            page.next_button.setVisible(page is current)
            page.next_button.setEnabled(page is current and not busy and page.is_complete()
                                        and not (step is Step.CONFIRM and self._order is not None))
        can_back = step is not None and flow.previous_step(step, draft) is not None and self._order is None
        self.back_button.setVisible(can_back)
        self.back_button.setEnabled(can_back and not busy)
        self.cancel_link.setVisible(self._order is None)
        self.status_button.setVisible(step is Step.COMPLETE and self._order is not None and self._order.open)
        self.cancel_link.setEnabled(not self.order_sender.busy)
        if self._loading:
            self.busy_label.setText(QCoreApplication.translate("RenewalWizard", "読み込み中…"))
        elif self.order_sender.busy:
            self.busy_label.setText(QCoreApplication.translate("RenewalWizard", "送信中…"))
        else:
            self.busy_label.setText("")
