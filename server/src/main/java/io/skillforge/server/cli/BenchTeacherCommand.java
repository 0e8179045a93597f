package io.skillforge.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.skills.Example;
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
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillforge bench teacher}: the LangChain4j teacher's throughput against teacher-sim over
 * real HTTP, against the bound the sim's latency sets.
 *
 * <p>Workload: {@code --items} skill-world items (seeded) labelled through the full pipeline (HTTP,
 * JSON, validation, retries, the on-disk response cache in a fresh temporary directory) with
 * {@code --concurrency} calls in flight and {@code --batch-size} items per call (after {@code
 * --warmup-items} other items, untimed, so the JIT has compiled the path), against
 * teacher-sim started in-process on a free port answering after {@code --latency-ms}. Then the
 * same job again with a new client on the same cache, which must make no HTTP call. The bound is
 * {@code concurrency * 1000 / latency} items a second, one item per call; with batches the ratio
 * may pass 1, so the table also says what one item costs (calls and tokens per item).
 */
@Command(
    name = "teacher",
    mixinStandardHelpOptions = true,
    description = {
      "Labels skill-world items through the LangChain4j teacher against teacher-sim (in-process, on a"
          + " free port) and reports throughput against the bound concurrency*1000/latency.",
      "The last line is JSON: itemsPerSecond, boundItemsPerSecond, ratio, cacheHits (of the re-run),"
          + " httpCalls (of the first run), and details."
    })
final class BenchTeacherCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--items", defaultValue = "2000", description = "Items to label (default: ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--concurrency", defaultValue = "64", description = "Calls in flight, at most (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--latency-ms", defaultValue = "100", description = "teacher-sim's answer latency (default: ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(names = "--batch-size",
      description = "Items per call (default: teacher.label-batch-size of the configuration).")
  Integer batchSize;

  @Option(names = "--fail-rate", defaultValue = "0", description = "teacher-sim's 429/500 share (default: ${DEFAULT-VALUE}).")
  double failRate;

  @Option(names = "--malformed-rate", defaultValue = "0", description = "teacher-sim's broken-JSON share (default: ${DEFAULT-VALUE}).")
  double malformedRate;

  @Option(names = "--warmup-items", defaultValue = "2000",
      description = "Other items labelled first, untimed, so the JIT has compiled the path (default: ${DEFAULT-VALUE}).")
  int warmupItems;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the items and the faults (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (items < 1 || concurrency < 1 || latencyMs < 1 || warmupItems < 0) {
      throw new IllegalArgumentException(
          "--items, --concurrency and --latency-ms must be >= 1, --warmup-items >= 0");
    }
    TeacherSettings configured = SkillforgeConfig.load().teacher();
    int batch = batchSize != null ? batchSize : configured.requests().labelBatchSize();
    if (batch < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1 but was " + batch);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Example> work = new WorldGenerator(seed, SkillMix.uniform(), 0.2).examples(items, "bench", "train");
    Path cache = Files.createTempDirectory("skillforge-bench-cache");
    Vertx vertx = Vertx.vertx();
    try {
      TeacherSim sim = new TeacherSim(vertx,
          SimOptions.defaults().withLatencyMs(latencyMs).withFaults(failRate, malformedRate, seed).withRetryAfterMs(100));
      sim.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      // The configured teacher, pointed at the sim: no rate limit, short backoffs, no max_tokens.
      Map<String, Object> toSim = new HashMap<>();
      toSim.put("kind", TeacherKind.OPENAI_COMPATIBLE.wireName());
      toSim.put("base-url", sim.baseUrl());
      toSim.put("model", SimOptions.DEFAULT_MODEL);
      toSim.put("api-key-env", "");
      toSim.put("max-concurrency", concurrency);
      toSim.put("requests-per-minute", 0);
      toSim.put("tokens-per-minute", 0);
      toSim.put("retry-base-ms", 20);
      toSim.put("retry-max-ms", 2000);
      toSim.put("label-batch-size", batch);
      toSim.put("max-tokens", null);
      toSim.put("cache-dir", cache.toString());
      TeacherSettings settings = configured.with(toSim);
      err.println("teacher-sim on " + sim.baseUrl() + "; labelling " + items + " items (after "
          + warmupItems + " untimed warm-up items), " + batch + " per call, " + concurrency
          + " in flight, latency " + latencyMs + " ms");
      err.flush();
      if (warmupItems > 0) {
        Path warmupCache = Files.createTempDirectory("skillforge-bench-warmup");
        try {
          List<Example> warmup =
              new WorldGenerator(seed + 1, SkillMix.uniform(), 0.2).examples(warmupItems, "warmup", "train");
          run("warmup", settings.with(Map.of("cache-dir", warmupCache.toString())), warmup);
        } finally {
          deleteTree(warmupCache);
        }
      }
      Run cold = run("first", settings, work);
      long callsAfterCold = sim.stats().chatCalls();
      Run warm = run("rerun", settings, work);
      long rerunHttp = sim.stats().chatCalls() - callsAfterCold;
      for (Run r : List.of(cold, warm)) {
        r.failures().ifPresent(line -> err.println(r.name() + " run: " + line));
      }
      sim.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      double bound = concurrency * 1000.0 / latencyMs;
      double ratio = cold.itemsPerSecond() / bound;
      TeacherUsage c = cold.usage();
      double callsPerItem = (double) c.httpCalls() / items;
      double promptPerItem = (double) c.promptTokens() / items;
      double completionPerItem = (double) c.completionTokens() / items;

      out.printf(Locale.ROOT, "%-6s %7s %8s %9s %10s %10s %8s %9s%n",
          "run", "items", "seconds", "items/s", "http calls", "cache hits", "retries", "agreement");
      for (Run r : List.of(cold, warm)) {
        out.printf(Locale.ROOT, "%-6s %7d %8.2f %9.1f %10d %10d %8d %8.1f%%%n",
            r.name(), items, r.seconds(), r.itemsPerSecond(), r.usage().httpCalls(), r.usage().cacheHits(),
            r.usage().retries(), 100.0 * r.agreement());
      }
      out.printf(Locale.ROOT, "bound %.1f items/s (concurrency %d x 1000 / %d ms, one item per call); ratio %.2f%n",
          bound, concurrency, latencyMs, ratio);
      out.printf(Locale.ROOT,
          "one item costs %.3f HTTP calls, %.0f prompt + %.0f completion tokens (%d items per call)%n",
          callsPerItem, promptPerItem, completionPerItem, batch);
      out.printf(Locale.ROOT,
          "CPU of this process (client and teacher-sim): %.2f ms per item, %.2f s over %.2f s%n",
          cold.cpuSeconds() * 1000 / items, cold.cpuSeconds(), cold.seconds());
      ObjectNode json = JSON.createObjectNode();
      json.put("itemsPerSecond", round(cold.itemsPerSecond()));
      json.put("boundItemsPerSecond", round(bound));
      json.put("ratio", round(ratio));
      json.put("cacheHits", warm.usage().cacheHits());
      json.put("httpCalls", c.httpCalls());
      json.put("rerunHttpCalls", rerunHttp);
      json.put("items", items);
      json.put("concurrency", concurrency);
      json.put("latencyMs", latencyMs);
      json.put("batchSize", batch);
      json.put("warmupItems", warmupItems);
      json.put("seconds", round(cold.seconds()));
      json.put("agreement", round(cold.agreement()));
      json.put("retries", c.retries());
      json.put("repairs", c.repairs());
      json.put("httpCallsPerItem", round(callsPerItem));
      json.put("promptTokensPerItem", round(promptPerItem));
      json.put("completionTokensPerItem", round(completionPerItem));
      json.put("cpuMsPerItem", round(cold.cpuSeconds() * 1000 / items));
      out.println(JSON.writeValueAsString(json));
      return cold.agreement() == 1.0 && rerunHttp == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      deleteTree(cache);
    }
  }

  /** One labelling run: how long it took, what it asked of the teacher, how often it was right. */
  private record Run(
      String name, int items, double seconds, double cpuSeconds, TeacherUsage usage, double agreement,
      Optional<String> failures) {
    double itemsPerSecond() {
      return items / seconds;
    }
  }

  private static Run run(String name, TeacherSettings settings, List<Example> work) throws Exception {
    TeacherLedger ledger = TeacherLedger.unlimited("bench " + name);
    try (TeacherClient client = TeacherClient.open(settings, Map.of())) {
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      List<Label> labels = io.skillforge.skills.concurrent.Await.result(client.teacher(ledger).label(work, SkillWorld.catalog()));
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      int agree = 0;
      for (int i = 0; i < work.size(); i++) {
        if (labels.get(i).ok() && labels.get(i).skills().equals(work.get(i).skills())) {
          agree++;
        }
      }
      return new Run(name, work.size(), seconds, cpuSeconds, ledger.usage(), (double) agree / work.size(),
          ledger.failureSummary());
    }
  }

  /** CPU time of this whole process (client and teacher-sim together); -1 when unknown. */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
