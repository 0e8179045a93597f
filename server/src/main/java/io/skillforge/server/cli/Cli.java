package io.skillforge.server.cli;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.IndexAccess;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the command line and runs one command. Returns the exit code and writes only to the given
 * streams, so tests drive the CLI in-process. The configuration is loaded here, once, when a
 * command first needs it, and handed down to the jobs.
 */
public final class Cli {
  private Cli() {}

  /** Runs {@code args} against the process's standard streams. */
  public static int execute(String... args) {
    return execute(
        new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs {@code args}, writing results to {@code out} and progress and errors to {@code err}. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute(defaultServices(), out, err, args);
  }

  /** Runs {@code args} with the given services (tests pass their own configuration). */
  public static int execute(JobServices services, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(services, out, err);
    try {
      return cli.execute(args);
    } finally {
      ((SkillforgeCommand) cli.getCommand()).restoreLogLevels();
      out.flush();
      err.flush();
    }
  }

  /** The services of a command-line run: the configuration of this machine, indexes per job. */
  public static JobServices defaultServices() {
    return new JobServices(SkillforgeConfig::load, System.getenv(), IndexAccess.perJob());
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(defaultServices(), out, err);
  }

  static CommandLine commandLine(JobServices services, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new SkillforgeCommand(services));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("skillforge: " + Failures.describe(ex));
      if (Boolean.getBoolean("skillforge.debug")) {
        ex.printStackTrace(commandLine.getErr());
      }
      return Failures.exitCode(ex);
    });
    return cli;
  }
}
