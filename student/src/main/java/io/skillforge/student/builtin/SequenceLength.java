package io.skillforge.student.builtin;

import io.skillforge.skills.Example;
import io.skillforge.student.PromptFormat;

/** How many of the built-in student's context positions an example takes in training. */
public final class SequenceLength {
  private SequenceLength() {}

  /** Prompt and response tokens (UTF-8 bytes); the example fits a context of at least this. */
  public static int of(Example example) {
    return ByteTokenizer.encode(PromptFormat.prompt(example.question())).length
        + ByteTokenizer.encode(PromptFormat.response(example)).length;
  }

  /** Whether {@code example} fits a context of {@code context} positions. */
  public static boolean fits(Example example, int context) {
    return of(example) <= context;
  }
}
