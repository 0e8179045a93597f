package io.skillforge.server.cli.options;

import io.skillforge.server.jobs.index.IndexQuery;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The filter options shared by {@code index search} and {@code index export}. */
public final class IndexFilterOptions {
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

  /** The query these filters describe. */
  public IndexQuery query() {
    return new IndexQuery(skills, IndexQuery.allSkills(skillMatch), source, split, query);
  }
}
