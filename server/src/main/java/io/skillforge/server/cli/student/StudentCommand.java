package io.skillforge.server.cli.student;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code skillforge student ...}: train, probe and serve the built-in student. */
@Command(
    name = "student",
    mixinStandardHelpOptions = true,
    description = "The student model: train the built-in one, probe any, serve a checkpoint.",
    subcommands = {StudentTrainCommand.class, StudentProbeCommand.class, StudentServeCommand.class})
public final class StudentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
