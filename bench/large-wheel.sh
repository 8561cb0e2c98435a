#!/usr/bin/env bash
# Time and peak heap of inspecting and probe-installing a generated ~100 MB wheel, in a JVM
# capped at -Xmx64m (LargeWheelBenchmark). Builds the fat jar and the JMH jar when missing.
#   bench/large-wheel.sh            # 2 warm-ups + 5 measured single shots per operation
#   bench/large-wheel.sh -i 10      # extra JMH options are passed on
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jar="$root/dist/target/nogil-scan.jar"
jmh="$root/bench/jmh/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  ./mvnw -B -q package -Dmaven.test.skip=true
fi
if [[ ! -f "$jmh" || "$root/bench/jmh/src/main/java/dev/nogilscan/bench/LargeWheelBenchmark.java" -nt "$jmh" ]]; then
  (cd bench/jmh && ../../mvnw -B -q package)
fi
java=java
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$java" -cp "$jmh:$jar" org.openjdk.jmh.Main LargeWheelBenchmark -prof gc "$@" | tee "$out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== summary (ms per operation on the ~100 MB wheel, JVM -Xmx64m) =="
grep -E '^LargeWheelBenchmark\.(inspect|installForProbe) ' "$out" || true
grep -E 'gc\.alloc\.rate\.norm ' "$out" || true
grep -E '^large-wheel:' "$out" || true
