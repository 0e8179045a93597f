package io.skillforge.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups others ({@code skillforge}, {@code skillforge index}): run without a
 * subcommand it prints its usage on stderr and exits with the usage-error code.
 */
public abstract class GroupCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().println("skillforge: name a command (see the list above)");
    return ExitCodes.USAGE;
  }
}
