package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.io.IOException;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

/** The Lucene fields of one example, and the way back from a stored document to the example. */
final class ExampleDocuments {
  static final String ID = "id";
  static final String QUESTION = "question";
  static final String RATIONALE = "rationale";
  static final String SKILL = "skill";
  static final String SOURCE = "source";
  static final String SPLIT = "split";
  static final String SHINGLE = "shingle";
  static final String EXAMPLE = "example";

  private static final FieldType SHINGLE_TYPE = new FieldType();

  static {
    // Only "which documents hold this shingle" is ever asked: no frequencies, positions or norms.
    SHINGLE_TYPE.setIndexOptions(IndexOptions.DOCS);
    SHINGLE_TYPE.setOmitNorms(true);
    SHINGLE_TYPE.setTokenized(true);
    SHINGLE_TYPE.freeze();
  }

  private ExampleDocuments() {}

  /** The document for {@code e}; {@code shingles} are its question's shingle hashes. */
  static Document toDocument(Example e, long[] shingles) {
    Document doc = new Document();
    // Exact, unanalysed term: the key for upsert, delete and get; its value comes back in EXAMPLE.
    doc.add(new StringField(ID, e.id(), Field.Store.NO));
    // Analysed for BM25 search; not stored because EXAMPLE already carries the text.
    doc.add(new TextField(QUESTION, e.question(), Field.Store.NO));
    // Analysed for BM25 search, as a field of its own so the question can weigh more.
    doc.add(new TextField(RATIONALE, e.rationale(), Field.Store.NO));
    for (String skill : e.skills()) {
      // Term for skill filters plus sorted-set doc values for per-skill counts, one value each.
      doc.add(new KeywordField(SKILL, skill, Field.Store.NO));
    }
    // Term for the source filter plus doc values for per-source counts.
    doc.add(new KeywordField(SOURCE, e.source().wireName(), Field.Store.NO));
    // Term for the split filter plus doc values for per-split counts.
    doc.add(new KeywordField(SPLIT, e.split(), Field.Store.NO));
    // Docs-only postings of the question's shingle hashes: the candidate lookup for near-duplicates.
    doc.add(new Field(SHINGLE, new HashTokens(shingles), SHINGLE_TYPE));
    // The whole example in one stored blob, so every field round-trips exactly.
    doc.add(new StoredField(EXAMPLE, ExampleCodec.encode(e)));
    return doc;
  }

  static Term idTerm(String id) {
    return new Term(ID, id);
  }

  static Term shingleTerm(long hash) {
    return new Term(SHINGLE, new BytesRef(toBytes(hash)));
  }

  /** Reads the stored example of a top-level document id. */
  static Example load(StoredFields stored, int doc) throws IOException {
    BytesRef bytes = stored.document(doc).getBinaryValue(EXAMPLE);
    if (bytes == null) {
      throw new IllegalStateException("document " + doc + " has no stored example");
    }
    return ExampleCodec.decode(bytes.bytes, bytes.offset, bytes.length);
  }

  private static byte[] toBytes(long hash) {
    byte[] b = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      b[i] = (byte) (hash >>> (56 - 8 * i));
    }
    return b;
  }

  /** Emits each hash as one 8-byte term. */
  private static final class HashTokens extends TokenStream {
    private final BytesTermAttribute term = addAttribute(BytesTermAttribute.class);
    private final long[] hashes;
    private int next;

    HashTokens(long[] hashes) {
      this.hashes = hashes;
    }

    @Override
    public boolean incrementToken() {
      if (next >= hashes.length) {
        return false;
      }
      clearAttributes();
      term.setBytesRef(new BytesRef(toBytes(hashes[next++])));
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }
}
