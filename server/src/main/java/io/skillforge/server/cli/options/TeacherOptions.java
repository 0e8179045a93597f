package io.skillforge.server.cli.options;

import io.skillforge.server.teacher.TeacherChoice;
import picocli.CommandLine.Option;

/** The options of commands that ask a teacher. */
public final class TeacherOptions {
  @Option(names = "--teacher", paramLabel = "NAME",
      description = "builtin, a provider kind (openai-compatible, openai, ollama, anthropic) or a"
          + " profile under teacher.profiles (default: teacher.kind of the configuration).")
  String name;

  @Option(names = "--budget", paramLabel = "DOLLARS",
      description = "Most dollars this run may spend (default: teacher.budget-dollars; 0: none).")
  Double budget;

  public TeacherChoice choice() {
    return new TeacherChoice(name, budget);
  }
}
