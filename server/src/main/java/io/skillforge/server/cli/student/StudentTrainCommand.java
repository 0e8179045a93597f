package io.skillforge.server.cli.student;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.DatasetLayout;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.TrainingProgress;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains the built-in student from scratch, or fine-tunes a checkpoint ({@code --init}), and
 * writes the result as a checkpoint directory. Progress goes to stderr; one JSON summary line to
 * stdout.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the built-in student on a dataset (question, rationale, answer per JSON line) and"
          + " writes a checkpoint directory. Loss counts only the response (rationale and answer"
          + " line). Prints progress (loss, tokens/s) on stderr and a JSON summary on stdout.",
      "Exit code 3 when some data lines were rejected (the rest were used)."
    })
public final class StudentTrainCommand implements Callable<Integer> {
  /** The snapshot directory under {@code --out}. */
  static final String SNAPSHOTS = "resume";

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (JSONL).")
  Path data;

  @Mixin DatasetLayout layout;

  @Option(names = "--init", paramLabel = "DIR", description = "Checkpoint to fine-tune; a fresh model when absent.")
  Path init;

  @Option(names = "--steps", required = true, paramLabel = "N", description = "Optimizer steps.")
  int steps;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint directory to write.")
  Path out;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
      description = "Seed of the initial weights and the data order (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--batch-size", defaultValue = "16", paramLabel = "B",
      description = "Sequences per step (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", paramLabel = "LR",
      description = "Peak learning rate (default 2e-3 from scratch, 1e-3 with --init).")
  Double learningRate;

  @Option(names = "--warmup", paramLabel = "N", description = "Warm-up steps (default 5%% of steps, at most 200).")
  Integer warmup;

  @Option(names = "--weighting", defaultValue = "sample", paramLabel = "MODE",
      description = "How example weights (the data's optional weight field, 1 when absent) count:"
          + " sample (sampling rate) or loss (default ${DEFAULT-VALUE}).")
  String weighting;

  @Option(names = "--dim", paramLabel = "D", description = "Model width, fresh model only (default 128).")
  Integer dim;

  @Option(names = "--layers", paramLabel = "L", description = "Transformer blocks, fresh model only (default 4).")
  Integer layers;

  @Option(names = "--heads", paramLabel = "H", description = "Attention heads, fresh model only (default 8).")
  Integer heads;

  @Option(names = "--context", paramLabel = "T", description = "Context in bytes, fresh model only (default 192).")
  Integer context;

  @Option(names = "--mlp-ratio", paramLabel = "R", description = "MLP width / model width, fresh model only (default 2).")
  Integer mlpRatio;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
      description = "Data-parallel workers on the CPU, each with one libtorch thread (default"
          + " ${DEFAULT-VALUE}; one is about 1.7x slower on two cores).")
  int threads;

  @Option(names = "--log-every", defaultValue = "50", paramLabel = "N",
      description = "Print progress every N steps (default ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--save-every", defaultValue = "500", paramLabel = "N",
      description = "Write a snapshot to OUT/" + SNAPSHOTS + " every N steps (0: never; default"
          + " ${DEFAULT-VALUE}). Run the same command again after a crash to continue from it to"
          + " the same result; it is deleted once the checkpoint is written.")
  int saveEvery;

  private boolean firstProgress = true;
  private int resumedAfter;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (steps <= 0) {
      throw new IllegalArgumentException("--steps must be > 0 but was " + steps);
    }
    if (init != null
        && (dim != null || layers != null || heads != null || context != null || mlpRatio != null)) {
      throw new IllegalArgumentException("--dim, --layers, --heads, --context and --mlp-ratio"
          + " shape a fresh model; a model from --init keeps its shape");
    }
    Datasets.Loaded loaded = Datasets.read(data, layout, err);
    FineTuneSettings settings = FineTuneSettings.defaults(steps).withSeed(seed)
        .withBatchSize(batchSize)
        .withLearningRate(learningRate != null ? learningRate : init == null ? 2e-3 : 1e-3)
        .withWeighting(FineTuneSettings.Weighting.valueOf(weighting.toUpperCase(Locale.ROOT)));
    if (warmup != null) {
      settings = settings.withWarmupSteps(warmup);
    }
    TransformerConfig defaults = TransformerConfig.DEFAULT;
    if (threads <= 0) {
      throw new IllegalArgumentException("--threads must be > 0 but was " + threads);
    }
    if (saveEvery < 0) {
      throw new IllegalArgumentException("--save-every must be >= 0 but was " + saveEvery);
    }
    BuiltinStudent.Snapshots snapshots =
        saveEvery == 0 ? null : new BuiltinStudent.Snapshots(out.resolve(SNAPSHOTS), saveEvery);
    BuiltinStudent.Options options = BuiltinStudent.Options.DEFAULT.withTrainingThreads(threads);
    try (BuiltinStudent student = init != null ? BuiltinStudent.load(init, options)
        : BuiltinStudent.create(TransformerConfig.of(
            dim != null ? dim : defaults.dModel(), layers != null ? layers : defaults.layers(),
            heads != null ? heads : defaults.heads(), context != null ? context : defaults.context())
            .withMlpRatio(mlpRatio != null ? mlpRatio : defaults.mlpRatio()), seed, options)) {
      TransformerConfig config = student.config();
      err.printf(Locale.ROOT, "training %s on %s: %,d examples, %,d steps of %d, d=%d layers=%d"
              + " heads=%d mlp=%dx context=%d (%,d parameters) on %s, %d worker(s)%n",
          init == null ? "a fresh model" : init, data, loaded.examples().size(), steps, batchSize,
          config.dModel(), config.layers(), config.heads(), config.mlpRatio(), config.context(),
          config.parameterCount(), student.device(), threads);
      err.flush();
      FineTuneReport report = Await.result(student.fineTune(loaded.examples(), settings,
          p -> log(err, p), Cancellation.never(), snapshots));
      Await.result(student.save(out));
      if (snapshots != null) {
        snapshots.clear();
      }
      if (report.skipped() > 0) {
        err.printf(Locale.ROOT, "skillforge: %d examples longer than the context were left out%n",
            report.skipped());
      }
      ObjectNode summary = new ObjectMapper().createObjectNode();
      summary.put("checkpoint", out.toString());
      summary.put("steps", report.steps());
      summary.put("resumedAfterStep", resumedAfter);
      summary.put("examples", report.examples());
      summary.put("skipped", report.skipped());
      summary.put("tokens", report.tokens());
      summary.put("firstLoss", report.firstLoss());
      summary.put("finalLoss", report.finalLoss());
      summary.put("tokensPerSecond", Math.round(report.tokensPerSecond()));
      // This process's share: a resumed run counts the steps after its snapshot.
      summary.put("seconds", report.elapsed().toMillis() / 1000.0);
      spec.commandLine().getOut().println(summary);
    }
    return loaded.report().anyRejected() ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private void log(PrintWriter err, TrainingProgress p) {
    if (firstProgress && p.step() > 1) {
      resumedAfter = p.step() - 1;
      err.printf(Locale.ROOT, "resumed after step %d from the snapshot in %s%n", resumedAfter,
          out.resolve(SNAPSHOTS));
    }
    firstProgress = false;
    if (p.step() % Math.max(1, logEvery) == 0 || p.step() == p.steps() || p.step() == 1) {
      err.printf(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %,.0f tok/s  %.1fs%n", p.step(),
          p.steps(), p.loss(), p.learningRate(), p.tokensPerSecond(), p.elapsed().toMillis() / 1e3);
      err.flush();
    }
  }
}
