package io.skillforge.student.builtin;

import io.skillforge.student.FineTuneSettings.Weighting;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * An endless, seeded stream of training batches.
 *
 * <p>Passes: each pass holds every sequence once ({@link Weighting#LOSS}, where the weight scales
 * the loss instead) or {@code weight / mean weight} times with the fraction drawn at random
 * ({@link Weighting#SAMPLE}), shuffled. Batching: {@value #WINDOW} batches' worth of sequences at a
 * time are sorted by length and cut into batches whose order is shuffled again, so that padding
 * stays small while batch order stays random.
 */
final class TrainingBatches {
  static final int WINDOW = 8;

  /**
   * One training sequence.
   *
   * @param tokens prompt, response and end-of-text token
   * @param promptLength tokens of the prompt; loss counts only later tokens
   * @param lossWeight multiplies this sequence's loss (1 unless weighting is LOSS)
   */
  record Sequence(int[] tokens, int promptLength, float lossWeight) {
    /** Positions whose prediction the loss counts: the response tokens and the final EOS. */
    int lossPositions() {
      return tokens.length - promptLength;
    }

    /** The sum of {@link #lossPositions()} over {@code sequences}. */
    static int lossPositions(List<Sequence> sequences) {
      int n = 0;
      for (Sequence s : sequences) {
        n += s.lossPositions();
      }
      return n;
    }
  }

  private final List<Sequence> sequences;
  private final double[] relativeWeights;
  private final int batchSize;
  private final Weighting weighting;
  private final Random random;
  private final Deque<Sequence> pass = new ArrayDeque<>();
  private final Deque<List<Sequence>> ready = new ArrayDeque<>();

  /**
   * @param weights one positive weight per sequence
   */
  TrainingBatches(List<Sequence> sequences, double[] weights, int batchSize, Weighting weighting,
      long seed) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("no training sequences");
    }
    double mean = 0;
    for (double w : weights) {
      mean += w / weights.length;
    }
    this.relativeWeights = new double[weights.length];
    List<Sequence> prepared = new ArrayList<>(sequences.size());
    for (int i = 0; i < weights.length; i++) {
      relativeWeights[i] = weights[i] / mean;
      Sequence s = sequences.get(i);
      prepared.add(weighting == Weighting.LOSS
          ? new Sequence(s.tokens(), s.promptLength(), (float) relativeWeights[i]) : s);
    }
    this.sequences = prepared;
    this.batchSize = batchSize;
    this.weighting = weighting;
    this.random = new Random(seed);
  }

  List<Sequence> next() {
    if (ready.isEmpty()) {
      fillWindow();
    }
    return ready.poll();
  }

  private void fillWindow() {
    List<Sequence> window = new ArrayList<>(batchSize * WINDOW);
    for (int i = 0; i < batchSize * WINDOW; i++) {
      if (pass.isEmpty()) {
        newPass();
      }
      window.add(pass.poll());
    }
    // Stable sort: equal lengths keep their shuffled order, so the result depends on the seed only.
    window.sort(Comparator.comparingInt(s -> s.tokens().length));
    List<List<Sequence>> batches = new ArrayList<>(WINDOW);
    for (int i = 0; i < window.size(); i += batchSize) {
      batches.add(window.subList(i, Math.min(window.size(), i + batchSize)));
    }
    Collections.shuffle(batches, random);
    ready.addAll(batches);
  }

  private void newPass() {
    List<Sequence> order = new ArrayList<>();
    while (order.isEmpty()) {
      for (int i = 0; i < sequences.size(); i++) {
        int copies = 1;
        if (weighting == Weighting.SAMPLE) {
          double w = relativeWeights[i];
          copies = (int) Math.floor(w) + (random.nextDouble() < w - Math.floor(w) ? 1 : 0);
        }
        for (int c = 0; c < copies; c++) {
          order.add(sequences.get(i));
        }
      }
    }
    Collections.shuffle(order, random);
    pass.addAll(order);
  }
}
