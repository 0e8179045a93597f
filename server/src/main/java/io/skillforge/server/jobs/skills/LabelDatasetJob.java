package io.skillforge.server.jobs.skills;

import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.DatasetNotes;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.teacher.FailuresFile;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.dataset.LoadedDataset;
import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.SkillforgeException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.TeacherUsage;
import io.vertx.core.Future;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Labels every item of a dataset with the catalog skills it needs and streams the labelled items,
 * in input order, to the output as they finish. Items go to the teacher in groups (one request
 * each), a round of groups at a time, all of a round in flight together. When the teacher stops
 * (budget spent, teacher down) the groups already finished are still written, and the job fails
 * naming how far it got; running it again resumes from the teacher's response cache without
 * paying twice. Items the teacher could not label are left out and listed in the failures file.
 */
public final class LabelDatasetJob implements Job<LabelDatasetJob.Request, LabelDatasetJob.Result> {
  /**
   * @param dataset the items to label
   * @param layout how the dataset is laid out
   * @param catalog the catalog file
   * @param out the labelled items (JSONL)
   * @param teacher which teacher, and its budget
   */
  public record Request(Path dataset, DatasetLayout layout, Path catalog, Path out, TeacherChoice teacher) {
    public Request {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(teacher, "teacher");
    }
  }

  /**
   * @param items items read from the dataset
   * @param written items labelled and written
   * @param failed items the teacher could not label
   * @param rejectedLines dataset lines that were not items
   * @param failuresFile the failures file, or null when nothing failed
   * @param teacher the teacher's name
   * @param usage what the teacher was asked and what it cost
   * @param failedCalls one line on the teacher calls that failed, by reason; null when none did
   */
  public record Result(
      int items, int written, int failed, long rejectedLines, Path failuresFile, String teacher,
      TeacherUsage usage, String failedCalls) {
    /** Whether some input was refused or not labelled. */
    public boolean partial() {
      return failed > 0 || rejectedLines > 0 || failuresFile != null;
    }
  }

  private final JobServices services;

  public LabelDatasetJob(JobServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    TeacherSettings settings = request.teacher().settings(services.config());
    SkillCatalog catalog = CatalogFiles.read(request.catalog());
    LoadedDataset dataset = Datasets.load(request.dataset(), request.layout());
    DatasetNotes.rejectedLines(dataset, context);
    OutputFiles.prepare(request.out(), "--out");
    FailuresFile.clear(request.out());
    List<Example> items = dataset.items();
    String ledgerId = "label " + request.dataset().getFileName();
    try (TeacherSession session = request.teacher().open(settings, ledgerId, services);
        BufferedWriter writer = Files.newBufferedWriter(request.out(), StandardCharsets.UTF_8)) {
      String teacherName = session.teacher().name();
      context.note("teacher " + teacherName + ": labelling " + items.size() + " items against "
          + catalog.size() + " skills; estimate " + session.estimateLabels(items, catalog).describe());
      Rounds rounds = new Rounds(session, catalog, settings, ledgerId, writer);
      SkillforgeException stopped = null;
      context.progress(Progress.of("label", 0, items.size(), "items"));
      for (int from = 0; from < items.size() && stopped == null; from += rounds.size) {
        context.checkCancelled();
        stopped = rounds.label(items.subList(from, Math.min(items.size(), from + rounds.size)), context);
        writer.flush();
        context.progress(new Progress("label", Math.min(items.size(), from + rounds.size),
            items.size(), "items", session.describeUsage()));
      }
      Path failures = FailuresFile.write(request.out(), session.ledger().failures());
      if (stopped != null) {
        session.failureSummary().ifPresent(context::note);
        throw withProgress(stopped, rounds.written, items.size(), request.out());
      }
      return new Result(items.size(), rounds.written, rounds.failed, dataset.report().rejected(),
          failures, teacherName, session.ledger().usage(), session.failureSummary().orElse(null));
    }
  }

  /** The teacher's stop, said with how far the job got and how to go on. */
  private static SkillforgeException withProgress(SkillforgeException stop, int written, int total, Path out) {
    String message = "stopped after " + written + " of " + total + " items: " + stop.getMessage()
        + ". The finished items are in " + out + "; running the command again resumes from the"
        + " teacher's response cache";
    return stop instanceof BudgetSpentException
        ? new BudgetSpentException(message, stop)
        : new TeacherUnavailableException(message, stop);
  }

  /** One round of groups at a time; tallies what was written and what failed. */
  private static final class Rounds {
    private final TeacherSession session;
    private final SkillCatalog catalog;
    private final String ledgerId;
    private final BufferedWriter writer;
    private final int size;
    private final int group;
    private int written;
    private int failed;

    Rounds(TeacherSession session, SkillCatalog catalog, TeacherSettings settings, String ledgerId,
        BufferedWriter writer) {
      this.session = session;
      this.catalog = catalog;
      this.ledgerId = ledgerId;
      this.writer = writer;
      // Enough items per round to keep every concurrent call busy, few enough to report often.
      this.size = settings.builtin() ? 10_000
          : Math.max(64, settings.requests().labelBatchSize() * settings.limits().maxConcurrency() * 4);
      this.group = settings.builtin() ? size : settings.requests().labelBatchSize();
    }

    /** Labels one round; returns what stopped the teacher, or null. */
    SkillforgeException label(List<Example> round, JobContext context) throws IOException {
      List<List<Example>> groups = new ArrayList<>();
      List<Future<List<Label>>> answers = new ArrayList<>();
      for (int i = 0; i < round.size(); i += group) {
        List<Example> g = round.subList(i, Math.min(round.size(), i + group));
        groups.add(g);
        answers.add(session.teacher().label(g, catalog));
      }
      SkillforgeException stopped = null;
      for (int g = 0; g < groups.size(); g++) {
        List<Label> labels;
        try {
          labels = Await.result(answers.get(g), context.cancellation());
        } catch (BudgetSpentException | TeacherUnavailableException e) {
          // Keep writing the groups that did finish; the first stop is the one reported.
          stopped = stopped == null ? e : stopped;
          continue;
        }
        write(groups.get(g), labels);
      }
      return stopped;
    }

    private void write(List<Example> items, List<Label> labels) throws IOException {
      for (int i = 0; i < labels.size(); i++) {
        Label label = labels.get(i);
        if (!label.ok()) {
          failed++;
          continue;
        }
        Example item = items.get(i);
        Example labelled = item.withSkills(label.skills()).withProvenance(
            new Provenance(session.teacher().name(), ledgerId, item.provenance().createdAt()));
        writer.write(ExampleJson.toJson(labelled));
        writer.write('\n');
        written++;
      }
    }
  }
}
