package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/*
 * Design notes.
 *
 * One IndexWriter per index; readers come from a near-real-time SearcherManager over that writer,
 * always through acquire ... finally release, and everything answered from a searcher alone is
 * ExampleSearcher's (shared with ReadOnlySkillIndex). The manager refreshes after every commit, on
 * refresh(), from a background timer, and whenever more than maxPendingWrites writes are waiting.
 *
 * Near-duplicate checks must see every earlier write, but refreshing per write would cut one
 * segment per document. So writes since the last refresh are also kept in RecentWrites, and a
 * check asks both: RecentWrites first-hand, the searcher for everything older. A refresh listener
 * forgets the writes a finished refresh made visible. The check holds the RecentWrites monitor
 * while it acquires the searcher and reads both, and the listener needs the same monitor to forget,
 * so a check never sees a write in neither place. Hits from the searcher for ids written since are
 * skipped: RecentWrites holds their current version. RecentWrites is bounded by maxPendingWrites,
 * and every commit empties it, so an import that commits every N examples keeps at most N there.
 *
 * Writes hold writeLock across check + IndexWriter call + RecentWrites entry, which makes
 * check-then-write atomic and keeps the writer's order and RecentWrites' order the same. Lock
 * order: writeLock, then the RecentWrites monitor; the refresh thread takes only the monitor, and
 * nobody waits for a refresh while holding the monitor.
 *
 * Candidates for a near-duplicate check are the examples sharing one of the question's 16 MinHash
 * band keys (see MinHashBands): in the searcher through IndexedNearDuplicates (at most
 * MAX_CANDIDATES of them, measured from the shingles doc values), in RecentWrites through its
 * in-memory band postings. Each candidate is measured exactly. (Looking candidates up by shingle
 * instead costs time quadratic in the number of similar examples: common shingles are shared by
 * thousands.) The searcher side is the expensive one once the index is large, or after a commit
 * has emptied RecentWrites, so a bulk add looks up the whole batch in one walk of the points.
 *
 * Bulk adds (addAll) prepare documents on BULK_THREADS threads, run the checks in order on the
 * calling thread (against the index, RecentWrites and the batch's own earlier examples), then hand
 * the documents to the writer from BULK_THREADS threads, all under writeLock. Batches under
 * PARALLEL_MIN_BATCH run on the calling thread alone, the same steps.
 */
final class LuceneSkillIndex implements SkillIndex {
  /** Batches of at least this many examples are prepared and written on several threads. */
  private static final int PARALLEL_MIN_BATCH = 64;
  private static final int BULK_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final Path path;
  private final IndexOptions options;
  private final Directory directory;
  private final Analyzer analyzer;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final RecentWrites recent = new RecentWrites();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BackgroundRefresh refresher;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ExampleSearcher reads;
  private final ParallelParts bulk;

  private LuceneSkillIndex(
      Path path, IndexOptions options, Directory directory, Analyzer analyzer, IndexWriter writer)
      throws IOException {
    this.path = path;
    this.options = options;
    this.directory = directory;
    this.analyzer = analyzer;
    this.bulk = new ParallelParts(BULK_THREADS, "skill-index-bulk " + path.getFileName());
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    searchers.addListener(new ForgetVisibleWrites());
    this.reads = new ExampleSearcher(
        searchers, new ExampleQueries(analyzer), options.nearDuplicateThreshold());
    this.refresher = new BackgroundRefresh(
        searchers, options.refreshInterval(), "skill-index-refresh " + path.getFileName());
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
    Document doc = ExampleDocuments.toDocument(example, signature);
    AddResult result;
    writeLock.lock();
    try {
      DuplicateMatch match =
          policy == DuplicatePolicy.ALLOW ? null : nearest(signature, example.id());
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
    int parts = n >= PARALLEL_MIN_BATCH ? bulk.parts() : 1;
    QuestionSignature[] signatures = new QuestionSignature[n];
    Document[] docs = new Document[n];
    AddResult[] results = new AddResult[n];
    boolean[] written = new boolean[n];
    if (policy != DuplicatePolicy.ALLOW) {
      inParts(parts, t -> {
        for (int i = n * t / parts; i < n * (t + 1) / parts; i++) {
          prepare(batch.get(i), i, signatures, docs);
        }
      });
    }
    writeLock.lock();
    try {
      if (policy != DuplicatePolicy.ALLOW) {
        check(batch, signatures, policy, results, docs);
      }
      // Writes run in parallel; one id always goes to the same thread, so its repeats keep order.
      try {
        inParts(parts, t -> {
          for (int i = 0; i < n; i++) {
            Example e = batch.get(i);
            if (Math.floorMod(e.id().hashCode(), parts) != t) {
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

  /** Runs parts 0 .. parts - 1 of a job: on the bulk threads, or just part 0 here. */
  private void inParts(int parts, ParallelParts.Part body) throws IOException {
    if (parts == 1) {
      body.run(0);
    } else {
      bulk.run(body);
    }
  }

  /**
   * Checks a batch in order, so that an example can duplicate an earlier one of the same batch:
   * fills in the results, and drops the documents of rejected examples. Caller holds writeLock.
   */
  private void check(
      List<Example> batch, QuestionSignature[] signatures, DuplicatePolicy policy,
      AddResult[] results, Document[] docs) throws IOException {
    RecentWrites earlier = new RecentWrites();
    synchronized (recent) {
      try (IndexedNearDuplicates indexed = reads.nearDuplicates(signatures)) {
        for (int i = 0; i < batch.size(); i++) {
          Example e = batch.get(i);
          DuplicateMatch match = nearest(i, signatures[i], e.id(), earlier, indexed);
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
    }
  }

  private static void prepare(Example e, int i, QuestionSignature[] signatures, Document[] docs) {
    signatures[i] = QuestionSignature.of(e.question());
    docs[i] = ExampleDocuments.toDocument(e, signatures[i]);
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
    return reads.get(id);
  }

  @Override
  public Optional<DuplicateMatch> findNearDuplicate(String question, String exceptId)
      throws IOException {
    Objects.requireNonNull(question, "question");
    return Optional.ofNullable(nearest(QuestionSignature.of(question), exceptId));
  }

  /** The most similar example at or above the threshold, other than {@code exceptId}, or null. */
  private DuplicateMatch nearest(QuestionSignature signature, String exceptId) throws IOException {
    if (signature.bands().length == 0) {
      return null;
    }
    synchronized (recent) {
      try (IndexedNearDuplicates indexed = reads.nearDuplicates(signature)) {
        return nearest(0, signature, exceptId, null, indexed);
      }
    }
  }

  /**
   * The most similar candidate at or above the threshold, or null. The caller holds the
   * RecentWrites monitor, and found {@code indexed} while holding it.
   *
   * @param item the question's index in {@code indexed}
   * @param batch writes of the current batch not yet given to the writer; null for none
   */
  private DuplicateMatch nearest(
      int item, QuestionSignature signature, String exceptId, RecentWrites batch,
      IndexedNearDuplicates indexed) throws IOException {
    if (signature.bands().length == 0) {
      return null;
    }
    ExampleSearcher.Nearest nearest = new ExampleSearcher.Nearest(options.nearDuplicateThreshold());
    if (batch != null) {
      for (RecentWrites.Entry entry : batch.candidates(signature, exceptId)) {
        nearest.offer(entry.id(), signature.similarity(entry.signature()));
      }
    }
    for (RecentWrites.Entry entry : recent.candidates(signature, exceptId)) {
      nearest.offer(entry.id(), signature.similarity(entry.signature()));
    }
    indexed.offer(
        item,
        id -> id.equals(exceptId) || recent.isTouched(id) || (batch != null && batch.isTouched(id)),
        nearest);
    return nearest.match();
  }

  /** Writes kept in memory because no refresh has made them visible yet; for tests. */
  int pendingWrites() {
    return recent.size();
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
    return reads.search(request);
  }

  @Override
  public long forEach(SearchRequest request, Visitor visitor) throws IOException {
    return reads.forEach(request, visitor);
  }

  @Override
  public IndexCounts counts(SearchRequest request) throws IOException {
    return reads.counts(request);
  }

  @Override
  public List<Example> exemplars(ExemplarRequest request) throws IOException {
    return reads.exemplars(request);
  }

  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    bulk.close();
    refresher.close();
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
