package io.skillforge.server.cli.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SearchHit;
import io.skillforge.skills.index.SearchRequest;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
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
          + " first (index order when there is no --query)."
    })
final class IndexSearchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;
  @Mixin IndexLocation location;

  @Mixin IndexFilter filter;

  @Option(names = "--limit", defaultValue = "10", paramLabel = "N", description = "Most hits (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws IOException {
    SearchRequest built = filter.toRequest().limit(limit).build();
    List<SearchHit> hits;
    try (SkillIndex index =
        SkillIndex.open(location.existing(), IndexOptions.defaults().withRefreshInterval(Duration.ZERO))) {
      hits = index.search(built);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (SearchHit hit : hits) {
      ObjectNode node = ExampleJson.toNode(hit.example());
      node.put("score", hit.score());
      out.println(JSON.writeValueAsString(node));
    }
    return ExitCodes.OK;
  }
}
