package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.stat.ProbeFiles;
import io.skillforge.server.jobs.stat.ProbedItems;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.skills.Example;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfileJson;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Student;
import io.skillforge.student.builtin.BuiltinStudent;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.skillforge.synthesis.stat.Diagnoser;
import io.skillforge.synthesis.stat.MissingPair;
import io.skillforge.synthesis.stat.ProbedItem;
import io.skillforge.synthesis.stat.ProfileBuilder;
import io.skillforge.synthesis.stat.SkillPool;
import io.skillforge.synthesis.stat.StatSelection;
import io.skillforge.synthesis.stat.StatSynthesis;
import io.skillforge.synthesis.stat.TrainingMix;
import io.skillforge.synthesis.teacher.Diagnosis;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    List<ProbedItem> difficult = probed.stream().filter(config.stat().rule()::difficult).toList();
    List<Diagnosis> diagnoses = diagnose(difficult);
    MissingSkillProfile profile = profile(probed, difficult, diagnoses);
    List<MissingPair> pairs = ProfileBuilder.pairs(difficult, diagnoses);
    if (pairs.isEmpty()) {
      job.note(String.format(Locale.ROOT, "round %d: no missing skill found in %d difficult of %d items;"
          + " nothing to target, the run ends", round, difficult.size(), probed.size()));
      return null;
    }
    List<ProbedItem> before = round == 1 && run.test() != null
        ? probe(files.evaluationBefore(), run.test(), startCheckpoint(), "evaluate before")
        : round == 1 ? probed : ProbeFiles.read(previous().after(), run.evaluationItems());
    RoundReport.DataSummary data = data(pairs);
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

  private List<Diagnosis> diagnose(List<ProbedItem> difficult) throws IOException {
    if (Files.exists(files.diagnoses())) {
      return readDiagnoses();
    }
    String label = "round " + round + ": diagnose";
    job.progress(Progress.of(label, 0, difficult.size(), "items"));
    List<Diagnosis> diagnoses;
    diagnoses = new Diagnoser(run.teacher().teacher(), run.catalog(), DIAGNOSE_ROUND)
        .diagnose(difficult, job.cancellation(), done -> job.progress(new Progress(label, done,
            difficult.size(), "items", run.teacher().describeUsage())));
    OutputFiles.writeAtomically(files.diagnoses(), w -> {
      for (Diagnosis d : diagnoses) {
        ObjectNode node = JSON.createObjectNode();
        node.put("itemId", d.itemId()).put("correct", d.correct()).put("explanation", d.explanation());
        d.missingSkills().forEach(node.putArray("missingSkills")::add);
        if (!d.ok()) {
          node.put("error", d.error());
        }
        w.write(JSON.writeValueAsString(node));
        w.write('\n');
      }
    });
    return diagnoses;
  }

  private List<Diagnosis> readDiagnoses() throws IOException {
    List<Diagnosis> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(files.diagnoses(), StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        List<String> skills = new ArrayList<>();
        n.path("missingSkills").forEach(s -> skills.add(s.asText()));
        out.add(n.hasNonNull("error") ? Diagnosis.failed(n.path("itemId").asText(), n.get("error").asText())
            : Diagnosis.of(n.path("itemId").asText(), n.path("correct").asBoolean(), skills,
                n.path("explanation").asText()));
      }
    }
    return out;
  }

  private MissingSkillProfile profile(List<ProbedItem> probed, List<ProbedItem> difficult,
      List<Diagnosis> diagnoses) throws IOException {
    if (Files.exists(files.profile())) {
      return MissingSkillProfileJson.fromJson(JSON.readTree(files.profile().toFile()));
    }
    MissingSkillProfile profile =
        ProfileBuilder.build(probed, difficult, diagnoses, config.stat().evidencePerSkill());
    OutputFiles.writeAtomically(files.profile(),
        w -> w.write(MissingSkillProfileJson.toJson(profile).toPrettyString() + "\n"));
    job.note(String.format(Locale.ROOT, "round %d: %d of %d items difficult; missing skills %s", round,
        difficult.size(), probed.size(), profile.ranked()));
    return profile;
  }

  private RoundReport.DataSummary data(List<MissingPair> pairs) throws IOException {
    if (Files.exists(files.data())) {
      return JSON.readValue(files.data().toFile(), RoundReport.DataSummary.class);
    }
    SkillPool pool = SkillPool.fromIndex(run.index(), "train");
    List<Example> targeted;
    int synthesized = 0;
    Map<String, Integer> rejected = new LinkedHashMap<>();
    if (config.method().equals("sel")) {
      targeted = StatSelection.draws(pairs, pool, config.stat().drawsPerPair(), config.stat().seed() * 1_000 + round);
    } else {
      String label = "round " + round + ": synthesize";
      StatSynthesis syn = new StatSynthesis(run.teacher().teacher(), run.catalog(), run.index(), run.evaluation(),
          new StatSynthesis.Settings(config.stat().exemplars(), config.stat().itemsPerPair(), 16,
              config.stat().seed() * 1_000 + round));
      StatSynthesis.Result result = syn.run(pairs, "distill " + run.runName() + " round " + round,
          job.cancellation(),
          done -> job.progress(new Progress(label, done, pairs.size(), "pairs", run.teacher().describeUsage())));
      targeted = result.accepted();
      synthesized = result.accepted().size();
      rejected.put("solutions disagreed", result.report().disagreed());
      rejected.put("near an evaluation item", result.report().nearEvaluation());
      rejected.put("near an indexed item", result.report().nearIndexed());
      if (targeted.isEmpty()) {
        throw new io.skillforge.skills.errors.TeacherUnavailableException("round " + round
            + ": the teacher wrote no usable item for " + pairs.size() + " (item, skill) pairs");
      }
    }
    TrainingMix.Settings mix = config.stat().mix(round);
    List<Example> set = TrainingMix.compose(targeted, pool.all(), mix);
    List<String> written = new ArrayList<>(List.of(files.training().getFileName().toString()));
    writeSet(set, files.trainingFull(), TrainingFormat.FULL);
    writeSet(set, files.training(), TrainingFormat.MESSAGES);
    if (config.exportPromptCompletion()) {
      writeSet(set, files.trainingPromptCompletion(), TrainingFormat.PROMPT_COMPLETION);
      written.add(files.trainingPromptCompletion().getFileName().toString());
    }
    RoundReport.DataSummary summary = new RoundReport.DataSummary(set.size(), mix.budget(), mix.targeted(),
        mix.budget() - mix.targeted(), synthesized, rejected, written);
    OutputFiles.writeAtomically(files.data(), w -> w.write(JSON.writeValueAsString(summary) + "\n"));
    if (!config.method().equals("sel")) {
      // After the files: a round stopped before this point asks the same questions when started again.
      StatSynthesis.index(run.index(), targeted);
    }
    return summary;
  }

  private static void writeSet(List<Example> set, Path file, TrainingFormat format) throws IOException {
    OutputFiles.writeAtomically(file, w -> {
      TrainingSetWriter writer = new TrainingSetWriter(w, format);
      for (Example e : set) {
        writer.write(e);
      }
    });
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
