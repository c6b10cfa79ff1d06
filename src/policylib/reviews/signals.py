"""What the drafting and review tools announce to the rest of policylib.

`revision_issued(sender=Draft, document, previous, draft)`: a draft was issued as `document`,
which is Current from now on. `previous` is the version it replaced (now Superseded), or None
for a brand-new document. Sent inside the issuing transaction, after the library's lifecycle has
issued the document and applied the supersession; a receiver that sends email should do so in
`transaction.on_commit`.
"""

from django.dispatch import Signal

revision_issued = Signal()
