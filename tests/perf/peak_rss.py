# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a command and write its peak resident set size (ru_maxrss from os.wait4) to a JSON file.

    python peak_rss.py REPORT.json COMMAND [ARG...]

The command inherits stdin, stdout, stderr and the environment; this script exits with
its exit code (128 + the signal when a signal ended it). REPORT.json gets:

    {"exit_code": 0, "peak_rss_kib": 81234, "wrapper_rss_kib": 9876, "seconds": 1.23}

Why a wrapper of its own: on Linux, a child's ru_maxrss is the larger of its own peak and
the resident size of the process it was forked from at the time of the exec (the kernel
carries the old memory's high-water mark over the exec). Measured from a benchmark that
holds a large request log, that would be the benchmark's size; from this small process it
is the command's own peak unless that is below ``wrapper_rss_kib`` (this script's own peak,
VmHWM; the command starts as a vfork of it, which is how its memory gets into the reading).

tests/perf/benchmark.py uses it to measure the module process of powerpack_bulk (see
``run_module`` there).
"""

from __future__ import annotations

import json
import os
import sys
import time


def own_peak_kib():
    """This process's own peak RSS since its exec (VmHWM). Not getrusage(RUSAGE_SELF): its ru_maxrss
    would include the process this one was forked from, for the reason above."""
    try:
        with open('/proc/self/status', encoding='ascii') as handle:
            for line in handle:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    report, command = argv[0], argv[1:]
    wrapper_kib = own_peak_kib()
    started = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    exit_code = os.waitstatus_to_exitcode(status)
    with open(report, 'w', encoding='utf-8') as handle:
        # Linux reports ru_maxrss in KiB.
        json.dump({'exit_code': exit_code, 'peak_rss_kib': usage.ru_maxrss, 'wrapper_rss_kib': wrapper_kib, 'seconds': seconds}, handle)
    return exit_code if exit_code >= 0 else 128 - exit_code


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
