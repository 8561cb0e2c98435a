package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.Platform;
import java.util.Arrays;
import java.util.Optional;

/**
 * The operating system and CPU families the database records separately. A wheel counts for a
 * family when the family's representative platform (a recent OS release) installs it, per PEP 425
 * tag ranking.
 */
public enum PlatformKey {
  /** Linux with glibc on x86-64 ({@code manylinux_*_x86_64}, {@code linux_x86_64}). */
  LINUX_X86_64("linux-x86_64", Platform.manylinux(39, "x86_64")),
  /** Linux with glibc on 64-bit ARM ({@code manylinux_*_aarch64}). */
  LINUX_AARCH64("linux-aarch64", Platform.manylinux(39, "aarch64")),
  /** macOS on Apple silicon ({@code macosx_*_arm64}, {@code universal2}). */
  MACOS_ARM64("macos-arm64", Platform.macos(15, 0, "arm64")),
  /** Windows on x86-64 ({@code win_amd64}). */
  WINDOWS_AMD64("windows-amd64", Platform.parse("win_amd64"));

  private final String id;
  private final Platform representative;

  PlatformKey(String id, Platform representative) {
    this.id = id;
    this.representative = representative;
  }

  /** The key used in the data file, e.g. {@code linux-x86_64}. */
  public String id() {
    return id;
  }

  /** A recent platform of the family, whose accepted tags decide which wheels count. */
  public Platform representative() {
    return representative;
  }

  /**
   * The family of a platform: glibc or plain Linux by architecture, macOS on arm64 or universal2,
   * Windows on amd64. Empty for the rest (musllinux, Intel macOS, 32-bit Windows, ...).
   */
  public static Optional<PlatformKey> of(Platform platform) {
    return switch (platform.os()) {
      case MANYLINUX, LINUX ->
          switch (platform.arch()) {
            case "x86_64" -> Optional.of(LINUX_X86_64);
            case "aarch64" -> Optional.of(LINUX_AARCH64);
            default -> Optional.empty();
          };
      case MACOS ->
          platform.arch().equals("arm64") || platform.arch().equals("universal2")
              ? Optional.of(MACOS_ARM64)
              : Optional.empty();
      case WINDOWS ->
          platform.arch().equals("amd64") ? Optional.of(WINDOWS_AMD64) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** The family with this {@link #id()}. */
  public static Optional<PlatformKey> byId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
