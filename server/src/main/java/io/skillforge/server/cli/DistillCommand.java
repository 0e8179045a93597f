package io.skillforge.server.cli;

import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.distill.DistillConfig;
import io.skillforge.server.jobs.distill.DistillJob;
import io.skillforge.server.jobs.distill.RoundReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge distill --config FILE}: a distillation run of R rounds. */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the rounds a run file describes: probe the student, diagnose its failures into a"
          + " missing-skill profile, make targeted data (STAT-Sel or STAT-Syn), fine-tune, re-probe."
          + " Each round writes its probe, profile, training set, checkpoint, report.json and"
          + " report.html under the run directory.",
      "Killed and run again with the same command, it resumes: finished steps are not redone and the"
          + " teacher's response cache answers every call already paid for."
    })
public final class DistillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The run file (YAML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    JobServices services = SkillforgeCommand.services(spec);
    DistillJob.Result result = JobRunner.run(spec, new DistillJob(services),
        DistillConfig.load(config, services.config()));
    PrintWriter out = spec.commandLine().getOut();
    for (RoundReport report : result.rounds()) {
      RoundTable.print(report, out);
    }
    out.println("reports in " + result.runDir());
    return ExitCodes.OK;
  }
}
