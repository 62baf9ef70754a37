# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make ``ansible_collections.plivo.messaging`` importable for plain pytest.

Builds a temporary ``ansible_collections/plivo/`` directory whose ``messaging``
entry is a symlink to this checkout, and puts its parent first on sys.path.
This happens at import time, before pytest imports any test module below
tests/unit. Nothing is written into the repository.

When the checkout already lives in a real ``ansible_collections/plivo/messaging``
tree (for example under ``ansible-test units``), nothing is changed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _inside_collection_tree(path):
    parts = os.path.normpath(path).split(os.sep)
    return parts[-3:] == ['ansible_collections', 'plivo', 'messaging']


def _install_collection_path():
    if _inside_collection_tree(REPO_ROOT):
        parent = os.path.dirname(os.path.dirname(os.path.dirname(REPO_ROOT)))
        if parent not in sys.path:
            sys.path.insert(0, parent)
        return parent

    temp_dir = tempfile.mkdtemp(prefix='plivo-messaging-units-')
    atexit.register(shutil.rmtree, temp_dir, True)
    namespace_dir = os.path.join(temp_dir, 'ansible_collections', 'plivo')
    os.makedirs(namespace_dir)
    os.symlink(REPO_ROOT, os.path.join(namespace_dir, 'messaging'))
    sys.path.insert(0, temp_dir)
    return temp_dir


COLLECTIONS_PARENT = _install_collection_path()
