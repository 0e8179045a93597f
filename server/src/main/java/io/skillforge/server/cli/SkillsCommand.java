package io.skillforge.server.cli;

import io.skillforge.server.cli.options.DatasetLayoutOptions;
import io.skillforge.server.cli.options.TeacherOptions;
import io.skillforge.server.jobs.skills.BuildCatalogJob;
import io.skillforge.server.jobs.skills.LabelDatasetJob;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.Skill;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge skills ...}: build a skill catalog from a dataset, and label datasets with it. */
@Command(
    name = "skills",
    mixinStandardHelpOptions = true,
    description = "Skill catalogs and labels, by the configured teacher.",
    subcommands = {SkillsCommand.Catalog.class, SkillsCommand.LabelItems.class})
public final class SkillsCommand extends GroupCommand {

  @Command(
      name = "catalog",
      mixinStandardHelpOptions = true,
      description = {
        "Builds a skill catalog from a sample of a dataset (after Didolkar et al.: the teacher names"
            + " fine-grained skills per sampled item, then merges them into at most --max-skills"
            + " skills with descriptions) and writes it as JSON.",
        "Prints the catalog on stdout; progress, cost and failures go to stderr."
      })
  static final class Catalog implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "Dataset file (JSON lines).")
    Path dataset;

    @Mixin DatasetLayoutOptions layout;
    @Mixin TeacherOptions teacher;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Catalog file to write (JSON).")
    Path out;

    @Option(names = "--max-skills", description = "Most skills of the catalog (default: teacher.catalog-size).")
    Integer maxSkills;

    @Option(names = "--sample", description = "Items sampled for naming skills (default: teacher.catalog-sample).")
    Integer sample;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
      BuildCatalogJob.Result result = JobRunner.run(spec,
          new BuildCatalogJob(SkillforgeCommand.services(spec)),
          new BuildCatalogJob.Request(dataset, layout.layout(), out, teacher.choice(), maxSkills, sample, seed));
      PrintWriter stdout = spec.commandLine().getOut();
      for (Skill s : result.catalog().skills()) {
        stdout.println(s.id() + "\t" + s.name() + "\t" + s.description());
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("wrote " + result.catalog().size() + " skills to " + out + " ("
          + TeacherSession.describe(result.usage()) + ")");
      if (result.failedCalls() != null) {
        err.println(result.failedCalls());
      }
      if (result.failuresFile() != null) {
        err.println(result.usage().failures() + " failure record(s) written to " + result.failuresFile());
      }
      return result.partial() ? ExitCodes.PARTIAL : ExitCodes.OK;
    }
  }

  @Command(
      name = "label",
      mixinStandardHelpOptions = true,
      description = {
        "Labels every item of a dataset with the catalog skills it needs (at most five, most"
            + " important first) and writes the items as JSON lines, in input order, with their"
            + " skills and this teacher in their provenance.",
        "Items the teacher could not label are left out and listed in OUT.failures.jsonl (exit"
            + " code 3). A run stopped by the budget or an unavailable teacher keeps the items"
            + " finished so far (exit code 1); running it again resumes from the response cache"
            + " without paying twice."
      })
  static final class LabelItems implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "Dataset file (JSON lines).")
    Path dataset;

    @Mixin DatasetLayoutOptions layout;
    @Mixin TeacherOptions teacher;

    @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "Catalog file (JSON).")
    Path catalog;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Labelled items to write (JSON lines).")
    Path out;

    @Override
    public Integer call() throws Exception {
      LabelDatasetJob.Result result = JobRunner.run(spec,
          new LabelDatasetJob(SkillforgeCommand.services(spec)),
          new LabelDatasetJob.Request(dataset, layout.layout(), catalog, out, teacher.choice()));
      PrintWriter err = spec.commandLine().getErr();
      if (result.failedCalls() != null) {
        err.println(result.failedCalls());
      }
      if (result.failuresFile() != null) {
        err.println(result.usage().failures() + " failure record(s) written to " + result.failuresFile());
      }
      err.println("wrote " + result.written() + " labelled items to " + out
          + (result.failed() > 0 ? " (" + result.failed() + " failed)" : "") + " ("
          + TeacherSession.describe(result.usage()) + ")");
      return result.partial() ? ExitCodes.PARTIAL : ExitCodes.OK;
    }
  }
}
