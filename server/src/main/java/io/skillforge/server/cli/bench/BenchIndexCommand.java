package io.skillforge.server.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.Example;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SearchRequest;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Indexing throughput and skill-filtered query latency on a fresh index in a temporary directory.
 *
 * <p>Workload: first {@code --warmup-docs} other generated examples go untimed into scratch
 * indexes, so the timed run measures a JVM whose JIT has compiled the indexing path (a short run is
 * otherwise dominated by compilation on two cores); their rate is reported as the cold rate. Then
 * {@code --docs} generated examples (see {@link SyntheticExamples}; generated before the clock
 * starts) are added in batches of {@code --batch} with {@link SkillIndex#addAll} under
 * {@code --duplicates}, then committed; docs/s counts the adds and the commit. The same batches
 * also go into a plain Lucene index ({@link PlainLuceneIndex}: one writer fed the same documents,
 * none of the index's layers), alternating which of the two takes a batch first, so that both see
 * the same machine state; each side's clock (wall and process CPU) runs only while it works, and
 * the ratio of the two rates is the share of plain Lucene's speed the index keeps. Then queries
 * on the index, each a filter on skills drawn with the labels' own skew, limit 10, stored examples
 * decoded: a third any-of one skill, a third all-of two skills, a third one skill plus two words
 * of BM25 text. {@code --warmup} queries run untimed first. Run:
 * {@code ./skillforge bench index --docs 100000}.
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

  /** Threads of the plain Lucene baseline: as many as a bulk add of the index uses. */
  private static final int PLAIN_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  @Override
  public Integer call() throws IOException {
    if (docs < 1 || queries < 1 || warmup < 0 || batch < 1) {
      throw new IllegalArgumentException("--docs, --queries and --batch must be >= 1, --warmup >= 0");
    }
    DuplicatePolicy policy = DuplicatePolicy.fromName(duplicates);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    if (warmupDocs < 0) {
      throw new IllegalArgumentException("--warmup-docs must be >= 0");
    }
    err.printf("generating %,d examples (seed %d)...%n", docs, seed);
    err.flush();
    SyntheticExamples generator = new SyntheticExamples(seed);
    List<Example> examples = generator.next(0, docs);

    IndexOptions options = IndexOptions.defaults()
        .withRamBufferMb(ramBufferMb)
        .withRefreshInterval(Duration.ZERO)
        .withCommitOnClose(false);
    double coldDocsPerSecond = Double.NaN;
    if (warmupDocs > 0) {
      err.printf("warming up: %,d examples into scratch indexes...%n", warmupDocs);
      err.flush();
      List<Example> warm = new SyntheticExamples(seed ^ 0x5DEECE66DL).next(0, warmupDocs);
      Path scratch = Files.createTempDirectory("skillforge-bench-warmup");
      try (SkillIndex index = SkillIndex.open(scratch.resolve("index"), options);
          PlainLuceneIndex plain =
              new PlainLuceneIndex(scratch.resolve("plain"), ramBufferMb, PLAIN_THREADS)) {
        coldDocsPerSecond = warmupDocs / indexBoth(warm, index, plain, policy, null).index().seconds;
      } finally {
        deleteTree(scratch);
      }
    }

    Path dir = Files.createTempDirectory("skillforge-bench-index");
    try {
      try (SkillIndex index = SkillIndex.open(dir.resolve("index"), options)) {
        Sides sides;
        try (PlainLuceneIndex plain =
            new PlainLuceneIndex(dir.resolve("plain"), ramBufferMb, PLAIN_THREADS)) {
          sides = indexBoth(examples, index, plain, policy, err);
        }
        Side ours = sides.index();
        Side raw = sides.plain();
        double indexSeconds = ours.seconds;
        double indexCpuSeconds = ours.cpuNanos / 1e9;
        double docsPerSecond = docs / indexSeconds;
        double rawDocsPerSecond = docs / raw.seconds;
        double ratio = docsPerSecond / rawDocsPerSecond;
        long flagged = ours.flagged;
        long rejected = ours.rejected;
        examples = null;

        long statsStart = System.nanoTime();
        long indexed = index.stats().documents();
        double statsMs = (System.nanoTime() - statsStart) / 1e6;

        Random random = new Random(seed + 1);
        for (int i = 0; i < warmup; i++) {
          index.search(query(i, generator, random));
        }
        double[][] byKind = new double[3][];
        int[] counts = new int[3];
        for (int k = 0; k < 3; k++) {
          byKind[k] = new double[queries];
        }
        double[] all = new double[queries];
        long hits = 0;
        for (int i = 0; i < queries; i++) {
          SearchRequest request = query(i, generator, random);
          long t0 = System.nanoTime();
          hits += index.search(request).size();
          double ms = (System.nanoTime() - t0) / 1e6;
          all[i] = ms;
          byKind[i % 3][counts[i % 3]++] = ms;
        }
        long bytes = size(dir.resolve("index"));

        out.printf("bench index: %,d generated examples, seed %d, duplicates %s, batch %d, RAM buffer %.0f MB,"
                + " after %,d warm-up examples%n",
            docs, seed, policy.name().toLowerCase(Locale.ROOT), batch, ramBufferMb, warmupDocs);
        out.printf("%-34s %14s%n", "measure", "value");
        out.printf("%-34s %14.2f%n", "index + commit (s)", indexSeconds);
        out.printf("%-34s %,14.0f%n", "docs/s (incl. commit)", docsPerSecond);
        out.printf("%-34s %,14.0f%n", "plain Lucene docs/s (incl. commit)", rawDocsPerSecond);
        out.printf("%-34s %14.3f%n", "ratio to plain Lucene", ratio);
        if (warmupDocs > 0) {
          out.printf("%-34s %,14.0f%n", "cold JVM docs/s (warm-up run)", coldDocsPerSecond);
        }
        out.printf("%-34s %14.2f%n", "process CPU while indexing (s)", indexCpuSeconds);
        out.printf("%-34s %14.2f%n", "... while plain Lucene indexed (s)", raw.cpuNanos / 1e9);
        out.printf("%-34s %,14.0f%n", "docs per CPU-second", docs / indexCpuSeconds);
        out.printf("%-34s %,14d%n", "documents in index", indexed);
        out.printf("%-34s %,14d%n", "flagged / rejected", flagged + rejected);
        out.printf("%-34s %14.1f%n", "index size (MB)", bytes / 1e6);
        out.printf("%-34s %14.2f%n", "stats() over all docs (ms)", statsMs);
        String[] names = {"one skill", "all of two skills", "one skill + text"};
        for (int k = 0; k < 3; k++) {
          double[] ms = Arrays.copyOf(byKind[k], counts[k]);
          out.printf("%-34s %14s%n", "query " + names[k] + " p50/p99 (ms)",
              String.format(Locale.ROOT, "%.3f / %.3f", percentile(ms, 50), percentile(ms, 99)));
        }
        double p50 = percentile(all, 50);
        double p99 = percentile(all, 99);
        out.printf("%-34s %14s%n", "query all kinds p50/p99 (ms)",
            String.format(Locale.ROOT, "%.3f / %.3f", p50, p99));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "index");
        json.put("docs", docs);
        json.put("seed", seed);
        json.put("duplicates", policy.name().toLowerCase(Locale.ROOT));
        json.put("indexSeconds", round(indexSeconds));
        json.put("docsPerSecond", Math.round(docsPerSecond));
        json.put("rawDocsPerSecond", Math.round(rawDocsPerSecond));
        json.put("ratioToRawLucene", round(ratio));
        json.put("rawIndexSeconds", round(raw.seconds));
        json.put("rawIndexCpuSeconds", round(raw.cpuNanos / 1e9));
        json.put("warmupDocs", warmupDocs);
        json.put("coldDocsPerSecond", warmupDocs > 0 ? Math.round(coldDocsPerSecond) : null);
        json.put("indexCpuSeconds", round(indexCpuSeconds));
        json.put("docsPerCpuSecond", Math.round(docs / indexCpuSeconds));
        json.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        json.put("documents", indexed);
        json.put("flagged", flagged);
        json.put("rejected", rejected);
        json.put("indexBytes", bytes);
        json.put("queries", queries);
        json.put("warmupQueries", warmup);
        json.put("meanHits", round((double) hits / queries));
        json.put("queryP50Ms", round(p50));
        json.put("queryP99Ms", round(p99));
        json.put("queryMaxMs", round(percentile(all, 100)));
        for (int k = 0; k < 3; k++) {
          String key = new String[] {"oneSkill", "allOfTwoSkills", "skillAndText"}[k];
          json.put(key + "P99Ms", round(percentile(Arrays.copyOf(byKind[k], counts[k]), 99)));
        }
        json.put("statsMs", round(statsMs));
        out.println(new ObjectMapper().writeValueAsString(json));
      }
    } finally {
      deleteTree(dir);
    }
    return ExitCodes.OK;
  }

  /** Time and tallies of one side of {@link #indexBoth}. */
  private static final class Side {
    double seconds;
    long cpuNanos;
    long flagged;
    long rejected;
  }

  /** Both sides of {@link #indexBoth}. */
  private record Sides(Side index, Side plain) {}

  /**
   * Adds {@code examples} in batches to both indexes, alternating which goes first, then commits
   * both. Each side's clock (wall and process CPU) runs only around its own calls.
   *
   * @param progress where to note progress; null for none
   */
  private Sides indexBoth(
      List<Example> examples, SkillIndex index, PlainLuceneIndex plain, DuplicatePolicy policy,
      PrintWriter progress) throws IOException {
    Side ours = new Side();
    Side raw = new Side();
    int n = examples.size();
    for (int from = 0, b = 0; from < n; from += batch, b++) {
      List<Example> slice = examples.subList(from, Math.min(n, from + batch));
      if (b % 2 == 0) {
        addTo(index, slice, policy, ours);
        addTo(plain, slice, raw);
      } else {
        addTo(plain, slice, raw);
        addTo(index, slice, policy, ours);
      }
      if (progress != null && b % 20 == 19) {
        progress.printf("indexed %,d / %,d (and into plain Lucene)%n", from + slice.size(), n);
        progress.flush();
      }
    }
    long cpu = processCpuNanos();
    long t0 = System.nanoTime();
    index.commit();
    ours.seconds += (System.nanoTime() - t0) / 1e9;
    ours.cpuNanos += processCpuNanos() - cpu;
    cpu = processCpuNanos();
    t0 = System.nanoTime();
    plain.commit();
    raw.seconds += (System.nanoTime() - t0) / 1e9;
    raw.cpuNanos += processCpuNanos() - cpu;
    return new Sides(ours, raw);
  }

  private static void addTo(SkillIndex index, List<Example> slice, DuplicatePolicy policy, Side side)
      throws IOException {
    long cpu = processCpuNanos();
    long t0 = System.nanoTime();
    List<AddResult> results = index.addAll(slice, policy);
    side.seconds += (System.nanoTime() - t0) / 1e9;
    side.cpuNanos += processCpuNanos() - cpu;
    for (AddResult r : results) {
      if (r.status() == AddResult.Status.FLAGGED) {
        side.flagged++;
      } else if (r.status() == AddResult.Status.REJECTED) {
        side.rejected++;
      }
    }
  }

  private static void addTo(PlainLuceneIndex plain, List<Example> slice, Side side) throws IOException {
    long cpu = processCpuNanos();
    long t0 = System.nanoTime();
    plain.addAll(slice);
    side.seconds += (System.nanoTime() - t0) / 1e9;
    side.cpuNanos += processCpuNanos() - cpu;
  }

  private static SearchRequest query(int i, SyntheticExamples generator, Random random) {
    SearchRequest.Builder request = SearchRequest.builder().limit(10);
    switch (i % 3) {
      case 0 -> request.anySkill(generator.skewedSkill());
      case 1 -> {
        String a = generator.skewedSkill();
        String b = generator.skewedSkill();
        while (b.equals(a)) {
          b = SyntheticExamples.SKILLS.get(random.nextInt(SyntheticExamples.SKILLS.size()));
        }
        request.allSkills(a, b);
      }
      default -> request.anySkill(generator.skewedSkill()).text(generator.queryText());
    }
    return request.build();
  }

  /** CPU time of the whole process (all threads, GC included); -1 where the JVM cannot tell. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Nearest-rank percentile. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
