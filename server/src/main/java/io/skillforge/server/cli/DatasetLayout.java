package io.skillforge.server.cli;

import io.skillforge.skills.dataset.DatasetFormat;
import io.skillforge.skills.dataset.DatasetReader;
import io.skillforge.skills.dataset.FieldMapping;
import picocli.CommandLine.Option;

/**
 * How a dataset file is laid out: the format, the JSONL field names and the longest line. One set
 * of options for every command that reads datasets ({@code index import}, {@code student train},
 * {@code student probe}), so a file read by one is read the same way by the others.
 */
public final class DatasetLayout {
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

  /** A reader builder for this layout; callers add what is theirs (split, source). */
  public DatasetReader.Builder reader() {
    DatasetReader.Builder reader = DatasetReader.builder()
        .format(DatasetFormat.fromName(format))
        .fields(FieldMapping.DEFAULT.withQuestion(questionField).withAnswer(answerField)
            .withRationale(rationaleField).withSkills(skillsField).withId(idField)
            .withWeight(weightField));
    if (maxLineBytes != null) {
      reader.maxLineBytes(maxLineBytes);
    }
    return reader;
  }
}
