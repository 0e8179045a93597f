package io.skillforge.server.gaps;

import io.skillforge.server.workspace.Students;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a student and a dataset are at a moment, as short strings: a report made of the same
 * versions is fresh. A built-in student is its checkpoint (the digest of its {@code config.json},
 * which its training history changes, and the size and time of its weights); an endpoint is its
 * URL and model (what it serves may change behind it, so its reports also age); a dataset is its
 * file's size and time.
 */
public final class Versions {
  private Versions() {}

  public static String student(Students.Entry student, Path checkpoint) throws IOException {
    if (!student.builtin()) {
      return "endpoint " + student.baseUrl() + " " + student.model();
    }
    Path weights = checkpoint.resolve("model.params");
    return "checkpoint " + digest(Files.readAllBytes(checkpoint.resolve("config.json"))) + " "
        + (Files.exists(weights) ? Files.size(weights) + "@" + Files.getLastModifiedTime(weights).toMillis() : "-");
  }

  public static String dataset(Path file) throws IOException {
    return "file " + Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }
}
