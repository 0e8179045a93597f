package io.skillforge.synthesis.teacher.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Verdict;
import io.skillforge.synthesis.teacher.prompt.ParsedPrompt;
import io.skillforge.synthesis.teacher.prompt.PromptRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Answers protocol requests as the built-in teacher would, in the reply schemas the prompt
 * templates state. Stateless and thread-safe; the work is in memory and short, but it is still run
 * off the event loop by the server.
 */
final class SimResponder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BuiltinTeacher teacher = new BuiltinTeacher();

  /**
   * The reply content for a request.
   *
   * @throws IllegalArgumentException when the data lacks a field the request needs
   */
  String answer(ParsedPrompt prompt) {
    JsonNode data = prompt.data();
    ObjectNode reply = switch (prompt.role()) {
      case CATALOG_NAME -> catalogName(data);
      case CATALOG_MERGE -> catalogMerge(data);
      case LABEL -> label(data);
      case DIAGNOSE -> diagnose(data);
      case SYNTHESIZE -> synthesize(data);
      case VERIFY -> verify(data);
    };
    return write(reply);
  }

  /** The 200 reply to a conversation that is not a protocol request: a model always says something. */
  static String unrecognised(String why) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", "unrecognised prompt");
    o.put("detail", why);
    o.put("hint", "teacher-sim answers only Skillforge teacher prompts (schemas skillforge.*.v1)");
    return write(o);
  }

  private ObjectNode catalogName(JsonNode data) {
    int max = data.path("maxSkillsPerItem").asInt(BuiltinTeacher.MAX_LABELS_PER_ITEM);
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode items = reply.putArray("items");
    for (JsonNode item : array(data, "items")) {
      ArrayNode skills = items.addObject().put("id", text(item, "id")).putArray("skills");
      teacher.labelQuestion(text(item, "question"), SkillWorld.catalog().ids()).stream()
          .limit(Math.max(0, max))
          .forEach(skills::add);
    }
    return reply;
  }

  private ObjectNode catalogMerge(JsonNode data) {
    int max = data.path("maxSkills").asInt(Integer.MAX_VALUE);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JsonNode name : array(data, "names")) {
      counts.merge(text(name, "name"), Math.max(1, name.path("count").asInt(1)), Integer::sum);
    }
    SkillCatalog catalog = teacher.catalogOf(counts, Math.max(1, max));
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode skills = reply.putArray("skills");
    for (Skill s : catalog.skills()) {
      ObjectNode o = skills.addObject().put("id", s.id()).put("name", s.name())
          .put("description", s.description());
      o.putArray("covers").add(s.id());
    }
    return reply;
  }

  private ObjectNode label(JsonNode data) {
    List<String> catalog = catalogIds(data);
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode labels = reply.putArray("labels");
    for (JsonNode item : array(data, "items")) {
      ArrayNode skills = labels.addObject().put("id", text(item, "id")).putArray("skills");
      teacher.labelQuestion(text(item, "question"), catalog).forEach(skills::add);
    }
    return reply;
  }

  private ObjectNode diagnose(JsonNode data) {
    List<String> catalog = catalogIds(data);
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode diagnoses = reply.putArray("diagnoses");
    for (JsonNode a : array(data, "attempts")) {
      Diagnosis d = teacher.diagnoseResponse(text(a, "id"), text(a, "question"),
          a.path("referenceAnswer").asText(""), a.path("response").asText(""), catalog);
      ObjectNode o = diagnoses.addObject().put("id", d.itemId()).put("correct", d.correct())
          .put("explanation", d.explanation());
      ArrayNode missing = o.putArray("missingSkills");
      d.missingSkills().forEach(missing::add);
    }
    return reply;
  }

  private ObjectNode synthesize(JsonNode data) {
    List<String> catalog = catalogIds(data);
    List<String> targets = new ArrayList<>();
    array(data, "targetSkills").forEach(t -> targets.add(t.asText()));
    int count = data.path("count").asInt(1);
    int solutions = Math.max(1, data.path("solutionsPerItem").asInt(3));
    long seed = data.path("seed").asLong(0);
    List<String> questions = new ArrayList<>();
    List<String> rationales = new ArrayList<>();
    for (JsonNode e : data.path("exemplars")) {
      questions.add(e.path("question").asText(""));
      rationales.add(e.path("rationale").asText(""));
    }
    BuiltinTeacher.Drafts drafts = teacher.draft(targets, Math.max(1, count), questions, rationales, seed);
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode items = reply.putArray("items");
    int index = 0;
    for (Problem p : drafts.problems()) {
      ObjectNode o = items.addObject().put("question", p.question());
      ArrayNode skills = o.putArray("skills");
      p.skillIds().stream().filter(catalog::contains).forEach(skills::add);
      ArrayNode sols = o.putArray("solutions");
      // One solution in three sometimes goes wrong, as sampled solutions do; the others agree.
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index++);
      boolean oneWrong = solutions >= 3 && r.nextBoolean();
      for (int s = 0; s < solutions; s++) {
        String text = oneWrong && s == solutions - 1
            ? SkillWorld.faultyResponse(p, r.nextInt(p.steps().size()), r, true)
            : p.responseText();
        int cut = text.lastIndexOf("\n#### ");
        sols.addObject().put("rationale", text.substring(0, cut)).put("answer", text.substring(cut + 6));
      }
    }
    return reply;
  }

  private ObjectNode verify(JsonNode data) {
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode verdicts = reply.putArray("verdicts");
    for (JsonNode item : array(data, "items")) {
      Verdict v = teacher.verifyItem(text(item, "id"), text(item, "question"),
          item.path("rationale").asText(""), item.path("answer").asText(""));
      verdicts.addObject().put("id", v.itemId()).put("correct", v.correct())
          .put("answer", v.answer()).put("reason", v.reason());
    }
    return reply;
  }

  private static List<String> catalogIds(JsonNode data) {
    List<String> ids = new ArrayList<>();
    for (JsonNode s : array(data, "catalog")) {
      ids.add(text(s, "id"));
    }
    return ids;
  }

  private static JsonNode array(JsonNode data, String field) {
    JsonNode n = data.get(field);
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException("the data has no array '" + field + "'");
    }
    return n;
  }

  private static String text(JsonNode node, String field) {
    JsonNode n = node.get(field);
    if (n == null || !n.isValueNode()) {
      throw new IllegalArgumentException("an entry has no field '" + field + "'");
    }
    return n.asText();
  }

  private static String write(ObjectNode o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a reply", e);
    }
  }
}
