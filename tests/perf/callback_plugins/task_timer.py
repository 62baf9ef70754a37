# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-task timings for tests/perf/benchmark.py, written to a JSON file.

Enabled only by the benchmark, with
ANSIBLE_CALLBACK_PLUGINS=tests/perf/callback_plugins, ANSIBLE_CALLBACKS_ENABLED=task_timer
and TASK_TIMER_OUTPUT=<file>. It does not replace the stdout callback.
"""

from __future__ import annotations

DOCUMENTATION = """
    name: task_timer
    type: aggregate
    short_description: Write per-task durations to a JSON file (benchmark helper)
    description:
      - Records, for every task, when it started and when its last result arrived (wall
        clock, to match the emulator's request log, and a monotonic duration), its action,
        its role, its status, whether it changed anything and how many loop items it had.
      - Writes them to O(output) when the playbook ends.
    options:
      output:
        description: The JSON file to write.
        env:
          - name: TASK_TIMER_OUTPUT
        type: path
        required: true
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tasks = []
        self._current = None
        self._playbook_start = (time.time(), time.perf_counter())

    def _start(self, task, handler=False):
        role = getattr(task, '_role', None)
        self._current = {
            'name': task.get_name(),
            'action': task.action,
            'resolved_action': getattr(task, 'resolved_action', None),
            'role': role.get_name() if role is not None else None,
            'handler': handler,
            'start': time.time(),
            '_perf_start': time.perf_counter(),
            'end': None,
            'seconds': None,
            'status': None,
            'changed': None,
            'items': 0,
        }
        self._tasks.append(self._current)

    def _end(self, result, status):
        entry = self._current
        if entry is None:
            return
        entry['end'] = time.time()
        entry['seconds'] = time.perf_counter() - entry['_perf_start']
        entry['status'] = status
        data = getattr(result, 'result', None)
        if data is None:
            data = getattr(result, '_result', {})
        entry['changed'] = bool(data.get('changed', False))
        if status == 'failed':
            entry['msg'] = str(data.get('msg', ''))[:2000]

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task, handler=True)

    def v2_runner_on_ok(self, result):
        self._end(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._end(result, 'ignored' if ignore_errors else 'failed')

    def v2_runner_on_skipped(self, result):
        self._end(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._end(result, 'unreachable')

    def _item(self, result):
        if self._current is not None:
            self._current['items'] += 1

    v2_runner_item_on_ok = _item
    v2_runner_item_on_failed = _item
    v2_runner_item_on_skipped = _item

    def v2_playbook_on_stats(self, stats):
        path = self.get_option('output')
        for entry in self._tasks:
            entry.pop('_perf_start', None)
        report = {
            'playbook_start': self._playbook_start[0],
            'playbook_end': time.time(),
            'playbook_seconds': time.perf_counter() - self._playbook_start[1],
            'tasks': self._tasks,
        }
        tmp = '%s.tmp%d' % (path, os.getpid())
        with open(tmp, 'w', encoding='utf-8') as handle:
            json.dump(report, handle, indent=1)
        os.replace(tmp, path)
