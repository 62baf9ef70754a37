# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make ``ansible_collections.plivo.messaging`` importable for plain pytest.

Puts the collections directory of tests/collection_tree.py first on sys.path: the
ansible_collections tree whose ``plivo/messaging`` entry is a symlink to this
checkout (``.build/collections``, the tree of the ``collections_path`` fixture).
This happens at import time, before pytest imports any test module below
tests/unit.

When the checkout already lives in a real ``ansible_collections/plivo/messaging``
tree (for example under ``ansible-test units``), that tree's parent is used and
nothing is created.
"""

from __future__ import annotations

import os
import sys

# tests/ holds collection_tree.py; tests/conftest.py puts it on sys.path too, but
# ansible-test units may not load that file.
TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from collection_tree import build_collection_tree  # noqa: E402  pylint: disable=wrong-import-position

COLLECTIONS_PARENT = build_collection_tree()
if COLLECTIONS_PARENT not in sys.path:
    sys.path.insert(0, COLLECTIONS_PARENT)
