package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The example index: examples with their skill labels, on disk, searchable by text and filterable
 * by skill, source and split, with per-skill counts, diverse exemplar retrieval and near-duplicate
 * detection on insert.
 *
 * <p><b>Durability.</b> Changes become durable at {@link #commit()} (and at {@link #close()} when
 * {@link IndexOptions#commitOnClose()}). After a crash (the process killed, the machine down) the
 * index reopens exactly at its last commit; later changes are gone.
 *
 * <p><b>Visibility.</b> {@link #get} sees every change made before it was called, committed or
 * not. Searches, counts and exemplars see the index as of its last refresh: {@link #commit()} and
 * {@link #refresh()} refresh, and so does a background thread every
 * {@link IndexOptions#refreshInterval()}. Near-duplicate checks see every earlier add.
 *
 * <p><b>Threads.</b> Every method is thread-safe. Reads run in parallel with each other and with
 * writes. Adds and deletes are serialised so that a near-duplicate check and the write it allows
 * are atomic.
 *
 * <p><b>Processes.</b> One directory may be open for writing ({@link #open}) in one
 * {@code SkillIndex} at a time, in any process: it holds the directory's write lock. Any number of
 * {@link #openReadOnly read-only} instances may be open beside it, in any process; they see the
 * index as of its last commit.
 *
 * <p>Arguments must not be null unless a parameter says so. Methods throw {@link IOException} when
 * the disk fails, and {@link org.apache.lucene.store.AlreadyClosedException} after {@link #close()}.
 */
public interface SkillIndex extends AutoCloseable {

  /**
   * Opens the index in {@code dir}, creating the directory and an empty index when there is none.
   *
   * @throws IOException when the directory cannot be used, or another writer holds its lock
   */
  static SkillIndex open(Path dir, IndexOptions options) throws IOException {
    return LuceneSkillIndex.open(dir, options);
  }

  /**
   * Opens the index in {@code dir} read-only, at its last commit, without taking its write lock,
   * so it works while another {@code SkillIndex}, in this process or another, writes to it.
   * Searches, counts, {@link #forEach}, exemplars, {@link #get} and {@link #findNearDuplicate}
   * answer from the commit it opened; {@link #refresh()} (and a background thread every
   * {@link IndexOptions#refreshInterval()}) moves it to the newest commit. Of {@code options} only
   * the near-duplicate threshold and the refresh interval apply.
   *
   * <p>Writes fail: {@code add}, {@code addAll}, {@code delete} and {@code commit} throw
   * {@link io.skillforge.skills.errors.ConflictException}. {@code close} releases only this
   * instance's files.
   *
   * @throws io.skillforge.skills.errors.NotFoundException when {@code dir} holds no committed index
   * @throws IOException when the directory cannot be read
   */
  static SkillIndex openReadOnly(Path dir, IndexOptions options) throws IOException {
    return ReadOnlySkillIndex.open(dir, options);
  }

  /** Opens {@code dir} read-only with {@link IndexOptions#defaults()}; see the other overload. */
  static SkillIndex openReadOnly(Path dir) throws IOException {
    return openReadOnly(dir, IndexOptions.defaults());
  }

  /**
   * Whether {@code dir} holds an index (a committed one, possibly empty). Takes no lock, so it
   * answers while a writer holds the index open.
   */
  static boolean exists(Path dir) throws IOException {
    return LuceneSkillIndex.exists(dir);
  }

  /** Opens {@code dir} with {@link IndexOptions#defaults()}. */
  static SkillIndex open(Path dir) throws IOException {
    return open(dir, IndexOptions.defaults());
  }

  /** The directory this index lives in. */
  Path directory();

  /** The options it was opened with. */
  IndexOptions options();

  /**
   * Stores {@code example}, replacing any example with the same id, under the index's
   * {@link IndexOptions#duplicatePolicy()}. An example never counts as a duplicate of the version
   * it replaces.
   */
  AddResult add(Example example) throws IOException;

  /** Stores {@code example} under {@code policy}; see {@link #add(Example)}. */
  AddResult add(Example example, DuplicatePolicy policy) throws IOException;

  /**
   * Stores each example in order under {@code policy}, exactly as {@link #add(Example,
   * DuplicatePolicy)} would one by one (so a later example can be a near-duplicate of an earlier
   * one). Not atomic: a failure part way leaves the earlier examples written.
   *
   * @return one result per example, in order
   */
  List<AddResult> addAll(Collection<Example> examples, DuplicatePolicy policy) throws IOException;

  /**
   * Removes the example with {@code id}.
   *
   * @return whether there was one
   */
  boolean delete(String id) throws IOException;

  /** The example with {@code id}, exactly as stored; empty when there is none. */
  Optional<Example> get(String id) throws IOException;

  /**
   * The indexed example whose question most nearly equals {@code question}, when its similarity
   * reaches the threshold; see {@link TextSimilarity} for the measure.
   *
   * @param exceptId an id never to report (the example's own, when replacing it); may be null
   */
  Optional<DuplicateMatch> findNearDuplicate(String question, String exceptId) throws IOException;

  /**
   * Makes every change so far durable, then visible to searches. It also releases what the index
   * keeps in memory for changes that searches could not see yet (at most
   * {@link IndexOptions#maxPendingWrites()} of them, about 2.5 KB each for a word problem), so a
   * long import that commits every N examples holds at most N of them. A commit costs a flush of
   * the changes and a sync of the new files (about 0.3 s for 10,000 examples on a small virtual
   * machine), so committing every few thousand examples or more keeps its share of an import small.
   */
  void commit() throws IOException;

  /** Makes every change so far visible to searches, without making it durable. */
  void refresh() throws IOException;

  /** The best matches of {@code request}: by BM25 score with text, in index order without. */
  List<SearchHit> search(SearchRequest request) throws IOException;

  /**
   * Hands every example {@code request} matches to {@code visitor}, in index order, streaming:
   * memory stays flat however many match. The request's limit is ignored; a text query selects
   * but does not order. Sees the index as of its last refresh.
   *
   * @return how many examples were visited
   * @throws IOException when the disk fails, or as thrown by the visitor (which stops the walk)
   */
  long forEach(SearchRequest request, Visitor visitor) throws IOException;

  /** Receives examples from {@link #forEach}. */
  @FunctionalInterface
  interface Visitor {
    void visit(Example example) throws IOException;
  }

  /** Counts of the examples {@code request} matches (its limit is ignored). */
  IndexCounts counts(SearchRequest request) throws IOException;

  /** Counts over the whole index. */
  default IndexCounts stats() throws IOException {
    return counts(SearchRequest.all());
  }

  /** Diverse examples of one skill; see {@link ExemplarRequest}. */
  List<Example> exemplars(ExemplarRequest request) throws IOException;

  /** Stops the background refresh, commits when configured to, and releases the directory. */
  @Override
  void close() throws IOException;
}
