package io.skillforge.skills.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Questions held in memory for near-duplicate checks, by the same measure and candidate search as
 * the index's check on insert (see {@link TextSimilarity}): used to keep generated data away from
 * evaluation items that are not in the index. Thread-safe.
 */
public final class NearDuplicateSet {
  private final double threshold;
  private final Map<Long, List<Integer>> byBand = new HashMap<>();
  private final List<String> ids = new ArrayList<>();
  private final List<QuestionSignature> signatures = new ArrayList<>();

  /**
   * @param threshold similarity at or above which two questions are near-duplicates, in (0, 1]
   */
  public NearDuplicateSet(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1] but was " + threshold);
    }
    this.threshold = threshold;
  }

  /** Adds a question under {@code id}. */
  public synchronized void add(String id, String question) {
    QuestionSignature signature = QuestionSignature.of(question);
    int position = ids.size();
    ids.add(id);
    signatures.add(signature);
    for (long band : signature.bands()) {
      byBand.computeIfAbsent(band, b -> new ArrayList<>(1)).add(position);
    }
  }

  public synchronized int size() {
    return ids.size();
  }

  /** The most similar held question at or above the threshold; empty when there is none. */
  public synchronized Optional<DuplicateMatch> nearest(String question) {
    QuestionSignature signature = QuestionSignature.of(question);
    int best = -1;
    double bestSimilarity = -1;
    for (long band : signature.bands()) {
      for (int candidate : byBand.getOrDefault(band, List.of())) {
        double similarity = signature.similarity(signatures.get(candidate));
        if (similarity > bestSimilarity) {
          best = candidate;
          bestSimilarity = similarity;
        }
      }
    }
    return best >= 0 && bestSimilarity >= threshold
        ? Optional.of(new DuplicateMatch(ids.get(best), bestSimilarity))
        : Optional.empty();
  }
}
