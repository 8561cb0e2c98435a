#!/usr/bin/env python3
"""Builds the differential-test corpus for dev.nogilscan.compatdb.pep.

Records what pypa/packaging (the reference implementation pip uses) answers for many thousands of
real and generated version strings, specifiers, markers, requirements, names, wheel filenames and
tag lists, into gzip'd TSV files that PepDifferentialTest reads.

    python3 compat-db/src/test/python/generate_pep_corpus.py \
        /work/.library/env/packages/pypi.tsv compat-db/src/test/resources/pep

Inputs:  the package list (TSV: name, newest version, ...), seeded randomness; the output is
         byte-for-byte reproducible for a given packaging version and list.
Fields:  tab-separated; strings escaped with \\\\ \\t \\n \\r; booleans as 1/0; "!" = exception.

Where the Java implementation deliberately differs from packaging (the Java tests encode these):
  * Requirement "name_": PEP 508 names end with a letter or digit; packaging's tokenizer ends a
    name at a regex word boundary and '_' is a word character, so it accepts a trailing '_'.
  * Tags: packaging 26.4 offers abi3t tags to 3.13t/3.14t and cp3Y-abi3t for every older Y down to
    cp32; CPython before 3.15 cannot load an .abi3t.so (PEP 803), so those are dropped here (see
    gen_tags) and in TargetEnvironment.
  * Requirement/Marker/Metadata "extra" values and requirement names are compared in normalised
    form (PEP 503/685): the Java API stores normalised names, packaging keeps the spelling.
  * Markers using the PEP 751 variables "extras" and "dependency_groups": packaging evaluates them
    only in its lock-file context and raises otherwise; the Java Marker evaluates them ("extras" =
    the selected extras, "dependency_groups" = none), so only their parsing is compared.
  * Compressed tag sets expanding to more than 4096 tags and numbers over 4300 digits are refused
    (bounded work); packaging has no such bound (CPython's int() has the same 4300-digit limit).
"""

import gzip
import random
import sys
from pathlib import Path

import packaging
from packaging import tags as ptags
from packaging import _manylinux, _musllinux
from packaging.markers import Marker, InvalidMarker
from packaging.requirements import Requirement, InvalidRequirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import (
    InvalidWheelFilename,
    canonicalize_name,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

SEED = 20261127
rnd = random.Random(SEED)


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def b(x):
    return "1" if x else "0"


class Out:
    def __init__(self, directory, name, header):
        self.path = Path(directory) / name
        # mtime=0 and a fixed seed make the files byte-for-byte reproducible
        self.raw = gzip.GzipFile(self.path, "wb", compresslevel=9, mtime=0)
        self.f = __import__("io").TextIOWrapper(self.raw, encoding="utf-8", newline="\n")
        self.f.write("#" + "\t".join(header) + "\n")
        self.n = 0

    def row(self, *fields):
        self.f.write("\t".join(fields) + "\n")
        self.n += 1

    def close(self):
        self.f.close()
        self.raw.close()
        print(f"{self.path.name}: {self.n} rows", file=sys.stderr)


# ------------------------------------------------------------------ inputs

def read_packages(path):
    names, versions = [], []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                names.append(parts[0])
                versions.append(parts[1])
    return names, versions


EDGE_VERSIONS = """
1.0 1.0.0 1.0.0.0 1 v1.0 V1.0 1.0a 1.0a1 1.0A1 1.0alpha1 1.0-alpha-1 1.0.alpha.1 1.0b2 1.0beta2
1.0c3 1.0rc3 1.0pre3 1.0preview3 1.0-rc-3 1.0_rc_3 1.0RC3 1.0.post 1.0.post1 1.0-1 1.0-post1
1.0post1 1.0.rev1 1.0r1 1.0-r-1 1.0.dev 1.0.dev0 1.0dev1 1.0-dev1 1.0_dev_1 1.0a1.dev1 1.0a1.post1
1.0a1.post1.dev1 1.0.post1.dev1 1!1.0 0!1.0 01!01.00 1.0+abc 1.0+ABC 1.0+abc.5 1.0+abc-5 1.0+abc_5
1.0+5 1.0+05 1.0+1.2.3 1.0+a.b.c.1 1.0+1a 1.0+a1 1.01 1.001 001.0 0 00 0.0 0.0.0 1.0a0 1.0b0 1.0rc0
1.0.post0 1.0.dev0 2.0.0-rc.1 1.0.0-beta.2 1.0a 1.0b 1.0rc 1.0c 1.0pre 1.0.post 1.0.dev 1.0a- 1.0.post-
1.0.dev- 1.0a. 1.0.a1 1.0-a1 1.0_a1 1.0a_1 1.0a-1 1.0a.1 1.0-- 1.0.- 1.0. .1 1..0 1.0.* 1.* *
1.0+ 1.0+. 1.0+a. 1.0+a..b 1.0+-a +1.0 1.0 + a 1.0abc 1.0.x 1.0-x 1.0.0.0.0.0.0.0.0.1
99999999999999999999 1.99999999999999999999999 2.0.0.dev20230101 2023.10.15 1.0a1b1 1.0rc1rc2
1.0.post1.post2 1.0.dev1.dev2 1.0-1-1 1.0-1.post1 1.0.post1-1 1!2!3 !1.0 1! v v1 vv1 1.0v
1.0+abc+def 1.0+ab.cd-ef_gh 0.9.8+ubuntu1 3.13.0 3.13t 1.0.post1+local 1.0rc1.post2.dev3+x.y
""".split()


def mutate(s):
    ops = [
        lambda s: s.upper(),
        lambda s: "v" + s,
        lambda s: " " + s + " ",
        lambda s: s + ".*",
        lambda s: s.replace(".", "-"),
        lambda s: s.replace(".", "_"),
        lambda s: s + "+local.1",
        lambda s: s + "-1",
        lambda s: s + "rc",
        lambda s: s + ".post",
        lambda s: s + "dev",
        lambda s: s + "a1.dev2",
        lambda s: "1!" + s,
        lambda s: s[:-1] if len(s) > 1 else s,
        lambda s: s + rnd.choice("-_.+!*a ~xQ"),
        lambda s: (lambda i: s[:i] + rnd.choice("-_.+!*0aZ ") + s[i:])(rnd.randrange(len(s) + 1)),
        lambda s: (lambda i: s[:i] + s[i + 1:])(rnd.randrange(len(s))) if s else s,
        lambda s: "\t" + s + "\n",
        lambda s: s + "\u00a0",
        lambda s: s.replace("0", "00"),
    ]
    return rnd.choice(ops)(s)


# ------------------------------------------------------------------ versions

def version_row(s):
    try:
        v = Version(s)
    except InvalidVersion:
        return (esc(s), "0", "", "", "", "", "", "")
    return (
        esc(s),
        "1",
        esc(str(v)),
        b(v.is_prerelease),
        b(v.is_devrelease),
        b(v.is_postrelease),
        esc(v.public),
        esc(v.base_version),
    )


def gen_versions(out_dir, real_versions):
    out = Out(out_dir, "versions.tsv.gz",
              ["input", "valid", "normalized", "pre", "dev", "post", "public", "base"])
    seen = set()
    inputs = []
    for s in EDGE_VERSIONS + real_versions:
        if s not in seen:
            seen.add(s)
            inputs.append(s)
    base = list(inputs)
    for _ in range(40000):
        m = mutate(rnd.choice(base))
        if m not in seen:
            seen.add(m)
            inputs.append(m)
    # random strings over the grammar's alphabet
    alphabet = "0123456789.-_+!*abcdeilopstvrwABCDEPRV "
    for _ in range(20000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        if s not in seen:
            seen.add(s)
            inputs.append(s)
    valid = []
    for s in inputs:
        row = version_row(s)
        out.row(*row)
        if row[1] == "1":
            valid.append(s)
    out.close()
    return valid


def gen_order(out_dir, valid):
    """A sample of valid versions in packaging's order; equal versions share a rank."""
    out = Out(out_dir, "version-order.tsv.gz", ["input", "rank"])
    sample = rnd.sample(valid, min(12000, len(valid)))
    sample += [s for s in EDGE_VERSIONS if s in set(valid)]
    parsed = sorted(((Version(s), s) for s in sample), key=lambda p: p[0])
    rank = 0
    prev = None
    for v, s in parsed:
        if prev is not None and v != prev:
            rank += 1
        prev = v
        out.row(esc(s), str(rank))
    out.close()


# ------------------------------------------------------------------ specifiers

OPS = ["==", "!=", "<=", ">=", "<", ">", "~=", "==="]


def gen_spec_strings(valid_versions):
    specs = []
    pool = [v for v in valid_versions if len(v) < 30]
    for _ in range(9000):
        v = rnd.choice(pool)
        op = rnd.choice(OPS)
        ws = rnd.choice(["", "", " ", "  ", "\t"])
        s = op + ws + v
        r = rnd.random()
        if r < 0.15:
            s = op + ws + ".".join(Version(v).base_version.split(".")[:3]) + ".*"
        elif r < 0.25:
            s = mutate(s)
        specs.append(s)
    combos = []
    for _ in range(6000):
        n = rnd.randint(0, 3)
        parts = [rnd.choice(specs) for _ in range(n)]
        sep = rnd.choice([",", ", ", " , ", ",,", ","])
        combos.append(sep.join(parts))
    hand = """
    >=1.0 ==1.0 ==1.0.* !=1.0.* ~=1.0 ~=1 ~=1.0.0 ~=2.2.post3 ~=1.4.5a4 ~=1.0+local ==1.0+local
    !=1.0+local >=1.0+local <1.0 >1.0 <=1.0 >1.0.post1 <1.0.post1 >1.0a1 <1.0a1 >1.0.dev1 <1.0.dev1
    ===1.0 ===foobar ===1.0+local ==1.0a1.* ==1.*.0 ==* == >= 1.0 >=1.0,<2.0 >=1.0,,<2.0 , >=1.0,
    ,>=1.0 >=1.0;python_version ==1.0) >==1.0 =<1.0 =1.0 1.0 ~=1.0.* >=1.0.* <1.0.* >=v1.0 ==V1.0
    ==1!1.0 ==1!1.* >1!0 ~=1!1.0 ===  ===a;b ===(x) <=1.0.0+a
    """.split()
    hand += ["", " ", ">= 1.0 , < 2.0", ">=1.0\n", "\u00a0>=1.0", "== 1.0 .*", "==1.0 .*", "~= 1.0"]
    return hand + specs + combos


def gen_specifiers(out_dir, valid_versions):
    spec_strings = gen_spec_strings(valid_versions)
    # clauses that differ only by trailing zeros, which packaging prints once
    spec_strings += [">=1,>=1.0", "==1.0,==1,<2", "!=1.0.0,!=1,>0", "~=1.0,~=1.0.0", "===1.0,===1.0.0"]
    out = Out(out_dir, "specifiers.tsv.gz", ["input", "valid", "normalized", "pinned", "prereleases"])
    valid_sets = []
    seen = set()
    for s in spec_strings:
        if s in seen:
            continue
        seen.add(s)
        try:
            ss = SpecifierSet(s)
        except InvalidSpecifier:
            out.row(esc(s), "0", "", "", "")
            continue
        specs = list(ss)
        pinned = ""
        if len(specs) == 1 and (
            (specs[0].operator == "==" and not specs[0].version.endswith(".*"))
            or specs[0].operator == "==="
        ):
            try:
                pinned = str(Version(specs[0].version))
            except InvalidVersion:
                pinned = ""
        pre = ss.prereleases
        out.row(esc(s), "1", esc(str(ss)), esc(pinned), "" if pre is None else b(pre))
        valid_sets.append(s)
    out.close()

    # contains: each set against versions near its operands plus random ones
    out = Out(out_dir, "contains.tsv.gz", ["specifiers", "version", "default", "noPre", "pre"])
    near_pool = [v for v in valid_versions if len(v) < 25]
    suffixes = ["", ".0", ".1", "a1", "b2", "rc1", ".dev0", ".dev1", ".post1", ".post1.dev1", "+local",
                "+1", "a1.post1", ".1a1", "-1", ".0.0", "a1+x", ".post2"]
    for s in valid_sets:
        ss = SpecifierSet(s)
        candidates = set()
        for sp in ss:
            base = sp.version.rstrip("*").rstrip(".")
            try:
                bv = Version(base)
            except InvalidVersion:
                candidates.add(sp.version)
                continue
            rel = bv.release
            for suf in rnd.sample(suffixes, 6):
                candidates.add(bv.base_version + suf)
                candidates.add(str(bv) + suf)
            candidates.add(".".join(str(x) for x in rel[:-1] + (rel[-1] + 1,)))
            if len(rel) > 1:
                candidates.add(".".join(str(x) for x in rel[:-2] + (rel[-2] + 1,)))
            candidates.add(".".join(str(x) for x in rel[:-1] + (max(rel[-1] - 1, 0),)))
        for _ in range(3):
            candidates.add(rnd.choice(near_pool))
        for c in sorted(candidates):
            try:
                v = Version(c)
            except InvalidVersion:
                continue
            out.row(esc(s), esc(c), b(ss.contains(v)), b(ss.contains(v, prereleases=False)),
                    b(ss.contains(v, prereleases=True)))
    out.close()

    # equality: each set against a reordered / re-spelled variant of itself or of another set
    out = Out(out_dir, "specifier-equality.tsv.gz", ["a", "b", "equal"])
    def respell(text):
        parts = [p.strip() for p in text.split(",") if p.strip()]
        rnd.shuffle(parts)
        out_parts = []
        for p in parts:
            r = rnd.random()
            if r < 0.3 and not p.endswith("*") and not p.startswith("==="):
                p = p + ".0"
            elif r < 0.4:
                p = p.upper()
            elif r < 0.5:
                p = p[:2] + " " + p[2:]
            out_parts.append(p)
            if rnd.random() < 0.1:
                out_parts.append(p)
        return ",".join(out_parts)
    for s in rnd.sample(valid_sets, min(6000, len(valid_sets))):
        t = respell(s) if rnd.random() < 0.8 else rnd.choice(valid_sets)
        try:
            tb = SpecifierSet(t)
        except InvalidSpecifier:
            continue
        sa = SpecifierSet(s)
        out.row(esc(s), esc(t), b(sa == tb))
    for s in rnd.sample(valid_sets, min(3000, len(valid_sets))):
        t = respell(s)
        try:
            SpecifierSet(t)
        except InvalidSpecifier:
            continue
        # also record how packaging prints the re-spelled variant (dedupe of equal clauses)
        out.row(esc(t), esc(t), "1")
    out.close()

    # filter: a few hundred sets against lists of versions
    out = Out(out_dir, "filter.tsv.gz", ["specifiers", "versions", "default", "noPre", "pre"])
    for s in rnd.sample(valid_sets, min(3000, len(valid_sets))):
        if "===" in s:
            continue
        ss = SpecifierSet(s)
        vs = []
        for sp in ss:
            try:
                bv = Version(sp.version.rstrip("*").rstrip("."))
            except InvalidVersion:
                continue
            vs += [bv.base_version + suf for suf in rnd.sample(suffixes, 5)]
        vs += rnd.sample(near_pool, 4)
        vs = [str(Version(x)) for x in vs if _valid(x)]
        rnd.shuffle(vs)
        joined = " ".join(vs)
        f = lambda pre: " ".join(str(x) for x in ss.filter([Version(x) for x in vs], prereleases=pre))
        out.row(esc(s), joined, f(None), f(False), f(True))
    out.close()


def _valid(x):
    try:
        Version(x)
        return True
    except InvalidVersion:
        return False


# ------------------------------------------------------------------ markers

TARGETS = {
    # must equal TargetEnvironment.parse(key).markerEnvironment() in the Java test
    "3.13t/manylinux_2_36_x86_64": dict(
        os_name="posix", sys_platform="linux", platform_machine="x86_64",
        platform_python_implementation="CPython", platform_release="", platform_system="Linux",
        platform_version="", python_version="3.13", python_full_version="3.13.0",
        implementation_name="cpython", implementation_version="3.13.0"),
    "3.14t/macosx_14_0_arm64": dict(
        os_name="posix", sys_platform="darwin", platform_machine="arm64",
        platform_python_implementation="CPython", platform_release="23.0.0",
        platform_system="Darwin", platform_version="", python_version="3.14",
        python_full_version="3.14.0", implementation_name="cpython",
        implementation_version="3.14.0"),
    "3.15t/win_amd64": dict(
        os_name="nt", sys_platform="win32", platform_machine="AMD64",
        platform_python_implementation="CPython", platform_release="10",
        platform_system="Windows", platform_version="", python_version="3.15",
        python_full_version="3.15.0", implementation_name="cpython",
        implementation_version="3.15.0"),
    "3.13/musllinux_1_2_aarch64": dict(
        os_name="posix", sys_platform="linux", platform_machine="aarch64",
        platform_python_implementation="CPython", platform_release="", platform_system="Linux",
        platform_version="", python_version="3.13", python_full_version="3.13.0",
        implementation_name="cpython", implementation_version="3.13.0"),
}
EXTRA_CHOICES = [None, "test", "Dev_Tools"]

VARS = ["python_version", "python_full_version", "os_name", "os.name", "sys_platform",
        "sys.platform", "platform_release", "platform_system", "platform_version",
        "platform_machine", "platform.machine", "platform_python_implementation",
        "python_implementation", "implementation_name", "implementation_version", "extra"]
VALUES = {
    "python_version": ["3.8", "3.12", "3.13", "3.14", "3.15", "3", "4", "3.13.1", "3.14t", "3.1", "2.7",
                       "3.13.*", "3.*", "3.14a1", "abc", "3.13 3.14", ""],
    "python_full_version": ["3.13.0", "3.13.1", "3.14.0rc1", "3.15.0a1", "3.13", "3.14.0", "3.15.0"],
    "os_name": ["posix", "nt", "java", "pos"],
    "sys_platform": ["linux", "darwin", "win32", "cygwin", "lin", "linux2", "freebsd"],
    "platform_release": ["23.0.0", "10", "5.15", "", "22"],
    "platform_system": ["Linux", "Darwin", "Windows", "Java", "linux"],
    "platform_version": ["", "#1 SMP"],
    "platform_machine": ["x86_64", "arm64", "aarch64", "AMD64", "i686", "x86", "ppc64le", "arm"],
    "platform_python_implementation": ["CPython", "PyPy", "Jython", "cpython"],
    "implementation_name": ["cpython", "pypy", "CPython"],
    "implementation_version": ["3.13.0", "3.14", "3.15.0", "7.3"],
    "extra": ["test", "Test", "dev-tools", "Dev_Tools", "dev.tools", "docs", "", "te"],
}
MOPS = ["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"]


def canonical_var(v):
    v = v.replace(".", "_")
    return "platform_python_implementation" if v == "python_implementation" else v


def gen_item():
    var = rnd.choice(VARS)
    val = rnd.choice(VALUES[canonical_var(var)])
    op = rnd.choice(MOPS) if rnd.random() < 0.6 else rnd.choice(["==", "!=", "<", ">="])
    q = rnd.choice(['"', "'"])
    lit = q + val + q
    ws1 = rnd.choice([" ", " ", "", "  ", "\t"])
    ws2 = rnd.choice([" ", " ", "", "  "])
    if op in ("in", "not in"):
        ws1 = ws2 = " "
    if rnd.random() < 0.15:
        return lit + ws1 + op + ws2 + var
    return var + ws1 + op + ws2 + lit


def gen_marker(depth=0):
    n = rnd.choice([1, 1, 2, 2, 3])
    parts = []
    for i in range(n):
        if depth < 2 and rnd.random() < 0.25:
            part = "(" + rnd.choice(["", " "]) + gen_marker(depth + 1) + rnd.choice(["", " "]) + ")"
        else:
            part = gen_item()
        if i:
            parts.append(rnd.choice([" and ", " or ", " and ", "  or  "]))
        parts.append(part)
    return "".join(parts)


def marker_mutate(s):
    ops = [
        lambda s: s.replace(" and ", " AND "),
        lambda s: s.replace("==", "="),
        lambda s: s.replace('"', "", 1),
        lambda s: s + ")",
        lambda s: "(" + s,
        lambda s: s.replace(" ", ""),
        lambda s: s + " and",
        lambda s: s.replace("python_version", "python_ver"),
        lambda s: s.replace("not in", "notin"),
        lambda s: (lambda i: s[:i] + rnd.choice("()'\"=<>!~ ;,\\x") + s[i:])(rnd.randrange(len(s) + 1)),
        lambda s: (lambda i: s[:i] + s[i + 1:])(rnd.randrange(len(s))),
        lambda s: (lambda i: s[:i] + rnd.choice(["\u00a0", "\u2003", "\x0b", "é", "\n", "\\", "\\n", "\\x4"]) + s[i:])(rnd.randrange(len(s) + 1)),
    ]
    return rnd.choice(ops)(s)


def evaluate_all(m):
    results = []
    for env in TARGETS.values():
        for extra in EXTRA_CHOICES:
            e = dict(env)
            if extra is not None:
                e["extra"] = extra
            try:
                results.append(b(m.evaluate(e)))
            except Exception:  # noqa: BLE001 - undefined comparisons are recorded as "!"
                results.append("!")
    return "".join(results)


def gen_markers(out_dir):
    out = Out(out_dir, "markers.tsv.gz", ["input", "valid", "normalized", "results"])
    hand = [
        'python_version >= "3.13"', "python_version>='3.13'", 'os_name == "posix" and sys_platform == "linux"',
        '(python_version < "3.14" or os_name == "nt") and platform_machine == "x86_64"',
        'extra == "test"', 'extra == "Dev.Tools"', '"test" == extra', 'python_version in "3.12 3.13"',
        'python_version not in "3.12 3.13"', '"linux" in sys_platform', 'platform_release >= "22"',
        'python_full_version ~= "3.13.0"', 'os_name ~= "posix"', 'python_version === "3.13"',
        'python_version == "3.13.*"', 'python_version > "3.13.*"', '((python_version > "3"))',
        '(((((os_name == "nt")))))', 'python_version < "3.13" and (os_name == "nt" or extra == "x")',
        'os.name == "posix"', 'python_implementation == "CPython"', 'extra == "te" or extra < "z"',
        'python_version > "3.13"', 'python_version < "3.13.1"', 'python_version <= "3.13"',
        'implementation_version >= "3.13.0a1"', '"3.13" == python_version',
        'python_version=="3.13"and os_name=="posix"', "python_version == '3.13' or",
        'python_version == "3.13" extra == "a"', "", "()", 'platform_machine != "x86_64"',
        'sys_platform == "win32" and platform_machine == "AMD64"', 'python_version == "3.13"\t',
        ' python_version == "3.13" ', 'python_version ~= "3"', 'python_version ~= "3.1"',
        'extra == "TEST" and extra != "x"', 'python_version >= "3.14t"', 'os_name == "a\'b"',
        "os_name == 'a\"b'", 'os_name == "\\x41"', "python_version == '3.13\\n'",
        "os_name == '\\u0041'", "os_name == '\\N{LATIN SMALL LETTER A}'", "os_name == '\\q'",
        "os_name == 'a\\\\'", "os_name == '\\101'", "os_name == '\\x4'", "os_name == 'é'",
        "os_name == '\u00a0'", "os_name\u00a0== 'x'", "os_name == 'a\tb'", "os_name == 'a\nb'",
        "python_version >= \"3.13\" and extra == 'Foo__Bar'", "extra == 'a' and extra == 'b'",
        "'x' in extra", "extra in 'abc'", "python_version in extra", "extra ~= 'x'",
        "python_version == python_full_version", "sys_platform in sys_platform", "extras == 'x'",
        "'test' in extras", "dependency_groups == 'x'", "python_version=='3.13'or(os_name=='nt')",
        "python_version == '3.13'and(os_name=='nt')", "(os_name=='nt')and(os_name=='x')",
        "os_name=='nt'andos_name=='x'", "python_version=='3.13' andos_name=='x'",
        "python_version > '3.13.0' and python_version < '3.14.0'", "python_version == '3'",
        "python_full_version == '3.13'", "python_full_version == '3.13.*'",
        "implementation_version ~= '3.13'", "platform_release ~= '23.0'", "platform_release > '9'",
        "python_version ===  '3.13'", "python_version === '3.13.0'", "python_version <= 'abc'",
        "python_version >= ' 3.13'", "python_version >= '3.13 '", "python_version in '3.13.0'",
        "python_version not in '3.1'", "'3.13' in python_version", "'3' in python_version",
    ]
    seen = set()
    inputs = []
    for s in hand:
        if s not in seen:
            seen.add(s)
            inputs.append(s)
    while len(inputs) < 25000:
        s = gen_marker()
        if rnd.random() < 0.2:
            s = marker_mutate(s)
        if s not in seen:
            seen.add(s)
            inputs.append(s)
    for s in inputs:
        try:
            m = Marker(s)
        except InvalidMarker:
            out.row(esc(s), "0", "", "")
            continue
        out.row(esc(s), "1", esc(str(m)), evaluate_all(m))
    out.close()
    return inputs


# ------------------------------------------------------------------ requirements

def gen_requirements(out_dir, names, spec_strings, marker_strings):
    out = Out(out_dir, "requirements.tsv.gz",
              ["input", "valid", "name", "extras", "specifier", "url", "marker", "normalized"])
    hand = [
        "requests", "requests>=2.8.1", "requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < '2.7'",
        "name@http://foo.com", "name @ https://example.org/x.whl ; os_name == 'nt'", "name @ file:///x",
        "name[quux, strange];python_version<'2.7' and platform_version=='2'", "name (>=1.0)",
        "name (>=1.0,<2.0) ; extra == 'x'", "name>=1.0,", "name>=1.0,,<2", "name,>=1", "name ,",
        "name[]", "name[ ]", "name[a b]", "name[a,]", "Name.Dotted_under-dash", "name_", "name-", "-name",
        "name===arbitrary", "name===1.0;python_version>'3'", "name==1.0.*", "name~=1.0", "name<1.0+local",
        "name==1.0+local", "name>=1.0 ;", "name @", "name @ url;marker", "name @ url ; ", "name @ url\t;os_name=='x'",
        "name>=1.0 <2.0", "name>=1.0.*", "name (>=1.0", "name >=1.0)", "name;", "name ; os_name",
        "name[extra] @ https://x.y/z", " name", "name ", "\tname>=1", "name>= 1.0", "name >=1.0 , <2",
        "name==1.0 .*", "name===café", "name=== 1.0", "name==\u00a01.0", "name==1.0\u00a0", "1name", "na me",
        "name[Extra_One,extra.two]", "name>=1.0 ; extra == 'Foo_Bar'", "name (==1.0) ; python_version>'3'",
    ]
    tricky = [
        "name==\n1.0", "name== \u00a01.0", "name===café,>=1", "name===a,b", "name===a;os_name=='x'",
        "name (===a)", "name(==1.0)", "name (==1.0 ,)", "name (==1.0,,)", "name>=1.0\t,\t<2",
        "name>=1.0,\u00a0<2", "name>=1.0 ;python_version>'3'", "name>=1.0;;", "name[a]@url",
        "name[a] @url ; os_name=='a'", "name @ url ;", "name @ url\n", "name\n", "name ==1.0\n",
        "name==1.0+abc.*", "name==1.0.*+abc", "name~=1.0.*", "name!=1.0.*", "name<=1.0+l",
        "name==1.0+l ; extra=='x'", "na.me", "na..me", "na__me", "name[a.b,c_d]", "name[_a]",
        "name[a_]", "name>=1.0a", "name>=1.0a-", "name>=1.0.", "name>=1.0.post", "name >= 1 ,",
        "name>=1 , ;os_name=='x'", "name (>=1 ,) ; os_name=='x'", "name (  ) ", "name ()", "name==",
        "name==v1.0", "name===v1.0", "name===1.0 ", "name=== ;", "name @ https://x/y z",
        "name; os_name=='x' and", "name; (os_name=='x'", "name;os_name=='x')",
    ]
    inputs = list(hand) + tricky
    clean_specs = [s for s in spec_strings if ";" not in s and ")" not in s]
    for _ in range(20000):
        name = rnd.choice(names)
        s = name
        if rnd.random() < 0.2:
            s += "[" + ",".join(rnd.sample(["test", "Dev_Tools", "docs", "a.b", "x-y"], rnd.randint(1, 3))) + "]"
        r = rnd.random()
        if r < 0.1:
            s += rnd.choice([" @ ", "@", " @"]) + rnd.choice(
                ["https://example.org/pkg.tar.gz", "file:///tmp/x.whl", "git+https://g.it/r@v1#egg=x"])
            if rnd.random() < 0.5:
                s += rnd.choice([" ; ", " ;", ";"]) + rnd.choice(marker_strings[:5000])
        else:
            if r < 0.8:
                spec = rnd.choice(clean_specs)
                s += rnd.choice(["", " ", "  "]) + (("(" + spec + ")") if rnd.random() < 0.1 else spec)
            if rnd.random() < 0.3:
                s += rnd.choice([" ; ", ";", "; "]) + rnd.choice(marker_strings[:5000])
        if rnd.random() < 0.1:
            s = marker_mutate(s)
        if rnd.random() < 0.03:
            i = rnd.randrange(len(s) + 1)
            s = s[:i] + rnd.choice(["\u00a0", "\u2003", "\x0b", "\x0c", "é", "\u0130", "\n", "\t"]) + s[i:]
        inputs.append(s)
    seen = set()
    for s in inputs:
        if s in seen:
            continue
        seen.add(s)
        try:
            r = Requirement(s)
        except InvalidRequirement:
            out.row(esc(s), "0", "", "", "", "", "", "")
            continue
        extras = sorted(canonicalize_name(e) for e in r.extras)
        norm = canonicalize_name(r.name)
        if extras:
            norm += "[" + ",".join(sorted(set(extras))) + "]"
        norm += str(r.specifier)
        if r.url:
            norm += " @ " + r.url + (" " if r.marker else "")
        if r.marker:
            norm += "; " + str(r.marker)
        out.row(esc(s), "1", esc(r.name), esc(",".join(sorted(set(extras)))), esc(str(r.specifier)),
                esc(r.url or ""), esc(str(r.marker) if r.marker else ""), esc(norm))
    out.close()


# ------------------------------------------------------------------ names, wheels, tags

NAME_RE = __import__("re").compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", __import__("re").I)


def gen_names(out_dir, names):
    out = Out(out_dir, "names.tsv.gz", ["input", "valid", "normalized"])
    inputs = list(dict.fromkeys(names))[:60000]
    extra = ["", "-", "a-", "-a", "a__b", "A.B-C_D", "a..b", "a_", "é", "a b", "a\tb", "Zope.Interface",
             "ZOPE_INTERFACE", "1", "_", "a-_-b", "a---b"]
    for s in extra + inputs:
        try:
            n = canonicalize_name(s, validate=True)
            ok = True
        except Exception:  # noqa: BLE001
            ok = False
        # packaging's validate regex is the PEP 508 name rule; record the plain canonical form too
        out.row(esc(s), b(ok), esc(canonicalize_name(s)) if ok else "")
    out.close()


def gen_wheels(out_dir, names, versions):
    out = Out(out_dir, "wheels.tsv.gz", ["input", "valid", "name", "version", "build", "tags"])
    tagsets = ["py3-none-any", "py2.py3-none-any", "cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64",
               "cp314-cp314t-win_amd64", "cp315-abi3t-macosx_11_0_arm64", "cp312-abi3-musllinux_1_2_aarch64",
               "CP313-CP313T-WIN_AMD64", "cp313-cp313t-macosx_10_13_universal2", "py3-none"]
    inputs = []
    for _ in range(8000):
        n = rnd.choice(names)
        v = rnd.choice(versions)
        n2 = n.replace("-", "_") if rnd.random() < 0.9 else n
        parts = [n2, v]
        if rnd.random() < 0.1:
            parts.append(rnd.choice(["1", "2abc", "abc", ""]))
        parts.append(rnd.choice(tagsets))
        s = "-".join(parts) + rnd.choice([".whl", ".whl", ".whl", ".zip", ".WHL"])
        if rnd.random() < 0.05:
            s = mutate(s)
        inputs.append(s)
    for s in dict.fromkeys(inputs):
        try:
            name, ver, build, tags = parse_wheel_filename(s)
        except (InvalidWheelFilename, InvalidVersion, Exception):  # noqa: BLE001
            out.row(esc(s), "0", "", "", "", "")
            continue
        out.row(esc(s), "1", esc(name), esc(str(ver)), esc("".join(str(x) for x in build)),
                " ".join(sorted(str(t) for t in tags)))
    out.close()


def gen_sdists(out_dir, names, versions):
    from packaging.utils import InvalidSdistFilename, parse_sdist_filename

    out = Out(out_dir, "sdists.tsv.gz", ["input", "valid", "name", "version"])
    inputs = ["foo-1.0.tar.gz", "foo-bar-1.0.zip", "foo-1.0-1.tar.gz", "foo-1.0-beta.tar.gz",
              "foo.tar.gz", "-1.0.tar.gz", "foo-.tar.gz", "Foo_Bar-2.0rc1.ZIP", "foo-1.0.tar.GZ"]
    for _ in range(6000):
        n = rnd.choice(names)
        v = rnd.choice(versions)
        if rnd.random() < 0.3:
            n = n.replace("-", "_")
        if rnd.random() < 0.1:
            n = n.upper()
        stem = n + "-" + v
        if rnd.random() < 0.05:
            stem = mutate(stem)
        inputs.append(stem + rnd.choice([".tar.gz", ".tar.gz", ".zip"]))
    for s in dict.fromkeys(inputs):
        try:
            name, ver = parse_sdist_filename(s)
        except (InvalidSdistFilename, Exception):  # noqa: BLE001
            out.row(esc(s), "0", "", "")
            continue
        out.row(esc(s), "1", esc(name), esc(str(ver)))
    out.close()


def linux_platforms(kind, arch, major, minor):
    """packaging's platform_tags() as if on that Linux, by patching what it detects."""
    _manylinux._get_glibc_version.cache_clear() if hasattr(_manylinux._get_glibc_version, "cache_clear") else None
    saved = (_manylinux._get_glibc_version, _manylinux._have_compatible_abi,
             _musllinux._get_musl_version, ptags.sysconfig.get_platform, _manylinux._get_manylinux_module)
    try:
        if kind == "manylinux":
            _manylinux._get_glibc_version = lambda: (major, minor)
            _manylinux._have_compatible_abi = lambda exe, archs: True
            _musllinux._get_musl_version = lambda exe: None
        else:
            _manylinux._have_compatible_abi = lambda exe, archs: False
            _musllinux._get_musl_version = lambda exe: _musllinux._MuslVersion(major, minor)
        _manylinux._get_manylinux_module = lambda: None
        ptags.sysconfig.get_platform = lambda: "linux-" + arch
        return list(ptags._linux_platforms(is_32bit=False))
    finally:
        (_manylinux._get_glibc_version, _manylinux._have_compatible_abi,
         _musllinux._get_musl_version, ptags.sysconfig.get_platform,
         _manylinux._get_manylinux_module) = saved


def platforms_for(tag):
    import re
    m = re.fullmatch(r"(manylinux|musllinux)_(\d+)_(\d+)_(.+)", tag)
    if m:
        return linux_platforms(m[1], m[4], int(m[2]), int(m[3]))
    m = re.fullmatch(r"macosx_(\d+)_(\d+)_(.+)", tag)
    if m:
        return list(ptags.mac_platforms((int(m[1]), int(m[2])), m[3]))
    return [tag]


TAG_TARGETS = [
    "3.13t/manylinux_2_36_x86_64", "3.14t/manylinux_2_28_aarch64", "3.15t/manylinux_2_17_x86_64",
    "3.13/manylinux_2_31_x86_64", "3.14/musllinux_1_2_x86_64", "3.14t/musllinux_1_1_aarch64",
    "3.13t/macosx_14_0_arm64", "3.14t/macosx_10_15_x86_64", "3.15t/macosx_26_0_arm64",
    "3.14t/macosx_11_0_universal2", "3.12/macosx_13_0_x86_64", "3.13t/win_amd64", "3.14t/win32",
    "3.15t/win_arm64", "3.14/win_amd64", "3.16t/manylinux_2_39_x86_64",
]


def gen_tags(out_dir):
    out = Out(out_dir, "tags.tsv.gz", ["target", "platforms", "tags"])
    for target in TAG_TARGETS:
        py, plat = target.split("/")
        ft = py.endswith("t")
        minor = int(py.rstrip("t").split(".")[1])
        abi = f"cp3{minor}" + ("t" if ft else "")
        plats = platforms_for(plat)
        tags = list(ptags.cpython_tags((3, minor), [abi], plats))
        tags += list(ptags.compatible_tags((3, minor), f"cp3{minor}", plats))
        # Documented deviation: an interpreter before 3.15 cannot load abi3t extensions (PEP 803),
        # so abi3t tags for cp3Y with Y < 15 are dropped from packaging's answer.
        tags = [t for t in tags if not (t.abi == "abi3t" and int(t.interpreter[3:]) < 15)]
        out.row(target, " ".join(plats), " ".join(str(t) for t in tags))
    out.close()


# ------------------------------------------------------------------ core metadata

META_FIELDS = {
    # raw key of packaging.metadata.parse_email -> field name (lower case)
    "metadata_version": "metadata-version",
    "name": "name",
    "version": "version",
    "summary": "summary",
    "requires_dist": "requires-dist",
    "requires_python": "requires-python",
    "provides_extra": "provides-extra",
    "classifiers": "classifier",
}


def gen_metadata(out_dir, names, versions, requirement_strings):
    """Whole METADATA documents: the raw field values and the body as parse_email reads them."""
    import json
    from packaging.metadata import parse_email

    out = Out(out_dir, "metadata.tsv.gz", ["document", "fields(json)", "body"])
    eols = ["\n", "\n", "\r\n", "\r"]
    for i in range(3000):
        eol = rnd.choice(eols)
        lines = []
        if rnd.random() < 0.05:
            lines.append("From someone")
        lines.append(rnd.choice(["Metadata-Version", "metadata-version"]) + ": " + rnd.choice(
            ["2.1", "2.4", "1.0", " 2.2 "]))
        lines.append(rnd.choice(["Name", "name", "NAME"]) + ":" + rnd.choice([" ", "", "\t", "  "])
                     + rnd.choice(names))
        lines.append("Version: " + rnd.choice(versions) + rnd.choice(["", "", " "]))
        if rnd.random() < 0.5:
            summary = "A summary"
            if rnd.random() < 0.3:
                summary += eol + rnd.choice([" ", "\t", "  "]) + "continued"
            lines.append("Summary: " + summary)
        for _ in range(rnd.randint(0, 4)):
            lines.append("Requires-Dist: " + rnd.choice(requirement_strings).replace("\n", " ").replace("\r", " "))
        if rnd.random() < 0.5:
            lines.append("Requires-Python: " + rnd.choice([">=3.9", ">=3.8,<4", "~=3.10", ">= 3.13"]))
        for _ in range(rnd.randint(0, 2)):
            lines.append("Provides-Extra: " + rnd.choice(["test", "Dev_Tools", "docs"]))
        for _ in range(rnd.randint(0, 3)):
            lines.append("Classifier: " + rnd.choice([
                "Programming Language :: Python :: Free Threading :: 2 - Beta",
                "Programming Language :: Python :: 3.14", "License :: OSI Approved :: MIT License  "]))
        if rnd.random() < 0.1:
            lines.append("Name: duplicate")
        if rnd.random() < 0.2:
            lines.append("Description: first" + eol + "        |second" + eol + "        third")
        if rnd.random() < 0.05:
            lines.append("not a header line")
        doc = eol.join(lines) + eol
        r = rnd.random()
        if r < 0.6:
            doc += eol + "Body text" + eol + eol + "more" + eol
        elif r < 0.7:
            doc += eol
        raw, unparsed = parse_email(doc)
        expected = {}
        for key, field in META_FIELDS.items():
            values = raw.get(key)
            if values is None:
                values = unparsed.get(field)
            if values is None:
                continue
            expected[field] = values if isinstance(values, list) else [values]
        body = ""
        desc = unparsed.get("description")
        if isinstance(desc, list) and len(desc) == 2:
            body = desc[1]
        elif "description" in raw and not any(l.startswith("Description:") for l in lines):
            body = raw["description"]
        out.row(esc(doc), esc(json.dumps(expected, sort_keys=True)), esc(body))
    out.close()


def main():
    pypi, out_dir = sys.argv[1], sys.argv[2]
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    print(f"packaging {packaging.__version__}", file=sys.stderr)
    names, versions = read_packages(pypi)
    real_versions = sorted(set(versions))
    valid = gen_versions(out_dir, real_versions)
    gen_order(out_dir, valid)
    gen_specifiers(out_dir, valid)
    marker_strings = gen_markers(out_dir)
    spec_strings = gen_spec_strings(valid)
    name_sample = rnd.sample(names, 30000)
    gen_requirements(out_dir, name_sample, spec_strings, marker_strings)
    gen_names(out_dir, name_sample + rnd.sample(names, 30000))
    gen_wheels(out_dir, name_sample, real_versions)
    gen_tags(out_dir)
    gen_sdists(out_dir, name_sample, real_versions)
    gen_metadata(out_dir, name_sample, real_versions,
                 ["requests>=2.0", "numpy ; python_version >= '3.13'", "pytest ; extra == 'test'",
                  "cffi>=1.0,<2", "broken>=>1", "Django[argon2] (>=4.2)"])
    with open(Path(out_dir) / "PACKAGING_VERSION", "w") as f:
        f.write(packaging.__version__ + "\n")


if __name__ == "__main__":
    main()
