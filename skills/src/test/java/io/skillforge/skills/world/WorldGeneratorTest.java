package io.skillforge.skills.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.world.Template.Role;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorldGeneratorTest {

  private static String jsonl(long seed, String mix, int count) {
    WorldGenerator g = new WorldGenerator(seed, SkillMix.parse(mix), 0.3);
    StringBuilder sb = new StringBuilder();
    for (Example e : g.examples(count, "w" + seed, "train")) {
      sb.append(WorldJsonl.line(e)).append('\n');
    }
    return sb.toString();
  }

  @Test
  void examples_sameSeed_sameBytes() {
    assertEquals(jsonl(42, "zipf:1.1", 2000), jsonl(42, "zipf:1.1", 2000));
  }

  @Test
  void examples_differentSeeds_differentItems() {
    List<Problem> a = problems(1, 0.3, 1000);
    List<Problem> b = problems(2, 0.3, 1000);
    int same = 0;
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).question().equals(b.get(i).question())) {
        same++;
      }
    }
    assertTrue(same < 20, "seeds 1 and 2 agree on " + same + " of 1000 questions");
    Set<String> distinct = new HashSet<>();
    a.forEach(p -> distinct.add(p.question()));
    assertTrue(distinct.size() > 900, "only " + distinct.size() + " distinct questions in 1000");
  }

  @Test
  void next_uniformMix_countsWithinChiSquareBound() {
    int n = 14_000;
    Map<WorldSkill, Integer> counts = focusCounts(7, SkillMix.uniform(), n);
    double chi = chiSquare(counts, SkillMix.uniform(), n);
    // 13 degrees of freedom: P(chi2 > 34.5) = 0.001
    assertTrue(chi < 34.5, "chi-square " + chi + " for counts " + counts);
  }

  @Test
  void zipfWithAnOrder_givesTheSameSharesToOtherSkills() {
    SkillMix plain = SkillMix.parse("zipf:1.2");
    SkillMix shuffled = SkillMix.parse("zipf:1.2@7");
    List<Double> a = new java.util.ArrayList<>(plain.shares());
    List<Double> b = new java.util.ArrayList<>(shuffled.shares());
    assertNotEquals(a, b, "the order moved the shares between skills");
    java.util.Collections.sort(a);
    java.util.Collections.sort(b);
    assertEquals(a, b, "the same shares, on other skills");
    assertEquals(shuffled.shares(), SkillMix.parse("zipf:1.2@7").shares(), "seeded");
  }

  @Test
  void next_zipfMix_followsPowerLaw() {
    int n = 20_000;
    SkillMix mix = SkillMix.zipf(1.0);
    Map<WorldSkill, Integer> counts = focusCounts(11, mix, n);
    assertTrue(chiSquare(counts, mix, n) < 34.5, "zipf counts " + counts);
    WorldSkill[] s = WorldSkill.values();
    double r12 = counts.get(s[0]) / (double) counts.get(s[1]);
    double r14 = counts.get(s[0]) / (double) counts.get(s[3]);
    assertEquals(2.0, r12, 0.2, "rank 1 / rank 2 under zipf:1");
    assertEquals(4.0, r14, 0.5, "rank 1 / rank 4 under zipf:1");
    assertTrue(counts.get(s[0]) > 5 * counts.get(s[13]), "zipf:1 is far from flat: " + counts);
  }

  @Test
  void next_multiStepShare_observedShareMatches() {
    List<Problem> problems = problems(5, 0.4, 5000);
    long chained = problems.stream().filter(Problem::multiStep).count();
    // sorting and reversing are never chained: 12 of 14 skills can be
    double expected = 0.4 * 12 / 14;
    assertEquals(expected, chained / 5000.0, 0.03);
    assertTrue(problems.stream().filter(Problem::multiStep).allMatch(p -> p.steps().size() <= 3));
  }

  @Test
  void next_chainedSteps_useTheEarlierResult() {
    int chains = 0;
    for (Problem p : problems(9, 1.0, 2000)) {
      for (int i = 1; i < p.steps().size(); i++) {
        String prev = p.steps().get(i - 1).result();
        String line = p.steps().get(i).line();
        assertTrue(line.startsWith(prev + "+") || line.startsWith(prev + "-")
                || line.startsWith(prev + "*") || line.startsWith(prev + "/")
                || line.startsWith(prev + "%") || line.startsWith(prev + "<")
                || line.startsWith(prev + ">") || line.endsWith(" of " + prev + "=" + p.steps().get(i).result()),
            "step " + i + " of " + p + " does not use " + prev);
        chains++;
      }
    }
    assertTrue(chains > 1500);
  }

  @Test
  void next_everyQuestion_readsBackToTheSameSolution() {
    for (Problem p : problems(3, 0.4, 5000)) {
      Problem back = SkillWorld.parse(p.question()).orElseThrow(() -> new AssertionError("unreadable: " + p));
      assertEquals(p.steps(), back.steps(), p.question());
      assertEquals(p.answer(), back.answer(), p.question());
      assertEquals(p.skillIds(), back.skillIds(), p.question());
    }
  }

  @Test
  void next_sizes_shortEnoughForACharacterModel() {
    for (Problem p : problems(4, 0.5, 5000)) {
      assertTrue(p.question().length() <= Phrasebook.MAX_QUESTION_CHARS, p.question());
      assertTrue(p.steps().size() <= 3, p.toString());
      for (Step s : p.steps()) {
        assertTrue(s.line().length() <= 26, "long line " + s.line());
      }
      assertTrue(p.answer().length() <= 9, p.answer());
    }
  }

  @Test
  void next_everySkill_isDrawnAloneAndInChainsWithSeveralWordings() {
    Map<WorldSkill, Set<String>> wordings = new EnumMap<>(WorldSkill.class);
    Map<WorldSkill, Integer> inChains = new EnumMap<>(WorldSkill.class);
    for (Problem p : problems(8, 0.5, 10_000)) {
      Wording w = Wording.read(p.question()).orElseThrow();
      for (int i = 0; i < p.steps().size(); i++) {
        WorldSkill skill = p.steps().get(i).skill();
        wordings.computeIfAbsent(skill, k -> new HashSet<>()).add(w.clauses().get(i).template().text);
        if (p.multiStep()) {
          inChains.merge(skill, 1, Integer::sum);
        }
      }
    }
    for (WorldSkill s : WorldSkill.values()) {
      assertTrue(wordings.getOrDefault(s, Set.of()).size() >= 3, s + " wordings: " + wordings.get(s));
      if (WorldGenerator.chainable(s)) {
        assertTrue(inChains.getOrDefault(s, 0) > 20, s + " rarely chained: " + inChains);
      }
    }
  }

  @Test
  void next_focus_isAStepOfTheProblem() {
    WorldGenerator g = new WorldGenerator(12, SkillMix.uniform(), 0);
    for (WorldSkill s : WorldSkill.values()) {
      for (int i = 0; i < 50; i++) {
        Problem alone = g.next(s, false);
        assertEquals(List.of(s.id()), alone.skillIds());
        Problem chained = g.next(s, true);
        assertTrue(chained.skillIds().contains(s.id()), chained.toString());
        assertEquals(s, chained.focus());
      }
    }
  }

  @Test
  void phrasebook_noTwoWordingsReadTheSameText() {
    Map<String, Integer> texts = new HashMap<>();
    for (Template t : Phrasebook.ALL) {
      texts.merge(t.role + ":" + t.text, 1, Integer::sum);
      if (t.role == Role.ALONE) {
        for (Template other : Phrasebook.of(Role.ALONE)) {
          if (other != t) {
            assertTrue(other.match(t.text).isEmpty() || other.kind == t.kind,
                "'" + other.text + "' reads '" + t.text + "'");
          }
        }
      }
    }
    texts.forEach((k, v) -> assertEquals(1, v, k));
  }

  @Test
  void skillMix_parse_rejectsBadSpecs() {
    for (String bad : new String[] {"", "zipf", "zipf:-1", "zipf:x", "normal", "zipf:NaN"}) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SkillMix.parse(bad));
      assertTrue(e.getMessage().contains("mix") || e.getMessage().contains("zipf"), e.getMessage());
    }
    double sum = SkillMix.zipf(1.3).shares().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, sum, 1e-9);
    assertNotEquals(SkillMix.uniform().share(WorldSkill.ADD_CARRY), SkillMix.zipf(1).share(WorldSkill.ADD_CARRY));
  }

  private static List<Problem> problems(long seed, double multi, int n) {
    WorldGenerator g = new WorldGenerator(seed, SkillMix.uniform(), multi);
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> g.next()).toList();
  }

  private static Map<WorldSkill, Integer> focusCounts(long seed, SkillMix mix, int n) {
    WorldGenerator g = new WorldGenerator(seed, mix, 0);
    Map<WorldSkill, Integer> counts = new EnumMap<>(WorldSkill.class);
    for (WorldSkill s : WorldSkill.values()) {
      counts.put(s, 0);
    }
    for (int i = 0; i < n; i++) {
      Problem p = g.next();
      // one-step items: the only label is the focus
      assertEquals(List.of(p.focus().id()), p.skillIds());
      counts.merge(p.focus(), 1, Integer::sum);
    }
    return counts;
  }

  private static double chiSquare(Map<WorldSkill, Integer> counts, SkillMix mix, int n) {
    double chi = 0;
    for (WorldSkill s : WorldSkill.values()) {
      double expected = n * mix.share(s);
      double d = counts.get(s) - expected;
      chi += d * d / expected;
    }
    return chi;
  }
}
