package io.skillforge.server.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.TeacherUsage;
import io.skillforge.synthesis.teacher.llm.TeacherClient;
import io.skillforge.synthesis.teacher.settings.TeacherKind;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The LangChain4j teacher's throughput against teacher-sim over real HTTP, against the bound the
 * sim's latency sets.
 *
 * <p>Workload: {@code items} skill-world items (seeded) labelled through the full pipeline (HTTP,
 * JSON, validation, retries, the on-disk response cache in a fresh temporary directory) with
 * {@code concurrency} calls in flight and {@code batchSize} items per call (after {@code
 * warmupItems} other items, untimed, so the JIT has compiled the path), against teacher-sim
 * started in-process on a free port answering after {@code latencyMs}. Then the same items again
 * with a new client on the same cache, which must make no HTTP call. The bound is {@code
 * concurrency * 1000 / latency} items a second, one item per call; with batches the ratio may pass
 * 1, so the result also says what one item costs (calls and tokens per item). Run: {@code
 * ./skillforge bench teacher}.
 */
public final class TeacherBench implements Job<TeacherBench.Request, TeacherBench.Result> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param items items to label, timed
   * @param concurrency calls in flight, at most
   * @param latencyMs teacher-sim's answer latency
   * @param batchSize items per call
   * @param failRate teacher-sim's share of 429/500 answers
   * @param malformedRate teacher-sim's share of broken JSON
   * @param warmupItems other items labelled first, untimed
   * @param seed seed of the items and of the sim's faults
   * @param teacher the configured teacher, pointed at the sim for the run (its prompts, cache and
   *     validation settings are kept; limits, backoffs and the endpoint are the bench's own)
   */
  public record Request(
      int items, int concurrency, long latencyMs, int batchSize, double failRate,
      double malformedRate, int warmupItems, long seed, TeacherSettings teacher) {
    public Request {
      if (items < 1 || concurrency < 1 || latencyMs < 1 || warmupItems < 0) {
        throw new BadInputException(
            "--items, --concurrency and --latency-ms must be >= 1, --warmup-items >= 0");
      }
      if (batchSize < 1) {
        throw new BadInputException("--batch-size must be >= 1 but was " + batchSize);
      }
      Objects.requireNonNull(teacher, "teacher");
    }

    /** Items a second that {@code concurrency} calls of {@code latencyMs} allow, one item a call. */
    public double boundItemsPerSecond() {
      return concurrency * 1000.0 / latencyMs;
    }
  }

  /**
   * One labelling run.
   *
   * @param name {@code "first"} or {@code "rerun"} (or {@code "warmup"})
   * @param items items labelled
   * @param seconds wall time of the run
   * @param cpuSeconds CPU time of the whole process meanwhile (client and teacher-sim)
   * @param usage what the run asked of the teacher
   * @param agreement share of items whose label is the skill world's truth
   * @param failedCalls one line on the calls that failed, by reason; null when none did
   */
  public record Run(
      String name, int items, double seconds, double cpuSeconds, TeacherUsage usage,
      double agreement, String failedCalls) {
    public double itemsPerSecond() {
      return items / seconds;
    }
  }

  /**
   * @param request what was measured
   * @param first the timed run on an empty cache
   * @param rerun the same items again on the first run's cache
   * @param rerunHttpCalls requests of the rerun that reached teacher-sim (0 when the cache works)
   */
  public record Result(Request request, Run first, Run rerun, long rerunHttpCalls) {
    public Result {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(rerun, "rerun");
    }

    /** The first run's items a second over the bound. */
    public double ratio() {
      return first.itemsPerSecond() / request.boundItemsPerSecond();
    }

    public double httpCallsPerItem() {
      return (double) first.usage().httpCalls() / request.items();
    }

    public double promptTokensPerItem() {
      return (double) first.usage().promptTokens() / request.items();
    }

    public double completionTokensPerItem() {
      return (double) first.usage().completionTokens() / request.items();
    }

    public double cpuMsPerItem() {
      return first.cpuSeconds() * 1000 / request.items();
    }

    /** Whether every item got its true label and the rerun was all cache hits. */
    public boolean complete() {
      return first.agreement() == 1.0 && rerunHttpCalls == 0;
    }

    /** The figures as one JSON object (the last line of {@code bench teacher}). */
    public ObjectNode json() {
      ObjectNode json = JSON.createObjectNode();
      json.put("itemsPerSecond", Measures.round(first.itemsPerSecond()));
      json.put("boundItemsPerSecond", Measures.round(request.boundItemsPerSecond()));
      json.put("ratio", Measures.round(ratio()));
      json.put("cacheHits", rerun.usage().cacheHits());
      json.put("httpCalls", first.usage().httpCalls());
      json.put("rerunHttpCalls", rerunHttpCalls);
      json.put("items", request.items());
      json.put("concurrency", request.concurrency());
      json.put("latencyMs", request.latencyMs());
      json.put("batchSize", request.batchSize());
      json.put("warmupItems", request.warmupItems());
      json.put("seconds", Measures.round(first.seconds()));
      json.put("agreement", Measures.round(first.agreement()));
      json.put("retries", first.usage().retries());
      json.put("repairs", first.usage().repairs());
      json.put("httpCallsPerItem", Measures.round(httpCallsPerItem()));
      json.put("promptTokensPerItem", Measures.round(promptTokensPerItem()));
      json.put("completionTokensPerItem", Measures.round(completionTokensPerItem()));
      json.put("cpuMsPerItem", Measures.round(cpuMsPerItem()));
      return json;
    }
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    List<Example> work = new WorldGenerator(request.seed(), SkillMix.uniform(), 0.2)
        .examples(request.items(), "bench", "train");
    try (ScratchDir cache = ScratchDir.create("skillforge-bench-cache")) {
      Vertx vertx = Vertx.vertx();
      try {
        return measure(request, work, cache, vertx, context);
      } finally {
        await(vertx.close(), 10);
      }
    }
  }

  private static Result measure(
      Request request, List<Example> work, ScratchDir cache, Vertx vertx, JobContext context)
      throws IOException {
    TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults()
        .withLatencyMs(request.latencyMs())
        .withFaults(request.failRate(), request.malformedRate(), request.seed())
        .withRetryAfterMs(100));
    await(sim.start(), 30);
    TeacherSettings settings = request.teacher().with(pointedAt(sim, request, cache));
    context.note("teacher-sim on " + sim.baseUrl() + "; labelling " + request.items() + " items (after "
        + request.warmupItems() + " untimed warm-up items), " + request.batchSize() + " per call, "
        + request.concurrency() + " in flight, latency " + request.latencyMs() + " ms");
    if (request.warmupItems() > 0) {
      try (ScratchDir warmupCache = ScratchDir.create("skillforge-bench-warmup")) {
        List<Example> warmup = new WorldGenerator(request.seed() + 1, SkillMix.uniform(), 0.2)
            .examples(request.warmupItems(), "warmup", "train");
        label("warmup", settings.with(Map.of("cache-dir", warmupCache.path().toString())), warmup, context);
      }
    }
    Run first = label("first", settings, work, context);
    long callsAfterFirst = sim.stats().chatCalls();
    Run rerun = label("rerun", settings, work, context);
    long rerunHttpCalls = sim.stats().chatCalls() - callsAfterFirst;
    for (Run r : List.of(first, rerun)) {
      if (r.failedCalls() != null) {
        context.note(r.name() + " run: " + r.failedCalls());
      }
    }
    await(sim.close(), 10);
    return new Result(request, first, rerun, rerunHttpCalls);
  }

  /** The configured teacher, pointed at the sim: no rate limit, short backoffs, no max_tokens. */
  private static Map<String, Object> pointedAt(TeacherSim sim, Request request, ScratchDir cache) {
    Map<String, Object> toSim = new HashMap<>();
    toSim.put("kind", TeacherKind.OPENAI_COMPATIBLE.wireName());
    toSim.put("base-url", sim.baseUrl());
    toSim.put("model", SimOptions.DEFAULT_MODEL);
    toSim.put("api-key-env", "");
    toSim.put("max-concurrency", request.concurrency());
    toSim.put("requests-per-minute", 0);
    toSim.put("tokens-per-minute", 0);
    toSim.put("retry-base-ms", 20);
    toSim.put("retry-max-ms", 2000);
    toSim.put("label-batch-size", request.batchSize());
    toSim.put("max-tokens", null);
    toSim.put("cache-dir", cache.path().toString());
    return toSim;
  }

  /** Labels {@code work} with a new client: how long it took, what it asked, how often it was right. */
  private static Run label(String name, TeacherSettings settings, List<Example> work, JobContext context) {
    context.checkCancelled();
    TeacherLedger ledger = TeacherLedger.unlimited("bench " + name);
    try (TeacherClient client = TeacherClient.open(settings, Map.of())) {
      long start = System.nanoTime();
      long cpuStart = Measures.processCpuNanos();
      List<Label> labels = Await.result(client.teacher(ledger).label(work, SkillWorld.catalog()),
          context.cancellation());
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (Measures.processCpuNanos() - cpuStart) / 1e9;
      int agree = 0;
      for (int i = 0; i < work.size(); i++) {
        if (labels.get(i).ok() && labels.get(i).skills().equals(work.get(i).skills())) {
          agree++;
        }
      }
      return new Run(name, work.size(), seconds, cpuSeconds, ledger.usage(),
          (double) agree / work.size(), ledger.failureSummary().orElse(null));
    }
  }

  /** Waits for a start or close of the sim or of Vert.x. */
  private static <T> T await(Future<T> future, int seconds) throws IOException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while teacher-sim started or stopped", e);
    } catch (ExecutionException e) {
      throw new IOException(
          "teacher-sim failed to start or stop: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("teacher-sim did not start or stop within " + seconds + " s", e);
    }
  }
}
