#!/usr/bin/env python3
"""End-to-end benchmarks of nogil-scan against pip, on a generated index served on loopback.

Started by bench/run (see bench/README.md); prints a table and writes every raw sample to
bench/target/results/e2e-<UTC time>.json.
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
TARGET = os.path.join(BENCH, "target")
LAUNCHER = os.path.join(ROOT, "bin", "nogil-scan")
SERVER = os.path.join(ROOT, "src", "test", "fixtures", "index_server.py")
FT_PYTHON = "/root/.cache/nogil-scan/python/cpython-3.13.5t/bin/python3.13t"
PAGE_MAX_AGE = 600  # what PyPI sends for /simple/ pages
TIME_LINE = re.compile(r"^nogil-scan: time (.+?) (\d+) ms")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def population(projects, python, size_scale=1):
    """The generated index for this many projects, made once and reused while the generator is unchanged."""
    out = os.path.join(TARGET, "index-%d" % projects)
    with open(os.path.join(HERE, "genindex.py"), "rb") as f:
        stamp = hashlib.sha256(f.read()).hexdigest()[:16] + " /%d" % size_scale
    stamp_file = os.path.join(out, ".generator")
    if os.path.isfile(stamp_file) and open(stamp_file).read() == stamp:
        return out
    log("generating the %d-project index into %s (once)" % (projects, out))
    start = time.perf_counter()
    subprocess.run([sys.executable, os.path.join(HERE, "genindex.py"), out, "--projects", str(projects),
                    "--python", python, "--size-scale", str(size_scale)], check=True)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    log("generated in %.1f s" % (time.perf_counter() - start))
    return out


class Server:
    """index_server.py on loopback with an access log, HTTP/1.1 and PyPI's cache headers."""

    def __init__(self, directory, workdir, delay_ms=0):
        self.log_path = os.path.join(workdir, "access-%s-%d.log" % (os.path.basename(directory), delay_ms))
        open(self.log_path, "w").close()
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, directory, "--access-log", self.log_path, "--keep-alive",
             "--page-max-age", str(PAGE_MAX_AGE), "--delay-ms", str(delay_ms)], stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            raise SystemExit("bench: the index server did not start: %r" % self.url)

    def mark(self):
        return os.path.getsize(self.log_path)

    def requests_since(self, mark):
        """Counts by kind (page, metadata, archive) and status, of the log lines written after mark."""
        counts = {}
        with open(self.log_path, "rb") as f:
            f.seek(mark)
            for line in f.read().decode().splitlines():
                parts = line.split(" ")
                if len(parts) != 3:
                    continue
                path, status = parts[1], parts[2]
                kind = ("metadata" if path.endswith(".metadata") else
                        "page" if path.startswith("/simple/") else
                        "archive" if path.endswith((".whl", ".tar.gz", ".zip")) else "other")
                key = "%s %s" % (kind, status)
                counts[key] = counts.get(key, 0) + 1
        return counts

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def run(cmd, env=None, cwd=None):
    """Runs cmd; returns wall seconds, peak RSS of the process (KiB), exit code, stderr."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        out.seek(0)
        stdout = out.read().decode(errors="replace")
    return {"wall": wall, "rss_kib": usage.ru_maxrss, "rc": proc.returncode, "stderr": stderr,
            "stdout": stdout, "cpu": usage.ru_utime + usage.ru_stime}


def timings(stderr):
    phases = {}
    for line in stderr.splitlines():
        m = TIME_LINE.match(line)
        if m:
            phases[m.group(1)] = int(m.group(2)) / 1000.0
    return phases


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PYTHON", "NOGIL_SCAN_")) and k not in ("JAVA_TOOL_OPTIONS",)}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    env["NO_COLOR"] = "1"
    env.update(extra or {})
    return env


def summary(samples):
    values = sorted(samples)
    return {"min": values[0], "median": statistics.median(values), "max": values[-1], "n": len(values)}


class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.samples = {}  # scenario -> list of sample dicts
        self.notes = []

    def record(self, name, sample):
        self.samples.setdefault(name, []).append(sample)
        extra = ""
        if sample.get("phases"):
            extra = " resolve %.2f s, index+metadata %.2f s" % (
                sample["phases"].get("resolve", 0), sample["phases"].get("index+metadata", 0))
        log("%-28s %7.2f s rc=%d rss=%d MiB%s %s" % (name, sample["wall"], sample["rc"],
                                                     sample["rss_kib"] // 1024, extra,
                                                     json.dumps(sample.get("requests", {}), sort_keys=True)))

    def scan(self, name, server, reqs, cache, jobs=None, probe=False, extra=(), env=None):
        out = os.path.join(self.workdir, "report-%s.json" % name.replace(" ", "_"))
        cmd = [LAUNCHER, "scan", "-r", reqs, "--index-url", server.url, "--cache-dir", cache,
               "--target", "3.13t", "--json", out, "--quiet", "--timings"]
        cmd += ["--python", self.args.python] if probe else ["--no-probe"]
        if jobs is not None:
            cmd += ["--jobs", str(jobs)]
        cmd += list(extra)
        mark = server.mark()
        r = run(cmd, env=clean_env(env), cwd=self.workdir)
        r["requests"] = server.requests_since(mark)
        r["phases"] = timings(r["stderr"])
        if r["rc"] not in (0, 1):
            raise SystemExit("bench: %s failed (exit %d):\n%s" % (" ".join(cmd), r["rc"], r["stderr"][-3000:]))
        del r["stdout"]
        r["stderr"] = r["stderr"][-2000:]
        self.record(name, r)
        return out

    def pip(self, name, server, pip_args):
        cmd = [self.args.python, "-m", "pip"] + pip_args + ["--index-url", server.url, "-q", "--no-cache-dir"]
        mark = server.mark()
        r = run(cmd, env=clean_env(), cwd=self.workdir)
        r["requests"] = server.requests_since(mark)
        if r["rc"] != 0:
            raise SystemExit("bench: %s failed (exit %d):\n%s" % (" ".join(cmd), r["rc"], r["stderr"][-3000:]))
        del r["stdout"]
        r["stderr"] = r["stderr"][-2000:]
        self.record(name, r)


def picks(report):
    with open(report) as f:
        data = json.load(f)
    return {p["name"].lower(): (p["version"], p.get("file")) for p in data["packages"] if p.get("version")}


def end_to_end(bench, projects, runs):
    """The side-by-side comparison on the population of this many projects."""
    index = population(projects, bench.args.python)
    server = Server(index, bench.workdir)
    reqs = os.path.join(index, "requirements.txt")
    reqs10 = os.path.join(index, "requirements-10.txt")
    tag = "%d" % projects
    checks = {}
    try:
        for r in range(runs):
            log("round %d of %d (%d projects)" % (r + 1, runs, projects))
            cache = os.path.join(bench.workdir, "cache-%s-%d" % (tag, r))
            report = bench.scan("scan --no-probe cold", server, reqs, cache)
            bench.scan("scan --no-probe warm", server, reqs, cache)
            bench.scan("scan --dry-run warm", server, reqs, cache, extra=("--dry-run",))
            bench.scan("scan 10 packages warm", server, reqs10, cache)
            if r == 0:
                chosen = picks(report)
                pinned = os.path.join(bench.workdir, "pinned-%s.txt" % tag)
                with open(pinned, "w") as f:
                    f.writelines("%s==%s\n" % (n, v) for n, (v, _) in sorted(chosen.items()))
            shutil.rmtree(cache)
            cache1 = cache + "-jobs1"
            bench.scan("scan --no-probe --jobs 1 cold", server, reqs, cache1, jobs=1)
            shutil.rmtree(cache1)
            dl = os.path.join(bench.workdir, "pip-download-%d" % r)
            bench.pip("pip download --no-deps", server, ["download", "--no-deps", "-d", dl, "-r", pinned])
            if r == 0:
                got = set(os.listdir(dl))
                want = {file for _, file in chosen.values() if file}
                checks["pip download took the files scan took"] = "%d of %d (%s)" % (
                    len(got & want), len(want), "same set" if got == want else
                    "differ: e.g. %s" % sorted(got ^ want)[:4])
            shutil.rmtree(dl)
            pip_report = os.path.join(bench.workdir, "pip-report.json")
            bench.pip("pip install --dry-run --report", server,
                      ["install", "--dry-run", "--ignore-installed", "--report", pip_report, "-r", reqs])
            if r == 0:
                with open(pip_report) as f:
                    theirs = {i["metadata"]["name"].lower().replace("_", "-").replace(".", "-"): i["metadata"]["version"]
                              for i in json.load(f)["install"]}
                ours = {n.replace("_", "-").replace(".", "-"): v for n, (v, _) in chosen.items()}
                same = sum(1 for n in ours if theirs.get(n) == ours[n])
                checks["pip's resolution equals scan's"] = "%d of %d packages, %s" % (
                    same, len(ours), "identical" if theirs == ours else "differ: e.g. %s" % sorted(
                        set(theirs.items()) ^ set(ours.items()))[:4])
            if bench.args.probes:
                cachep = cache + "-probe"
                bench.scan("scan with probes cold", server, reqs, cachep, probe=True)
                shutil.rmtree(cachep)
    finally:
        server.stop()
    return checks


def latency(bench, projects, runs, delay_ms):
    """Cold scans against a server that waits delay_ms per request: what parallel requests gain."""
    index = population(projects, bench.args.python)
    server = Server(index, bench.workdir, delay_ms)
    reqs = os.path.join(index, "requirements.txt")
    try:
        for r in range(runs):
            for jobs in (1, None, 8):
                cache = os.path.join(bench.workdir, "cache-latency-%d-%s" % (r, jobs))
                label = "default" if jobs is None else str(jobs)
                bench.scan("%d ms/request: scan --no-probe cold, --jobs %s" % (delay_ms, label), server, reqs, cache,
                           jobs=jobs)
                shutil.rmtree(cache)
    finally:
        server.stop()


def startup(bench, runs):
    """JVM start-up: --version, with and without the AppCDS archive, on each JDK found."""
    jdks = [j for j in ("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64")
            if os.path.isfile(os.path.join(j, "bin", "java"))]
    variants = []
    for jdk in jdks:
        major = "17" if "17" in os.path.basename(jdk) else "25"
        with open(os.path.join(jdk, "release")) as f:
            version = re.search(r'JAVA_RUNTIME_VERSION="([^"]*)"', f.read()).group(1)
        archive = os.path.join(ROOT, "dist", "target", "nogil-scan-%s.jsa" % version)
        if os.path.isfile(archive):
            variants.append(("--version JDK %s, AppCDS" % major, {"JAVA_HOME": jdk, "NOGIL_SCAN_CDS": "on"}))
        variants.append(("--version JDK %s, no AppCDS" % major, {"JAVA_HOME": jdk, "NOGIL_SCAN_CDS": "off"}))
    # the launcher's flags before this harness: C1 only (-XX:TieredStopAtLevel=1), no AppCDS
    variants.append(("--version JDK 17, C1 only, no AppCDS", {"JAVA_HOME": jdks[0], "NOGIL_SCAN_CDS": "off",
                                                               "NOGIL_SCAN_JAVA_OPTS": "-XX:TieredStopAtLevel=1"}))
    for name, extra in variants:
        run(([LAUNCHER, "--version"]), env=clean_env(extra))  # warm-up
        for _ in range(runs):
            r = run([LAUNCHER, "--version"], env=clean_env(extra))
            if r["rc"] != 0:
                raise SystemExit("bench: %s failed: %s" % (name, r["stderr"]))
            del r["stdout"]
            bench.record(name, r)


def fmt(seconds):
    return "%.2f" % seconds if seconds < 100 else "%.0f" % seconds


def table(bench):
    pip = bench.samples.get("pip download --no-deps")
    pip_median = statistics.median(s["wall"] for s in pip) if pip else None
    rows = [("scenario", "runs", "min s", "median s", "max s", "÷ pip download", "requests (median run)",
             "CPU s", "peak RSS MiB")]
    for name, samples in bench.samples.items():
        s = summary([x["wall"] for x in samples])
        ordered = sorted(samples, key=lambda x: x["wall"])
        mid = ordered[len(ordered) // 2]
        req = ", ".join("%s %d" % (k, v) for k, v in sorted(mid.get("requests", {}).items()))
        ratio = "%.2fx" % (s["median"] / pip_median) if pip_median and "version" not in name else ""
        rows.append((name, str(s["n"]), fmt(s["min"]), fmt(s["median"]), fmt(s["max"]), ratio, req or "-",
                     "%.1f" % statistics.median(x["cpu"] for x in samples),
                     str(max(x["rss_kib"] for x in samples) // 1024)))
    phase_rows = [("phase (scan --timings)", "scenario", "min s", "median s", "max s")]
    for name, samples in bench.samples.items():
        if not samples[0].get("phases"):
            continue
        for phase in ("read inputs", "resolve", "index+metadata", "download", "inspect", "probe", "report", "total"):
            values = [x["phases"].get(phase, 0.0) for x in samples]
            if max(values) == 0 and phase not in ("resolve", "index+metadata"):
                continue
            s = summary(values)
            phase_rows.append((phase, name, "%.3f" % s["min"], "%.3f" % s["median"], "%.3f" % s["max"]))
    return render(rows) + ("\n\n" + render(phase_rows) if len(phase_rows) > 1 else "")


def render(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def targets(bench):
    """The targets of issues 12, 4 and 7, from the medians."""
    def med(name, phase=None):
        samples = bench.samples.get(name)
        if not samples:
            return None
        return statistics.median((x["phases"].get(phase, 0.0) if phase else x["wall"]) for x in samples)

    out = []
    pip = med("pip download --no-deps")
    cold = med("scan --no-probe cold")
    warm = med("scan --no-probe warm")
    if pip and cold:
        out.append(("12: cold scan --no-probe <= 0.5x pip download", "%.2fx (%.2f s vs %.2f s)" % (cold / pip, cold, pip),
                    cold <= 0.5 * pip))
    if warm is not None:
        out.append(("12: warm re-scan of 300 <= 1 s (whole process)", "%.2f s" % warm, warm <= 1.0))
        warm_in = med("scan --no-probe warm", "total")
        out.append(("12: warm re-scan, inside the JVM (--timings total)", "%.2f s" % warm_in, warm_in <= 1.0))
    version = med("--version JDK 17, AppCDS")
    if version is not None:
        out.append(("12: start-up (--version, JDK 17, AppCDS) <= 0.5 s", "%.2f s" % version, version <= 0.5))
    ten = med("scan 10 packages warm")
    if ten is not None:
        out.append(("12: warm scan of a 10-package file (whole process)", "%.2f s" % ten, None))
    idx = med("scan --no-probe cold", "index+metadata")
    idx1 = med("scan --no-probe --jobs 1 cold", "index+metadata")
    if idx and idx1:
        out.append(("4: cold index+metadata >= 3x faster than --jobs 1", "%.1fx (%.2f s vs %.2f s)" % (idx1 / idx, idx, idx1),
                    idx1 / idx >= 3))
    if idx and pip:
        out.append(("4: cold index+metadata <= 1.5x pip download", "%.2fx" % (idx / pip), idx <= 1.5 * pip))
    for name in bench.samples:
        if name.endswith("--jobs 1") and "ms/request" in name:
            prefix = name[: -len("--jobs 1")]
            slow = med(name, "index+metadata")
            for other in ("default", "8"):
                fast = med(prefix + "--jobs " + other, "index+metadata")
                if fast:
                    out.append(("4: %sindex+metadata, --jobs %s vs 1 (>= 3x)" % (prefix.split(":")[0] + ": ", other),
                                "%.1fx (%.2f s vs %.2f s)" % (slow / fast, fast, slow), slow / fast >= 3))
    warm_samples = bench.samples.get("scan --no-probe warm", [])
    if warm_samples:
        downloads = max(sum(v for k, v in x["requests"].items() if k.startswith("archive")) for x in warm_samples)
        out.append(("4: warm re-scan downloads no archive (access log)", "%d archive requests" % downloads, downloads == 0))
    # issue 7's resolution on its own is `scan --dry-run` (started by the launcher with C1 alone);
    # inside a full scan the same resolution runs under the tiered JIT, warming up for what follows
    dry = med("scan --dry-run warm")
    if dry is not None:
        res_dry = med("scan --dry-run warm", "resolve")
        out.append(("7: resolve 300 from a warm cache well under 1 s (--dry-run, resolve phase)",
                    "%.3f s" % res_dry, res_dry < 0.5))
        out.append(("7: warm scan --dry-run of 300, whole process (JVM start, inputs, resolve) < 1 s",
                    "%.2f s" % dry, dry < 1.0))
    res_warm = med("scan --no-probe warm", "resolve")
    if res_warm is not None:
        out.append(("7: resolve phase inside a warm full scan (tiered JIT)", "%.3f s" % res_warm, None))
    res_cold = med("scan --no-probe cold", "resolve")
    res_cold1 = med("scan --no-probe --jobs 1 cold", "resolve")
    pip_res = med("pip install --dry-run --report")
    if res_cold and res_cold1:
        out.append(("7: cold resolve, parallel vs --jobs 1 (round trips)", "%.2f s vs %.2f s (%.1fx)" % (
            res_cold, res_cold1, res_cold1 / res_cold), None))
    if res_cold and pip_res:
        out.append(("7: cold resolve vs pip's resolution (whole process)", "%.2f s vs %.2f s" % (res_cold, pip_res), None))
    rows = [("target", "measured (medians)", "met")]
    for name, value, met in out:
        rows.append((name, value, "-" if met is None else ("yes" if met else "NO")))
    return render(rows)


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "nproc": os.cpu_count(),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
        "memory": sh("grep MemTotal /proc/meminfo | awk '{print $2\" kB\"}'"),
        "loadavg": open("/proc/loadavg").read().split()[:3],
        "commit": sh("git -C %s rev-parse --short HEAD" % ROOT) + (" (dirty)" if sh("git -C %s status --porcelain --untracked-files=no" % ROOT) else ""),
        "java": sh("java -version 2>&1 | head -1"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--big", type=int, default=0, help="also measure peak RSS of a scan of this many projects")
    parser.add_argument("--no-probes", dest="probes", action="store_false")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--only", default="e2e,startup,rss")
    parser.add_argument("--python", default=FT_PYTHON)
    parser.add_argument("--latency-ms", type=int, default=20, help="per-request delay of the latency part")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    os.makedirs(os.path.join(TARGET, "results"), exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="e2e-", dir=TARGET)
    bench = Bench(args, workdir)
    before = machine()
    log("machine: %s" % json.dumps(before))
    checks = {}
    try:
        if "startup" in parts:
            startup(bench, args.startup_runs)
        if "e2e" in parts:
            checks = end_to_end(bench, args.projects, args.runs)
        if "latency" in parts:
            latency(bench, args.projects, args.runs, args.latency_ms)
        if "rss" in parts and args.big:
            index = population(args.big, args.python, size_scale=8)
            server = Server(index, workdir)
            try:
                cache = os.path.join(workdir, "cache-big")
                name = "scan --no-probe cold, %d projects" % args.big
                bench.scan(name, server, os.path.join(index, "requirements.txt"), cache)
                bench.scan("scan --no-probe warm, %d projects" % args.big, server,
                           os.path.join(index, "requirements.txt"), cache)
                shutil.rmtree(cache)
            finally:
                server.stop()
    finally:
        after = machine()
        stamp = before["date"].replace(":", "")
        result = os.path.join(TARGET, "results", "e2e-%s.json" % stamp)
        with open(result, "w") as f:
            json.dump({"machine_before": before, "machine_after": after, "checks": checks,
                       "samples": bench.samples}, f, indent=1)
        shutil.rmtree(workdir, ignore_errors=True)
    print()
    print("machine: %d CPUs (%s), load average %s before, %s after; commit %s; %s" % (
        before["nproc"], before["cpu"], " ".join(before["loadavg"]), " ".join(after["loadavg"]),
        before["commit"], before["date"]))
    print()
    print(table(bench))
    print()
    for k, v in checks.items():
        print("check: %s: %s" % (k, v))
    print()
    print(targets(bench))
    print()
    print("raw samples: %s" % result)


if __name__ == "__main__":
    sys.exit(main())
