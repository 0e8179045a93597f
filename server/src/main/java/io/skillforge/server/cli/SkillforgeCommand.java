package io.skillforge.server.cli;

import io.skillforge.server.cli.index.IndexCommand;
import io.skillforge.server.cli.student.StudentCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: {@code skillforge <noun> <verb>}. */
@Command(
    name = "skillforge",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILURE,
    versionProvider = VersionProvider.class,
    description = "Teacher-student data synthesis: skill labels, skill-gap reports, distillation.",
    subcommands = {
      GradeCommand.class,
      WorldCommand.class,
      TeacherSimCommand.class,
      SkillsCommand.class,
      IndexCommand.class,
      StudentCommand.class,
      BenchCommand.class
    })
public final class SkillforgeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
