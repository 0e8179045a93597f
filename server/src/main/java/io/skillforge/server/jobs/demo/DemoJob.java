package io.skillforge.server.jobs.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.distill.DistillConfig;
import io.skillforge.server.jobs.distill.DistillJob;
import io.skillforge.server.jobs.distill.RoundReport;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.server.jobs.student.ModelShape;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The main job on the embedded default, end to end: unbalanced skill-world seed data and a
 * baseline built-in student trained on it; then one STAT-Syn distillation round whose teacher is
 * the LangChain4j teacher talking over real HTTP to an in-process teacher simulator: probe, the
 * missing-skill profile, synthesis, fine-tuning and a re-probe, with a report. Each part is kept in
 * the work directory, so running the demo again reuses what is there.
 */
public final class DemoJob implements Job<DemoJob.Request, DemoJob.Result> {
  /** New items asked per (difficult item, missing skill) pair in the demo's round. */
  static final int ITEMS_PER_PAIR = 6;

  /**
   * @param work the demo's directory
   * @param seed seeds the data and the training
   * @param mix the seed data's skill mix
   * @param poolSize seed items
   * @param evaluationSize validation and test items each
   * @param baselineSteps the baseline's training steps
   * @param roundSteps the round's fine-tuning steps
   * @param budget the round's training examples
   */
  public record Request(Path work, long seed, String mix, int poolSize, int evaluationSize, int baselineSteps,
      int roundSteps, int budget) {
    public Request {
      // Absolute, so that the run file's paths are relative to it whatever the current directory.
      work = Objects.requireNonNull(work, "work").toAbsolutePath().normalize();
    }
  }

  /** The round's report and where the HTML page is. */
  public record Result(RoundReport report, Path reportHtml) {}

  private final JobServices services;

  public DemoJob(JobServices services) {
    this.services = services;
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    Path data = request.work().resolve("data");
    Files.createDirectories(data);
    Path pool = data.resolve("seed.jsonl");
    Path validation = data.resolve("validation.jsonl");
    Path test = data.resolve("test.jsonl");
    if (!Files.exists(pool)) {
      writeData(request, pool, validation, test, context);
    }
    Path baseline = request.work().resolve("baseline");
    if (!Files.exists(baseline.resolve("config.json"))) {
      trainBaseline(request, pool, baseline, context);
    }
    Vertx vertx = Vertx.vertx();
    TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults());
    try {
      Await.result(sim.start());
      context.note("teacher-sim listening on " + sim.baseUrl() + "; the teacher reaches it over HTTP");
      JobServices withSim = new JobServices(() -> teacherAt(sim.baseUrl(), request.work()),
          services.environment(), services.indexes());
      DistillConfig config = DistillConfig.load(writeRunFile(request, pool, validation, test, baseline),
          withSim.config());
      DistillJob.Result result = new DistillJob(withSim).run(config, context);
      RoundReport report = result.rounds().get(0);
      return new Result(report, config.runDir().resolve("round-1").resolve("report.html"));
    } finally {
      Await.result(sim.close());
      Await.result(vertx.close());
    }
  }

  private static void writeData(Request request, Path pool, Path validation, Path test, JobContext context)
      throws IOException {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> testItems = world.draw(request.evaluationSize(), request.seed() * 31 + 7, SkillMix.uniform(),
        0.2, "test", "test", true);
    List<Example> validationItems = world.draw(request.evaluationSize(), request.seed() * 31 + 11,
        SkillMix.uniform(), 0.2, "val", "validation", true);
    List<Example> seed = world.draw(request.poolSize(), request.seed() * 31 + 13, SkillMix.parse(request.mix()),
        0.2, "seed", "train", false);
    TrainingSetWriter.writeFile(pool, seed, TrainingFormat.FULL);
    TrainingSetWriter.writeFile(validation, validationItems, TrainingFormat.FULL);
    TrainingSetWriter.writeFile(test, testItems, TrainingFormat.FULL);
    context.note(String.format(Locale.ROOT, "wrote %,d seed items (%s), %,d validation and %,d test items (uniform)"
        + " to %s", seed.size(), request.mix(), validationItems.size(), testItems.size(), pool.getParent()));
  }

  private static void trainBaseline(Request request, Path pool, Path baseline, JobContext context)
      throws IOException {
    List<Example> items = io.skillforge.skills.dataset.Datasets.load(pool,
        io.skillforge.skills.dataset.DatasetLayout.DEFAULT).items();
    FineTuneSettings settings = FineTuneSettings.defaults(request.baselineSteps()).withSeed(request.seed());
    context.note(String.format(Locale.ROOT, "training the baseline student on the %,d seed items, %,d steps",
        items.size(), request.baselineSteps()));
    try (BuiltinStudent student = BuiltinStudent.create(ModelShape.DEFAULT.config(), request.seed(),
        BuiltinStudent.Options.DEFAULT.withName("baseline"))) {
      Await.result(student.fineTune(items, settings, p -> {
        if (p.step() % 50 == 0 || p.step() == p.steps()) {
          context.progress(new Progress("baseline", p.step(), p.steps(), "steps",
              String.format(Locale.ROOT, "loss %.4f  %,.0f tok/s", p.loss(), p.tokensPerSecond())));
        }
      }, context.cancellation()), context.cancellation());
      Await.result(student.save(baseline));
    }
  }

  /** The configuration with the teacher pointed at the simulator and its cache in the demo. */
  private SkillforgeConfig teacherAt(String baseUrl, Path work) {
    Map<String, String> env = new HashMap<>(services.environment());
    env.put("SKILLFORGE_TEACHER_KIND", "openai-compatible");
    env.put("SKILLFORGE_TEACHER_BASE_URL", baseUrl);
    env.put("SKILLFORGE_TEACHER_MODEL", SimOptions.DEFAULT_MODEL);
    env.put("SKILLFORGE_TEACHER_CACHE_DIR", work.resolve("teacher-cache").toString());
    return SkillforgeConfig.load(env, null);
  }

  private static Path writeRunFile(Request request, Path pool, Path validation, Path test, Path baseline)
      throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode run = yaml.createObjectNode();
    run.put("run-dir", "run");
    run.put("rounds", 1);
    run.put("method", "syn");
    run.put("train", request.work().relativize(pool).toString());
    run.put("validation", request.work().relativize(validation).toString());
    run.put("test", request.work().relativize(test).toString());
    run.putObject("student").put("kind", "builtin").put("checkpoint", request.work().relativize(baseline).toString());
    // Items per pair as fill the targeted part of the budget with new items (the paper asks 2).
    run.putObject("stat").put("budget", request.budget()).put("steps", request.roundSteps())
        .put("items-per-pair", ITEMS_PER_PAIR);
    Path file = request.work().resolve("distill.yaml");
    String text = "# The demo's distillation run; run it again with: skillforge distill --config " + file + "\n"
        + yaml.writeValueAsString(run);
    OutputFiles.writeAtomically(file, w -> w.write(text));
    return file;
  }
}
