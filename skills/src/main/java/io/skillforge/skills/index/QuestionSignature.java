package io.skillforge.skills.index;

/**
 * What near-duplicate detection knows about a question: its shingle set (for the exact measure)
 * and its MinHash band keys (for finding candidates).
 *
 * @param shingles sorted, distinct hashes of the normalised question's word 3-shingles
 * @param bands the {@link MinHashBands#keys} of those shingles; empty when there are none
 */
record QuestionSignature(long[] shingles, long[] bands) {
  static QuestionSignature of(String question) {
    long[] shingles = TextSimilarity.shingles(TextSimilarity.normalize(question));
    return new QuestionSignature(shingles, MinHashBands.keys(shingles));
  }

  /** Exact Jaccard similarity of the two shingle sets. */
  double similarity(QuestionSignature other) {
    return TextSimilarity.jaccard(shingles, other.shingles);
  }
}
