package io.skillforge.skills.world;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One skill-world problem with its exact solution.
 *
 * @param question the problem text
 * @param steps the solution, one checkable step per line, in order; a later step may use an earlier
 *     step's result
 * @param answer the final answer
 * @param focus the skill the problem was drawn for (by a mix or a synthesis request); one of the
 *     steps' skills
 */
public record Problem(String question, List<Step> steps, String answer, WorldSkill focus) {
  public Problem {
    Objects.requireNonNull(question, "question");
    steps = List.copyOf(steps);
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(focus, "focus");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a problem needs at least one step: " + question);
    }
  }

  /** The rationale: the step lines joined with newlines. */
  public String rationale() {
    return String.join("\n", steps.stream().map(Step::line).toList());
  }

  /** The distinct skill ids of the steps, in step order: the item's ground-truth labels. */
  public List<String> skillIds() {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    steps.forEach(s -> ids.add(s.skill().id()));
    return List.copyOf(ids);
  }

  /** A full response as a solver writes it: the rationale, then {@code #### answer}. */
  public String responseText() {
    return rationale() + "\n#### " + answer;
  }

  /** Whether the solution has more than one step. */
  public boolean multiStep() {
    return steps.size() > 1;
  }
}
