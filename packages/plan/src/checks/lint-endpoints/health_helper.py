"""Health layer of plan's lint-endpoints check: import the FastAPI app the way
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
