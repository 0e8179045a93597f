package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;

/*
 * Design notes.
 *
 * One IndexWriter per index; readers come from a near-real-time SearcherManager over that writer,
 * always through acquire ... finally release. The manager refreshes after every commit, on
 * refresh(), from a background timer, and whenever more than maxPendingWrites writes are waiting.
 *
 * Near-duplicate checks must see every earlier write, but refreshing per write would cut one
 * segment per document. So writes since the last refresh are also kept in RecentWrites, and a
 * check asks both: RecentWrites first-hand, the searcher for everything older. A refresh listener
 * forgets the writes a finished refresh made visible. The check holds the RecentWrites monitor
 * while it acquires the searcher and reads both, and the listener needs the same monitor to forget,
 * so a check never sees a write in neither place. Hits from the searcher for ids written since are
 * skipped: RecentWrites holds their current version.
 *
 * Writes hold writeLock across check + IndexWriter call + RecentWrites entry, which makes
 * check-then-write atomic and keeps the writer's order and RecentWrites' order the same. Lock
 * order: writeLock, then the RecentWrites monitor; the refresh thread takes only the monitor, and
 * nobody waits for a refresh while holding the monitor.
 *
 * Candidates for a near-duplicate check are the examples sharing one of the question's 16 MinHash
 * band keys (see MinHashBands): in the searcher through one points set query (at most
 * MAX_CANDIDATES of them), in RecentWrites through its in-memory band postings. Each candidate is
 * then measured exactly. (Looking candidates up by shingle instead costs time quadratic in the
 * number of similar examples: common shingles are shared by thousands.)
 *
 * Bulk adds (addAll) prepare documents on BULK_THREADS threads, run the checks in order on the
 * calling thread (against the index, RecentWrites and the batch's own earlier examples), then hand
 * the documents to the writer from BULK_THREADS threads, all under writeLock.
 */
final class LuceneSkillIndex implements SkillIndex {
  /** Batches of at least this many examples are prepared and written on several threads. */
  private static final int PARALLEL_MIN_BATCH = 64;
  private static final int BULK_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  /** Candidates from the searcher measured exactly per near-duplicate check. */
  private static final int MAX_CANDIDATES = 64;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LuceneSkillIndex.class);

  private final Path path;
  private final IndexOptions options;
  private final Directory directory;
  private final Analyzer analyzer;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final RecentWrites recent = new RecentWrites();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ScheduledExecutorService refresher;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String lastRefreshFailure;
  private final ExampleQueries queries;
  private final ParallelParts bulk;

  private LuceneSkillIndex(
      Path path, IndexOptions options, Directory directory, Analyzer analyzer, IndexWriter writer)
      throws IOException {
    this.path = path;
    this.options = options;
    this.directory = directory;
    this.analyzer = analyzer;
    this.queries = new ExampleQueries(analyzer);
    this.bulk = new ParallelParts(BULK_THREADS, "skill-index-bulk " + path.getFileName());
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    searchers.addListener(new ForgetVisibleWrites());
    if (options.refreshInterval().isZero()) {
      this.refresher = null;
    } else {
      this.refresher =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread t = new Thread(task, "skill-index-refresh " + path.getFileName());
                t.setDaemon(true);
                return t;
              });
      long ms = Math.max(1, options.refreshInterval().toMillis());
      refresher.scheduleWithFixedDelay(this::backgroundRefresh, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  static LuceneSkillIndex open(Path path, IndexOptions options) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    Files.createDirectories(path);
    Directory directory = FSDirectory.open(path);
    Analyzer analyzer = new ExampleAnalyzer();
    IndexWriter writer = null;
    try {
      boolean existed = DirectoryReader.indexExists(directory);
      IndexWriterConfig config =
          new IndexWriterConfig(analyzer)
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setRAMBufferSizeMB(options.ramBufferMb())
              .setCommitOnClose(options.commitOnClose());
      try {
        writer = new IndexWriter(directory, config);
      } catch (LockObtainFailedException e) {
        throw new IOException(
            "index " + path + " is already open (its write.lock is held by another SkillIndex or"
                + " process)", e);
      }
      if (!existed) {
        // Commit the empty index at once, so it reopens even if the process dies before a commit.
        writer.commit();
      }
      return new LuceneSkillIndex(path, options, directory, analyzer, writer);
    } catch (IOException | RuntimeException e) {
      try {
        if (writer != null) {
          writer.rollback();
        }
        directory.close();
        analyzer.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  static boolean exists(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Directory directory = FSDirectory.open(path)) {
      return DirectoryReader.indexExists(directory);
    }
  }

  @Override
  public Path directory() {
    return path;
  }

  @Override
  public IndexOptions options() {
    return options;
  }

  @Override
  public AddResult add(Example example) throws IOException {
    return add(example, options.duplicatePolicy());
  }

  @Override
  public AddResult add(Example example, DuplicatePolicy policy) throws IOException {
    Objects.requireNonNull(example, "example");
    Objects.requireNonNull(policy, "policy");
    QuestionSignature signature = QuestionSignature.of(example.question());
    Document doc = ExampleDocuments.toDocument(example, signature.bands());
    AddResult result;
    writeLock.lock();
    try {
      DuplicateMatch match =
          policy == DuplicatePolicy.ALLOW ? null : nearest(signature, example.id(), null);
      if (match == null) {
        result = AddResult.added(example.id());
      } else if (policy == DuplicatePolicy.REJECT) {
        return new AddResult(example.id(), AddResult.Status.REJECTED, match);
      } else {
        result = new AddResult(example.id(), AddResult.Status.FLAGGED, match);
      }
      writer.updateDocument(ExampleDocuments.idTerm(example.id()), doc);
      recent.recordAdd(example, signature);
    } finally {
      writeLock.unlock();
    }
    if (recent.size() > options.maxPendingWrites()) {
      searchers.maybeRefreshBlocking();
    }
    return result;
  }

  @Override
  public List<AddResult> addAll(Collection<Example> examples, DuplicatePolicy policy)
      throws IOException {
    Objects.requireNonNull(policy, "policy");
    List<Example> batch = List.copyOf(examples);
    int n = batch.size();
    if (n < PARALLEL_MIN_BATCH || BULK_THREADS == 1) {
      List<AddResult> results = new ArrayList<>(n);
      for (Example example : batch) {
        results.add(add(example, policy));
      }
      return results;
    }
    QuestionSignature[] signatures = new QuestionSignature[n];
    Document[] docs = new Document[n];
    AddResult[] results = new AddResult[n];
    boolean[] written = new boolean[n];
    if (policy != DuplicatePolicy.ALLOW) {
      int[] bounds = bulk.ranges(n);
      bulk.run(t -> {
        for (int i = bounds[t]; i < bounds[t + 1]; i++) {
          prepare(batch.get(i), i, signatures, docs);
        }
      });
    }
    writeLock.lock();
    try {
      if (policy != DuplicatePolicy.ALLOW) {
        // Checks run in order, so an example can duplicate an earlier one of the same batch.
        RecentWrites earlier = new RecentWrites();
        for (int i = 0; i < n; i++) {
          Example e = batch.get(i);
          DuplicateMatch match = nearest(signatures[i], e.id(), earlier);
          if (match != null && policy == DuplicatePolicy.REJECT) {
            results[i] = new AddResult(e.id(), AddResult.Status.REJECTED, match);
            docs[i] = null;
            continue;
          }
          results[i] = match == null
              ? AddResult.added(e.id())
              : new AddResult(e.id(), AddResult.Status.FLAGGED, match);
          earlier.recordAdd(e, signatures[i]);
        }
      }
      // Writes run in parallel; one id always goes to the same thread, so its repeats keep order.
      try {
        bulk.run(t -> {
          for (int i = 0; i < n; i++) {
            Example e = batch.get(i);
            if (Math.floorMod(e.id().hashCode(), BULK_THREADS) != t) {
              continue;
            }
            if (policy == DuplicatePolicy.ALLOW) {
              prepare(e, i, signatures, docs);
              results[i] = AddResult.added(e.id());
            }
            if (docs[i] != null) {
              writer.updateDocument(ExampleDocuments.idTerm(e.id()), docs[i]);
              written[i] = true;
            }
          }
        });
      } finally {
        for (int i = 0; i < n; i++) {
          if (written[i]) {
            recent.recordAdd(batch.get(i), signatures[i]);
          }
        }
      }
    } finally {
      writeLock.unlock();
    }
    if (recent.size() > options.maxPendingWrites()) {
      searchers.maybeRefreshBlocking();
    }
    return List.of(results);
  }

  private static void prepare(Example e, int i, QuestionSignature[] signatures, Document[] docs) {
    signatures[i] = QuestionSignature.of(e.question());
    docs[i] = ExampleDocuments.toDocument(e, signatures[i].bands());
  }

  @Override
  public boolean delete(String id) throws IOException {
    Objects.requireNonNull(id, "id");
    writeLock.lock();
    try {
      boolean existed = get(id).isPresent();
      writer.deleteDocuments(ExampleDocuments.idTerm(id));
      recent.recordDelete(id);
      return existed;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Optional<Example> get(String id) throws IOException {
    Objects.requireNonNull(id, "id");
    synchronized (recent) {
      if (recent.isTouched(id)) {
        RecentWrites.Entry entry = recent.entry(id);
        return Optional.ofNullable(entry == null ? null : entry.example());
      }
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      TopDocs top = searcher.search(new TermQuery(ExampleDocuments.idTerm(id)), 1);
      if (top.scoreDocs.length == 0) {
        return Optional.empty();
      }
      return Optional.of(ExampleDocuments.load(searcher.storedFields(), top.scoreDocs[0].doc));
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public Optional<DuplicateMatch> findNearDuplicate(String question, String exceptId)
      throws IOException {
    Objects.requireNonNull(question, "question");
    return Optional.ofNullable(nearest(QuestionSignature.of(question), exceptId, null));
  }

  /**
   * The most similar candidate at or above the threshold, or null.
   *
   * @param batch writes of the current batch not yet given to the writer; null for none
   */
  private DuplicateMatch nearest(QuestionSignature signature, String exceptId, RecentWrites batch)
      throws IOException {
    if (signature.bands().length == 0) {
      return null;
    }
    Best best = new Best();
    if (batch != null) {
      for (RecentWrites.Entry entry : batch.candidates(signature, exceptId)) {
        best.offer(entry.example().id(), signature.similarity(entry.signature()));
      }
    }
    synchronized (recent) {
      for (RecentWrites.Entry entry : recent.candidates(signature, exceptId)) {
        best.offer(entry.example().id(), signature.similarity(entry.signature()));
      }
      IndexSearcher searcher = searchers.acquire();
      try {
        Query candidates = ExampleQueries.nearDuplicateCandidates(signature.bands());
        TopDocs top = searcher.search(candidates, MAX_CANDIDATES);
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc hit : top.scoreDocs) {
          Example indexed = ExampleDocuments.load(stored, hit.doc);
          if (indexed.id().equals(exceptId)
              || recent.isTouched(indexed.id())
              || (batch != null && batch.isTouched(indexed.id()))) {
            continue;
          }
          best.offer(indexed.id(), signature.similarity(QuestionSignature.of(indexed.question())));
        }
      } finally {
        searchers.release(searcher);
      }
    }
    double threshold = options.nearDuplicateThreshold();
    return best.similarity >= threshold ? new DuplicateMatch(best.id, best.similarity) : null;
  }

  /** The best (highest similarity, then lowest id) candidate so far. */
  private static final class Best {
    String id;
    double similarity = -1;

    void offer(String candidate, double s) {
      if (s > similarity || (s == similarity && candidate.compareTo(id) < 0)) {
        id = candidate;
        similarity = s;
      }
    }
  }

  @Override
  public void commit() throws IOException {
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  @Override
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  @Override
  public List<SearchHit> search(SearchRequest request) throws IOException {
    Query query = queries.toQuery(request);
    IndexSearcher searcher = searchers.acquire();
    try {
      TopDocs top = searcher.search(query, request.limit());
      StoredFields stored = searcher.storedFields();
      List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc hit : top.scoreDocs) {
        hits.add(new SearchHit(ExampleDocuments.load(stored, hit.doc), hit.score));
      }
      return hits;
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public long forEach(SearchRequest request, Visitor visitor) throws IOException {
    Query query = queries.toQuery(request);
    IndexSearcher searcher = searchers.acquire();
    try {
      Weight weight =
          searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
      long visited = 0;
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
          continue;
        }
        Bits live = leaf.reader().getLiveDocs();
        StoredFields stored = leaf.reader().storedFields();
        DocIdSetIterator docs = scorer.iterator();
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
          if (live == null || live.get(doc)) {
            visitor.visit(ExampleDocuments.load(stored, doc));
            visited++;
          }
        }
      }
      return visited;
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public IndexCounts counts(SearchRequest request) throws IOException {
    Query query = queries.toQuery(request);
    List<String> fields =
        List.of(ExampleDocuments.SKILL, ExampleDocuments.SOURCE, ExampleDocuments.SPLIT);
    IndexSearcher searcher = searchers.acquire();
    try {
      FieldCounter counter = searcher.search(query, FieldCounter.manager(fields));
      return new IndexCounts(
          counter.documents(), counter.counts(0), counter.counts(1), counter.counts(2));
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public List<Example> exemplars(ExemplarRequest request) throws IOException {
    Query skill = ExampleQueries.skill(request.skill());
    Query near = request.hasNear() ? queries.text(request.near()) : null;
    List<DiverseSelection.Candidate> pool = new ArrayList<>();
    IndexSearcher searcher = searchers.acquire();
    try {
      StoredFields stored = searcher.storedFields();
      if (near != null) {
        Query query =
            new BooleanQuery.Builder().add(near, Occur.MUST).add(skill, Occur.FILTER).build();
        for (ScoreDoc hit : searcher.search(query, request.poolSize()).scoreDocs) {
          pool.add(DiverseSelection.Candidate.of(ExampleDocuments.load(stored, hit.doc), hit.score));
        }
      } else {
        for (int doc : randomSample(searcher, skill, request.poolSize(), request.seed())) {
          pool.add(DiverseSelection.Candidate.of(ExampleDocuments.load(stored, doc), 1));
        }
      }
    } finally {
      searchers.release(searcher);
    }
    return DiverseSelection.select(
        pool, request.count(), request.lambda(), options.nearDuplicateThreshold());
  }

  /** Up to {@code size} distinct matching doc ids, drawn uniformly by a seeded shuffle. */
  private static int[] randomSample(IndexSearcher searcher, Query query, int size, long seed)
      throws IOException {
    DocIds ids = new DocIds();
    searcher.search(query, ids);
    int[] docs = Arrays.copyOf(ids.docs, ids.size);
    Random random = new Random(seed);
    int n = Math.min(size, docs.length);
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(docs.length - i);
      int swap = docs[i];
      docs[i] = docs[j];
      docs[j] = swap;
    }
    return Arrays.copyOf(docs, n);
  }

  /** Collects the top-level ids of all matching documents. */
  private static final class DocIds extends SimpleCollector {
    int[] docs = new int[64];
    int size;
    private int base;

    @Override
    protected void doSetNextReader(LeafReaderContext context) {
      base = context.docBase;
    }

    @Override
    public void collect(int doc) {
      if (size == docs.length) {
        docs = Arrays.copyOf(docs, size * 2);
      }
      docs[size++] = base + doc;
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }

  private void backgroundRefresh() {
    try {
      searchers.maybeRefresh();
    } catch (IOException | RuntimeException e) {
      // No caller to hand it to: said once per kind of failure; commit() and refresh() throw it.
      String kind = e.getClass().getName() + ": " + e.getMessage();
      if (!kind.equals(lastRefreshFailure)) {
        lastRefreshFailure = kind;
        LOG.warn("background refresh of the index in {} failed; searches see the index as it was: {}",
            path, e.toString());
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    bulk.close();
    if (refresher != null) {
      refresher.shutdownNow();
      try {
        refresher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      searchers.close();
    } finally {
      try {
        writer.close();
      } finally {
        try {
          directory.close();
        } finally {
          analyzer.close();
        }
      }
    }
  }

  /** After a refresh, forgets the recent writes it made visible. */
  private final class ForgetVisibleWrites implements ReferenceManager.RefreshListener {
    // Only touched by the refreshing thread, under the manager's refresh lock.
    private long visibleUpTo;

    @Override
    public void beforeRefresh() {
      visibleUpTo = recent.lastSeq();
    }

    @Override
    public void afterRefresh(boolean didRefresh) {
      recent.forgetUpTo(visibleUpTo);
    }
  }
}
