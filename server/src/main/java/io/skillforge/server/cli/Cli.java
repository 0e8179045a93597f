package io.skillforge.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the command line and runs one command. Returns the exit code and writes only to the given
 * streams, so tests drive the CLI in-process.
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
    CommandLine cli = commandLine(out, err);
    try {
      return cli.execute(args);
    } finally {
      ((SkillforgeCommand) cli.getCommand()).restoreLogLevels();
      out.flush();
      err.flush();
    }
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new SkillforgeCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          // Bad values found while running (an unreadable file, a malformed option value) are
          // usage errors; anything else is a failure. Both print one line, not a stack trace.
          Throwable cause = ex;
          commandLine.getErr().println("skillforge: " + describe(cause));
          if (Boolean.getBoolean("skillforge.debug")) {
            cause.printStackTrace(commandLine.getErr());
          }
          return cause instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
    return cli;
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
  }
}
