package io.skillforge.synthesis.teacher.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Objects;

/**
 * A teacher-protocol request read back from chat messages, as a server answering them sees it:
 * which request it is and its data object. The inverse of {@link TeacherPrompts}.
 *
 * @param role the request, from the schema id in the system message
 * @param data the JSON object between {@code <data>} and {@code </data>}
 */
public record ParsedPrompt(PromptRole role, JsonNode data) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPEN = "<data>";
  private static final String CLOSE = "</data>";

  public ParsedPrompt {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(data, "data");
  }

  /**
   * Reads a conversation: the role from the first system message that names a protocol schema, the
   * data from the last user message that holds a data block (so a repair follow-up, which has
   * none, is answered from the original request).
   *
   * @throws IllegalArgumentException saying why the messages are not a protocol request
   */
  public static ParsedPrompt parse(List<PromptMessage> messages) {
    PromptRole role = null;
    for (PromptMessage m : messages) {
      if (m.role().equals("system")) {
        role = PromptRole.findIn(m.content()).orElse(null);
        if (role != null) {
          break;
        }
      }
    }
    if (role == null) {
      throw new IllegalArgumentException("no system message names a skillforge.*.v1 schema");
    }
    String block = null;
    for (int i = messages.size() - 1; i >= 0 && block == null; i--) {
      PromptMessage m = messages.get(i);
      int open = m.content().indexOf(OPEN);
      if (m.role().equals("user") && open >= 0) {
        int close = m.content().indexOf(CLOSE, open);
        if (close < 0) {
          throw new IllegalArgumentException("the data block is not closed");
        }
        block = m.content().substring(open + OPEN.length(), close);
      }
    }
    if (block == null) {
      throw new IllegalArgumentException("no user message holds a <data> block");
    }
    JsonNode data;
    try {
      data = JSON.readTree(block);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the data block is not JSON: " + e.getOriginalMessage());
    }
    if (data == null || !data.isObject()) {
      throw new IllegalArgumentException("the data block is not a JSON object");
    }
    return new ParsedPrompt(role, data);
  }
}
