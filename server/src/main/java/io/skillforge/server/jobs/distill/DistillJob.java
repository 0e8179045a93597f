package io.skillforge.server.jobs.distill;

import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.ImportDatasetJob;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.server.jobs.index.IndexLease;
import io.skillforge.server.jobs.skills.LabelDatasetJob;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.dataset.LoadedDataset;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A distillation run: R rounds of probe, diagnose, profile, select or synthesize, fine-tune and
 * re-probe, into a run directory. Every step writes its files atomically when it ends, and a step
 * whose files exist is not done again, so the same run started again after a kill goes on where it
 * stopped; the teacher's response cache answers every call it had already paid for.
 */
public final class DistillJob implements Job<DistillConfig, DistillJob.Result> {
  /** Marks the run's index as complete. */
  private static final String INDEX_DONE = "index.done";

  /** The rounds' reports, in order, and the run directory. */
  public record Result(Path runDir, List<RoundReport> rounds) {}

  private final JobServices services;

  public DistillJob(JobServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  @Override
  public Result run(DistillConfig config, JobContext context) throws IOException {
    Files.createDirectories(config.runDir());
    TeacherChoice choice = new TeacherChoice(config.teacher(), config.budgetDollars());
    TeacherSettings settings = choice.settings(services.config());
    Path train = labelled(config, choice, context);
    LoadedDataset validation = Datasets.load(config.validation(), config.layout());
    LoadedDataset test = config.test() == null ? null : Datasets.load(config.test(), config.layout());
    SkillCatalog catalog = catalog(config, settings, train);
    NearDuplicateSet evaluation = new NearDuplicateSet(services.config().index().nearDuplicateThreshold());
    validation.items().forEach(e -> evaluation.add(e.id(), e.question()));
    if (test != null) {
      test.items().forEach(e -> evaluation.add(e.id(), e.question()));
    }
    Path indexDir = index(config, train, context);
    String runName = config.runDir().getFileName().toString();
    List<RoundReport> reports = new ArrayList<>();
    try (TeacherSession teacher = choice.open(settings, "distill " + runName, services);
        IndexLease index = services.indexes().forWriting(indexDir, IndexAccess.jobOptions())) {
      RoundContext run = new RoundContext(config, runName, teacher, catalog, index.index(), evaluation,
          validation.items(), test == null ? null : test.items(), context);
      for (int round = 1; round <= config.rounds(); round++) {
        RoundReport report = new DistillRound(run, round).run();
        reports.add(report);
        if (report == null) {
          break;
        }
      }
    }
    reports.removeIf(Objects::isNull);
    return new Result(config.runDir(), reports);
  }

  /** The training pool, labelled by the teacher first when some item has no skills. */
  private Path labelled(DistillConfig config, TeacherChoice choice, JobContext context) throws IOException {
    LoadedDataset train = Datasets.load(config.train(), config.layout());
    if (train.items().stream().allMatch(e -> !e.skills().isEmpty())) {
      return config.train();
    }
    Path out = config.runDir().resolve("train.labelled.jsonl");
    if (!Files.exists(out)) {
      if (config.catalog() == null) {
        throw new BadInputException("items of " + config.train() + " have no skills: name a catalog file"
            + " (catalog:) to label them with");
      }
      context.note("labelling the training pool with the teacher first");
      Path partial = config.runDir().resolve("train.labelling.jsonl");
      new LabelDatasetJob(services).run(new LabelDatasetJob.Request(config.train(), config.layout(),
          config.catalog(), partial, choice), context);
      Files.move(partial, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return out;
  }

  /** The run's own index of the training pool; imported once. */
  private Path index(DistillConfig config, Path train, JobContext context) throws IOException {
    Path dir = config.runDir().resolve("index");
    if (!Files.exists(config.runDir().resolve(INDEX_DONE))) {
      new ImportDatasetJob(services.indexes()).run(new ImportDatasetJob.Request(train, dir,
          config.layout(), "train", null, DuplicatePolicy.ALLOW,
          services.config().index().nearDuplicateThreshold(), services.config().index().commitEvery()), context);
      Files.writeString(config.runDir().resolve(INDEX_DONE), "imported " + train + "\n");
    }
    return dir;
  }

  private static SkillCatalog catalog(DistillConfig config, TeacherSettings settings, Path train) throws IOException {
    if (config.catalog() != null) {
      return CatalogFiles.read(config.catalog());
    }
    if (settings.builtin()) {
      return SkillWorld.catalog();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Example e : Datasets.load(train, config.layout()).items()) {
      ids.addAll(e.skills());
    }
    List<Skill> skills = ids.stream().map(id -> new Skill(id, id, "")).toList();
    return new SkillCatalog(skills);
  }
}
