package io.skillforge.student;

import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.TrainingSetWriter;

/**
 * The text layout of the built-in student: what it reads for a question and what it learns to
 * write back. The response is the one the shared training-set writer produces (rationale lines,
 * then {@code The answer is X.}), so the shared grader reads the answer line, and files exported
 * for other fine-tuning stacks teach the same thing.
 *
 * <pre>
 * Q: What is 47+38?
 * A: 47+38=85
 * The answer is 85.
 * </pre>
 */
public final class PromptFormat {
  private static final String QUESTION_PREFIX = "Q: ";
  private static final String ANSWER_PREFIX = "\nA: ";

  private PromptFormat() {}

  /** The model input for a question: everything before the response. */
  public static String prompt(String question) {
    return QUESTION_PREFIX + question.strip() + ANSWER_PREFIX;
  }

  /** The response the model should produce for {@code example}. */
  public static String response(Example example) {
    return TrainingSetWriter.completion(example);
  }
}
