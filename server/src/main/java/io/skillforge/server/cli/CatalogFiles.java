package io.skillforge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog files: one JSON object {@code {"skills": [{"id", "name", "description"}, ...]}}, the
 * form {@code world skills --json} prints.
 */
final class CatalogFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogFiles() {}

  /**
   * @throws IllegalArgumentException when the file is missing, not JSON, or not a valid catalog
   */
  static SkillCatalog read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read catalog " + file + ": " + e.getMessage(), e);
    }
    JsonNode skills = root == null ? null : root.get("skills");
    if (skills == null || !skills.isArray()) {
      throw new IllegalArgumentException("catalog " + file + " has no \"skills\" array");
    }
    List<Skill> out = new ArrayList<>();
    for (int i = 0; i < skills.size(); i++) {
      JsonNode s = skills.get(i);
      try {
        out.add(new Skill(s.path("id").asText(null), s.path("name").asText(s.path("id").asText("")),
            s.path("description").asText("")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("catalog " + file + ", skill " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new SkillCatalog(out);
  }

  /** Writes {@code catalog} to {@code file} through a temporary file, so readers never see half. */
  static void write(SkillCatalog catalog, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode skills = root.putArray("skills");
    for (Skill s : catalog.skills()) {
      skills.addObject().put("id", s.id()).put("name", s.name()).put("description", s.description());
    }
    Path absolute = file.toAbsolutePath();
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
        StandardCharsets.UTF_8);
    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
