package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code --verbose} lowers the configured levels (DEBUG for Skillforge, INFO for libraries), never
 * raises one, is accepted before and after a subcommand, and leaves the levels as it found them.
 */
class VerboseOptionTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ours = context.getLogger("io.skillforge");
  private final Logger library = context.getLogger("ai.djl.util.cuda.CudaUtils");
  private Level rootLevel;
  private Level ourLevel;
  private Level libraryLevel;

  @BeforeEach
  void quietLevels() {
    rootLevel = root.getLevel();
    ourLevel = ours.getLevel();
    libraryLevel = library.getLevel();
    // the CLI's defaults, whatever the test configuration says
    root.setLevel(Level.WARN);
    ours.setLevel(Level.INFO);
    library.setLevel(Level.ERROR);
  }

  @AfterEach
  void putBack() {
    root.setLevel(rootLevel);
    ours.setLevel(ourLevel);
    library.setLevel(libraryLevel);
  }

  @Test
  void verbose_afterTheSubcommand_lowersOursToDebugAndLibrariesToInfo() {
    CommandLine cli = commandLine();
    cli.parseArgs("grade", "--verbose", "--expected", "1", "--actual", "1");

    assertEquals(Level.DEBUG, ours.getLevel());
    assertEquals(Level.INFO, root.getLevel());
    assertEquals(Level.INFO, library.getLevel());
    assertTrue(LoggerFactory.getLogger("io.skillforge.server.Anything").isDebugEnabled());

    ((SkillforgeCommand) cli.getCommand()).restoreLogLevels();
    assertEquals(Level.INFO, ours.getLevel());
    assertEquals(Level.WARN, root.getLevel());
    assertEquals(Level.ERROR, library.getLevel());
  }

  @Test
  void verbose_beforeTheSubcommand_lowersTheLevelsToo() {
    CommandLine cli = commandLine();
    cli.parseArgs("--verbose", "grade", "--expected", "1", "--actual", "1");

    assertEquals(Level.DEBUG, ours.getLevel());
    assertEquals(Level.INFO, root.getLevel());
    ((SkillforgeCommand) cli.getCommand()).restoreLogLevels();
  }

  @Test
  void verbose_neverRaisesALevelThatShowsMore() {
    ours.setLevel(Level.TRACE);
    CommandLine cli = commandLine();
    cli.parseArgs("--verbose", "grade", "--expected", "1", "--actual", "1");

    assertEquals(Level.TRACE, ours.getLevel());
    ((SkillforgeCommand) cli.getCommand()).restoreLogLevels();
  }

  @Test
  void execute_withVerbose_runsTheCommandAndPutsTheLevelsBack() {
    StringWriter out = new StringWriter();
    int code = Cli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
        "grade", "--expected", "1/2", "--actual", "0.5", "--verbose");

    assertEquals(ExitCodes.OK, code);
    assertTrue(out.toString().contains("equivalent"), out.toString());
    assertEquals(Level.INFO, ours.getLevel());
    assertEquals(Level.WARN, root.getLevel());
  }

  @Test
  void execute_withoutVerbose_leavesTheLevelsAlone() {
    Cli.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        "grade", "--expected", "1", "--actual", "1");

    assertEquals(Level.INFO, ours.getLevel());
    assertEquals(Level.WARN, root.getLevel());
  }

  private static CommandLine commandLine() {
    return Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }
}
