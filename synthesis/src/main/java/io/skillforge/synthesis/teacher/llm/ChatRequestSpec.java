package io.skillforge.synthesis.teacher.llm;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ChatBackend} sends: the conversation, the JSON schema the answer must match, and
 * the sampling parameters. Provider-neutral.
 *
 * @param turns the conversation, not empty
 * @param schemaName a short name of the answer schema, such as {@code label_answer}
 * @param schemaJson the JSON schema of the answer, as JSON text
 * @param sampling sampling parameters
 */
record ChatRequestSpec(List<ChatTurn> turns, String schemaName, String schemaJson, Sampling sampling) {
  ChatRequestSpec {
    turns = List.copyOf(turns);
    if (turns.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    Objects.requireNonNull(schemaName, "schemaName");
    Objects.requireNonNull(schemaJson, "schemaJson");
    Objects.requireNonNull(sampling, "sampling");
  }

  /** Characters of all messages, for token estimates. */
  int characters() {
    int n = 0;
    for (ChatTurn turn : turns) {
      n += turn.text().length();
    }
    return n;
  }
}
