package io.skillforge.server.cli.student;

import io.skillforge.server.cli.DatasetLayout;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.ReadReport;
import io.skillforge.skills.dataset.Rejection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a dataset file for the student commands, reporting rejected lines on stderr. */
final class Datasets {
  /** Examples read, and whether any line was rejected. */
  record Loaded(List<Example> examples, ReadReport report) {}

  private Datasets() {}

  /**
   * @throws IllegalArgumentException when the file is missing or holds no usable example
   */
  static Loaded read(Path file, DatasetLayout layout, PrintWriter err) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such data file: " + file);
    }
    List<Example> examples = new ArrayList<>();
    ReadReport report;
    try {
      report = layout.reader().build().read(file, examples::add);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such data file: " + file, e);
    }
    for (Rejection rejection : report.rejections()) {
      err.println("skillforge: " + file + ": " + rejection);
    }
    if (report.rejected() > report.rejections().size()) {
      err.println("skillforge: " + file + ": " + (report.rejected() - report.rejections().size())
          + " more lines rejected");
    }
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no usable example in " + file);
    }
    return new Loaded(List.copyOf(examples), report);
  }
}
