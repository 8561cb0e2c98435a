package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;

/**
 * Another project that can replace a package on a free-threaded build (e.g. a {@code -ft} fork).
 *
 * @param name the replacement project
 * @param reason why it is an alternative
 */
public record Alternative(PackageName name, String reason) {}
