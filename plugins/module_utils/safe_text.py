# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""API text made fit to show: every excerpt of an answer that reaches a message,
a warning, a diff header or a result's error text goes through here.

What the API says is untrusted on the way out too. It may echo the credentials
(a proxy's error page that dumps the request), and it may hold control
characters that forge terminal and log lines (ESC sequences, CR, a newline and
a fake ``PLAY RECAP``). So, in this order: every form of the credentials is
masked, control characters are written as escapes, and only then is the text
shortened, so that a cut can never keep part of a secret.
"""

from __future__ import annotations

import base64

MASK = "********"
# How much of an answer a message quotes.
EXCERPT_CHARS = 300
# A text that ends in the first characters of a secret (an answer cut short by the server) is masked
# from this many characters on; fewer say nothing (the Basic form's first 28 characters are the Auth ID's).
MIN_PARTIAL_SECRET = 4


def secret_forms(auth_id, auth_token):
    """Every form the token travels in: itself, ``base64(auth_id:token)`` and the Authorization value."""
    if not auth_token:
        return []
    try:
        basic = base64.b64encode(("%s:%s" % (auth_id, auth_token)).encode("latin-1")).decode("ascii")
    except UnicodeEncodeError:
        # Such credentials fail validation and are never sent.
        return [auth_token]
    return [auth_token, basic, "Basic " + basic]


def printable(text):
    """``text`` with every character that ``str.isprintable`` refuses written as its Python escape.

    ``\\x1b`` for ESC, ``\\r``, ``\\n``, ``\\u2028``...: no raw control character, line or
    paragraph separator, or bidirectional override reaches a terminal or a log, and
    every newline in a message is one the collection wrote.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def quoted(text):
    """``text`` in double quotes, escaped (``printable``) so that it cannot end the quotes or the line:
    a name in a diff header or a label."""
    return '"%s"' % printable(text.replace("\\", "\\\\").replace('"', '\\"'))


def shorten(text, limit=EXCERPT_CHARS):
    """``text`` cut to at most ``limit`` characters, at a word boundary when there is one in its
    second half, and ending in ``...`` when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 3]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "..."


class Redactor:
    """Masks the secrets of one module run in what the API said, before anything shows it.

    ``secrets`` are the credentials in every form they travel in (``secret_forms``).
    """

    def __init__(self, secrets):
        # In the order given: the base64 form masked inside "Basic ..." leaves "Basic ********", which says what it was.
        self._secrets = [secret for index, secret in enumerate(secrets) if secret and secret not in secrets[:index]]

    def mask(self, text):
        """``text`` with every secret masked, and a trailing start of one too."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        for secret in self._secrets:
            for size in range(len(secret) - 1, MIN_PARTIAL_SECRET - 1, -1):
                if text.endswith(secret[:size]):
                    return text[:-size] + MASK
        return text

    def excerpt(self, value, limit=EXCERPT_CHARS):
        """What a message may quote of ``value`` (text, or any decoded JSON, shown as its repr):
        masked, then escaped, then shortened. The one way API text enters a message."""
        text = value if isinstance(value, str) else repr(value)
        return shorten(printable(self.mask(text)), limit)
