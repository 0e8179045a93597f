package io.skillforge.synthesis.stat;

import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.synthesis.teacher.Attempt;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Teacher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Has the teacher diagnose difficult items: for each, the question, the student's response and the
 * catalog; the teacher says whether the answer is correct, why, and which skills to improve.
 * Attempts go in rounds, each round's calls in flight together, so progress is reported and a
 * cancellation stops between rounds.
 */
public final class Diagnoser {
  private final Teacher teacher;
  private final SkillCatalog catalog;
  private final int round;

  /**
   * @param round attempts per round; the teacher splits a round into calls as it is configured
   */
  public Diagnoser(Teacher teacher, SkillCatalog catalog, int round) {
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1 but was " + round);
    }
    this.teacher = teacher;
    this.catalog = catalog;
    this.round = round;
  }

  /**
   * One diagnosis per item, in order. A whole-call failure of the teacher (budget, teacher down)
   * ends the run with that failure.
   *
   * @param progress told how many items are diagnosed so far
   */
  public List<Diagnosis> diagnose(List<ProbedItem> items, Cancellation cancellation, IntConsumer progress) {
    List<Diagnosis> out = new ArrayList<>(items.size());
    for (int from = 0; from < items.size(); from += round) {
      cancellation.check();
      List<Attempt> attempts = new ArrayList<>();
      for (ProbedItem item : items.subList(from, Math.min(items.size(), from + round))) {
        attempts.add(new Attempt(item.item(), item.representativeResponse()));
      }
      out.addAll(Await.result(teacher.diagnose(attempts, catalog), cancellation));
      progress.accept(out.size());
    }
    return out;
  }
}
