package io.skillforge.synthesis.arte;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes preference pairs for DPO: per level a JSON-lines file with exactly {@code prompt}, {@code
 * chosen} and {@code rejected}, one pair a line, which TRL's DPO trainer loads as it is; and beside
 * each, line for line, the pair's ids, strategies and scores, to audit it.
 */
public final class DpoFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DpoFiles() {}

  /** The files written. */
  public record Written(Path questionPairs, Path rationalePairs, Path questionScores, Path rationaleScores,
      int questions, int rationales) {}

  public static Written write(List<PreferencePair> pairs, Path dir) throws IOException {
    List<PreferencePair> questions = pairs.stream().filter(p -> p.level().equals(PreferencePair.QUESTION)).toList();
    List<PreferencePair> rationales = pairs.stream().filter(p -> p.level().equals(PreferencePair.RATIONALE)).toList();
    Path q = dir.resolve("dpo-questions.jsonl");
    Path r = dir.resolve("dpo-rationales.jsonl");
    Path qs = dir.resolve("dpo-questions.scores.jsonl");
    Path rs = dir.resolve("dpo-rationales.scores.jsonl");
    String[] texts = {dpo(questions), dpo(rationales), audit(questions), audit(rationales)};
    Path[] files = {q, r, qs, rs};
    for (int i = 0; i < files.length; i++) {
      String text = texts[i];
      OutputFiles.writeAtomically(files[i], w -> w.write(text));
    }
    return new Written(q, r, qs, rs, questions.size(), rationales.size());
  }

  private static String dpo(List<PreferencePair> pairs) throws IOException {
    StringBuilder b = new StringBuilder();
    for (PreferencePair p : pairs) {
      ObjectNode n = JSON.createObjectNode().put("prompt", p.prompt()).put("chosen", p.chosen())
          .put("rejected", p.rejected());
      b.append(JSON.writeValueAsString(n)).append('\n');
    }
    return b.toString();
  }

  private static String audit(List<PreferencePair> pairs) throws IOException {
    StringBuilder b = new StringBuilder();
    for (PreferencePair p : pairs) {
      ObjectNode n = JSON.createObjectNode().put("level", p.level()).put("skill", p.skill())
          .put("chosenId", p.chosenId()).put("rejectedId", p.rejectedId())
          .put("chosenScore", p.chosenScore()).put("rejectedScore", p.rejectedScore());
      if (p.chosenStrategy() != null) {
        n.put("chosenStrategy", p.chosenStrategy()).put("rejectedStrategy", p.rejectedStrategy());
      }
      b.append(JSON.writeValueAsString(n)).append('\n');
    }
    return b.toString();
  }
}
