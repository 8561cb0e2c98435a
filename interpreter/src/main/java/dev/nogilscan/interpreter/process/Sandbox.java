package dev.nogilscan.interpreter.process;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Isolation for a child that runs third-party code (an import probe). Each limit is applied with
 * {@code prlimit(1)}, network isolation with {@code unshare(1)} and the privilege drop with {@code
 * setpriv(1)} where the machine allows them; {@link ProcessRunner} reports in {@link
 * ProcessResult#isolation()} which were actually applied, and why one was not.
 *
 * @param isolateNetwork run in a new network namespace with no interfaces but loopback
 * @param cpuSeconds RLIMIT_CPU
 * @param addressSpaceBytes RLIMIT_AS
 * @param fileSizeBytes RLIMIT_FSIZE
 * @param processes RLIMIT_NPROC: counts every process and thread of the child's real user, machine
 *     wide, and is not enforced for root, which is why {@code dropPrivileges} exists
 * @param dropPrivileges when this JVM runs as root, run the child as {@code nobody} (uid and gid
 *     {@value ProcessRunner#UNPRIVILEGED_ID}, no supplementary groups, no capabilities, no new
 *     privileges) provided that user can execute the program, search the working directory and read
 *     every {@code readable} path; otherwise the child runs as root and the reason is recorded
 * @param readable paths the child must be able to read (checked before dropping privileges)
 */
public record Sandbox(
    boolean isolateNetwork,
    OptionalLong cpuSeconds,
    OptionalLong addressSpaceBytes,
    OptionalLong fileSizeBytes,
    OptionalLong processes,
    boolean dropPrivileges,
    List<Path> readable) {

  public Sandbox {
    readable = List.copyOf(readable);
  }

  /** A sandbox that keeps this JVM's user. */
  public Sandbox(
      boolean isolateNetwork,
      OptionalLong cpuSeconds,
      OptionalLong addressSpaceBytes,
      OptionalLong fileSizeBytes,
      OptionalLong processes) {
    this(isolateNetwork, cpuSeconds, addressSpaceBytes, fileSizeBytes, processes, false, List.of());
  }

  /** No isolation and no limits; the child is still started in its own process group. */
  public static Sandbox none() {
    return new Sandbox(
        false,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  /** The limits used for import probes, with privileges dropped when running as root. */
  public static Sandbox forImportProbe() {
    return new Sandbox(
        true,
        OptionalLong.of(120),
        OptionalLong.of(8L << 30),
        OptionalLong.of(512L << 20),
        OptionalLong.of(256),
        true,
        List.of());
  }

  public boolean hasLimits() {
    return cpuSeconds.isPresent()
        || addressSpaceBytes.isPresent()
        || fileSizeBytes.isPresent()
        || processes.isPresent();
  }

  public Sandbox withProcesses(long value) {
    return new Sandbox(
        isolateNetwork,
        cpuSeconds,
        addressSpaceBytes,
        fileSizeBytes,
        OptionalLong.of(value),
        dropPrivileges,
        readable);
  }

  public Sandbox withCpuSeconds(long value) {
    return new Sandbox(
        isolateNetwork,
        OptionalLong.of(value),
        addressSpaceBytes,
        fileSizeBytes,
        processes,
        dropPrivileges,
        readable);
  }

  public Sandbox withDropPrivileges(boolean value) {
    return new Sandbox(
        isolateNetwork, cpuSeconds, addressSpaceBytes, fileSizeBytes, processes, value, readable);
  }

  public Sandbox withReadable(List<Path> value) {
    return new Sandbox(
        isolateNetwork,
        cpuSeconds,
        addressSpaceBytes,
        fileSizeBytes,
        processes,
        dropPrivileges,
        value);
  }
}
