package io.skillforge.skills.world;

import io.skillforge.skills.world.Wording.Clause;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Plants a wrong step in a problem's solution, as a student who misapplies one skill would. */
final class Faults {
  private Faults() {}

  static String faultyResponse(Problem problem, int stepIndex, SplittableRandom rng, boolean propagate) {
    List<Step> steps = problem.steps();
    if (stepIndex < 0 || stepIndex >= steps.size()) {
      throw new IllegalArgumentException(
          "step index " + stepIndex + " is outside the " + steps.size() + " steps of: " + problem.question());
    }
    List<Clause> clauses = Wording.read(problem.question())
        .orElseThrow(() -> new IllegalArgumentException("not a skill-world question: " + problem.question()))
        .clauses();
    List<String> lines = new ArrayList<>();
    String result = null;
    Integer x = null;
    boolean changed = false;
    for (int i = 0; i < steps.size(); i++) {
      Step expected = steps.get(i);
      Step written = expected;
      if (i == stepIndex) {
        written = corrupt(expected, rng);
        changed = true;
      } else if (i > stepIndex && propagate && changed) {
        written = Wording.step(clauses.get(i), x).orElse(expected);
      }
      lines.add(written.line());
      result = written.result();
      if (clauses.get(i).template().kind.numeric()) {
        x = Integer.parseInt(written.result());
      }
    }
    String answer = problem.answer();
    boolean lastWritten = stepIndex == steps.size() - 1 || propagate;
    if (lastWritten) {
      Clause last = clauses.get(clauses.size() - 1);
      if (last.template().kind == Kind.CMP) {
        answer = result.equals(">") == last.template().asksGreater ? "yes" : "no";
      } else {
        answer = result;
      }
    }
    return String.join("\n", lines) + "\n#### " + answer;
  }

  /** The step with a wrong result of the same shape (a number off by a little, two items swapped). */
  static Step corrupt(Step step, SplittableRandom rng) {
    String line = step.line();
    String r = step.result();
    if (step.skill() == WorldSkill.COMPARE) {
      String flipped = r.equals("<") ? ">" : "<";
      return new Step(step.skill(), line.replace(r, flipped), flipped);
    }
    String wrong;
    if (r.matches("\\d+")) {
      int value = Integer.parseInt(r);
      int[] deltas = {1, 2, 10, -1, -2, -10};
      int candidate;
      do {
        candidate = value + deltas[rng.nextInt(deltas.length)];
      } while (candidate < 0);
      wrong = Integer.toString(candidate);
    } else if (r.contains(",")) {
      String[] items = r.split(",");
      int i = rng.nextInt(items.length - 1);
      String t = items[i];
      items[i] = items[i + 1];
      items[i + 1] = t;
      wrong = String.join(",", items);
    } else {
      wrong = swapAdjacent(r, rng);
    }
    String expression = line.substring(0, line.lastIndexOf('='));
    return new Step(step.skill(), expression + "=" + wrong, wrong);
  }

  private static String swapAdjacent(String s, SplittableRandom rng) {
    List<Integer> spots = new ArrayList<>();
    for (int i = 0; i + 1 < s.length(); i++) {
      if (s.charAt(i) != s.charAt(i + 1)) {
        spots.add(i);
      }
    }
    if (spots.isEmpty()) {
      return s + "x";
    }
    int i = spots.get(rng.nextInt(spots.size()));
    char[] c = s.toCharArray();
    char t = c[i];
    c[i] = c[i + 1];
    c[i + 1] = t;
    return new String(c);
  }
}
