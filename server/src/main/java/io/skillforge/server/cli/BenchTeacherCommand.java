package io.skillforge.server.cli;

import io.skillforge.server.jobs.bench.TeacherBench;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillforge bench teacher}: the LangChain4j teacher's throughput against teacher-sim over
 * real HTTP (see {@link TeacherBench} for the workload). Prints a table, then the figures as one
 * JSON object; exit code 3 when a label disagreed with the truth or the rerun reached the sim.
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
    TeacherSettings configured = SkillforgeCommand.services(spec).config().teacher();
    TeacherBench.Request request = new TeacherBench.Request(items, concurrency, latencyMs,
        batchSize != null ? batchSize : configured.requests().labelBatchSize(), failRate,
        malformedRate, warmupItems, seed, configured);
    TeacherBench.Result result = JobRunner.run(spec, new TeacherBench(), request);
    print(result, spec.commandLine().getOut());
    return result.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
  }

  private static void print(TeacherBench.Result result, PrintWriter out) {
    TeacherBench.Request request = result.request();
    out.printf(Locale.ROOT, "%-6s %7s %8s %9s %10s %10s %8s %9s%n",
        "run", "items", "seconds", "items/s", "http calls", "cache hits", "retries", "agreement");
    for (TeacherBench.Run r : List.of(result.first(), result.rerun())) {
      out.printf(Locale.ROOT, "%-6s %7d %8.2f %9.1f %10d %10d %8d %8.1f%%%n",
          r.name(), r.items(), r.seconds(), r.itemsPerSecond(), r.usage().httpCalls(),
          r.usage().cacheHits(), r.usage().retries(), 100.0 * r.agreement());
    }
    out.printf(Locale.ROOT, "bound %.1f items/s (concurrency %d x 1000 / %d ms, one item per call); ratio %.2f%n",
        request.boundItemsPerSecond(), request.concurrency(), request.latencyMs(), result.ratio());
    out.printf(Locale.ROOT,
        "one item costs %.3f HTTP calls, %.0f prompt + %.0f completion tokens (%d items per call)%n",
        result.httpCallsPerItem(), result.promptTokensPerItem(), result.completionTokensPerItem(),
        request.batchSize());
    out.printf(Locale.ROOT,
        "CPU of this process (client and teacher-sim): %.2f ms per item, %.2f s over %.2f s%n",
        result.cpuMsPerItem(), result.first().cpuSeconds(), result.first().seconds());
    out.println(result.json());
  }
}
