package io.skillforge.synthesis.stat;

import java.util.List;

/**
 * How often two difficulty rules agree on the same probed items, such as the self-consistency
 * rule against grading with the reference.
 *
 * @param items items judged
 * @param bothDifficult difficult by both rules
 * @param onlyFirst difficult by the first rule only
 * @param onlySecond difficult by the second rule only
 */
public record RuleAgreement(int items, int bothDifficult, int onlyFirst, int onlySecond) {
  public static RuleAgreement of(List<ProbedItem> probed, DifficultyRule first, DifficultyRule second) {
    int both = 0;
    int onlyFirst = 0;
    int onlySecond = 0;
    for (ProbedItem item : probed) {
      boolean a = first.difficult(item);
      boolean b = second.difficult(item);
      if (a && b) {
        both++;
      } else if (a) {
        onlyFirst++;
      } else if (b) {
        onlySecond++;
      }
    }
    return new RuleAgreement(probed.size(), both, onlyFirst, onlySecond);
  }

  /** Share of items both rules classify alike; 0 without items. */
  public double agreement() {
    return items == 0 ? 0 : (items - onlyFirst - onlySecond) / (double) items;
  }
}
