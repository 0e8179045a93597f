package io.skillforge.skills.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Grades a response against a world problem: the final answer with the shared grader, and each
 * rationale line against the step the problem expects at that position, so a failure is pinned on
 * the skill of its first wrong or missing step. Stateless and thread-safe.
 *
 * <p>Rationale lines are the response's non-blank lines other than answer lines ({@code #### x},
 * {@code Answer: x}) and note lines (starting with {@code * }, see {@link RationaleStyle}), and, in a response without such a marker, a last line that is not a step
 * (has no {@code =}, {@code <} or {@code >}); they are compared with the expected steps in order, ignoring spaces and case.
 * Lines past the last expected step are ignored.
 */
final class WorldChecker {
  private static final Pattern ANSWER_LINE =
      Pattern.compile("(?i)^\\s*(####|(final\\s+)?answer\\b|the\\s+answer\\s+is\\b).*");
  private static final Pattern STEP_LIKE = Pattern.compile("[=<>]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private WorldChecker() {}

  static CheckResult check(Problem problem, String response) {
    boolean correct = Grading.equivalent(problem.answer(), response);
    List<String> lines = rationaleLines(response);
    List<Step> steps = problem.steps();
    for (int i = 0; i < steps.size(); i++) {
      String expected = steps.get(i).line();
      String skill = steps.get(i).skill().id();
      if (i >= lines.size()) {
        return new CheckResult(correct, i, skill, expected, "");
      }
      if (!normal(lines.get(i)).equals(normal(expected))) {
        return new CheckResult(correct, i, skill, expected, lines.get(i).strip());
      }
    }
    if (!correct) {
      String given = Grading.extractFinalAnswer(response);
      String lastSkill = steps.get(steps.size() - 1).skill().id();
      return new CheckResult(false, steps.size(), lastSkill, "#### " + problem.answer(),
          given.isEmpty() ? "" : "#### " + given);
    }
    return new CheckResult(true, -1, null, "", "");
  }

  static List<String> rationaleLines(String response) {
    List<String> lines = new ArrayList<>();
    boolean marked = false;
    for (String line : response.split("\\R")) {
      if (ANSWER_LINE.matcher(line).matches()) {
        marked = true;
      } else if (!line.isBlank() && !line.startsWith(RationaleStyle.NOTE_PREFIX)) {
        lines.add(line);
      }
    }
    // Without an answer marker the last line states the answer, unless it is itself a step.
    if (!marked && !lines.isEmpty() && !STEP_LIKE.matcher(lines.get(lines.size() - 1)).find()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static String normal(String line) {
    return SPACES.matcher(line).replaceAll("").toLowerCase(Locale.ROOT);
  }
}
