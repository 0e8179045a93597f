package io.skillforge.synthesis.teacher.prompt;

import java.util.Objects;

/**
 * One chat message as a server receives it.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the message text; never null (an absent content is empty)
 */
public record PromptMessage(String role, String content) {
  public PromptMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }
}
