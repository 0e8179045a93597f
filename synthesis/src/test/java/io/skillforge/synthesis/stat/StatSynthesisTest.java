package io.skillforge.synthesis.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.index.SkillIndex;
import io.skillforge.skills.index.TextSimilarity;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatSynthesisTest {
  @TempDir Path dir;

  private static List<Example> world(long seed, int count, String split) {
    WorldGenerator generator = new WorldGenerator(seed, SkillMix.uniform(), 0);
    List<Example> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(SkillWorld.toExample(generator.next(), "w" + seed + "-" + i, split));
    }
    return items;
  }

  @Test
  void run_indexesNewItemsOfTheSkill_withProvenance_andNeverOneNearAnEvaluationItem() throws Exception {
    List<Example> pool = world(1, 400, "train");
    List<Example> evaluation = world(2, 300, "test");
    NearDuplicateSet guard = new NearDuplicateSet(0.8);
    evaluation.forEach(e -> guard.add(e.id(), e.question()));
    List<MissingPair> pairs = new ArrayList<>();
    for (Example hard : evaluation.subList(0, 60)) {
      pairs.add(new MissingPair(hard, hard.skills().get(0)));
    }
    try (SkillIndex index = SkillIndex.open(dir.resolve("index"))) {
      index.addAll(pool, DuplicatePolicy.ALLOW);
      index.commit();
      StatSynthesis syn = new StatSynthesis(new BuiltinTeacher(), SkillWorld.catalog(), index, guard,
          new StatSynthesis.Settings(3, 2, 8, 5));
      StatSynthesis.Result result = syn.run(pairs, "job-1", new Cancellation(), done -> { });
      StatSynthesis.Report report = result.report();
      assertEquals(60, report.pairs());
      assertEquals(120, report.written());
      assertEquals(report.written(), report.accepted() + report.nearEvaluation() + report.nearIndexed());
      assertTrue(report.accepted() > 60, report.toString());
      for (Example item : result.accepted()) {
        assertTrue(guard.nearest(item.question()).isEmpty(), item.question());
        for (Example e : evaluation) {
          assertTrue(TextSimilarity.similarity(e.question(), item.question()) < 0.8, item.question());
        }
        assertEquals(Example.Source.SYNTHESIZED, item.source());
        assertEquals("builtin", item.provenance().teacher());
        assertEquals("job-1", item.provenance().job());
        assertTrue(item.skills().contains(item.provenance().targetSkill()), item.toString());
        assertFalse(item.provenance().sourceItem() == null);
        assertTrue(index.get(item.id()).isEmpty(), "the run leaves the index as it was");
      }
      StatSynthesis.index(index, result.accepted());
      for (Example item : result.accepted()) {
        assertEquals(item, index.get(item.id()).orElseThrow(), "indexed as returned");
      }
    }
  }

  @Test
  void run_dropsItemsEqualToAnEvaluationItem() throws Exception {
    List<Example> pool = world(1, 50, "train");
    List<MissingPair> pairs = List.of(new MissingPair(pool.get(0), pool.get(0).skills().get(0)));
    // What the teacher will write for this pair, found by a first run into a scratch index.
    List<Example> written;
    try (SkillIndex scratch = SkillIndex.open(dir.resolve("scratch"))) {
      written = new StatSynthesis(new BuiltinTeacher(), SkillWorld.catalog(), scratch, new NearDuplicateSet(0.8),
          new StatSynthesis.Settings(0, 2, 1, 9)).run(pairs, "j", new Cancellation(), d -> { }).accepted();
    }
    assertEquals(2, written.size());
    NearDuplicateSet guard = new NearDuplicateSet(0.8);
    guard.add("test-1", written.get(0).question().toUpperCase() + "!");
    try (SkillIndex index = SkillIndex.open(dir.resolve("index"))) {
      StatSynthesis.Result result = new StatSynthesis(new BuiltinTeacher(), SkillWorld.catalog(), index,
          guard, new StatSynthesis.Settings(0, 2, 1, 9)).run(pairs, "j", new Cancellation(), d -> { });
      assertEquals(1, result.report().nearEvaluation());
      assertEquals(List.of(written.get(1).question()), result.accepted().stream().map(Example::question).toList());
    }
  }
}
