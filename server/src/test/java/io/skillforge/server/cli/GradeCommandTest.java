package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class GradeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Cli.execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void grade_equivalentAnswers() {
    assertEquals(0, run("grade", "--expected", "0.5", "--actual", "So we get \\boxed{\\frac12}."));
    assertEquals("equivalent", out.toString().strip());
  }

  @Test
  void grade_differentAnswers() {
    assertEquals(0, run("grade", "--expected", "1,2,3", "--actual", "The answer is 3, 2, 1."));
    assertEquals("different", out.toString().strip());
  }

  @Test
  void grade_gsm8kSolution() {
    assertEquals(0, run("grade", "--expected", "#### 1,000", "--actual", "It is 1000 dollars.\n#### 1000"));
    assertEquals("equivalent", out.toString().strip());
  }

  @Test
  void grade_missingOption() {
    assertEquals(ExitCodes.USAGE, run("grade", "--expected", "18"));
    assertEquals("", out.toString());
    assertTrue(err.toString().contains("--actual"), err.toString());
  }

  @Test
  void grade_help() {
    assertEquals(0, run("grade", "--help"));
    assertTrue(out.toString().contains("--expected"), out.toString());
    assertTrue(out.toString().contains("$ and %"), out.toString());
    assertEquals("", err.toString());
  }
}
