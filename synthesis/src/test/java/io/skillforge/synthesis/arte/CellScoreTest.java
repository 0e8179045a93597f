package io.skillforge.synthesis.arte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CellScoreTest {
  private static final Cell CELL = new Cell("remainder", Draft.SINGLE, "stepwise");

  @Test
  void theLossOnlyBreaksTiesOfAccuracy() {
    CellScore oneItemBetter = CellScore.of(CELL, 0.5, 0.5 + 1.0 / 60, 1.0, 1.9, 10, 60);
    CellScore sameAccuracyLowerLoss = CellScore.of(CELL, 0.5, 0.5, 1.0, 0.2, 10, 60);
    CellScore sameAccuracyHigherLoss = CellScore.of(CELL, 0.5, 0.5, 1.0, 1.3, 10, 60);
    assertTrue(oneItemBetter.score() > sameAccuracyLowerLoss.score());
    assertTrue(sameAccuracyLowerLoss.score() > sameAccuracyHigherLoss.score());
    assertEquals("+1.6", oneItemBetter.points(), "1.7 points of accuracy less 0.9 nats of loss x 0.001");
    assertEquals("+0.0", sameAccuracyHigherLoss.points(), "no negative zero");
    assertEquals(0.25, new CellScore(CELL, 0.1, 0, 0, 0, 0, 1, 1, Map.of("d1", 0.25)).scoreOf("d1"));
    assertEquals(0.1, new CellScore(CELL, 0.1, 0, 0, 0, 0, 1, 1, Map.of("d1", 0.25)).scoreOf("d2"));
  }
}
