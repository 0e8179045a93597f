package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The read side of an index: everything {@link SkillIndex} answers from a searcher, for the
 * writable index (near-real-time searchers over its writer) and the read-only one (searchers over
 * the last commit) alike. Every method acquires one searcher and releases it before it returns.
 * Thread-safe.
 */
final class ExampleSearcher {
  private final ReferenceManager<IndexSearcher> searchers;
  private final ExampleQueries queries;
  private final double nearDuplicateThreshold;

  ExampleSearcher(
      ReferenceManager<IndexSearcher> searchers, ExampleQueries queries, double nearDuplicateThreshold) {
    this.searchers = searchers;
    this.queries = queries;
    this.nearDuplicateThreshold = nearDuplicateThreshold;
  }

  /** The searched example with {@code id}; empty when there is none. */
  Optional<Example> get(String id) throws IOException {
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

  /**
   * The near-duplicates of a batch of questions among the searched examples, in one searcher that
   * the result holds until it is closed.
   */
  IndexedNearDuplicates nearDuplicates(QuestionSignature... signatures) throws IOException {
    return IndexedNearDuplicates.find(searchers, signatures, nearDuplicateThreshold);
  }

  List<SearchHit> search(SearchRequest request) throws IOException {
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

  long forEach(SearchRequest request, SkillIndex.Visitor visitor) throws IOException {
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

  IndexCounts counts(SearchRequest request) throws IOException {
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

  List<Example> exemplars(ExemplarRequest request) throws IOException {
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
    return DiverseSelection.select(pool, request.count(), request.lambda(), nearDuplicateThreshold);
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

  /** The best (highest similarity, then lowest id) near-duplicate candidate offered so far. */
  static final class Nearest {
    private final double threshold;
    private String id;
    private double similarity = -1;

    Nearest(double threshold) {
      this.threshold = threshold;
    }

    void offer(String candidate, double s) {
      if (s > similarity || (s == similarity && candidate.compareTo(id) < 0)) {
        id = candidate;
        similarity = s;
      }
    }

    /** The best candidate when it reaches the threshold, else null. */
    DuplicateMatch match() {
      return similarity >= threshold ? new DuplicateMatch(id, similarity) : null;
    }
  }
}
