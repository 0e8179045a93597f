package io.skillforge.synthesis.teacher.prompt;

import java.util.Objects;

/**
 * One rendered teacher request: a system message and a user message whose dataset material sits
 * between {@code <data>} and {@code </data>} as one JSON object.
 *
 * @param role which request this is
 * @param system the system message, naming the reply schema
 * @param user the user message, holding the data block
 */
public record ChatPrompt(PromptRole role, String system, String user) {
  public ChatPrompt {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
  }
}
