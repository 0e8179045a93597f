package io.skillforge.server.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchStudentCommandTest {
  @Test
  void benchStudent_tinyModel_lastLineIsJsonWithTheThreeRates() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(new PrintWriter(out), new PrintWriter(err), "bench", "student",
        "--dim", "32", "--layers", "1", "--heads", "2", "--context", "96", "--train-steps", "3",
        "--warmup-steps", "1", "--batch-size", "4", "--gen-tokens", "8", "--repeats", "2", "--gen-warmups", "1");
    assertEquals(0, code, err.toString());
    String[] lines = out.toString().strip().split("\n");
    assertTrue(lines.length > 2, out.toString());
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    for (String key : new String[] {"trainTokensPerSecond", "genTokensPerSecondBatch1",
        "genTokensPerSecondBatch32"}) {
      assertTrue(json.get(key).asDouble() > 0, key + " in " + json);
    }
    assertTrue(out.toString().contains("batch 32"), out.toString());
    // The overall speed-up lies within the range of the rounds it pools.
    double speedup = json.get("genTokensPerSecondBatch32").asDouble()
        / json.get("genTokensPerSecondBatch1").asDouble();
    assertTrue(json.get("batchSpeedupLowestRound").asDouble() <= speedup * 1.05
        && speedup <= json.get("batchSpeedupHighestRound").asDouble() * 1.05, json.toString());
    assertEquals(2, json.get("genRounds").asInt());
  }
}
