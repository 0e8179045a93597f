package io.skillforge.server.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.errors.BadInputException;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import org.junit.jupiter.api.Test;

class TeacherBenchTest {
  private static TeacherBench.Request request(double failRate) {
    return new TeacherBench.Request(24, 4, 5, 3, failRate, 0, 0, 1, TeacherSettings.defaults());
  }

  @Test
  void run_tinySim_labelsEveryItemThenRerunsFromTheCache() throws Exception {
    RecordingListener listener = new RecordingListener();

    TeacherBench.Result result = new TeacherBench().run(request(0), listener.context());

    assertEquals(8, result.first().usage().httpCalls(), "24 items, 3 per call");
    assertEquals(8, result.rerun().usage().cacheHits());
    assertEquals(0, result.rerun().usage().httpCalls());
    assertEquals(0, result.rerunHttpCalls());
    assertEquals(1.0, result.first().agreement());
    assertTrue(result.complete());
    assertEquals(800.0, result.request().boundItemsPerSecond(), 1e-9);
    assertEquals(result.first().itemsPerSecond() / 800.0, result.ratio(), 1e-9);
    assertEquals(8.0 / 24, result.httpCallsPerItem(), 1e-9);
    assertTrue(result.promptTokensPerItem() > 0 && result.completionTokensPerItem() > 0);
    assertEquals(24, result.json().get("items").asInt());
    assertTrue(listener.notes.get(0).startsWith("teacher-sim on http://"), listener.notes.toString());
  }

  @Test
  void run_failingSim_retriesAndStillLabelsEveryItem() throws Exception {
    TeacherBench.Result result = new TeacherBench().run(request(0.3), new RecordingListener().context());

    assertTrue(result.first().usage().retries() > 0, result.first().usage().toString());
    assertEquals(result.first().usage().retries(), result.json().get("retries").asLong());
    assertEquals(1.0, result.first().agreement());
  }

  @Test
  void request_zeroBatch_namesTheFlag() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> new TeacherBench.Request(1, 1, 1, 0, 0, 0, 0, 1, TeacherSettings.defaults()));
    assertTrue(e.getMessage().contains("--batch-size"), e.getMessage());
  }
}
