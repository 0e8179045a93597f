package io.skillforge.server.cli;

import io.skillforge.server.jobs.arte.ArteRun;
import io.skillforge.server.jobs.experiment.Arm;
import io.skillforge.server.jobs.experiment.ArmScore;
import io.skillforge.server.jobs.experiment.ExperimentJob;
import io.skillforge.server.jobs.experiment.ExperimentJson;
import io.skillforge.server.jobs.experiment.SeedResult;
import io.skillforge.server.jobs.student.ModelShape;
import io.skillforge.skills.errors.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge experiment}: the arms of the targeting experiment, over seeds. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Measures whether data that targets the student's missing skills helps more than the same"
          + " amount of other data: per seed, a baseline built-in student trained on an unbalanced"
          + " skill-world pool, its missing-skill profile from the built-in teacher, and seven arms"
          + " (baseline, sft, balanced, statSel, statSyn, arte, oracle) fine-tuned with the same budget"
          + " and steps, scored on a held-out uniform test set.",
      "Prints a markdown table of mean and standard deviation over seeds; the last line is one"
          + " JSON object keyed by arm."
    })
public final class ExperimentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--seeds", defaultValue = "3", paramLabel = "K", description = "Seeds (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--budget", defaultValue = "8000", paramLabel = "N",
      description = "Training examples of every arm, repeats counted (default ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--mix", defaultValue = "zipf:1.2", paramLabel = "MIX",
      description = "The seed pool's skill mix: uniform, zipf:EXPONENT (rare skills last in catalog"
          + " order) or zipf:EXPONENT@ORDER (ranks in a seeded shuffled order) (default ${DEFAULT-VALUE}).")
  String mix;

  @Option(names = "--world-seed", defaultValue = "1", paramLabel = "S",
      description = "Varies every seed's data (default ${DEFAULT-VALUE}).")
  long worldSeed;

  @Option(names = "--pool", defaultValue = "20000", paramLabel = "N", description = "Seed pool items (default ${DEFAULT-VALUE}).")
  int pool;

  @Option(names = "--validation", defaultValue = "1400", paramLabel = "N",
      description = "Validation items the profile comes from (default ${DEFAULT-VALUE}).")
  int validation;

  @Option(names = "--test", defaultValue = "1400", paramLabel = "N", description = "Held-out test items (default ${DEFAULT-VALUE}).")
  int test;

  @Option(names = "--baseline-steps", defaultValue = "9000", paramLabel = "N",
      description = "Training steps of the baseline (default ${DEFAULT-VALUE}).")
  int baselineSteps;

  @Option(names = "--steps", defaultValue = "1000", paramLabel = "N",
      description = "Fine-tuning steps of every arm (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--mix-back", defaultValue = "0.4", paramLabel = "F",
      description = "Share of every arm's budget drawn from the seed pool, against forgetting"
          + " (default ${DEFAULT-VALUE}).")
  double mixBack;

  @Option(names = "--flag-share", paramLabel = "F",
      description = "Least share of the missing-skill profile that flags a skill (default: 1 / skills).")
  Double flagShare;

  @Option(names = "--multi-step-share", defaultValue = "0.2", paramLabel = "F",
      description = "Share of chained items in every set (default ${DEFAULT-VALUE}).")
  double multiStepShare;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Training workers (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--work", paramLabel = "DIR", description = "Where checkpoints go (default: a temporary directory).")
  Path work;

  @Option(names = "--arms", split = ",", paramLabel = "ARM",
      description = "The arms to run, comma-separated, from sft, balanced, statSel, statSyn, arte, oracle"
          + " (default: all; the baseline is always measured).")
  List<String> arms;

  @Option(names = "--baseline-per-seed",
      description = "Every seed draws its own pool and trains its own baseline (default: one pool and"
          + " baseline, fixed by --world-seed, and the seeds vary everything after it).")
  boolean baselinePerSeed;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? work : Files.createTempDirectory("skillforge-experiment");
    ExperimentJob.Result result = JobRunner.run(spec, new ExperimentJob(), new ExperimentJob.Request(seeds,
        worldSeed, mix, pool, validation, test, multiStepShare, ModelShape.DEFAULT, baselineSteps, budget,
        steps, mixBack, flagShare, threads, dir, baselinePerSeed, arms(),
        ArteRun.Settings.DEFAULTS));
    Path results = dir.resolve("results.json");
    ExperimentJson.write(result, results);
    spec.commandLine().getErr().println("every seed's profile and per-skill accuracies: " + results);
    print(result);
    return ExitCodes.OK;
  }

  private Set<Arm> arms() {
    if (arms == null || arms.isEmpty()) {
      return EnumSet.allOf(Arm.class);
    }
    Set<Arm> out = EnumSet.noneOf(Arm.class);
    for (String key : arms) {
      out.add(Arm.byKey(key.strip()).orElseThrow(() -> new BadInputException(
          "--arms: no arm '" + key.strip() + "'; the arms are " + Arrays.stream(Arm.values()).map(Arm::key).toList())));
    }
    return out;
  }

  private void print(ExperimentJob.Result result) {
    PrintWriter out = spec.commandLine().getOut();
    for (SeedResult seed : result.seeds()) {
      out.printf(Locale.ROOT, "seed %d: flagged %s; lowest accuracy %s; consistency rule agrees with grading on %.1f%%%n",
          seed.seed(), seed.flagged(), seed.oracleSkills(), 100 * seed.consistencyAgreement());
    }
    out.println();
    out.printf(Locale.ROOT, "| arm | overall | flagged skills | other skills |%n");
    out.printf(Locale.ROOT, "| --- | --- | --- | --- |%n");
    for (Arm arm : result.summary().keySet()) {
      ExperimentJob.Summary s = result.summary().get(arm);
      out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", arm.key(), cell(s.overall()), cell(s.missingSkills()),
          cell(s.otherSkills()));
    }
    if (!result.summary().containsKey(Arm.SFT)) {
      out.println(ExperimentJson.summary(result));
      return;
    }
    out.println();
    out.printf(Locale.ROOT, "| arm - sft, per seed | overall | flagged skills | other skills |%n");
    out.printf(Locale.ROOT, "| --- | --- | --- | --- |%n");
    for (Arm arm : result.summary().keySet()) {
      if (arm == Arm.SFT) {
        continue;
      }
      out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", arm.key(),
          points(result, arm, ArmScore::overall), points(result, arm, ArmScore::missingSkills),
          points(result, arm, ArmScore::otherSkills));
    }
    out.println(ExperimentJson.summary(result));
  }

  /** Mean and standard deviation over seeds of the arm's score minus sft's, in points. */
  private static String points(ExperimentJob.Result result, Arm arm,
      java.util.function.ToDoubleFunction<ArmScore> measure) {
    List<Double> differences = result.seeds().stream()
        .map(s -> measure.applyAsDouble(s.scores().get(arm)) - measure.applyAsDouble(s.scores().get(Arm.SFT)))
        .toList();
    ExperimentJob.Stat stat = ExperimentJob.Stat.of(differences);
    return String.format(Locale.ROOT, "%+.1f ± %.1f", 100 * stat.mean(), 100 * stat.std());
  }

  private static String cell(ExperimentJob.Stat stat) {
    return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * stat.mean(), 100 * stat.std());
  }
}
