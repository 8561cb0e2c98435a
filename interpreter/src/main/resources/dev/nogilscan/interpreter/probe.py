# nogil-scan import probe. Imports the given modules on this (free-threaded) interpreter and
# reports, per distribution, whether each import worked and whether the GIL was re-enabled.
#
# Protocol: a JSON request on stdin
#   {"log": PATH, "marker": M,
#    "options": {"deep": bool, "deepLimit": N, "deepSeconds": S, "threadsSmoke": N},
#    "distributions": [{"name": D, "paths": [DIR...], "modules": [M...]}]}
# and event lines on the original stdout, each MARKER + JSON object with "event" and "index":
#   begin, importing (one per top-level module), import (the answer), deep-module (one per submodule about to be imported), deep,
#   smoke-begin, smoke, and finally done.
# A line is written before each step that may crash or hang, so the caller knows which
# distribution (and which phase) a dead interpreter was in.
#
# Everything the imported code writes to stdout or stderr goes to the log file, which also
# receives CPython's -v trace: its "# loading module 'X', which requires the GIL" lines name
# every module that needed the GIL (the RuntimeWarning only names the first one).
#
# Must run with -v and without PYTHON_GIL / -X gil: when either is set, CPython neither
# re-enables the GIL nor says so (FACTS.md).
import importlib
import io
import json
import os
import re
import sys
import time
import warnings

GIL_LINE = re.compile(r"^# loading module '([^']+)', which requires the GIL$")
GIL_WARNING = re.compile(r"has been enabled to load module '([^']+)'")
SKIPPED_SUBMODULES = {"__main__", "test", "tests", "testing", "conftest", "setup"}

request = json.loads(sys.stdin.read())
log_path = request["log"]
MARKER = request.get("marker", "@@nogil-scan-probe@@") + " "
options = request.get("options", {})

# Only what the asked-for phases need: every module imported here adds to each start-up.
if options.get("deep"):
    import pkgutil
if int(options.get("threadsSmoke", 0)) > 0:
    import concurrent.futures
    import threading

# Keep a private copy of the real stdout for our answers, then send fds 1 and 2 to the log.
answer_fd = os.dup(1)
answer = io.open(answer_fd, "w", encoding="utf-8", closefd=False)
log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
sys.stdout.flush()
sys.stderr.flush()
os.dup2(log_fd, 1)
os.dup2(log_fd, 2)
os.close(0)  # the request was read; imported code gets no stdin

real_stdout, real_stderr = sys.stdout, sys.stderr


def emit(event, index, **fields):
    fields["event"] = event
    fields["index"] = index
    answer.write(MARKER + json.dumps(fields) + "\n")
    answer.flush()


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)
    return True if probe is None else bool(probe())


def log_size():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - imported code may have replaced the streams
            pass
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


def describe(e):
    result = {"error": type(e).__name__, "message": str(e)}
    if isinstance(e, SystemExit):
        result["message"] = "sys.exit(%r) during import" % (e.code,)
        return result
    if isinstance(e, ImportError) and getattr(e, "name", None):
        result["missing"] = e.name
    import traceback  # only on failure: it is not cheap to import

    result["traceback"] = traceback.format_exc(limit=-8)
    return result


def import_one(name):
    result = {"module": name, "imported": False}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            importlib.import_module(name)
            result["imported"] = True
        except BaseException as e:  # noqa: BLE001 - third-party code may raise anything
            result.update(describe(e))
    result["warnings"] = [
        {"category": w.category.__name__, "message": str(w.message)} for w in caught
    ]
    result["gilWarningModules"] = [
        m.group(1)
        for w in caught
        if issubclass(w.category, RuntimeWarning)
        for m in [GIL_WARNING.search(str(w.message))]
        if m
    ]
    result["gilEnabledAfter"] = gil_enabled()
    sys.stdout, sys.stderr = real_stdout, real_stderr
    return result


def deep(index, top_modules):
    """Imports submodules breadth first, at most deepLimit of them within deepSeconds."""
    limit = int(options.get("deepLimit", 200))
    deadline = time.monotonic() + float(options.get("deepSeconds", 30))
    queue = [m for m in top_modules if m in sys.modules]
    seen = set(queue)
    results = []
    skipped = []
    truncated = None
    start = log_size()
    while queue:
        package = sys.modules.get(queue.pop(0))
        path = getattr(package, "__path__", None)
        if path is None:
            continue
        try:
            children = sorted(pkgutil.iter_modules(path, package.__name__ + "."))
        except Exception:  # noqa: BLE001 - a broken package may break iteration too
            continue
        for info in children:
            name = info.name
            if name in seen:
                continue
            seen.add(name)
            if name.rsplit(".", 1)[-1] in SKIPPED_SUBMODULES:
                skipped.append(name)
                continue
            if len(results) >= limit:
                truncated = "limit of %d submodules reached" % limit
                break
            if time.monotonic() > deadline:
                truncated = "time limit of %ss reached" % options.get("deepSeconds", 30)
                break
            emit("deep-module", index, module=name)
            r = import_one(name)
            results.append(r)
            if r["imported"] and info.ispkg:
                queue.append(name)
        if truncated:
            break
    emit(
        "deep",
        index,
        modules=results,
        skipped=skipped,
        truncated=truncated,
        gilModules=gil_lines(start, log_size()),
        gilEnabledAfter=gil_enabled(),
    )


def touch(module):
    """Reads every public attribute, as code using the module would: dir() and __all__, which
    also names what a lazy module (PEP 562 __getattr__) only creates on first access."""
    names = [n for n in dir(module) if not n.startswith("_")]
    try:
        names += [n for n in getattr(module, "__all__", ()) if isinstance(n, str)]
    except Exception:  # noqa: BLE001
        pass
    names = list(dict.fromkeys(names))[:500]
    for n in names:
        try:
            getattr(module, n)
        except Exception:  # noqa: BLE001 - lazy attributes may fail; that is not the point
            pass


def smoke(index, modules):
    """Imports and touches every module from N threads released at once."""
    n = int(options["threadsSmoke"])
    barrier = threading.Barrier(n)
    errors = []

    def work():
        try:
            barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        for name in modules:
            try:
                touch(importlib.import_module(name))
            except BaseException as e:  # noqa: BLE001
                errors.append("%s: %s: %s" % (name, type(e).__name__, e))

    emit("smoke-begin", index, threads=n)
    start = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
            for f in [pool.submit(work) for _ in range(n)]:
                f.result()
    sys.stdout, sys.stderr = real_stdout, real_stderr
    unique = []
    for e in errors:
        if e not in unique:
            unique.append(e)
    emit(
        "smoke",
        index,
        threads=n,
        errors=unique[:20],
        elapsedMillis=int((time.monotonic() - start) * 1000),
        gilEnabledAfter=gil_enabled(),
    )


# sys.path as an installed distribution sees it: the standard library first, then the
# distribution's directories (where site-packages would be), then the interpreter's own
# site-packages. A distribution therefore cannot shadow a standard module, as in real life.
site_dirs = [p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages")]
stdlib_path = [p for p in sys.path if p and p not in site_dirs]
stdlib_dirs = tuple(os.path.join(p, "") for p in stdlib_path)
site_prefixes = tuple(os.path.join(p, "") for p in site_dirs)

# What must survive between distributions: the probe's own modules and the standard library
# (which no distribution can provide, and whose extensions all run without the GIL on a
# free-threaded build). Everything else a distribution brings in is forgotten before the next
# one, so a module one distribution imported (or a dependency it ships) cannot make another
# one's import succeed.
base_modules = set(sys.modules)
base_meta_path = list(sys.meta_path)
base_path_hooks = list(sys.path_hooks)


def is_stdlib(module):
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(module, "__file__", None)
    if origin in ("built-in", "frozen"):
        return True
    if not isinstance(origin, str):
        return False
    return origin.startswith(stdlib_dirs) and not origin.startswith(site_prefixes)


def forget():
    for name, module in list(sys.modules.items()):
        if name not in base_modules and not is_stdlib(module):
            sys.modules.pop(name, None)
    sys.meta_path[:] = base_meta_path
    sys.path_hooks[:] = base_path_hooks
    sys.path_importer_cache.clear()
    importlib.invalidate_caches()


for index, dist in enumerate(request["distributions"]):
    forget()
    sys.path[:] = stdlib_path + list(dist["paths"]) + site_dirs
    emit("begin", index, name=dist["name"])
    start = log_size()
    before = gil_enabled()
    modules = []
    for m in dist["modules"]:
        emit("importing", index, module=m)
        modules.append(import_one(m))
    end = log_size()
    emit(
        "import",
        index,
        name=dist["name"],
        gilEnabledBefore=before,
        gilEnabledAfter=gil_enabled(),
        gilModules=gil_lines(start, end),
        modules=modules,
    )
    imported = [m["module"] for m in modules if m["imported"]]
    if options.get("deep"):
        deep(index, imported)
    if int(options.get("threadsSmoke", 0)) > 0 and imported:
        smoke(index, imported)

emit("done", -1)
# Skip interpreter finalization: third-party atexit handlers and daemon threads are not ours
# to run, and a crash there would be blamed on the last distribution.
os._exit(0)
