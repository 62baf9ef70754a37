# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures for the whole tests/ tree.

Fixtures:
  repo_root         absolute path of this checkout (the collection root)
  venv_bin          directory holding the current interpreter's scripts
                    (ansible-playbook, ansible-test, ansible-lint, ...)
  collections_path  an ansible_collections parent directory in which
                    plivo.messaging resolves to this checkout; use it as
                    ANSIBLE_COLLECTIONS_PATH
"""

from __future__ import annotations

import os
import sys
import uuid

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS_DIR = os.path.join(REPO_ROOT, '.build', 'collections')
COLLECTION_LINK = os.path.join(COLLECTIONS_DIR, 'ansible_collections', 'plivo', 'messaging')


def ensure_collection_link():
    """Create .build/collections/ansible_collections/plivo/messaging -> repo root.

    Safe to call from several pytest-xdist workers at once: the link is created
    under a unique name and renamed over the final path.
    """
    target = os.path.relpath(REPO_ROOT, os.path.dirname(COLLECTION_LINK))
    if os.path.islink(COLLECTION_LINK) and os.path.realpath(COLLECTION_LINK) == os.path.realpath(REPO_ROOT):
        return COLLECTIONS_DIR
    os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
    temp_link = '%s.%s.tmp' % (COLLECTION_LINK, uuid.uuid4().hex)
    os.symlink(target, temp_link)
    os.replace(temp_link, COLLECTION_LINK)
    return COLLECTIONS_DIR


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
    return ensure_collection_link()
