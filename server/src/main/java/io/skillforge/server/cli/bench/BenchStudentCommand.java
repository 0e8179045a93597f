package io.skillforge.server.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Throughput of the built-in student on this machine: training tokens/s, and generation tokens/s
 * with batch 1 and batch 32.
 *
 * <p>Workload: a fresh model of the given shape (default: the default built-in student), measured
 * generating first, then training. Training runs {@code --train-steps} steps of batch {@code --batch-size} on uniform skill-world items
 * (their tokens, padding excluded, over the wall time; {@code --warmup-steps} untimed steps
 * first). Generation continues the items' prompts for exactly {@code --gen-tokens} tokens each
 * (end-of-text ignored, so every row does the same work). Both batch sizes generate the same
 * completions of the same 32 prompts: batch 1 one prompt at a time, batch 32 all at once (padded
 * to the longest). First {@code --gen-warmups} untimed one-prompt runs, with a batch-32 run after
 * every third (the JIT and the native kernels warm up), then {@code --repeats} timed rounds of
 * the 32 prompts at batch 1 and at batch 32 back to back, so that both batch sizes see the same
 * machine (on a shared machine the speed drifts over seconds): tokens/s = tokens / wall time over
 * all rounds, and the speed-up of each round is printed as a range. Run: {@code ./skillforge
 * bench student}.
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
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TransformerConfig config = TransformerConfig.of(dim, layers, heads, context)
        .withMlpRatio(mlpRatio);
    List<Example> items = new WorldGenerator(seed, SkillMix.uniform(), 0.2)
        .examples(4096, "bench", "train");
    try (BuiltinStudent student = BuiltinStudent.create(config, seed,
        BuiltinStudent.Options.DEFAULT.withMaxBatch(32).withTrainingThreads(threads))) {
      err.printf(Locale.ROOT, "model d=%d layers=%d heads=%d mlp=%dx context=%d, %,d parameters,"
          + " on %s%n", dim, layers, heads, mlpRatio, context, config.parameterCount(),
          student.device());
      err.flush();
      List<String> prompts = items.stream().map(Example::question).limit(32).toList();
      GenerationRates generation = generationRates(student, prompts);
      double batch1 = generation.batch1();
      double batch32 = generation.batch32();
      // Training second: generation speed does not depend on the weights (every row generates
      // exactly --gen-tokens tokens), and training first left generation slower in the same JVM.
      if (warmupSteps > 0) {
        join(student.fineTune(items, FineTuneSettings.defaults(warmupSteps)
            .withBatchSize(batchSize).withSeed(seed + 1), p -> {}, Cancellation.never()));
      }
      FineTuneReport train = join(student.fineTune(items,
          FineTuneSettings.defaults(trainSteps).withBatchSize(batchSize).withSeed(seed), p -> {},
          Cancellation.never()));
      double trainRate = train.tokensPerSecond();
      err.printf(Locale.ROOT, "trained %d steps: %,d tokens in %.1fs%n", trainSteps,
          train.tokens(), train.elapsed().toMillis() / 1e3);
      err.flush();

      out.println("measure                          value");
      out.printf(Locale.ROOT, "training tokens/s (batch %2d, %d worker(s)) %9.0f%n", batchSize,
          threads, trainRate);
      out.printf(Locale.ROOT, "generation tokens/s, batch 1  %9.0f%n", batch1);
      out.printf(Locale.ROOT, "generation tokens/s, batch 32 %9.0f%n", batch32);
      out.printf(Locale.ROOT, "batch 32 / batch 1            %9.1fx (rounds %.1f-%.1fx)%n",
          batch32 / batch1, generation.lowestSpeedup(), generation.highestSpeedup());
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("trainTokensPerSecond", Math.round(trainRate));
      json.put("genTokensPerSecondBatch1", Math.round(batch1));
      json.put("genTokensPerSecondBatch32", Math.round(batch32));
      json.put("batchSpeedup", Math.round(batch32 / batch1 * 10) / 10.0);
      json.put("batchSpeedupLowestRound", Math.round(generation.lowestSpeedup() * 10) / 10.0);
      json.put("batchSpeedupHighestRound", Math.round(generation.highestSpeedup() * 10) / 10.0);
      json.put("genRounds", repeats);
      json.put("parameters", config.parameterCount());
      json.put("device", student.device().toString());
      json.put("trainBatchSize", batchSize);
      json.put("trainWorkers", threads);
      json.put("genTokensPerRow", genTokens);
      out.println(json);
    }
    return ExitCodes.OK;
  }

  /** Generation tokens/s of both batch sizes over all rounds, and each round's speed-up range. */
  private record GenerationRates(double batch1, double batch32, double lowestSpeedup,
      double highestSpeedup) {}

  /**
   * Both batch sizes generate the same completions: the 32 prompts one at a time, and all at once.
   */
  private GenerationRates generationRates(BuiltinStudent student, List<String> prompts) {
    Sampling sampling = Sampling.greedy(genTokens).withIgnoreEos(true);
    // The JIT takes about 2,000 generation steps to compile the hot path (measured: batch 1 at
    // 400-650 tokens/s for the first 28 calls of 64 tokens, then 1,400-1,550).
    for (int w = 0; w < warmups; w++) {
      join(student.generate(List.of(prompts.get(w % prompts.size())), sampling));
      if (w % 3 == 0) {
        join(student.generate(prompts, sampling));
      }
    }
    long[] tokens = new long[2];
    long[] nanos = new long[2];
    double lowest = Double.POSITIVE_INFINITY;
    double highest = 0;
    for (int r = 0; r < repeats; r++) {
      double[] rate = new double[2];
      for (int size = 0; size < 2; size++) {
        boolean oneAtATime = size == 0;
        long start = System.nanoTime();
        long made = generatedTokens(student, prompts, sampling, oneAtATime);
        long took = System.nanoTime() - start;
        tokens[size] += made;
        nanos[size] += took;
        rate[size] = made / (took / 1e9);
      }
      lowest = Math.min(lowest, rate[1] / rate[0]);
      highest = Math.max(highest, rate[1] / rate[0]);
    }
    return new GenerationRates(tokens[0] / (nanos[0] / 1e9), tokens[1] / (nanos[1] / 1e9),
        lowest, highest);
  }

  /** Generates a completion of every prompt, one call per prompt or one for all; the tokens made. */
  private static long generatedTokens(BuiltinStudent student, List<String> prompts,
      Sampling sampling, boolean oneAtATime) {
    List<List<String>> calls = oneAtATime
        ? prompts.stream().map(List::of).toList() : List.of(prompts);
    long made = 0;
    for (List<String> call : calls) {
      for (Completion c : join(student.generate(call, sampling))) {
        made += c.tokens();
      }
    }
    return made;
  }

  private static <T> T join(io.vertx.core.Future<T> future) {
    return Await.result(future);
  }
}
