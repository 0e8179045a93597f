package io.skillforge.server.cli;

import io.skillforge.server.cli.bench.BenchClusterCommand;
import io.skillforge.server.cli.bench.BenchIndexCommand;
import io.skillforge.server.cli.bench.BenchServerCommand;
import io.skillforge.server.cli.bench.BenchStudentCommand;
import picocli.CommandLine.Command;

/** {@code skillforge bench ...}: measurements anyone can rerun; each prints a table, then JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks. Each prints a table and, as its last line, one JSON object.",
    subcommands = {BenchTeacherCommand.class, BenchIndexCommand.class, BenchStudentCommand.class,
      BenchServerCommand.class, BenchClusterCommand.class})
public final class BenchCommand extends GroupCommand {}
