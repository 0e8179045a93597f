package io.skillforge.skills.world;

/**
 * The grade of one response to a world problem.
 *
 * @param correct whether the response's final answer is equivalent to the problem's (shared grader)
 * @param firstWrongStep index (0-based) of the first expected step the response gets wrong or
 *     leaves out; the number of steps when every step is right but the final answer is not; -1 when
 *     steps and answer are all right
 * @param missingSkill id of the skill of that step (of the last step when only the final answer is
 *     wrong); null when {@code firstWrongStep} is -1
 * @param expectedStep the line the response should have had there ({@code #### answer} for the
 *     final answer); empty when {@code firstWrongStep} is -1
 * @param actualStep the response's line there; empty when it has none
 */
public record CheckResult(
    boolean correct, int firstWrongStep, String missingSkill, String expectedStep, String actualStep) {

  /** Whether every step and the final answer are right. */
  public boolean flawless() {
    return firstWrongStep < 0 && correct;
  }

  /** One sentence on the first wrong step, for diagnoses and reports. */
  public String explanation() {
    if (firstWrongStep < 0) {
      return correct ? "every step and the final answer are right" : "the final answer is wrong";
    }
    String where = "step " + (firstWrongStep + 1) + " (" + missingSkill + ")";
    if (actualStep.isEmpty()) {
      return where + " is missing; expected " + expectedStep;
    }
    return where + " is wrong: expected " + expectedStep + " but got " + actualStep;
  }
}
