"""Uploads go to temporary files on disk, never into memory, and no more of
a file is kept than the largest file accepted (IMPORT_MAX_BYTES): the rest
is counted and thrown away as it arrives, so a 300 MB upload costs neither
memory nor 300 MB of disk, and the forms refuse it by its counted size."""

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= settings.IMPORT_MAX_BYTES:
            self.file.write(raw_data)
        elif self.file.tell() < settings.IMPORT_MAX_BYTES:
            # The part of this chunk still under the limit, so the file on
            # disk never passes it.
            self.file.write(raw_data[: settings.IMPORT_MAX_BYTES - self.file.tell()])

    def file_complete(self, file_size: int):
        # The size of the upload as sent, not of what was kept: that is
        # what the size checks compare with the limit.
        self.file.seek(0)
        self.file.size = self.received
        return self.file


def too_large(upload) -> bool:
    """Whether an uploaded file was cut off at IMPORT_MAX_BYTES."""
    return upload is not None and upload.size > settings.IMPORT_MAX_BYTES
