package io.skillforge.skills.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * World items as JSON lines: {@code id, question, rationale, answer, skills, source, split}, in that
 * order, so the same items always give the same bytes. Thread-safe.
 */
public final class WorldJsonl {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WorldJsonl() {}

  /** One JSON line (without the newline) for {@code item}. */
  public static String line(Example item) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", item.id());
    o.put("question", item.question());
    o.put("rationale", item.rationale());
    o.put("answer", item.answer());
    ArrayNode skills = o.putArray("skills");
    item.skills().forEach(skills::add);
    o.put("source", item.source().wireName());
    o.put("split", item.split());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write item " + item.id(), e);
    }
  }

  /**
   * Reads one line written by {@link #line}. {@code skills}, {@code rationale}, {@code source} and
   * {@code split} are optional (empty, empty, seed, train).
   *
   * @throws IllegalArgumentException when the line is not such an object
   */
  public static Example parse(String line) {
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    List<String> skills = new ArrayList<>();
    JsonNode s = o.path("skills");
    if (s.isArray()) {
      s.forEach(n -> skills.add(n.asText()));
    }
    return Example.of(text(o, "id"), text(o, "question"), o.path("rationale").asText(""),
        text(o, "answer"), skills,
        Example.Source.fromWire(o.path("source").asText("seed")),
        o.path("split").asText(SkillWorld.DEFAULT_SPLIT));
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isValueNode() || n.asText().isBlank()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return n.asText();
  }
}
