package io.skillforge.server.cli.student;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.cli.options.DatasetLayoutOptions;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.student.ProbeStudentJob;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.student.probe.ProbeSettings;
import io.skillforge.student.probe.SkillAccuracy;
import io.skillforge.student.probe.StepAccuracy;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
        description = "OpenAI-compatible API root, such as http://127.0.0.1:8092/v1. Give it again for more"
            + " endpoints serving the same model: the items are spread over them, and a slow or dead"
            + " endpoint's share moves to the others.")
    List<URI> endpoints;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target;

  @Option(names = "--endpoint-model", paramLabel = "NAME",
      description = "Model name sent to the endpoint (default: student.model of the configuration,"
          + " student).")
  String endpointModel;

  @Option(names = "--endpoint-concurrency", paramLabel = "N", defaultValue = "2",
      description = "With several endpoints: requests of 64 items each endpoint is sent at once (default"
          + " ${DEFAULT-VALUE}).")
  int endpointConcurrency;

  @Option(names = "--api", paramLabel = "API", defaultValue = "chat",
      description = "Endpoint API: chat or completions (default ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Items to probe (JSONL).")
  Path data;

  @Mixin DatasetLayoutOptions layout;

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
    OpenAiStudent.Api endpointApi = switch (api.toLowerCase(Locale.ROOT)) {
      case "chat" -> OpenAiStudent.Api.CHAT;
      case "completions" -> OpenAiStudent.Api.COMPLETIONS;
      default -> throw new BadInputException("--api must be chat or completions, not '" + api + "'");
    };
    List<URI> endpointFlags = target == null || target.endpoints == null ? List.of() : target.endpoints;
    ProbeSettings settings;
    try {
      // Smaller requests spread better over several endpoints.
      settings = new ProbeSettings(samples, temperature, topP, maxTokens, seed, endpointFlags.size() > 1 ? 64 : 256);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    JobServices services = SkillforgeCommand.services(spec);
    // Resolved before the data is read, so that a bad student setting fails at once.
    StudentChoice.Target chosen = StudentChoice.forProbe(target == null ? null : target.model,
        endpointFlags, endpointModel, endpointConcurrency, services::config);
    ProbeStudentJob.Result result = JobRunner.run(spec, new ProbeStudentJob(),
        new ProbeStudentJob.Request(chosen, endpointApi, data, layout.layout(), exclude, settings,
            out, summary));
    printTable(result.report());
    spec.commandLine().getOut().println(result.report().summaryJson());
    return result.rejectedLines() > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private void printTable(ProbeReport report) {
    PrintWriter err = spec.commandLine().getErr();
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
        100 * report.accuracy(), report.items().size(),
        report.generatedTokens() / Math.max(1e-9, report.seconds()), out,
        summary != null ? summary : ProbeStudentJob.defaultSummary(out));
  }

  private static String percent(double accuracy, int count, String unit) {
    return String.format(Locale.ROOT, "%6.1f%% (%,5d %s)", 100 * accuracy, count, unit);
  }
}
