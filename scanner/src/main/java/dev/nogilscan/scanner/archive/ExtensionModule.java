package dev.nogilscan.scanner.archive;

/**
 * A compiled extension module found in a distribution.
 *
 * @param path the member path, e.g. {@code
 *     numpy/_core/_multiarray_umath.cpython-313t-x86_64-linux-gnu.so}
 * @param abi what its suffix says it was built for: {@code cpython-313t}, {@code cpython-313},
 *     {@code abi3}, {@code abi3t}, or {@code bare} (a plain {@code .so}/{@code .pyd}, loadable by
 *     any CPython of the platform)
 */
public record ExtensionModule(String path, String abi) {

  /** True when the suffix names a free-threaded ABI ({@code cpython-3XXt}, {@code abi3t}). */
  public boolean freeThreadedAbi() {
    return abi.matches("cpython-3\\d+t") || abi.equals("abi3t");
  }
}
