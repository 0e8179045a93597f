package io.skillforge.student.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.student.FineTuneSettings.Weighting;
import io.skillforge.student.builtin.TrainingBatches.Sequence;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingBatchesTest {
  private static List<Sequence> sequences(int n) {
    List<Sequence> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Sequence(new int[2 + i % 7], 1, 1f));
    }
    return list;
  }

  @Test
  void next_sampleWeighting_drawsInProportionToWeight() {
    List<Sequence> seqs = sequences(4);
    double[] weights = {1, 1, 1, 5};
    TrainingBatches batches = new TrainingBatches(seqs, weights, 4, Weighting.SAMPLE, 1);
    Map<Sequence, Integer> counts = count(batches, 2000);
    int heavy = counts.get(seqs.get(3));
    int light = counts.get(seqs.get(0));
    assertEquals(5.0, (double) heavy / light, 0.5);
  }

  @Test
  void next_lossWeighting_seesEachEquallyAndScalesLoss() {
    List<Sequence> seqs = sequences(4);
    double[] weights = {1, 1, 1, 5};
    TrainingBatches batches = new TrainingBatches(seqs, weights, 4, Weighting.LOSS, 1);
    List<Sequence> seen = new ArrayList<>();
    // Whole windows only: a window's batches come out in shuffled order.
    int taken = 16 * TrainingBatches.WINDOW;
    for (int i = 0; i < taken; i++) {
      seen.addAll(batches.next());
    }
    Map<int[], Integer> byTokens = new IdentityHashMap<>();
    for (Sequence s : seen) {
      byTokens.merge(s.tokens(), 1, Integer::sum);
      float expected = s.tokens() == seqs.get(3).tokens() ? 2.5f : 0.5f;
      assertEquals(expected, s.lossWeight(), 1e-6);
    }
    byTokens.values().forEach(c -> assertEquals(taken, c));
  }

  @Test
  void next_sameSeed_sameOrder_otherSeed_otherOrder() {
    List<Sequence> seqs = sequences(50);
    double[] weights = new double[50];
    java.util.Arrays.fill(weights, 1);
    List<Sequence> a = take(new TrainingBatches(seqs, weights, 8, Weighting.SAMPLE, 3), 20);
    List<Sequence> b = take(new TrainingBatches(seqs, weights, 8, Weighting.SAMPLE, 3), 20);
    List<Sequence> c = take(new TrainingBatches(seqs, weights, 8, Weighting.SAMPLE, 4), 20);
    assertEquals(a, b);
    assertTrue(!a.equals(c));
  }

  @Test
  void next_batchesHoldSimilarLengths() {
    List<Sequence> seqs = sequences(512);
    double[] weights = new double[512];
    java.util.Arrays.fill(weights, 1);
    TrainingBatches batches = new TrainingBatches(seqs, weights, 16, Weighting.SAMPLE, 1);
    int spread = 0;
    for (int i = 0; i < 32; i++) {
      List<Sequence> batch = batches.next();
      int min = batch.stream().mapToInt(s -> s.tokens().length).min().orElseThrow();
      int max = batch.stream().mapToInt(s -> s.tokens().length).max().orElseThrow();
      spread += max - min;
    }
    // Unsorted batches of 16 would nearly always span all 7 lengths (spread 6).
    assertTrue(spread / 32.0 < 3, "mean spread " + spread / 32.0);
  }

  private static Map<Sequence, Integer> count(TrainingBatches batches, int n) {
    Map<Sequence, Integer> counts = new IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      batches.next().forEach(s -> counts.merge(s, 1, Integer::sum));
    }
    return counts;
  }

  private static List<Sequence> take(TrainingBatches batches, int n) {
    List<Sequence> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.addAll(batches.next());
    }
    return all;
  }
}
