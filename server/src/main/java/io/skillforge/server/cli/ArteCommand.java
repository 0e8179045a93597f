package io.skillforge.server.cli;

import io.skillforge.server.jobs.arte.ArteConfig;
import io.skillforge.server.jobs.arte.ArteJob;
import io.skillforge.synthesis.arte.CellScore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge arte --config FILE}: drafts, student preferences, DPO pairs and a tailored set. */
@Command(
    name = "arte",
    mixinStandardHelpOptions = true,
    description = {
      "ARTE: the built-in teacher drafts questions for each skill, with one rationale per reasoning"
          + " strategy (direct, stepwise, scratch, checked); each cell of drafts (skill, question style,"
          + " strategy) is scored by a lookahead: a copy of the student fine-tuned briefly on it, measured on"
          + " the skill's preference set. Writes drafts.jsonl, scores.jsonl, the preference pairs as DPO"
          + " JSONL (dpo-questions.jsonl, dpo-rationales.jsonl, with their scores beside them), style.json and"
          + " the tailored training set tailored.jsonl to the run file's out directory.",
      "Run again with the same file, it measures only the cells not yet in scores.jsonl."
    })
public final class ArteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The run file (YAML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    ArteJob.Result result = JobRunner.run(spec, new ArteJob(SkillforgeCommand.services(spec)), ArteConfig.load(config));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "| cell | before | after | score |%n| --- | --- | --- | --- |%n");
    for (CellScore s : result.run().scores()) {
      out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", s.cell().key(), 100 * s.before(), 100 * s.after(),
          s.points());
    }
    out.println();
    for (String skill : result.skills()) {
      out.printf(Locale.ROOT, "%s: %s%n", skill, result.run().style().traits().get(skill));
    }
    out.printf(Locale.ROOT, "%d drafts, %d cells (%d measured now), %d question pairs, %d rationale pairs,"
            + " %d tailored items%n", result.run().drafts(), result.run().scores().size(), result.run().measured(),
        result.run().dpo().questions(), result.run().dpo().rationales(), result.run().tailored().size());
    out.println("files in " + result.config().out());
    return ExitCodes.OK;
  }
}
