"""Where Django spools a large upload while the request is read: the file store's incoming folder.

There, a file left by a server killed mid-upload is found and removed by
`files.sweep_incoming` (run when `policylib serve` starts), and a full disk is the file
store's own, reported as such.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from policylib.library import files


class IncomingFileUploadHandler(TemporaryFileUploadHandler):
    """Spool to `files.incoming_dir()` (FILE_UPLOAD_TEMP_DIR), locked while the request lives."""

    def new_file(self, *args, **kwargs) -> None:
        Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
        super().new_file(*args, **kwargs)
        while not files.hold(self.file.file, self.file.temporary_file_path()):
            self.file.close()
            super().new_file(*args, **kwargs)
