# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""account_model: the checks on a declared account (powerpack_bulk items and purge) that
need no request."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import account_model, specs


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
