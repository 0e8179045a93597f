package io.skillforge.synthesis.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatSelectionTest {
  private static Example item(String id, String skill) {
    return Example.of(id, "q " + id, "", "1", List.of(skill), Example.Source.SEED, "train");
  }

  private static SkillPool pool() {
    List<Example> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add(item("a" + i, "add"));
    }
    for (int i = 0; i < 20; i++) {
      items.add(item("s" + i, "sort"));
    }
    return SkillPool.of(items);
  }

  private static MissingPair pair(String id, String skill) {
    return new MissingPair(Example.of(id, "hard " + id, "", "1", List.of(skill), Example.Source.IMPORTED,
        "test"), skill);
  }

  @Test
  void draws_perPairFromTheSkillsItems_soSkillsAreDrawnInProportionToTheirCounts() {
    List<MissingPair> pairs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      pairs.add(pair("h" + i, "sort"));
    }
    pairs.add(pair("h9", "add"));
    pairs.add(pair("h10", "unknown_skill"));
    List<Example> draws = StatSelection.draws(pairs, pool(), 5, 1);
    assertEquals(35, draws.size(), "5 per pair; nothing for a skill no pool item has");
    assertEquals(30, draws.stream().filter(e -> e.skills().contains("sort")).count());
    for (int i = 0; i < 6; i++) {
      List<Example> one = draws.subList(5 * i, 5 * i + 5);
      assertEquals(5, one.stream().map(Example::id).distinct().count(), "no repeat within a pair");
    }
    assertEquals(draws.stream().map(Example::id).toList(),
        StatSelection.draws(pairs, pool(), 5, 1).stream().map(Example::id).toList(), "seeded");
  }

  @Test
  void compose_subsamplesToTheBudgetAndMixesTheOriginalBack() {
    List<MissingPair> pairs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      pairs.add(pair("h" + i, "sort"));
    }
    List<Example> draws = StatSelection.draws(pairs, pool(), 5, 1);
    TrainingMix.Settings settings = new TrainingMix.Settings(100, 0.25, TrainingMix.Repeats.WEIGHTS, 3);
    List<Example> set = TrainingMix.compose(draws, pool().all(), settings);
    assertEquals(100.0, TrainingMix.draws(set), 1e-9, "the budget counts repeats");
    double sortWeight = set.stream().filter(e -> e.skills().contains("sort")).mapToDouble(Example::weight).sum();
    assertTrue(sortWeight >= 75, "75 targeted draws, plus what the mixed-back share brings: " + sortWeight);
    assertTrue(sortWeight < 90, "the mixed-back 25 are drawn like the pool (mostly add): " + sortWeight);
    assertEquals(set.stream().map(Example::id).distinct().count(), set.size(), "one line per item");
    assertTrue(set.stream().anyMatch(e -> e.weight() > 1), "repeats became weights");
  }

  @Test
  void compose_copiesKeepOneLinePerDraw_andSmallTargetsAreRepeatedEvenly() {
    List<Example> targeted = List.of(item("s1", "sort"), item("s2", "sort"), item("s3", "sort"));
    TrainingMix.Settings settings = new TrainingMix.Settings(30, 0, TrainingMix.Repeats.COPIES, 1);
    List<Example> set = TrainingMix.compose(targeted, pool().all(), settings);
    assertEquals(30, set.size());
    Map<String, Integer> counts = new HashMap<>();
    set.forEach(e -> counts.merge(e.id(), 1, Integer::sum));
    assertEquals(Map.of("s1", 10, "s2", 10, "s3", 10), counts);
    assertTrue(set.stream().allMatch(e -> e.weight() == 1.0));
  }
}
