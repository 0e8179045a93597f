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

class BenchIndexCommandTest {

  @Test
  void benchIndex_smallRun_endsWithJsonFigures() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Cli.execute(new PrintWriter(out), new PrintWriter(err),
        "bench", "index", "--docs", "2000", "--queries", "60", "--warmup", "10", "--duplicates", "reject",
        "--warmup-docs", "500");

    assertEquals(ExitCodes.OK, code, err.toString());
    String[] lines = out.toString().strip().split("\n");
    assertTrue(lines.length > 5, out.toString());
    assertTrue(lines[0].startsWith("bench index:"), lines[0]);
    JsonNode figures = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertTrue(figures.get("docsPerSecond").asDouble() > 0);
    double raw = figures.get("rawDocsPerSecond").asDouble();
    assertTrue(raw > 0);
    assertEquals(figures.get("docsPerSecond").asDouble() / raw, figures.get("ratioToRawLucene").asDouble(), 0.01);
    assertTrue(figures.get("queryP50Ms").asDouble() > 0);
    assertTrue(figures.get("queryP99Ms").asDouble() >= figures.get("queryP50Ms").asDouble());
    assertEquals(2000, figures.get("documents").asLong() + figures.get("rejected").asLong());
  }
}
