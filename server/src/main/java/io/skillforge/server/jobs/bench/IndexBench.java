package io.skillforge.server.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.skills.Example;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SearchRequest;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Indexing throughput and skill-filtered query latency on a fresh index in a temporary directory.
 *
 * <p>Workload: first {@code warmupDocs} other generated examples go untimed into scratch indexes,
 * so the timed run measures a JVM whose JIT has compiled the indexing path (a short run is
 * otherwise dominated by compilation on two cores); their rate is reported as the cold rate. Then
 * {@code docs} generated examples (see {@link SyntheticExamples}; generated before the clock
 * starts) are added in batches of {@code batch} with {@link SkillIndex#addAll} under {@code
 * duplicates}, then committed; docs/s counts the adds and the commit. The same batches also go
 * into a plain Lucene index (see {@link SideBySide}), so that the ratio of the two rates is the
 * share of plain Lucene's speed the index keeps. Then queries on the index, each a filter on
 * skills drawn with the labels' own skew, limit 10, stored examples decoded: a third any-of one
 * skill, a third all-of two skills, a third one skill plus two words of BM25 text. {@code
 * warmupQueries} queries run untimed first. Run: {@code ./skillforge bench index --docs 100000}.
 */
public final class IndexBench implements Job<IndexBench.Request, IndexBench.Result> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Threads of the plain Lucene baseline: as many as a bulk add of the index uses. */
  private static final int PLAIN_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /**
   * @param docs examples to index, timed
   * @param seed seed of the examples and the queries
   * @param queries timed queries
   * @param warmupQueries untimed queries first
   * @param warmupDocs other examples indexed untimed into scratch indexes first; 0 for none
   * @param batch examples per {@link SkillIndex#addAll} call
   * @param duplicates near-duplicate policy of the bulk load
   * @param ramBufferMb the writers' RAM buffer
   */
  public record Request(
      int docs, long seed, int queries, int warmupQueries, int warmupDocs, int batch,
      DuplicatePolicy duplicates, double ramBufferMb) {
    public Request {
      if (docs < 1 || queries < 1 || warmupQueries < 0 || batch < 1) {
        throw new BadInputException("--docs, --queries and --batch must be >= 1, --warmup >= 0");
      }
      if (warmupDocs < 0) {
        throw new BadInputException("--warmup-docs must be >= 0");
      }
      Objects.requireNonNull(duplicates, "duplicates");
    }
  }

  /**
   * Wall and process CPU time of one side's adds and commit.
   *
   * @param seconds wall time
   * @param cpuSeconds CPU time of the whole process meanwhile
   */
  public record Timing(double seconds, double cpuSeconds) {}

  /** Latencies of a set of queries, in milliseconds (nearest-rank percentiles). */
  public record Latencies(double p50Ms, double p99Ms, double maxMs) {
    static Latencies of(double[] ms) {
      return new Latencies(Measures.percentile(ms, 50), Measures.percentile(ms, 99),
          Measures.percentile(ms, 100));
    }
  }

  /**
   * @param request what was measured
   * @param index the index's adds and commit
   * @param plain plain Lucene's adds and commit of the same examples
   * @param coldDocsPerSecond the index's rate during the warm-up; NaN when there was none
   * @param flagged examples the index flagged as near-duplicates
   * @param rejected examples the index rejected as near-duplicates
   * @param documents documents in the index after the commit
   * @param indexBytes the index's size on disk
   * @param statsMs time of one {@code stats()} over all documents
   * @param hits hits of all timed queries together
   * @param oneSkill latencies of the queries on one skill
   * @param allOfTwoSkills latencies of the queries on all of two skills
   * @param skillAndText latencies of the queries on one skill and two words
   * @param allQueries latencies of all timed queries
   * @param availableProcessors processors the JVM saw
   */
  public record Result(
      Request request, Timing index, Timing plain, double coldDocsPerSecond, long flagged,
      long rejected, long documents, long indexBytes, double statsMs, long hits, Latencies oneSkill,
      Latencies allOfTwoSkills, Latencies skillAndText, Latencies allQueries, int availableProcessors) {
    /** The index's examples a second, commit included. */
    public double docsPerSecond() {
      return request.docs() / index.seconds();
    }

    /** Plain Lucene's examples a second, commit included. */
    public double plainDocsPerSecond() {
      return request.docs() / plain.seconds();
    }

    /** The share of plain Lucene's speed the index keeps. */
    public double ratioToPlain() {
      return docsPerSecond() / plainDocsPerSecond();
    }

    public double docsPerCpuSecond() {
      return request.docs() / index.cpuSeconds();
    }

    public double meanHits() {
      return (double) hits / request.queries();
    }

    /** The figures as one JSON object (the last line of {@code bench index}). */
    public ObjectNode json() {
      ObjectNode json = JSON.createObjectNode();
      json.put("bench", "index");
      json.put("docs", request.docs());
      json.put("seed", request.seed());
      json.put("duplicates", request.duplicates().name().toLowerCase(Locale.ROOT));
      json.put("indexSeconds", Measures.round(index.seconds()));
      json.put("docsPerSecond", Math.round(docsPerSecond()));
      json.put("rawDocsPerSecond", Math.round(plainDocsPerSecond()));
      json.put("ratioToRawLucene", Measures.round(ratioToPlain()));
      json.put("rawIndexSeconds", Measures.round(plain.seconds()));
      json.put("rawIndexCpuSeconds", Measures.round(plain.cpuSeconds()));
      json.put("warmupDocs", request.warmupDocs());
      if (request.warmupDocs() > 0) {
        json.put("coldDocsPerSecond", Math.round(coldDocsPerSecond));
      } else {
        json.putNull("coldDocsPerSecond");
      }
      json.put("indexCpuSeconds", Measures.round(index.cpuSeconds()));
      json.put("docsPerCpuSecond", Math.round(docsPerCpuSecond()));
      json.put("availableProcessors", availableProcessors);
      json.put("documents", documents);
      json.put("flagged", flagged);
      json.put("rejected", rejected);
      json.put("indexBytes", indexBytes);
      json.put("queries", request.queries());
      json.put("warmupQueries", request.warmupQueries());
      json.put("meanHits", Measures.round(meanHits()));
      json.put("queryP50Ms", Measures.round(allQueries.p50Ms()));
      json.put("queryP99Ms", Measures.round(allQueries.p99Ms()));
      json.put("queryMaxMs", Measures.round(allQueries.maxMs()));
      json.put("oneSkillP99Ms", Measures.round(oneSkill.p99Ms()));
      json.put("allOfTwoSkillsP99Ms", Measures.round(allOfTwoSkills.p99Ms()));
      json.put("skillAndTextP99Ms", Measures.round(skillAndText.p99Ms()));
      json.put("statsMs", Measures.round(statsMs));
      return json;
    }
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    context.note(String.format("generating %,d examples (seed %d)...", request.docs(), request.seed()));
    SyntheticExamples generator = new SyntheticExamples(request.seed());
    List<Example> examples = generator.next(0, request.docs());
    IndexOptions options = IndexOptions.defaults()
        .withRamBufferMb(request.ramBufferMb())
        .withRefreshInterval(Duration.ZERO)
        .withCommitOnClose(false);
    double coldDocsPerSecond = request.warmupDocs() > 0 ? warmUp(request, options, context) : Double.NaN;
    try (ScratchDir dir = ScratchDir.create("skillforge-bench-index");
        SkillIndex index = SkillIndex.open(dir.resolve("index"), options)) {
      SideBySide.Sides sides;
      try (PlainLuceneIndex plain =
          new PlainLuceneIndex(dir.resolve("plain"), request.ramBufferMb(), PLAIN_THREADS)) {
        sides = new SideBySide(index, plain, request.duplicates(), request.batch())
            .add(examples, "index", context);
      }
      examples = null; // the queries run without the generated examples on the heap

      long statsStart = System.nanoTime();
      long documents = index.stats().documents();
      double statsMs = (System.nanoTime() - statsStart) / 1e6;
      QueryTimes times = query(index, generator, request, context);
      long bytes = size(dir.resolve("index"));
      return new Result(request, sides.index(), sides.plain(), coldDocsPerSecond, sides.flagged(),
          sides.rejected(), documents, bytes, statsMs, times.hits(), Latencies.of(times.byKind(0)),
          Latencies.of(times.byKind(1)), Latencies.of(times.byKind(2)), Latencies.of(times.all()),
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** Indexes the warm-up examples into scratch indexes; the index's rate meanwhile. */
  private static double warmUp(Request request, IndexOptions options, JobContext context)
      throws IOException {
    context.note(String.format("warming up: %,d examples into scratch indexes...", request.warmupDocs()));
    List<Example> warm = new SyntheticExamples(request.seed() ^ 0x5DEECE66DL).next(0, request.warmupDocs());
    try (ScratchDir scratch = ScratchDir.create("skillforge-bench-warmup");
        SkillIndex index = SkillIndex.open(scratch.resolve("index"), options);
        PlainLuceneIndex plain =
            new PlainLuceneIndex(scratch.resolve("plain"), request.ramBufferMb(), PLAIN_THREADS)) {
      SideBySide.Sides sides = new SideBySide(index, plain, request.duplicates(), request.batch())
          .add(warm, "warm-up", context);
      return request.warmupDocs() / sides.index().seconds();
    }
  }

  /** Every timed query's latency in milliseconds, in order, and the hits of all of them. */
  private record QueryTimes(double[] all, long hits) {
    /** The latencies of the queries of kind {@code k} (every third query from the {@code k}-th). */
    double[] byKind(int k) {
      double[] kind = new double[(all.length - k + 2) / 3];
      for (int i = k, j = 0; i < all.length; i += 3, j++) {
        kind[j] = all[i];
      }
      return kind;
    }
  }

  private static QueryTimes query(SkillIndex index, SyntheticExamples generator, Request request,
      JobContext context) throws IOException {
    Random random = new Random(request.seed() + 1);
    for (int i = 0; i < request.warmupQueries(); i++) {
      index.search(query(i, generator, random));
    }
    double[] all = new double[request.queries()];
    long hits = 0;
    for (int i = 0; i < all.length; i++) {
      context.checkCancelled();
      SearchRequest search = query(i, generator, random);
      long t0 = System.nanoTime();
      hits += index.search(search).size();
      all[i] = (System.nanoTime() - t0) / 1e6;
    }
    return new QueryTimes(all, hits);
  }

  /** Query {@code i}: by {@code i % 3}, one skill, all of two skills, or one skill and text. */
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

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
