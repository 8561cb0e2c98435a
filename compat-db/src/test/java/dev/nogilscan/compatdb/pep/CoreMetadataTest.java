package dev.nogilscan.compatdb.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoreMetadataTest {
  static final String METADATA =
      "Metadata-Version: 2.4\r\n"
          + "Name: Zope.Interface\r\n"
          + "Version: 7.2\r\n"
          + "Summary: Interfaces\r\n"
          + "  for Python\r\n"
          + "Requires-Python: >=3.9\r\n"
          + "classifier: Programming Language :: Python :: Free Threading :: 2 - Beta\r\n"
          + "Classifier: Programming Language :: Python :: 3.14\r\n"
          + "Provides-Extra: Docs_Extra\r\n"
          + "Requires-Dist: setuptools\r\n"
          + "Requires-Dist: Sphinx>=1.0; extra == \"docs-extra\"\r\n"
          + "Requires-Dist: broken>=>1\r\n"
          + "\r\n"
          + "Long description\r\n"
          + "\r\n"
          + "second paragraph\r\n";

  @Test
  void readsTheKnownFields() {
    CoreMetadata m = CoreMetadata.parse(METADATA);
    assertThat(m.metadataVersion()).isEqualTo("2.4");
    assertThat(m.name()).hasToString("zope-interface");
    assertThat(m.version()).hasToString("7.2");
    assertThat(m.requiresPython()).hasToString(">=3.9");
    assertThat(m.requiresDist())
        .extracting(Requirement::toString)
        .containsExactly("setuptools", "sphinx>=1.0; extra == \"docs-extra\"");
    assertThat(m.invalid()).hasSize(1);
    assertThat(m.invalid().get(0).field()).isEqualTo("Requires-Dist");
    assertThat(m.invalid().get(0).value()).isEqualTo("broken>=>1");
    assertThat(m.providesExtra()).containsExactly("docs-extra");
    assertThat(m.classifiers()).hasSize(2);
    assertThat(m.freeThreadingClassifiers())
        .containsExactly("Programming Language :: Python :: Free Threading :: 2 - Beta");
    assertThat(m.get("SUMMARY")).containsExactly("Interfaces\r\n  for Python");
    assertThat(m.description()).isEqualTo("Long description\r\n\r\nsecond paragraph\r\n");
  }

  @Test
  void descriptionFieldWhenThereIsNoBody() {
    CoreMetadata m =
        CoreMetadata.parse(
            "Metadata-Version: 1.1\nName: a\nVersion: 1\nDescription: first\n        |second\n");
    assertThat(m.description()).isEqualTo("first\nsecond");
  }

  @Test
  void aLineThatIsNotAFieldStartsTheBody() {
    CoreMetadata m = CoreMetadata.parse("Name: a\nVersion: 1\nnot a field\nFoo: bar\n");
    assertThat(m.description()).isEqualTo("not a field\nFoo: bar\n");
    assertThat(m.get("foo")).isEmpty();
  }

  @Test
  void invalidNameIsShownOnItsLine() {
    assertThatThrownBy(() -> CoreMetadata.parse("Name: a_\nVersion: 1\n"))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage(
            "expected a letter or digit at the end of a project name in the Name field at position"
                + " 7\nName: a_\n       ^");
  }

  @Test
  void missingVersionIsAnError() {
    assertThatThrownBy(() -> CoreMetadata.parse("Name: a\n"))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessageStartingWith("expected a 'Version:' field in the core metadata at position 0");
  }
}
