package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's mistakes name what was typed; its work is covered by the job's tests. */
class ArteCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    return Cli.execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void aMissingRunFile_isAUsageError_namingIt() {
    assertEquals(ExitCodes.USAGE, run("arte", "--config", dir.resolve("nope.yaml").toString()));
    assertTrue(err.toString().contains("nope.yaml"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void anUnknownKey_orAMissingStudent_isNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("run.yaml"), "out: o\ntrain: t.jsonl\nvalidation: v.jsonl\n"
        + "student: s\nlookahead: 3\n");
    assertEquals(ExitCodes.USAGE, run("arte", "--config", file.toString()));
    assertTrue(err.toString().contains("unknown key 'lookahead'"), err.toString());
    Files.writeString(file, "out: o\ntrain: t.jsonl\nvalidation: v.jsonl\n");
    err.getBuffer().setLength(0);
    assertEquals(ExitCodes.USAGE, run("arte", "--config", file.toString()));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("student (a built-in checkpoint) or student-endpoint"), err.toString());
  }

  @Test
  void help_namesTheFilesItWrites() {
    assertEquals(0, run("arte", "--help"));
    assertTrue(out.toString().contains("dpo-rationales.jsonl"), out.toString());
  }
}
