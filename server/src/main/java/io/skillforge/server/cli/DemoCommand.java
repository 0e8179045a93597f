package io.skillforge.server.cli;

import io.skillforge.server.jobs.demo.DemoJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge demo}: the main job on the embedded default. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The whole loop on the embedded default: unbalanced skill-world seed data, a baseline built-in"
          + " student, its missing-skill profile from the LangChain4j teacher talking over HTTP to an"
          + " in-process teacher-sim, one STAT-Syn round, fine-tuning and a re-probe. Prints the"
          + " before/after table per skill and the path of report.html.",
      "Run again, it reuses what is in --work."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--work", defaultValue = "runs/demo", paramLabel = "DIR",
      description = "The demo's directory (default ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--mix", defaultValue = "zipf:1.2", paramLabel = "MIX",
      description = "The seed data's skill mix (default ${DEFAULT-VALUE}).")
  String mix;

  @Option(names = "--seed-items", defaultValue = "8000", paramLabel = "N", description = "Seed items (default ${DEFAULT-VALUE}).")
  int poolSize;

  @Option(names = "--eval-items", defaultValue = "700", paramLabel = "N",
      description = "Validation and test items each (default ${DEFAULT-VALUE}).")
  int evaluationSize;

  @Option(names = "--baseline-steps", defaultValue = "2500", paramLabel = "N",
      description = "The baseline's training steps (default ${DEFAULT-VALUE}).")
  int baselineSteps;

  @Option(names = "--steps", defaultValue = "600", paramLabel = "N",
      description = "The round's fine-tuning steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--budget", defaultValue = "6000", paramLabel = "N",
      description = "The round's training examples (default ${DEFAULT-VALUE}).")
  int budget;

  @Override
  public Integer call() throws Exception {
    DemoJob.Result result = JobRunner.run(spec, new DemoJob(SkillforgeCommand.services(spec)),
        new DemoJob.Request(work, seed, mix, poolSize, evaluationSize, baselineSteps, steps, budget));
    PrintWriter out = spec.commandLine().getOut();
    RoundTable.print(result.report(), out);
    out.println("report: " + result.reportHtml());
    return ExitCodes.OK;
  }
}
