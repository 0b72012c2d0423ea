/**
 * The Python helpers, embedded so they are found both from src/ (ts-jest) and from dist/ (tsc
 * copies no assets); they are passed to the interpreter with `-c`. The readable copies live next
 * to this file (compile_helper.py, health_helper.py); python-scripts.spec.ts fails when they differ.
 */
export const COMPILE_HELPER = String.raw`"""Syntax layer of plan's lint-endpoints check: CPython compile() over many files in one process.

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
`;

export const HEALTH_HELPER = String.raw`"""Health layer of plan's lint-endpoints check: import the FastAPI app the way
"uvicorn <module>:<attr>" would from "root", request GET <path>, report the outcome.

stdin: JSON {"root", "module", "attr", "factory", "path", "timeout", "runner"}.
stdout: the app may print anything; the result is the last line starting with MARK.
Starlette's TestClient (needs httpx, or requests on old Starlette) is used when importable,
else uvicorn serves on 127.0.0.1 on a free port. The process always ends with os._exit so that
threads the app started cannot keep it alive.
"""
import json
import os
import sys
import traceback

MARK = "@@plan-health@@"


def emit(result):
    result["version"] = sys.version.split()[0]
    result["executable"] = sys.executable
    sys.stdout.write("\n" + MARK + json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)


def locate(exc, root):
    # The deepest traceback frame inside the project is the line the user can fix.
    if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
        return {"file": os.path.abspath(exc.filename), "line": exc.lineno}
    best = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if not frame.filename or frame.filename.startswith("<"):  # <frozen os>, <string>
            continue
        name = os.path.abspath(frame.filename)
        if "site-packages" in name or "dist-packages" in name:  # a venv inside the project
            continue
        if name.startswith(root + os.sep) and os.path.isfile(name):
            best = {"file": name, "line": frame.lineno}
    return best


def fail(stage, exc, root):
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    error = {"stage": stage, "type": type(exc).__name__, "last": last, "where": locate(exc, root)}
    if isinstance(exc, ModuleNotFoundError):
        error["module"] = exc.name
    emit({"ok": False, "error": error})


def via_test_client(app, path):
    from starlette.testclient import TestClient
    # "with" runs the startup/shutdown events, as a real server would.
    with TestClient(app, raise_server_exceptions=True) as client:
        response = client.get(path)
        return response.status_code, response.text


def via_uvicorn(app, path, timeout):
    import socket
    import threading
    import time
    import urllib.error
    import urllib.request

    import uvicorn

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + timeout
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn stopped before serving (see its log above)")
        if time.time() > deadline:
            raise TimeoutError("uvicorn did not start within %ss" % timeout)
        time.sleep(0.05)
    try:
        url = "http://127.0.0.1:%d%s" % (port, path)
        try:
            with urllib.request.urlopen(url, timeout=max(1, deadline - time.time())) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
    finally:
        server.should_exit = True
        thread.join(5)


def main():
    config = json.loads(sys.stdin.read())
    root = os.path.abspath(config["root"])
    sys.dont_write_bytecode = True
    os.chdir(root)
    if root in sys.path:
        sys.path.remove(root)
    sys.path.insert(0, root)
    try:
        import importlib

        module = importlib.import_module(config["module"])
        app = getattr(module, config["attr"])
        if config.get("factory"):
            app = app()
    except BaseException as exc:  # SystemExit from the app counts too
        fail("import", exc, root)
    runner = config.get("runner") or "auto"
    if runner == "auto":
        try:
            import starlette.testclient  # noqa: F401  (fails without httpx)
            runner = "testclient"
        except ImportError:
            runner = "uvicorn"
    try:
        if runner == "testclient":
            status, body = via_test_client(app, config["path"])
        else:
            status, body = via_uvicorn(app, config["path"], float(config.get("timeout") or 30))
    except BaseException as exc:
        fail("request", exc, root)
    emit({"ok": True, "status": status, "body": body[:2000], "runner": runner})


main()
`;
