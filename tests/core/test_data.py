"""The API's answers become typed values once, where they arrive (vb_renew.core.data).

Against the real backend over HTTP on loopback, with the simulated clock pinned and standing still: the
dates a client reads are real dates, the states are the rules' enums, and an answer of the wrong shape is
refused as one clear error instead of reaching the UI half-read.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vb_renew.core import data
from vb_renew.core.api import ApiClient
from vb_renew.core.errors import ApiError
from vb_renew.rules.customer import CustomerDetails
from vb_renew.rules.eligibility import LicenceState
from vb_renew.rules.lifecycle import OrderState
from vb_renew.rules.payment import PaidAt, PaymentMethod

SCENARIO = "vb_cloud_in_term"
START = "2026-11-26"  # a pinned simulated today
CUSTOMER = {"family_name": "山田", "given_name": "太郎", "family_kana": "ヤマダ", "given_kana": "タロウ",
            "postal_code": "160-0023", "prefecture": "東京都", "city": "新宿区西新宿", "address_line": "6-10-1",
            "building": "", "phone": "03-1234-5678", "email": "taro@example.jp"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from vb_renew.server.embedded import EmbeddedServer

    backend = EmbeddedServer(tmp_path_factory.mktemp("data") / "backend.sqlite3",
                             sim_token=secrets.token_urlsafe(16), scenario=SCENARIO, seconds_per_day=None)
    backend.start()
    if not backend.wait_ready(20):
        pytest.fail("the embedded backend did not start")
    yield backend
    backend.stop()


@pytest.fixture
def client(server: object) -> Iterator[ApiClient]:
    client = ApiClient(server.url, sim_token=server.sim_token)
    world = client.sim_load_scenario(SCENARIO, start=START, seconds_per_day=None, customer_pays=False)
    assert world.installation is not None
    client.product_login(world.installation.serial, world.installation.installation_secret)
    yield client
    client.close()


def test_a_licence_has_a_real_expiry_and_the_rules_state(client: ApiClient) -> None:
    health = client.health()
    assert health.today == date.fromisoformat(START)
    [licence] = [lic for lic in client.licences() if lic.installed]
    assert isinstance(licence.expiry, date)
    assert licence.state is LicenceState(licence.state) and isinstance(licence.state, LicenceState)
    assert licence.expiry > health.today  # "in term": the scenario's name says so
    assert licence.open_order is None


def test_an_order_is_typed_from_the_first_answer_to_the_last(client: ApiClient) -> None:
    [licence] = [lic for lic in client.licences() if lic.installed]
    options = client.renewal_options([licence.serial])
    item = options.item(licence.serial)
    assert item is not None and options.today == date.fromisoformat(START)
    option = item.option(licence.product)
    assert option is not None and PaymentMethod.SLIP in option.payment_methods
    years = option.prices[0].years
    body = {"items": [{"serial": licence.serial, "product": option.product, "years": years}],
            "payment_method": "slip", "customer": CUSTOMER, "card": None}

    order = client.create_order(body, str(uuid.uuid4()))

    assert order.state is OrderState.APPLIED and order.open and not order.final
    assert order.payment_method is PaymentMethod.SLIP
    assert order.total == option.price(years)
    assert order.serials == (licence.serial,)
    assert order.items[0].old_expiry == licence.expiry
    assert isinstance(order.customer, CustomerDetails) and order.customer.family_name == "山田"
    assert isinstance(order.created_at, datetime) and order.created_at.tzinfo is not None
    assert order.reached() == {OrderState.APPLIED: order.timeline[0].at}

    client.sim_advance(to_next_event=True)  # the slip is mailed
    client.sim_advance(to_next_event=True)  # and delivered
    mailed = client.poll_order(order.id).order
    assert mailed is not None and mailed.state is OrderState.SLIP_DELIVERED
    assert mailed.slip is not None and mailed.slip.amount == order.total
    assert mailed.slip.deadline > mailed.slip.issued_on

    paid = client.sim_pay(order.id, str(PaidAt.CONVENIENCE_STORE), order.total)
    assert paid.payment is not None and paid.payment.paid_at is PaidAt.CONVENIENCE_STORE
    window = paid.expected_confirmation
    assert window is not None and window.earliest <= window.latest

    while not (current := client.poll_order(order.id).order).final:
        client.sim_advance(to_next_event=True)
    assert current.state is OrderState.EXTENDED
    assert current.new_expiry is not None and current.new_expiry > licence.expiry
    assert client.licence(licence.serial).expiry == current.new_expiry


def test_the_mails_and_the_clock_are_typed(client: ApiClient) -> None:
    clock = client.sim_clock()
    assert clock.today == date.fromisoformat(START) and clock.seconds_per_day is None
    assert all(isinstance(mail.sent_at, datetime) for mail in client.mails())


_GOOD_ORDER = {
    "id": "o1", "number": "R-1", "version": 1, "state": "applied", "open": True, "payment_method": "slip",
    "total": 5280, "items": [{"serial": "S", "product": "vb_cloud", "product_name": "ウイルスバスター クラウド",
                              "years": 1, "price": 5280, "upgrade": False, "old_expiry": "2027-01-31",
                              "new_expiry": None}],
    "customer": CUSTOMER, "card_last4": None, "slip": None, "payment": None, "expected_confirmation": None,
    "timeline": [{"state": "applied", "at": "2026-11-26T10:00:00+09:00"}],
    "created_at": "2026-11-26T10:00:00+09:00", "poll_after_seconds": 5,
}


def test_an_order_with_erased_details_has_no_customer() -> None:
    order = data.Order.from_json({**_GOOD_ORDER, "customer": {}})
    assert order.customer is None


@pytest.mark.parametrize("broken", [
    {"state": "archived"},  # a state the life cycle does not have
    {"items": [{"serial": "S"}]},  # an item without its fields
    {"created_at": "yesterday"},  # not an instant
    {"payment_method": "barter"},
    {"total": "lots"},
])
def test_an_answer_of_the_wrong_shape_is_refused_as_malformed(broken: dict) -> None:
    with pytest.raises(ApiError) as caught:
        data.read(data.Order.from_json, {**_GOOD_ORDER, **broken})
    assert caught.value.code == "response.malformed"


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4),
                    max_leaves=12))
def test_any_json_is_either_an_order_or_malformed(raw: object) -> None:
    """Whatever a broken or hostile server sends, reading it ends in an Order or one ApiError, never a crash."""
    try:
        order = data.read(data.Order.from_json, raw)
    except ApiError as error:
        assert error.code == "response.malformed"
    else:
        assert isinstance(order, data.Order)
