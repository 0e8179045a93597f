package io.skillforge.skills.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.ExampleJson;

/**
 * World items as JSON lines: {@code id, question, rationale, answer, skills, source, split}, in that
 * order, so the same items always give the same bytes. This is the {@link ExampleJson} form without
 * its provenance and weight (which carry a time stamp); its reader reads these lines. Thread-safe.
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
   * Reads one line written by {@link #line} (or any line of the full example form, {@link
   * ExampleJson}).
   *
   * @throws IllegalArgumentException when the line is not such an object
   */
  public static Example parse(String line) {
    return ExampleJson.fromJson(line);
  }
}
