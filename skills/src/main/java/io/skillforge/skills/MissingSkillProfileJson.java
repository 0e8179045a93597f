package io.skillforge.skills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.errors.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link MissingSkillProfile}: {@code {difficultQuestions, counts,
 * distribution, probeAccuracy: {skill: {items, correct, accuracy}}, evidence: {skill: [{itemId,
 * question, response, reason}]}}}. Reading ignores {@code distribution} and {@code accuracy}, which
 * follow from the rest.
 */
public final class MissingSkillProfileJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MissingSkillProfileJson() {}

  public static ObjectNode toJson(MissingSkillProfile profile) {
    ObjectNode root = JSON.createObjectNode();
    root.put("difficultQuestions", profile.difficultQuestions());
    ObjectNode counts = root.putObject("counts");
    ObjectNode distribution = root.putObject("distribution");
    for (String skill : profile.ranked()) {
      counts.put(skill, profile.count(skill));
      distribution.put(skill, profile.share(skill));
    }
    ObjectNode accuracy = root.putObject("probeAccuracy");
    profile.probeAccuracy().forEach((skill, score) -> accuracy.putObject(skill)
        .put("items", score.items()).put("correct", score.correct()).put("accuracy", score.accuracy()));
    ObjectNode evidence = root.putObject("evidence");
    profile.evidence().forEach((skill, list) -> {
      var array = evidence.putArray(skill);
      for (MissingSkillProfile.Evidence e : list) {
        array.addObject().put("itemId", e.itemId()).put("question", e.question())
            .put("response", e.response()).put("reason", e.reason());
      }
    });
    return root;
  }

  /**
   * @throws BadInputException when {@code node} is not a profile
   */
  public static MissingSkillProfile fromJson(JsonNode node) {
    try {
      Map<String, Integer> counts = new LinkedHashMap<>();
      node.path("counts").fields().forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asInt()));
      Map<String, MissingSkillProfile.SkillScore> accuracy = new LinkedHashMap<>();
      node.path("probeAccuracy").fields().forEachRemaining(f -> accuracy.put(f.getKey(),
          new MissingSkillProfile.SkillScore(f.getValue().path("items").asInt(),
              f.getValue().path("correct").asInt())));
      Map<String, List<MissingSkillProfile.Evidence>> evidence = new LinkedHashMap<>();
      node.path("evidence").fields().forEachRemaining(f -> {
        List<MissingSkillProfile.Evidence> list = new ArrayList<>();
        for (JsonNode e : f.getValue()) {
          list.add(new MissingSkillProfile.Evidence(e.path("itemId").asText(), e.path("question").asText(),
              e.path("response").asText(), e.path("reason").asText()));
        }
        evidence.put(f.getKey(), list);
      });
      if (!node.path("difficultQuestions").isInt()) {
        throw new IllegalArgumentException("no difficultQuestions count");
      }
      return new MissingSkillProfile(counts, node.path("difficultQuestions").asInt(), accuracy, evidence);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("not a missing-skill profile: " + e.getMessage(), e);
    }
  }
}
