# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ansible_collections tree in which plivo.messaging is this checkout.

``build_collection_tree()`` returns a directory that holds
``ansible_collections/plivo/messaging`` -> this checkout. Use it as
ANSIBLE_COLLECTIONS_PATH, or put it on sys.path to import
``ansible_collections.plivo.messaging``:

- when the checkout already is ``.../ansible_collections/plivo/messaging`` (for
  example under ansible-test), the parent of that tree, unchanged;
- otherwise ``.build/collections`` in the checkout, where
  ``ansible_collections/plivo/messaging`` is made a relative symlink to the
  checkout (the link ``make collection-tree`` makes too).

Users: the session fixture ``collections_path`` (tests/conftest.py), which every
test takes; tests/unit/conftest.py, at import time; tests/perf/benchmark.py.
"""

from __future__ import annotations

import os
import uuid

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS_DIR = os.path.join(REPO_ROOT, '.build', 'collections')
COLLECTION_LINK = os.path.join(COLLECTIONS_DIR, 'ansible_collections', 'plivo', 'messaging')


def _enclosing_collections_dir(path):
    """The parent of ansible_collections/ when path is .../ansible_collections/plivo/messaging, else None."""
    parts = os.path.normpath(path).split(os.sep)
    if parts[-3:] == ['ansible_collections', 'plivo', 'messaging']:
        return os.path.dirname(os.path.dirname(os.path.dirname(path)))
    return None


def build_collection_tree():
    """Return a collections directory in which plivo.messaging resolves to this checkout.

    Safe to call from several processes at once (pytest-xdist workers): the link is
    created under a unique name and renamed over the final path.
    """
    enclosing = _enclosing_collections_dir(REPO_ROOT)
    if enclosing is not None:
        return enclosing
    if os.path.islink(COLLECTION_LINK) and os.path.realpath(COLLECTION_LINK) == os.path.realpath(REPO_ROOT):
        return COLLECTIONS_DIR
    os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
    temp_link = '%s.%s.tmp' % (COLLECTION_LINK, uuid.uuid4().hex)
    os.symlink(os.path.relpath(REPO_ROOT, os.path.dirname(COLLECTION_LINK)), temp_link, target_is_directory=True)
    os.replace(temp_link, COLLECTION_LINK)
    return COLLECTIONS_DIR
