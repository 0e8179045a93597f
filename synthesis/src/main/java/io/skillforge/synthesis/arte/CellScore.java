package io.skillforge.synthesis.arte;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How much one cell of drafts helps the student: {@code score} is what pairs and styles rank by.
 *
 * @param cell the cell
 * @param score the preference, {@link #of}: the change in accuracy on the skill's preference set,
 *     ties broken by the change in loss
 * @param before accuracy on the preference set before
 * @param after accuracy on the preference set after training on (or being shown) the cell
 * @param lossBefore mean loss per token of the preference set's reference solutions before
 * @param lossAfter the same after
 * @param examples the cell's examples used
 * @param preferenceItems items in the preference set
 * @param draftScores per draft id, the draft's own score where the scorer measures drafts one by one
 *     (the in-context proxy); empty where it measures the cell as a whole (the lookahead)
 */
public record CellScore(Cell cell, double score, double before, double after, double lossBefore, double lossAfter,
    int examples, int preferenceItems, Map<String, Double> draftScores) {
  /**
   * Weight of the loss in the score: small enough that the loss only orders cells of equal
   * accuracy (a change of one item in a preference set of up to 1,000 items outweighs a loss
   * change of up to 1 nat per token).
   */
  public static final double LOSS_WEIGHT = 1e-3;

  public CellScore {
    Objects.requireNonNull(cell, "cell");
    draftScores = Map.copyOf(draftScores);
  }

  /** The score in points, signed, one decimal ({@code +6.7}, {@code -0.0} written as {@code +0.0}). */
  public String points() {
    return String.format(Locale.ROOT, "%+.1f", Math.round(1000 * score) / 10.0 + 0.0);
  }

  /** The score of one draft's rationale in this cell: its own where measured, else the cell's. */
  public double scoreOf(String draftId) {
    return draftScores.getOrDefault(draftId, score);
  }

  /** A cell's score from its measurements: accuracy gained, less {@link #LOSS_WEIGHT} times loss gained. */
  public static CellScore of(Cell cell, double before, double after, double lossBefore, double lossAfter,
      int examples, int preferenceItems) {
    double score = (after - before) - LOSS_WEIGHT * (lossAfter - lossBefore);
    return new CellScore(cell, score, before, after, lossBefore, lossAfter, examples, preferenceItems,
        Map.of());
  }
}
