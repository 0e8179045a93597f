package io.skillforge.synthesis.arte;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.synthesis.teacher.Synthesis;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Teacher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tailored training set written by a teacher that takes instructions (an LLM behind an API),
 * aligned without retraining it: per skill, synthesis requests whose exemplars are the skill's most
 * preferred drafts (with the rationale of their preferred cell) and whose guidance states, in
 * words, the traits that separate the preferred cells from the rest. Skills without a measured
 * preference get plain requests.
 */
public final class PromptedGeneration {
  private final Teacher teacher;
  private final SkillCatalog catalog;
  private final List<Strategy> strategies;
  private final int exemplars;
  private final int perCall;
  private final long seed;

  /**
   * @param exemplars preferred drafts shown per request
   * @param perCall items asked per request
   */
  public PromptedGeneration(Teacher teacher, SkillCatalog catalog, List<Strategy> strategies, int exemplars,
      int perCall, long seed) {
    this.teacher = Objects.requireNonNull(teacher, "teacher");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.strategies = List.copyOf(strategies);
    this.exemplars = exemplars;
    this.perCall = perCall;
    this.seed = seed;
  }

  /** What the teacher is told for {@code skill}: the traits, and how its preferred rationales are written. */
  public String guidance(String skill, TailoredStyle style) {
    List<Cell> cells = style.preferred().getOrDefault(skill, List.of());
    if (cells.stream().allMatch(c -> c.questionStyle().equals(TailoredStyle.PLAIN_QUESTIONS))) {
      return "";
    }
    String ways = cells.stream().map(c -> (c.questionStyle().equals(Draft.CHAINED)
            ? "questions of several chained steps" : "one-step questions")
            + ", solutions written so: " + instruction(c.strategy()))
        .distinct().collect(Collectors.joining("; "));
    return "The student gains most from " + ways + " (measured: " + style.traits().get(skill) + ").";
  }

  /** The preferred drafts of {@code skill}, best first, as examples in their preferred cell's strategy. */
  public List<Example> preferredExamples(String skill, TailoredStyle style, List<Draft> drafts,
      Map<Cell, CellScore> scores) {
    List<Example> out = new ArrayList<>();
    for (Cell cell : style.preferred().getOrDefault(skill, List.of())) {
      CellScore score = scores.get(cell);
      drafts.stream()
          .filter(d -> d.skill().equals(skill) && d.questionStyle().equals(cell.questionStyle())
              && d.rationales().containsKey(cell.strategy()))
          .sorted(Comparator.comparingDouble((Draft d) -> score == null ? 0 : -score.scoreOf(d.id()))
              .thenComparing(Draft::id))
          .limit(exemplars)
          .forEach(d -> out.add(d.example(cell.strategy(), teacher.name())));
    }
    return out.stream().limit(exemplars).toList();
  }

  /**
   * @param counts per skill, how many items to write
   * @param drafts the scored drafts
   * @param scores their cells' scores
   */
  public List<Example> generate(Map<String, Integer> counts, TailoredStyle style, List<Draft> drafts,
      Map<Cell, CellScore> scores, Cancellation cancellation) {
    List<Example> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long call = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      String skill = e.getKey();
      List<Example> shown = preferredExamples(skill, style, drafts, scores);
      String guidance = guidance(skill, style);
      int kept = 0;
      for (int attempt = 0; kept < e.getValue() && attempt < 4 * (e.getValue() / perCall + 1); attempt++) {
        cancellation.check();
        int ask = Math.min(perCall, e.getValue() - kept);
        Synthesis s = Await.result(teacher.synthesize(
            new SynthesisRequest(List.of(skill), ask, shown, seed * 1_000_003 + call++, guidance), catalog),
            cancellation);
        for (Example item : s.items()) {
          if (kept < e.getValue() && seen.add(item.question())) {
            out.add(item);
            kept++;
          }
        }
      }
    }
    return out;
  }

  private String instruction(String strategy) {
    return strategies.stream().filter(s -> s.name().equals(strategy)).map(Strategy::instruction).findFirst()
        .orElse(strategy);
  }
}
