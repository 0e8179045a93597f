package io.skillforge.skills.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The full JSON form of an {@link Example}: every field, so that {@code fromJson(toJson(e))}
 * equals {@code e}. Field names: id, question, rationale, answer, skills, source, split, teacher,
 * job, createdAt (ISO-8601), targetSkill, sourceItem, weight. Thread-safe.
 */
public final class ExampleJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExampleJson() {}

  public static ObjectNode toNode(Example e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", e.id());
    node.put("question", e.question());
    node.put("rationale", e.rationale());
    node.put("answer", e.answer());
    ArrayNode skills = node.putArray("skills");
    e.skills().forEach(skills::add);
    node.put("source", e.source().wireName());
    node.put("split", e.split());
    if (e.provenance().teacher() != null) {
      node.put("teacher", e.provenance().teacher());
    }
    if (e.provenance().job() != null) {
      node.put("job", e.provenance().job());
    }
    node.put("createdAt", e.provenance().createdAt().toString());
    if (e.provenance().targetSkill() != null) {
      node.put("targetSkill", e.provenance().targetSkill());
    }
    if (e.provenance().sourceItem() != null) {
      node.put("sourceItem", e.provenance().sourceItem());
    }
    node.put("weight", e.weight());
    return node;
  }

  /** One line of JSON, without a trailing newline. */
  public static String toJson(Example e) {
    try {
      return JSON.writeValueAsString(toNode(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialise example " + e.id(), ex);
    }
  }

  /**
   * Parses the full form.
   *
   * @throws IllegalArgumentException when the text is not valid JSON or a field is missing or bad
   */
  public static Example fromJson(String json) {
    try {
      return fromNode(JSON.readTree(json));
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("broken example JSON: " + ex.getOriginalMessage(), ex);
    }
  }

  public static Example fromNode(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("example JSON must be an object");
    }
    List<String> skills = new ArrayList<>();
    JsonNode skillNode = node.path("skills");
    if (skillNode.isArray()) {
      skillNode.forEach(s -> skills.add(s.asText()));
    }
    String createdAt = node.path("createdAt").asText(null);
    Provenance provenance =
        new Provenance(
            text(node, "teacher"),
            text(node, "job"),
            createdAt == null ? Instant.EPOCH : Instant.parse(createdAt),
            text(node, "targetSkill"),
            text(node, "sourceItem"));
    return new Example(
        text(node, "id"),
        text(node, "question"),
        node.path("rationale").asText(""),
        text(node, "answer"),
        skills,
        Example.Source.fromWire(node.path("source").asText("imported")),
        node.path("split").asText("train"),
        provenance,
        node.path("weight").asDouble(1.0));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
