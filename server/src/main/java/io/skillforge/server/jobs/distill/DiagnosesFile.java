package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.files.OutputFiles;
import io.skillforge.synthesis.teacher.Diagnosis;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The teacher's diagnoses of a probe's difficult items, one JSON line each: {@code {itemId,
 * correct, explanation, missingSkills, error}}.
 */
public final class DiagnosesFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DiagnosesFile() {}

  public static void write(List<Diagnosis> diagnoses, Path file) throws IOException {
    OutputFiles.writeAtomically(file, w -> {
      for (Diagnosis d : diagnoses) {
        ObjectNode node = JSON.createObjectNode();
        node.put("itemId", d.itemId()).put("correct", d.correct()).put("explanation", d.explanation());
        d.missingSkills().forEach(node.putArray("missingSkills")::add);
        if (!d.ok()) {
          node.put("error", d.error());
        }
        w.write(JSON.writeValueAsString(node));
        w.write('\n');
      }
    });
  }

  public static List<Diagnosis> read(Path file) throws IOException {
    List<Diagnosis> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        List<String> skills = new ArrayList<>();
        n.path("missingSkills").forEach(s -> skills.add(s.asText()));
        out.add(n.hasNonNull("error") ? Diagnosis.failed(n.path("itemId").asText(), n.get("error").asText())
            : Diagnosis.of(n.path("itemId").asText(), n.path("correct").asBoolean(), skills,
                n.path("explanation").asText()));
      }
    }
    return out;
  }
}
