package io.skillforge.server.cli.index;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.cli.options.IndexFilterOptions;
import io.skillforge.server.cli.options.IndexLocation;
import io.skillforge.server.jobs.index.IndexJson;
import io.skillforge.server.jobs.index.SearchIndexJob;
import io.skillforge.skills.index.SearchHit;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge index search}: BM25 text search and filters; one JSON object per hit. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Searches the index: BM25 over question and rationale (--query), filtered by skills, source"
          + " and split. Prints one JSON object a line: the stored example and its score, best"
          + " first (index order when there is no --query). Reads the index at its last commit."
    })
final class IndexSearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexLocation location;
  @Mixin IndexFilterOptions filter;

  @Option(names = "--limit", defaultValue = "10", paramLabel = "N", description = "Most hits (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws Exception {
    List<SearchHit> hits = JobRunner.run(spec,
        new SearchIndexJob(SkillforgeCommand.services(spec).indexes()),
        new SearchIndexJob.Request(location.path(), filter.query(), limit));
    PrintWriter out = spec.commandLine().getOut();
    for (SearchHit hit : hits) {
      out.println(IndexJson.hit(hit));
    }
    return ExitCodes.OK;
  }
}
