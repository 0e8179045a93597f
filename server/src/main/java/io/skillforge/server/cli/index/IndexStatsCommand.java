package io.skillforge.server.cli.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.index.IndexCounts;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge index stats}: how many examples, per skill, source and split. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Counts the indexed examples: in all, per skill, per source and per split.",
      "With --json, one JSON object: {documents, perSkill, perSource, perSplit}."
    })
final class IndexStatsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;
  @Mixin IndexLocation location;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Path dir = location.existing();
    IndexCounts counts;
    try (SkillIndex index = SkillIndex.open(dir, IndexOptions.defaults().withRefreshInterval(Duration.ZERO))) {
      counts = index.stats();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode node = JSON.createObjectNode();
      node.put("index", dir.toString());
      node.put("documents", counts.documents());
      put(node.putObject("perSkill"), counts.perSkill());
      put(node.putObject("perSource"), counts.perSource());
      put(node.putObject("perSplit"), counts.perSplit());
      out.println(JSON.writeValueAsString(node));
    } else {
      out.printf("index %s: %,d examples%n", dir, counts.documents());
      table(out, "skill", counts.perSkill());
      table(out, "source", counts.perSource());
      table(out, "split", counts.perSplit());
    }
    return ExitCodes.OK;
  }

  private static void put(ObjectNode into, Map<String, Long> counts) {
    counts.forEach(into::put);
  }

  private static void table(PrintWriter out, String heading, Map<String, Long> counts) {
    out.println();
    out.printf("%-32s %10s%n", heading, "examples");
    if (counts.isEmpty()) {
      out.printf("%-32s %10s%n", "(none)", "");
    }
    counts.forEach((key, n) -> out.printf("%-32s %,10d%n", key, n));
  }
}
