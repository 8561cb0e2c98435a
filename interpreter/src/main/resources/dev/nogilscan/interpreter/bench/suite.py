"""The nogil-scan benchmark suite: workloads timed on a free-threaded CPython and its GIL twin.

Protocol (one JSON object per stdout line, keys sorted):

  suite.py list
  suite.py preload FILE
      the "preload" line below and nothing else: whether the dependencies load at all
      {"event": "workload", "name": ..., "kind": "single"|"multi", "description": ...} per workload
  suite.py run --workload NAME --threads N --warmups W --reps R --scale S [--script FILE]
               [--preload FILE]
      {"event": "preload", "imported": [...], "failed": [{"module", "error"}],
       "gil_enabled_by": [{"module", "extension"}], "gil_enabled": bool}   with --preload only
      {"event": "start", ...}
      {"event": "sample", "rep": i, "seconds": t, "cpu_seconds": c}   per repetition (warm-ups
                                                                      are not reported)
      {"event": "end", "gil_enabled": bool, "peak_rss_kb": int, ...}   (VmHWM, else ru_maxrss)

Only the work is timed (time.perf_counter around it): interpreter start-up, imports and the set-up
of servers or pools are outside the clock. Multi-threaded workloads divide a fixed amount of work
among N threads (strong scaling), so the time at N threads against the time at 1 thread is the
speedup. The "end" line reports sys._is_gil_enabled() as it is *after* the work: a C extension
imported on the way may have switched the GIL back on (PEP 703) and silently serialised the run.

--preload FILE (JSON: {"paths": [...], "modules": [...]}) first adds each path as a site
directory (its .pth files are honoured, as an installed environment would) and imports each
module, outside the clock: the user's dependencies loaded before the work, as their application
would. The GIL is checked after every import, so the module that switched it back on is named
(the first one only: once on, it stays on).

Standard library only; runs on CPython 3.9+ (the free-threading checks need 3.13). Modules
only some workloads need are imported by those workloads, outside the clock: a run pays the
start-up of what it uses only.
"""

import argparse
import json
import math
import os
import resource
import sys
import sysconfig
import threading
import time

WORKLOADS = {}


def workload(name, kind, description):
    def register(factory):
        WORKLOADS[name] = (kind, description, factory)
        return factory

    return register


# Kept apart from sys.stdout, which the user's script may print to or replace.
OUT = sys.stdout


def emit(obj):
    OUT.write(json.dumps(obj, sort_keys=True) + "\n")
    OUT.flush()


def split(total, parts):
    """total units of work as parts near-equal shares."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def run_threads(target, shares):
    """Starts one thread per share, calling target(share, index), and joins them all."""
    errors = []

    def guarded(share, index):
        try:
            target(share, index)
        except BaseException as e:  # reported after the join, never lost in a thread
            errors.append(e)

    threads = [
        threading.Thread(target=guarded, args=(share, i)) for i, share in enumerate(shares)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


# --- single-threaded classics ---------------------------------------------------------------

SOLAR_MASS = 4 * math.pi * math.pi
DAYS_PER_YEAR = 365.24


def nbody_bodies():
    return [
        ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], SOLAR_MASS),
        (
            [4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01],
            [
                1.66007664274403694e-03 * DAYS_PER_YEAR,
                7.69901118419740425e-03 * DAYS_PER_YEAR,
                -6.90460016972063023e-05 * DAYS_PER_YEAR,
            ],
            9.54791938424326609e-04 * SOLAR_MASS,
        ),
        (
            [8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01],
            [
                -2.76742510726862411e-03 * DAYS_PER_YEAR,
                4.99852801234917238e-03 * DAYS_PER_YEAR,
                2.30417297573763929e-05 * DAYS_PER_YEAR,
            ],
            2.85885980666130812e-04 * SOLAR_MASS,
        ),
        (
            [1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01],
            [
                2.96460137564761618e-03 * DAYS_PER_YEAR,
                2.37847173959480950e-03 * DAYS_PER_YEAR,
                -2.96589568540237556e-05 * DAYS_PER_YEAR,
            ],
            4.36624404335156298e-05 * SOLAR_MASS,
        ),
        (
            [1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01],
            [
                2.68067772490389322e-03 * DAYS_PER_YEAR,
                1.62824170038242295e-03 * DAYS_PER_YEAR,
                -9.51592254519715870e-05 * DAYS_PER_YEAR,
            ],
            5.15138902046611451e-05 * SOLAR_MASS,
        ),
    ]


@workload("nbody", "single", "n-body simulation of the Jovian planets (float arithmetic on lists)")
def nbody(scale, threads):
    steps = max(1, int(5000 * scale))

    def run():
        bodies = nbody_bodies()
        pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
        dt = 0.01
        for _ in range(steps):
            for ([x1, y1, z1], v1, m1), ([x2, y2, z2], v2, m2) in pairs:
                dx, dy, dz = x1 - x2, y1 - y2, z1 - z2
                mag = dt * ((dx * dx + dy * dy + dz * dz) ** -1.5)
                b1m, b2m = m1 * mag, m2 * mag
                v1[0] -= dx * b2m
                v1[1] -= dy * b2m
                v1[2] -= dz * b2m
                v2[0] += dx * b1m
                v2[1] += dy * b1m
                v2[2] += dz * b1m
            for r, [vx, vy, vz], m in bodies:
                r[0] += dt * vx
                r[1] += dt * vy
                r[2] += dt * vz

    return run, None


class Packet:
    __slots__ = ("link", "ident", "kind", "datum", "data")

    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * 4


class Task:
    """A richards-style task: a state machine scheduled by priority, exchanging packets."""

    def __init__(self, scheduler, ident, priority):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.inbox = []
        self.held = False
        self.waiting = False

    def deliver(self, packet):
        self.inbox.append(packet)
        self.waiting = False

    def runnable(self):
        return not self.held and not self.waiting

    def step(self):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, scheduler, ident, priority, count):
        super().__init__(scheduler, ident, priority)
        self.control = 1
        self.count = count

    def step(self):
        self.count -= 1
        if self.count == 0:
            self.held = True
            return
        if self.control & 1 == 0:
            self.control >>= 1
            self.scheduler.release(4)
        else:
            self.control = (self.control >> 1) ^ 0xD008
            self.scheduler.release(5)


class WorkTask(Task):
    def __init__(self, scheduler, ident, priority):
        super().__init__(scheduler, ident, priority)
        self.destination = 2
        self.count = 0

    def step(self):
        if not self.inbox:
            self.waiting = True
            return
        packet = self.inbox.pop(0)
        self.destination = 3 if self.destination == 2 else 2
        packet.ident = self.destination
        packet.datum = 0
        for i in range(4):
            self.count += 1
            if self.count > 26:
                self.count = 1
            packet.data[i] = 64 + self.count
        self.scheduler.send(packet)


class HandlerTask(Task):
    def __init__(self, scheduler, ident, priority, device):
        super().__init__(scheduler, ident, priority)
        self.device = device
        self.pending = []

    def step(self):
        while self.inbox:
            self.pending.append(self.inbox.pop(0))
        if not self.pending:
            self.waiting = True
            return
        packet = self.pending[0]
        if packet.datum >= 4:
            self.pending.pop(0)
            packet.ident = 1
            self.scheduler.send(packet)
            return
        device_packet = Packet(None, self.device, 1)
        device_packet.datum = packet.data[packet.datum]
        packet.datum += 1
        self.scheduler.send(device_packet)
        self.waiting = True  # until the device has handled it and releases us


class DeviceTask(Task):
    """Held until the idle task releases it; handles one packet per release."""

    def __init__(self, scheduler, ident, priority):
        super().__init__(scheduler, ident, priority)
        self.held = True

    def step(self):
        if not self.inbox:
            self.waiting = True
            return
        packet = self.inbox.pop(0)
        self.scheduler.checksum = (self.scheduler.checksum * 31 + packet.datum) & 0xFFFF
        self.held = True
        self.scheduler.release(self.ident - 2)


class Scheduler:
    def __init__(self, count):
        self.checksum = 0
        self.switches = 0
        self.tasks = {}
        self.add(IdleTask(self, 0, 0, count))
        self.add(WorkTask(self, 1, 1000))
        self.add(HandlerTask(self, 2, 2000, 4))
        self.add(HandlerTask(self, 3, 3000, 5))
        self.add(DeviceTask(self, 4, 4000))
        self.add(DeviceTask(self, 5, 5000))
        for i in range(2):
            self.tasks[1].deliver(Packet(None, 1, 0))
        self.order = sorted(self.tasks.values(), key=lambda t: -t.priority)

    def add(self, task):
        self.tasks[task.ident] = task

    def send(self, packet):
        self.tasks[packet.ident].deliver(packet)

    def release(self, ident):
        task = self.tasks.get(ident)
        if task is not None:
            task.held = False
            task.waiting = False

    def schedule(self):
        idle = self.tasks[0]
        while not idle.held:
            for task in self.order:
                if task.runnable():
                    self.switches += 1
                    task.step()
                    break
            else:
                idle.held = True
        return self.switches


@workload("richards", "single", "richards-style task scheduler: objects, methods, attribute access")
def richards(scale, threads):
    count = max(10, int(9000 * scale))

    def run():
        Scheduler(count).schedule()

    return run, None


@workload("spectral_norm", "single", "spectral norm of an infinite matrix (nested loops, floats)")
def spectral_norm(scale, threads):
    n = max(10, int(75 * math.sqrt(scale)))

    def a(i, j):
        return 1.0 / (((i + j) * (i + j + 1) >> 1) + i + 1)

    def times(u):
        return [sum(a(i, j) * uj for j, uj in enumerate(u)) for i in range(len(u))]

    def times_transp(u):
        return [sum(a(j, i) * uj for j, uj in enumerate(u)) for i in range(len(u))]

    def run():
        u = [1.0] * n
        for _ in range(5):
            v = times_transp(times(u))
            u = times_transp(times(v))
        vbv = sum(ue * ve for ue, ve in zip(u, v))
        vv = sum(ve * ve for ve in v)
        return math.sqrt(vbv / vv)

    return run, None


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, i):
        self.x = x = math.sin(i)
        self.y = math.cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        norm = math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self


@workload("float_math", "single", "float objects: math.sin/cos/sqrt, allocation, comparisons")
def float_math(scale, threads):
    n = max(100, int(20000 * scale))

    def run():
        points = [Point(i) for i in range(n)]
        for p in points:
            p.normalize()
        best = points[0]
        for p in points[1:]:
            best = best.maximize(p)
        return best

    return run, None


@workload("json_roundtrip", "single", "json.dumps and json.loads of a nested document")
def json_roundtrip(scale, threads):
    import random
    rounds = max(1, int(20 * scale))
    rng = random.Random(7)
    doc = {
        "packages": [
            {
                "name": "pkg-%d" % i,
                "version": "%d.%d.%d" % (i % 7, i % 13, i % 5),
                "free_threaded": i % 3 == 0,
                "score": rng.random(),
                "tags": ["cp313t", "manylinux_2_17_x86_64", "py3-none-any"][: 1 + i % 3],
                "deps": {"dep-%d" % j: ">=%d" % j for j in range(i % 6)},
            }
            for i in range(200)
        ],
        "meta": {"schema": 1, "note": "caf\u00e9 \u2013 na\u00efve"},
    }

    def run():
        for _ in range(rounds):
            text = json.dumps(doc)
            back = json.loads(text)
            assert back["meta"]["schema"] == 1

    return run, None


@workload("regex", "single", "re: compile, search, findall and sub over generated text")
def regex(scale, threads):
    import random
    import re
    rounds = max(1, int(6 * scale))
    rng = random.Random(11)
    words = ["numpy", "scipy", "pandas", "torch", "requests", "urllib3", "cffi", "pyyaml"]
    lines = [
        "%s==%d.%d.%d ; python_version >= '3.%d' # sha256:%032x user%d@example.org"
        % (rng.choice(words), rng.randrange(10), rng.randrange(30), rng.randrange(9),
           rng.randrange(8, 15), rng.getrandbits(128), rng.randrange(1000))
        for _ in range(400)
    ]
    text = "\n".join(lines)

    def run():
        for _ in range(rounds):
            req = re.compile(r"^([A-Za-z0-9_.-]+)==(\d+)\.(\d+)\.(\d+)", re.M)
            found = req.findall(text)
            emails = re.findall(r"[\w.]+@[\w.]+\.\w+", text)
            hashes = re.sub(r"sha256:[0-9a-f]{32}", "sha256:<hash>", text)
            markers = [m.group(1) for m in re.finditer(r"python_version >= '(3\.\d+)'", text)]
            assert found and emails and hashes and markers

    return run, None


@workload("string_building", "single", "str: f-strings, join, +=, split, replace, upper/lower")
def string_building(scale, threads):
    n = max(100, int(20000 * scale))

    def run():
        parts = []
        for i in range(n):
            parts.append(f"{i:06d}:{i * 31 % 97:x}|")
        joined = "".join(parts)
        out = ""
        for chunk in joined.split("|")[: n // 4]:
            out += chunk.replace(":", "=").upper()
        return len(out) + len(joined.lower())

    return run, None


@workload("generators", "single", "generator pipelines: yield, yield from, generator expressions")
def generators(scale, threads):
    n = max(100, int(70000 * scale))

    def numbers(limit):
        i = 0
        while i < limit:
            yield i
            i += 1

    def evens(source):
        for x in source:
            if x % 2 == 0:
                yield x

    def chained(limit):
        yield from evens(numbers(limit))
        yield from (x * 3 for x in range(limit // 10))

    def run():
        return sum(x % 1000 for x in chained(n))

    return run, None


@workload("fannkuch", "single", "fannkuch-redux: list slicing and permutations")
def fannkuch(scale, threads):
    n = 7
    repeats = max(1, round(2 * scale))

    def run():
        for _ in range(repeats):
            flips = one()
        return flips

    def one():
        maxflips = 0
        perm1 = list(range(n))
        count = list(range(n))
        r = n
        while True:
            while r != 1:
                count[r - 1] = r
                r -= 1
            perm = perm1[:]
            flips = 0
            k = perm[0]
            while k:
                perm[: k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
            maxflips = max(maxflips, flips)
            while r != n:
                perm1.insert(r, perm1.pop(0))
                count[r] -= 1
                if count[r] > 0:
                    break
                r += 1
            else:
                return maxflips

    return run, None


@workload("nqueens", "single", "n-queens by permutations and sets")
def nqueens(scale, threads):
    n = 7
    repeats = max(1, round(1.6 * scale))
    import itertools

    def run():
        for _ in range(repeats):
            solutions = one()
        return solutions

    def one():
        cols = range(n)
        return sum(
            1
            for vec in itertools.permutations(cols)
            if n == len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols))
        )

    return run, None


# --- multi-threaded: a fixed amount of work shared by N threads ------------------------------


def cpu_work(n):
    total = 0
    for i in range(n):
        total += (i * i) % 7
    return total


@workload("cpu_threads", "multi", "independent pure-Python CPU work, one share per thread")
def cpu_threads(scale, threads):
    total = max(1000, int(200_000 * scale))

    def run():
        run_threads(lambda share, _: cpu_work(share), split(total, threads))

    return run, None


@workload("shared_dict", "multi", "read-modify-write on one shared dict (per-object locking)")
def shared_dict(scale, threads):
    total = max(1000, int(150_000 * scale))
    keys = ["k%d" % i for i in range(64)]

    def run():
        d = {}

        def body(share, index):
            for i in range(share):
                key = keys[(i + index) & 63]
                d[key] = d.get(key, 0) + 1

        run_threads(body, split(total, threads))

    return run, None


@workload("shared_list", "multi", "append, index and pop on one shared list")
def shared_list(scale, threads):
    total = max(1000, int(150_000 * scale))

    def run():
        items = []

        def body(share, index):
            for i in range(share):
                items.append(i)
                if i & 3 == 3:
                    items.pop()
                if i & 15 == 0:
                    # A slice, not items[-1] behind a length check: another thread may pop in
                    # between (a real check-then-act race, which free threading made visible).
                    _ = items[-1:]

        run_threads(body, split(total, threads))

    return run, None


@workload("queue_workers", "multi", "queue.Queue: N workers take items, compute, put results")
def queue_workers(scale, threads):
    import queue
    total = max(100, int(4_500 * scale))

    def run():
        inbox = queue.Queue()
        outbox = queue.Queue()
        for i in range(total):
            inbox.put(i)
        for _ in range(threads):
            inbox.put(None)

        def body(share, index):
            while True:
                item = inbox.get()
                if item is None:
                    return
                outbox.put(cpu_work(20 + item % 20))

        run_threads(body, [0] * threads)
        assert outbox.qsize() == total

    return run, None


@workload("lock_counter", "multi", "threading.Lock around a shared counter, work outside the lock")
def lock_counter(scale, threads):
    total = max(1000, int(50_000 * scale))

    def run():
        lock = threading.Lock()
        state = [0]

        def body(share, index):
            for i in range(share):
                x = (i * 31) % 17 + (i >> 3)
                with lock:
                    state[0] += x & 1

        run_threads(body, split(total, threads))

    return run, None


@workload("thread_pool", "multi", "ThreadPoolExecutor(max_workers=N).map over 32 CPU chunks")
def thread_pool(scale, threads):
    import concurrent.futures
    total = max(1000, int(300_000 * scale))
    chunks = split(total, 32)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads)
    list(pool.map(cpu_work, [1] * threads))  # start the workers outside the clock

    def run():
        return sum(pool.map(cpu_work, chunks))

    return run, lambda: pool.shutdown(wait=True)


@workload("asyncio_threads", "multi", "an asyncio loop handing 32 CPU chunks to N threads")
def asyncio_threads(scale, threads):
    import asyncio
    import concurrent.futures
    total = max(1000, int(300_000 * scale))
    chunks = split(total, 32)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads)
    list(pool.map(cpu_work, [1] * threads))

    async def main():
        loop = asyncio.get_running_loop()
        ticks = 0
        futures = [loop.run_in_executor(pool, cpu_work, c) for c in chunks]
        pending = set(asyncio.ensure_future(f) for f in futures)
        while pending:
            done, pending = await asyncio.wait(pending, timeout=0.005)
            ticks += 1
        return ticks

    def run():
        asyncio.run(main())

    return run, lambda: pool.shutdown(wait=True)


@workload("io_echo", "multi", "TCP echo over 127.0.0.1: N clients, a thread per connection")
def io_echo(scale, threads):
    import socket
    total = max(50, int(2000 * scale))
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(30)
    port = server.getsockname()[1]
    stop = threading.Event()

    def handle(conn):
        with conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while True:
                data = conn.recv(4096)
                if not data:
                    return
                conn.sendall(data)

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.settimeout(30)
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    message = b"x" * 64

    def client(share, index):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for _ in range(share):
                s.sendall(message)
                got = 0
                while got < len(message):
                    chunk = s.recv(4096)
                    if not chunk:
                        raise ConnectionError("echo server closed the connection")
                    got += len(chunk)

    def run():
        run_threads(client, split(total, threads))

    def close():
        stop.set()
        server.close()

    return run, close


# --- the harness -----------------------------------------------------------------------------


def gil_enabled():
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def ru_maxrss_kb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def peak_rss_kb():
    """Peak RSS of this interpreter in KiB.

    Linux keeps ru_maxrss across exec(), so a child started through setsid/taskset by a JVM
    reports the launcher's peak (tens of MB) instead of its own; VmHWM belongs to the current
    address space and is right. Elsewhere ru_maxrss is all there is.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return ru_maxrss_kb()


def preload(spec_path):
    """Puts the dependencies on sys.path and imports them; returns the "preload" event."""
    import contextlib
    import importlib
    import re
    import site
    import warnings

    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    for path in spec.get("paths", []):
        site.addsitedir(path)
    imported, failed, gil_enabled_by = [], [], []
    for name in spec.get("modules", []):
        before = gil_enabled()
        with warnings.catch_warnings(record=True) as caught:
            # The GIL warning is issued once per process; record it instead of printing it.
            warnings.simplefilter("always", RuntimeWarning)
            try:
                # Anything the import prints goes to stderr, never among our JSON lines.
                with contextlib.redirect_stdout(sys.stderr):
                    importlib.import_module(name)
                imported.append(name)
            except BaseException as e:  # an import may raise anything, SystemExit included
                failed.append({"module": name, "error": ("%s: %s" % (type(e).__name__, e))[:300]})
        if not before and gil_enabled():
            extension = None
            for w in caught:
                found = re.search(r"enabled to load module '([^']+)'", str(w.message))
                if found:
                    extension = found.group(1)
            gil_enabled_by.append({"module": name, "extension": extension})
    return {
        "event": "preload",
        "imported": imported,
        "failed": failed,
        "gil_enabled_by": gil_enabled_by,
        "gil_enabled": gil_enabled(),
    }


def user_script(path):
    import contextlib
    import runpy
    def factory(scale, threads):
        # As `python FILE` would: the script's directory first on sys.path, for its own modules.
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))

        def run():
            # Its prints go to stderr so they can never be mistaken for our JSON lines.
            with contextlib.redirect_stdout(sys.stderr):
                runpy.run_path(path, run_name="__main__")

        return run, None

    return factory


def main(argv):
    parser = argparse.ArgumentParser(prog="suite.py")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    check = sub.add_parser("preload")
    check.add_argument("spec")
    run = sub.add_parser("run")
    run.add_argument("--workload", required=True)
    run.add_argument("--threads", type=int, default=1)
    run.add_argument("--warmups", type=int, default=1)
    run.add_argument("--reps", type=int, default=3)
    run.add_argument("--scale", type=float, default=1.0)
    run.add_argument("--script")
    run.add_argument("--preload")
    args = parser.parse_args(argv)

    if args.command == "preload":
        emit(preload(args.spec))
        return 0

    if args.command == "list":
        for name, (kind, description, _) in WORKLOADS.items():
            emit({"event": "workload", "name": name, "kind": kind, "description": description})
        return 0

    if args.script:
        kind, factory = "user", user_script(args.script)
    elif args.workload in WORKLOADS:
        kind, _, factory = WORKLOADS[args.workload]
    else:
        sys.stderr.write("unknown workload: %s\n" % args.workload)
        return 2
    threads = max(1, args.threads)
    if args.preload:
        emit(preload(args.preload))
    emit(
        {
            "event": "start",
            "workload": args.workload,
            "kind": kind,
            "threads": threads,
            "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "gil_enabled_at_start": gil_enabled(),
            "version": sys.version.split()[0],
        }
    )
    work, close = factory(args.scale, threads)
    try:
        for _ in range(args.warmups):
            work()
        for rep in range(args.reps):
            cpu_start = time.process_time()
            start = time.perf_counter()
            work()
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
            # cpu_seconds / seconds is the parallelism achieved: about N for N busy threads that
            # really run at once, at most about 1 under a GIL; unlike wall time, a busy machine
            # barely moves it.
            emit({"event": "sample", "rep": rep, "seconds": elapsed, "cpu_seconds": cpu})
    finally:
        if close is not None:
            close()
    emit(
        {
            "event": "end",
            "gil_enabled": gil_enabled(),
            "peak_rss_kb": peak_rss_kb(),
            "ru_maxrss_kb": ru_maxrss_kb(),
            "threads_alive": threading.active_count(),
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
