package io.skillforge.server.jobs.student;

import io.skillforge.server.jobs.DatasetNotes;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.dataset.LoadedDataset;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.TrainingProgress;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.SequenceLength;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Trains the built-in student from scratch, or fine-tunes a checkpoint, and writes the result as
 * a checkpoint directory. Snapshots go to {@code OUT/resume} every {@code saveEvery} steps; the
 * same request after a crash resumes from the last one and ends with the bytes of an uninterrupted
 * run. Everything that can be checked is checked before training starts: the output, the shape,
 * and how many examples fit the model's context.
 */
public final class TrainStudentJob implements Job<TrainStudentJob.Request, TrainStudentJob.Result> {
  /** The snapshot directory under the output. */
  public static final String SNAPSHOTS = "resume";
  /** More than this share of examples too long for the context fails the job before training. */
  public static final double MAX_SKIPPED_SHARE = 0.5;

  /**
   * @param data training data (JSONL)
   * @param layout how the data is laid out
   * @param init checkpoint to fine-tune; null for a fresh model of {@code shape}
   * @param shape the fresh model's shape; must be {@link ModelShape#DEFAULT} with {@code init}
   * @param out checkpoint directory to write
   * @param force whether an existing checkpoint at {@code out} may be replaced
   * @param steps optimizer steps
   * @param seed seed of the initial weights and the data order
   * @param batchSize sequences per step
   * @param learningRate peak learning rate; null for 2e-3 from scratch, 1e-3 with {@code init}
   * @param warmup warm-up steps; null for 5% of steps, at most 200
   * @param weighting how example weights count
   * @param threads data-parallel workers on the CPU
   * @param saveEvery steps between snapshots; 0 for none
   */
  public record Request(
      Path data, DatasetLayout layout, Path init, ModelShape shape, Path out, boolean force,
      int steps, long seed, int batchSize, Double learningRate, Integer warmup,
      FineTuneSettings.Weighting weighting, int threads, int saveEvery) {
    public Request {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(weighting, "weighting");
      positive("--steps", steps);
      positive("--batch-size", batchSize);
      positive("--threads", threads);
      if (saveEvery < 0) {
        throw new BadInputException("--save-every must be >= 0 but was " + saveEvery);
      }
      if (init != null && shape.any()) {
        throw new BadInputException("--dim, --layers, --heads, --context and --mlp-ratio shape a"
            + " fresh model; a model from --init keeps its shape");
      }
    }

    private static void positive(String option, int value) {
      if (value <= 0) {
        throw new BadInputException(option + " must be > 0 but was " + value);
      }
    }

    FineTuneSettings settings() {
      try {
        FineTuneSettings settings = FineTuneSettings.defaults(steps).withSeed(seed)
            .withBatchSize(batchSize)
            .withLearningRate(learningRate != null ? learningRate : init == null ? 2e-3 : 1e-3)
            .withWeighting(weighting);
        return warmup != null ? settings.withWarmupSteps(warmup) : settings;
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage(), e);
      }
    }
  }

  /**
   * @param checkpoint the directory written
   * @param report the run's figures (a resumed run's rate and time count the resumed part)
   * @param resumedAfterStep the snapshot's step when the run resumed; 0 otherwise
   * @param rejectedLines data lines that were not examples
   */
  public record Result(Path checkpoint, FineTuneReport report, int resumedAfterStep, long rejectedLines) {}

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    FineTuneSettings settings = request.settings();
    Path out = request.out();
    checkOutput(out, request.force());
    LoadedDataset data = Datasets.load(request.data(), request.layout());
    DatasetNotes.rejectedLines(data, context);
    BuiltinStudent.Snapshots snapshots = request.saveEvery() == 0 ? null
        : new BuiltinStudent.Snapshots(out.resolve(SNAPSHOTS), request.saveEvery());
    BuiltinStudent.Options options =
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(request.threads());
    try (BuiltinStudent student = request.init() != null
        ? StudentChoice.load(StudentChoice.Checkpoint.named(request.init()), options)
        : BuiltinStudent.create(shape(request.shape()), request.seed(), options)) {
      TransformerConfig config = student.config();
      checkContext(data, config.context(), request.init() != null, context);
      context.note(String.format(Locale.ROOT, "training %s on %s: %,d examples, %,d steps of %d,"
              + " d=%d layers=%d heads=%d mlp=%dx context=%d (%,d parameters) on %s, %d worker(s)",
          request.init() == null ? "a fresh model" : request.init(), request.data(),
          data.items().size(), request.steps(), request.batchSize(), config.dModel(), config.layers(),
          config.heads(), config.mlpRatio(), config.context(), config.parameterCount(),
          student.device(), request.threads()));
      Files.createDirectories(out);
      StepReporter reporter = new StepReporter(context, out.resolve(SNAPSHOTS));
      FineTuneReport report = Await.result(student.fineTune(data.items(), settings, reporter::step,
          context.cancellation(), snapshots), context.cancellation());
      Await.result(student.save(out));
      if (snapshots != null) {
        snapshots.clear();
      }
      return new Result(out, report, reporter.resumedAfter, data.report().rejected());
    }
  }

  private static TransformerConfig shape(ModelShape shape) {
    try {
      return shape.config();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  /**
   * The output must be a directory, or one that can be created, and not hold a finished
   * checkpoint unless forced. Nothing is created here: a refused run leaves no trace.
   */
  private static void checkOutput(Path out, boolean force) throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new BadInputException("--out " + out + " is a file; name a directory for the checkpoint");
    }
    boolean checkpoint = Files.isRegularFile(out.resolve("config.json"));
    boolean resumable = Files.exists(out.resolve(SNAPSHOTS))
        || Files.exists(out.resolve(SNAPSHOTS + ".next")) || Files.exists(out.resolve(SNAPSHOTS + ".old"));
    if (checkpoint && !resumable && !force) {
      throw new ConflictException("--out " + out + " already holds a checkpoint; pass --force to"
          + " replace it, or name another directory");
    }
    Path existing = out.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw new BadInputException("--out " + out + " cannot be created: " + existing
          + " is not a writable directory");
    }
  }

  /**
   * Fails before training when most examples cannot fit the context, and says how many will be
   * left out otherwise.
   */
  static void checkContext(LoadedDataset data, int contextLength, boolean fromInit, JobContext context) {
    List<Example> items = data.items();
    long tooLong = items.stream().filter(e -> !SequenceLength.fits(e, contextLength)).count();
    if (tooLong == 0) {
      return;
    }
    String counts = String.format(Locale.ROOT, "%,d of %,d examples of %s are longer than the"
        + " student's context of %d bytes", tooLong, items.size(), data.file(), contextLength);
    if (tooLong > MAX_SKIPPED_SHARE * items.size()) {
      int longest = items.stream().mapToInt(SequenceLength::of).max().orElse(0);
      throw new BadInputException(counts + " (the longest takes " + longest + ")"
          + (fromInit ? "; a model from --init keeps its context: train with shorter examples"
              : "; train a fresh model with a longer --context, or with shorter examples"));
    }
    context.note(counts + "; they are left out of training");
  }

  /** Turns training steps into progress, and notices a resumed run. */
  private static final class StepReporter {
    private final JobContext context;
    private final Path snapshots;
    private boolean first = true;
    private int resumedAfter;

    StepReporter(JobContext context, Path snapshots) {
      this.context = context;
      this.snapshots = snapshots;
    }

    void step(TrainingProgress p) {
      if (first && p.step() > 1) {
        resumedAfter = p.step() - 1;
        context.note("resumed after step " + resumedAfter + " from the snapshot in " + snapshots);
      }
      first = false;
      context.progress(new Progress("train", p.step(), p.steps(), "steps", String.format(Locale.ROOT,
          "loss %.4f  lr %.2e  %,.0f tok/s  %.1fs", p.loss(), p.learningRate(),
          p.tokensPerSecond(), p.elapsed().toMillis() / 1e3)));
    }
  }
}
