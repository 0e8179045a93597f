package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.io.IOException;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BitUtil;
import org.apache.lucene.util.BytesRef;

/** The Lucene fields of one example, and the way back from a stored document to the example. */
final class ExampleDocuments {
  static final String ID = "id";
  static final String QUESTION = "question";
  static final String RATIONALE = "rationale";
  static final String SKILL = "skill";
  static final String SOURCE = "source";
  static final String SPLIT = "split";
  static final String BAND = "band";
  static final String SHINGLES = "shingles";
  static final String EXAMPLE = "example";

  private ExampleDocuments() {}

  /** The document for {@code e}; {@code signature} is its question's. */
  static Document toDocument(Example e, QuestionSignature signature) {
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
    doc.add(new KeywordField(SOURCE, ExampleCodec.sourceName(e.source()), Field.Store.NO));
    // Term for the split filter plus doc values for per-split counts.
    doc.add(new KeywordField(SPLIT, e.split(), Field.Store.NO));
    for (long key : signature.bands()) {
      // The question's MinHash band keys as points, the near-duplicate candidate lookup: nearly
      // every key is unique, which costs a points tree far less to index than a terms dictionary.
      doc.add(new LongPoint(BAND, key));
    }
    if (signature.shingles().length > 0) {
      // The shingle hashes as doc values, so a candidate is measured without decompressing its
      // stored example (about 20 times faster per candidate).
      doc.add(new BinaryDocValuesField(SHINGLES, encodeShingles(signature.shingles())));
    }
    // The whole example in one stored blob, so every field round-trips exactly.
    doc.add(new StoredField(EXAMPLE, ExampleCodec.encode(e)));
    return doc;
  }

  static BytesRef encodeShingles(long[] shingles) {
    byte[] bytes = new byte[shingles.length * Long.BYTES];
    for (int i = 0; i < shingles.length; i++) {
      BitUtil.VH_LE_LONG.set(bytes, i * Long.BYTES, shingles[i]);
    }
    return new BytesRef(bytes);
  }

  static long[] decodeShingles(BytesRef bytes) {
    long[] shingles = new long[bytes.length / Long.BYTES];
    for (int i = 0; i < shingles.length; i++) {
      shingles[i] = (long) BitUtil.VH_LE_LONG.get(bytes.bytes, bytes.offset + i * Long.BYTES);
    }
    return shingles;
  }

  static Term idTerm(String id) {
    return new Term(ID, id);
  }

  /** Reads the stored example of a top-level document id. */
  static Example load(StoredFields stored, int doc) throws IOException {
    BytesRef bytes = stored.document(doc).getBinaryValue(EXAMPLE);
    if (bytes == null) {
      throw new IllegalStateException("document " + doc + " has no stored example");
    }
    return ExampleCodec.decode(bytes.bytes, bytes.offset, bytes.length);
  }
}
