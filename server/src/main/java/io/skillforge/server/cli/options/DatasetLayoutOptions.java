package io.skillforge.server.cli.options;

import io.skillforge.skills.dataset.DatasetFormat;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.dataset.DatasetReader;
import io.skillforge.skills.dataset.FieldMapping;
import io.skillforge.skills.errors.BadInputException;
import picocli.CommandLine.Option;

/**
 * The options that say how a dataset file is laid out (the format, the JSONL field names and the
 * longest line), for every command that reads datasets, so a file read by one is read the same
 * way by the others.
 */
public final class DatasetLayoutOptions {
  @Option(
      names = "--format",
      defaultValue = "jsonl",
      paramLabel = "gsm8k|jsonl",
      description = "jsonl: fields named by the --*-field options; gsm8k: question, and answer with"
          + " the worked solution and '#### N' (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--question-field", defaultValue = "question", paramLabel = "NAME",
      description = "Field holding the question (default ${DEFAULT-VALUE}).")
  String questionField;

  @Option(names = "--answer-field", defaultValue = "answer", paramLabel = "NAME",
      description = "Field holding the final answer (default ${DEFAULT-VALUE}).")
  String answerField;

  @Option(names = "--rationale-field", defaultValue = "rationale", paramLabel = "NAME",
      description = "Field holding the worked solution, optional (default ${DEFAULT-VALUE}).")
  String rationaleField;

  @Option(names = "--skills-field", defaultValue = "skills", paramLabel = "NAME",
      description = "Field holding an array of skill ids, optional (default ${DEFAULT-VALUE}).")
  String skillsField;

  @Option(names = "--id-field", defaultValue = "id", paramLabel = "NAME",
      description = "Field holding the example id, optional (default ${DEFAULT-VALUE}).")
  String idField;

  @Option(names = "--weight-field", defaultValue = "weight", paramLabel = "NAME",
      description = "Field holding the sampling weight, optional: a finite number > 0, 1 when"
          + " absent (default ${DEFAULT-VALUE}).")
  String weightField;

  @Option(names = "--max-line-bytes", paramLabel = "N",
      description = "Longest accepted line in bytes (default 1048576).")
  Integer maxLineBytes;

  /**
   * The layout these options describe.
   *
   * @throws BadInputException for an unknown --format or a too small --max-line-bytes
   */
  public DatasetLayout layout() {
    DatasetFormat parsed;
    try {
      parsed = DatasetFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--format must be jsonl or gsm8k, not '" + format + "'", e);
    }
    int maxLine = maxLineBytes != null ? maxLineBytes : DatasetReader.DEFAULT_MAX_LINE_BYTES;
    if (maxLine < 16) {
      throw new BadInputException("--max-line-bytes must be >= 16 but was " + maxLine);
    }
    return new DatasetLayout(parsed, FieldMapping.DEFAULT.withQuestion(questionField)
        .withAnswer(answerField).withRationale(rationaleField).withSkills(skillsField)
        .withId(idField).withWeight(weightField), maxLine);
  }
}
