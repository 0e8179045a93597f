package io.skillforge.server.cli.bench;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.jobs.bench.IndexBench;
import io.skillforge.skills.index.DuplicatePolicy;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillforge bench index}: indexing throughput, against plain Lucene, and skill-filtered
 * query latency on a fresh index (see {@link IndexBench} for the workload). Prints a table, then
 * the figures as one JSON object.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Builds a fresh index of generated examples; reports docs/s and query latency.")
public final class BenchIndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--docs", defaultValue = "100000", description = "Examples to index (default ${DEFAULT-VALUE}).")
  int docs;

  @Option(names = "--seed", defaultValue = "42", description = "Generator and query seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--queries", defaultValue = "3000", description = "Timed queries (default ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--warmup", defaultValue = "1000", description = "Untimed queries first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--warmup-docs",
      defaultValue = "20000",
      description = "Examples indexed untimed into a scratch index first, so the timed run measures"
          + " a warmed-up JVM; their rate is reported as the cold rate (default ${DEFAULT-VALUE}).")
  int warmupDocs;

  @Option(names = "--batch", defaultValue = "1000", description = "Examples per addAll call (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--duplicates",
      defaultValue = "allow",
      description = "Near-duplicate policy of the bulk load: allow (no checks), flag or reject (default ${DEFAULT-VALUE}).")
  String duplicates;

  @Option(names = "--ram-buffer-mb", defaultValue = "256", description = "Writer RAM buffer (default ${DEFAULT-VALUE}).")
  double ramBufferMb;

  @Override
  public Integer call() throws Exception {
    IndexBench.Request request = new IndexBench.Request(docs, seed, queries, warmup, warmupDocs,
        batch, DuplicatePolicy.fromName(duplicates), ramBufferMb);
    IndexBench.Result result = JobRunner.run(spec, new IndexBench(), request);
    print(result, spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  private static void print(IndexBench.Result result, PrintWriter out) {
    IndexBench.Request request = result.request();
    out.printf("bench index: %,d generated examples, seed %d, duplicates %s, batch %d, RAM buffer %.0f MB,"
            + " after %,d warm-up examples%n",
        request.docs(), request.seed(), request.duplicates().name().toLowerCase(Locale.ROOT),
        request.batch(), request.ramBufferMb(), request.warmupDocs());
    out.printf("%-34s %14s%n", "measure", "value");
    out.printf("%-34s %14.2f%n", "index + commit (s)", result.index().seconds());
    out.printf("%-34s %,14.0f%n", "docs/s (incl. commit)", result.docsPerSecond());
    out.printf("%-34s %,14.0f%n", "plain Lucene docs/s (incl. commit)", result.plainDocsPerSecond());
    out.printf("%-34s %14.3f%n", "ratio to plain Lucene", result.ratioToPlain());
    if (request.warmupDocs() > 0) {
      out.printf("%-34s %,14.0f%n", "cold JVM docs/s (warm-up run)", result.coldDocsPerSecond());
    }
    out.printf("%-34s %14.2f%n", "process CPU while indexing (s)", result.index().cpuSeconds());
    out.printf("%-34s %14.2f%n", "... while plain Lucene indexed (s)", result.plain().cpuSeconds());
    out.printf("%-34s %,14.0f%n", "docs per CPU-second", result.docsPerCpuSecond());
    out.printf("%-34s %,14d%n", "documents in index", result.documents());
    out.printf("%-34s %,14d%n", "flagged / rejected", result.flagged() + result.rejected());
    out.printf("%-34s %14.1f%n", "index size (MB)", result.indexBytes() / 1e6);
    out.printf("%-34s %14.2f%n", "stats() over all docs (ms)", result.statsMs());
    latencies(out, "one skill", result.oneSkill());
    latencies(out, "all of two skills", result.allOfTwoSkills());
    latencies(out, "one skill + text", result.skillAndText());
    latencies(out, "all kinds", result.allQueries());
    out.println(result.json());
  }

  private static void latencies(PrintWriter out, String kind, IndexBench.Latencies ms) {
    out.printf("%-34s %14s%n", "query " + kind + " p50/p99 (ms)",
        String.format(Locale.ROOT, "%.3f / %.3f", ms.p50Ms(), ms.p99Ms()));
  }
}
