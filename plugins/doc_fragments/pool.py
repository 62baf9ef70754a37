# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # How every number pool module names the powerpack whose pool it works on.
    DOCUMENTATION = r"""
options:
  powerpack_uuid:
    description:
      - UUID of the powerpack whose number pool the task works on.
      - Exactly one of O(powerpack_uuid) and O(powerpack_name) is required.
    type: str
  powerpack_name:
    description:
      - Name of the powerpack whose number pool the task works on.
      - Exactly one of O(powerpack_uuid) and O(powerpack_name) is required.
    type: str
"""
