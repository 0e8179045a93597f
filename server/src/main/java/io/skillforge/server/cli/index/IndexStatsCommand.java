package io.skillforge.server.cli.index;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.cli.options.IndexLocation;
import io.skillforge.server.jobs.index.IndexJson;
import io.skillforge.server.jobs.index.IndexStatsJob;
import io.skillforge.skills.index.IndexCounts;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      "Counts the indexed examples at the last commit: in all, per skill, per source and per split.",
      "With --json, one JSON object: {index, documents, perSkill, perSource, perSplit}."
    })
final class IndexStatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexLocation location;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path dir = location.path();
    IndexCounts counts = JobRunner.run(spec,
        new IndexStatsJob(SkillforgeCommand.services(spec).indexes()), dir);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(IndexJson.stats(dir, counts));
      return ExitCodes.OK;
    }
    out.printf("index %s: %,d examples%n", dir, counts.documents());
    table(out, "skill", counts.perSkill());
    table(out, "source", counts.perSource());
    table(out, "split", counts.perSplit());
    return ExitCodes.OK;
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
