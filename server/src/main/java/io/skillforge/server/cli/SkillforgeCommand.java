package io.skillforge.server.cli;

import io.skillforge.server.cli.index.IndexCommand;
import io.skillforge.server.cli.student.StudentCommand;
import io.skillforge.server.jobs.JobServices;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: {@code skillforge <noun> <verb>}. Holds what every command's job needs. */
@Command(
    name = "skillforge",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILURE,
    versionProvider = VersionProvider.class,
    description = "Teacher-student data synthesis: skill labels, skill-gap reports, distillation.",
    subcommands = {
      DemoCommand.class,
      DistillCommand.class,
      ArteCommand.class,
      ExperimentCommand.class,
      GradeCommand.class,
      WorldCommand.class,
      TeacherSimCommand.class,
      SkillsCommand.class,
      IndexCommand.class,
      StudentCommand.class,
      ServeCommand.class,
      BenchCommand.class
    })
public final class SkillforgeCommand extends GroupCommand {
  private final JobServices services;
  private LogLevels configuredLevels;

  SkillforgeCommand(JobServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  /** The services of this run, for the command {@code spec} belongs to. */
  public static JobServices services(CommandSpec spec) {
    return ((SkillforgeCommand) spec.root().userObject()).services;
  }

  /** Inherited, so it goes before or after the subcommand: {@code skillforge index stats --verbose}. */
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "More log lines on stderr: DEBUG for Skillforge, INFO for the libraries.")
  void verbose(boolean verbose) {
    if (verbose && configuredLevels == null) {
      configuredLevels = LogLevels.lowerForVerbose();
    }
  }

  /** Puts back the log levels that {@code --verbose} lowered; nothing to do without it. */
  void restoreLogLevels() {
    if (configuredLevels != null) {
      configuredLevels.restore();
      configuredLevels = null;
    }
  }
}
