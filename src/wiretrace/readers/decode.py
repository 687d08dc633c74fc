"""Bytes to text: UTF-8 first, then a detected encoding, never a crash."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import InputError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes, origin: str) -> str:
    """Decode an input file; raise InputError when it is not text at all."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(origin, f"unreadable encoding: starts like {encoding} but is not ({exc.reason})") from None
    wide = _utf16_without_bom(data)
    if wide:
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            return data[:exc.start].decode("utf-8")   # cut inside its last character: the rest is UTF-8 all the same
    if b"\x00" in data[:4096]:
        raise InputError(origin, "unreadable encoding: binary data, not text")
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError(origin, "unreadable encoding: not UTF-8 and no other text encoding fits")
    return _prefer_cp1252(data, matches, best)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without its byte order mark: Western text has a NUL in every other byte.

    Such a file is valid UTF-8 when it is all ASCII, and would read as text
    with a NUL between every two letters.
    """
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _prefer_cp1252(data: bytes, matches, best) -> str:
    """Windows-1252 when it reads as cleanly as the detected encoding.

    On short Western text the detector ties cp1252 with cp1250, cp775 or cp1257
    and may pick one of those, turning "Muñoz" into "Muńoz"; cp1252 (what the
    web means by latin-1) is by far the likelier for news copy, so a tie goes to it.
    """
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return str(best)
    if any(m.chaos <= best.chaos and str(m) == western for m in matches):
        return western
    return str(best)
