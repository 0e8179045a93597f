package io.skillforge.skills.index;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/** Turns {@link SearchRequest}s and texts into Lucene queries over {@link ExampleDocuments}. */
final class ExampleQueries {
  /** The question says what an example is about; the rationale mostly repeats its numbers. */
  private static final float QUESTION_BOOST = 2f;

  private final Analyzer analyzer;

  ExampleQueries(Analyzer analyzer) {
    this.analyzer = analyzer;
  }

  /** Text (scored) combined with filters (not scored); constant score 1 without text. */
  Query toQuery(SearchRequest request) {
    BooleanQuery.Builder filters = new BooleanQuery.Builder();
    boolean filtered = false;
    if (!request.anySkills().isEmpty()) {
      List<BytesRef> skills = request.anySkills().stream().map(BytesRef::new).toList();
      filters.add(
          skills.size() == 1
              ? new TermQuery(new Term(ExampleDocuments.SKILL, skills.get(0)))
              : new TermInSetQuery(ExampleDocuments.SKILL, skills),
          Occur.FILTER);
      filtered = true;
    }
    for (String skill : request.allSkills()) {
      filters.add(skill(skill), Occur.FILTER);
      filtered = true;
    }
    if (request.source() != null) {
      filters.add(
          new TermQuery(new Term(ExampleDocuments.SOURCE, ExampleCodec.sourceName(request.source()))),
          Occur.FILTER);
      filtered = true;
    }
    if (request.split() != null) {
      filters.add(new TermQuery(new Term(ExampleDocuments.SPLIT, request.split())), Occur.FILTER);
      filtered = true;
    }
    if (request.hasText()) {
      Query text = text(request.text());
      if (text == null) {
        // Text that analyses to nothing (only punctuation) matches nothing.
        return new MatchNoDocsQuery("query text has no searchable words");
      }
      return filtered ? filters.add(text, Occur.MUST).build() : text;
    }
    return filtered ? new ConstantScoreQuery(filters.build()) : new MatchAllDocsQuery();
  }

  /** Examples labelled with {@code skill}. */
  static Query skill(String skill) {
    return new TermQuery(new Term(ExampleDocuments.SKILL, skill));
  }

  /** BM25 over question and rationale; null when the text has no searchable words. */
  Query text(String text) {
    QueryBuilder builder = new QueryBuilder(analyzer);
    // One flat disjunction of per-word clauses scores like nested ones but runs faster.
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    int clauses =
        addFlat(all, builder.createBooleanQuery(ExampleDocuments.QUESTION, text), QUESTION_BOOST)
            + addFlat(all, builder.createBooleanQuery(ExampleDocuments.RATIONALE, text), 1f);
    return clauses == 0 ? null : all.build();
  }

  /** Adds {@code query} (or, for a plain disjunction, its clauses) as SHOULD clauses. */
  private static int addFlat(BooleanQuery.Builder into, Query query, float boost) {
    if (query == null) {
      return 0;
    }
    if (query instanceof BooleanQuery bq
        && bq.getMinimumNumberShouldMatch() == 0
        && bq.clauses().stream().allMatch(c -> c.getOccur() == Occur.SHOULD)) {
      for (BooleanClause clause : bq.clauses()) {
        into.add(boosted(clause.getQuery(), boost), Occur.SHOULD);
      }
      return bq.clauses().size();
    }
    into.add(boosted(query, boost), Occur.SHOULD);
    return 1;
  }

  private static Query boosted(Query query, float boost) {
    return boost == 1f ? query : new BoostQuery(query, boost);
  }

  /** Examples holding any of these MinHash band keys (constant score). */
  static Query nearDuplicateCandidates(long[] bandKeys) {
    return LongPoint.newSetQuery(ExampleDocuments.BAND, bandKeys);
  }
}
