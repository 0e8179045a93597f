package io.skillforge.synthesis.arte;

import java.util.Objects;

/**
 * One preference pair, with the scores it was built from.
 *
 * @param level {@link #QUESTION} or {@link #RATIONALE}
 * @param skill the skill both sides were written for
 * @param chosenId draft id of the chosen side (for rationale pairs, the question's id)
 * @param chosenStrategy strategy of the chosen rationale; null for question pairs
 * @param rejectedId draft id of the rejected side
 * @param rejectedStrategy strategy of the rejected rationale; null for question pairs
 * @param chosenScore the chosen side's score, always above {@code rejectedScore}
 * @param rejectedScore the rejected side's score
 * @param prompt what the teacher is asked
 * @param chosen the preferred reply
 * @param rejected the other reply
 */
public record PreferencePair(String level, String skill, String chosenId, String chosenStrategy,
    String rejectedId, String rejectedStrategy, double chosenScore, double rejectedScore,
    String prompt, String chosen, String rejected) {
  public static final String QUESTION = "question";
  public static final String RATIONALE = "rationale";

  public PreferencePair {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(rejected, "rejected");
    if (!(chosenScore > rejectedScore)) {
      throw new IllegalArgumentException("a pair's chosen side must score above its rejected side: "
          + chosenScore + " vs " + rejectedScore);
    }
  }
}
