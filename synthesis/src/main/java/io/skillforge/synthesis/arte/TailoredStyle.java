package io.skillforge.synthesis.arte;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The preferred region of the teacher's style settings, per skill: the top quarter of the skill's
 * cells by score (at least one). Where every cell of a skill scores the same there is no
 * preference, and where a skill was not scored there is none measured; the region is then the plain
 * one: stepwise rationales, chained questions as often as the teacher chains them by default. Aligned generation
 * writes there; the traits say in words what separates the preferred cells from the rest, for
 * teachers that take them in a prompt.
 *
 * @param preferred per skill, the cells to write in
 * @param traits per skill, one line on what the student prefers and what it does not
 */
public record TailoredStyle(Map<String, List<Cell>> preferred, Map<String, String> traits) {
  /** The strategy written where no preference was measured. */
  public static final String PLAIN_STRATEGY = "stepwise";
  /** The question style of the plain region: chained as often as the teacher chains by default. */
  public static final String PLAIN_QUESTIONS = "plain";

  /**
   * The preferred region of every skill of {@code skills}: from the scores where the skill has
   * some, else the plain cell (stepwise rationales, the teacher's usual share of chained questions).
   */
  public static TailoredStyle of(Map<Cell, CellScore> scores, Collection<String> skills) {
    Map<String, List<CellScore>> bySkill = new LinkedHashMap<>();
    scores.values().forEach(s -> bySkill.computeIfAbsent(s.cell().skill(), k -> new ArrayList<>()).add(s));
    Map<String, List<Cell>> preferred = new LinkedHashMap<>();
    Map<String, String> traits = new LinkedHashMap<>();
    for (Map.Entry<String, List<CellScore>> e : bySkill.entrySet()) {
      List<CellScore> ranked = new ArrayList<>(e.getValue());
      ranked.sort(Comparator.comparingDouble((CellScore s) -> -s.score()).thenComparing(s -> s.cell().key()));
      CellScore best = ranked.get(0);
      CellScore worst = ranked.get(ranked.size() - 1);
      if (best.score() > worst.score()) {
        int quarter = Math.max(1, ranked.size() / 4);
        preferred.put(e.getKey(), ranked.subList(0, quarter).stream().map(CellScore::cell).toList());
        traits.put(e.getKey(), String.format(Locale.ROOT,
            "preferred: %s rationales on %s questions (%s points); avoided: %s rationales on %s questions (%s)",
            best.cell().strategy(), best.cell().questionStyle(), best.points(), worst.cell().strategy(),
            worst.cell().questionStyle(), worst.points()));
      } else {
        preferred.put(e.getKey(), List.of(plain(e.getKey())));
        traits.put(e.getKey(), "no preference measured: every cell scored the same");
      }
    }
    for (String skill : skills) {
      if (!preferred.containsKey(skill)) {
        preferred.put(skill, List.of(plain(skill)));
        traits.put(skill, "not scored: written plainly");
      }
    }
    return new TailoredStyle(Map.copyOf(preferred), Map.copyOf(traits));
  }

  private static Cell plain(String skill) {
    return new Cell(skill, PLAIN_QUESTIONS, PLAIN_STRATEGY);
  }
}
