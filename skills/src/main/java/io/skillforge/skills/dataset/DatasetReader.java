package io.skillforge.skills.dataset;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streams a dataset file into {@link Example}s, one line at a time. A bad line (broken JSON, a
 * missing or mistyped field, invalid UTF-8, a line over the size limit) is recorded in the
 * {@link ReadReport} with its line number and reason; every good line still reaches the sink.
 * Blank lines are skipped. Instances are immutable and thread-safe; each call reads independently.
 * Source: the configured source, else the line's {@code source} field, else {@code imported}.
 *
 * <p>Ids: a line's id field when present, else {@code <file stem>-<line number>}, so importing the
 * same file again replaces rather than duplicates. Split: the configured split, else the line's
 * split field, else the file stem when it names a split (train, test, validation, dev), else
 * {@code train}. Weight: the line's weight field, a finite number above 0, else 1; a weight that is
 * not such a number rejects the line.
 */
public final class DatasetReader {
  /** Default longest accepted line: 1 MiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
  /** At most this many rejections are kept in a report; all are counted. */
  public static final int MAX_REPORTED_REJECTIONS = 1000;

  private static final Set<String> SPLIT_NAMES = Set.of("train", "test", "validation", "dev", "val");

  private final DatasetFormat format;
  private final FieldMapping fields;
  private final String split;
  private final Example.Source source;
  private final int maxLineBytes;

  private DatasetReader(Builder b) {
    this.format = b.format;
    this.fields = b.fields;
    this.split = b.split;
    this.source = b.source;
    this.maxLineBytes = b.maxLineBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads {@code file}, handing each good example to {@code sink} in file order. */
  public ReadReport read(Path file, Consumer<Example> sink) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in, stem(file), sink);
    }
  }

  /**
   * Reads a stream; {@code name} stands in for the file stem in generated ids and split guesses.
   * The stream is not closed.
   */
  public ReadReport read(InputStream in, String name, Consumer<Example> sink) throws IOException {
    String prefix = name == null || name.isBlank() ? "line" : name;
    String lower = prefix.toLowerCase(Locale.ROOT);
    String fallbackSplit = SPLIT_NAMES.contains(lower) ? lower : "train";
    LineParser parser =
        new LineParser(format, fields, prefix, split, fallbackSplit, source, Provenance.now());
    LineSplitter lines = new LineSplitter(in, maxLineBytes);
    long accepted = 0;
    long rejected = 0;
    List<Rejection> rejections = new ArrayList<>();
    for (LineSplitter.Line line = lines.next(); line != null; line = lines.next()) {
      String problem = line.problem();
      if (problem == null) {
        if (line.text().isBlank()) {
          continue;
        }
        try {
          sink.accept(parser.parse(line.number(), line.text()));
          accepted++;
          continue;
        } catch (LineParser.BadLine bad) {
          problem = bad.getMessage();
        }
      }
      rejected++;
      if (rejections.size() < MAX_REPORTED_REJECTIONS) {
        rejections.add(new Rejection(line.number(), problem));
      }
    }
    return new ReadReport(accepted, rejected, rejections);
  }

  private static String stem(Path file) {
    String name = Objects.requireNonNull(file.getFileName(), "file").toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Options of a reader; every one has a default. */
  public static final class Builder {
    private DatasetFormat format = DatasetFormat.JSONL;
    private FieldMapping fields = FieldMapping.DEFAULT;
    private String split;
    private Example.Source source;
    private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;

    private Builder() {}

    public Builder format(DatasetFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Field names for {@link DatasetFormat#JSONL}; GSM8K has fixed names. */
    public Builder fields(FieldMapping fields) {
      this.fields = Objects.requireNonNull(fields, "fields");
      return this;
    }

    /** Forces every example into this split; null to take it from the line or file name. */
    public Builder split(String split) {
      if (split != null && split.isBlank()) {
        throw new IllegalArgumentException("split must not be blank");
      }
      this.split = split;
      return this;
    }

    /** Forces every example's source; null (the default) to take it from the line. */
    public Builder source(Example.Source source) {
      this.source = source;
      return this;
    }

    public Builder maxLineBytes(int maxLineBytes) {
      if (maxLineBytes < 16) {
        throw new IllegalArgumentException("maxLineBytes must be >= 16 but was " + maxLineBytes);
      }
      this.maxLineBytes = maxLineBytes;
      return this;
    }

    public DatasetReader build() {
      return new DatasetReader(this);
    }
  }
}
