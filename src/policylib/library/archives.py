"""Checks on ZIP-based files (a Word .docx is a ZIP archive) before the library keeps one.

A small ZIP can unpack to gigabytes (an "archive bomb"), hide thousands of members, carry
another archive inside, name members that climb out of a folder, or give sizes in its headers
that are not true. `check_archive` first reads the archive's end record, directory and local
headers and refuses what breaks the limits there, before the ZIP reader builds anything
large; then it unpacks every member with bounded reads, counting, and stops at the limit
whatever the headers say. Nothing is held in memory but one chunk. The same check runs before
a file is kept (`checked`) and again in the extraction child process before a Word document
reaches the parser.

Kept free of Django so the extraction child process can import it; `limits_from_settings`
reads the limits where Django runs.
"""

import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

ZIP_MAGIC = b"PK\x03\x04"
MB = 1024 * 1024
# A member is judged by its compression ratio only above this size: a small file of one
# repeated character compresses a thousand-fold and harms nobody.
RATIO_FLOOR = 1 * MB
# The central directory of an honest archive takes well under this per member; a longer one
# would make the ZIP reader build more entries than the member limit allows.
DIRECTORY_BYTES_PER_MEMBER = 1024
# Office files keep embedded objects (a spreadsheet in a Word document) here; such an
# embedded package is a ZIP itself, counted in the sizes but never unpacked by the library.
EMBEDDINGS = "/embeddings/"
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
CHUNK = 64 * 1024
DAMAGED = "it looks like a ZIP archive (as a Word file is) but it is damaged."


class ArchiveRefused(ValueError):
    """A ZIP-based file the library will not keep; the message says why, in plain words."""


@dataclass(frozen=True)
class Limits:
    max_members: int = 5000
    max_unpacked_bytes: int = 200 * MB
    max_ratio: int = 200

    def to_env(self) -> dict[str, str]:
        return {
            "POLICYLIB_DOCX_MAX_MEMBERS": str(self.max_members),
            "POLICYLIB_DOCX_MAX_UNCOMPRESSED_MB": str(self.max_unpacked_bytes // MB),
            "POLICYLIB_DOCX_MAX_RATIO": str(self.max_ratio),
        }

    @classmethod
    def from_env(cls, env=os.environ) -> "Limits":
        default = cls()
        return cls(
            max_members=int(env.get("POLICYLIB_DOCX_MAX_MEMBERS") or default.max_members),
            max_unpacked_bytes=int(
                env.get("POLICYLIB_DOCX_MAX_UNCOMPRESSED_MB") or default.max_unpacked_bytes // MB
            )
            * MB,
            max_ratio=int(env.get("POLICYLIB_DOCX_MAX_RATIO") or default.max_ratio),
        )


def limits_from_settings() -> Limits:
    from django.conf import settings

    return Limits(
        max_members=settings.POLICYLIB_DOCX_MAX_MEMBERS,
        max_unpacked_bytes=settings.POLICYLIB_DOCX_MAX_UNCOMPRESSED_MB * MB,
        max_ratio=settings.POLICYLIB_DOCX_MAX_RATIO,
    )


def checked(stream: BinaryIO, limits: Limits | None = None) -> BinaryIO:
    """The one check every route that keeps a file runs first (see `services.attach_file`).

    Returns the stream to store, at its start: `stream` itself, or a temporary copy when
    `stream` cannot seek (a ZIP is read from its end). Raises ArchiveRefused for a ZIP-based
    file that breaks the limits; any other file passes untouched.
    """
    if not stream.seekable():
        import shutil
        import tempfile

        copy = tempfile.SpooledTemporaryFile(max_size=8 * MB)  # noqa: SIM115 - returned
        shutil.copyfileobj(stream, copy)
        copy.seek(0)
        stream = copy
    stream.seek(0)
    if is_zip(stream):
        check_archive(stream, limits or limits_from_settings())
    return stream


def is_zip(stream: BinaryIO) -> bool:
    start = stream.tell()
    try:
        return stream.read(4) == ZIP_MAGIC
    finally:
        stream.seek(start)


def check_archive(stream: BinaryIO, limits: Limits) -> int:
    """The bytes the ZIP in `stream` (seekable) unpacks to, or ArchiveRefused with the reason.

    The stream is left at its start.
    """
    try:
        return _check(stream, limits)
    finally:
        stream.seek(0)


def _check(stream: BinaryIO, limits: Limits) -> int:
    members, directory_size = _directory_size(stream)
    if members > limits.max_members:
        raise ArchiveRefused(
            f"it is a ZIP archive of {members:,} files, more than the limit of "
            f"{limits.max_members:,}."
        )
    if directory_size > max(members, 1) * DIRECTORY_BYTES_PER_MEMBER:
        raise ArchiveRefused("its ZIP directory is far larger than its files need: it is damaged.")
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ArchiveRefused(DAMAGED) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise ArchiveRefused(
                f"it is a ZIP archive of {len(infos):,} files, more than the limit of "
                f"{limits.max_members:,}."
            )
        _check_names(infos)
        _check_sizes(infos, limits)
        _check_layout(stream, infos)
        _check_nested(archive, infos)
    return _count_unpacked(stream, infos, limits)


def _directory_size(stream: BinaryIO) -> tuple[int, int]:
    """Member count and directory size from the end record, before the ZIP reader trusts them."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    tail_start = max(0, size - (_EOCD.size + 65535))
    stream.seek(tail_start)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        raise ArchiveRefused(DAMAGED)
    _, _, _, _, members, directory_size, _, _ = _EOCD.unpack_from(tail, at)
    if members == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator_at = at - _ZIP64_LOCATOR.size
        if locator_at < 0:
            raise ArchiveRefused("its ZIP64 directory is damaged.")
        signature, _, record_offset, _ = _ZIP64_LOCATOR.unpack_from(tail, locator_at)
        if signature != b"PK\x06\x07":
            raise ArchiveRefused("its ZIP64 directory is damaged.")
        stream.seek(record_offset)
        record = stream.read(_ZIP64_EOCD.size)
        if len(record) < _ZIP64_EOCD.size or record[:4] != b"PK\x06\x06":
            raise ArchiveRefused("its ZIP64 directory is damaged.")
        fields = _ZIP64_EOCD.unpack(record)
        members, directory_size = fields[7], fields[8]
    return members, directory_size


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if (
            name.startswith(("/", "\\"))
            or "\\" in name
            or ".." in parts
            or (len(name) > 1 and name[1] == ":")
            or any(ord(ch) < 32 for ch in name)
        ):
            raise ArchiveRefused(f"a file inside it has a path that leaves the archive: {name!r}.")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ArchiveRefused(f"a file inside it is a symbolic link: {name!r}.")
        if name.lower() in seen:
            raise ArchiveRefused(f"it holds two files with the same name: {name!r}.")
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise ArchiveRefused(f"a file inside it is encrypted: {name!r}.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveRefused(
                f"a file inside it uses a compression Word files do not use: {name!r}."
            )


def _check_sizes(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise ArchiveRefused(
                f"it would unpack to more than {limits.max_unpacked_bytes // MB} MB, the limit "
                "for a Word document (an archive bomb?)."
            )
        if _sizes_are_false(info):
            raise ArchiveRefused(
                f"the sizes in its headers are false ({info.filename!r} says it unpacks to "
                f"{info.file_size:,} bytes, fewer than the {info.compress_size:,} it is packed in)."
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ArchiveRefused(
                f"{info.filename!r} inside it is compressed {ratio:,} to 1, more than the limit "
                f"of {limits.max_ratio} to 1 (an archive bomb?)."
            )


def _sizes_are_false(info: zipfile.ZipInfo) -> bool:
    if info.compress_type == zipfile.ZIP_STORED:
        return info.file_size != info.compress_size
    # Deflate never makes data much larger: at worst 5 bytes per 16 KB block and a few more.
    return info.compress_size > info.file_size + info.file_size // 1000 + 64


def _check_layout(stream: BinaryIO, infos: list[zipfile.ZipInfo]) -> None:
    """Each member's data lies in its own span, and the local headers agree with the directory.

    Overlapping members let a few kilobytes of data stand for many files (the "overlapping
    bomb"); local headers that disagree with the directory mean two readers see two files.
    """
    end_of_previous = 0
    for info in sorted(infos, key=lambda item: item.header_offset):
        if info.header_offset < end_of_previous:
            raise ArchiveRefused("files inside it overlap one another (an archive bomb?).")
        stream.seek(info.header_offset)
        header = stream.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size:
            raise ArchiveRefused(DAMAGED)
        (signature, _, flags, method, _, _, crc, compressed, size, name_length, extra_length) = (
            _LOCAL_HEADER.unpack(header)
        )
        if signature != ZIP_MAGIC:
            raise ArchiveRefused(DAMAGED)
        described_later = flags & 0x8  # sizes follow the data, in a data descriptor
        if method != info.compress_type or (
            not described_later
            and (crc, compressed, size) != (info.CRC, info.compress_size, info.file_size)
            and (compressed, size) != (0xFFFFFFFF, 0xFFFFFFFF)
        ):
            raise ArchiveRefused(
                f"the sizes in its headers are false (the two headers of {info.filename!r} "
                "disagree)."
            )
        end_of_previous = (
            info.header_offset
            + _LOCAL_HEADER.size
            + name_length
            + extra_length
            + info.compress_size
        )


def _check_nested(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.is_dir() or info.file_size < 4:
            continue
        try:
            with archive.open(info) as member:
                head = member.read(4)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise ArchiveRefused(f"a file inside it is damaged: {info.filename!r}.") from None
        if head == ZIP_MAGIC and EMBEDDINGS not in f"/{info.filename}":
            raise ArchiveRefused(f"it holds another archive inside it: {info.filename!r}.")


def count_unpacked(path: str, limits: Limits) -> int:
    """`check_archive` of the file at `path`: the bytes it really unpacks to."""
    with open(path, "rb") as stream:
        return check_archive(stream, limits)


def _count_unpacked(stream: BinaryIO, infos: list[zipfile.ZipInfo], limits: Limits) -> int:
    """Unpack every member in bounded steps; the bytes the archive really holds.

    Each member's deflate stream is inflated a chunk at a time and counted, never more than a
    chunk past its declared size or the limit, so a member whose headers lie about its size is
    stopped there without its content ever being held in memory.
    """
    total = 0
    for info in infos:
        allowed = limits.max_unpacked_bytes - total
        size, crc = _unpack_member(stream, info, allowed)
        if size > allowed:
            raise ArchiveRefused(
                f"it unpacks to more than {limits.max_unpacked_bytes // MB} MB, the limit "
                "for a Word document (an archive bomb?)."
            )
        if size != info.file_size:
            holds = "more" if size > info.file_size else f"{size:,}"
            raise ArchiveRefused(
                f"the sizes in its headers are false ({info.filename!r} says it holds "
                f"{info.file_size:,} bytes but it holds {holds})."
            )
        if crc != info.CRC:
            raise ArchiveRefused(f"a file inside it is damaged: {info.filename!r}.")
        total += size
    return total


def _unpack_member(stream: BinaryIO, info: zipfile.ZipInfo, allowed: int) -> tuple[int, int]:
    """Bytes and CRC a member unpacks to, counted until past `allowed` or its declared size."""
    stream.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(stream.read(_LOCAL_HEADER.size))
    stream.seek(info.header_offset + _LOCAL_HEADER.size + header[9] + header[10])
    stop = min(allowed, info.file_size)
    left = info.compress_size
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = crc = 0
    while left > 0 and produced <= stop:
        data = stream.read(min(CHUNK, left))
        if not data:
            break
        left -= len(data)
        if info.compress_type == zipfile.ZIP_STORED:
            produced += len(data)
            crc = zlib.crc32(data, crc)
            continue
        while data and produced <= stop:
            try:
                out = inflate.decompress(data, CHUNK)
            except zlib.error:
                raise ArchiveRefused(f"a file inside it is damaged: {info.filename!r}.") from None
            produced += len(out)
            crc = zlib.crc32(out, crc)
            data = inflate.unconsumed_tail
    return produced, crc
