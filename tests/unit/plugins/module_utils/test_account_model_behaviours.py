# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""account_model behaviours that mutation testing (issue 15) found unguarded: every message of
a declared account that fails validation, word for word with its place in the list; and which
writes must wait for another (an item that keeps its name, or deletes nothing, takes nothing)."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import account_model, specs

UUID_A = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
UUID_B = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e22"


def _item(**given):
    item = {name: option.get("default") for name, option in specs.BULK_ITEM.items()}
    item.update(given)
    return item


def _sender(number, sender_type="longcode"):
    return {"number": number, "type": sender_type, "service": None, "rent": False}


@pytest.mark.parametrize("items, expected", [
    ([_item(name="a", purge_senders=True)],
     ["powerpacks[0]: purge_senders and unrent_purged need senders (senders: [] with purge_senders: true empties the pool)"]),
    ([_item(name="a"), _item(name="b", unrent_purged=True)],
     ["powerpacks[1]: purge_senders and unrent_purged need senders (senders: [] with purge_senders: true empties the pool)"]),
    ([_item(name="a", state="absent", senders=[])],
     ["powerpacks[0]: senders only apply with state=present; remove them, or set state=present"]),
    ([_item(name="a", senders=[], unrent_purged=True)],
     ["powerpacks[0]: unrent_purged only applies to the numbers purge_senders removes; remove it, or set purge_senders=true"]),
    ([_item(name="a"), _item(name="b", senders=[_sender("14155550100"), _sender("123")])],
     ["powerpacks[1].senders[1].number must be an E.164 number in digits, country code first, 8 to 15 digits with an "
      "optional leading +, such as 14155550100; got '123'; set type: shortcode for a short code"]),
    ([_item(name="a", senders=[_sender("14155550100"), _sender("+14155550100")])],
     ["powerpacks[0].senders[1]: number 14155550100 is already declared by powerpacks[0].senders[0]; declare each number once"]),
    ([_item(name="a"), _item(name="b"), _item(name="a")],
     ["powerpacks[2]: name 'a' is already declared by powerpacks[0]; declare each powerpack once"]),
    # An item without a name is still checked for a uuid declared twice.
    ([_item(uuid=UUID_A), _item(uuid=UUID_A, state="absent")],
     ["powerpacks[1]: uuid '%s' is already declared by powerpacks[0]; declare each powerpack once" % UUID_A]),
    ([_item(uuid=UUID_A, name="a"), _item(uuid=UUID_A, name="a")],
     ["powerpacks[1]: name 'a' is already declared by powerpacks[0]; declare each powerpack once",
      "powerpacks[1]: uuid '%s' is already declared by powerpacks[0]; declare each powerpack once" % UUID_A]),
])
def test_every_declaration_problem_is_said_with_its_place(items, expected):
    assert account_model.validate(items) == expected


def test_a_valid_account_has_no_problems():
    items = [_item(name="a", senders=[_sender("14155550100")], purge_senders=True, unrent_purged=True),
             _item(uuid=UUID_A, state="absent"), _item(uuid=UUID_B, name="b")]
    assert account_model.validate(items) == []


@pytest.mark.parametrize("count, purge, purge_everything, expected", [
    (0, True, False, ["purge=true with an empty powerpacks list would delete every powerpack of the account; declare the "
                      "powerpacks to keep in powerpacks, or set purge_everything=true if deleting them all is what you mean"]),
    (0, False, True, ["purge_everything only applies with purge=true; remove it, or set purge=true"]),
    (1, False, True, ["purge_everything only applies with purge=true; remove it, or set purge=true"]),
    (2, True, True, ["purge_everything=true is only for an empty powerpacks list (delete every powerpack of the account); "
                     "powerpacks declares 2, which purge keeps: remove purge_everything"]),
    (0, True, True, []),
    (2, True, False, []),
    (0, False, False, []),
])
def test_every_purge_problem_is_said_word_for_word(count, purge, purge_everything, expected):
    items = [_item(name="pp-%d" % index) for index in range(count)]
    assert account_model.purge_problems(items, purge, purge_everything) == expected


# Which writes wait for another: only one that takes a name or number that another frees.

def test_an_item_that_keeps_its_name_takes_nothing_and_waits_for_no_delete():
    # Two powerpacks share the name "dup": one is kept (and updated) by uuid, the other deleted by uuid.
    items = [_item(uuid=UUID_A, name="dup", sticky_sender=True), _item(uuid=UUID_B, state="absent")]
    found = [{"name": "dup", "uuid": UUID_A}, {"name": "dup", "uuid": UUID_B}]
    assert account_model.write_order(items, found, [None, None]) == ([0, 1], [])


def test_an_absent_item_that_found_nothing_takes_nothing_and_waits_for_no_rename():
    # Item 1 renames "old" away; item 0, "old" must not exist, found nothing to delete: no order between them.
    items = [_item(name="old", state="absent"), _item(uuid=UUID_A, name="new")]
    found = [None, {"name": "old", "uuid": UUID_A}]
    assert account_model.write_order(items, found, [None, None]) == ([0, 1], [])


def test_a_create_of_a_name_that_a_rename_frees_waits_for_the_rename():
    items = [_item(name="old", sticky_sender=True), _item(uuid=UUID_A, name="new")]
    found = [None, {"name": "old", "uuid": UUID_A}]
    assert account_model.write_order(items, found, [None, None]) == ([], [1, 0])
