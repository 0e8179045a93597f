package io.skillforge.skills.dataset;

import io.skillforge.skills.Example;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A dataset read into memory.
 *
 * @param file where it was read from
 * @param items the good lines' examples, in file order; never empty
 * @param report what the read did, with the rejected lines
 */
public record LoadedDataset(Path file, List<Example> items, ReadReport report) {
  public LoadedDataset {
    Objects.requireNonNull(file, "file");
    items = List.copyOf(items);
    Objects.requireNonNull(report, "report");
  }
}
