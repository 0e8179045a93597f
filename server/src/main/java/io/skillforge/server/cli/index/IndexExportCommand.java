package io.skillforge.server.cli.index;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.cli.options.IndexFilterOptions;
import io.skillforge.server.cli.options.IndexLocation;
import io.skillforge.server.jobs.index.ExportIndexJob;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.errors.BadInputException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skillforge index export}: indexed examples as fine-tuning JSONL. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the examples matching the filters as JSONL for fine-tuning: chat messages,"
          + " prompt/completion, or every field (full). The assistant side is the rationale and"
          + " 'The answer is N.'; a weight other than 1 is kept as a weight field.",
      "Reads the index at its last commit, so it works while another process imports. The file"
          + " appears only when complete: it is written beside --out and renamed at the end."
    })
final class IndexExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexLocation location;
  @Mixin IndexFilterOptions filter;

  @Option(names = "--format", defaultValue = "messages", paramLabel = "F",
      description = "messages, prompt-completion or full (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSONL file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    TrainingFormat trainingFormat;
    try {
      trainingFormat = TrainingFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--format must be messages, prompt-completion or full, not '" + format + "'", e);
    }
    ExportIndexJob.Result result = JobRunner.run(spec,
        new ExportIndexJob(SkillforgeCommand.services(spec).indexes()),
        new ExportIndexJob.Request(location.path(), filter.query(), trainingFormat, out));
    spec.commandLine().getErr().printf("wrote %d examples (%s) to %s%n", result.written(), format, out);
    return ExitCodes.OK;
  }
}
