package io.skillforge.server.jobs.distill;

import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.stat.ProbeFiles;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.synthesis.stat.ProbedItem;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The missing-skill profile of a probe on its own: the difficult items of a probe's items file, the
 * teacher's diagnosis of each, and the profile, written to a directory ({@code diagnoses.jsonl},
 * {@code profile.json}). Started again, it reads back what it finished.
 */
public final class ProfileJob implements Job<ProfileJob.Request, ProfileStep.Profiled> {
  /**
   * @param probe a probe's items file (as {@code student probe --out} writes it)
   * @param dataset the items that were probed
   * @param layout how the dataset is laid out
   * @param catalog the catalog file; null for the skill world's with the built-in teacher
   * @param teacher which teacher, and its budget
   * @param stat the difficulty rule and evidence kept per skill
   * @param out the directory the files go to
   */
  public record Request(Path probe, Path dataset, DatasetLayout layout, Path catalog, TeacherChoice teacher,
      StatSettings stat, Path out) {
    public Request {
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(teacher, "teacher");
      Objects.requireNonNull(stat, "stat");
      Objects.requireNonNull(out, "out");
    }
  }

  private final JobServices services;

  public ProfileJob(JobServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  @Override
  public ProfileStep.Profiled run(Request request, JobContext context) throws IOException {
    TeacherSettings settings = request.teacher().settings(services.config());
    SkillCatalog catalog = catalog(request.catalog(), settings);
    List<ProbedItem> probed = ProbeFiles.read(request.probe(),
        Datasets.load(request.dataset(), request.layout()).items());
    Files.createDirectories(request.out());
    try (TeacherSession teacher = request.teacher().open(settings, "profile " + request.probe().getFileName(),
        services)) {
      return ProfileStep.run(probed, request.stat().rule(), teacher, catalog, request.stat().evidencePerSkill(),
          request.out(), "diagnose", context);
    }
  }

  static SkillCatalog catalog(Path file, TeacherSettings settings) {
    if (file != null) {
      return CatalogFiles.read(file);
    }
    if (settings.builtin()) {
      return SkillWorld.catalog();
    }
    throw new BadInputException("name a catalog file: the teacher needs the list of skills to diagnose against");
  }
}
