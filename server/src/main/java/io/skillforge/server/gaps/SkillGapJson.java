package io.skillforge.server.gaps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.MissingSkillProfile.Evidence;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import io.skillforge.skills.MissingSkillProfileJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a {@link SkillGapReport}: its components under their own names, with {@code
 * perSkill} as {@code {skill: {items, correct, accuracy}}}, {@code failures} (the profile's evidence
 * as one list, each with its skill), and {@code change} ({@code accuracy} and {@code perSkill}
 * differences against {@code previous}, null without one). Reading ignores what follows from the
 * rest ({@code accuracy} of a skill, {@code failures}, {@code change}).
 */
public final class SkillGapJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SkillGapJson() {}

  public static ObjectNode toJson(SkillGapReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("student", r.student()).put("dataset", r.dataset()).put("createdAt", r.createdAt().toString())
        .put("job", r.job()).put("studentVersion", r.studentVersion()).put("datasetVersion", r.datasetVersion())
        .put("teacher", r.teacher()).put("items", r.items()).put("samples", r.samples())
        .put("accuracy", r.accuracy()).put("difficult", r.difficult());
    scores(root.putObject("perSkill"), r.perSkill());
    root.set("profile", MissingSkillProfileJson.toJson(r.profile()));
    ArrayNode failures = root.putArray("failures");
    for (String skill : r.profile().ranked()) {
      for (Evidence e : r.profile().evidence().getOrDefault(skill, List.of())) {
        failures.addObject().put("skill", skill).put("itemId", e.itemId()).put("question", e.question())
            .put("response", e.response()).put("reason", e.reason());
      }
    }
    if (r.previous() == null) {
      root.putNull("previous");
      root.putNull("change");
    } else {
      ObjectNode previous = root.putObject("previous").put("createdAt", r.previous().createdAt().toString())
          .put("job", r.previous().job()).put("accuracy", r.previous().accuracy());
      scores(previous.putObject("perSkill"), r.previous().perSkill());
      ObjectNode change = root.putObject("change").put("accuracy", r.accuracy() - r.previous().accuracy());
      ObjectNode perSkill = change.putObject("perSkill");
      for (String skill : r.skills()) {
        Double d = r.change(skill);
        if (d == null) {
          perSkill.putNull(skill);
        } else {
          perSkill.put(skill, d);
        }
      }
    }
    return root;
  }

  public static SkillGapReport fromJson(JsonNode n) {
    JsonNode p = n.path("previous");
    SkillGapReport.Previous previous = p.isObject()
        ? new SkillGapReport.Previous(Instant.parse(p.path("createdAt").asText()), p.path("job").asText(),
            p.path("accuracy").asDouble(), scores(p.path("perSkill")))
        : null;
    return new SkillGapReport(n.path("student").asText(), n.path("dataset").asText(),
        Instant.parse(n.path("createdAt").asText()), n.path("job").asText(), n.path("studentVersion").asText(),
        n.path("datasetVersion").asText(), n.path("teacher").asText(), n.path("items").asInt(),
        n.path("samples").asInt(), n.path("accuracy").asDouble(), scores(n.path("perSkill")),
        n.path("difficult").asInt(), MissingSkillProfileJson.fromJson(n.path("profile")), previous);
  }

  private static void scores(ObjectNode into, Map<String, SkillScore> scores) {
    new TreeMap<>(scores).forEach((skill, s) -> into.putObject(skill).put("items", s.items())
        .put("correct", s.correct()).put("accuracy", s.accuracy()));
  }

  private static Map<String, SkillScore> scores(JsonNode node) {
    Map<String, SkillScore> out = new TreeMap<>();
    node.properties().forEach(f -> out.put(f.getKey(),
        new SkillScore(f.getValue().path("items").asInt(), f.getValue().path("correct").asInt())));
    return out;
  }
}
