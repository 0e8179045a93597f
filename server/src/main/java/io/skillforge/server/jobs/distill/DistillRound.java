package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.stat.ProbeFiles;
import io.skillforge.server.jobs.stat.ProbedItems;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.skills.Example;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Student;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.skillforge.synthesis.stat.MissingPair;
import io.skillforge.synthesis.stat.ProbedItem;
import io.skillforge.synthesis.stat.ProfileBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One round of a run: each step skips itself when its files exist (see {@link RoundFiles}).
 */
final class DistillRound {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DIAGNOSE_ROUND = 64;
  private static final int SNAPSHOT_EVERY = 100;

  private final RoundContext run;
  private final DistillConfig config;
  private final int round;
  private final RoundFiles files;
  private final JobContext job;

  DistillRound(RoundContext run, int round) {
    this.run = run;
    this.config = run.config();
    this.round = round;
    this.files = new RoundFiles(config.runDir().resolve("round-" + round));
    this.job = run.job();
  }

  /** Runs the round; null when the student has no missing skill left to target. */
  RoundReport run() throws IOException {
    Files.createDirectories(files.dir());
    List<ProbedItem> probed = probe(files.probe(), run.validation(), startCheckpoint(), "probe");
    ProfileStep.Profiled profiled = ProfileStep.run(probed, config.stat().rule(), run.teacher(), run.catalog(),
        config.stat().evidencePerSkill(), files.dir(), "round " + round + ": diagnose", job);
    List<ProbedItem> difficult = profiled.difficult();
    MissingSkillProfile profile = profiled.profile();
    List<MissingPair> pairs = profiled.pairs();
    if (pairs.isEmpty()) {
      job.note(String.format(Locale.ROOT, "round %d: no missing skill found in %d difficult of %d items;"
          + " nothing to target, the run ends", round, difficult.size(), probed.size()));
      return null;
    }
    List<ProbedItem> before = round == 1 && run.test() != null
        ? probe(files.evaluationBefore(), run.test(), startCheckpoint(), "evaluate before")
        : round == 1 ? probed : ProbeFiles.read(previous().after(), run.evaluationItems());
    RoundReport.DataSummary data = DataStep.run(config.method(), pairs, run.index(), run.teacher(), run.catalog(),
        run.evaluation(), config.stat(), config.stat().seed() * 1_000 + round,
        "distill " + run.runName() + " round " + round, config.exportPromptCompletion(), files.dir(),
        "round " + round + ": synthesize", job);
    RoundReport.TrainingSummary training = fineTune();
    List<ProbedItem> after = probe(files.after(), run.evaluationItems(),
        config.student().builtin() ? files.checkpoint() : null, "evaluate after");
    RoundReport report = new RoundReport(run.runName(), round, Instant.now(), studentName(startCheckpoint()),
        run.teacher().teacher().name(), config.method(), config.stat().rule().name(), run.evaluationName(),
        ProfileBuilder.accuracy(before), ProfileBuilder.accuracy(after), solvedShare(before),
        solvedShare(after), probed.size(), difficult.size(), profile, data, training);
    RoundReportJson.write(report, files.reportJson());
    RoundReportHtml.write(report, files.reportHtml());
    job.note(String.format(Locale.ROOT, "round %d: accuracy %.1f%% -> %.1f%% on %s; report %s", round,
        100 * report.overallBefore(), 100 * report.overallAfter(), run.evaluationName(), files.reportHtml()));
    return report;
  }

  private RoundFiles previous() {
    return new RoundFiles(config.runDir().resolve("round-" + (round - 1)));
  }

  /** The checkpoint the round starts from (built-in student); null for a student behind an endpoint. */
  private Path startCheckpoint() {
    if (!config.student().builtin()) {
      return null;
    }
    return round == 1 ? config.student().checkpoint() : previous().checkpoint();
  }

  private String studentName(Path checkpoint) {
    return checkpoint != null ? checkpoint.toString() : config.student().model() + " at " + config.student().baseUrl();
  }

  private static double solvedShare(List<ProbedItem> items) {
    return items.isEmpty() ? 0 : items.stream().filter(ProbedItem::solved).count() / (double) items.size();
  }

  // ---- steps ---------------------------------------------------------------------------------

  private List<ProbedItem> probe(Path file, List<Example> items, Path checkpoint, String stage) throws IOException {
    if (Files.exists(file)) {
      return ProbeFiles.read(file, items);
    }
    String label = "round " + round + ": " + stage;
    ProbeSettings settings = new ProbeSettings(config.stat().samples(), config.stat().temperature(), 1.0,
        config.stat().maxTokens(), config.stat().seed(), 256);
    ProbeReport report;
    try (Student student = open(checkpoint)) {
      job.progress(Progress.of(label, 0, items.size(), "items"));
      report = Await.result(Prober.probe(student, items, settings,
          done -> job.progress(Progress.of(label, done, items.size(), "items")), job.cancellation()),
          job.cancellation());
    }
    ProbeFiles.write(report, file);
    return ProbedItems.of(report, items);
  }

  private Student open(Path checkpoint) throws IOException {
    if (checkpoint != null) {
      return StudentChoice.load(StudentChoice.Checkpoint.named(checkpoint), null);
    }
    DistillConfig.StudentSpec s = config.student();
    OpenAiStudent.Api api = "completions".equals(s.api()) ? OpenAiStudent.Api.COMPLETIONS : OpenAiStudent.Api.CHAT;
    return new OpenAiStudent(OpenAiStudent.Config.of(s.baseUrl(), s.model()).withApi(api)
        .withOnRetry(notice -> job.note(notice.describe())));
  }

  private RoundReport.TrainingSummary fineTune() throws IOException {
    if (Files.exists(files.trained())) {
      return JSON.readValue(files.trained().toFile(), RoundReport.TrainingSummary.class);
    }
    RoundReport.TrainingSummary summary = config.student().builtin() ? fineTuneBuiltin() : fineTuneExternal();
    OutputFiles.writeAtomically(files.trained(), w -> w.write(JSON.writeValueAsString(summary) + "\n"));
    return summary;
  }

  private RoundReport.TrainingSummary fineTuneBuiltin() throws IOException {
    List<Example> set = readSet(files.trainingFull());
    StatSettings stat = config.stat();
    FineTuneSettings settings = FineTuneSettings.defaults(stat.steps()).withSeed(stat.seed() * 1_000 + round)
        .withLearningRate(stat.learningRate());
    String label = "round " + round + ": train";
    BuiltinStudent.Snapshots snapshots =
        new BuiltinStudent.Snapshots(files.checkpoint().resolve("resume"), SNAPSHOT_EVERY);
    try (BuiltinStudent student = StudentChoice.load(StudentChoice.Checkpoint.named(startCheckpoint()),
        BuiltinStudent.Options.DEFAULT.withTrainingThreads(stat.threads()))) {
      FineTuneReport report = Await.result(student.fineTune(set, settings, p -> {
        if (p.step() == 1 || p.step() % 25 == 0 || p.step() == p.steps()) {
          job.progress(new Progress(label, p.step(), p.steps(), "steps",
              String.format(Locale.ROOT, "loss %.4f", p.loss())));
        }
      }, job.cancellation(), snapshots), job.cancellation());
      Await.result(student.save(files.checkpoint()));
      snapshots.clear();
      return new RoundReport.TrainingSummary("built-in", report.steps(), report.firstLoss(), report.finalLoss(),
          report.elapsed().toMillis() / 1000.0, files.checkpoint().toString());
    }
  }

  private RoundReport.TrainingSummary fineTuneExternal() throws IOException {
    double seconds = ExternalTrainer.fineTune(config.student(), files.training(), files.trainingFull(), round,
        config.runDir(), files.fineTuneLog(), job);
    return new RoundReport.TrainingSummary(config.student().fineTuneCommand(), 0, Double.NaN, Double.NaN, seconds,
        config.student().model());
  }

  private static List<Example> readSet(Path file) throws IOException {
    List<Example> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          out.add(ExampleJson.fromNode(JSON.readTree(line)));
        }
      }
    }
    return out;
  }
}
