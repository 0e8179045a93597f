package io.skillforge.server.cli;

import io.skillforge.skills.grading.AnswerGrader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge grade}: tells whether a response states the expected answer. */
@Command(
    name = "grade",
    mixinStandardHelpOptions = true,
    description = {
      "Prints 'equivalent' when the actual response states the expected answer, else 'different'.",
      "The final answer is taken from '#### N', '\\boxed{N}', 'The answer is N' or the last number;"
          + " numbers compare exactly (1/2 = 0.5 = \\frac12), units, $ and %% are ignored, and list"
          + " order matters. Exit code 0 either way."
    })
final class GradeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--expected", required = true, paramLabel = "X", description = "The expected answer.")
  String expected;

  @Option(names = "--actual", required = true, paramLabel = "Y", description = "The response to grade.")
  String actual;

  @Override
  public Integer call() {
    boolean same = AnswerGrader.equivalent(expected, actual);
    spec.commandLine().getOut().println(same ? "equivalent" : "different");
    return ExitCodes.OK;
  }
}
