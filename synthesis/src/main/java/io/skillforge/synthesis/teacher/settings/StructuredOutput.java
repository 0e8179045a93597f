package io.skillforge.synthesis.teacher.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skillforge.skills.errors.BadInputException;
import java.util.Locale;

/** How the answer's JSON schema reaches the provider ({@code teacher.structured-output}); the prompt always describes it. */
public enum StructuredOutput {
  /** As a JSON schema response format (OpenAI {@code json_schema}, Ollama {@code format}). */
  JSON_SCHEMA("json-schema"),
  /** As "answer with a JSON object" ({@code json_object}) without the schema. */
  JSON_OBJECT("json-object"),
  /** Only in the prompt. */
  NONE("none");

  private final String wireName;

  StructuredOutput(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * The value of a wire name, ignoring case; {@code _} counts as {@code -}.
   *
   * @throws BadInputException naming {@code teacher.structured-output} and the accepted values
   */
  @JsonCreator
  public static StructuredOutput fromWire(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (StructuredOutput s : values()) {
      if (s.wireName.equals(v)) {
        return s;
      }
    }
    throw new BadInputException(
        "teacher.structured-output must be json-schema, json-object or none but was '" + value + "'");
  }
}
