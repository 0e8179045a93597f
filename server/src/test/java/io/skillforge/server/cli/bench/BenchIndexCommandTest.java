package io.skillforge.server.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.cli.Cli;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.Example;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

  @Test
  void syntheticExamples_sameSeed_sameExamplesWithOneToThreeKnownSkills() {
    List<Example> a = new SyntheticExamples(7).next(0, 500);
    List<Example> b = new SyntheticExamples(7).next(0, 500);
    List<Example> c = new SyntheticExamples(8).next(0, 500);

    assertEquals(a, b);
    assertTrue(!a.equals(c));
    for (Example e : a) {
      assertTrue(e.skills().size() >= 1 && e.skills().size() <= 3, e.toString());
      assertTrue(SyntheticExamples.SKILLS.containsAll(e.skills()), e.toString());
    }
    Set<String> questions = a.stream().map(Example::question).collect(Collectors.toSet());
    assertTrue(questions.size() > 490, "questions should vary: " + questions.size());
  }

  @Test
  void percentile_nearestRank() {
    double[] values = {5, 1, 4, 2, 3};
    assertEquals(3, BenchIndexCommand.percentile(values, 50));
    assertEquals(5, BenchIndexCommand.percentile(values, 99));
    assertEquals(1, BenchIndexCommand.percentile(values, 1));
  }
}
