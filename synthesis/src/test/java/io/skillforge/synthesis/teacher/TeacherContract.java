package io.skillforge.synthesis.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.skills.world.WorldSkill;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Teacher} must do, checked on a few skill-world items: the built-in teacher,
 * the LangChain4j teacher against teacher-sim, and (in {@code *IT} classes, when their variable is
 * set) against real providers. Structural promises are checked exactly; how often the teacher is
 * right is checked against {@link #minAgreement()}, which is 1 for exact teachers.
 */
public abstract class TeacherContract {
  /** The teacher under test; the same instance for every test of a class. */
  protected abstract Teacher teacher();

  /** The least share of items a teacher must get right (labels, verdicts, diagnoses). */
  protected abstract double minAgreement();

  /** Longest wait for one call. */
  protected long timeoutSeconds() {
    return 30;
  }

  protected static List<Example> items(long seed, int count) {
    return new WorldGenerator(seed, SkillMix.uniform(), 0.3).examples(count, "contract" + seed, "train");
  }

  protected <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeoutSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void label_answersOnePerItemInOrderWithCatalogIds() throws Exception {
    List<Example> items = items(11, 12);
    SkillCatalog catalog = SkillWorld.catalog();
    List<Label> labels = await(teacher().label(items, catalog));
    assertEquals(items.size(), labels.size());
    int agree = 0;
    for (int i = 0; i < items.size(); i++) {
      Label label = labels.get(i);
      assertEquals(items.get(i).id(), label.itemId());
      assertTrue(label.ok(), "item " + label.itemId() + ": " + label.error());
      assertTrue(label.skills().size() <= Teacher.MAX_LABELS_PER_ITEM);
      catalog.requireKnown(label.skills());
      if (label.skills().equals(items.get(i).skills())) {
        agree++;
      }
    }
    assertTrue(agree >= minAgreement() * items.size(), agree + " of " + items.size() + " labels agree");
  }

  @Test
  void label_emptyBatch_answersEmpty() throws Exception {
    assertEquals(List.of(), await(teacher().label(List.of(), SkillWorld.catalog())));
  }

  @Test
  void label_smallCatalog_usesOnlyItsIds() throws Exception {
    SkillCatalog small = SkillCatalog.of(WorldSkill.ADD_CARRY.toSkill(), WorldSkill.SORT_LIST.toSkill());
    List<Label> labels = await(teacher().label(items(12, 6), small));
    for (Label label : labels) {
      assertTrue(label.ok(), label.error());
      small.requireKnown(label.skills());
    }
  }

  @Test
  void verify_judgesRightAndBrokenItems() throws Exception {
    List<Example> right = items(13, 4);
    List<Example> all = new ArrayList<>(right);
    for (Example e : right) {
      all.add(new Example(e.id() + "-broken", e.question(), e.rationale(), wrongAnswer(e.answer()),
          e.skills(), e.source(), e.split(), e.provenance(), 1.0));
    }
    List<Verdict> verdicts = await(teacher().verify(all));
    assertEquals(all.size(), verdicts.size());
    int agree = 0;
    for (int i = 0; i < all.size(); i++) {
      assertEquals(all.get(i).id(), verdicts.get(i).itemId());
      assertTrue(verdicts.get(i).ok(), verdicts.get(i).error());
      if (verdicts.get(i).correct() == (i < right.size())) {
        agree++;
      }
    }
    assertTrue(agree >= minAgreement() * all.size(), agree + " of " + all.size() + " verdicts right");
  }

  @Test
  void diagnose_namesMissingSkillsOnlyForWrongResponses() throws Exception {
    // One-step items: a wrong step is then a wrong final answer.
    List<Example> items = new WorldGenerator(14, SkillMix.uniform(), 0).examples(4, "diag", "train");
    List<Attempt> attempts = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(5);
    for (Example e : items) {
      Problem p = SkillWorld.parse(e.question()).orElseThrow();
      attempts.add(new Attempt(e, p.responseText()));
      attempts.add(new Attempt(e, SkillWorld.faultyResponse(p, 0, rng, true)));
    }
    SkillCatalog catalog = SkillWorld.catalog();
    List<Diagnosis> diagnoses = await(teacher().diagnose(attempts, catalog));
    assertEquals(attempts.size(), diagnoses.size());
    int agree = 0;
    for (int i = 0; i < attempts.size(); i++) {
      Diagnosis d = diagnoses.get(i);
      assertEquals(attempts.get(i).item().id(), d.itemId());
      assertTrue(d.ok(), d.error());
      catalog.requireKnown(d.missingSkills());
      assertTrue(d.missingSkills().size() <= Teacher.MAX_MISSING_SKILLS);
      boolean shouldBeCorrect = i % 2 == 0;
      if (d.correct() == shouldBeCorrect && (shouldBeCorrect || !d.missingSkills().isEmpty())) {
        agree++;
      }
    }
    assertTrue(agree >= minAgreement() * attempts.size(), agree + " of " + attempts.size() + " diagnoses right");
  }

  @Test
  void synthesize_writesVerifiedItemsForTheTargetSkill() throws Exception {
    List<Example> exemplars = new ArrayList<>();
    WorldGenerator g = new WorldGenerator(15, SkillMix.uniform(), 0);
    for (int i = 0; i < 3; i++) {
      exemplars.add(SkillWorld.toExample(g.next(WorldSkill.ADD_CARRY, false), "ex-" + i, "train"));
    }
    SkillCatalog catalog = SkillWorld.catalog();
    Synthesis synthesis = await(teacher().synthesize(
        new SynthesisRequest(List.of(WorldSkill.ADD_CARRY.id()), 2, exemplars, 99), catalog));
    assertTrue(synthesis.items().size() <= 2);
    assertFalse(synthesis.items().isEmpty(), "rejected " + synthesis.rejected() + ", error " + synthesis.error());
    for (Example item : synthesis.items()) {
      assertEquals(Example.Source.SYNTHESIZED, item.source());
      assertEquals("train", item.split());
      assertEquals(teacher().name(), item.provenance().teacher());
      assertEquals(Synthesis.itemId(item.question()), item.id());
      catalog.requireKnown(item.skills());
      assertTrue(exemplars.stream().noneMatch(e -> e.question().equals(item.question())), "not a copy");
      SkillWorld.parse(item.question()).ifPresent(p ->
          assertTrue(SkillWorld.answersAgree(p.answer(), item.answer()), item.question() + " -> " + item.answer()));
    }
  }

  @Test
  void catalog_ofASample_hasAtMostMaxSkillsWithValidIds() throws Exception {
    SkillCatalog catalog = await(teacher().catalog(new CatalogRequest(items(16, 10), 5)));
    assertFalse(catalog.skills().isEmpty());
    assertTrue(catalog.size() <= 5, catalog.ids().toString());
    for (Skill s : catalog.skills()) {
      assertTrue(Skill.isValidId(s.id()));
      assertFalse(s.name().isBlank());
    }
  }

  private static String wrongAnswer(String answer) {
    try {
      return Long.toString(Long.parseLong(answer.strip()) + 1);
    } catch (NumberFormatException e) {
      return answer + "x";
    }
  }
}
