package io.skillforge.skills;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the GSM8K files of {@code shared/data/gsm8k}: the directory named by
 * {@code -Dskillforge.gsm8k.dir}, else the first {@code shared/data/gsm8k} found walking up from
 * the working directory (the repository sits beside {@code shared/}).
 */
public final class Gsm8kFiles {
  private Gsm8kFiles() {}

  /** The file, when the data is present. */
  public static Optional<Path> find(String name) {
    String configured = System.getProperty("skillforge.gsm8k.dir");
    if (configured != null) {
      return Optional.of(Path.of(configured, name)).filter(Files::isRegularFile);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/gsm8k").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The file; the calling test is skipped (not failed) when the data is absent. */
  public static Path require(String name) {
    Optional<Path> file = find(name);
    assumeTrue(file.isPresent(), "GSM8K " + name + " not found; set -Dskillforge.gsm8k.dir");
    return file.get();
  }
}
