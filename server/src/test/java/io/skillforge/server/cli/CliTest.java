package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {

  /** Output of one in-process run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void execute_version_printsNameAndVersion() {
    Run run = run("--version");
    assertEquals(ExitCodes.OK, run.code());
    assertTrue(run.out().startsWith("skillforge "), run.out());
  }

  @Test
  void execute_help_listsUsage() {
    Run run = run("--help");
    assertEquals(ExitCodes.OK, run.code());
    assertTrue(run.out().contains("Usage: skillforge"), run.out());
  }

  @Test
  void execute_unknownOption_isUsageError() {
    Run run = run("--no-such-option");
    assertEquals(ExitCodes.USAGE, run.code());
    assertTrue(run.err().contains("--no-such-option"), run.err());
  }
}
