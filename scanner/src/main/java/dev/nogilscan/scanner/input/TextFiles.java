package dev.nogilscan.scanner.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading an input file as UTF-8 text, failing cleanly on what is not a text input. */
final class TextFiles {
  static final long MAX_BYTES = 16L << 20;

  private TextFiles() {}

  /**
   * The file's text without a byte order mark.
   *
   * @param where how messages name the file
   * @param what what the file should be, e.g. {@code requirements file}
   * @throws InputException when the file is missing, a directory, larger than {@link #MAX_BYTES},
   *     binary or not UTF-8
   */
  static String text(Path file, String where, String what) {
    try {
      if (Files.isDirectory(file)) {
        throw new InputException(where + ": is a directory, expected a " + what);
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InputException(
            where + ": " + size + " bytes, larger than the limit of " + MAX_BYTES);
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          throw new InputException(where + ": binary file (NUL byte), expected a text " + what);
        }
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw new InputException(where + ": no such file");
    } catch (AccessDeniedException e) {
      throw new InputException(where + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new InputException(where + ": not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(where + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The lines of {@link #text}, split at {@code \n} or {@code \r\n}. */
  static List<String> lines(Path file, String where, String what) {
    return List.of(text(file, where, what).split("\r?\n", -1));
  }
}
