package io.skillforge.server.jobs.distill;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.server.jobs.index.IndexLease;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.synthesis.stat.MissingPair;
import io.skillforge.synthesis.stat.ProfileBuilder;
import io.skillforge.synthesis.stat.ProbedItem;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * STAT-Sel or STAT-Syn on its own: from a profile directory's diagnoses to a training set in a
 * directory, drawing from (Sel) or adding to (Syn) an index's {@code train} split. Started again,
 * it does nothing once {@code data.json} exists, and asks the teacher only what it had not asked.
 */
public final class TargetedDataJob implements Job<TargetedDataJob.Request, RoundReport.DataSummary> {
  /**
   * @param method sel or syn
   * @param profile the directory a profile job wrote ({@code diagnoses.jsonl})
   * @param dataset the probed items the diagnoses are of
   * @param layout how the datasets are laid out
   * @param index the pool's index directory
   * @param catalog the catalog file (STAT-Syn); null for the skill world's with the built-in teacher
   * @param teacher which teacher (STAT-Syn)
   * @param evaluation datasets no new item may be near (validation, test)
   * @param stat budget, mixed-back share, repeats and the per-pair counts
   * @param out the directory the training set goes to
   * @param promptCompletion whether to write prompt/completion JSONL too
   */
  public record Request(String method, Path profile, Path dataset, DatasetLayout layout, Path index, Path catalog,
      TeacherChoice teacher, List<Path> evaluation, StatSettings stat, Path out, boolean promptCompletion) {
    public Request {
      if (!"sel".equals(method) && !"syn".equals(method)) {
        throw new BadInputException("method must be sel or syn, not '" + method + "'");
      }
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(teacher, "teacher");
      evaluation = List.copyOf(evaluation);
      Objects.requireNonNull(stat, "stat");
      Objects.requireNonNull(out, "out");
    }
  }

  private final JobServices services;

  public TargetedDataJob(JobServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  @Override
  public RoundReport.DataSummary run(Request request, JobContext context) throws IOException {
    List<Example> items = Datasets.load(request.dataset(), request.layout()).items();
    List<Diagnosis> diagnoses = DiagnosesFile.read(request.profile().resolve("diagnoses.jsonl"));
    List<MissingPair> pairs = pairs(items, diagnoses);
    NearDuplicateSet evaluation = new NearDuplicateSet(services.config().index().nearDuplicateThreshold());
    for (Path file : request.evaluation()) {
      Datasets.load(file, request.layout()).items().forEach(e -> evaluation.add(e.id(), e.question()));
    }
    TeacherSettings settings = request.teacher().settings(services.config());
    java.nio.file.Files.createDirectories(request.out());
    try (TeacherSession teacher = request.teacher().open(settings, request.method() + " " + request.out().getFileName(),
        services);
        IndexLease index = services.indexes().forWriting(request.index(), IndexAccess.jobOptions())) {
      return DataStep.run(request.method(), pairs, index.index(), teacher,
          ProfileJob.catalog(request.catalog(), settings), evaluation, request.stat(), request.stat().seed(),
          request.method() + " " + request.out().getFileName(), request.promptCompletion(), request.out(),
          "synthesize", context);
    }
  }

  /** The diagnosed items' pairs; a diagnosis of an item the dataset lacks is a bad input. */
  private static List<MissingPair> pairs(List<Example> items, List<Diagnosis> diagnoses) {
    Map<String, Example> byId = new HashMap<>();
    items.forEach(e -> byId.put(e.id(), e));
    List<ProbedItem> diagnosed = new ArrayList<>();
    for (Diagnosis d : diagnoses) {
      Example item = byId.get(d.itemId());
      if (item == null) {
        throw new BadInputException("the diagnoses name item " + d.itemId() + ", which the dataset does not have");
      }
      diagnosed.add(new ProbedItem(item, List.of(""), List.of(""), List.of(false), 1));
    }
    return ProfileBuilder.pairs(diagnosed, diagnoses);
  }
}
