package io.skillforge.server.jobs.stat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.Example;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.student.probe.ProbeReport;
import io.skillforge.synthesis.stat.ProbedItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe's files: one JSON line per item ({@link ProbeReport#writeItems}) and the summary. Read
 * back as probed items, so that a resumed run does not probe again.
 */
public final class ProbeFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProbeFiles() {}

  /** Writes the items file and the summary beside it ({@code NAME.summary.json}), each atomically. */
  public static void write(ProbeReport report, Path items) throws IOException {
    OutputFiles.writeAtomically(summaryOf(items), w -> w.write(report.summaryJson().toPrettyString() + "\n"));
    OutputFiles.writeAtomically(items, report::writeItems);
  }

  /** The summary file of an items file: {@code probe.jsonl} -> {@code probe.summary.json}. */
  public static Path summaryOf(Path items) {
    String name = items.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return items.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".summary.json");
  }

  /**
   * Reads an items file back, matching each line to its dataset item by id.
   *
   * @throws BadInputException when a line is not a probed item or names an unknown item
   */
  public static List<ProbedItem> read(Path items, List<Example> dataset) throws IOException {
    Map<String, Example> byId = new HashMap<>();
    dataset.forEach(e -> byId.put(e.id(), e));
    List<ProbedItem> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(items, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line; (line = in.readLine()) != null; ) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        Example item = byId.get(node.path("id").asText());
        if (item == null) {
          throw new BadInputException(items + " line " + number + " names an item the dataset does not have");
        }
        out.add(new ProbedItem(item, texts(node.path("responses")), texts(node.path("answers")),
            bools(node.path("correct")), node.path("majorityCount").asInt()));
      }
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Boolean> bools(JsonNode array) {
    List<Boolean> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asBoolean()));
    return out;
  }
}
