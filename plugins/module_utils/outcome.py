# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a converge reports: one outcome type for every resource, and one error
that carries what was already written when a converge stops part way."""

from __future__ import annotations


class Outcome:
    """What converging did, or in check mode would do.

    ``state`` is the resource after the task (a powerpack object, a pool's entries);
    ``done`` records the writes, as the result keys the module returns
    (``added``/``updated``/``removed`` for a pool, ``created``... for an account);
    ``action`` is what happened to a single powerpack (created, updated, deleted, unchanged).
    """

    def __init__(self, changed, diff=None, state=None, done=None, action=None):
        self.changed = changed
        self.diff = diff
        self.state = state
        self.done = done or {}
        self.action = action

    def report(self, **view):
        """The module result: ``changed``, the diff when there is one, the record of writes and ``view``."""
        result = dict(self.done, changed=self.changed, **view)
        if self.diff is not None:
            result["diff"] = self.diff
        return result


class ConvergeError(Exception):
    """A converge that cannot go on: a problem no write can fix (found before any
    write), or an API error part way, with ``done``, the Outcome of the writes
    already made, so that the failed task still reports them."""

    def __init__(self, message, done=None, api=None):
        super().__init__(message)
        self.done = done
        # The PlivoApiError that stopped the converge, if one did.
        self.api = api

    @classmethod
    def after(cls, error, done):
        """The error for a PlivoApiError that stopped a converge after the writes in ``done``."""
        return cls(str(error), done, error)

    def report(self):
        """The failed module's result, without ``msg``."""
        result = self.done.report() if self.done is not None else {"changed": False}
        if self.api is not None:
            result.update(status=self.api.status, api_error=self.api.error)
        return result
