"""Syntax layer of plan's lint-endpoints check: CPython compile() over many files in one process.

stdin: a JSON list of file paths. stdout: one JSON line with the interpreter version, then one
JSON line per file, in order, flushed as it goes (so a crash can be pinned on its file):
  {"i": index, "ok": true, "warnings": [...]} or {"i": index, "ok": false, "error": {...}}
Columns are 1-based UTF-16 code units (what editors and JS strings count), converted from
CPython's code-point offsets. Nothing is executed and no bytecode is written.
"""
import json
import re
import sys
import tokenize
import warnings

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _utf16_column(lines, lineno, offset):
    # CPython gives 1-based code-point offsets; astral characters count twice in UTF-16.
    if not lineno or offset is None or offset < 1 or lineno > len(lines):
        return offset
    prefix = lines[lineno - 1][: offset - 1]
    return len(prefix.encode("utf-16-le")) // 2 + 1


def _position_of_byte(data, index, encoding):
    # Line and UTF-16 column of a byte offset (for decode errors and NUL bytes).
    before = data[:index]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    text = before[start:].decode(encoding or "utf-8", "replace")
    return line, len(text.encode("utf-16-le")) // 2 + 1


def _error(msg, kind, line=None, column=None, end_line=None, end_column=None):
    return {"msg": msg, "type": kind, "line": line, "column": column,
            "endLine": end_line, "endColumn": end_column}


def check(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return {"ok": False, "error": _error("cannot read the file: %s" % exc.strerror, "OSError")}
    encoding = "utf-8"
    try:
        import io
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except SyntaxError as exc:  # bad coding cookie
        return {"ok": False, "error": _error(str(exc.msg if hasattr(exc, "msg") else exc), "SyntaxError", 1, 1)}
    except (UnicodeDecodeError, LookupError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            line, column = _position_of_byte(data, exc.start, "utf-8")
            return {"ok": False, "error": _error(
                "file is not valid %s: byte 0x%02x cannot be decoded" % (encoding, data[exc.start]),
                "SyntaxError", line, column)}
        return {"ok": False, "error": _error(str(exc), "SyntaxError", 1, 1)}
    if "\x00" in text:
        line, column = _position_of_byte(data, data.find(b"\x00"), encoding)
        return {"ok": False, "error": _error("source code cannot contain null bytes", "SyntaxError", line, column)}
    lines = _LINE_BREAK.split(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # A filename that is not on disk: given a real one, CPython re-reads the error line from
            # the file (BOM included) and shifts the offset it reports.
            compile(text, "<%s>" % path, "exec", dont_inherit=True)
        except SyntaxError as exc:
            end_line = getattr(exc, "end_lineno", None)
            end_offset = getattr(exc, "end_offset", None)
            if end_line is not None and end_offset is not None and end_offset < 1:
                end_line = end_offset = None
            return {"ok": False, "error": _error(
                exc.msg, type(exc).__name__, exc.lineno,
                _utf16_column(lines, exc.lineno, exc.offset),
                end_line, _utf16_column(lines, end_line, end_offset))}
        except (ValueError, MemoryError, RecursionError, OverflowError) as exc:
            return {"ok": False, "error": _error(str(exc) or type(exc).__name__, type(exc).__name__)}
    found = [{"msg": str(w.message), "category": w.category.__name__, "line": w.lineno}
             for w in caught if issubclass(w.category, (SyntaxWarning, DeprecationWarning))]
    return {"ok": True, "warnings": found}


def main():
    paths = json.loads(sys.stdin.read())
    out = sys.stdout
    out.write(json.dumps({"version": sys.version.split()[0], "executable": sys.executable}) + "\n")
    out.flush()
    for index, path in enumerate(paths):
        try:
            result = check(path)
        except Exception as exc:  # never lose the other files to one odd input
            result = {"ok": False, "error": _error("%s: %s" % (type(exc).__name__, exc), "InternalError")}
        result["i"] = index
        out.write(json.dumps(result) + "\n")
        out.flush()


main()
