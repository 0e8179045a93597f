package io.skillforge.student.probe;

import io.skillforge.skills.Example;
import io.skillforge.skills.world.CheckResult;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.Step;
import io.skillforge.student.probe.ItemResult.StepCount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks responses step by step when the item is a skill-world problem, whose solution has one
 * checkable line per step: which skill each response is missing (that of its first wrong step)
 * and, per skill, how many of its steps the responses reached and got right. Stateless.
 */
final class StepChecks {
  /** What the step check found for one item's responses. */
  record Outcome(List<String> missingSkills, List<StepCount> steps) {
    static Outcome unchecked(int responses) {
      return new Outcome(Collections.nCopies(responses, ""), List.of());
    }
  }

  private StepChecks() {}

  static Outcome check(Example item, List<String> responses) {
    Optional<Problem> parsed = SkillWorld.parse(item.question());
    if (parsed.isEmpty() || !SkillWorld.answersAgree(item.answer(), parsed.get().answer())) {
      return Outcome.unchecked(responses.size());
    }
    Problem problem = parsed.get();
    List<Step> steps = problem.steps();
    Map<String, int[]> counts = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>(responses.size());
    for (String response : responses) {
      CheckResult result = SkillWorld.check(problem, response);
      // A flawless response reaches every step and gets each right. Otherwise it reaches the steps
      // up to its first wrong one; when only the final answer is off, that is the last step.
      int firstWrong;
      if (result.flawless()) {
        firstWrong = steps.size();
      } else if (result.firstWrongStep() < 0 || result.firstWrongStep() >= steps.size()) {
        firstWrong = steps.size() - 1;
      } else {
        firstWrong = result.firstWrongStep();
      }
      for (int i = 0; i < Math.min(firstWrong + 1, steps.size()); i++) {
        int[] c = counts.computeIfAbsent(steps.get(i).skill().id(), s -> new int[2]);
        c[0]++;
        c[1] += i < firstWrong ? 1 : 0;
      }
      missing.add(result.flawless() ? "" : steps.get(firstWrong).skill().id());
    }
    List<StepCount> tallies = new ArrayList<>(counts.size());
    counts.forEach((skill, c) -> tallies.add(new StepCount(skill, c[0], c[1])));
    return new Outcome(missing, tallies);
  }
}
