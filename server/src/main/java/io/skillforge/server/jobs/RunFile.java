package io.skillforge.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every run file (a YAML mapping of a job's settings) shares: reading it, its keys, its paths. */
public final class RunFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RunFile() {}

  /**
   * The file's mapping.
   *
   * @throws NotFoundException when there is no such file
   * @throws BadInputException when it is not a YAML mapping
   */
  public static ObjectNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("no such run file: " + file);
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new BadInputException("run file " + file + " is not YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException("run file " + file + " must be a YAML mapping");
    }
    return (ObjectNode) root;
  }

  /** The text of {@code key}, which must be there. */
  public static String required(JsonNode root, String key) {
    if (!root.hasNonNull(key)) {
      throw new BadInputException(key + " is missing");
    }
    return root.get(key).asText();
  }

  /** {@code value} as a path, relative to {@code base} unless absolute; null for none. */
  public static Path path(Path base, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Path p = Path.of(value);
    return p.isAbsolute() ? p : base.resolve(p).normalize();
  }
}
