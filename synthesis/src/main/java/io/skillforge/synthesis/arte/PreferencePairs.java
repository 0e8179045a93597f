package io.skillforge.synthesis.arte;

import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.dataset.TrainingSetWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * ARTE's preference pairs from scored drafts. A rationale's score is its own where the scorer
 * measured drafts one by one, else its cell's ({@link CellScore#scoreOf}); a question's score is
 * the mean over its rationales.
 *
 * <ul>
 *   <li>Question level, per skill: the questions ranked by score; a chosen question from the top
 *       quarter against a rejected one from the bottom quarter, drawn at random without repeating a
 *       pair, up to {@code
 *       questionPairs} pairs (the paper: 50 per task). The prompt asks for a question from the
 *       chosen question's seeds.
 *   <li>Rationale level, per question: its best against its worst rationale under the plain
 *       prompt, up to {@code rationalePairs} pairs per skill (the paper: 250 per task).
 * </ul>
 *
 * A pair whose sides score the same is not made (no preference to learn), so a pair's chosen side
 * always scores above its rejected side. Deterministic for the seed.
 */
public final class PreferencePairs {
  /**
   * @param questionPairs most question-level pairs per skill
   * @param rationalePairs most rationale-level pairs per skill
   * @param seed orders ties and draws the pairs
   */
  public record Settings(int questionPairs, int rationalePairs, long seed) {
    public static Settings paper(long seed) {
      return new Settings(50, 250, seed);
    }
  }

  private PreferencePairs() {}

  /** The score of every draft's question: the mean of its rationales' cell scores. */
  public static Map<String, Double> questionScores(List<Draft> drafts, Map<Cell, CellScore> scores) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Draft d : drafts) {
      out.put(d.id(), d.rationales().keySet().stream()
          .mapToDouble(s -> scoreOf(scores, d, s)).average().orElse(0));
    }
    return out;
  }

  /** Both levels' pairs: question pairs first, then rationale pairs, each in skill order. */
  public static List<PreferencePair> build(List<Draft> drafts, Map<Cell, CellScore> scores, SkillCatalog catalog,
      Settings settings) {
    Map<String, List<Draft>> bySkill = new LinkedHashMap<>();
    drafts.forEach(d -> bySkill.computeIfAbsent(d.skill(), k -> new ArrayList<>()).add(d));
    Map<String, Double> questionScore = questionScores(drafts, scores);
    List<PreferencePair> out = new ArrayList<>();
    for (Map.Entry<String, List<Draft>> e : bySkill.entrySet()) {
      out.addAll(questionPairs(e.getValue(), questionScore, catalog.find(e.getKey()).orElseThrow(
          () -> new IllegalArgumentException("the catalog has no skill " + e.getKey())), settings));
    }
    for (Map.Entry<String, List<Draft>> e : bySkill.entrySet()) {
      out.addAll(rationalePairs(e.getValue(), scores, settings));
    }
    return out;
  }

  private static List<PreferencePair> questionPairs(List<Draft> drafts, Map<String, Double> score, Skill skill,
      Settings settings) {
    SplittableRandom rng = new SplittableRandom(settings.seed() ^ skill.id().hashCode());
    List<Draft> ranked = new ArrayList<>(drafts);
    Collections.shuffle(ranked, new Random(rng.nextLong()));
    ranked.sort(Comparator.comparingDouble((Draft d) -> -score.get(d.id())));
    int quarter = Math.max(1, ranked.size() / 4);
    List<Draft> top = ranked.subList(0, quarter);
    List<Draft> bottom = ranked.subList(ranked.size() - quarter, ranked.size());
    List<PreferencePair> out = new ArrayList<>();
    Set<String> made = new HashSet<>();
    for (int attempt = 0; out.size() < settings.questionPairs() && attempt < 4 * settings.questionPairs(); attempt++) {
      Draft chosen = top.get(rng.nextInt(top.size()));
      Draft rejected = bottom.get(rng.nextInt(bottom.size()));
      double c = score.get(chosen.id());
      double r = score.get(rejected.id());
      if (c > r && made.add(chosen.id() + " " + rejected.id())) {
        out.add(new PreferencePair(PreferencePair.QUESTION, skill.id(), chosen.id(), null, rejected.id(), null,
            c, r, ArtePrompts.question(skill, chosen.seeds()), chosen.question(), rejected.question()));
      }
    }
    return out;
  }

  private static List<PreferencePair> rationalePairs(List<Draft> drafts, Map<Cell, CellScore> scores,
      Settings settings) {
    List<PreferencePair> out = new ArrayList<>();
    for (Draft d : drafts) {
      if (out.size() >= settings.rationalePairs()) {
        break;
      }
      String best = null;
      String worst = null;
      for (String strategy : d.rationales().keySet()) {
        double s = scoreOf(scores, d, strategy);
        if (best == null || s > scoreOf(scores, d, best)) {
          best = strategy;
        }
        if (worst == null || s < scoreOf(scores, d, worst)) {
          worst = strategy;
        }
      }
      double b = scoreOf(scores, d, best);
      double w = scoreOf(scores, d, worst);
      if (b > w) {
        out.add(new PreferencePair(PreferencePair.RATIONALE, d.skill(), d.id(), best, d.id(), worst, b, w,
            ArtePrompts.rationale(d.question()), TrainingSetWriter.completion(d.rationales().get(best), d.answer()),
            TrainingSetWriter.completion(d.rationales().get(worst), d.answer())));
      }
    }
    return out;
  }

  private static double scoreOf(Map<Cell, CellScore> scores, Draft draft, String strategy) {
    CellScore s = scores.get(draft.cell(strategy));
    if (s == null) {
      throw new IllegalArgumentException("no score for the cell " + draft.cell(strategy).key());
    }
    return s.scoreOf(draft.id());
  }
}
