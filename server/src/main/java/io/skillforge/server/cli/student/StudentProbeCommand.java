package io.skillforge.server.cli.student;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.DatasetLayout;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.student.Student;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.Prober;
import io.skillforge.student.probe.SkillAccuracy;
import io.skillforge.student.probe.StepAccuracy;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Probes a student on a dataset: k samples per item graded with the shared grader; per-item
 * results as JSONL, the summary (overall and per-skill accuracy) as JSON.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a student every question of a dataset (k samples each, greedy when k = 1), grades the"
          + " responses with the shared grader, and writes one JSON line per item to --out and the"
          + " summary (accuracy overall and per skill, with counts) to --summary; the summary is"
          + " also printed on stdout. The student is a built-in checkpoint (--model) or a model"
          + " behind an OpenAI-compatible endpoint (--endpoint); without either, the configured"
          + " student (student.kind: the checkpoint student.checkpoint, or student.base-url with"
          + " student.model).",
      "Exit code 3 when some data lines were rejected (the rest were probed)."
    })
public final class StudentProbeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final class Target {
    @Option(names = "--model", paramLabel = "DIR",
        description = "Built-in student checkpoint (default: the configured student).")
    Path model;

    @Option(names = "--endpoint", paramLabel = "URL",
        description = "OpenAI-compatible API root, such as http://127.0.0.1:8092/v1.")
    URI endpoint;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target;

  @Option(names = "--endpoint-model", paramLabel = "NAME",
      description = "Model name sent to the endpoint (default: student.model of the configuration,"
          + " student).")
  String endpointModel;

  @Option(names = "--api", paramLabel = "API", defaultValue = "chat",
      description = "Endpoint API: chat or completions (default ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Items to probe (JSONL).")
  Path data;

  @Mixin DatasetLayout layout;

  @Option(names = "--exclude", paramLabel = "FILE",
      description = "Skip items whose question also occurs in this dataset (keeps a test set held"
          + " out from the training set); same format as --data.")
  Path exclude;

  @Option(names = "--samples", defaultValue = "1", paramLabel = "K",
      description = "Responses per item; 1 is greedy (default ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
      description = "Sampling temperature when K > 1 (default ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
      description = "Nucleus mass when K > 1 (default ${DEFAULT-VALUE}).")
  double topP;

  @Option(names = "--max-tokens", defaultValue = "128", paramLabel = "N",
      description = "Response budget per sample (default ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Per-item results (JSONL).")
  Path out;

  @Option(names = "--summary", paramLabel = "FILE",
      description = "Summary JSON (default: --out with .summary.json in place of its extension).")
  Path summary;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ProbeSettings settings = new ProbeSettings(samples, temperature, topP, maxTokens, seed, 256);
    // Resolved before the data is read, so that a bad student setting fails at once.
    StudentChoice.Target chosen = StudentChoice.forProbe(target == null ? null : target.model,
        target == null ? null : target.endpoint, endpointModel, SkillforgeConfig::load);
    Datasets.Loaded loaded = Datasets.read(data, layout, err);
    List<Example> items = loaded.examples();
    if (exclude != null) {
      Set<String> seen = new HashSet<>();
      Datasets.read(exclude, layout, err).examples()
          .forEach(e -> seen.add(e.question()));
      items = items.stream().filter(e -> !seen.contains(e.question())).toList();
      err.printf(Locale.ROOT, "left out %,d of %,d items whose question occurs in %s%n",
          loaded.examples().size() - items.size(), loaded.examples().size(), exclude);
      if (items.isEmpty()) {
        throw new IllegalArgumentException("every item of " + data + " occurs in " + exclude);
      }
    }
    int total = items.size();
    ProbeReport report;
    try (Student student = open(chosen, err)) {
      err.printf(Locale.ROOT, "probing %s on %,d items, %d sample(s) each%n", student.name(), total,
          samples);
      err.flush();
      report = Await.result(Prober.probe(student, items, settings, done -> {
        synchronized (err) {
          err.printf(Locale.ROOT, "probed %,d/%,d items%n", done, total);
          err.flush();
        }
      }, Cancellation.never()));
    }
    report.writeItems(out);
    Path summaryFile = summary != null ? summary : defaultSummary(out);
    report.writeSummary(summaryFile);
    var alone = report.perSkillAlone();
    var steps = report.perSkillSteps();
    err.printf(Locale.ROOT, "  %-16s %22s %22s %22s%n", "skill", "all its items",
        "items needing it alone", "its steps reached");
    for (SkillAccuracy s : report.perSkill().values()) {
      SkillAccuracy a = alone.get(s.skill());
      StepAccuracy st = steps.get(s.skill());
      err.printf(Locale.ROOT, "  %-16s %22s %22s %22s%n", s.skill(),
          percent(s.accuracy(), s.items(), "items"),
          a == null ? "-" : percent(a.accuracy(), a.items(), "items"),
          st == null ? "-" : percent(st.accuracy(), st.reached(), "steps"));
    }
    err.printf(Locale.ROOT, "accuracy %.1f%% over %,d items; %,.0f generated tokens/s; wrote %s and %s%n",
        100 * report.accuracy(), total, report.generatedTokens() / Math.max(1e-9, report.seconds()),
        out, summaryFile);
    ObjectNode json = report.summaryJson();
    spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(json));
    return loaded.report().anyRejected() ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private Student open(StudentChoice.Target chosen, PrintWriter err) throws java.io.IOException {
    if (chosen instanceof StudentChoice.Checkpoint checkpoint) {
      return StudentChoice.load(checkpoint, null);
    }
    StudentChoice.Endpoint endpoint = (StudentChoice.Endpoint) chosen;
    OpenAiStudent.Api kind = OpenAiStudent.Api.valueOf(api.toUpperCase(Locale.ROOT));
    return new OpenAiStudent(OpenAiStudent.Config.of(endpoint.baseUrl(), endpoint.model())
        .withApi(kind).withOnRetry(notice -> {
          synchronized (err) {
            err.println("skillforge: " + notice.describe());
            err.flush();
          }
        }));
  }

  private static String percent(double accuracy, int count, String unit) {
    return String.format(Locale.ROOT, "%6.1f%% (%,5d %s)", 100 * accuracy, count, unit);
  }

  static Path defaultSummary(Path out) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return out.resolveSibling(stem + ".summary.json");
  }
}
