package io.skillforge.skills.dataset;

import io.skillforge.skills.Example;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads whole datasets into memory: the one loader of every operation that needs all items. */
public final class Datasets {
  /** A GSM8K worked solution read as a plain answer: text, a line break, then {@code #### N}. */
  private static final Pattern GSM8K_SOLUTION = Pattern.compile("(?s).*\\S.*\\n\\s*####\\s*\\S+\\s*");

  private Datasets() {}

  /**
   * Reads every good line of {@code file}.
   *
   * @throws NotFoundException when there is no such file
   * @throws BadInputException when the file holds no usable item (the first rejections are named)
   */
  public static LoadedDataset load(Path file, DatasetLayout layout) throws IOException {
    return load(file, layout.reader().build());
  }

  /** Reads every good line of {@code file} with {@code reader}; see {@link #load(Path, DatasetLayout)}. */
  public static LoadedDataset load(Path file, DatasetReader reader) throws IOException {
    requireFile(file);
    List<Example> items = new ArrayList<>();
    ReadReport report;
    try {
      report = reader.read(file, items::add);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no such dataset file: " + file, e);
    }
    if (items.isEmpty()) {
      String why = report.rejections().isEmpty() ? "it is empty"
          : report.rejected() + " line(s) rejected, the first " + report.rejections().get(0);
      throw new BadInputException("no usable item in " + file + ": " + why);
    }
    return new LoadedDataset(file, items, report);
  }

  /**
   * @throws NotFoundException when {@code file} is missing or not a regular file
   */
  public static void requireFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new BadInputException(file + " is a directory, not a dataset file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("no such dataset file: " + file);
    }
  }

  /**
   * Whether {@code item}'s answer looks like a whole GSM8K solution (worked steps, then a final
   * {@code #### N} line) read as a plain JSONL answer: a sign that {@code --format gsm8k} was
   * forgotten.
   */
  public static boolean looksLikeGsm8kSolution(Example item) {
    return item.rationale().isEmpty() && GSM8K_SOLUTION.matcher(item.answer()).matches();
  }
}
