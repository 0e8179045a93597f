package io.skillforge.skills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog files: one JSON object {@code {"skills": [{"id", "name", "description"}, ...]}}, the
 * form {@code world skills --json} prints.
 */
public final class CatalogFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogFiles() {}

  /**
   * @throws NotFoundException when there is no such file
   * @throws BadInputException when it is not JSON or not a valid catalog
   */
  public static SkillCatalog read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("no such catalog file: " + file);
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInputException("catalog " + file + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    JsonNode skills = root == null ? null : root.get("skills");
    if (skills == null || !skills.isArray()) {
      throw new BadInputException("catalog " + file + " has no \"skills\" array");
    }
    List<Skill> out = new ArrayList<>();
    for (int i = 0; i < skills.size(); i++) {
      JsonNode s = skills.get(i);
      try {
        out.add(new Skill(s.path("id").asText(null), s.path("name").asText(s.path("id").asText("")),
            s.path("description").asText("")));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("catalog " + file + ", skill " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new SkillCatalog(out);
  }

  /** Writes {@code catalog} to {@code file} through a temporary file, so readers never see half. */
  public static void write(SkillCatalog catalog, Path file) throws IOException {
    String text = toJson(catalog) + "\n";
    io.skillforge.skills.files.OutputFiles.writeAtomically(file, w -> w.write(text));
  }

  /** The catalog as the pretty-printed JSON object catalog files hold. */
  public static String toJson(SkillCatalog catalog) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode skills = root.putArray("skills");
    for (Skill s : catalog.skills()) {
      skills.addObject().put("id", s.id()).put("name", s.name()).put("description", s.description());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a catalog always serialises", e);
    }
  }
}
