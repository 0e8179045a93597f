package io.skillforge.server.gaps;

import io.skillforge.server.jobs.DatasetNotes;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.distill.StatSettings;
import io.skillforge.server.jobs.stat.ProbeFiles;
import io.skillforge.server.jobs.stat.ProbedItems;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.dataset.LoadedDataset;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.student.Student;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.skillforge.synthesis.stat.Diagnoser;
import io.skillforge.synthesis.stat.ProbedItem;
import io.skillforge.synthesis.stat.ProfileBuilder;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A student's skill-gap report on a dataset: the student answers every item (graded by the shared
 * grader), the items the difficulty rule of {@code stat.difficulty} picks are diagnosed by the
 * teacher, and their missing skills make the profile; the report compares with the student's
 * previous report on the dataset. Its JSON and page go to the job's directory; the caller stores
 * them in the history. A rerun reuses the probe file it finds and asks the teacher again through
 * its response cache.
 */
public final class SkillGapJob implements Job<SkillGapJob.Request, SkillGapReport> {
  static final String PROBE = "probe.jsonl";
  static final String REPORT_JSON = "report.json";
  static final String REPORT_HTML = "report.html";
  private static final int DIAGNOSE_WINDOW = 64;

  /**
   * @param student the student's name
   * @param target how to open it
   * @param api the endpoint's API when it is behind one
   * @param studentVersion what the student is now (see {@link Versions})
   * @param dataset the dataset's name
   * @param datasetFile its file (Skillforge JSONL)
   * @param teacher which teacher diagnoses
   * @param catalog the catalog to diagnose against; null for the skill world's with the built-in
   *     teacher, else the skills of the dataset's items
   * @param settings how to probe
   * @param dir where the report goes
   * @param job the job's id
   * @param history where the previous report is
   */
  public record Request(String student, StudentChoice.Target target, OpenAiStudent.Api api, String studentVersion,
      String dataset, Path datasetFile, TeacherChoice teacher, Path catalog, ProbeSettings settings, Path dir,
      String job, SkillGapHistory history) {
    public Request {
      Objects.requireNonNull(student, "student");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(datasetFile, "datasetFile");
      Objects.requireNonNull(teacher, "teacher");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(history, "history");
    }
  }

  private final JobServices services;

  public SkillGapJob(JobServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  @Override
  public SkillGapReport run(Request request, JobContext context) throws IOException {
    String datasetVersion = Versions.dataset(request.datasetFile());
    LoadedDataset loaded = Datasets.load(request.datasetFile(), DatasetLayout.DEFAULT);
    DatasetNotes.rejectedLines(loaded, context);
    List<Example> items = loaded.items();
    if (items.isEmpty()) {
      throw new BadInputException("dataset '" + request.dataset() + "' has no items");
    }
    Files.createDirectories(request.dir());
    List<ProbedItem> probed = probe(request, items, context);
    StatSettings stat = services.config().section("stat", StatSettings.class);
    List<ProbedItem> difficult = probed.stream().filter(stat.rule()::difficult).toList();
    TeacherSettings settings = request.teacher().settings(services.config());
    SkillCatalog catalog = catalog(request, settings, items);
    List<Diagnosis> diagnoses;
    String teacherName;
    try (TeacherSession session = request.teacher().open(settings, "skill-gaps " + request.student(),
        services)) {
      teacherName = session.teacher().name();
      context.progress(Progress.of("diagnose", 0, difficult.size(), "items"));
      diagnoses = new Diagnoser(session.teacher(), catalog, DIAGNOSE_WINDOW).diagnose(difficult,
          context.cancellation(), done -> context.progress(new Progress("diagnose", done, difficult.size(),
              "items", session.describeUsage())));
      session.failureSummary().ifPresent(context::note);
    }
    MissingSkillProfile profile = ProfileBuilder.build(probed, difficult, diagnoses, stat.evidencePerSkill());
    double accuracy = probed.stream().filter(ProbedItem::solved).count() / (double) probed.size();
    SkillGapReport.Previous previous = request.history().latest(request.student(), request.dataset())
        .map(SkillGapHistory.Stored::report)
        .filter(r -> !r.job().equals(request.job()))
        .map(SkillGapReport::asPrevious).orElse(null);
    SkillGapReport report = new SkillGapReport(request.student(), request.dataset(), Instant.now(), request.job(),
        request.studentVersion(), datasetVersion, teacherName, probed.size(), request.settings().samples(), accuracy,
        ProfileBuilder.accuracy(probed), difficult.size(), profile, previous);
    String json = SkillGapJson.toJson(report).toPrettyString() + "\n";
    String html = SkillGapHtml.render(report);
    OutputFiles.writeAtomically(request.dir().resolve(REPORT_JSON), w -> w.write(json));
    OutputFiles.writeAtomically(request.dir().resolve(REPORT_HTML), w -> w.write(html));
    return report;
  }

  private static List<ProbedItem> probe(Request request, List<Example> items, JobContext context)
      throws IOException {
    Path file = request.dir().resolve(PROBE);
    if (Files.exists(file)) {
      context.note("the probe of an earlier run of this job is reused");
      return ProbeFiles.read(file, items);
    }
    ProbeReport report;
    try (Student student = open(request, context)) {
      context.progress(Progress.of("probe", 0, items.size(), "items"));
      report = Await.result(Prober.probe(student, items, request.settings(),
          done -> context.progress(Progress.of("probe", done, items.size(), "items")), context.cancellation()),
          context.cancellation());
    }
    ProbeFiles.write(report, file);
    return ProbedItems.of(report, items);
  }

  private static Student open(Request request, JobContext context) throws IOException {
    if (request.target() instanceof StudentChoice.Checkpoint checkpoint) {
      return StudentChoice.load(checkpoint, null);
    }
    StudentChoice.Endpoint endpoint = (StudentChoice.Endpoint) request.target();
    return new OpenAiStudent(OpenAiStudent.Config.of(endpoint.baseUrl(), endpoint.model()).withApi(request.api())
        .withOnRetry(notice -> context.note(notice.describe())));
  }

  private static SkillCatalog catalog(Request request, TeacherSettings settings, List<Example> items) {
    if (request.catalog() != null) {
      return CatalogFiles.read(request.catalog());
    }
    if (settings.builtin()) {
      return SkillWorld.catalog();
    }
    Set<String> ids = new LinkedHashSet<>();
    items.forEach(e -> ids.addAll(e.skills()));
    if (ids.isEmpty()) {
      throw new BadInputException("the items of dataset '" + request.dataset() + "' carry no skills: label them"
          + " first, or name a catalog");
    }
    return new SkillCatalog(ids.stream().map(id -> new Skill(id, id, "")).toList());
  }
}
