/**
 * The Python packaging standards, read exactly as pip and pypa/packaging read them.
 *
 * <ul>
 *   <li>PEP 440: {@link dev.nogilscan.compatdb.pep.Version}, {@link
 *       dev.nogilscan.compatdb.pep.Specifier}, {@link dev.nogilscan.compatdb.pep.SpecifierSet}
 *   <li>PEP 508: {@link dev.nogilscan.compatdb.pep.Requirement}, {@link
 *       dev.nogilscan.compatdb.pep.Marker}, {@link dev.nogilscan.compatdb.pep.MarkerEnvironment}
 *   <li>PEP 503/685 names: {@link dev.nogilscan.compatdb.pep.PackageName}
 *   <li>PEP 425/427 and sdists: {@link dev.nogilscan.compatdb.pep.WheelTag}, {@link
 *       dev.nogilscan.compatdb.pep.WheelFilename}, {@link dev.nogilscan.compatdb.pep.SdistFilename}
 *   <li>Targets (PEP 703 free-threaded CPython, PEP 803 {@code abi3t}): {@link
 *       dev.nogilscan.compatdb.pep.TargetPython}, {@link dev.nogilscan.compatdb.pep.Platform},
 *       {@link dev.nogilscan.compatdb.pep.TargetEnvironment}
 *   <li>Core metadata: {@link dev.nogilscan.compatdb.pep.CoreMetadata}
 * </ul>
 *
 * <p>All values are immutable and thread-safe. Every parser throws {@link
 * dev.nogilscan.compatdb.pep.PepSyntaxException} (and nothing else) for invalid input, with a caret
 * under the first offending character; {@code tryParse} variants return {@code Optional.empty()}
 * instead. Work is linear in the input: numbers are limited to 4300 digits (as CPython's {@code
 * int()}), markers to 200 levels of parentheses (as packaging), compressed tag sets to 4096 tags.
 *
 * <p>Exactness is checked by {@code PepDifferentialTest} against answers recorded from
 * pypa/packaging 26.4 ({@code src/test/python/generate_pep_corpus.py}). Deliberate differences: a
 * requirement name may not end with {@code _} (PEP 508; packaging lets it through); free-threaded
 * interpreters before 3.15 are not offered {@code abi3t} tags (they cannot load them); markers may
 * use the PEP 751 variables {@code extras} and {@code dependency_groups} outside lock files.
 */
package dev.nogilscan.compatdb.pep;
