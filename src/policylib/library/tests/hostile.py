"""Hostile ZIP files named .docx, made on the fly (none is kept in the repository)."""

import struct
import zipfile
from pathlib import Path

MB = 1024 * 1024
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"/>'
)


def zip_bomb(path: Path, *, megabytes: int = 1024) -> Path:
    """A "Word document" whose word/document.xml is `megabytes` of zeros (1 GB: ~4.6 MB here).

    Written with zipfile's streaming writes at the fastest level, a megabyte at a time.
    """
    zeros = bytes(MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as member:
            for _ in range(megabytes):
                member.write(zeros)
    return path


def many_members(path: Path, count: int) -> Path:
    """A "Word document" of `count` tiny files."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(count - 2):
            archive.writestr(f"word/media/part{number}.xml", "<x/>")
    return path


def lying_docx(path: Path, *, megabytes: int, says: int, in_both_headers: bool) -> Path:
    """A "Word document" of `megabytes` of zeros whose headers say it holds `says` bytes.

    The central directory always lies; with `in_both_headers` the member's local header tells
    the same lie, so the two agree and only unpacking it shows the truth.
    """
    zip_bomb(path, megabytes=megabytes)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    name = info.filename.encode()
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<L", data, central + 24, says)
    if in_both_headers:
        struct.pack_into("<L", data, info.header_offset + 22, says)
    path.write_bytes(bytes(data))
    return path
