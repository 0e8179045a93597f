package io.skillforge.server.cli.student;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.cli.StderrProgress;
import io.skillforge.server.cli.options.DatasetLayoutOptions;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.server.jobs.student.ModelShape;
import io.skillforge.server.jobs.student.TrainStudentJob;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
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
      "Before training it checks --out (an existing checkpoint is replaced only with --force) and"
          + " how many examples fit the context: more than half too long is an error, fewer are"
          + " left out with a warning. Exit code 3 when some data lines were rejected."
    })
public final class StudentTrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (JSONL).")
  Path data;

  @Mixin DatasetLayoutOptions layout;

  @Option(names = "--init", paramLabel = "DIR", description = "Checkpoint to fine-tune; a fresh model when absent.")
  Path init;

  @Option(names = "--steps", required = true, paramLabel = "N", description = "Optimizer steps.")
  int steps;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint directory to write.")
  Path out;

  @Option(names = "--force", description = "Replace a checkpoint already in --out.")
  boolean force;

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
      description = "Write a snapshot to OUT/" + TrainStudentJob.SNAPSHOTS + " every N steps (0: never;"
          + " default ${DEFAULT-VALUE}). Run the same command again after a crash to continue from it"
          + " to the same result; it is deleted once the checkpoint is written.")
  int saveEvery;

  @Override
  public Integer call() throws Exception {
    FineTuneSettings.Weighting mode = switch (weighting.toLowerCase(Locale.ROOT)) {
      case "sample" -> FineTuneSettings.Weighting.SAMPLE;
      case "loss" -> FineTuneSettings.Weighting.LOSS;
      default -> throw new BadInputException("--weighting must be sample or loss, not '" + weighting + "'");
    };
    PrintWriter err = spec.commandLine().getErr();
    TrainStudentJob.Result result = JobRunner.run(new TrainStudentJob(),
        new TrainStudentJob.Request(data, layout.layout(), init,
            new ModelShape(dim, layers, heads, context, mlpRatio), out, force, steps, seed,
            batchSize, learningRate, warmup, mode, threads, saveEvery),
        new EveryNthStep(new StderrProgress(err, 0), Math.max(1, logEvery)));
    FineTuneReport report = result.report();
    ObjectNode summary = new ObjectMapper().createObjectNode();
    summary.put("checkpoint", out.toString());
    summary.put("steps", report.steps());
    summary.put("resumedAfterStep", result.resumedAfterStep());
    summary.put("examples", report.examples());
    summary.put("skipped", report.skipped());
    summary.put("tokens", report.tokens());
    summary.put("firstLoss", report.firstLoss());
    summary.put("finalLoss", report.finalLoss());
    summary.put("tokensPerSecond", Math.round(report.tokensPerSecond()));
    // This process's share: a resumed run counts the steps after its snapshot.
    summary.put("seconds", report.elapsed().toMillis() / 1000.0);
    spec.commandLine().getOut().println(summary);
    return result.rejectedLines() > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  /** Passes on the first, every n-th and the last step, and every note. */
  private record EveryNthStep(ProgressListener printer, int n) implements ProgressListener {
    @Override
    public void progress(Progress p) {
      if (p.done() % n == 0 || p.done() == p.total() || p.done() <= 1) {
        printer.progress(p);
      }
    }

    @Override
    public void note(String message) {
      printer.note(message);
    }
  }
}
