package io.skillforge.server.jobs.arte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import io.skillforge.synthesis.arte.Cell;
import io.skillforge.synthesis.arte.CellScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ARTE on a tiny, briefly trained built-in student and small skill-world files. */
class ArteJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static List<Example> validation;

  @BeforeAll
  static void data() throws IOException {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> test = world.draw(40, 7, SkillMix.uniform(), 0.2, "test", "test", true);
    validation = world.draw(160, 11, SkillMix.uniform(), 0.2, "val", "validation", true);
    List<Example> pool = world.draw(600, 13, SkillMix.uniform(), 0.2, "seed", "train", false);
    write(dir.resolve("train.jsonl"), pool);
    write(dir.resolve("validation.jsonl"), validation);
    write(dir.resolve("test.jsonl"), test);
    try (BuiltinStudent s = BuiltinStudent.create(TransformerConfig.of(32, 1, 2, 192), 5,
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(1))) {
      Await.result(s.fineTune(pool, FineTuneSettings.defaults(120).withSeed(5), p -> { }, Cancellation.never()));
      Await.result(s.save(dir.resolve("student")));
    }
  }

  private static void write(Path file, List<Example> items) throws IOException {
    StringBuilder text = new StringBuilder();
    items.forEach(e -> text.append(ExampleJson.toJson(e)).append('\n'));
    Files.writeString(file, text);
  }

  private static Path runFile(String name, String extra) throws IOException {
    return Files.writeString(dir.resolve(name + ".yaml"), "out: " + name + "\n"
        + "train: train.jsonl\nvalidation: validation.jsonl\ntest: test.jsonl\nstudent: student\n"
        + "skills: [compare, sort_list]\nitems: 24\nthreads: 1\nquestions-per-style: 4\n"
        + "lookahead-steps: 6\nlookahead-learning-rate: 0.01\npreference-items: 12\n" + extra);
  }

  @Test
  void run_writesPairsThatAgreeWithTheScores_andARerunMeasuresNothing() throws Exception {
    ArteConfig config = ArteConfig.load(runFile("run", ""));
    ArteJob.Result first = new ArteJob(services(Map.of())).run(config, JobContext.silent());
    Path out = dir.resolve("run");
    assertEquals(12, Files.readAllLines(out.resolve("drafts.jsonl")).size(), "4 per style: 2 styles + 1");
    assertEquals(12, first.run().scores().size(), "3 question-style cells x 4 strategies");
    assertEquals(12, first.run().measured());

    Map<Cell, Double> scores = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("scores.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      scores.put(new Cell(n.get("skill").asText(), n.get("questionStyle").asText(), n.get("strategy").asText()),
          n.get("score").asDouble());
    }
    assertEquals(12, scores.size());
    assertTrue(new HashSet<>(scores.values()).size() > 1, "the lookahead tells cells apart: " + scores);

    Map<String, JsonNode> drafts = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("drafts.jsonl"))) {
      JsonNode d = JSON.readTree(line);
      drafts.put(d.get("id").asText(), d);
    }
    List<String> dpo = Files.readAllLines(out.resolve("dpo-rationales.jsonl"));
    List<String> audit = Files.readAllLines(out.resolve("dpo-rationales.scores.jsonl"));
    long preferring = drafts.values().stream().filter(d -> {
      Set<Double> s = new HashSet<>();
      d.get("rationales").fieldNames().forEachRemaining(st -> s.add(scores.get(cell(d, st))));
      return s.size() > 1;
    }).count();
    assertEquals(preferring, dpo.size(), "one pair per question whose rationales differ in score");
    assertEquals(dpo.size(), audit.size());
    for (int i = 0; i < dpo.size(); i++) {
      JsonNode pair = JSON.readTree(dpo.get(i));
      assertEquals(3, pair.size());
      JsonNode a = JSON.readTree(audit.get(i));
      JsonNode d = drafts.get(a.get("chosenId").asText());
      double chosen = scores.get(cell(d, a.get("chosenStrategy").asText()));
      double rejected = scores.get(cell(d, a.get("rejectedStrategy").asText()));
      assertTrue(chosen > rejected, audit.get(i));
      assertEquals(chosen, a.get("chosenScore").asDouble(), 1e-12);
      assertTrue(pair.get("prompt").asText().contains(d.get("question").asText()));
    }
    for (String line : Files.readAllLines(out.resolve("dpo-questions.jsonl"))) {
      JsonNode pair = JSON.readTree(line);
      assertEquals(3, pair.size());
      assertNotEquals(pair.get("chosen").asText(), pair.get("rejected").asText());
    }

    List<String> tailored = Files.readAllLines(out.resolve("tailored.jsonl"));
    assertEquals(24, tailored.size());
    Set<String> evaluationQuestions = new HashSet<>();
    validation.forEach(e -> evaluationQuestions.add(e.question()));
    for (String line : tailored) {
      Example e = ExampleJson.fromJson(line);
      assertTrue(SkillWorld.check(SkillWorld.parse(e.question()).orElseThrow(),
          e.rationale() + "\nThe answer is " + e.answer() + ".").correct());
      assertTrue(e.provenance().job().startsWith("arte " + e.provenance().targetSkill() + "/"));
      assertTrue(!evaluationQuestions.contains(e.question()));
    }

    String pairs = Files.readString(out.resolve("dpo-rationales.jsonl"));
    ArteJob.Result again = new ArteJob(services(Map.of())).run(config, JobContext.silent());
    assertEquals(0, again.run().measured(), "every score comes from scores.jsonl");
    assertEquals(pairs, Files.readString(out.resolve("dpo-rationales.jsonl")), "the same seed, the same pairs");
  }

  private static JobServices services(Map<String, String> env) {
    return new JobServices(() -> SkillforgeConfig.load(env, null), env, IndexAccess.perJob());
  }

  @Test
  void aTeacherBehindAnApi_writesTheTailoredSet_promptedWithThePreferences() throws Exception {
    Vertx vertx = Vertx.vertx();
    TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults());
    try {
      Await.result(sim.start());
      Map<String, String> env = new HashMap<>();
      env.put("SKILLFORGE_TEACHER_KIND", "openai-compatible");
      env.put("SKILLFORGE_TEACHER_BASE_URL", sim.baseUrl());
      env.put("SKILLFORGE_TEACHER_CACHE_DIR", dir.resolve("teacher-cache").toString());
      ArteConfig config = ArteConfig.load(runFile("api", "teacher: openai-compatible\n"));
      ArteJob.Result result = new ArteJob(services(env)).run(config, JobContext.silent());
      assertEquals(24, result.run().tailored().size());
      assertTrue(sim.stats().chatCalls() > 0, "the teacher was asked over HTTP");
      for (Example e : result.run().tailored()) {
        assertNotEquals("builtin", e.provenance().teacher(), "written by the API teacher");
      }
    } finally {
      Await.result(sim.close());
      Await.result(vertx.close());
    }
  }

  @Test
  void lookahead_isReproducibleForASeed() throws Exception {
    List<Example> preference = validation.stream().filter(e -> e.skills().contains("remainder")).limit(10).toList();
    List<Example> cellItems = new WorldData(new NearDuplicateSet(0.8))
        .drawFocused(16, 3, List.of(io.skillforge.skills.world.WorldSkill.REMAINDER), 0, "c", "train");
    Cell cell = new Cell("remainder", "single", "stepwise");
    List<Example> pool = validation.subList(100, 160);
    LookaheadScorer.Settings settings = new LookaheadScorer.Settings(5, 0.01, 0.4, 1, 4);
    LookaheadScorer scorer = new LookaheadScorer(dir.resolve("student"), Map.of("remainder", preference), pool,
        settings, Cancellation.never());
    CellScore a = scorer.score(cell, cellItems);
    CellScore b = new LookaheadScorer(dir.resolve("student"), Map.of("remainder", preference), pool, settings,
        Cancellation.never()).score(cell, cellItems);
    assertEquals(a, b, "the same cell and seed, the same score");
    assertTrue(a.lossAfter() < a.lossBefore(), "training on remainder items lowers the loss on others: " + a);
    assertEquals(a.after() - a.before() - CellScore.LOSS_WEIGHT * (a.lossAfter() - a.lossBefore()), a.score(), 1e-12);
    assertEquals(10, a.preferenceItems());
    assertEquals(16, a.examples());
    assertNotEquals(scorer.fingerprint(), new LookaheadScorer(dir.resolve("student"), Map.of("remainder", preference),
        pool, new LookaheadScorer.Settings(5, 0.01, 0.4, 1, 5), Cancellation.never()).fingerprint());
  }

  @Test
  void runFileMistakes_nameTheKey() throws Exception {
    BadInputException unknown = assertThrows(BadInputException.class,
        () -> ArteConfig.load(runFile("bad1", "lookahead: 3\n")));
    assertTrue(unknown.getMessage().contains("unknown key 'lookahead'"), unknown.getMessage());
    ArteConfig noTeacher = ArteConfig.load(runFile("bad2", "teacher: nosuchteacher\n"));
    BadInputException teacher = assertThrows(BadInputException.class,
        () -> new ArteJob(services(Map.of())).run(noTeacher, JobContext.silent()));
    assertTrue(teacher.getMessage().contains("nosuchteacher"), teacher.getMessage());
    assertTrue(!Files.exists(dir.resolve("bad2/drafts.jsonl")), "refused before any work");
    BadInputException strategy = assertThrows(BadInputException.class,
        () -> ArteConfig.load(runFile("bad3", "strategies: [stepwise, verbose]\n")));
    assertTrue(strategy.getMessage().contains("'verbose'"), strategy.getMessage());
    ArteConfig noSkill = ArteConfig.load(Files.writeString(dir.resolve("bad4.yaml"), Files.readString(runFile("bad4", ""))
        .replace("[compare, sort_list]", "[compare, juggling]")));
    BadInputException skill = assertThrows(BadInputException.class, () -> new ArteJob(services(Map.of())).run(noSkill, JobContext.silent()));
    assertTrue(skill.getMessage().contains("'juggling'"), skill.getMessage());
  }

  private static Cell cell(JsonNode draft, String strategy) {
    return new Cell(draft.get("skill").asText(), draft.get("questionStyle").asText(), strategy);
  }
}
