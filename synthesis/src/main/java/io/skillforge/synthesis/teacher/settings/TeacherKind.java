package io.skillforge.synthesis.teacher.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skillforge.skills.errors.BadInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which teacher {@code teacher.kind} names: the in-process skill-world teacher, or a chat-model family. */
public enum TeacherKind {
  /** The skill world's exact teacher, in-process. */
  BUILTIN("builtin"),
  /** Any OpenAI-compatible endpoint: teacher-sim, vLLM, llama.cpp server, LM Studio. */
  OPENAI_COMPATIBLE("openai-compatible"),
  OPENAI("openai"),
  OLLAMA("ollama"),
  ANTHROPIC("anthropic");

  private final String wireName;

  TeacherKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name in YAML and on the command line, such as {@code openai-compatible}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Whether this kind is reached through LangChain4j (every kind but {@link #BUILTIN}). */
  public boolean llm() {
    return this != BUILTIN;
  }

  /** Whether {@code name} is the wire name of a kind. */
  public static boolean isKind(String name) {
    return Arrays.stream(values()).anyMatch(k -> k.wireName.equals(name));
  }

  /**
   * The kind of a wire name, ignoring case and surrounding blanks.
   *
   * @throws BadInputException naming {@code teacher.kind} and the accepted values
   */
  @JsonCreator
  public static TeacherKind fromWire(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (TeacherKind k : values()) {
      if (k.wireName.equals(v)) {
        return k;
      }
    }
    throw new BadInputException("teacher.kind must be one of "
        + Arrays.stream(values()).map(TeacherKind::wireName).collect(Collectors.joining(", "))
        + " but was '" + value + "'");
  }
}
