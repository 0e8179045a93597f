package io.skillforge.server.cli.index;

import io.skillforge.server.cli.GroupCommand;
import picocli.CommandLine.Command;

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
public final class IndexCommand extends GroupCommand {}
