package io.skillforge.synthesis.arte;

import io.skillforge.skills.Example;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.WorldSkill;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.Synthesis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes ARTE's drafts with the built-in teacher: per skill and question style, questions written
 * a few at a time from a few seed questions of the skill, and for each question one rationale per
 * strategy. A question is kept only when it is new (not a seed, not an earlier draft, not near an
 * evaluation item) and every one of its rationales fits {@code maxChars} with the question, so the
 * cells of one question style hold the same questions in every strategy.
 */
public final class DraftWriter {
  /**
   * @param questionsPerStyle questions per skill and question style (the paper: ~250 per task)
   * @param seedsPerCall seed questions shown per call (the paper: 3)
   * @param questionsPerCall questions asked per call (the paper: 5)
   * @param strategies the reasoning strategies (the paper: 4)
   * @param maxChars most characters of question and rationale together; longer drafts are dropped
   * @param seed varies every draw; the same seed writes the same drafts
   */
  public record Settings(int questionsPerStyle, int seedsPerCall, int questionsPerCall,
      List<Strategy> strategies, int maxChars, long seed) {
    public Settings {
      if (questionsPerStyle < 4) {
        throw new BadInputException("questions per style must be >= 4 (a quarter is a pair) but was "
            + questionsPerStyle);
      }
      if (seedsPerCall < 1 || questionsPerCall < 1) {
        throw new BadInputException("seeds and questions per call must be >= 1");
      }
      strategies = List.copyOf(strategies);
      if (strategies.size() < 2) {
        throw new BadInputException("ARTE needs at least 2 strategies to compare, got " + strategies.size());
      }
      if (Set.copyOf(Strategy.names(strategies)).size() != strategies.size()) {
        throw new BadInputException("strategy names repeat: " + Strategy.names(strategies));
      }
    }

    public static Settings defaults(long seed) {
      return new Settings(96, 3, 5, Strategy.DEFAULTS, 160, seed);
    }
  }

  private final BuiltinTeacher teacher;
  private final Settings settings;
  private final NearDuplicateSet evaluation;

  /**
   * @param evaluation questions drafts must stay away from (validation and test); drafts near one
   *     are dropped
   */
  public DraftWriter(BuiltinTeacher teacher, Settings settings, NearDuplicateSet evaluation) {
    this.teacher = Objects.requireNonNull(teacher, "teacher");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    settings.strategies().forEach(s -> BuiltinTeacher.style(s.name()));
  }

  /** The question styles a skill's drafts come in: chained only where the skill can be chained. */
  public static List<String> questionStyles(String skill) {
    boolean chainable = WorldSkill.byId(skill)
        .map(s -> s != WorldSkill.SORT_LIST && s != WorldSkill.REVERSE_WORD).orElse(false);
    return chainable ? List.of(Draft.SINGLE, Draft.CHAINED) : List.of(Draft.SINGLE);
  }

  /**
   * Drafts for {@code skill}, {@code questionsPerStyle} per question style (fewer when the world
   * runs out of new questions).
   *
   * @param seedItems items of the skill to show as seeds; at least one
   */
  public List<Draft> write(String skill, List<Example> seedItems) {
    if (seedItems.isEmpty()) {
      throw new BadInputException("no seed item has the skill " + skill);
    }
    List<Draft> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seedItems.forEach(e -> seen.add(e.question()));
    SplittableRandom rng = new SplittableRandom(settings.seed() ^ skill.hashCode());
    for (String style : questionStyles(skill)) {
      int kept = 0;
      for (int call = 0; kept < settings.questionsPerStyle() && call < 4 * settings.questionsPerStyle(); call++) {
        List<String> seeds = pick(seedItems, settings.seedsPerCall(), rng);
        BuiltinTeacher.Drafts drafts = teacher.draft(List.of(skill), settings.questionsPerCall(), seeds,
            style.equals(Draft.CHAINED) ? 1.0 : 0.0, rng.nextLong());
        for (Problem p : drafts.problems()) {
          if (kept < settings.questionsPerStyle() && p.multiStep() == style.equals(Draft.CHAINED)
              && seen.add(p.question()) && evaluation.nearest(p.question()).isEmpty()) {
            Map<String, String> rationales = rationales(p);
            if (rationales != null) {
              out.add(new Draft(Synthesis.itemId(p.question()), skill, style, p.question(), p.answer(),
                  p.skillIds(), seeds, rationales));
              kept++;
            }
          }
        }
      }
    }
    return out;
  }

  private Map<String, String> rationales(Problem p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Strategy s : settings.strategies()) {
      String rationale = teacher.rationale(p, s.name());
      if (p.question().length() + rationale.length() > settings.maxChars()) {
        return null;
      }
      out.put(s.name(), rationale);
    }
    return out;
  }

  private static List<String> pick(List<Example> items, int k, SplittableRandom rng) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, items.size()); i++) {
      out.add(items.get(rng.nextInt(items.size())).question());
    }
    return out;
  }
}
