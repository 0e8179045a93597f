package io.skillforge.student;

import java.util.Objects;

/**
 * One generated response.
 *
 * @param text the response text, without the prompt and without the end-of-text token
 * @param tokens how many tokens were generated for it (including the end-of-text token)
 * @param finish why generation stopped
 */
public record Completion(String text, int tokens, Finish finish) {

  /** Why a completion ended, named as the OpenAI API names {@code finish_reason}. */
  public enum Finish {
    /** The model emitted its end-of-text token. */
    STOP,
    /** The token budget or the model's context ran out first. */
    LENGTH;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Finish fromWire(String value) {
      return "length".equalsIgnoreCase(value) ? LENGTH : STOP;
    }
  }

  public Completion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finish, "finish");
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0 but was " + tokens);
    }
  }
}
