package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

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

  /** picocli formats help texts with String.format: a lone '%' prints a warning, not the text. */
  @Test
  void everyHelpText_formatsWithoutError() {
    List<String> broken = new ArrayList<>();
    checkHelpTexts(Cli.commandLine(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter())), broken);
    assertTrue(broken.isEmpty(), "help texts with an unescaped %: " + broken);
  }

  private static void checkHelpTexts(CommandLine command, List<String> broken) {
    // The texts as written in the annotations, before picocli formats them.
    List<String> texts = new ArrayList<>();
    Command annotation = command.getCommand().getClass().getAnnotation(Command.class);
    if (annotation != null) {
      texts.addAll(List.of(annotation.description()));
    }
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (option.userObject() instanceof Field field && field.isAnnotationPresent(Option.class)) {
        texts.addAll(List.of(field.getAnnotation(Option.class).description()));
      }
    }
    for (String text : texts) {
      try {
        String.format(text.replaceAll("\\$\\{[^}]*}", "v"));
      } catch (IllegalFormatException e) {
        broken.add(command.getCommandName() + ": " + text);
      }
    }
    command.getSubcommands().values().forEach(sub -> checkHelpTexts(sub, broken));
  }

  @Test
  void execute_unknownOption_isUsageError() {
    Run run = run("--no-such-option");
    assertEquals(ExitCodes.USAGE, run.code());
    assertTrue(run.err().contains("--no-such-option"), run.err());
  }
}
