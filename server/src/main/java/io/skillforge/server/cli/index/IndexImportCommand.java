package io.skillforge.server.cli.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.cli.options.DatasetLayoutOptions;
import io.skillforge.server.cli.options.IndexLocation;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.ImportDatasetJob;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.dataset.Rejection;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicatePolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge index import}: streams a dataset file into the index. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports a JSONL dataset into the index. Bad lines (broken JSON, missing fields, invalid"
          + " UTF-8, over-long lines) are reported on stderr with their line number and reason;"
          + " good lines are indexed, committed every --commit-every lines and at the end (a killed"
          + " import keeps what was committed). Exit code 3 when any line was rejected.",
      "Ids come from --id-field when present, else <file stem>-<line>, so importing a file again"
          + " replaces its examples."
    })
final class IndexImportCommand implements Callable<Integer> {
  /** Rejected lines named on stderr; the rest are counted. */
  private static final int MAX_REJECTIONS_SHOWN = 20;

  @Spec CommandSpec spec;
  @Mixin IndexLocation location;

  @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "The JSONL file to import.")
  Path dataset;

  @Option(names = "--split", paramLabel = "S", description = "Put every example in this split"
      + " (default: the line's split field, else the file stem when it names a split, else train).")
  String split;

  @Option(names = "--source", paramLabel = "X", description = "Put every example in this source:"
      + " seed, synthesized or imported (default: the line's source field, else imported).")
  String source;

  @Mixin DatasetLayoutOptions layout;

  @Option(names = "--duplicates", defaultValue = "flag", paramLabel = "reject|flag|allow",
      description = "What to do with a question that nearly duplicates an indexed one: reject it"
          + " (counts as a rejected line), flag it (index it and name the match), or allow it"
          + " without checking (default ${DEFAULT-VALUE}).")
  String duplicates;

  @Option(names = "--threshold", paramLabel = "T",
      description = "Near-duplicate threshold: Jaccard similarity of word 3-shingles of the"
          + " normalised questions (default: index.near-duplicate-threshold, 0.8).")
  Double threshold;

  @Option(names = "--commit-every", paramLabel = "N",
      description = "Commit every N lines (default: index.commit-every, 10000).")
  Integer commitEvery;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JobServices services = SkillforgeCommand.services(spec);
    DuplicatePolicy policy;
    Example.Source forcedSource;
    try {
      policy = DuplicatePolicy.fromName(duplicates);
      forcedSource = source == null ? null : Example.Source.fromWire(source);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    SkillforgeConfig.IndexSettings settings = threshold == null || commitEvery == null
        ? services.config().index() : null;
    Path dir = location.path();
    ImportDatasetJob.Result result = JobRunner.run(spec, new ImportDatasetJob(services.indexes()),
        new ImportDatasetJob.Request(dataset, dir, layout.layout(), split, forcedSource, policy,
            threshold != null ? threshold : settings.nearDuplicateThreshold(),
            commitEvery != null ? commitEvery : settings.commitEvery()));
    report(result, policy, dir);
    return result.partial() ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private void report(ImportDatasetJob.Result result, DuplicatePolicy policy, Path dir) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReadReport read = result.read();
    List<Rejection> named = read.rejections().subList(0, Math.min(MAX_REJECTIONS_SHOWN, read.rejections().size()));
    for (Rejection rejection : named) {
      err.printf("skillforge: %s line %d: %s%n", dataset, rejection.line(), rejection.reason());
    }
    if (read.rejected() > named.size()) {
      err.printf("skillforge: ... and %,d more rejected lines%n", read.rejected() - named.size());
    }
    for (AddResult duplicate : result.duplicates()) {
      err.printf(Locale.ROOT, "skillforge: example %s nearly duplicates %s (similarity %.2f)%s%n",
          duplicate.id(), duplicate.duplicateOf().id(), duplicate.duplicateOf().similarity(),
          duplicate.stored() ? "" : "; not indexed");
    }
    long duplicates = result.flagged() + result.rejectedDuplicates();
    if (duplicates > result.duplicates().size()) {
      err.printf("skillforge: ... and %,d more near-duplicates%n", duplicates - result.duplicates().size());
    }
    if (json) {
      ObjectNode summary = new ObjectMapper().createObjectNode();
      summary.put("dataset", dataset.toString());
      summary.put("index", dir.toString());
      summary.put("accepted", read.accepted());
      summary.put("rejectedLines", read.rejected());
      summary.put("indexed", result.indexed());
      summary.put("flagged", result.flagged());
      summary.put("rejectedDuplicates", result.rejectedDuplicates());
      summary.put("gsm8kStyleAnswers", result.gsm8kStyleAnswers());
      summary.put("documents", result.documents());
      summary.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
      out.println(summary);
      return;
    }
    out.printf(Locale.ROOT,
        "imported %,d examples from %s into %s in %.1f s: %,d lines rejected, %,d near-duplicates"
            + " %s; the index holds %,d examples%n",
        result.indexed(), dataset, dir, result.seconds(), read.rejected(), duplicates,
        policy == DuplicatePolicy.REJECT ? "rejected" : "flagged", result.documents());
  }
}
