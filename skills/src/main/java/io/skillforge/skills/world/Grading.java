package io.skillforge.skills.world;

import io.skillforge.skills.grading.AnswerGrader;

/** The world's access to the shared final-answer grader. */
final class Grading {
  private Grading() {}

  static boolean equivalent(String expected, String response) {
    return AnswerGrader.equivalent(expected, response);
  }

  /** The response's stated final answer as written, or empty when it has none. */
  static String extractFinalAnswer(String response) {
    return AnswerGrader.extractFinalAnswer(response).orElse("");
  }
}
