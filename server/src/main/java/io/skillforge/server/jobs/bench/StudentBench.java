package io.skillforge.server.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.builtin.TransformerConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Throughput of the built-in student on this machine: training tokens/s, and generation tokens/s
 * with batch 1 and batch 32.
 *
 * <p>Workload: a fresh model of the given shape, measured generating first, then training.
 * Training runs {@code trainSteps} steps of batch {@code batchSize} on uniform skill-world items
 * (their tokens, padding excluded, over the wall time; {@code warmupSteps} untimed steps first).
 * Generation continues the items' prompts for exactly {@code genTokens} tokens each (end-of-text
 * ignored, so every row does the same work). Both batch sizes generate the same completions of the
 * same 32 prompts: batch 1 one prompt at a time, batch 32 all at once (padded to the longest).
 * First {@code genWarmups} untimed one-prompt runs, with a batch-32 run after every third (the JIT
 * and the native kernels warm up), then {@code repeats} timed rounds of the 32 prompts at batch 1
 * and at batch 32 back to back, so that both batch sizes see the same machine (on a shared machine
 * the speed drifts over seconds): tokens/s = tokens / wall time over all rounds, and the speed-up
 * of each round is kept as a range. Run: {@code ./skillforge bench student}.
 */
public final class StudentBench implements Job<StudentBench.Request, StudentBench.Result> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PROMPTS = 32;

  /**
   * @param model the shape of the fresh model
   * @param trainSteps timed training steps
   * @param warmupSteps untimed training steps first
   * @param batchSize training batch
   * @param threads training workers
   * @param genTokens tokens generated per row
   * @param repeats timed rounds of the same completions at batch 1 and at batch 32
   * @param genWarmups untimed one-prompt generation runs first
   * @param seed seed of the weights and the data
   */
  public record Request(
      TransformerConfig model, int trainSteps, int warmupSteps, int batchSize, int threads,
      int genTokens, int repeats, int genWarmups, long seed) {
    public Request {
      Objects.requireNonNull(model, "model");
      if (trainSteps < 1 || batchSize < 1 || threads < 1 || genTokens < 1 || repeats < 1) {
        throw new BadInputException("--train-steps, --batch-size, --threads, --gen-tokens and"
            + " --repeats must be >= 1");
      }
      if (warmupSteps < 0 || genWarmups < 0) {
        throw new BadInputException("--warmup-steps and --gen-warmups must be >= 0");
      }
    }
  }

  /**
   * @param request what was measured
   * @param device where the model ran, such as {@code cpu()}
   * @param trainTokensPerSecond training tokens (padding excluded) over the wall time
   * @param trainTokens tokens of the timed training steps
   * @param trainSeconds wall time of the timed training steps
   * @param genTokensPerSecondBatch1 generation tokens/s one prompt at a time, over all rounds
   * @param genTokensPerSecondBatch32 generation tokens/s all prompts at once, over all rounds
   * @param lowestRoundSpeedup the lowest batch-32 over batch-1 speed-up of a round
   * @param highestRoundSpeedup the highest likewise
   */
  public record Result(
      Request request, String device, double trainTokensPerSecond, long trainTokens,
      double trainSeconds, double genTokensPerSecondBatch1, double genTokensPerSecondBatch32,
      double lowestRoundSpeedup, double highestRoundSpeedup) {
    /** Generation tokens/s at batch 32 over batch 1, over all rounds. */
    public double batchSpeedup() {
      return genTokensPerSecondBatch32 / genTokensPerSecondBatch1;
    }

    /** The figures as one JSON object (the last line of {@code bench student}). */
    public ObjectNode json() {
      ObjectNode json = JSON.createObjectNode();
      json.put("trainTokensPerSecond", Math.round(trainTokensPerSecond));
      json.put("genTokensPerSecondBatch1", Math.round(genTokensPerSecondBatch1));
      json.put("genTokensPerSecondBatch32", Math.round(genTokensPerSecondBatch32));
      json.put("batchSpeedup", oneDecimal(batchSpeedup()));
      json.put("batchSpeedupLowestRound", oneDecimal(lowestRoundSpeedup));
      json.put("batchSpeedupHighestRound", oneDecimal(highestRoundSpeedup));
      json.put("genRounds", request.repeats());
      json.put("parameters", request.model().parameterCount());
      json.put("device", device);
      json.put("trainBatchSize", request.batchSize());
      json.put("trainWorkers", request.threads());
      json.put("genTokensPerRow", request.genTokens());
      return json;
    }

    private static double oneDecimal(double value) {
      return Math.round(value * 10) / 10.0;
    }
  }

  /** Generation tokens/s of both batch sizes over all rounds, and each round's speed-up range. */
  private record GenerationRates(double batch1, double batch32, double lowestSpeedup,
      double highestSpeedup) {}

  @Override
  public Result run(Request request, JobContext context) {
    TransformerConfig config = request.model();
    List<Example> items = new WorldGenerator(request.seed(), SkillMix.uniform(), 0.2)
        .examples(4096, "bench", "train");
    try (BuiltinStudent student = BuiltinStudent.create(config, request.seed(),
        BuiltinStudent.Options.DEFAULT.withMaxBatch(PROMPTS).withTrainingThreads(request.threads()))) {
      context.note(String.format(Locale.ROOT, "model d=%d layers=%d heads=%d mlp=%dx context=%d,"
          + " %,d parameters, on %s", config.dModel(), config.layers(), config.heads(),
          config.mlpRatio(), config.context(), config.parameterCount(), student.device()));
      List<String> prompts = items.stream().map(Example::question).limit(PROMPTS).toList();
      GenerationRates generation = generationRates(student, prompts, request, context);
      // Training second: generation speed does not depend on the weights (every row generates
      // exactly genTokens tokens), and training first left generation slower in the same JVM.
      if (request.warmupSteps() > 0) {
        await(student.fineTune(items, FineTuneSettings.defaults(request.warmupSteps())
            .withBatchSize(request.batchSize()).withSeed(request.seed() + 1), p -> {},
            context.cancellation()), context);
      }
      FineTuneReport train = await(student.fineTune(items,
          FineTuneSettings.defaults(request.trainSteps()).withBatchSize(request.batchSize())
              .withSeed(request.seed()),
          p -> context.progress(Progress.of("train", p.step(), p.steps(), "steps")),
          context.cancellation()), context);
      double trainSeconds = train.elapsed().toMillis() / 1e3;
      context.note(String.format(Locale.ROOT, "trained %d steps: %,d tokens in %.1fs",
          request.trainSteps(), train.tokens(), trainSeconds));
      return new Result(request, student.device().toString(), train.tokensPerSecond(),
          train.tokens(), trainSeconds, generation.batch1(), generation.batch32(),
          generation.lowestSpeedup(), generation.highestSpeedup());
    }
  }

  /** Both batch sizes generate the same completions: the prompts one at a time, and all at once. */
  private static GenerationRates generationRates(BuiltinStudent student, List<String> prompts,
      Request request, JobContext context) {
    Sampling sampling = Sampling.greedy(request.genTokens()).withIgnoreEos(true);
    // The JIT takes about 2,000 generation steps to compile the hot path (measured: batch 1 at
    // 400-650 tokens/s for the first 28 calls of 64 tokens, then 1,400-1,550).
    for (int w = 0; w < request.genWarmups(); w++) {
      await(student.generate(List.of(prompts.get(w % prompts.size())), sampling), context);
      if (w % 3 == 0) {
        await(student.generate(prompts, sampling), context);
      }
    }
    long[] tokens = new long[2];
    long[] nanos = new long[2];
    double lowest = Double.POSITIVE_INFINITY;
    double highest = 0;
    for (int r = 0; r < request.repeats(); r++) {
      double[] rate = new double[2];
      for (int size = 0; size < 2; size++) {
        boolean oneAtATime = size == 0;
        long start = System.nanoTime();
        long made = generatedTokens(student, prompts, sampling, oneAtATime, context);
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
      Sampling sampling, boolean oneAtATime, JobContext context) {
    List<List<String>> calls = oneAtATime
        ? prompts.stream().map(List::of).toList() : List.of(prompts);
    long made = 0;
    for (List<String> call : calls) {
      for (Completion c : await(student.generate(call, sampling), context)) {
        made += c.tokens();
      }
    }
    return made;
  }

  private static <T> T await(Future<T> future, JobContext context) {
    return Await.result(future, context.cancellation());
  }
}
