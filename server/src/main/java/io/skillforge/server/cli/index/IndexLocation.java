package io.skillforge.server.cli.index;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --index DIR} option shared by the index commands; defaults to {@code index.path}. */
final class IndexLocation {
  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Index directory (default: index.path of the configuration, data/index).")
  Path index;

  /** The directory named by --index, else by the configuration. */
  Path path() {
    return index != null ? index : Path.of(SkillforgeConfig.load().index().path());
  }

  /**
   * The directory of an index that must already exist.
   *
   * @throws IllegalArgumentException (a usage error) when there is none
   */
  Path existing() throws IOException {
    Path dir = path();
    if (!SkillIndex.exists(dir)) {
      throw new IllegalArgumentException("no index at " + dir + " (create one with 'skillforge index import')");
    }
    return dir;
  }
}
