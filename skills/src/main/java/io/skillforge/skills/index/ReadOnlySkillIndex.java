package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/*
 * Design notes.
 *
 * Searchers come from a SearcherManager over the directory (DirectoryReader.open, then
 * openIfChanged on refresh), which only reads files: no IndexWriter and no write.lock, so any
 * number of read-only instances can sit beside the one writer, in this process or another.
 * Lucene never changes a file once written, and a writer deletes the files of an older commit only
 * after a newer commit replaced them; a reader that has them open keeps reading them (on POSIX an
 * unlinked file lives while it is open; on Windows the writer retries the delete later). Opening
 * while the writer commits is safe too: DirectoryReader.open retries when the commit it read is
 * replaced under it.
 */
final class ReadOnlySkillIndex implements SkillIndex {
  private final Path path;
  private final IndexOptions options;
  private final Directory directory;
  private final Analyzer analyzer;
  private final SearcherManager searchers;
  private final ExampleSearcher reads;
  private final BackgroundRefresh refresher;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ReadOnlySkillIndex(
      Path path, IndexOptions options, Directory directory, Analyzer analyzer,
      SearcherManager searchers) {
    this.path = path;
    this.options = options;
    this.directory = directory;
    this.analyzer = analyzer;
    this.searchers = searchers;
    this.reads = new ExampleSearcher(
        searchers, new ExampleQueries(analyzer), options.nearDuplicateThreshold());
    this.refresher = new BackgroundRefresh(
        searchers, options.refreshInterval(), "skill-index-reopen " + path.getFileName());
  }

  static ReadOnlySkillIndex open(Path path, IndexOptions options) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    if (!LuceneSkillIndex.exists(path)) {
      throw new NotFoundException("no index at " + path);
    }
    Directory directory = FSDirectory.open(path);
    Analyzer analyzer = new ExampleAnalyzer();
    try {
      return new ReadOnlySkillIndex(
          path, options, directory, analyzer, new SearcherManager(directory, null));
    } catch (IOException | RuntimeException e) {
      try {
        directory.close();
        analyzer.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private ConflictException readOnly() {
    return new ConflictException("the index at " + path + " was opened read-only, so it cannot be changed");
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
  public AddResult add(Example example) {
    throw readOnly();
  }

  @Override
  public AddResult add(Example example, DuplicatePolicy policy) {
    throw readOnly();
  }

  @Override
  public List<AddResult> addAll(Collection<Example> examples, DuplicatePolicy policy) {
    throw readOnly();
  }

  @Override
  public boolean delete(String id) {
    throw readOnly();
  }

  @Override
  public void commit() {
    throw readOnly();
  }

  @Override
  public Optional<Example> get(String id) throws IOException {
    Objects.requireNonNull(id, "id");
    return reads.get(id);
  }

  @Override
  public Optional<DuplicateMatch> findNearDuplicate(String question, String exceptId)
      throws IOException {
    Objects.requireNonNull(question, "question");
    QuestionSignature signature = QuestionSignature.of(question);
    if (signature.bands().length == 0) {
      return Optional.empty();
    }
    ExampleSearcher.Nearest nearest = new ExampleSearcher.Nearest(options.nearDuplicateThreshold());
    try (IndexedNearDuplicates indexed = reads.nearDuplicates(signature)) {
      indexed.offer(0, id -> id.equals(exceptId), nearest);
    }
    return Optional.ofNullable(nearest.match());
  }

  /** Reopens at the newest commit. */
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
    refresher.close();
    try {
      searchers.close();
    } finally {
      try {
        directory.close();
      } finally {
        analyzer.close();
      }
    }
  }
}
