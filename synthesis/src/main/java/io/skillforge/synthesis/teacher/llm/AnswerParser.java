package io.skillforge.synthesis.teacher.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one teacher answer (already parsed as JSON) into a value, or rejects it. Parsers are pure:
 * the same answer always gives the same value or the same rejection, so a cached answer that was
 * valid stays valid.
 */
@FunctionalInterface
interface AnswerParser<T> {
  /**
   * @throws InvalidAnswerException naming the first problem (unknown skill id, missing field,
   *     wrong type)
   */
  T parse(JsonNode answer) throws InvalidAnswerException;
}
