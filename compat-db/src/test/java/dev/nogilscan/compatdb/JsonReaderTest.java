package dev.nogilscan.compatdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-27", "0000-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "2026-02-28",
        "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01", "+2026-11-27",
        "-0001-01-01", "+12026-11-27", "2026/11/27", "2026-11-2x", "", "２０２６-11-27"
      })
  void datesAreReadAsLocalDateParseReadsThem(String text) {
    LocalDate expected;
    try {
      expected = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      assertThatThrownBy(() -> JsonReader.isoDate(text))
          .isInstanceOf(DateTimeParseException.class)
          .hasMessage(e.getMessage());
      return;
    }
    assertThat(JsonReader.isoDate(text)).isEqualTo(expected);
  }
}
