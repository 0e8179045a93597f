package io.skillforge.skills.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.PointValues.IntersectVisitor;
import org.apache.lucene.index.PointValues.Relation;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.util.Bits;

/**
 * The near-duplicates of a batch of questions among the examples of one searcher, which it holds
 * until closed. Not thread-safe.
 *
 * <p>A question's candidates are the searched examples sharing at least one MinHash band key with
 * it, the first {@value #MAX_CANDIDATES} in index order (what a constant-score query for its keys
 * would return first); each is measured exactly, and those reaching the threshold are kept. Which
 * candidates a question gets does not depend on the rest of the batch, so a batch of one gives
 * the same answer as the same question in a batch of a thousand.
 *
 * <p>Cost: one walk of each segment's points tree serves the whole batch, entering only the cells
 * that hold a key of the batch, so it costs at most what one lookup per question would, and far
 * less for a large batch (a lookup reads a whole leaf of 512 points per key, which dominated
 * near-duplicate checks). Candidates are measured from the {@code shingles} doc values, read in
 * document order, one read per document however many questions name it; a document written
 * before that field existed falls back to its stored example. Stored ids are read only for the
 * few candidates that reach the threshold.
 */
final class IndexedNearDuplicates implements AutoCloseable {
  /** Candidates per question measured exactly. */
  static final int MAX_CANDIDATES = 64;

  /** A candidate that reached the threshold: its top-level document and its similarity. */
  private record Hit(int doc, double similarity) {}

  private final ReferenceManager<IndexSearcher> searchers;
  private final IndexSearcher searcher;
  private final List<List<Hit>> hits;
  private final Map<Integer, String> ids = new HashMap<>();
  private StoredFields stored;

  private IndexedNearDuplicates(
      ReferenceManager<IndexSearcher> searchers, IndexSearcher searcher, List<List<Hit>> hits) {
    this.searchers = searchers;
    this.searcher = searcher;
    this.hits = hits;
  }

  /** Finds the near-duplicates of every signature in a searcher acquired from {@code searchers}. */
  static IndexedNearDuplicates find(
      ReferenceManager<IndexSearcher> searchers, QuestionSignature[] signatures, double threshold)
      throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      List<List<Hit>> hits = measure(searcher.getIndexReader(), signatures,
          candidates(searcher.getIndexReader(), signatures), threshold);
      return new IndexedNearDuplicates(searchers, searcher, hits);
    } catch (IOException | RuntimeException e) {
      searchers.release(searcher);
      throw e;
    }
  }

  /**
   * Offers {@code nearest} every near-duplicate of question {@code item} (its index in the batch)
   * whose id {@code skip} does not accept.
   */
  void offer(int item, Predicate<String> skip, ExampleSearcher.Nearest nearest) throws IOException {
    for (Hit hit : hits.get(item)) {
      String id = id(hit.doc());
      if (!skip.test(id)) {
        nearest.offer(id, hit.similarity());
      }
    }
  }

  private String id(int doc) throws IOException {
    String id = ids.get(doc);
    if (id == null) {
      if (stored == null) {
        stored = searcher.storedFields();
      }
      id = ExampleDocuments.load(stored, doc).id();
      ids.put(doc, id);
    }
    return id;
  }

  @Override
  public void close() throws IOException {
    searchers.release(searcher);
  }

  /** Per question, its candidates: sorted top-level documents, at most MAX_CANDIDATES. */
  private static int[][] candidates(IndexReader reader, QuestionSignature[] signatures)
      throws IOException {
    BatchKeys keys = new BatchKeys(signatures);
    int[][] docs = new int[keys.size()][];
    int[] counts = new int[keys.size()];
    for (LeafReaderContext leaf : reader.leaves()) {
      PointValues points = leaf.reader().getPointValues(ExampleDocuments.BAND);
      if (points == null) {
        continue;
      }
      int[] before = counts.clone();
      points.intersect(new KeyVisitor(keys, leaf.docBase, leaf.reader().getLiveDocs(), docs, counts, before));
      // Leaves come in index order, so a key's first MAX_CANDIDATES documents so far stay first.
      for (int k = 0; k < counts.length; k++) {
        if (counts[k] > before[k]) {
          Arrays.sort(docs[k], 0, counts[k]);
          counts[k] = Math.min(counts[k], MAX_CANDIDATES);
        }
      }
    }
    int[][] perQuestion = new int[signatures.length][];
    for (int q = 0; q < signatures.length; q++) {
      int n = 0;
      for (long key : signatures[q].bands()) {
        n += counts[keys.indexOf(key)];
      }
      int[] union = new int[n];
      n = 0;
      for (long key : signatures[q].bands()) {
        int k = keys.indexOf(key);
        if (counts[k] > 0) {
          System.arraycopy(docs[k], 0, union, n, counts[k]);
          n += counts[k];
        }
      }
      Arrays.sort(union);
      int distinct = 0;
      for (int i = 0; i < n && distinct < MAX_CANDIDATES; i++) {
        if (distinct == 0 || union[i] != union[distinct - 1]) {
          union[distinct++] = union[i];
        }
      }
      perQuestion[q] = Arrays.copyOf(union, distinct);
    }
    return perQuestion;
  }

  /** Measures every (question, candidate) pair, in document order; keeps those at the threshold. */
  private static List<List<Hit>> measure(
      IndexReader reader, QuestionSignature[] signatures, int[][] candidates, double threshold)
      throws IOException {
    int pairs = 0;
    for (int[] docs : candidates) {
      pairs += docs.length;
    }
    long[] byDoc = new long[pairs];
    int p = 0;
    for (int q = 0; q < candidates.length; q++) {
      for (int doc : candidates[q]) {
        byDoc[p++] = (long) doc << 32 | q;
      }
    }
    Arrays.sort(byDoc);
    List<List<Hit>> hits = new ArrayList<>(signatures.length);
    for (int q = 0; q < signatures.length; q++) {
      hits.add(new ArrayList<>(0));
    }
    List<LeafReaderContext> leaves = reader.leaves();
    int leafIndex = -1;
    LeafReaderContext leaf = null;
    BinaryDocValues values = null;
    StoredFields stored = null;
    int lastDoc = -1;
    long[] shingles = null;
    for (long pair : byDoc) {
      int doc = (int) (pair >>> 32);
      int q = (int) pair;
      if (doc != lastDoc) {
        while (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
          leaf = leaves.get(++leafIndex);
          values = leaf.reader().getBinaryDocValues(ExampleDocuments.SHINGLES);
          stored = null;
        }
        int leafDoc = doc - leaf.docBase;
        if (values != null && values.advanceExact(leafDoc)) {
          shingles = ExampleDocuments.decodeShingles(values.binaryValue());
        } else {
          if (stored == null) {
            stored = leaf.reader().storedFields();
          }
          String question = ExampleDocuments.load(stored, leafDoc).question();
          shingles = TextSimilarity.shingles(TextSimilarity.normalize(question));
        }
        lastDoc = doc;
      }
      double similarity = TextSimilarity.jaccard(signatures[q].shingles(), shingles);
      if (similarity >= threshold) {
        hits.get(q).add(new Hit(doc, similarity));
      }
    }
    return hits;
  }

  /** The distinct band keys of a batch, sorted, each with an index. */
  static final class BatchKeys {
    private final long[] sorted;

    BatchKeys(QuestionSignature[] signatures) {
      int n = 0;
      for (QuestionSignature s : signatures) {
        n += s.bands().length;
      }
      long[] all = new long[n];
      n = 0;
      for (QuestionSignature s : signatures) {
        System.arraycopy(s.bands(), 0, all, n, s.bands().length);
        n += s.bands().length;
      }
      Arrays.sort(all);
      int distinct = 0;
      for (int i = 0; i < all.length; i++) {
        if (distinct == 0 || all[i] != all[distinct - 1]) {
          all[distinct++] = all[i];
        }
      }
      sorted = Arrays.copyOf(all, distinct);
    }

    int size() {
      return sorted.length;
    }

    /** The index of a key of the batch; negative for any other value. */
    int indexOf(long key) {
      return Arrays.binarySearch(sorted, key);
    }

    /**
     * The index of the first key at or above {@code value}, searched from {@code from} on when
     * that is where the previous, smaller value landed: a points walk visits values in ascending
     * order, so this is usually a step or two (galloping, then binary search), not a search of all.
     */
    int seek(long value, int from) {
      if (from > 0 && sorted[from - 1] >= value) {
        from = 0; // the value went back: search everything
      }
      int step = 1;
      while (from + step <= sorted.length && sorted[from + step - 1] < value) {
        from += step;
        step *= 2;
      }
      int i = Arrays.binarySearch(sorted, from, Math.min(sorted.length, from + step), value);
      return i >= 0 ? i : -i - 1;
    }

    boolean isKey(int index, long value) {
      return index < sorted.length && sorted[index] == value;
    }

    /** Whether some key lies in [min, max]. */
    boolean anyWithin(long min, long max) {
      int i = Arrays.binarySearch(sorted, min);
      if (i >= 0) {
        return true;
      }
      int next = -i - 1;
      return next < sorted.length && sorted[next] <= max;
    }
  }

  /**
   * Collects, per key, the live documents of one leaf holding it; keys that already had
   * MAX_CANDIDATES documents before this leaf take no more. Enters only cells holding a key.
   */
  private static final class KeyVisitor implements IntersectVisitor {
    private final BatchKeys keys;
    private final int docBase;
    private final Bits live;
    private final int[][] docs;
    private final int[] counts;
    private final int[] before;
    /** Where the last visited value landed in the keys. */
    private int cursor;

    KeyVisitor(BatchKeys keys, int docBase, Bits live, int[][] docs, int[] counts, int[] before) {
      this.keys = keys;
      this.docBase = docBase;
      this.live = live;
      this.docs = docs;
      this.counts = counts;
      this.before = before;
    }

    @Override
    public void visit(int docID) {
      // compare() never answers CELL_INSIDE_QUERY, so every document comes with its value.
      throw new IllegalStateException("a band key cell cannot lie wholly inside the batch's keys");
    }

    @Override
    public void visit(int docID, byte[] packedValue) {
      long value = LongPoint.decodeDimension(packedValue, 0);
      cursor = keys.seek(value, cursor);
      int k = cursor;
      if (!keys.isKey(k, value) || before[k] >= MAX_CANDIDATES || (live != null && !live.get(docID))) {
        return;
      }
      int[] list = docs[k];
      if (list == null) {
        list = docs[k] = new int[4];
      } else if (counts[k] == list.length) {
        list = docs[k] = Arrays.copyOf(list, list.length * 2);
      }
      list[counts[k]++] = docBase + docID;
    }

    @Override
    public Relation compare(byte[] minPackedValue, byte[] maxPackedValue) {
      long min = LongPoint.decodeDimension(minPackedValue, 0);
      long max = LongPoint.decodeDimension(maxPackedValue, 0);
      return keys.anyWithin(min, max) ? Relation.CELL_CROSSES_QUERY : Relation.CELL_OUTSIDE_QUERY;
    }
  }
}
