# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""safe_text: masked before cut, control characters escaped, cut at a word boundary."""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import safe_text
from ansible_collections.plivo.messaging.plugins.module_utils.safe_text import (
    MASK,
    Redactor,
    printable,
    quoted,
    secret_forms,
    shorten,
)

AUTH_ID = "MAUNITTEST0000000000"
AUTH_TOKEN = "unitSecretToken0123456789abcdefXYZ"
BASIC = base64.b64encode(("%s:%s" % (AUTH_ID, AUTH_TOKEN)).encode()).decode()
# base64 writes 3 bytes as 4 characters: "AUTH_ID:" is 21 bytes, so the first 28 characters of the
# Basic form are the Auth ID's alone, and every character after them carries part of the token.
AUTH_ID_PART = len(AUTH_ID + ":") // 3 * 4


def redactor():
    return Redactor(secret_forms(AUTH_ID, AUTH_TOKEN))


def leaks(text):
    """What of the credentials ``text`` shows: an 8-character run of the token, or the Basic form
    beyond its Auth ID part (in base64 or decoded)."""
    found = [AUTH_TOKEN[i:i + 8] for i in range(len(AUTH_TOKEN) - 7) if AUTH_TOKEN[i:i + 8] in text]
    if BASIC[:AUTH_ID_PART + 1] in text:
        found.append("Basic form")
    return found


def test_the_auth_id_part_of_the_basic_form_is_what_the_tests_think():
    assert AUTH_ID_PART == 28
    assert base64.b64encode((AUTH_ID + ":").encode()).decode() == BASIC[:AUTH_ID_PART]


@pytest.mark.parametrize("filler", ["x", "word "])
@pytest.mark.parametrize("form", ["Authorization: Basic " + BASIC, AUTH_TOKEN, "%s:%s" % (AUTH_ID, AUTH_TOKEN)])
@pytest.mark.parametrize("limit", [120, 200, 300])
def test_a_secret_at_any_place_around_the_cut_never_shows(filler, form, limit):
    for padding in range(0, 301):
        text = (filler * padding)[:padding] + form + " tail of the error page"
        shown = redactor().excerpt(text, limit)
        assert len(shown) <= limit
        assert not leaks(shown), (padding, shown)


@pytest.mark.parametrize("padding", [0, 50, 119, 250])
def test_a_secret_in_a_json_answer_never_shows(padding):
    answer = {"padding": "p" * padding, "headers": {"Authorization": "Basic " + BASIC}, "token": AUTH_TOKEN}
    shown = redactor().excerpt(repr(answer), 120)
    assert not leaks(shown)
    assert not leaks(redactor().excerpt(json.dumps(answer), 300))


@pytest.mark.parametrize("size", range(safe_text.MIN_PARTIAL_SECRET, len(BASIC)))
def test_an_answer_cut_short_in_the_middle_of_a_secret_ends_masked(size):
    # The server, not the collection, cut it: what is left of the secret is at the very end.
    shown = redactor().excerpt("upstream said: Authorization: Basic " + BASIC[:size])
    assert shown == "upstream said: Authorization: Basic " + MASK


@pytest.mark.parametrize("size", range(safe_text.MIN_PARTIAL_SECRET, len(AUTH_TOKEN)))
def test_a_token_cut_short_at_the_end_is_masked(size):
    assert redactor().excerpt("token=" + AUTH_TOKEN[:size]) == "token=" + MASK


def test_text_without_secrets_is_left_alone():
    assert redactor().excerpt("name 'alerts' exists") == "name 'alerts' exists"
    # Fewer characters than MIN_PARTIAL_SECRET say nothing of the token: not masked.
    assert redactor().excerpt("ends in " + AUTH_TOKEN[:3]) == "ends in " + AUTH_TOKEN[:3]


def test_the_basic_form_masked_says_what_it_was():
    assert redactor().mask("Authorization: Basic %s, token %s" % (BASIC, AUTH_TOKEN)) == (
        "Authorization: Basic %s, token %s" % (MASK, MASK))


def test_no_secrets_masks_nothing():
    assert Redactor([]).excerpt("Basic abc") == "Basic abc"
    assert Redactor(secret_forms(AUTH_ID, "")).excerpt("x") == "x"


@pytest.mark.parametrize("raw, shown", [
    ("\x1b[8mhidden", "\\x1b[8mhidden"),
    ("a\rb", "a\\rb"),
    ("a\nchanged: [localhost]", "a\\nchanged: [localhost]"),
    ("\x00\x07\x7f", "\\x00\\x07\\x7f"),
    ("\x9b31m", "\\x9b31m"),
    ("line\u2028sep\u2029par\x85nel", "line\\u2028sep\\u2029par\\x85nel"),
    ("\u202eevil", "\\u202eevil"),
    ("tab\there", "tab\\there"),
    ("caf\u00e9 \U0001F389 \u6771\u4eac", "caf\u00e9 \U0001F389 \u6771\u4eac"),
    ("quotes ' \" \\ {{ x }}", "quotes ' \" \\ {{ x }}"),
])
def test_printable_escapes_every_control_character_and_keeps_the_rest(raw, shown):
    assert printable(raw) == shown
    assert printable(raw).isprintable()


def test_an_excerpt_escapes_before_it_cuts_and_after_it_masks():
    shown = redactor().excerpt("\x1b[2J" + AUTH_TOKEN + "\nPLAY RECAP *** failed=0", 300)
    assert shown == "\\x1b[2J" + MASK + "\\nPLAY RECAP *** failed=0"


@pytest.mark.parametrize("name, shown", [
    ("alerts", '"alerts"'),
    ('old"\n+++ after: powerpack payroll [new]', '"old\\"\\n+++ after: powerpack payroll [new]"'),
    ("esc\x1b[8m", '"esc\\x1b[8m"'),
    ("back\\slash", '"back\\\\slash"'),
    ("\U0001F389 party", '"\U0001F389 party"'),
])
def test_quoted_cannot_be_ended_by_the_text(name, shown):
    assert quoted(name) == shown
    assert "\n" not in quoted(name) and quoted(name).count('"') - quoted(name).count('\\"') == 2


@pytest.mark.parametrize("text, limit, shown", [
    ("short", 10, "short"),
    ("exactly 10", 10, "exactly 10"),
    ("Connection refused by the server at 127.0.0.1", 30, "Connection refused by the..."),
    ("x" * 50, 20, "x" * 17 + "..."),
    # A space only in the first half would cut too much: cut in the word instead.
    ("ab " + "y" * 40, 20, "ab " + "y" * 14 + "..."),
])
def test_shorten_cuts_at_a_word_boundary_with_dots(text, limit, shown):
    assert shorten(text, limit) == shown
    assert len(shorten(text, limit)) <= limit
