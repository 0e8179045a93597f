package io.skillforge.server.cli.index;

import io.skillforge.skills.Example;
import io.skillforge.skills.index.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The filter options shared by {@code index search} and {@code index export}. */
final class IndexFilter {
  @Option(names = "--skill", paramLabel = "S", description = "Skill filter; repeat for several.")
  List<String> skills = new ArrayList<>();

  @Option(
      names = "--skill-match",
      defaultValue = "any",
      paramLabel = "any|all",
      description = "With several --skill: match examples with any of them, or all (default ${DEFAULT-VALUE}).")
  String skillMatch;

  @Option(names = "--source", paramLabel = "X", description = "seed, synthesized or imported.")
  String source;

  @Option(names = "--split", paramLabel = "X", description = "Only this split, such as train or test.")
  String split;

  @Option(names = "--query", paramLabel = "Q", description = "Full-text query.")
  String query;

  /**
   * A request builder holding these filters.
   *
   * @throws IllegalArgumentException (a usage error) for a bad --skill-match or --source
   */
  SearchRequest.Builder toRequest() {
    SearchRequest.Builder request = SearchRequest.builder().text(query).split(split);
    switch (skillMatch.toLowerCase(Locale.ROOT)) {
      case "any" -> request.anySkills(skills);
      case "all" -> request.allSkills(skills);
      default -> throw new IllegalArgumentException(
          "--skill-match must be any or all, not '" + skillMatch + "'");
    }
    if (source != null) {
      request.source(Example.Source.fromWire(source));
    }
    return request;
  }
}
