package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchTeacherCommandTest {

  @Test
  void benchTeacher_smallRun_endsWithTheJsonFigures() throws Exception {
    CliTest.Run run = CliTest.run("bench", "teacher", "--items", "60", "--concurrency", "4",
        "--latency-ms", "5", "--batch-size", "2", "--warmup-items", "8");
    assertEquals(ExitCodes.OK, run.code(), run.err());
    String[] lines = run.out().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(800.0, json.get("boundItemsPerSecond").asDouble(), 1e-9);
    assertTrue(json.get("itemsPerSecond").asDouble() > 0);
    assertEquals(json.get("itemsPerSecond").asDouble() / 800.0, json.get("ratio").asDouble(), 0.01);
    assertEquals(30, json.get("httpCalls").asLong());
    assertEquals(30, json.get("cacheHits").asLong(), "the re-run is all cache hits");
    assertEquals(0, json.get("rerunHttpCalls").asLong());
    assertEquals(1.0, json.get("agreement").asDouble());
    assertTrue(run.out().contains("items/s"), run.out());
  }

  @Test
  void benchTeacher_zeroLatency_isAUsageError() {
    CliTest.Run run = CliTest.run("bench", "teacher", "--latency-ms", "0");
    assertEquals(ExitCodes.USAGE, run.code());
  }
}
