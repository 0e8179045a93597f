package io.skillforge.student.openai;

/** A 2xx answer that does not hold what the request asked for: not JSON, or the wrong choices. */
final class MalformedAnswerException extends RuntimeException {
  MalformedAnswerException(String message) {
    super(message);
  }
}
