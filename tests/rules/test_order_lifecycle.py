"""An order's life cycle: every state × event pair, the paths through it, and nobody else spelling a state."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

from vb_renew.rules.errors import RuleError
from vb_renew.rules.lifecycle import (
    FINAL_STATES,
    INITIAL_STATE,
    MAIN_PATH,
    OPEN_STATES,
    TRANSITIONS,
    OrderEvent,
    OrderState,
    allows,
    is_final,
    may_still_happen,
    next_state,
    reachable,
)

S, E = OrderState, OrderEvent

# What the backend does today (vb_renew/server/service/), written out once more: the table must say the same.
EXPECTED: dict[tuple[OrderState, OrderEvent], OrderState] = {
    # a slip order
    (S.APPLIED, E.SLIP_MAILED): S.SLIP_MAILED,
    (S.SLIP_MAILED, E.SLIP_DELIVERED): S.SLIP_DELIVERED,
    (S.SLIP_DELIVERED, E.CUSTOMER_PAYS): S.PAID,
    (S.SLIP_DELIVERED, E.SLIP_PAID): S.PAID,
    (S.PAID, E.PAYMENT_CONFIRMED): S.CONFIRMED,
    (S.CONFIRMED, E.EXTEND): S.EXTENDED,
    # its slip's deadline passes before it is paid
    (S.APPLIED, E.SLIP_LAPSE): S.LAPSED,
    (S.SLIP_MAILED, E.SLIP_LAPSE): S.LAPSED,
    (S.SLIP_DELIVERED, E.SLIP_LAPSE): S.LAPSED,
    # a card order: charged at once, then confirmed and extended like a slip order
    (S.APPLIED, E.CARD_CHARGED): S.PAID,
}

ALL_PAIRS = list(itertools.product(OrderState, OrderEvent))


def test_the_values_are_the_apis_and_the_databases() -> None:
    """The JSON ``state`` of docs/api.md, and the event kinds the backend stores and the clock's answer lists."""
    assert [str(s) for s in OrderState] == ["applied", "slip_mailed", "slip_delivered", "paid", "confirmed",
                                             "extended", "lapsed"]
    scheduled = {"slip_mailed", "slip_delivered", "customer_pays", "payment_confirmed", "extend", "slip_lapse"}
    assert scheduled <= {str(e) for e in OrderEvent}


@pytest.mark.parametrize(("state", "event"), ALL_PAIRS, ids=[f"{s}-{e}" for s, e in ALL_PAIRS])
def test_every_state_and_event(state: OrderState, event: OrderEvent) -> None:
    if (state, event) in EXPECTED:
        assert allows(state, event)
        assert next_state(state, event) is EXPECTED[(state, event)]
    else:
        assert not allows(state, event)
        with pytest.raises(RuleError) as refused:
            next_state(state, event)
        assert refused.value.first.code == "order.transition_refused"
        assert refused.value.first.values == {"state": str(state), "event": str(event)}


def test_the_table_is_exactly_the_expected_one() -> None:
    assert TRANSITIONS == EXPECTED


def test_plain_strings_from_json_or_sql_are_read_as_the_enum() -> None:
    assert next_state("applied", "slip_mailed") is S.SLIP_MAILED
    assert allows("slip_delivered", "slip_lapse") and not allows("paid", "slip_lapse")
    assert not allows("unknown", "slip_mailed") and not allows("applied", "unknown")
    assert S.PAID == "paid" and "paid" in {S.PAID}  # a StrEnum member compares and hashes as its JSON string


def test_extended_and_lapsed_are_final_and_nothing_leaves_them() -> None:
    assert FINAL_STATES == {S.EXTENDED, S.LAPSED}
    assert OPEN_STATES == (S.APPLIED, S.SLIP_MAILED, S.SLIP_DELIVERED, S.PAID, S.CONFIRMED)
    for state in OrderState:
        assert is_final(state) is (state in FINAL_STATES)
        assert is_final(str(state)) is is_final(state)
    assert not is_final(None) and not is_final("unknown")
    assert not any(source in FINAL_STATES for source, _event in TRANSITIONS)


def test_the_main_path_is_a_walk_through_the_table_to_extension() -> None:
    assert MAIN_PATH[0] is INITIAL_STATE and MAIN_PATH[-1] is S.EXTENDED
    assert len(set(MAIN_PATH)) == len(MAIN_PATH)
    for here, there in itertools.pairwise(MAIN_PATH):
        assert any(source is here and target is there for (source, _e), target in TRANSITIONS.items()), (here, there)


def test_every_state_is_reached_and_every_open_one_can_end() -> None:
    assert reachable(INITIAL_STATE) == set(OrderState)  # reachable itself: checked below, walk by walk
    for state in OPEN_STATES:
        assert any(source is state for source, _event in TRANSITIONS), state


def test_a_card_order_goes_from_applied_to_extended() -> None:
    state = INITIAL_STATE
    for event in (E.CARD_CHARGED, E.PAYMENT_CONFIRMED, E.EXTEND):
        state = next_state(state, event)
    assert state is S.EXTENDED


# --- nobody else spells a state -----------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[2] / "vb_renew"
RULES = PACKAGE / "rules"
STATE_NAMES = {str(s) for s in OrderState}
# String constants equal to a state's name that are not states, with the reason. (file, value) -> reason.
NOT_STATES = {
    ("server/service/events.py", "applied"): "a JSON key of the clock's answer: whether each event that ran took effect "
                                      "(`\"events\": [{..., \"applied\"}]`, docs/api.md), not the state",
    ("core/data.py", "applied"): "the same JSON key, read where the clock's answer arrives",
    ("server/service/world.py", "applied"): "the same key, of the events a world's history ran",
}


def state_literals() -> list[tuple[str, int, str]]:
    """(file under vb_renew/, line, value) of every string constant outside the rules equal to a state's name."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(RULES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in STATE_NAMES:
                found.append((path.relative_to(PACKAGE).as_posix(), node.lineno, node.value))
    return found


def test_no_module_outside_the_rules_spells_a_state() -> None:
    """States come from ``OrderState`` (its members equal the JSON strings); a literal would drift from the table."""
    found = state_literals()
    spelled = [f"vb_renew/{where}:{line}: {value!r}" for where, line, value in found
               if (where, value) not in NOT_STATES]
    assert spelled == [], "use vb_renew.rules.lifecycle.OrderState"
    stale = set(NOT_STATES) - {(where, value) for where, _line, value in found}
    assert stale == set(), "these exceptions are gone: drop them from NOT_STATES"


@pytest.mark.parametrize(("state", "event"), list(itertools.product(OrderState, OrderEvent)))
def test_an_event_may_still_happen_exactly_when_a_walk_through_the_table_reaches_a_state_it_leaves(
        state: OrderState, event: OrderEvent) -> None:
    reached, frontier = {state}, [state]
    while frontier:  # every state the order may still reach, one event at a time
        here = frontier.pop()
        for follow in OrderEvent:
            if allows(here, follow) and next_state(here, follow) not in reached:
                reached.add(next_state(here, follow))
                frontier.append(next_state(here, follow))
    assert may_still_happen(state, event) == any(allows(there, event) for there in reached)
    assert may_still_happen(str(state), str(event)) == may_still_happen(state, event)  # plain strings too


def test_a_paid_slip_can_no_longer_be_paid_by_the_customer_nor_lapse_but_is_still_confirmed() -> None:
    assert may_still_happen(S.SLIP_MAILED, E.CUSTOMER_PAYS) and may_still_happen(S.APPLIED, E.SLIP_DELIVERED)
    assert not may_still_happen(S.PAID, E.CUSTOMER_PAYS) and not may_still_happen(S.PAID, E.SLIP_LAPSE)
    assert may_still_happen(S.PAID, E.PAYMENT_CONFIRMED) and may_still_happen(S.PAID, E.EXTEND)
    assert not any(may_still_happen(final, event) for final in FINAL_STATES for event in OrderEvent)

