package dev.nogilscan.reports;

/**
 * What a user can do about a package that is not {@code compatible}.
 *
 * @param kind {@code upgrade}, {@code alternative} or {@code action}
 * @param text the advice, one line, e.g. {@code upgrade numpy 1.26.4 -> 2.1.0}
 * @param version the version to move to, for {@code upgrade}; empty otherwise
 */
public record Remediation(String kind, String text, String version) {}
