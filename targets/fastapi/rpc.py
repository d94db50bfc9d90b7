"""POST /tool: an MCP-style tools/call over JSON-RPC 2.0. handle() returns (HTTP status, body).

Validation order and messages are part of the contract (targets/contract.json); the axum and Go
targets produce the same bytes.
"""
import hashlib
import json
import math
import re
from decimal import Decimal

MAX_BODY = 1 << 20  # largest accepted body; one byte more is 413

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_I64 = range(-(2**63), 2**63)
# str.split() treats these as whitespace; Unicode White_Space (Rust, Go) does not.
_NOT_WHITE_SPACE = "\x1c\x1d\x1e\x1f"
_AS_WORD_CHARACTER = str.maketrans(_NOT_WHITE_SPACE, "____")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")  # serde_json refuses it too
    return value


# json.loads would accept NaN and Infinity and overflow 1e400 to inf; JSON and the other targets don't.
_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_constant=_reject_constant)


# serde_json's nesting limit: a document nested deeper than this is a parse error in every target.
_MAX_DEPTH = 127


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= _MAX_DEPTH:
        return False  # the usual case: too few brackets to matter
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "[" or ch == "{":
            depth += 1
            if depth > _MAX_DEPTH:
                return True
        elif ch == "]" or ch == "}":
            depth -= 1
    return False


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def _has_lone_surrogate(text: str) -> bool:
    """A \\uD800-\\uDFFF escape that is not half of a pair: json accepts it, serde_json does not."""
    if "\\u" not in text:
        return False
    pair_end = -1  # where a high surrogate's escape ended, waiting for the low half
    for match in _ESCAPE.finditer(text):
        code = int(match.group(1), 16) if match.group(1) else -1
        if pair_end >= 0:
            if match.start() != pair_end or not 0xDC00 <= code <= 0xDFFF:
                return True
            pair_end = -1
        elif 0xD800 <= code <= 0xDBFF:
            pair_end = match.end()
        elif 0xDC00 <= code <= 0xDFFF:
            return True
    return pair_end >= 0


class _ParseError(Exception):
    pass


def _encode(value: dict) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


def _failure(status: int, id_: object, code: int, message: str) -> tuple[int, bytes]:
    return status, _encode({"jsonrpc": "2.0", "id": id_, "error": {"code": code, "message": message}})


def parse_error() -> tuple[int, bytes]:
    return _failure(400, None, -32700, "Parse error")


def too_large() -> tuple[int, bytes]:
    return _failure(413, None, -32600, "Request body too large (limit 1048576 bytes)")


def _invalid_request() -> tuple[int, bytes]:
    return _failure(400, None, -32600, "Invalid Request")


def handle(body: bytes) -> tuple[int, bytes]:
    try:
        return _handle(body)
    except (_ParseError, UnicodeError):
        # UnicodeEncodeError: a lone surrogate escape, which serde_json refuses while parsing
        return parse_error()


def _handle(body: bytes) -> tuple[int, bytes]:
    try:
        text = body.decode("utf-8")
        if _too_deep(text) or _has_lone_surrogate(text):
            return parse_error()
        request = _DECODER.decode(text)
    except (ValueError, RecursionError):
        return parse_error()
    if not isinstance(request, dict):
        return _invalid_request()
    id_ = request.get("id")
    id_ok = id_ is None or type(id_) is str or (type(id_) is int and id_ in _I64)
    method = request.get("method")
    if request.get("jsonrpc") != "2.0" or not id_ok or type(method) is not str:
        return _invalid_request()
    if method != "tools/call":
        return _failure(200, id_, -32601, "Method not found")
    params = request.get("params")
    if type(params) is not dict or type(params.get("name")) is not str:
        return _failure(200, id_, -32602, "Invalid params")
    arguments = params.get("arguments", {})
    if type(arguments) is not dict:
        return _failure(200, id_, -32602, "Invalid params")
    try:
        text = _call_tool(params["name"], arguments)
    except _InvalidParams as error:
        return _failure(200, id_, -32602, str(error))
    result = {"content": [{"type": "text", "text": text}], "isError": False}
    return 200, _encode({"jsonrpc": "2.0", "id": id_, "result": result})


class _InvalidParams(Exception):
    pass


def _call_tool(name: str, arguments: dict) -> str:
    if name == "word_count":
        text = arguments.get("text")
        if type(text) is not str:
            raise _InvalidParams("Invalid params: word_count needs a string argument text")
        # words are maximal runs of characters without the Unicode White_Space property
        if any(c in text for c in _NOT_WHITE_SPACE):
            text = text.translate(_AS_WORD_CHARACTER)
        return str(len(text.split()))
    if name == "add":
        a, b = arguments.get("a"), arguments.get("b")
        if type(a) not in (int, float) or type(b) not in (int, float):
            raise _InvalidParams("Invalid params: add needs numbers a and b")
        try:
            total = float(a) + float(b)
        except OverflowError as error:  # an integer literal beyond float range: serde_json refuses it
            raise _ParseError() from error
        if not math.isfinite(total):
            raise _InvalidParams("Invalid params: add result is not a finite number")
        return format_number(total)
    if name == "sha256":
        text = arguments.get("text")
        if type(text) is not str:
            raise _InvalidParams("Invalid params: sha256 needs a string argument text")
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    raise _InvalidParams(f"Unknown tool: {name}")


TOOL_NAMES = ("word_count", "add", "sha256")


def tool_text(name: str, arguments: dict) -> tuple[str, bool]:
    """One of the three tools, for the MCP endpoints (mcp_server.py): (text, is_error), where the
    error text is /tool's message and a number beyond double range is an argument error."""
    try:
        return _call_tool(name, arguments), False
    except _InvalidParams as error:
        return str(error), True
    except _ParseError:
        return "Invalid params: number out of range", True


def format_number(value: float) -> str:
    """Shortest decimal that round-trips, never in exponent form: 5, 3.75, 0.30000000000000004."""
    text = repr(value)
    if "e" in text:  # repr uses exponents from 1e16 up and below 1e-4
        return format(Decimal(text), "f")
    return text[:-2] if text.endswith(".0") else text
