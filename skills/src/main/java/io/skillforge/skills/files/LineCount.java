package io.skillforge.skills.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts a file's lines quickly, for progress totals. */
public final class LineCount {
  private LineCount() {}

  /** Lines holding anything but spaces, tabs and carriage returns; a last line without '\n' counts. */
  public static long nonBlank(Path file) throws IOException {
    long lines = 0;
    boolean content = false;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\n') {
            if (content) {
              lines++;
            }
            content = false;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            content = true;
          }
        }
      }
    }
    return content ? lines + 1 : lines;
  }
}
