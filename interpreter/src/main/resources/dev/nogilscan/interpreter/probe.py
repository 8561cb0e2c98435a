# nogil-scan import probe. Imports the given modules on this (free-threaded) interpreter and
# reports, per distribution, whether each import worked and whether the GIL was re-enabled.
#
# Protocol: a JSON request on stdin
#   {"log": PATH, "distributions": [{"name": D, "paths": [DIR...], "modules": [M...]}]}
# and one line per distribution on the original stdout, prefixed with MARKER, holding a JSON
# object. Everything the imported code writes to stdout or stderr goes to the log file, which
# also receives CPython's -v trace: its "# loading module 'X', which requires the GIL" lines
# name every module that needed the GIL (the RuntimeWarning only names the first one).
#
# Must run with -v and without PYTHON_GIL / -X gil: when either is set, CPython neither
# re-enables the GIL nor says so (FACTS.md).
import io
import json
import os
import re
import sys
import traceback
import warnings

MARKER = "@@nogil-scan-probe@@ "
GIL_LINE = re.compile(r"^# loading module '([^']+)', which requires the GIL$")
GIL_WARNING = re.compile(r"has been enabled to load module '([^']+)'")

request = json.loads(sys.stdin.read())
log_path = request["log"]

# Keep a private copy of the real stdout for our answers, then send fds 1 and 2 to the log.
answer_fd = os.dup(1)
answer = io.open(answer_fd, "w", encoding="utf-8", closefd=False)
log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
sys.stdout.flush()
sys.stderr.flush()
os.dup2(log_fd, 1)
os.dup2(log_fd, 2)


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return True if probe is None else bool(probe())


def log_size():
    sys.stdout.flush()
    sys.stderr.flush()
    return os.fstat(log_fd).st_size


def gil_lines(start, end):
    names = []
    with open(log_path, "rb") as f:
        f.seek(start)
        chunk = f.read(max(0, end - start)).decode("utf-8", "replace")
    for line in chunk.splitlines():
        m = GIL_LINE.match(line.strip())
        if m and m.group(1) not in names:
            names.append(m.group(1))
    return names


def import_one(name):
    result = {"module": name, "imported": False}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            __import__(name)
            result["imported"] = True
        except SystemExit as e:
            result["error"] = "SystemExit"
            result["message"] = "sys.exit(%r) during import" % (e.code,)
        except ImportError as e:
            result["error"] = type(e).__name__
            result["message"] = str(e)
            if getattr(e, "name", None):
                result["missing"] = e.name
            result["traceback"] = traceback.format_exc(limit=-8)
        except BaseException as e:  # noqa: BLE001 - third-party code may raise anything
            result["error"] = type(e).__name__
            result["message"] = str(e)
            result["traceback"] = traceback.format_exc(limit=-8)
    result["warnings"] = [
        "%s: %s" % (w.category.__name__, w.message) for w in caught
    ]
    result["gilWarningModules"] = [
        m.group(1)
        for w in caught
        if issubclass(w.category, RuntimeWarning)
        for m in [GIL_WARNING.search(str(w.message))]
        if m
    ]
    result["gilEnabledAfter"] = gil_enabled()
    return result


base_path = list(sys.path)
for dist in request["distributions"]:
    sys.path[:] = list(dist["paths"]) + base_path
    start = log_size()
    before = gil_enabled()
    modules = [import_one(m) for m in dist["modules"]]
    end = log_size()
    answer.write(MARKER + json.dumps({
        "name": dist["name"],
        "gilEnabledBefore": before,
        "gilEnabledAfter": gil_enabled(),
        "gilModules": gil_lines(start, end),
        "modules": modules,
    }) + "\n")
    answer.flush()

answer.write(MARKER + json.dumps({"done": True}) + "\n")
answer.flush()
os._exit(0)
