package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.skills.world.WorldSkill;
import io.skillforge.synthesis.teacher.Attempt;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.CatalogRequest;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.Synthesis;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.TeacherContract;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.Verdict;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LangChain4j teacher over real HTTP against teacher-sim: the shared contract, exactly, plus
 * the acceptance checks (agreement on 1,000 items, faults, re-runs from the cache, and the
 * same results as the built-in teacher).
 */
class SimTeacherTest extends TeacherContract {
  @TempDir static Path cacheDir;
  private static Vertx vertx;
  private static TeacherSim sim;
  private static TeacherClient client;
  private static final TeacherLedger JOB = TeacherLedger.unlimited("sim-contract");

  /** The bundled defaults pointed at a teacher-sim: no rate limits, short backoffs. */
  static TeacherSettings settings(String baseUrl, Path cache) {
    return TeacherSettings.defaults().with(Map.of(
        "kind", "openai-compatible",
        "base-url", baseUrl,
        "model", SimOptions.DEFAULT_MODEL,
        "max-concurrency", 8,
        "label-batch-size", 4,
        "requests-per-minute", 0,
        "tokens-per-minute", 0,
        "retry-base-ms", 2,
        "retry-max-ms", 20,
        "cache-dir", cache.toString()));
  }

  static TeacherSim startSim(Vertx vertx, SimOptions options) throws Exception {
    TeacherSim sim = new TeacherSim(vertx, options);
    sim.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return sim;
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    sim = startSim(vertx, SimOptions.defaults());
    client = TeacherClient.open(settings(sim.baseUrl(), cacheDir), Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    sim.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  protected Teacher teacher() {
    return client.teacher(JOB);
  }

  @Override
  protected double minAgreement() {
    return 1.0;
  }

  @Test
  void label_thousandItems_agreeWithTheWorldsGroundTruth(@TempDir Path dir) throws Exception {
    List<Example> items = new WorldGenerator(21, SkillMix.zipf(1.0), 0.3).examples(1000, "k", "train");
    try (TeacherClient fresh = TeacherClient.open(
        settings(sim.baseUrl(), dir).with(Map.of("label-batch-size", 8)), Map.of())) {
      List<Label> labels = await(fresh.teacher(TeacherLedger.unlimited("k")).label(items, SkillWorld.catalog()));
      int agree = 0;
      for (int i = 0; i < items.size(); i++) {
        if (labels.get(i).ok() && labels.get(i).skills().equals(items.get(i).skills())) {
          agree++;
        }
      }
      assertTrue(agree >= 990, agree + " of 1000 labels agree with the ground truth");
    }
  }

  @Test
  void label_underInjectedFaults_labelsEveryItemExactlyOnce_andTheRerunIsAllCacheHits(@TempDir Path dir)
      throws Exception {
    TeacherSim faulty = startSim(vertx,
        SimOptions.defaults().withFaults(0.2, 0.05, 4242).withRetryAfterMs(20));
    try {
      List<Example> items = new WorldGenerator(22, SkillMix.uniform(), 0.3).examples(1000, "f", "train");
      TeacherSettings o = settings(faulty.baseUrl(), dir);
      TeacherLedger first = TeacherLedger.unlimited("first");
      List<Label> labels;
      try (TeacherClient c = TeacherClient.open(o, Map.of())) {
        labels = await(c.teacher(first).label(items, SkillWorld.catalog()));
      }
      assertEquals(items.size(), labels.size());
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        Label label = labels.get(i);
        assertEquals(items.get(i).id(), label.itemId());
        assertTrue(label.ok(), label.itemId() + ": " + label.error());
        assertTrue(seen.add(label.itemId()), "labelled twice: " + label.itemId());
        assertEquals(items.get(i).skills(), label.skills());
      }
      assertTrue(faulty.stats().rateLimited() + faulty.stats().serverErrors() > 0, "faults were injected");
      assertTrue(first.usage().retries() > 0, first.usage().toString());
      assertEquals(List.of(), first.failures());

      long callsBefore = faulty.stats().chatCalls();
      TeacherLedger second = TeacherLedger.unlimited("second");
      try (TeacherClient c = TeacherClient.open(o, Map.of())) {
        assertEquals(labels, await(c.teacher(second).label(items, SkillWorld.catalog())));
      }
      assertEquals(callsBefore, faulty.stats().chatCalls(), "the re-run made no HTTP call");
      assertEquals(0, second.usage().httpCalls());
      assertEquals(second.usage().calls(), second.usage().cacheHits());
    } finally {
      faulty.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyRole_givesTheSameResultsAsTheBuiltinTeacher() throws Exception {
    BuiltinTeacher builtin = new BuiltinTeacher();
    Teacher llm = teacher();
    SkillCatalog catalog = SkillWorld.catalog();
    List<Example> items = new WorldGenerator(23, SkillMix.uniform(), 0.4).examples(40, "same", "train");

    assertEquals(await(builtin.label(items, catalog)), await(llm.label(items, catalog)));
    assertEquals(await(builtin.verify(items)), await(llm.verify(items)));

    List<Attempt> attempts = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(3);
    for (Example e : items) {
      Problem p = SkillWorld.parse(e.question()).orElseThrow();
      attempts.add(new Attempt(e, SkillWorld.faultyResponse(p, rng.nextInt(p.steps().size()), rng, true)));
    }
    List<Diagnosis> expected = await(builtin.diagnose(attempts, catalog));
    assertEquals(expected, await(llm.diagnose(attempts, catalog)));

    assertEquals(
        await(builtin.catalog(new CatalogRequest(items, 6))),
        await(llm.catalog(new CatalogRequest(items, 6))));

    for (WorldSkill skill : List.of(WorldSkill.ADD_CARRY, WorldSkill.SUB_BORROW, WorldSkill.SORT_LIST)) {
      List<Example> exemplars = new WorldGenerator(24, SkillMix.uniform(), 0).examples(3, "ex", "train");
      SynthesisRequest request = new SynthesisRequest(List.of(skill.id()), 4, exemplars, 7 + skill.ordinal());
      Synthesis a = await(builtin.synthesize(request, catalog));
      Synthesis b = await(llm.synthesize(request, catalog));
      assertEquals(content(a), content(b), skill.id());
    }
  }

  /** What a synthesized item says, without who wrote it and when. */
  private static List<List<Object>> content(Synthesis s) {
    return s.items().stream()
        .map(e -> List.<Object>of(e.id(), e.question(), e.rationale(), e.answer(), e.skills()))
        .toList();
  }
}
