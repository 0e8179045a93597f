package io.skillforge.server.jobs.student;

import io.skillforge.server.jobs.DatasetNotes;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.Progress;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.dataset.LoadedDataset;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.student.Student;
import io.skillforge.student.fanout.FanOutStudent;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Asks a student every question of a dataset (k samples each), grades the responses with the
 * shared grader, and writes one JSON line per item and the summary (accuracy overall and per
 * skill, with counts). Outputs are checked before the student is opened.
 */
public final class ProbeStudentJob implements Job<ProbeStudentJob.Request, ProbeStudentJob.Result> {
  /** How long a replica that failed a request is left alone before it is tried again. */
  private static final Duration REPLICA_REST = Duration.ofSeconds(30);

  /**
   * @param student the student to probe
   * @param api the endpoint's API when the student is behind one
   * @param data items to probe
   * @param layout how the data (and {@code exclude}) is laid out
   * @param exclude items whose question also occurs here are left out; null for none
   * @param settings samples, temperature and the rest
   * @param out per-item results (JSONL)
   * @param summary the summary JSON; null for {@code out} with {@code .summary.json} in place of
   *     its extension
   */
  public record Request(
      StudentChoice.Target student, OpenAiStudent.Api api, Path data, DatasetLayout layout,
      Path exclude, ProbeSettings settings, Path out, Path summary) {
    public Request {
      Objects.requireNonNull(student, "student");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(out, "out");
      summary = summary != null ? summary : defaultSummary(out);
    }
  }

  /**
   * @param report the graded responses
   * @param excluded items left out because their question occurs in the exclude file
   * @param rejectedLines data lines that were not items
   * @param out the per-item file written
   * @param summary the summary file written
   */
  public record Result(ProbeReport report, int excluded, long rejectedLines, Path out, Path summary) {}

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    OutputFiles.prepare(request.out(), "--out");
    OutputFiles.prepare(request.summary(), "--summary");
    LoadedDataset loaded = Datasets.load(request.data(), request.layout());
    DatasetNotes.rejectedLines(loaded, context);
    List<Example> items = loaded.items();
    int excluded = 0;
    if (request.exclude() != null) {
      items = heldOut(items, request.exclude(), request.layout(), context);
      excluded = loaded.items().size() - items.size();
      context.note(String.format(Locale.ROOT, "left out %,d of %,d items whose question occurs in %s",
          excluded, loaded.items().size(), request.exclude()));
      if (items.isEmpty()) {
        throw new BadInputException("every item of " + request.data() + " occurs in " + request.exclude());
      }
    }
    int total = items.size();
    ProbeReport report;
    try (Student student = open(request, context)) {
      context.note(String.format(Locale.ROOT, "probing %s on %,d items, %d sample(s) each",
          student.name(), total, request.settings().samples()));
      context.progress(Progress.of("probe", 0, total, "items"));
      report = Await.result(Prober.probe(student, items, request.settings(),
          done -> context.progress(Progress.of("probe", done, total, "items")), context.cancellation()),
          context.cancellation());
    }
    OutputFiles.writeAtomically(request.out(), report::writeItems);
    OutputFiles.writeAtomically(request.summary(), writer -> writer.write(
        report.summaryJson().toPrettyString() + "\n"));
    return new Result(report, excluded, loaded.report().rejected(), request.out(), request.summary());
  }

  private static List<Example> heldOut(List<Example> items, Path exclude, DatasetLayout layout,
      JobContext context) throws IOException {
    LoadedDataset excluded = Datasets.load(exclude, layout);
    DatasetNotes.rejectedLines(excluded, context);
    Set<String> seen = new HashSet<>();
    excluded.items().forEach(e -> seen.add(e.question()));
    return items.stream().filter(e -> !seen.contains(e.question())).toList();
  }

  /** The student to probe; an endpoint's retries are told as notes. */
  static Student open(Request request, JobContext context) throws IOException {
    if (request.student() instanceof StudentChoice.Checkpoint checkpoint) {
      return StudentChoice.load(checkpoint, null);
    }
    if (request.student() instanceof StudentChoice.Replicas replicas) {
      List<FanOutStudent.Replica> each = new ArrayList<>();
      for (StudentChoice.Endpoint endpoint : replicas.endpoints()) {
        each.add(new FanOutStudent.Replica(endpoint.baseUrl().toString(), endpoint(endpoint, request, context),
            replicas.maxInFlight()));
      }
      return new FanOutStudent(each, REPLICA_REST, context::note);
    }
    return endpoint((StudentChoice.Endpoint) request.student(), request, context);
  }

  private static Student endpoint(StudentChoice.Endpoint endpoint, Request request, JobContext context) {
    return new OpenAiStudent(OpenAiStudent.Config.of(endpoint.baseUrl(), endpoint.model())
        .withApi(request.api()).withOnRetry(notice -> context.note(notice.describe())));
  }

  /** {@code out} with {@code .summary.json} in place of its extension. */
  public static Path defaultSummary(Path out) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return out.resolveSibling(stem + ".summary.json");
  }
}
