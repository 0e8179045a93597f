package io.skillforge.server.teacher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.synthesis.teacher.TeacherFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items a teacher could not handle, beside a job's output: {@code OUT.failures.jsonl}, one
 * JSON object a line {@code {role, item, reason, at}}. A run with no failures leaves no such file,
 * also when an earlier run left one.
 */
public final class FailuresFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FailuresFile() {}

  /** The failures file of the output {@code out}. */
  public static Path of(Path out) {
    return out.resolveSibling(out.getFileName() + ".failures.jsonl");
  }

  /** Removes an earlier run's failures file, so that what is left afterwards is this run's. */
  public static void clear(Path out) throws IOException {
    Files.deleteIfExists(of(out));
  }

  /**
   * Writes {@code failures} beside {@code out}; nothing when there are none.
   *
   * @return the file written, or null
   */
  public static Path write(Path out, List<TeacherFailure> failures) throws IOException {
    if (failures.isEmpty()) {
      return null;
    }
    Path file = of(out);
    OutputFiles.writeAtomically(file, writer -> {
      for (TeacherFailure f : failures) {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("role", f.role().wireName());
        line.put("item", f.itemId());
        line.put("reason", f.reason());
        line.put("at", f.at().toString());
        writer.write(JSON.writeValueAsString(line));
        writer.write('\n');
      }
    });
    return file;
  }
}
