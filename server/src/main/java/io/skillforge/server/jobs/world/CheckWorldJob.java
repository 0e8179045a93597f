package io.skillforge.server.jobs.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.Datasets;
import io.skillforge.skills.world.CheckResult;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldJsonl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Grades responses to skill-world items and names the skill of the first wrong or missing step of
 * each, one JSON line per response. A response line is {@code {"id", "response"}}, or {@code
 * {"id", "rationale", "answer"}} (normalised to the rationale and a {@code #### answer} line).
 * Bad lines are counted; the first few are kept with their reasons.
 */
public final class CheckWorldJob implements Job<CheckWorldJob.Request, CheckWorldJob.Result> {
  /** Bad lines kept with their reasons; all are counted. */
  public static final int MAX_KEPT = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param items the skill-world items (JSONL)
   * @param responses the responses (JSONL)
   * @param out where the result lines go (not closed)
   */
  public record Request(Path items, Path responses, Writer out) {
    public Request {
      Objects.requireNonNull(items, "items");
      Objects.requireNonNull(responses, "responses");
      Objects.requireNonNull(out, "out");
    }
  }

  /**
   * @param checked responses graded
   * @param correct of which correct
   * @param rejected item and response lines refused
   * @param problems the first refused lines, as {@code FILE:LINE: reason}
   */
  public record Result(int checked, int correct, int rejected, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  @Override
  public Result run(Request request, JobContext context) throws IOException {
    Datasets.requireFile(request.items());
    Datasets.requireFile(request.responses());
    Tally tally = new Tally();
    Map<String, Example> byId = new HashMap<>();
    forEachLine(request.items(), tally, "item", line -> {
      Example e = WorldJsonl.parse(line);
      byId.put(e.id(), e);
    });
    forEachLine(request.responses(), tally, "response", line -> {
      ObjectNode result = check(line, byId);
      request.out().write(JSON.writeValueAsString(result));
      request.out().write('\n');
      tally.checked++;
      if (result.path("correct").asBoolean()) {
        tally.correct++;
      }
    });
    request.out().flush();
    return new Result(tally.checked, tally.correct, tally.rejected, tally.problems);
  }

  private interface LineHandler {
    void handle(String line) throws IOException;
  }

  private static final class Tally {
    int checked;
    int correct;
    int rejected;
    final List<String> problems = new ArrayList<>();

    void reject(Path file, int line, String what, String reason) {
      rejected++;
      if (problems.size() < MAX_KEPT) {
        problems.add(file + ":" + line + ": rejected " + what + ": " + reason);
      }
    }
  }

  private static void forEachLine(Path file, Tally tally, String what, LineHandler handler) throws IOException {
    int number = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          handler.handle(line);
        } catch (IllegalArgumentException e) {
          tally.reject(file, number, what, e.getMessage());
        }
      }
    }
  }

  /** The response text of a response line: its {@code response}, or rationale and answer. */
  static String responseText(JsonNode r, String id) {
    if (r.path("response").isTextual()) {
      return r.get("response").asText();
    }
    if (r.path("answer").isValueNode()) {
      return r.path("rationale").asText("") + "\n#### " + r.get("answer").asText();
    }
    throw new IllegalArgumentException("response " + id + " has neither 'response' nor 'answer'");
  }

  private static ObjectNode check(String line, Map<String, Example> byId) {
    JsonNode r;
    try {
      r = JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (r == null || !r.isObject() || !r.path("id").isValueNode()) {
      throw new IllegalArgumentException("not a JSON object with an id");
    }
    String id = r.get("id").asText();
    Example item = byId.get(id);
    if (item == null) {
      throw new IllegalArgumentException("no item has id '" + id + "'");
    }
    CheckResult c = SkillWorld.check(item, responseText(r, id)).orElseThrow(
        () -> new IllegalArgumentException("item " + id + " is not a skill-world question"));
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("correct", c.correct());
    o.put("firstWrongStep", c.firstWrongStep());
    if (c.missingSkill() == null) {
      o.putNull("missingSkill");
    } else {
      o.put("missingSkill", c.missingSkill());
    }
    o.put("expectedStep", c.expectedStep());
    o.put("actualStep", c.actualStep());
    o.put("explanation", c.explanation());
    return o;
  }
}
