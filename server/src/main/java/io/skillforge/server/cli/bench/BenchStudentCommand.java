package io.skillforge.server.cli.bench;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.jobs.bench.StudentBench;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillforge bench student}: training and generation throughput of the built-in student on
 * this machine (see {@link StudentBench} for the workload). Prints a table, then the figures as one
 * JSON object.
 */
@Command(
    name = "student",
    mixinStandardHelpOptions = true,
    description = "Training and generation throughput of the built-in student on this machine.")
public final class BenchStudentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dim", defaultValue = "128", description = "Model width (default ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--layers", defaultValue = "4", description = "Blocks (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--heads", defaultValue = "8", description = "Heads (default ${DEFAULT-VALUE}).")
  int heads;

  @Option(names = "--context", defaultValue = "192", description = "Context (default ${DEFAULT-VALUE}).")
  int context;

  @Option(names = "--mlp-ratio", defaultValue = "2", description = "MLP ratio (default ${DEFAULT-VALUE}).")
  int mlpRatio;

  @Option(names = "--train-steps", defaultValue = "60", description = "Timed training steps (default ${DEFAULT-VALUE}).")
  int trainSteps;

  @Option(names = "--warmup-steps", defaultValue = "10", description = "Untimed training steps first (default ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(names = "--batch-size", defaultValue = "16", description = "Training batch (default ${DEFAULT-VALUE}, as student train).")
  int batchSize;

  @Option(names = "--threads", defaultValue = "2",
      description = "Training workers, as student train (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--gen-tokens", defaultValue = "64", description = "Tokens generated per row (default ${DEFAULT-VALUE}).")
  int genTokens;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Timed rounds of the same 32 completions at batch 1 and at batch 32 (default"
          + " ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--gen-warmups", defaultValue = "40",
      description = "Untimed one-prompt generation runs first, with a batch-32 run after every"
          + " third (default ${DEFAULT-VALUE}).")
  int warmups;

  @Option(names = "--seed", defaultValue = "42", description = "Weights and data seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    TransformerConfig model = TransformerConfig.of(dim, layers, heads, context).withMlpRatio(mlpRatio);
    StudentBench.Request request = new StudentBench.Request(model, trainSteps, warmupSteps,
        batchSize, threads, genTokens, repeats, warmups, seed);
    StudentBench.Result result = JobRunner.run(spec, new StudentBench(), request);
    PrintWriter out = spec.commandLine().getOut();
    out.println("measure                          value");
    out.printf(Locale.ROOT, "training tokens/s (batch %2d, %d worker(s)) %9.0f%n", batchSize,
        threads, result.trainTokensPerSecond());
    out.printf(Locale.ROOT, "generation tokens/s, batch 1  %9.0f%n", result.genTokensPerSecondBatch1());
    out.printf(Locale.ROOT, "generation tokens/s, batch 32 %9.0f%n", result.genTokensPerSecondBatch32());
    out.printf(Locale.ROOT, "batch 32 / batch 1            %9.1fx (rounds %.1f-%.1fx)%n",
        result.batchSpeedup(), result.lowestRoundSpeedup(), result.highestRoundSpeedup());
    out.println(result.json());
    return ExitCodes.OK;
  }
}
