package io.skillforge.server.jobs.distill;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small skill-world data and a tiny, briefly trained student for distillation runs in tests. */
final class DistillFixture {
  final Path dir;
  final Path train;
  final Path validation;
  final Path test;
  final Path student;
  final List<Example> evaluation;

  private DistillFixture(Path dir, Path train, Path validation, Path test, Path student, List<Example> evaluation) {
    this.dir = dir;
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.student = student;
    this.evaluation = evaluation;
  }

  /** Data and a student under {@code dir}; the student's directory is named {@code studentName}. */
  static DistillFixture create(Path dir, String studentName) throws IOException {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> test = world.draw(60, 7, SkillMix.uniform(), 0.2, "test", "test", true);
    List<Example> validation = world.draw(80, 11, SkillMix.uniform(), 0.2, "val", "validation", true);
    List<Example> pool = world.draw(400, 13, SkillMix.zipf(1.2), 0.2, "seed", "train", false);
    Path trainFile = write(dir.resolve("train.jsonl"), pool);
    Path validationFile = write(dir.resolve("validation.jsonl"), validation);
    Path testFile = write(dir.resolve("test.jsonl"), test);
    Path checkpoint = dir.resolve(studentName);
    try (BuiltinStudent s = BuiltinStudent.create(TransformerConfig.of(32, 1, 2, 192), 5,
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(1))) {
      Await.result(s.fineTune(pool, FineTuneSettings.defaults(30).withSeed(5), p -> { }, Cancellation.never()));
      Await.result(s.save(checkpoint));
    }
    List<Example> evaluation = new java.util.ArrayList<>(validation);
    evaluation.addAll(test);
    return new DistillFixture(dir, trainFile, validationFile, testFile, checkpoint, evaluation);
  }

  private static Path write(Path file, List<Example> items) throws IOException {
    StringBuilder text = new StringBuilder();
    items.forEach(e -> text.append(ExampleJson.toJson(e)).append('\n'));
    return Files.writeString(file, text);
  }

  /** A run file with these data, {@code extra} YAML appended (keys not set here). */
  Path runFile(String name, int rounds, String extra) throws IOException {
    String yaml = "run-dir: " + name + "\n"
        + "rounds: " + rounds + "\n"
        + "train: train.jsonl\nvalidation: validation.jsonl\ntest: test.jsonl\n"
        + extra
        + "stat:\n  budget: 120\n  steps: 6\n  threads: 1\n  max-tokens: 40\n";
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  static JobServices services(Map<String, String> env) {
    return new JobServices(() -> SkillforgeConfig.load(env, null), env, IndexAccess.perJob());
  }
}
