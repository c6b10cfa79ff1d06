"""Hostile PDFs, made on the fly (none is kept in the repository).

- `inflating_pdf`: one page whose content stream is a few megabytes of FlateDecode data that
  inflates to gigabytes of text-showing operators, so the parser allocates without bound.
- `endless_pdf`: a hundred thousand pages sharing one stream of text, so extraction runs on
  for minutes in little memory.
- `nested_forms_pdf`: a "billion laughs" of form XObjects, each drawing the next one ten
  times, so a page of a few hundred bytes holds hundreds of millions of text runs and the
  parser runs on and on.
"""

import zlib

MB = 1024 * 1024


def _document(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _repeated_flate(unit: bytes, times: int) -> bytes:
    """zlib data that inflates to `unit` repeated `times` times, made without compressing it all.

    A full flush ends a deflate block on a byte boundary with no reference to what came before,
    so the compressed unit can simply be repeated; the Adler-32 trailer is computed over the
    whole, as a reader checks it.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(unit, checksum)
    return b"\x78\xda" + block * times + end + checksum.to_bytes(4, "big")


def inflating_pdf(*, gigabytes: float = 2) -> bytes:
    unit = b"BT /F1 1 Tf 0 0 Td " + b"(policy) Tj " * (MB // 12) + b"ET\n"
    times = int(gigabytes * 1024 * MB / len(unit))
    content = _repeated_flate(unit, times)
    return _document(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(b"/Filter /FlateDecode", content),
            FONT,
        ]
    )


def nested_forms_pdf(*, depth: int = 9, fan_out: int = 10) -> bytes:
    """Form n draws form n+1 `fan_out` times; the last form shows a line of text."""
    first_form = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /XObject << /X %d 0 R >> >> >>" % first_form,
        _stream(b"", b"/X Do"),
        FONT,
    ]
    for level in range(depth):
        number = first_form + level
        if level == depth - 1:
            body = b"BT /F1 12 Tf 72 720 Td (An escort policy, again and again) Tj ET"
            resources = b"/Font << /F1 5 0 R >>"
        else:
            body = b"q 1 0 0 1 1 1 cm /X Do Q " * fan_out
            resources = b"/XObject << /X %d 0 R >>" % (number + 1)
        objects.append(
            _stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << %s >>"
                % resources,
                body,
            )
        )
    return _document(objects)


def endless_pdf(*, pages: int = 100_000) -> bytes:
    """`pages` pages that all show the same stream of a few hundred words: small in memory,
    a page at a time, but long to read through (a minute and more at full speed)."""
    words = b" ".join(b"(escort) Tj 0 -14 Td" for _ in range(300))
    kids = b" ".join(b"%d 0 R" % (5 + number) for number in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d"
        b" /Resources << /Font << /F1 4 0 R >> >> /MediaBox [0 0 612 792] >>" % (kids, pages),
        _stream(b"", b"BT /F1 12 Tf 72 720 Td " + words + b" ET"),
        FONT,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>"] * pages
    return _document(objects)
