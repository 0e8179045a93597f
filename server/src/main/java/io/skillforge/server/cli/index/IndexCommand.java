package io.skillforge.server.cli.index;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code skillforge index ...}: the Lucene example index. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Import examples into the Lucene skill index, count, search and export them.",
    subcommands = {
      IndexImportCommand.class,
      IndexStatsCommand.class,
      IndexSearchCommand.class,
      IndexExportCommand.class
    })
public final class IndexCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
