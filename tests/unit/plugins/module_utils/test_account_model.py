# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""account_model: the checks on a declared account (powerpack_bulk items and purge) that
need no request."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import account_model, pool_converge, specs


def _item(**given):
    item = {name: option.get("default") for name, option in specs.BULK_ITEM.items()}
    item.update(given)
    return item


def test_purge_with_nothing_declared_needs_purge_everything():
    (problem,) = account_model.purge_problems([], True, False)
    assert "purge=true with an empty powerpacks list would delete every powerpack of the account" in problem
    assert "purge_everything=true" in problem
    assert account_model.purge_problems([], True, True) == []


@pytest.mark.parametrize("items, purge, purge_everything, expected", [
    ([], False, False, None),
    ([_item(name="a")], True, False, None),
    ([_item(name="a")], False, False, None),
    ([], False, True, "purge_everything only applies with purge=true"),
    ([_item(name="a")], False, True, "purge_everything only applies with purge=true"),
    ([_item(name="a"), _item(name="b")], True, True, "powerpacks declares 2, which purge keeps: remove purge_everything"),
])
def test_purge_everything_applies_only_to_an_empty_purge(items, purge, purge_everything, expected):
    problems = account_model.purge_problems(items, purge, purge_everything)
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize("name", [" alerts", "alerts ", "alerts\n"])
def test_an_item_name_with_whitespace_around_it_is_refused_with_its_place(name):
    problems = account_model.validate([_item(name="ok"), _item(name=name)])
    assert any(p.startswith("powerpacks[1]: name must not start or end with whitespace") for p in problems), problems


# Which writes may run in parallel: order matters only between an item that frees a name
# or a number and one that takes it.

def _listed(name, uuid):
    return {"name": name, "uuid": uuid}


def _plan(entries=(), wanted=None, purge=False):
    """A pool plan with these long codes in the pool and these wanted ({number: None} to remove)."""
    have = {number: ("longcode", {"number": number, "service": "sms"}) for number in entries}
    return pool_converge.PoolPlan("b0015000-0000-4000-8000-000000000001", have, wanted or {}, {}, purge, False)


UUID_A = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
UUID_B = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e22"
LONGCODE = {"type": "longcode", "service": "sms"}


def test_independent_powerpacks_all_run_in_parallel():
    items = [_item(name="a"), _item(name="b", sticky_sender=True), _item(name="c", state="absent")]
    found = [None, _listed("b", UUID_A), _listed("c", UUID_B)]
    assert account_model.write_order(items, found, [None, None, None]) == ([0, 1, 2], [])


def test_a_rename_goes_before_the_create_that_takes_the_freed_name_whatever_the_declared_order():
    items = [_item(name="alerts"), _item(uuid=UUID_A, name="alerts-old"), _item(name="other")]
    found = [None, _listed("alerts", UUID_A), None]
    assert account_model.write_order(items, found, [None, None, None]) == ([2], [1, 0])


def test_a_delete_goes_before_the_create_of_its_name():
    items = [_item(name="alerts"), _item(uuid=UUID_A, state="absent")]
    found = [None, _listed("alerts", UUID_A)]
    assert account_model.write_order(items, found, [None, None]) == ([], [1, 0])


def test_two_powerpacks_swapping_names_keep_the_declared_order():
    items = [_item(uuid=UUID_A, name="b"), _item(uuid=UUID_B, name="a")]
    found = [_listed("a", UUID_A), _listed("b", UUID_B)]
    assert account_model.write_order(items, found, [None, None]) == ([], [0, 1])


def test_a_number_purged_from_one_pool_is_removed_before_another_pool_adds_it():
    items = [_item(name="to", senders=[]), _item(name="from", senders=[], purge_senders=True), _item(name="else", senders=[])]
    found = [_listed("to", UUID_A), _listed("from", UUID_B), None]
    plans = [_plan(wanted={"14155550100": LONGCODE}), _plan(entries=["14155550100"], purge=True),
             _plan(wanted={"14155550199": LONGCODE})]
    assert account_model.write_order(items, found, plans) == ([2], [1, 0])


def test_a_deleted_powerpack_frees_its_unread_numbers_for_any_pool_that_adds():
    items = [_item(name="adds", senders=[]), _item(uuid=UUID_B, state="absent"), _item(name="keeps", senders=[])]
    found = [_listed("adds", UUID_A), _listed("gone", UUID_B), None]
    plans = [_plan(wanted={"14155550100": LONGCODE}), None, _plan(entries=["14155550101"], wanted={"14155550101": LONGCODE})]
    assert account_model.write_order(items, found, plans) == ([2], [1, 0])


def test_an_item_that_keeps_its_name_frees_nothing():
    items = [_item(uuid=UUID_A, name="alerts", sticky_sender=False), _item(uuid=UUID_B, sticky_sender=True)]
    found = [_listed("alerts", UUID_A), _listed("other", UUID_B)]
    assert account_model.write_order(items, found, [None, None]) == ([0, 1], [])


def test_a_name_freed_by_another_item_means_a_new_powerpack_not_the_renamed_one():
    items = [_item(name="alerts"), _item(uuid=UUID_A, name="alerts-old")]
    listed = [_listed("alerts", UUID_A)]
    assert account_model.claimed(items, listed) == {UUID_A}
    assert account_model.claimed([_item(uuid=UUID_A, name="alerts")], listed) == set()
    assert account_model.claimed([_item(uuid=UUID_A)], listed) == set()
    assert account_model.claimed([_item(uuid=UUID_A, state="absent")], listed) == {UUID_A}
