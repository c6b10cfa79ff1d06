"""Where Django spools a large upload while the request is read: the file store's incoming folder.

There, a file left by a server killed mid-upload is found and removed by
`files.sweep_incoming` (run when `policylib serve` starts). A disk that fills up while the
request is read is reported once the whole request has been read (so that the browser, still
sending, gets the answer): the partial file is deleted, and the request ends with the OSError,
which `policylib.errors` answers with 507 "storage is full".
"""

import contextlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler

from policylib.library import files


class IncomingFileUploadHandler(TemporaryFileUploadHandler):
    """Spool to FILE_UPLOAD_TEMP_DIR (the incoming folder), locked while the request lives."""

    disk_full: OSError | None = None

    def new_file(self, *args, **kwargs) -> None:
        created = False
        try:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
            super().new_file(*args, **kwargs)
            created = True
            while not files.hold(self.file.file, self.file.temporary_file_path()):
                self.file.close()
                super().new_file(*args, **kwargs)
        except OSError as error:
            if created:
                self._discard()
            self._give_up(error)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError as error:
            self._discard()
            self._give_up(error)

    def file_complete(self, file_size: int):
        try:
            return super().file_complete(file_size)
        except OSError as error:
            self._discard()
            if not files.is_disk_full(error):
                raise
            self.disk_full = error
            return None

    def upload_complete(self) -> None:
        if self.disk_full is not None:
            raise self.disk_full

    def _discard(self) -> None:
        # Closing deletes the temporary file, even when flushing its last bytes fails.
        with contextlib.suppress(OSError):
            self.file.close()

    def _give_up(self, error: OSError) -> None:
        if not files.is_disk_full(error):
            raise error
        self.disk_full = error
        # Skip this file (the parser deletes it) and read the rest of the request.
        raise SkipFile from error
