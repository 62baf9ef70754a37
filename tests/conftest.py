# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures for the whole tests/ tree.

The directory of this file goes on sys.path, so that the support modules beside it
import by name: ``collection_tree`` (the ansible_collections tree),
``emulator.process`` (the emulator as a subprocess) and ``own_deprecations`` (the
collection's deprecations in ansible-playbook's output).

Fixtures:
  repo_root         absolute path of this checkout (the collection root)
  venv_bin          directory holding the current interpreter's scripts
                    (ansible-playbook, ansible-test, ansible-lint, ...)
  collections_path  an ansible_collections parent directory in which
                    plivo.messaging resolves to this checkout; use it as
                    ANSIBLE_COLLECTIONS_PATH (see tests/collection_tree.py)
"""

from __future__ import annotations

import os
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(TESTS_DIR)
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from collection_tree import build_collection_tree  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope='session')
def repo_root():
    """Absolute path of the collection checkout."""
    return REPO_ROOT


@pytest.fixture(scope='session')
def venv_bin():
    """Directory with the console scripts of the running interpreter's environment."""
    return os.path.dirname(sys.executable)


@pytest.fixture(scope='session')
def collections_path():
    """Value for ANSIBLE_COLLECTIONS_PATH that resolves plivo.messaging to this checkout."""
    return build_collection_tree()
