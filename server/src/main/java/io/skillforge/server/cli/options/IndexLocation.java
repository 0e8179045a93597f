package io.skillforge.server.cli.options;

import io.skillforge.server.cli.SkillforgeCommand;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --index DIR} option shared by the index commands; defaults to {@code index.path}. */
public final class IndexLocation {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Index directory (default: index.path of the configuration, data/index).")
  Path index;

  /** The directory named by --index, else by the configuration. */
  public Path path() {
    return index != null ? index : Path.of(SkillforgeCommand.services(spec).config().index().path());
  }
}
