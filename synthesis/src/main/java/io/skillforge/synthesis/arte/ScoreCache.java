package io.skillforge.synthesis.arte;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cell scores kept in a JSON-lines file, one score a line, appended as each is measured: a rerun
 * (or a run resumed after a crash) measures only what is missing. The key is a hash of the
 * scorer's fingerprint and the cell's examples, so a changed student, preference set, setting or
 * draft is measured afresh. A torn last line is ignored.
 */
public final class ScoreCache implements PreferenceScorer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PreferenceScorer scorer;
  private final Path file;
  private final Map<String, CellScore> known = new HashMap<>();
  private int hits;

  public ScoreCache(PreferenceScorer scorer, Path file) throws IOException {
    this.scorer = scorer;
    this.file = file;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          JsonNode n = JSON.readTree(line);
          Cell cell = new Cell(n.get("skill").asText(), n.get("questionStyle").asText(), n.get("strategy").asText());
          known.put(n.get("key").asText(), new CellScore(cell, n.get("score").asDouble(), n.get("before").asDouble(),
              n.get("after").asDouble(), n.get("lossBefore").asDouble(), n.get("lossAfter").asDouble(),
              n.get("examples").asInt(), n.get("preferenceItems").asInt(), drafts(n.path("draftScores"))));
        } catch (IOException | RuntimeException e) {
          // a line cut short by a crash: that cell is measured again
        }
      }
    }
  }

  @Override
  public synchronized CellScore score(Cell cell, List<Example> examples) throws IOException {
    String key = key(cell, examples);
    CellScore cached = known.get(key);
    if (cached != null) {
      hits++;
      return cached;
    }
    CellScore score = scorer.score(cell, examples);
    ObjectNode n = JSON.createObjectNode().put("key", key).put("skill", cell.skill())
        .put("questionStyle", cell.questionStyle()).put("strategy", cell.strategy())
        .put("score", score.score()).put("before", score.before()).put("after", score.after())
        .put("lossBefore", score.lossBefore()).put("lossAfter", score.lossAfter())
        .put("examples", score.examples()).put("preferenceItems", score.preferenceItems());
    ObjectNode drafts = n.putObject("draftScores");
    new TreeMap<>(score.draftScores()).forEach(drafts::put);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    known.put(key, score);
    return score;
  }

  private static Map<String, Double> drafts(JsonNode node) {
    Map<String, Double> out = new HashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
    return out;
  }

  @Override
  public String fingerprint() {
    return scorer.fingerprint();
  }

  /** Scores served from the file rather than measured. */
  public synchronized int hits() {
    return hits;
  }

  private String key(Cell cell, List<Example> examples) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(scorer.fingerprint().getBytes(StandardCharsets.UTF_8));
      sha.update(("\u0000" + cell.key()).getBytes(StandardCharsets.UTF_8));
      for (Example e : examples) {
        sha.update(("\u0000" + e.question() + "\u0001" + e.rationale() + "\u0001" + e.answer())
            .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
