package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;

/**
 * The Lucene documents a {@link SkillIndex} writes, for tools that index examples with Lucene
 * directly: the indexing benchmark compares the index with a plain {@code IndexWriter} fed these
 * same documents. Nothing here checks for near-duplicates or keeps any state. Thread-safe.
 */
public final class SkillIndexDocuments {
  private SkillIndexDocuments() {}

  /** A new analyzer for question and rationale text, the one the index uses; close it after use. */
  public static Analyzer newAnalyzer() {
    return new ExampleAnalyzer();
  }

  /** The document the index writes for {@code example}, near-duplicate keys included. */
  public static Document of(Example example) {
    return ExampleDocuments.toDocument(example, QuestionSignature.of(example.question()));
  }

  /** The term naming the document of the example with {@code id}, the key for upserts. */
  public static Term idTerm(String id) {
    return ExampleDocuments.idTerm(id);
  }
}
