#!/usr/bin/env python3
"""Generates a realistic package index population for the end-to-end benchmarks.

usage: genindex.py OUTDIR --projects N [--seed S] [--python PYTHON3.13t] [--size-scale K]

Writes, deterministically for a given N and seed (same bytes every time):

  OUTDIR/simple/index.html               PEP 503 root
  OUTDIR/simple/<project>/index.html     PEP 503 page (data-requires-python, data-core-metadata)
  OUTDIR/simple/<project>/index.json     PEP 691 page (api-version 1.1: hashes, size, core-metadata)
  OUTDIR/files/<file>                    wheels and sdists
  OUTDIR/files/<wheel>.metadata          PEP 658 core metadata of every wheel
  OUTDIR/requirements.txt                every project once, with the ranges people write
  OUTDIR/requirements-10.txt             the first 10 lines of it
  OUTDIR/population.json                 what was generated (kinds, sizes, dependency edges)

The population: project names and newest versions are the N most-downloaded projects of
/work/.library/env/packages/pypi.tsv (falling back to generated names when that list is missing),
each with 3 to 6 releases whose versions are shaped like the real history (patch and minor
steps below the newest). Kinds, by share:

  pure     py3-none-any wheel + sdist
  native   cp313-cp313t, cp313-cp313, cp312-cp312 manylinux x86_64 wheels, a macOS arm64 wheel,
           an sdist; half of them declare Py_mod_gil (free-threading ready), half are legacy
           extensions that re-enable the GIL
  abi3     a cp39-abi3 manylinux wheel (never taken by a free-threaded target), a pure fallback
           wheel, an sdist

The extension module inside native wheels is a real one compiled once for the given interpreter
(so import probes give real verdicts); the rest of a wheel's size is package data of random bytes,
stored uncompressed, so archive sizes are what is listed. Sizes are drawn from log-normal
distributions (pure wheels: median 80 KB; native: median 2 MB, up to 30 MB). Files a free-threaded
x86_64 Linux target never takes (other ABIs and platforms) and releases older than the two newest
are written at 1/16 of their drawn size to keep the population small on disk; no measured command
downloads them unless it backtracks to them, which the harness would show in the access log.
--size-scale K divides every size by K (the 3,000-project population, used for peak memory, is
written at K=8 so that it takes ~1 GB instead of ~10 GB).

Dependencies: each project depends on 0 to 4 projects generated before it (a DAG, so every set
resolves without conflicts), with `>=` lower bounds every release of the dependency satisfies at
its newest, some `<NEXT_MAJOR` upper bounds, and some dependencies under markers that are false
for the target (`python_version < "3.9"`, `sys_platform == "win32"`) or under extras.
"""
import argparse
import base64
import gzip
import hashlib
import html
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile

PYPI_TSV = "/work/.library/env/packages/pypi.tsv"
EPOCH = (2024, 1, 1, 0, 0, 0)
KB = 1024
MB = 1024 * 1024
SMALL = 16  # scale-down of files the target never takes

FT_READY_C = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *add(PyObject *self, PyObject *args) {
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) return NULL;
    return PyLong_FromLong(a + b);
}
static PyMethodDef methods[] = {{"add", add, METH_VARARGS, "add"}, {NULL, NULL, 0, NULL}};
static PyModuleDef_Slot slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_core", NULL, 0, methods, slots};
PyMODINIT_FUNC PyInit__core(void) { return PyModuleDef_Init(&module); }
"""

LEGACY_C = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *add(PyObject *self, PyObject *args) {
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) return NULL;
    return PyLong_FromLong(a + b);
}
static PyMethodDef methods[] = {{"add", add, METH_VARARGS, "add"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_core", NULL, -1, methods};
PyMODINIT_FUNC PyInit__core(void) { return PyModule_Create(&module); }
"""

PLAT = "manylinux_2_17_x86_64.manylinux2014_x86_64"


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def module_name(name):
    return re.sub(r"[^a-z0-9_]", "_", normalize(name).replace("-", "_"))


def real_names(count):
    """(name, newest version) of the most-downloaded projects with a parseable simple version."""
    rows = []
    if os.path.isfile(PYPI_TSV):
        with open(PYPI_TSV, encoding="utf-8") as f:
            next(f)
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 4 or not parts[3].strip():
                    continue
                rows.append((int(parts[3]), parts[0], parts[1]))
    rows.sort()
    out, seen = [], set()
    for _, name, version in rows:
        key = normalize(name)
        if key in seen or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            continue
        seen.add(key)
        if not re.fullmatch(r"\d+(\.\d+){1,3}", version or ""):
            version = None
        out.append((name, version))
        if len(out) == count:
            break
    i = 0
    while len(out) < count:  # no list, or too short: generated names of the same shape
        out.append(("py-generated-%04d" % i, None))
        i += 1
    return out


def history(rng, newest):
    """3 to 6 versions, oldest first, ending with newest (shaped like real release histories)."""
    if newest is None:
        newest = "%d.%d.%d" % (rng.randint(0, 5), rng.randint(0, 30), rng.randint(0, 9))
    parts = [int(p) for p in newest.split(".")]
    while len(parts) < 3:
        parts.append(0)
    versions = [tuple(parts)]
    for _ in range(rng.randint(2, 5)):
        major, minor, patch = versions[-1][:3]
        if patch > 0 and rng.random() < 0.5:
            v = (major, minor, patch - 1)
        elif minor > 0:
            v = (major, minor - 1, rng.randint(0, 4))
        elif major > 0:
            v = (major - 1, rng.randint(1, 12), rng.randint(0, 3))
        else:
            break
        versions.append(v)
    out = [".".join(str(p) for p in v) for v in reversed(versions)]
    out[-1] = newest  # as published (e.g. "26.3", not "26.3.0")
    return out


def lognormal(rng, median, sigma, lo, hi):
    return int(min(hi, max(lo, median * math.exp(rng.gauss(0, sigma)))))


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def payload(seed, size):
    """Deterministic incompressible bytes."""
    return random.Random(seed).randbytes(size)


def metadata_text(name, version, summary, requires, extras, classifiers):
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + name,
        "Version: " + version,
        "Summary: " + summary,
        "Requires-Python: >=3.8",
    ]
    lines += ["Classifier: " + c for c in classifiers]
    lines += ["Requires-Dist: " + r for r in requires]
    for extra, reqs in sorted(extras.items()):
        lines.append("Provides-Extra: " + extra)
        lines += ["Requires-Dist: %s; extra == \"%s\"" % (r, extra) for r in reqs]
    return "\n".join(lines) + "\n"


def write_wheel(path, dist, version, tag, members, meta, top):
    dist_info = "%s-%s.dist-info" % (dist, version)
    files = dict(members)
    files[dist_info + "/METADATA"] = meta.encode()
    files[dist_info + "/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: nogil-scan-bench\nRoot-Is-Purelib: %s\nTag: %s\n"
        % ("true" if "-none-any" in tag else "false", tag)
    ).encode()
    files[dist_info + "/top_level.txt"] = (top + "\n").encode()
    record = [record_line(p, d) for p, d in sorted(files.items())]
    record.append(dist_info + "/RECORD,,")
    files[dist_info + "/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(path, "w") as z:
        for p in sorted(files):
            info = zipfile.ZipInfo(p, EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if p.endswith(".bin") else zipfile.ZIP_DEFLATED
            z.writestr(info, files[p])


def write_sdist(path, dist, version, meta, members):
    base = "%s-%s" % (dist, version)
    entries = {base + "/PKG-INFO": meta.encode()}
    entries.update({base + "/" + p: d for p, d in members.items()})
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for p in sorted(entries):
            info = tarfile.TarInfo(p)
            info.size = len(entries[p])
            info.mtime = 1704067200
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(entries[p]))
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=1704067200, compresslevel=1) as gz:
            gz.write(buf.getvalue())


def compile_cores(python, build):
    """The two extension variants, compiled once for the interpreter: (suffix, ready, legacy)."""
    code = (
        "import json,sysconfig;print(json.dumps({'include': sysconfig.get_paths()['include'],"
        "'suffix': sysconfig.get_config_var('EXT_SUFFIX')}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    facts = json.loads(subprocess.run([python, "-I", "-c", code], check=True, capture_output=True,
                                      text=True, env=env).stdout)
    os.makedirs(build, exist_ok=True)
    out = []
    for label, source in (("ready", FT_READY_C), ("legacy", LEGACY_C)):
        c = os.path.join(build, label + ".c")
        so = os.path.join(build, label + ".so")
        with open(c, "w") as f:
            f.write(source)
        subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-I", facts["include"], c, "-o", so], check=True)
        with open(so, "rb") as f:
            out.append(f.read())
    return facts["suffix"], out[0], out[1]


def ext_suffix(tag, own):
    """The suffix CPython gives an extension built for this wheel tag."""
    py, abi, plat = tag.split("-", 2)
    if abi == "abi3":
        return ".abi3.so"
    if abi.endswith("t"):
        return own
    system = "darwin" if plat.startswith("macosx") else "x86_64-linux-gnu"
    return ".cpython-%s-%s.so" % (abi[2:], system)


def pure_module(mod, deps):
    lines = ['"""Generated for nogil-scan benchmarks."""', "import functools", "import json", ""]
    lines += ["__all__ = ['VERSION', 'describe']", "VERSION = 1", ""]
    lines += ["@functools.lru_cache(maxsize=None)", "def describe():",
              "    return json.dumps({'name': %r, 'deps': %r})" % (mod, deps), ""]
    return "\n".join(lines).encode()


def generate(out, count, seed, python, size_scale=1):
    rng = random.Random(seed)
    files_dir = os.path.join(out, "files")
    simple = os.path.join(out, "simple")
    for d in (files_dir, simple):
        os.makedirs(d, exist_ok=True)
    suffix, core_ready, core_legacy = compile_cores(python, os.path.join(out, "build"))
    projects = real_names(count)
    plan = []
    for i, (name, newest) in enumerate(projects):
        r = rng.random()
        kind = "pure" if r < 0.68 else ("native" if r < 0.93 else "abi3")
        versions = history(rng, newest)
        deps = []
        if i > 0:
            for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])):
                j = rng.randrange(max(0, i - 400), i)
                if j not in [d[0] for d in deps]:
                    deps.append((j, rng.random()))
        plan.append({"name": name, "kind": kind, "versions": versions, "deps": deps,
                     "ready": kind == "native" and rng.random() < 0.5})
    population = []
    root = ["<!DOCTYPE html>", "<html><body>"]
    for i, p in enumerate(plan):
        name, kind, versions = p["name"], p["kind"], p["versions"]
        dist = module_name(name)
        mod = dist
        requires, extras = [], {}
        for j, roll in p["deps"]:
            dep = plan[j]
            dv = dep["versions"]
            if roll < 0.55:
                spec = "%s>=%s" % (dep["name"], dv[max(0, len(dv) - 3)])
            elif roll < 0.75:
                major = int(dv[-1].split(".")[0])
                spec = "%s<%d,>=%s" % (dep["name"], major + 1, dv[0])
            elif roll < 0.85:
                spec = dep["name"]
            elif roll < 0.9:
                spec = '%s>=%s; python_version < "3.9"' % (dep["name"], dv[0])
            elif roll < 0.95:
                spec = '%s; sys_platform == "win32"' % dep["name"]
            else:
                extras.setdefault("speedups", []).append(dep["name"])
                continue
            requires.append(spec)
        entries = []
        for vi, version in enumerate(versions):
            recent = vi >= len(versions) - 2
            scale = (1 if recent else SMALL) * size_scale
            classifiers = ["Programming Language :: Python :: 3"]
            if p["ready"]:
                classifiers.append("Programming Language :: Python :: Free Threading :: 2 - Beta")
            meta = metadata_text(name, version, "generated %s package" % kind, requires, extras, classifiers)
            fseed = "%d:%s:%s" % (seed, name, version)
            files = []  # (filename, taken-by-target, builder)
            if kind == "pure" or kind == "abi3":
                size = lognormal(rng, 80 * KB, 1.1, 6 * KB, 3 * MB) // scale
                files.append(("%s-%s-py3-none-any.whl" % (dist, version), True,
                              ("wheel", "py3-none-any", None, size)))
            if kind == "native":
                size = lognormal(rng, 2 * MB, 1.0, 200 * KB, 30 * MB)
                for tag, taken, core in (
                        ("cp313-cp313t-" + PLAT, True, core_ready if p["ready"] else core_legacy),
                        ("cp313-cp313-" + PLAT, False, core_legacy),
                        ("cp312-cp312-" + PLAT, False, core_legacy),
                        ("cp313-cp313-macosx_11_0_arm64", False, core_legacy)):
                    files.append(("%s-%s-%s.whl" % (dist, version, tag), taken,
                                  ("wheel", tag, core, size // (scale if taken else SMALL * size_scale))))
            if kind == "abi3":
                size = lognormal(rng, 1 * MB, 0.8, 150 * KB, 10 * MB) // (SMALL * size_scale)
                files.append(("%s-%s-cp39-abi3-%s.whl" % (dist, version, PLAT), False,
                              ("wheel", "cp39-abi3-" + PLAT, core_legacy, size)))
            sdist_size = lognormal(rng, 60 * KB, 1.0, 4 * KB, 4 * MB) // (SMALL * size_scale)
            files.append(("%s-%s.tar.gz" % (dist, version), False, ("sdist", None, None, sdist_size)))
            for filename, taken, (what, tag, core, size) in files:
                path = os.path.join(files_dir, filename)
                if what == "wheel":
                    members = {mod + "/__init__.py": pure_module(mod, [plan[j]["name"] for j, _ in p["deps"]])}
                    if core is not None:
                        so_suffix = ext_suffix(tag, suffix)
                        members[mod + "/_core" + so_suffix] = core
                        members[mod + "/__init__.py"] += b"\nfrom ._core import add\n"
                    members[mod + "/_data.bin"] = payload(fseed + filename, max(0, size - 2 * KB))
                    write_wheel(path, dist, version, tag, members, meta, mod)
                else:
                    members = {"pyproject.toml": b"[build-system]\nrequires = [\"setuptools\"]\n",
                               "src/%s/__init__.py" % mod: pure_module(mod, []),
                               "src/%s/_data.bin" % mod: payload(fseed + filename, size)}
                    if kind != "pure":
                        members["src/%s/_core.c" % mod] = (FT_READY_C if p["ready"] else LEGACY_C).encode()
                    write_sdist(path, dist, version, meta, members)
                with open(path, "rb") as f:
                    data = f.read()
                entry = {"filename": filename, "url": "../../files/" + filename,
                         "hashes": {"sha256": hashlib.sha256(data).hexdigest()},
                         "requires-python": ">=3.8", "size": len(data),
                         "upload-time": "2024-%02d-%02dT00:00:00.000000Z" % (1 + vi % 12, 1 + i % 28)}
                if filename.endswith(".whl"):
                    mdata = meta.encode()
                    with open(path + ".metadata", "wb") as f:
                        f.write(mdata)
                    entry["core-metadata"] = {"sha256": hashlib.sha256(mdata).hexdigest()}
                entries.append(entry)
                population.append({"project": name, "version": version, "filename": filename,
                                   "size": len(data), "taken": taken, "newest": vi == len(versions) - 1})
        norm = normalize(name)
        root.append('<a href="%s/">%s</a>' % (norm, html.escape(norm)))
        page = os.path.join(simple, norm)
        os.makedirs(page, exist_ok=True)
        anchors = []
        for e in entries:
            extra = ' data-requires-python="%s"' % html.escape(e["requires-python"])
            if "core-metadata" in e:
                extra += ' data-core-metadata="sha256=%s"' % e["core-metadata"]["sha256"]
            anchors.append('<a href="%s#sha256=%s"%s>%s</a><br>'
                           % (html.escape(e["url"]), e["hashes"]["sha256"], extra, html.escape(e["filename"])))
        with open(os.path.join(page, "index.html"), "w") as f:
            f.write("<!DOCTYPE html>\n<html><body>\n<h1>Links for %s</h1>\n%s\n</body></html>\n"
                    % (html.escape(norm), "\n".join(anchors)))
        with open(os.path.join(page, "index.json"), "w") as f:
            json.dump({"meta": {"api-version": "1.1"}, "name": norm, "files": entries,
                       "versions": versions}, f, indent=1, sort_keys=True)
            f.write("\n")
    root.append("</body></html>")
    with open(os.path.join(simple, "index.html"), "w") as f:
        f.write("\n".join(root) + "\n")
    reqs = []
    for p in plan:
        roll = rng.random()
        v = p["versions"]
        if roll < 0.4:
            reqs.append(p["name"])
        elif roll < 0.7:
            reqs.append("%s>=%s" % (p["name"], v[max(0, len(v) - 2)]))
        elif roll < 0.85:
            reqs.append("%s~=%s" % (p["name"], ".".join(v[-1].split(".")[:2])))
        else:
            reqs.append("%s==%s" % (p["name"], v[-1]))
    with open(os.path.join(out, "requirements.txt"), "w") as f:
        f.write("\n".join(reqs) + "\n")
    with open(os.path.join(out, "requirements-10.txt"), "w") as f:
        f.write("\n".join(reqs[:10]) + "\n")
    with open(os.path.join(out, "population.json"), "w") as f:
        json.dump({"projects": count, "seed": seed, "size_scale": size_scale,
                   "kinds": {k: sum(1 for p in plan if p["kind"] == k) for k in ("pure", "native", "abi3")},
                   "files": population}, f, indent=1)
    shutil.rmtree(os.path.join(out, "build"), ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--python", default="/root/.cache/nogil-scan/python/cpython-3.13.5t/bin/python3.13t")
    parser.add_argument("--size-scale", type=int, default=1)
    args = parser.parse_args()
    tmp = args.out + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    generate(tmp, args.projects, args.seed, args.python, args.size_scale)
    shutil.rmtree(args.out, ignore_errors=True)
    os.rename(tmp, args.out)


if __name__ == "__main__":
    sys.exit(main())
