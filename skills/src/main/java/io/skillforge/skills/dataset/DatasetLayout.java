package io.skillforge.skills.dataset;

import java.util.Objects;

/**
 * How a dataset file is laid out: its format, the JSONL field names and the longest accepted line.
 * Every operation that reads a dataset takes one, so a file read by one is read the same way by
 * the others.
 *
 * @param format jsonl or gsm8k
 * @param fields field names for jsonl (gsm8k has fixed names)
 * @param maxLineBytes longest accepted line in bytes
 */
public record DatasetLayout(DatasetFormat format, FieldMapping fields, int maxLineBytes) {
  /** JSONL with the default field names and line limit. */
  public static final DatasetLayout DEFAULT =
      new DatasetLayout(DatasetFormat.JSONL, FieldMapping.DEFAULT, DatasetReader.DEFAULT_MAX_LINE_BYTES);

  public DatasetLayout {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(fields, "fields");
    if (maxLineBytes < 16) {
      throw new IllegalArgumentException("the longest line must be >= 16 bytes but was " + maxLineBytes);
    }
  }

  public DatasetLayout withFormat(DatasetFormat newFormat) {
    return new DatasetLayout(newFormat, fields, maxLineBytes);
  }

  /** A reader builder for this layout; callers add what is theirs (split, source). */
  public DatasetReader.Builder reader() {
    return DatasetReader.builder().format(format).fields(fields).maxLineBytes(maxLineBytes);
  }
}
