package io.skillforge.server.jobs.experiment;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.arte.ArteRun;
import io.skillforge.server.jobs.arte.ArteStudent;
import io.skillforge.server.jobs.stat.ProbedItems;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.server.jobs.student.ModelShape;
import io.skillforge.skills.Example;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.index.SkillIndex;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldSkill;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.skillforge.student.probe.SkillAccuracy;
import io.skillforge.synthesis.stat.Diagnoser;
import io.skillforge.synthesis.stat.DifficultyRule;
import io.skillforge.synthesis.stat.MissingPair;
import io.skillforge.synthesis.stat.ProbedItem;
import io.skillforge.synthesis.stat.ProfileBuilder;
import io.skillforge.synthesis.stat.RuleAgreement;
import io.skillforge.synthesis.stat.SkillPool;
import io.skillforge.synthesis.stat.StatSelection;
import io.skillforge.synthesis.stat.StatSynthesis;
import io.skillforge.synthesis.stat.TrainingMix;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.Diagnosis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The measured claim: does data that targets the student's missing skills help more than the
 * same amount of other data? Per seed, on the skill world with the built-in teacher and student:
 *
 * <ol>
 *   <li>an unbalanced seed pool, a uniform validation set and a uniform test set, disjoint (no
 *       question of one is near a question of another);
 *   <li>a baseline student trained on the pool near its plateau;
 *   <li>its probe on the validation set, the difficult items (graded against the reference), the
 *       teacher's diagnosis of them, and the missing-skill profile; the flagged skills are those
 *       whose share of the profile is at least {@code flagShare};
 *   <li>every arm fine-tunes a copy of the baseline with the same number of steps on a training
 *       set of the same budget, {@code mixBack} of it drawn from the seed pool against forgetting;
 *   <li>each student is evaluated on the test set: overall, on the flagged skills, on the others.
 * </ol>
 */
public final class ExperimentJob implements Job<ExperimentJob.Request, ExperimentJob.Result> {
  private static final int EVIDENCE = 3;
  private static final int AGREEMENT_ITEMS = 400;
  private static final int AGREEMENT_SAMPLES = 5;

  /**
   * @param seeds seeds to run, at least 2 for a standard deviation
   * @param worldSeed varies every seed's data
   * @param mix the seed pool's skill mix
   * @param poolSize seed pool items
   * @param validationSize validation items (the probe the profile comes from)
   * @param testSize held-out test items
   * @param multiStepShare share of chained items in every set
   * @param shape the student's shape
   * @param baselineSteps steps of the baseline's training
   * @param budget training examples of every arm (draws, counting repeats)
   * @param fineTuneSteps steps of every arm's fine-tuning
   * @param mixBack share of every arm's budget drawn from the seed pool
   * @param flagShare least share of the profile that flags a skill; null for 1 / skills
   * @param threads training workers
   * @param work where checkpoints go
   * @param baselinePerSeed whether every seed draws its own pool and trains its own baseline; when
   *     false one pool and one baseline (fixed by {@code worldSeed}) serve every seed, and the seeds
   *     vary everything after it: the validation and test sets, the profile, every arm's data and
   *     fine-tuning
   * @param arms the arms to run; the baseline is always measured
   * @param arte how the ARTE arm drafts and scores
   */
  public record Request(int seeds, long worldSeed, String mix, int poolSize, int validationSize, int testSize,
      double multiStepShare, ModelShape shape, int baselineSteps, int budget, int fineTuneSteps,
      double mixBack, Double flagShare, int threads, Path work, boolean baselinePerSeed, Set<Arm> arms,
      ArteRun.Settings arte) {
    public Request {
      arms = arms.isEmpty() ? EnumSet.noneOf(Arm.class) : EnumSet.copyOf(arms);
      arms.add(Arm.BASELINE);
      if (seeds < 1) {
        throw new BadInputException("--seeds must be >= 1 but was " + seeds);
      }
      if (budget < 1 || baselineSteps < 1 || fineTuneSteps < 1) {
        throw new BadInputException("--budget and the step counts must be >= 1");
      }
      if (!(mixBack >= 0 && mixBack < 1)) {
        throw new BadInputException("--mix-back must be in [0, 1) but was " + mixBack);
      }
      try {
        SkillMix.parse(mix);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--mix: " + e.getMessage(), e);
      }
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(arte, "arte");
      Objects.requireNonNull(work, "work");
    }
  }

  /** Every seed's result, and per arm the mean and standard deviation over seeds. */
  public record Result(List<SeedResult> seeds, Map<Arm, Summary> summary) {}

  /** Mean and sample standard deviation of each measure over seeds (std 0 for one seed). */
  public record Summary(Stat overall, Stat missingSkills, Stat otherSkills) {}

  /** Mean and sample standard deviation. */
  public record Stat(double mean, double std) {
    public static Stat of(List<Double> values) {
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double var = values.size() < 2 ? 0
          : values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
      return new Stat(mean, Math.sqrt(var));
    }
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    List<SeedResult> results = new ArrayList<>();
    for (int s = 1; s <= request.seeds(); s++) {
      results.add(new OneSeed(request, request.worldSeed() * 1_000 + s, context).run());
    }
    Map<Arm, Summary> summary = new EnumMap<>(Arm.class);
    for (Arm arm : request.arms()) {
      summary.put(arm, new Summary(
          Stat.of(results.stream().map(r -> r.scores().get(arm).overall()).toList()),
          Stat.of(results.stream().map(r -> r.scores().get(arm).missingSkills()).toList()),
          Stat.of(results.stream().map(r -> r.scores().get(arm).otherSkills()).toList())));
    }
    return new Result(results, summary);
  }

  /** One seed's data, baseline, profile and arms. */
  private static final class OneSeed {
    private final Request request;
    private final long seed;
    private final JobContext context;
    private final Path dir;

    OneSeed(Request request, long seed, JobContext context) {
      this.request = request;
      this.seed = seed;
      this.context = context;
      this.dir = request.work().resolve("seed-" + seed);
    }

    SeedResult run() throws IOException {
      Files.createDirectories(dir);
      NearDuplicateSet evaluation = new NearDuplicateSet(0.8);
      WorldData world = new WorldData(evaluation);
      long poolSeed = request.baselinePerSeed() ? seed : request.worldSeed() * 1_000;
      List<Example> pool;
      List<Example> test;
      List<Example> validation;
      if (request.baselinePerSeed()) {
        test = world.draw(request.testSize(), seed * 31 + 7, SkillMix.uniform(), request.multiStepShare(),
            "test" + seed, "test", true);
        validation = world.draw(request.validationSize(), seed * 31 + 11, SkillMix.uniform(),
            request.multiStepShare(), "val" + seed, "validation", true);
        pool = world.draw(request.poolSize(), poolSeed * 31 + 13, SkillMix.parse(request.mix()),
            request.multiStepShare(), "pool" + poolSeed, "train", false);
      } else {
        // The pool first, so that every seed's evaluation sets stay away from it.
        pool = world.draw(request.poolSize(), poolSeed * 31 + 13, SkillMix.parse(request.mix()),
            request.multiStepShare(), "pool" + poolSeed, "train", true);
        test = world.draw(request.testSize(), seed * 31 + 7, SkillMix.uniform(), request.multiStepShare(),
            "test" + seed, "test", true);
        validation = world.draw(request.validationSize(), seed * 31 + 11, SkillMix.uniform(),
            request.multiStepShare(), "val" + seed, "validation", true);
      }
      note("seed %d: %,d pool items (%s), %,d validation, %,d test", seed, pool.size(), request.mix(),
          validation.size(), test.size());

      Path baselineHome = request.baselinePerSeed() ? dir : request.work();
      Path baseline = baselineHome.resolve("baseline");
      String fingerprint = String.format(Locale.ROOT, "pool %s %d items, seed %d, multi-step %.3f, %d steps, %s%n",
          request.mix(), request.poolSize(), poolSeed, request.multiStepShare(), request.baselineSteps(),
          request.shape().config());
      Path made = baselineHome.resolve("baseline.txt");
      if (Files.exists(made) && Files.readString(made).equals(fingerprint)) {
        note("seed %d: reusing the baseline in %s (same pool and training)", seed, baseline);
      } else {
        Files.deleteIfExists(made);
        train(null, pool, request.baselineSteps(), 2e-3, baseline, "baseline", poolSeed);
        Files.writeString(made, fingerprint);
      }
      List<ProbedItem> probed;
      Map<Arm, ArmScore> scores = new EnumMap<>(Arm.class);
      double agreement;
      try (BuiltinStudent student = load(baseline)) {
        probed = ProbedItems.of(probe(student, validation, ProbeSettings.greedy(), "probe validation"), validation);
        agreement = agreement(student, validation);
      }
      List<ProbedItem> difficult = probed.stream().filter(DifficultyRule.REFERENCE::difficult).toList();
      BuiltinTeacher teacher = new BuiltinTeacher();
      List<Diagnosis> diagnoses = new Diagnoser(teacher, SkillWorld.catalog(), 256)
          .diagnose(difficult, context.cancellation(), done -> { });
      MissingSkillProfile profile = ProfileBuilder.build(probed, difficult, diagnoses, EVIDENCE);
      List<MissingPair> pairs = ProfileBuilder.pairs(difficult, diagnoses);
      List<String> flagged = flagged(profile);
      List<String> oracle = lowestAccuracy(profile, flagged.size());
      note("seed %d: %d of %d validation items difficult; flagged %s; lowest accuracy %s", seed,
          difficult.size(), probed.size(), flagged, oracle);

      SkillPool skillPool = SkillPool.of(pool);
      Map<Arm, List<Example>> targeted = new EnumMap<>(Arm.class);
      // Every set is drawn whichever arms run, so that an arm's data does not depend on the others.
      targeted.put(Arm.SFT, world.draw(request.budget(), seed * 31 + 17, SkillMix.parse(request.mix()),
          request.multiStepShare(), "sft" + seed, "train", false));
      targeted.put(Arm.BALANCED, world.draw(request.budget(), seed * 31 + 19, SkillMix.uniform(),
          request.multiStepShare(), "bal" + seed, "train", false));
      targeted.put(Arm.STAT_SEL, StatSelection.draws(pairs, skillPool, StatSelection.DEFAULT_PER_PAIR, seed));
      if (request.arms().contains(Arm.STAT_SYN)) {
        targeted.put(Arm.STAT_SYN, synthesize(pairs, evaluation, pool));
      }
      targeted.put(Arm.ORACLE, world.drawFocused(request.budget(), seed * 31 + 23,
          oracle.stream().map(id -> WorldSkill.byId(id).orElseThrow()).toList(), request.multiStepShare(),
          "oracle" + seed, "train"));
      if (request.arms().contains(Arm.ARTE)) {
        targeted.put(Arm.ARTE, arte(baseline, pool, validation, pairs, flagged, evaluation));
      }

      try (BuiltinStudent student = load(baseline)) {
        scores.put(Arm.BASELINE, score(probe(student, test, ProbeSettings.greedy(), "test baseline"), flagged, 0));
      }
      for (Arm arm : request.arms()) {
        if (arm == Arm.BASELINE) {
          continue;
        }
        List<Example> set = TrainingMix.compose(targeted.get(arm), pool, mix());
        Path out = dir.resolve(arm.key());
        train(baseline, set, request.fineTuneSteps(), 1e-3, out, arm.key());
        try (BuiltinStudent student = load(out)) {
          ArmScore score = score(probe(student, test, ProbeSettings.greedy(), "test " + arm.key()), flagged, set.size());
          scores.put(arm, score);
          note("seed %d %-9s overall %.3f  flagged %.3f  others %.3f", seed, arm.key(), score.overall(),
              score.missingSkills(), score.otherSkills());
        }
      }
      return new SeedResult(seed, profile, flagged, oracle, agreement, scores);
    }

    /**
     * STAT-Syn's new items. The paper asks 2 per pair; here each pair asks as many as it takes for
     * the new items to fill the targeted part of the budget, so that STAT-Syn, like the arms that
     * draw new data, repeats no item to reach the budget.
     */
    private List<Example> synthesize(List<MissingPair> pairs, NearDuplicateSet evaluation, List<Example> pool)
        throws IOException {
      int targeted = mix().targeted();
      int perPair = Math.max(StatSynthesis.Settings.PAPER.perPair(), (targeted + pairs.size() - 1) / Math.max(1, pairs.size()));
      Path indexDir = dir.resolve("index");
      Files.createDirectories(indexDir);
      try (SkillIndex index = SkillIndex.open(indexDir)) {
        if (index.stats().documents() == 0) {
          index.addAll(pool, DuplicatePolicy.ALLOW);
          index.commit();
        }
        StatSynthesis syn = new StatSynthesis(new BuiltinTeacher(), SkillWorld.catalog(), index, evaluation,
            new StatSynthesis.Settings(3, perPair, 64, seed));
        StatSynthesis.Result result = syn.run(pairs, "experiment-" + seed, context.cancellation(), done -> { });
        note("seed %d: STAT-Syn kept %d of %d new items (%d near evaluation items, %d near indexed ones)",
            seed, result.report().accepted(), result.report().written(), result.report().nearEvaluation(),
            result.report().nearIndexed());
        return result.accepted();
      }
    }

    /**
     * ARTE's tailored items: the same number per skill as STAT-Syn asks (in proportion to the
     * skill's missing pairs), drafts scored by lookahead on the flagged skills, written in their
     * preferred styles; the other skills are written plainly.
     */
    private List<Example> arte(Path baseline, List<Example> pool, List<Example> validation, List<MissingPair> pairs,
        List<String> flagged, NearDuplicateSet evaluation) throws IOException {
      int targeted = mix().targeted();
      Map<String, Integer> counts = new LinkedHashMap<>();
      Map<String, Long> perSkill = new LinkedHashMap<>();
      pairs.forEach(p -> perSkill.merge(p.skill(), 1L, Long::sum));
      perSkill.forEach((skill, n) -> counts.put(skill, (int) Math.round((double) targeted * n / pairs.size())));
      ArteRun.Options options = new ArteRun.Options(seed, request.threads(), request.multiStepShare(),
          ArteRun.maxChars(request.shape().config().context()));
      ArteRun.Result result = ArteRun.run(new ArteStudent.Builtin(baseline), pool, validation, flagged, counts,
          evaluation, null, request.arte().withMixBack(request.mixBack()), options, dir.resolve("arte-data"), context);
      note("seed %d: ARTE scored %d cells (%d measured) of %d drafts; %d question and %d rationale pairs; %d tailored items",
          seed, result.scores().size(), result.measured(), result.drafts(), result.dpo().questions(),
          result.dpo().rationales(), result.tailored().size());
      for (String skill : flagged) {
        note("seed %d: ARTE %s: %s", seed, skill, result.style().traits().get(skill));
      }
      return result.tailored();
    }

    /** Every arm's training mix: the budget, with the mix-back share drawn from the seed pool. */
    private TrainingMix.Settings mix() {
      return new TrainingMix.Settings(request.budget(), request.mixBack(), TrainingMix.Repeats.WEIGHTS, seed);
    }

    private double agreement(BuiltinStudent student, List<Example> validation) {
      List<Example> subset = validation.subList(0, Math.min(AGREEMENT_ITEMS, validation.size()));
      ProbeSettings sampled = ProbeSettings.of(AGREEMENT_SAMPLES).withTemperature(0.7).withSeed(seed);
      List<ProbedItem> items = ProbedItems.of(probe(student, subset, sampled, "probe 5 samples"), subset);
      return RuleAgreement.of(items, DifficultyRule.CONSISTENCY, DifficultyRule.REFERENCE).agreement();
    }

    private void train(Path init, List<Example> data, int steps, double lr, Path out, String stage)
        throws IOException {
      train(init, data, steps, lr, out, stage, seed);
    }

    private void train(Path init, List<Example> data, int steps, double lr, Path out, String stage, long trainSeed)
        throws IOException {
      BuiltinStudent.Options options = BuiltinStudent.Options.DEFAULT.withTrainingThreads(request.threads());
      FineTuneSettings settings = FineTuneSettings.defaults(steps).withSeed(trainSeed).withLearningRate(lr);
      try (BuiltinStudent student = init == null
          ? BuiltinStudent.create(request.shape().config(), trainSeed, options)
          : BuiltinStudent.load(init, options)) {
        Await.result(student.fineTune(data, settings, p -> {
          if (p.step() % 100 == 0 || p.step() == p.steps()) {
            context.progress(new Progress("train " + stage, p.step(), p.steps(), "steps",
                String.format(Locale.ROOT, "seed %d, loss %.4f", trainSeed, p.loss())));
          }
        }, context.cancellation()), context.cancellation());
        Await.result(student.save(out));
      }
    }

    private BuiltinStudent load(Path checkpoint) throws IOException {
      return BuiltinStudent.load(checkpoint);
    }

    private ProbeReport probe(BuiltinStudent student, List<Example> items, ProbeSettings settings, String stage) {
      IntConsumer progress = done -> context.progress(Progress.of(stage, done, items.size(), "items"));
      return Await.result(Prober.probe(student, items, settings, progress, context.cancellation()),
          context.cancellation());
    }

    private void note(String format, Object... args) {
      context.note(String.format(Locale.ROOT, format, args));
    }

    /** Skills whose share of the profile is at least the flag share. */
    private List<String> flagged(MissingSkillProfile profile) {
      double least = request.flagShare() != null ? request.flagShare() : 1.0 / SkillWorld.catalog().size();
      return profile.ranked().stream().filter(s -> profile.share(s) >= least).toList();
    }
  }

  /** The {@code k} skills with the lowest probe accuracy (at least one). */
  static List<String> lowestAccuracy(MissingSkillProfile profile, int k) {
    return profile.probeAccuracy().entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, MissingSkillProfile.SkillScore> e) ->
            e.getValue().accuracy()).thenComparing(Map.Entry::getKey))
        .limit(Math.max(1, k)).map(Map.Entry::getKey).toList();
  }

  static ArmScore score(ProbeReport report, List<String> flagged, int trainingExamples) {
    Map<String, Double> perSkill = new LinkedHashMap<>();
    for (SkillAccuracy s : report.perSkill().values()) {
      perSkill.put(s.skill(), s.accuracy());
    }
    double missing = perSkill.entrySet().stream().filter(e -> flagged.contains(e.getKey()))
        .mapToDouble(Map.Entry::getValue).average().orElse(Double.NaN);
    double other = perSkill.entrySet().stream().filter(e -> !flagged.contains(e.getKey()))
        .mapToDouble(Map.Entry::getValue).average().orElse(Double.NaN);
    return new ArmScore(report.accuracy(), missing, other, perSkill, trainingExamples);
  }
}
