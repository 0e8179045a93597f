package io.skillforge.server.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.errors.BadInputException;
import io.skillforge.student.builtin.TransformerConfig;
import org.junit.jupiter.api.Test;

class StudentBenchTest {
  private static final TransformerConfig TINY = TransformerConfig.of(16, 1, 2, 64);

  @Test
  void run_tinyModel_measuresTrainingAndBothBatchSizes() {
    RecordingListener listener = new RecordingListener();

    StudentBench.Result result = new StudentBench().run(
        new StudentBench.Request(TINY, 2, 0, 2, 1, 4, 2, 0, 5), listener.context());

    assertTrue(result.trainTokens() > 0 && result.trainTokensPerSecond() > 0, result.toString());
    assertTrue(result.genTokensPerSecondBatch1() > 0 && result.genTokensPerSecondBatch32() > 0);
    assertTrue(result.lowestRoundSpeedup() <= result.highestRoundSpeedup(), result.toString());
    assertEquals(2, listener.last("train").done());
    assertEquals(TINY.parameterCount(), result.json().get("parameters").asLong());
    assertEquals(result.device(), result.json().get("device").asText());
    assertTrue(listener.notes.get(0).startsWith("model d=16 layers=1 heads=2"), listener.notes.toString());
  }

  @Test
  void request_noRounds_namesTheFlag() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> new StudentBench.Request(TINY, 1, 0, 1, 1, 1, 0, 0, 1));
    assertTrue(e.getMessage().contains("--repeats"), e.getMessage());
  }
}
