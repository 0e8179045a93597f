package io.skillforge.server.jobs.skills;

import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.server.jobs.DatasetNotes;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.teacher.FailuresFile;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.dataset.LoadedDataset;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.synthesis.teacher.CatalogRequest;
import io.skillforge.synthesis.teacher.TeacherUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Builds a skill catalog from a seeded sample of a dataset (after Didolkar et al.: the teacher
 * names a fine-grained skill per sampled item, then merges them into at most {@code maxSkills}
 * skills with descriptions) and writes it as JSON. Items the teacher could not name are listed in
 * the failures file.
 */
public final class BuildCatalogJob implements Job<BuildCatalogJob.Request, BuildCatalogJob.Result> {
  /**
   * @param dataset the items to sample
   * @param layout how the dataset is laid out
   * @param out the catalog file to write
   * @param teacher which teacher, and its budget
   * @param maxSkills most skills; null for {@code teacher.catalog-size}
   * @param sample items sampled; null for {@code teacher.catalog-sample}
   * @param seed seed of the sample
   */
  public record Request(
      Path dataset, DatasetLayout layout, Path out, TeacherChoice teacher, Integer maxSkills,
      Integer sample, long seed) {
    public Request {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(teacher, "teacher");
      if (maxSkills != null && maxSkills < 1) {
        throw new BadInputException("--max-skills must be >= 1 but was " + maxSkills);
      }
      if (sample != null && sample < 1) {
        throw new BadInputException("--sample must be >= 1 but was " + sample);
      }
    }
  }

  /**
   * @param catalog the catalog written
   * @param sampled items the teacher saw
   * @param rejectedLines dataset lines that were not items
   * @param failuresFile the failures file, or null when nothing failed
   * @param teacher the teacher's name
   * @param usage what the teacher was asked and what it cost
   * @param failedCalls one line on the teacher calls that failed, by reason; null when none did
   */
  public record Result(
      SkillCatalog catalog, int sampled, long rejectedLines, Path failuresFile, String teacher,
      TeacherUsage usage, String failedCalls) {
    public boolean partial() {
      return rejectedLines > 0 || failuresFile != null;
    }
  }

  private final JobServices services;

  public BuildCatalogJob(JobServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    TeacherSettings settings = request.teacher().settings(services.config());
    int max = request.maxSkills() != null ? request.maxSkills() : settings.catalog().catalogSize();
    int size = request.sample() != null ? request.sample() : settings.catalog().catalogSample();
    LoadedDataset dataset = Datasets.load(request.dataset(), request.layout());
    DatasetNotes.rejectedLines(dataset, context);
    OutputFiles.prepare(request.out(), "--out");
    FailuresFile.clear(request.out());
    List<Example> drawn = new ArrayList<>(dataset.items());
    Collections.shuffle(drawn, new Random(request.seed()));
    drawn = drawn.subList(0, Math.min(size, drawn.size()));
    String ledgerId = "catalog " + request.dataset().getFileName();
    try (TeacherSession session = request.teacher().open(settings, ledgerId, services)) {
      context.note("teacher " + session.teacher().name() + ": catalog of at most " + max
          + " skills from " + drawn.size() + " sampled items; estimate "
          + session.estimateCatalog(drawn, max).describe());
      context.progress(Progress.of("catalog", 0, drawn.size(), "items"));
      SkillCatalog catalog;
      try {
        catalog = Await.result(session.teacher().catalog(new CatalogRequest(drawn, max)),
            context.cancellation());
      } catch (RuntimeException e) {
        FailuresFile.write(request.out(), session.ledger().failures());
        throw e;
      }
      if (catalog.size() == 0) {
        FailuresFile.write(request.out(), session.ledger().failures());
        throw new BadInputException("the teacher named no skill for the " + drawn.size()
            + " sampled items of " + request.dataset() + "; nothing was written to " + request.out());
      }
      CatalogFiles.write(catalog, request.out());
      context.progress(new Progress("catalog", drawn.size(), drawn.size(), "items", session.describeUsage()));
      Path failures = FailuresFile.write(request.out(), session.ledger().failures());
      return new Result(catalog, drawn.size(), dataset.report().rejected(), failures,
          session.teacher().name(), session.ledger().usage(), session.failureSummary().orElse(null));
    }
  }
}
