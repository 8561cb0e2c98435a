package dev.nogilscan.reports;

import java.util.Objects;

/**
 * One observation a verdict rests on.
 *
 * @param kind what was looked at: {@code index}, {@code wheel-tags}, {@code archive}, {@code
 *     classifier}, {@code probe}, {@code compat-db}, {@code requirement}
 * @param detail what was seen, one line
 * @param where the file, URL or archive member it was seen in, or empty
 */
public record Evidence(String kind, String detail, String where) {
  public Evidence {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(where, "where");
  }

  public static Evidence of(String kind, String detail) {
    return new Evidence(kind, detail, "");
  }
}
