package io.skillforge.server.cli.index;

import io.skillforge.server.cli.ExitCodes;
import io.skillforge.skills.dataset.TrainingFormat;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
      "The file appears only when complete: it is written beside --out and renamed at the end."
    })
final class IndexExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin IndexLocation location;
  @Mixin IndexFilter filter;

  @Option(
      names = "--format",
      defaultValue = "messages",
      paramLabel = "F",
      description = "messages, prompt-completion or full (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSONL file.")
  Path out;

  @Override
  public Integer call() throws IOException {
    TrainingFormat trainingFormat = TrainingFormat.fromName(format);
    var request = filter.toRequest().build();
    Path dir = location.existing();
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path partial = Files.createTempFile(parent, out.getFileName().toString(), ".partial");
    long written;
    try (SkillIndex index =
            SkillIndex.open(dir, IndexOptions.defaults().withRefreshInterval(Duration.ZERO));
        Writer file =
            new OutputStreamWriter(Files.newOutputStream(partial), StandardCharsets.UTF_8);
        TrainingSetWriter writer = new TrainingSetWriter(file, trainingFormat)) {
      written = index.forEach(request, writer::write);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    PrintWriter err = spec.commandLine().getErr();
    err.printf("wrote %d examples (%s) to %s%n", written, format, out);
    return ExitCodes.OK;
  }
}
