"""Text clean-up shared by every extractor, so the index and snippets see one shape of text.

Kept free of Django so the extraction child process imports it cheaply.
"""

import re
import unicodedata

# Characters that carry no reading value and upset databases (NUL in PostgreSQL JSON) or
# tokenizers: C0/C1 controls, lone surrogates, non-characters, soft hyphens and zero-width
# marks. Newlines are kept as paragraph breaks; tabs and other spacing become one space.
_DROP = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\ufffe\uffff\ud800-\udfff]"
)
_SPACES = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_SPACE_AROUND_NEWLINE = re.compile(r" ?\n ?")


def normalise(text: str) -> str:
    """NFC text with controls removed and whitespace folded (paragraph breaks kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = _DROP.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def decode(data: bytes) -> str:
    """Bytes of a text file as text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    cp1252 before Latin-1 because Windows files put curly quotes in 0x80-0x9F; bytes cp1252
    leaves undefined fall back to Latin-1, which accepts every byte.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def split_pages(text: str) -> list[str]:
    """Pages of a plain-text file: form feeds are page breaks (as in old RFCs)."""
    text = text.replace("\r\n", "\n")
    pages = [normalise(page) for page in text.split("\x0c")]
    # Drop empty pages at the ends (a trailing form feed), keep inner ones for numbering.
    while pages and not pages[-1]:
        pages.pop()
    while pages and not pages[0]:
        pages.pop(0)
    return pages
