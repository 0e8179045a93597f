package io.skillforge.synthesis.teacher.llm;

/** A teacher answer that does not match what its role asks for; the message says what is wrong. */
final class InvalidAnswerException extends Exception {
  InvalidAnswerException(String message) {
    super(message, null, false, false);
  }
}
