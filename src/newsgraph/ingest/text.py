"""Bytes to text: size limit, binary detection and decoding."""

from __future__ import annotations

from newsgraph.errors import InputError

# A few control characters are normal in text (tab, newlines, form feed); any other C0 control
# byte in quantity means the file is not text.
_TEXT_CONTROLS = {9, 10, 12, 13}
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode ``data`` as text, returning the text and any warnings.

    UTF-8 (with or without BOM) is tried first, then UTF-16 when a BOM says so.  Bytes that are
    not valid UTF-8 fall back to the encoding ``charset_normalizer`` detects, with a warning; when
    nothing fits the input is rejected.  NUL bytes and other control bytes mark binary input.
    """
    if not data.strip():
        raise InputError(source, "empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), source), []
        except UnicodeDecodeError as exc:
            raise InputError(source, f"invalid UTF-16 ({exc.reason})") from exc
    if b"\x00" in data:
        raise InputError(source, "binary content (NUL bytes); not a text, HTML or JSON file")
    try:
        return _check_text(data.decode("utf-8-sig"), source), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text, encoding = _detect(data, source)
    warning = (
        f"{source}: not valid UTF-8 (first bad byte at offset {first_bad}); decoded as {encoding}"
    )
    return _check_text(text, source), [warning]


def _detect(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "undecodable: not UTF-8 and no other text encoding fits")
    return str(best), best.encoding


def _check_text(text: str, source: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ord(ch) not in _TEXT_CONTROLS)
    if controls > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise InputError(source, f"binary content ({controls} control characters)")
    if not text.strip():
        raise InputError(source, "empty input (only whitespace)")
    return text
