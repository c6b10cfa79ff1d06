"""What the versions app announces.

`version_recorded(version)`: a new version of an issued document was stored; sent inside the
transaction that stored it.
"""

from django.dispatch import Signal

version_recorded = Signal()
