"""Where seals and issued PDFs are kept: a folder the web server never serves on its own.

Uploaded media (MEDIA_ROOT) is served at /media/ in development, so a PDF or a 公印
stored there could be fetched by anyone who guessed its name. These files are only
ever sent by the views that check who is asking.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class CertificateStorage(FileSystemStorage):
    """FileSystemStorage under settings.CERTIFICATE_FILES_ROOT, read at each use (tests move it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return Path(settings.CERTIFICATE_FILES_ROOT)

    @property
    def location(self):
        return str(self.base_location.resolve())


certificate_storage = CertificateStorage()
