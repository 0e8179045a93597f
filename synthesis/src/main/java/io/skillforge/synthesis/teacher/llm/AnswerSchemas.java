package io.skillforge.synthesis.teacher.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.skillforge.synthesis.teacher.prompt.PromptRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The JSON schemas of the protocol's replies ({@code schemas/<role>.json} next to this class), the
 * machine form of the shapes the prompt templates state. Sent as the response format where the
 * provider supports one, and part of every cache key. Loaded once; thread-safe.
 */
final class AnswerSchemas {
  private static final Map<PromptRole, String> SCHEMAS = load();

  private AnswerSchemas() {}

  /** The schema of {@code role}'s reply, as compact JSON text. */
  static String of(PromptRole role) {
    return SCHEMAS.get(role);
  }

  /**
   * A response-format name for {@code role}: the schema id with dots as underscores, since OpenAI
   * allows only letters, digits, {@code _} and {@code -} there.
   */
  static String nameOf(PromptRole role) {
    return role.schemaId().replace('.', '_');
  }

  private static Map<PromptRole, String> load() {
    Map<PromptRole, String> schemas = new EnumMap<>(PromptRole.class);
    for (PromptRole role : PromptRole.values()) {
      String path = "schemas/" + role.wireName() + ".json";
      try (InputStream in = AnswerSchemas.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("answer schema " + path + " is missing");
        }
        JsonNode schema = JsonAnswers.JSON.readTree(in);
        schemas.put(role, JsonAnswers.JSON.writeValueAsString(schema));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read answer schema " + path, e);
      }
    }
    return schemas;
  }
}
