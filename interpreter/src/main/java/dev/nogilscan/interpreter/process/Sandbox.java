package dev.nogilscan.interpreter.process;

import java.util.OptionalLong;

/**
 * Isolation for a child that runs third-party code (an import probe). Each limit is applied with
 * {@code prlimit(1)} and network isolation with {@code unshare(1)} where the machine allows them;
 * {@link ProcessRunner} reports which were actually applied.
 *
 * @param isolateNetwork run in a new network namespace with no interfaces but loopback
 * @param cpuSeconds RLIMIT_CPU
 * @param addressSpaceBytes RLIMIT_AS
 * @param fileSizeBytes RLIMIT_FSIZE
 * @param processes RLIMIT_NPROC (not enforced by the kernel for root)
 */
public record Sandbox(
    boolean isolateNetwork,
    OptionalLong cpuSeconds,
    OptionalLong addressSpaceBytes,
    OptionalLong fileSizeBytes,
    OptionalLong processes) {

  /** No isolation and no limits; the child is still started in its own process group. */
  public static Sandbox none() {
    return new Sandbox(
        false,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  /** The limits used for import probes. */
  public static Sandbox forImportProbe() {
    return new Sandbox(
        true,
        OptionalLong.of(120),
        OptionalLong.of(8L << 30),
        OptionalLong.of(512L << 20),
        OptionalLong.of(256));
  }

  public boolean hasLimits() {
    return cpuSeconds.isPresent()
        || addressSpaceBytes.isPresent()
        || fileSizeBytes.isPresent()
        || processes.isPresent();
  }
}
