package io.skillforge.server.cli.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.DatasetLayout;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.DatasetReader;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.dataset.Rejection;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillforge index import}: streams a dataset file into the index. Good lines are indexed
 * (re-importing a file replaces its examples by id), bad lines are named on stderr with their line
 * number and reason, and the exit code is 3 when any line was rejected.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports a JSONL dataset into the index. Bad lines (broken JSON, missing fields, invalid"
          + " UTF-8, over-long lines) are reported on stderr with their line number and reason;"
          + " good lines are indexed and committed. Exit code 3 when any line was rejected.",
      "Ids come from --id-field when present, else <file stem>-<line>, so importing a file again"
          + " replaces its examples."
    })
final class IndexImportCommand implements Callable<Integer> {
  private static final int BATCH = 1000;
  private static final int PROGRESS_EVERY = 5000;
  private static final int MAX_DUPLICATES_SHOWN = 20;

  @Spec CommandSpec spec;
  @Mixin IndexLocation location;

  @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "The JSONL file to import.")
  Path dataset;

  @Option(names = "--split", paramLabel = "S", description = "Put every example in this split"
      + " (default: the line's split field, else the file stem when it names a split, else train).")
  String split;

  @Option(names = "--source", defaultValue = "imported", paramLabel = "X",
      description = "seed, synthesized or imported (default ${DEFAULT-VALUE}).")
  String source;

  @Mixin DatasetLayout layout;

  @Option(names = "--duplicates", defaultValue = "flag", paramLabel = "reject|flag|allow",
      description = "What to do with a question that nearly duplicates an indexed one: reject it"
          + " (counts as a rejected line), flag it (index it and name the match), or allow it"
          + " without checking (default ${DEFAULT-VALUE}).")
  String duplicates;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Near-duplicate threshold: Jaccard similarity of word 3-shingles of the"
          + " normalised questions (default: index.near-duplicate-threshold, 0.8).")
  Double threshold;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(dataset)) {
      throw new IllegalArgumentException("no dataset file " + dataset);
    }
    DuplicatePolicy policy = DuplicatePolicy.fromName(duplicates);
    DatasetReader.Builder reader = layout.reader()
        .split(split)
        .source(Example.Source.fromWire(source));
    double nearDuplicateThreshold =
        threshold != null ? threshold : SkillforgeConfig.load().index().nearDuplicateThreshold();
    IndexOptions options = IndexOptions.defaults()
        .withNearDuplicateThreshold(nearDuplicateThreshold)
        .withDuplicatePolicy(policy)
        .withRefreshInterval(Duration.ZERO);
    Path dir = location.path();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    long start = System.nanoTime();
    Importer importer;
    ReadReport report;
    long documents;
    try (SkillIndex index = SkillIndex.open(dir, options)) {
      importer = new Importer(index, policy, err);
      try {
        report = reader.build().read(dataset, importer::accept);
        importer.flush();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      index.commit();
      documents = index.stats().documents();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    for (Rejection rejection : report.rejections()) {
      err.printf("skillforge: %s line %d: %s%n", dataset, rejection.line(), rejection.reason());
    }
    if (importer.shown > MAX_DUPLICATES_SHOWN) {
      err.printf("skillforge: ... and %,d more near-duplicates%n", importer.shown - MAX_DUPLICATES_SHOWN);
    }
    if (report.rejected() > report.rejections().size()) {
      err.printf("skillforge: ... and %,d more rejected lines%n", report.rejected() - report.rejections().size());
    }
    if (json) {
      ObjectNode summary = new ObjectMapper().createObjectNode();
      summary.put("dataset", dataset.toString());
      summary.put("index", dir.toString());
      summary.put("accepted", report.accepted());
      summary.put("rejectedLines", report.rejected());
      summary.put("indexed", importer.indexed);
      summary.put("flagged", importer.flagged);
      summary.put("rejectedDuplicates", importer.rejected);
      summary.put("documents", documents);
      summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
      out.println(summary);
    } else {
      out.printf(Locale.ROOT,
          "imported %,d examples from %s into %s in %.1f s: %,d lines rejected, %,d near-duplicates"
              + " %s; the index holds %,d examples%n",
          importer.indexed, dataset, dir, seconds, report.rejected(), importer.flagged + importer.rejected,
          policy == DuplicatePolicy.REJECT ? "rejected" : "flagged", documents);
    }
    boolean partial = report.anyRejected() || importer.rejected > 0;
    return partial ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  /** Batches the reader's examples into the index and keeps the tallies. */
  private static final class Importer {
    private final SkillIndex index;
    private final DuplicatePolicy policy;
    private final PrintWriter err;
    private final List<Example> batch = new ArrayList<>(BATCH);
    long indexed;
    long flagged;
    long rejected;
    private long seen;
    private long shown;

    Importer(SkillIndex index, DuplicatePolicy policy, PrintWriter err) {
      this.index = index;
      this.policy = policy;
      this.err = err;
    }

    void accept(Example example) {
      batch.add(example);
      if (batch.size() == BATCH) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      List<AddResult> results;
      try {
        results = index.addAll(batch, policy);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (AddResult result : results) {
        if (result.stored()) {
          indexed++;
        }
        if (result.status() == AddResult.Status.FLAGGED) {
          flagged++;
        } else if (result.status() == AddResult.Status.REJECTED) {
          rejected++;
        }
        if (result.duplicateOf() != null && shown++ < MAX_DUPLICATES_SHOWN) {
          err.printf(Locale.ROOT, "skillforge: example %s nearly duplicates %s (similarity %.2f)%s%n",
              result.id(), result.duplicateOf().id(), result.duplicateOf().similarity(),
              result.stored() ? "" : "; not indexed");
        }
      }
      long before = seen;
      seen += batch.size();
      batch.clear();
      if (seen / PROGRESS_EVERY > before / PROGRESS_EVERY) {
        err.printf("indexed %,d examples...%n", indexed);
        err.flush();
      }
    }
  }
}
