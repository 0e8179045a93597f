package io.skillforge.server.cli.student;

import io.skillforge.server.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skillforge student ...}: train, probe and serve the built-in student. */
@Command(
    name = "student",
    mixinStandardHelpOptions = true,
    description = "The student model: train the built-in one, probe any, serve a checkpoint.",
    subcommands = {StudentTrainCommand.class, StudentProbeCommand.class, StudentServeCommand.class})
public final class StudentCommand extends GroupCommand {}
