"""Bytes to text, refusing what is not text before anything downstream sees it.

Every reader goes through here so that binary files, empty files, huge files
and unknown encodings fail the same way, with the same codes and messages.
The decoded text is kept exactly (only BOMs are dropped and newlines become
``\\n``) because extracted offsets index into it.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from rasid.errors import BINARY, EMPTY, TOO_LARGE, UNDECODABLE, UNREADABLE, SourceError

log = logging.getLogger("rasid.sources")

HEAD_BYTES = 8192
CONTROL_SHARE = 0.10  # more control characters than this in the head means binary

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of files people drop into an input folder by mistake.  Compressed JSON
# lines are read when named so (``rasid.sources.compressed``); anything else compressed
# is refused here, saying how to make it readable.
_MAGIC = (
    (b"\x1f\x8b", "it is gzip-compressed: gunzip it, or name it .jsonl.gz if it holds JSON lines"),
    (b"PK\x03\x04", "it is a ZIP archive, e.g. .zip, .docx or .xlsx"),
    (b"%PDF-", "it is a PDF document"),
    (b"\x89PNG", "it is a PNG image"),
    (b"\xff\xd8\xff", "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
    (b"\x7fELF", "it is an executable"),
    (b"SQLite format 3\x00", "it is an SQLite database"),
    (b"\xfd7zXZ\x00", "it is xz-compressed: unxz it first"),
    (
        b"\x28\xb5\x2f\xfd",
        "it is zstd-compressed: run zstd -d on it, or name it .jsonl.zst if it holds JSON lines",
    ),
)

_CONTROL = frozenset(range(32)) - {9, 10, 11, 12, 13, 27} | {127}


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def binary_reason(head: bytes) -> str | None:
    """Why the first bytes of a file look binary, or None if they look like text."""
    if bom_encoding(head) in ("utf-16", "utf-32"):
        return None  # NUL bytes are normal there
    for magic, reason in _MAGIC:
        if head.startswith(magic):
            return reason
    if b"\x00" in head:
        return "NUL bytes in the first 8 KiB"
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > CONTROL_SHARE:
        return f"{controls / len(head):.0%} control characters in the first 8 KiB"
    return None


def check_head(head: bytes, name: str) -> None:
    """Raise BINARY if ``head`` (a file's first bytes) is not text."""
    reason = binary_reason(head[:HEAD_BYTES])
    if reason:
        raise SourceError(
            f"looks like a binary file ({reason}), expected text", input=name, code=BINARY
        )


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_bad_byte(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8"
    return "not UTF-8"


# Written in the result for UTF-8 with some invalid bytes replaced by U+FFFD.
UTF8_REPAIRED = "utf-8 (invalid bytes replaced)"
# Single-byte encodings that all read English letters the same way; Windows-1252 is
# the one that also has the typographic quotes and dashes news text uses.
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_1", "iso8859_15", "windows_1252"})


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a copy cut mid-character, a stray byte): its valid
    multi-byte characters clearly outnumber the invalid sequences."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - invalid
    return invalid > 0 and multibyte > 2 * invalid


def detect_encoding(data: bytes, prefer: str | None = None) -> str | None:
    """The encoding that explains ``data``: BOM, UTF-8, ``prefer``, then a guess.

    ``prefer`` is an encoding the document declares (an HTML ``<meta charset>``);
    it is only tried once UTF-8 has failed, since declarations are often wrong.
    Mostly-UTF-8 text is UTF-8 (``UTF8_REPAIRED``), not a code page that would turn
    every quote and accent into garbage; of the code pages, a Western one is chosen
    whenever the detector finds it as likely as the best.
    """
    bom = bom_encoding(data)
    if bom:
        return bom
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return UTF8_REPAIRED
    if prefer:
        try:
            codecs.lookup(prefer)
            data.decode(prefer)
            return prefer
        except (LookupError, UnicodeDecodeError):
            pass
    import charset_normalizer  # slow to import; most files are UTF-8

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    western = any(
        _WESTERN & set(m.could_be_from_charset)
        and m.chaos <= best.chaos
        and m.coherence >= best.coherence
        for m in matches
    )
    # "café" in Latin-1 reads as well in Central European or Baltic code pages to the
    # detector: for an English news tool, the Western one is the likely writer
    return "cp1252" if western and best.encoding not in _WESTERN else best.encoding


def decode(
    data: bytes, name: str, *, max_chars: int | None = None, prefer: str | None = None
) -> str:
    """Decode a whole file's bytes, raising SourceError with a code on failure."""
    return decode_as(data, name, max_chars=max_chars, prefer=prefer)[0]


def decode_as(
    data: bytes, name: str, *, max_chars: int | None = None, prefer: str | None = None
) -> tuple[str, str]:
    """Decode a whole file's bytes: (text, the encoding used).  Mostly-UTF-8 bytes are
    decoded with U+FFFD for the broken ones, with a warning naming the input."""
    if not data:
        raise SourceError("file is empty, expected article text", input=name, code=EMPTY)
    check_head(data[:HEAD_BYTES], name)
    encoding = detect_encoding(data, prefer)
    if encoding is None:
        raise SourceError(
            f"bytes match no known text encoding ({_first_bad_byte(data)}); "
            "expected UTF-8 text (or another single encoding throughout)",
            input=name,
            code=UNDECODABLE,
        )
    try:
        if encoding == UTF8_REPAIRED:
            text = data.decode("utf-8", errors="replace")
            bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
            log.warning("%s: %d invalid UTF-8 byte sequence(s) replaced by U+FFFD", name, bad)
        else:
            text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not valid {encoding} ({exc.reason} at byte {exc.start}); expected UTF-8 text",
            input=name,
            code=UNDECODABLE,
        ) from exc
    text = normalize_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise SourceError(
            "file holds only whitespace, expected article text", input=name, code=EMPTY
        )
    if max_chars is not None and len(text) > max_chars:
        raise SourceError(
            f"text is {len(text):,} characters, more than the limit of {max_chars:,}",
            input=name,
            code=TOO_LARGE,
        )
    return text, encoding


def _size(num: int) -> str:
    return f"{num / 2**20:.1f} MiB" if num >= 2**20 else f"{num:,} bytes"


def read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """Read a whole regular file, refusing one over ``max_bytes`` before reading it."""
    try:
        st = path.stat()
    except OSError as exc:
        raise SourceError(f"cannot open file ({exc.strerror})", input=name) from exc
    if not path.is_file():
        raise SourceError("not a regular file, expected a text file", input=name, code=UNREADABLE)
    if st.st_size > max_bytes:
        raise SourceError(
            f"file is {_size(st.st_size)}, more than the limit of {_size(max_bytes)}",
            input=name,
            code=TOO_LARGE,
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror})", input=name) from exc
    if len(data) > max_bytes:
        raise SourceError(
            f"file is more than the limit of {_size(max_bytes)}", input=name, code=TOO_LARGE
        )
    return data


def read_text(path: Path, name: str, max_chars: int) -> tuple[str, str]:
    """A file's text and its encoding; the file may hold up to 4 bytes (UTF-8's most)
    per allowed character."""
    return decode_as(read_bytes(path, name, max_chars * 4), name, max_chars=max_chars)


def read_head(path: Path) -> bytes:
    """The first bytes of a file, for sniffing its format."""
    with open(path, "rb") as fh:
        return fh.read(HEAD_BYTES)
