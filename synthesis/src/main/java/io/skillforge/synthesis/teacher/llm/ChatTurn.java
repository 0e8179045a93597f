package io.skillforge.synthesis.teacher.llm;

import java.util.Objects;

/**
 * One message of a conversation with the teacher.
 *
 * @param speaker who says it
 * @param text what is said; never null
 */
record ChatTurn(Speaker speaker, String text) {
  enum Speaker {
    SYSTEM,
    USER,
    ASSISTANT
  }

  ChatTurn {
    Objects.requireNonNull(speaker, "speaker");
    Objects.requireNonNull(text, "text");
  }

  static ChatTurn system(String text) {
    return new ChatTurn(Speaker.SYSTEM, text);
  }

  static ChatTurn user(String text) {
    return new ChatTurn(Speaker.USER, text);
  }

  static ChatTurn assistant(String text) {
    return new ChatTurn(Speaker.ASSISTANT, text);
  }
}
