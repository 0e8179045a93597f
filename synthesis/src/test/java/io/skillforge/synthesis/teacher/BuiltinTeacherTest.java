package io.skillforge.synthesis.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.skills.world.WorldSkill;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuiltinTeacherTest {
  private final BuiltinTeacher teacher = new BuiltinTeacher();
  private final SkillCatalog catalog = SkillWorld.catalog();

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void label_generatedItems_agreeWithGroundTruthFromTheQuestionAlone() {
    List<Example> items = new WorldGenerator(31, SkillMix.zipf(0.8), 0.3).examples(3000, "t", "train");
    // Strip stored labels and rationales: the teacher must read the question.
    List<Example> bare = items.stream()
        .map(e -> Example.of(e.id(), e.question(), "", "?", List.of(), Example.Source.IMPORTED, "train"))
        .toList();
    List<Label> labels = await(teacher.label(bare, catalog));
    assertEquals(items.size(), labels.size());
    for (int i = 0; i < items.size(); i++) {
      assertEquals(items.get(i).id(), labels.get(i).itemId());
      assertTrue(labels.get(i).ok());
      assertEquals(items.get(i).skills(), labels.get(i).skills(), items.get(i).question());
    }
  }

  @Test
  void label_smallerCatalog_usesOnlyItsIds() {
    SkillCatalog small = SkillCatalog.of(WorldSkill.COMPARE.toSkill());
    Example item = example("a", "Add 35 and 52. Is it greater than 72?");
    assertEquals(List.of("compare"), await(teacher.label(List.of(item), small)).get(0).skills());
  }

  @Test
  void label_aForeignQuestionAmongWorldItems_getsNoSkills() {
    List<Example> items = new ArrayList<>(new WorldGenerator(6, SkillMix.uniform(), 0).examples(3, "w", "train"));
    items.add(example("g", "Natalia sold clips to 48 of her friends."));
    Label l = await(teacher.label(items, catalog)).get(3);
    assertTrue(l.ok());
    assertEquals(List.of(), l.skills());
  }

  @Test
  void diagnose_plantedWrongStep_namesItsSkill() {
    WorldGenerator g = new WorldGenerator(5, SkillMix.uniform(), 0);
    SplittableRandom rng = new SplittableRandom(5);
    List<Attempt> attempts = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    List<Boolean> wrongAnswer = new ArrayList<>();
    for (WorldSkill s : WorldSkill.values()) {
      for (int i = 0; i < 10; i++) {
        Problem p = g.next(s, i % 2 == 0);
        int k = i % p.steps().size();
        String response = SkillWorld.faultyResponse(p, k, rng, true);
        attempts.add(new Attempt(SkillWorld.toExample(p, s.id() + i, "test"), response));
        expected.add(p.steps().get(k).skill().id());
        wrongAnswer.add(!response.endsWith("#### " + p.answer()));
      }
    }
    List<Diagnosis> ds = await(teacher.diagnose(attempts, catalog));
    for (int i = 0; i < ds.size(); i++) {
      Diagnosis d = ds.get(i);
      assertEquals(!wrongAnswer.get(i), d.correct(), attempts.get(i).response());
      if (wrongAnswer.get(i)) {
        assertEquals(List.of(expected.get(i)), d.missingSkills(), attempts.get(i).response());
        assertTrue(d.explanation().contains("step"), d.explanation());
      }
    }
  }

  @Test
  void diagnose_correctResponse_missesNothing() {
    Problem p = SkillWorld.parse("Add 47 and 38, then multiply by 3.").orElseThrow();
    Diagnosis d = await(teacher.diagnose(
        List.of(new Attempt(SkillWorld.toExample(p, "x", "test"), p.responseText())), catalog)).get(0);
    assertTrue(d.correct());
    assertEquals(List.of(), d.missingSkills());
  }

  @Test
  void synthesize_targetSkills_verifiedNewItems() {
    Example exemplar = SkillWorld.toExample(
        SkillWorld.parse("Add 47 and 38, then multiply by 3.").orElseThrow(), "e1", "train");
    SynthesisRequest request = new SynthesisRequest(List.of("sub_borrow", "remainder"), 12, List.of(exemplar), 77);
    Synthesis s = await(teacher.synthesize(request, catalog));
    assertEquals(12, s.items().size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < s.items().size(); i++) {
      Example e = s.items().get(i);
      String target = i % 2 == 0 ? "sub_borrow" : "remainder";
      assertTrue(e.skills().contains(target), e + " lacks " + target);
      assertTrue(e.rationale().contains("\n"), "exemplars are chained, so are the drafts: " + e);
      assertEquals(Example.Source.SYNTHESIZED, e.source());
      assertEquals(BuiltinTeacher.NAME, e.provenance().teacher());
      assertEquals(Synthesis.itemId(e.question()), e.id());
      assertTrue(ids.add(e.id()));
      assertNotEquals(exemplar.question(), e.question());
    }
    assertTrue(await(teacher.verify(s.items())).stream().allMatch(Verdict::correct));
    Synthesis again = await(teacher.synthesize(request, catalog));
    assertEquals(s.items().stream().map(Example::question).toList(),
        again.items().stream().map(Example::question).toList());
    Synthesis other = await(teacher.synthesize(
        new SynthesisRequest(request.targetSkills(), 12, request.exemplars(), 78), catalog));
    assertNotEquals(s.items().get(0).question(), other.items().get(0).question());
  }

  @Test
  void synthesize_unknownSkill_saysSo() {
    Synthesis s = await(teacher.synthesize(new SynthesisRequest(List.of("calculus"), 2, List.of(), 1), catalog));
    assertEquals(List.of(), s.items());
    assertTrue(s.error().contains("calculus"));
  }

  @Test
  void verify_wrongRationale_isRejectedWithTheStep() {
    Problem p = SkillWorld.parse("Subtract 17 from 52, then divide by 5.").orElseThrow();
    Example good = SkillWorld.toExample(p, "good", "test");
    Example bad = Example.of("bad", p.question(), "52-17=45\n45/5=9", "9", List.of(), Example.Source.IMPORTED, "test");
    List<Verdict> vs = await(teacher.verify(List.of(good, bad)));
    assertTrue(vs.get(0).correct());
    assertEquals("", vs.get(0).reason());
    assertFalse(vs.get(1).correct());
    assertEquals("7", vs.get(1).answer());
    assertTrue(vs.get(1).reason().contains("52-17=35"), vs.get(1).reason());
  }

  @Test
  void catalog_sample_listsTheSkillsSeenMostOften() {
    List<Example> sample = new WorldGenerator(3, SkillMix.zipf(2.0), 0).examples(300, "c", "train");
    SkillCatalog all = await(teacher.catalog(new CatalogRequest(sample, 100)));
    Set<String> seen = new HashSet<>();
    sample.forEach(e -> seen.addAll(e.skills()));
    assertEquals(seen, new HashSet<>(all.ids()));
    SkillCatalog top2 = await(teacher.catalog(new CatalogRequest(sample, 2)));
    assertEquals(List.of("add_no_carry", "add_carry"), top2.ids());
  }

  private static Example example(String id, String question) {
    return Example.of(id, question, "", "?", List.of(), Example.Source.IMPORTED, "train");
  }
}
