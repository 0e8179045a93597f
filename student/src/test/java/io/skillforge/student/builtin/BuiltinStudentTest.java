package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.TinyTasks;
import io.skillforge.student.TrainingProgress;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinStudentTest {
  static final TransformerConfig TINY = TransformerConfig.of(48, 2, 2, 48);
  private static final List<String> SKILLS = List.of(TinyTasks.FIRST, TinyTasks.REVERSE);

  @TempDir static Path shared;
  static Path trained;
  static BuiltinStudent student;

  @BeforeAll
  static void train() {
    student = BuiltinStudent.create(TINY, 11);
    join(student.fineTune(TinyTasks.mixed(SKILLS, 1000, 1), FineTuneSettings.defaults(400)
        .withLearningRate(3e-3), p -> {}, Cancellation.never()));
    trained = shared.resolve("trained");
    join(student.save(trained));
  }

  @AfterAll
  static void close() {
    student.close();
  }

  private static List<String> questions(int n, long seed) {
    return TinyTasks.mixed(SKILLS, n, seed).stream().map(Example::question).toList();
  }

  private static <T> T join(Future<T> future) {
    return Await.result(future);
  }

  @Test
  void fineTune_twoWorkers_sameSeed_sameCheckpointBytes_otherSeed_otherBytes(@TempDir Path dir)
      throws Exception {
    List<Example> data = TinyTasks.mixed(SKILLS, 200, 5);
    byte[] a = trainAndSave(data, 1, dir.resolve("a"));
    byte[] b = trainAndSave(data, 1, dir.resolve("b"));
    byte[] c = trainAndSave(data, 2, dir.resolve("c"));
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
    assertEquals(Files.readString(dir.resolve("a").resolve(Checkpoint.CONFIG)),
        Files.readString(dir.resolve("b").resolve(Checkpoint.CONFIG)));
  }

  private static byte[] trainAndSave(List<Example> data, long seed, Path dir) throws Exception {
    try (BuiltinStudent s = BuiltinStudent.create(TINY, 3,
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(2))) {
      join(s.fineTune(data, FineTuneSettings.defaults(12).withBatchSize(8).withSeed(seed),
          p -> {}, Cancellation.never()));
      join(s.save(dir));
    }
    return Files.readAllBytes(dir.resolve(Checkpoint.PARAMS));
  }

  @Test
  void fineTune_twoWorkersOrOne_sameLossesUpToRounding() {
    List<Example> data = TinyTasks.mixed(SKILLS, 200, 5);
    List<Double> one = losses(data, BuiltinStudent.Options.DEFAULT.withTrainingThreads(1));
    List<Double> two = losses(data, BuiltinStudent.Options.DEFAULT.withTrainingThreads(2));
    List<Double> three = losses(data, BuiltinStudent.Options.DEFAULT.withTrainingThreads(3));
    assertEquals(one.size(), two.size());
    for (int i = 0; i < one.size(); i++) {
      // Shards sum the same loss and gradients as the whole batch, in another order.
      assertEquals(one.get(i), two.get(i), 1e-4 * Math.abs(one.get(i)), "step " + (i + 1));
      assertEquals(one.get(i), three.get(i), 1e-4 * Math.abs(one.get(i)), "step " + (i + 1));
    }
    assertTrue(one.get(one.size() - 1) < one.get(0), "loss falls: " + one);
  }

  private static List<Double> losses(List<Example> data, BuiltinStudent.Options options) {
    List<Double> losses = new java.util.ArrayList<>();
    try (BuiltinStudent s = BuiltinStudent.create(TINY, 3, options)) {
      join(s.fineTune(data, FineTuneSettings.defaults(12).withBatchSize(8).withSeed(1),
          p -> losses.add(p.loss()), Cancellation.never()));
    }
    return losses;
  }

  @Test
  void responseLoss_isTheFirstStepsLoss_changesNothing_andFallsWithTraining() {
    List<Example> data = TinyTasks.mixed(SKILLS, 8, 5);
    List<Double> losses = new ArrayList<>();
    try (BuiltinStudent s = BuiltinStudent.create(TINY, 3, BuiltinStudent.Options.DEFAULT.withTrainingThreads(1))) {
      double before = join(s.responseLoss(data));
      assertEquals(before, join(s.responseLoss(data)), 0.0, "evaluating trains nothing");
      // The first step's batch is the whole set, on the same weights (batched apart, it differs by rounding).
      join(s.fineTune(data, FineTuneSettings.defaults(30).withBatchSize(8).withSeed(1),
          p -> losses.add(p.loss()), Cancellation.never()));
      assertEquals(losses.get(0), before, 0.01 * before);
      double after = join(s.responseLoss(data));
      assertTrue(after < 0.7 * before, before + " -> " + after);
    }
  }

  @Test
  void fineTune_reportsProgressEveryStep_andLossFalls() {
    List<TrainingProgress> seen = new ArrayList<>();
    try (BuiltinStudent s = BuiltinStudent.create(TINY, 4)) {
      FineTuneReport report = join(s.fineTune(TinyTasks.mixed(SKILLS, 300, 2),
          FineTuneSettings.defaults(40).withLearningRate(3e-3), seen::add, Cancellation.never()));
      assertEquals(40, seen.size());
      assertEquals(40, seen.get(39).step());
      assertTrue(seen.get(39).tokens() > seen.get(0).tokens());
      assertTrue(report.finalLoss() < report.firstLoss() * 0.6,
          report.firstLoss() + " -> " + report.finalLoss());
      assertEquals(1, s.metadata().runs().size());
      assertEquals(40, s.metadata().totalSteps());
    }
  }

  @Test
  void fineTune_cancelled_stopsBeforeTheNextStep_andKeepsServing() {
    List<Integer> steps = new ArrayList<>();
    Cancellation cancellation = new Cancellation();
    try (BuiltinStudent s = BuiltinStudent.create(TINY, 4)) {
      Future<FineTuneReport> run = s.fineTune(TinyTasks.mixed(SKILLS, 100, 2),
          FineTuneSettings.defaults(200), p -> {
            steps.add(p.step());
            if (p.step() == 3) {
              cancellation.cancel("stopped by the user");
            }
          }, cancellation);
      CancelledException e = assertThrows(CancelledException.class, () -> join(run));
      assertEquals("stopped by the user", e.getMessage());
      assertEquals(List.of(1, 2, 3), steps);
      assertEquals(0, s.metadata().totalSteps(), "a cancelled run is not recorded");
      assertEquals(1, join(s.generate(List.of("first abc"), Sampling.greedy(4))).size());
    }
  }

  @Test
  void fineTune_exampleLongerThanContext_isSkippedAndCounted() {
    Example huge = Example.of("long", "x".repeat(100), "", "y", List.of(), Example.Source.SEED,
        "train");
    try (BuiltinStudent s = BuiltinStudent.create(TINY, 4)) {
      FineTuneReport report = join(s.fineTune(
          List.of(huge, TinyTasks.examples(TinyTasks.FIRST, 1, 1).get(0)),
          FineTuneSettings.defaults(2).withBatchSize(2), p -> {}, Cancellation.never()));
      assertEquals(1, report.skipped());
      assertEquals(1, report.examples());
    }
  }

  @Test
  void generate_trainedModel_answersMostQuestions() {
    List<Example> items = TinyTasks.examples(TinyTasks.FIRST, 40, 77);
    List<Completion> out = join(student.generate(
        items.stream().map(Example::question).toList(), Sampling.greedy(24)));
    long right = 0;
    for (int i = 0; i < items.size(); i++) {
      right += out.get(i).text().equals("The answer is " + items.get(i).answer() + ".") ? 1 : 0;
    }
    assertTrue(right >= 24, right + " of 40 right: " + out.subList(0, 3));
  }

  @Test
  void generate_batchedOrOneByOne_sameGreedyText() {
    List<String> prompts = questions(12, 8);
    List<Completion> batched = join(student.generate(prompts, Sampling.greedy(24)));
    for (int i = 0; i < prompts.size(); i++) {
      List<Completion> alone = join(student.generate(List.of(prompts.get(i)), Sampling.greedy(24)));
      assertEquals(alone.get(0).text(), batched.get(i).text(), "prompt " + prompts.get(i));
    }
  }

  @Test
  void generate_concurrentCalls_eachGetsItsOwnAnswers() {
    List<String> a = questions(5, 21);
    List<String> b = questions(7, 22);
    List<Completion> alone = join(student.generate(a, Sampling.greedy(24)));
    Future<List<Completion>> first = student.generate(a, Sampling.greedy(24));
    Future<List<Completion>> second = student.generate(b, Sampling.greedy(24));
    assertEquals(7, join(second).size());
    assertEquals(alone.stream().map(Completion::text).toList(),
        join(first).stream().map(Completion::text).toList());
  }

  @Test
  void generate_sampled_sameSeedRepeats_otherSeedDiffers() {
    List<String> prompts = java.util.Collections.nCopies(8, "reverse abc");
    Sampling hot = Sampling.sampled(2.0, 1.0, 16, 5);
    List<String> x = texts(join(student.generate(prompts, hot)));
    List<String> y = texts(join(student.generate(prompts, hot)));
    List<String> z = texts(join(student.generate(prompts, hot.withSeed(6))));
    assertEquals(x, y);
    assertNotEquals(x, z);
    assertTrue(new java.util.HashSet<>(x).size() > 1, "rows share one stream: " + x);
  }

  @Test
  void generate_maxTokens_stopsWithLength() {
    Completion c = join(student.complete(List.of("Q: first abc\nA: "), Sampling.greedy(3))).get(0);
    assertEquals(3, c.tokens());
    assertEquals(Completion.Finish.LENGTH, c.finish());
    Completion full = join(student.complete(List.of("Q: first abc\nA: "), Sampling.greedy(40)))
        .get(0);
    assertEquals(Completion.Finish.STOP, full.finish());
  }

  @Test
  void generate_ignoreEos_generatesExactlyMaxTokens() {
    Completion c = join(student.generate(List.of("first abc"),
        Sampling.greedy(30).withIgnoreEos(true))).get(0);
    assertEquals(30, c.tokens());
  }

  @Test
  void generate_promptLongerThanContext_keepsItsEnd() {
    String prompt = "z".repeat(200) + " first abc";
    Completion c = join(student.generate(List.of(prompt), Sampling.greedy(8))).get(0);
    assertTrue(c.tokens() > 0);
  }

  @Test
  void load_savedCheckpoint_sameGreedyText() throws Exception {
    List<String> prompts = questions(10, 31);
    try (BuiltinStudent loaded = BuiltinStudent.load(trained)) {
      assertEquals(TINY, loaded.config());
      assertEquals("trained", loaded.name());
      assertEquals(400, loaded.metadata().totalSteps());
      assertEquals(texts(join(student.generate(prompts, Sampling.greedy(24)))),
          texts(join(loaded.generate(prompts, Sampling.greedy(24)))));
    }
  }

  @Test
  void load_directoryWithoutCheckpoint_failsNamingIt(@TempDir Path empty) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BuiltinStudent.load(empty));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }

  @Test
  void close_laterCallsFail() {
    BuiltinStudent s = BuiltinStudent.create(TINY, 1);
    s.close();
    assertThrows(IllegalStateException.class,
        () -> join(s.generate(List.of("first abc"), Sampling.greedy(4))));
    s.close();
  }

  private static List<String> texts(List<Completion> completions) {
    return completions.stream().map(Completion::text).toList();
  }
}
