"""Bytes to text: reading a file safely, decoding it, and one rule for control characters.

* **Reading** (:func:`read_file`): every ``OSError`` (a broken link, a link loop, no
  permission, a file gone since the folder was listed) and anything that is not a regular file
  (a named pipe would block for ever, a device never ends) becomes a reason, never an
  exception; at most ``limit + 1`` bytes are read, so a file that grows while it is read is
  still refused as oversized.
* **Binary or text** (:func:`decode_bytes`): judged on the whole file, not its first bytes: a
  file is binary when more than 5% of its bytes are control bytes (NUL included).
* **Control characters** (:func:`clean_text`): in text that is kept, wherever they are and
  whatever the format (a text file, HTML, a JSON Lines or CSV field, a record sent to the
  API), C0 controls other than tab, line feed, vertical tab, form feed and carriage return,
  DEL, C1 controls other than NEL, and lone surrogates (broken UTF-16 in JSON escapes, bytes
  that are not UTF-8 in a CSV) are removed, and the removal is counted.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
from pathlib import Path

from .raw import too_big

log = logging.getLogger(__name__)

#: Removed from any text kept: C0 controls but \t \n \v \f \r, DEL, C1 controls but NEL
#: (U+0085, a line break), and lone surrogates.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_TEXT_BYTES = bytes({7, 8, 9, 10, 11, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: More control bytes than this share of a file: binary.
BINARY_SHARE = 0.05


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without control characters and lone surrogates, and how many were removed."""
    return CONTROL.subn("", text)


def clean_field(value: str | None) -> tuple[str | None, int]:
    """:func:`clean_text` for an optional field; an emptied field becomes None."""
    if value is None:
        return None, 0
    cleaned, removed = clean_text(value)
    return (cleaned.strip() or None), removed


def removed_detail(removed: int) -> str:
    return (
        f"removed {removed:,} control character{'s' if removed != 1 else ''} (NUL, escape, "
        "other C0/C1 controls or broken surrogates) from the text; the rest was kept"
    )


# --------------------------------------------------------------------------- reading


def check_file(path: Path) -> str:
    """ "" when ``path`` is a regular file (links followed), else why it cannot be read."""
    try:
        info = path.stat()
    except OSError as exc:
        return os_reason(path, exc)
    return "" if stat.S_ISREG(info.st_mode) else _not_regular(info.st_mode)


def read_file(path: Path, limit: int) -> tuple[bytes | None, str]:
    """(the file's bytes, "") or (None, why it cannot be read and what to do)."""
    try:
        info = path.stat()  # follows links: a broken one is ENOENT, a loop ELOOP
        if not stat.S_ISREG(info.st_mode):
            return None, _not_regular(info.st_mode)
        if info.st_size > limit:
            return None, too_big(info.st_size, limit, "file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return None, os_reason(path, exc)
    if len(data) > limit:
        return None, too_big(len(data), limit, "file") + " (it grew while it was read)"
    return data, ""


def _not_regular(mode: int) -> str:
    kind = (
        "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "not a regular file"
    )
    return f"{kind}, not a file of text; move it out of the folder"


def os_reason(path: Path, exc: OSError) -> str:
    """Why the operating system refused ``path``, and what to do."""
    if exc.errno == errno.ELOOP:
        return "the link leads back to itself (a link loop); fix or remove the link"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"broken link: its target {_target(path)} does not exist; fix or remove the link"
    if exc.errno == errno.ENOENT:
        return "the file disappeared while it was being read; run again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; let the user running legation read it, or move it away"
    return f"cannot read the file ({exc.strerror or exc}); check that it is a readable file"


def _target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "(unreadable)"


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """(text, "") or (None, reason): UTF-8 (BOM allowed), UTF-16 with a BOM, else the
    encoding charset-normalizer detects with confidence. Binary data is refused (judged on
    the whole of ``data``). Control characters are left in: see :func:`clean_text`."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "binary file or broken UTF-16; save it as UTF-8 text"
    if looks_binary(data):
        return None, "binary file: this is not text; convert it to .txt or .html first"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return _detect_and_decode(data)


def looks_binary(data: bytes) -> bool:
    """More than :data:`BINARY_SHARE` of the bytes are control bytes (NUL included)."""
    controls = len(data.translate(None, _TEXT_BYTES))
    return bool(data) and controls / len(data) > BINARY_SHARE


def _detect_and_decode(data: bytes) -> tuple[str | None, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches or matches[0].chaos > 0.3:
        return None, "cannot tell the text encoding; save the file as UTF-8"
    best = matches[0]
    # Ties are common among single-byte code pages; Western European (cp1252) is by far
    # the most likely for English news, so it wins a tie.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01:
            best = match
    log.info("decoded as %s (not UTF-8)", best.encoding)
    return str(best), ""
