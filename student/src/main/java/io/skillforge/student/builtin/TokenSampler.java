package io.skillforge.student.builtin;

import io.skillforge.student.Sampling;
import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits on the host: greedy (lowest id among the maxima) or
 * temperature sampling restricted to the top-p nucleus. Pure; the randomness comes from the
 * caller's generator.
 */
final class TokenSampler {
  private TokenSampler() {}

  static int pick(float[] logits, int offset, int vocab, Sampling sampling, Random random) {
    if (sampling.isGreedy()) {
      int best = 0;
      for (int i = 1; i < vocab; i++) {
        if (logits[offset + i] > logits[offset + best]) {
          best = i;
        }
      }
      return best;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double[] probabilities = new double[vocab];
    double total = 0;
    for (int i = 0; i < vocab; i++) {
      probabilities[i] = StrictMath.exp((logits[offset + i] - max) / sampling.temperature());
      total += probabilities[i];
    }
    Integer[] order = null;
    double mass = total;
    int kept = vocab;
    if (sampling.topP() < 1) {
      order = new Integer[vocab];
      for (int i = 0; i < vocab; i++) {
        order[i] = i;
      }
      double[] p = probabilities;
      // Descending probability, ties by id, so the nucleus is well defined.
      Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
      mass = 0;
      kept = 0;
      while (kept < vocab && mass < sampling.topP() * total) {
        mass += probabilities[order[kept++]];
      }
    }
    double u = random.nextDouble() * mass;
    for (int k = 0; k < kept; k++) {
      int id = order == null ? k : order[k];
      u -= probabilities[id];
      if (u < 0) {
        return id;
      }
    }
    return order == null ? vocab - 1 : order[kept - 1];
  }
}
