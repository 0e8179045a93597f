package io.skillforge.server.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.cli.Cli;
import io.skillforge.server.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchServerCommandTest {
  @Test
  void benchServer_smallRun_loadsBothRoutes_andEndsWithJsonFigures() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Cli.execute(new PrintWriter(out), new PrintWriter(err), "bench", "server", "--clients", "8",
        "--seconds", "1", "--warmup-seconds", "0", "--items", "200");

    assertEquals(ExitCodes.OK, code, err.toString());
    String[] lines = out.toString().strip().split("\n");
    JsonNode figures = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(0, figures.get("errors").asLong(), out.toString());
    assertTrue(figures.get("requestsPerSecond").asDouble() > 0);
    assertTrue(figures.get("p99Ms").asDouble() >= figures.get("p50Ms").asDouble());
    assertTrue(figures.get("search").get("requestsPerSecond").asDouble() > 0, "search was loaded");
    assertTrue(figures.get("report").get("requestsPerSecond").asDouble() > 0, "the report route was loaded");
  }
}
