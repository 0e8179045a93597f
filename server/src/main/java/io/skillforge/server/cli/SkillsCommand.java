package io.skillforge.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.dataset.DatasetReader;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.synthesis.teacher.CatalogRequest;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.TeacherFailure;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.vertx.core.Future;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge skills ...}: build a skill catalog from a dataset, and label datasets with it. */
@Command(
    name = "skills",
    mixinStandardHelpOptions = true,
    description = "Skill catalogs and labels, by the configured teacher.",
    subcommands = {SkillsCommand.Catalog.class, SkillsCommand.LabelItems.class})
public final class SkillsCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the commands that ask a teacher. */
  static final class TeacherChoice {
    @Option(names = "--teacher", paramLabel = "NAME",
        description = "builtin, a provider kind (openai-compatible, openai, ollama, anthropic) or a"
            + " profile under teacher.profiles (default: teacher.kind of the configuration).")
    String name;

    @Option(names = "--budget", paramLabel = "DOLLARS",
        description = "Most dollars this run may spend (default: teacher.budget-dollars; 0: none).")
    Double budget;

    TeacherSettings settings() {
      return SkillforgeConfig.load().teacher(name);
    }

    TeacherLedger ledger(String id, TeacherSettings settings) {
      double dollars = budget != null ? budget : settings.costs().budgetDollars();
      if (dollars < 0) {
        throw new IllegalArgumentException("--budget must be >= 0 but was " + dollars);
      }
      return dollars > 0 ? TeacherLedger.withBudget(id, dollars) : TeacherLedger.unlimited(id);
    }
  }

  /** Options naming the dataset to read. */
  static final class DatasetChoice {
    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "Dataset file (JSON lines).")
    Path file;

    @Mixin DatasetLayout layout;

    /** Reads every good line; rejected lines are reported on {@code err}. */
    Loaded read(PrintWriter err) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("dataset " + file + " is not a file");
      }
      DatasetReader reader = layout.reader().build();
      List<Example> items = new ArrayList<>();
      ReadReport report = reader.read(file, items::add);
      if (report.anyRejected()) {
        err.println("skillforge: " + report.rejected() + " line(s) of " + file + " rejected, for example: "
            + report.rejections().stream().limit(3).map(Object::toString).toList());
      }
      if (items.isEmpty()) {
        throw new IllegalArgumentException("dataset " + file + " has no usable item");
      }
      return new Loaded(items, report);
    }
  }

  record Loaded(List<Example> items, ReadReport report) {}

  @Command(
      name = "catalog",
      mixinStandardHelpOptions = true,
      description = {
        "Builds a skill catalog from a sample of a dataset (after Didolkar et al.: the teacher names"
            + " fine-grained skills per sampled item, then merges them into at most --max-skills"
            + " skills with descriptions) and writes it as JSON.",
        "Prints the catalog on stdout; progress, cost and failures go to stderr."
      })
  static final class Catalog implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatasetChoice dataset;
    @Mixin TeacherChoice teacherChoice;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Catalog file to write (JSON).")
    Path out;

    @Option(names = "--max-skills", description = "Most skills of the catalog (default: teacher.catalog-size).")
    Integer maxSkills;

    @Option(names = "--sample", description = "Items sampled for naming skills (default: teacher.catalog-sample).")
    Integer sample;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter stdout = spec.commandLine().getOut();
      TeacherSettings settings = teacherChoice.settings();
      int max = maxSkills != null ? maxSkills : settings.catalog().catalogSize();
      int size = sample != null ? sample : settings.catalog().catalogSample();
      if (max < 1 || size < 1) {
        throw new IllegalArgumentException("--max-skills and --sample must be >= 1");
      }
      Loaded loaded = dataset.read(err);
      List<Example> drawn = new ArrayList<>(loaded.items());
      Collections.shuffle(drawn, new Random(seed));
      drawn = drawn.subList(0, Math.min(size, drawn.size()));
      TeacherLedger ledger = teacherChoice.ledger("catalog " + dataset.file.getFileName(), settings);
      try (TeacherSession session = TeacherSession.open(settings, ledger, System.getenv())) {
        err.println("teacher " + session.teacher().name() + ": catalog of at most " + max
            + " skills from " + drawn.size() + " sampled items; estimate "
            + session.estimateCatalog(drawn, max).describe());
        err.flush();
        SkillCatalog catalog;
        try {
          catalog = await(session.teacher().catalog(new CatalogRequest(drawn, max)));
        } catch (BudgetSpentException | TeacherUnavailableException e) {
          err.println("skillforge: no catalog: " + e.getMessage());
          session.failureSummary().ifPresent(err::println);
          writeFailures(ledger, out, err);
          return ExitCodes.FAILURE;
        }
        CatalogFiles.write(catalog, out);
        for (Skill s : catalog.skills()) {
          stdout.println(s.id() + "\t" + s.name() + "\t" + s.description());
        }
        err.println("wrote " + catalog.size() + " skills to " + out + " (" + session.describeUsage() + ")");
        session.failureSummary().ifPresent(err::println);
        boolean failures = writeFailures(ledger, out, err);
        return failures || loaded.report().anyRejected() ? ExitCodes.PARTIAL : ExitCodes.OK;
      }
    }
  }

  @Command(
      name = "label",
      mixinStandardHelpOptions = true,
      description = {
        "Labels every item of a dataset with the catalog skills it needs (at most five, most"
            + " important first) and writes the items as JSON lines, in input order, with their"
            + " skills and this teacher in their provenance.",
        "Items the teacher could not label are left out and listed in OUT.failures.jsonl (exit"
            + " code 3). A run stopped by the budget or an unavailable teacher keeps the items"
            + " finished so far (exit code 1); running it again resumes from the response cache"
            + " without paying twice."
      })
  static final class LabelItems implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatasetChoice dataset;
    @Mixin TeacherChoice teacherChoice;

    @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "Catalog file (JSON).")
    Path catalogFile;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Labelled items to write (JSON lines).")
    Path out;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      TeacherSettings settings = teacherChoice.settings();
      SkillCatalog catalog = CatalogFiles.read(catalogFile);
      Loaded loaded = dataset.read(err);
      List<Example> items = loaded.items();
      TeacherLedger ledger = teacherChoice.ledger("label " + dataset.file.getFileName(), settings);
      Path absolute = out.toAbsolutePath();
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      try (TeacherSession session = TeacherSession.open(settings, ledger, System.getenv());
          BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        String teacherName = session.teacher().name();
        err.println("teacher " + teacherName + ": labelling " + items.size() + " items against "
            + catalog.size() + " skills; estimate " + session.estimateLabels(items, catalog).describe());
        err.flush();
        int chunk = chunkSize(settings);
        int group = settings.builtin() ? chunk : settings.requests().labelBatchSize();
        int written = 0;
        int failed = 0;
        String stopped = null;
        for (int from = 0; from < items.size() && stopped == null; from += chunk) {
          List<Example> part = items.subList(from, Math.min(items.size(), from + chunk));
          // One teacher request per group, all in flight together: a stop (budget, teacher down)
          // fails only the groups it reached, and every group that finished is still written.
          List<List<Example>> groups = groups(part, group);
          List<Future<List<Label>>> answers = new ArrayList<>();
          for (List<Example> g : groups) {
            answers.add(session.teacher().label(g, catalog));
          }
          for (int g = 0; g < groups.size(); g++) {
            List<Label> labels;
            try {
              labels = await(answers.get(g));
            } catch (BudgetSpentException | TeacherUnavailableException e) {
              if (stopped == null) {
                stopped = e.getMessage();
              }
              continue;
            }
            for (int i = 0; i < labels.size(); i++) {
              Label label = labels.get(i);
              if (!label.ok()) {
                failed++;
                continue;
              }
              Example item = groups.get(g).get(i);
              Example labelled = item.withSkills(label.skills())
                  .withProvenance(new Provenance(teacherName, ledger.id(), item.provenance().createdAt()));
              writer.write(ExampleJson.toJson(labelled));
              writer.write('\n');
              written++;
            }
          }
          writer.flush();
          err.println("labelled " + written + "/" + items.size() + " items (" + session.describeUsage() + ")");
          err.flush();
        }
        session.failureSummary().ifPresent(err::println);
        boolean failures = writeFailures(ledger, out, err);
        if (stopped != null) {
          err.println("skillforge: stopped after " + written + " of " + items.size() + " items: " + stopped
              + ". The finished items are in " + out + "; running the command again resumes from the"
              + " response cache.");
          return ExitCodes.FAILURE;
        }
        err.println("wrote " + written + " labelled items to " + out + (failed > 0 ? " (" + failed + " failed)" : ""));
        return failures || failed > 0 || loaded.report().anyRejected() ? ExitCodes.PARTIAL : ExitCodes.OK;
      }
    }

    private static List<List<Example>> groups(List<Example> part, int size) {
      List<List<Example>> out = new ArrayList<>();
      for (int i = 0; i < part.size(); i += size) {
        out.add(part.subList(i, Math.min(part.size(), i + size)));
      }
      return out;
    }

    /** Enough items per round to keep every concurrent call busy, few enough to report often. */
    private static int chunkSize(TeacherSettings settings) {
      if (settings.builtin()) {
        return 10_000;
      }
      return Math.max(64, settings.requests().labelBatchSize() * settings.limits().maxConcurrency() * 4);
    }
  }

  /**
   * Writes the ledger's failure records to {@code OUT.failures.jsonl} when there are any.
   *
   * @return whether there were any
   */
  static boolean writeFailures(TeacherLedger ledger, Path out, PrintWriter err) throws IOException {
    List<TeacherFailure> failures = ledger.failures();
    if (failures.isEmpty()) {
      return false;
    }
    Path file = out.resolveSibling(out.getFileName() + ".failures.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (TeacherFailure f : failures) {
        w.write(JSON.writeValueAsString(java.util.Map.of(
            "role", f.role().wireName(), "item", f.itemId(), "reason", f.reason(), "at", f.at().toString())));
        w.write('\n');
      }
    }
    err.println(ledger.usage().failures() + " failure record(s) written to " + file + ", first: "
        + failures.get(0).itemId() + ": " + failures.get(0).reason());
    return true;
  }

  static <T> T await(Future<T> future) throws InterruptedException {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
