"""Versions of issued documents: history, text and record redlines.

The public interface:
- `record_version(document=, by=, note="", kind=None)`: record the document as it is now
  (the drafting tools call it when a revision is issued; the library's own changes are
  recorded after they commit without anyone calling it);
- the signal `policylib.versions.signals.version_recorded(version)`.
"""


def record_version(*, document, by, note: str = "", kind: str | None = None):
    from policylib.versions.services import record_version as _record_version

    return _record_version(document=document, by=by, note=note, kind=kind)


__all__ = ["record_version"]
