package io.skillforge.synthesis.teacher.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an answer's JSON, repairing the wrappings models commonly add: a Markdown code fence, or
 * prose before and after the object. Anything more broken is left to a re-ask.
 */
final class JsonAnswers {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonAnswers() {}

  /**
   * The JSON object in {@code text}.
   *
   * @throws InvalidAnswerException when no JSON object can be read from it
   */
  static JsonNode readObject(String text) throws InvalidAnswerException {
    if (text == null || text.isBlank()) {
      throw new InvalidAnswerException("the answer is empty");
    }
    String trimmed = text.strip();
    JsonNode node = tryRead(trimmed);
    if (node == null) {
      int start = trimmed.indexOf('{');
      int end = trimmed.lastIndexOf('}');
      if (start >= 0 && end > start) {
        node = tryRead(trimmed.substring(start, end + 1));
      }
    }
    if (node == null) {
      throw new InvalidAnswerException("the answer is not a JSON object: " + preview(trimmed));
    }
    if (!node.isObject()) {
      throw new InvalidAnswerException("the answer is JSON but not an object: " + preview(trimmed));
    }
    return node;
  }

  private static JsonNode tryRead(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static String preview(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
  }
}
