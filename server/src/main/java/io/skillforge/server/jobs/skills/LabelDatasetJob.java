package io.skillforge.server.jobs.skills;

import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.DatasetNotes;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.Shards;
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
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.SkillforgeException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.TeacherUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

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
   * @param slice the items to label, by position; null for all
   * @param sharding how to split the items into parts that run as jobs of their own; null to label
   *     them here
   */
  public record Request(Path dataset, DatasetLayout layout, Path catalog, Path out, TeacherChoice teacher,
      Slice slice, Sharding sharding) {
    public Request {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(teacher, "teacher");
    }

    public Request(Path dataset, DatasetLayout layout, Path catalog, Path out, TeacherChoice teacher) {
      this(dataset, layout, catalog, out, teacher, null, null);
    }
  }

  /**
   * Items {@code from} (inclusive) to {@code to} (exclusive) of a dataset, by position.
   */
  public record Slice(int from, int to) {
    public Slice {
      if (from < 0 || to < from) {
        throw new BadInputException("items must have 0 <= from <= to but was from " + from + " to " + to);
      }
    }
  }

  /**
   * @param job this job's id (its parts are named after it)
   * @param shards how many parts
   * @param partParams the parameters of the part labelling a slice with a budget (dollars; null
   *     for none)
   */
  public record Sharding(String job, int shards, BiFunction<Slice, Double, ObjectNode> partParams) {}


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
    if (request.sharding() != null) {
      return runParts(request, context);
    }
    TeacherSettings settings = request.teacher().settings(services.config());
    SkillCatalog catalog = CatalogFiles.read(request.catalog());
    LoadedDataset dataset = Datasets.load(request.dataset(), request.layout());
    DatasetNotes.rejectedLines(dataset, context);
    OutputFiles.prepare(request.out(), "--out");
    FailuresFile.clear(request.out());
    List<Example> items = dataset.items();
    if (request.slice() != null) {
      items = items.subList(Math.min(items.size(), request.slice().from()),
          Math.min(items.size(), request.slice().to()));
    }
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

  /**
   * Splits the items into parts, has them labelled as jobs of their own, and joins their labelled
   * items (and failures) in input order.
   */
  private Result runParts(Request request, JobContext context) throws IOException {
    LoadedDataset dataset = Datasets.load(request.dataset(), request.layout());
    DatasetNotes.rejectedLines(dataset, context);
    OutputFiles.prepare(request.out(), "--out");
    FailuresFile.clear(request.out());
    int total = dataset.items().size();
    Sharding sharding = request.sharding();
    // Parts start on a group's boundary, so they ask the teacher the very calls the unsharded job asks.
    TeacherSettings settings = request.teacher().settings(services.config());
    int grain = settings.builtin() ? 1 : settings.requests().labelBatchSize();
    int perPart = (int) Math.ceil(total / (double) sharding.shards());
    perPart = Math.max(grain, (perPart + grain - 1) / grain * grain);
    List<Slice> slices = new ArrayList<>();
    for (int from = 0; from < total || slices.isEmpty(); from += perPart) {
      slices.add(new Slice(from, Math.min(total, from + perPart)));
    }
    // The job's budget, the given one or the configured one, split evenly between the parts.
    Double given = request.teacher().budgetDollars();
    double budget = given != null ? given : settings.costs().budgetDollars();
    List<ObjectNode> parts = new ArrayList<>();
    for (Slice slice : slices) {
      parts.add(sharding.partParams().apply(slice, budget > 0 ? budget / slices.size() : null));
    }
    context.note("labelling " + total + " items in " + parts.size() + " parts of up to " + perPart);
    List<Shards.Part> done = services.shards().run(sharding.job(), parts, "label", context);
    String file = request.out().getFileName().toString();
    int written = 0;
    int failed = 0;
    String teacher = null;
    TeacherUsage usage = new TeacherUsage(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    List<String> failedCalls = new ArrayList<>();
    Path failures = FailuresFile.of(request.out());
    try (OutputStream out = Files.newOutputStream(request.out())) {
      for (Shards.Part part : done) {
        Files.copy(part.dir().resolve(file), out);
        JsonNode result = part.result();
        written += result.path("written").asInt();
        failed += result.path("failed").asInt();
        teacher = result.path("teacher").asText(teacher);
        usage = plus(usage, result.path("usage"));
        if (result.hasNonNull("failedCalls")) {
          failedCalls.add(part.id() + ": " + result.get("failedCalls").asText());
        }
        Path partFailures = FailuresFile.of(part.dir().resolve(file));
        if (Files.exists(partFailures)) {
          Files.write(failures, Files.readAllBytes(partFailures), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
      }
    }
    return new Result(total, written, failed, dataset.report().rejected(), Files.exists(failures) ? failures : null,
        teacher, usage, failedCalls.isEmpty() ? null : String.join("; ", failedCalls));
  }

  /** Adds a part's usage (as its result JSON gives it) to the job's. */
  private static TeacherUsage plus(TeacherUsage u, JsonNode part) {
    return new TeacherUsage(u.calls() + part.path("calls").asLong(), u.cacheHits() + part.path("cacheHits").asLong(),
        u.httpCalls() + part.path("httpCalls").asLong(), u.promptTokens() + part.path("promptTokens").asLong(),
        u.completionTokens() + part.path("completionTokens").asLong(), u.retries() + part.path("retries").asLong(),
        u.repairs() + part.path("repairs").asLong(), u.failedCalls() + part.path("failedCalls").asLong(),
        u.failures() + part.path("failures").asLong(), u.costDollars() + part.path("costDollars").asDouble(),
        part.path("budgetDollars").isNumber() ? u.budgetDollars() + part.path("budgetDollars").asDouble()
            : Double.POSITIVE_INFINITY);
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
