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
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise InputError(origin, "unreadable encoding: binary data, not text")
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(origin, "unreadable encoding: not UTF-8 and no other text encoding fits")
    return str(best)
