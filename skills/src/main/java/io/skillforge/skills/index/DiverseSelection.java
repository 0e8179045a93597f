package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.List;

/** Greedy maximal-marginal-relevance selection; see {@link ExemplarRequest} for the rule. */
final class DiverseSelection {
  /** One pool item with its relevance and text signatures. */
  record Candidate(Example example, double relevance, long[] words, long[] shingles) {
    static Candidate of(Example example, double relevance) {
      String normalized = TextSimilarity.normalize(example.question());
      return new Candidate(
          example, relevance, TextSimilarity.words(normalized), TextSimilarity.shingles(normalized));
    }
  }

  private DiverseSelection() {}

  /**
   * Picks up to {@code count} candidates, best first. Ties go to the earlier candidate in the pool.
   *
   * @param nearDuplicateThreshold a candidate at or above this shingle similarity to a picked one is
   *     dropped
   */
  static List<Example> select(
      List<Candidate> pool, int count, double lambda, double nearDuplicateThreshold) {
    double best = 0;
    for (Candidate c : pool) {
      best = Math.max(best, c.relevance());
    }
    List<Candidate> remaining = new ArrayList<>(pool);
    double[] maxSimilarity = new double[remaining.size()];
    List<Example> picked = new ArrayList<>();
    while (picked.size() < count && !remaining.isEmpty()) {
      int bestAt = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < remaining.size(); i++) {
        double relevance = best > 0 ? remaining.get(i).relevance() / best : 1;
        double score = lambda * relevance - (1 - lambda) * maxSimilarity[i];
        if (score > bestScore) {
          bestScore = score;
          bestAt = i;
        }
      }
      Candidate chosen = remaining.get(bestAt);
      picked.add(chosen.example());
      List<Candidate> kept = new ArrayList<>(remaining.size());
      double[] keptSimilarity = new double[remaining.size()];
      for (int i = 0; i < remaining.size(); i++) {
        Candidate c = remaining.get(i);
        if (i == bestAt
            || TextSimilarity.jaccard(c.shingles(), chosen.shingles()) >= nearDuplicateThreshold) {
          continue;
        }
        keptSimilarity[kept.size()] =
            Math.max(maxSimilarity[i], TextSimilarity.jaccard(c.words(), chosen.words()));
        kept.add(c);
      }
      remaining = kept;
      maxSimilarity = keptSimilarity;
    }
    return picked;
  }
}
