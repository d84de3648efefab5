"""Where an import's file waits between its preview and its confirmation, and what a file
may be before anything reads it.

The file is kept under a random name in its own folder (settings.IMPORT_UPLOAD_DIR), the
name is bound to the session that uploaded it, and it is deleted once the import is
confirmed or refused, or an hour after an abandoned preview. A name sent back by the
browser is only ever looked up in that folder, and only if the session uploaded it.
"""

import os
import re
import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils.translation import gettext as _
from import_export.tmp_storages import TempFolderStorage

from .. import clock

NAME = re.compile(r"[0-9a-f]{32}")
SESSION_KEY = "trainee_import_upload"
ABANDONED_AFTER_SECONDS = 3600
# Limits, said on the import page: 2 MB holds far more than 5,000 rows of trainees.
MAX_BYTES = 2 * 2**20
MAX_ROWS = 5000
# An XLSX file is a zip: what it unpacks to is limited too (a zip bomb unpacks to GB).
MAX_UNZIPPED_BYTES = 20 * 2**20
MAX_ZIP_MEMBERS = 200


def upload_dir() -> Path:
    folder = Path(settings.IMPORT_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class UploadStorage(TempFolderStorage):
    """django-import-export's temporary file, under a random name in the uploads folder."""

    def save(self, data):
        self.name = secrets.token_hex(16)
        raw = data if isinstance(data, bytes) else data.encode(self.encoding or "utf-8")
        # Created for this process's user only, and never over an existing file.
        descriptor = os.open(self.get_full_path(), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(raw)

    def remove(self):
        self.get_full_path().unlink(missing_ok=True)

    def get_full_path(self) -> Path:
        if not NAME.fullmatch(self.name or ""):
            raise SuspiciousOperation("Not the name of an uploaded file.")
        return upload_dir() / self.name


def remember_upload(session, name: str) -> None:
    session[SESSION_KEY] = name


def claim_upload(session, name: str) -> bool:
    """Whether this session uploaded the file of that name (it may do so once)."""
    return NAME.fullmatch(name or "") is not None and session.pop(SESSION_KEY, None) == name


def remove_upload(name: str | None) -> None:
    if name and NAME.fullmatch(name):
        (upload_dir() / name).unlink(missing_ok=True)


def remove_abandoned_uploads() -> None:
    """Files of previews nobody confirmed, an hour on."""
    too_old = clock.now().timestamp() - ABANDONED_AFTER_SECONDS
    for path in upload_dir().iterdir():
        if NAME.fullmatch(path.name) and path.stat().st_mtime < too_old:
            path.unlink(missing_ok=True)


def check_upload(upload) -> None:
    """Refuse, with a message for the form, a file too big or an XLSX that unpacks to too
    much; before anything parses it."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB (%(rows)d trainees).")
            % {"size": upload.size / 2**20, "limit": MAX_BYTES // 2**20, "rows": MAX_ROWS}
        )
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        return
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise ValidationError(_("This is not a readable Excel (XLSX) file.")) from error
    finally:
        upload.seek(0)
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("This Excel file unpacks to more than %(limit)d MB; save a smaller one.")
            % {"limit": MAX_UNZIPPED_BYTES // 2**20}
        )
