package io.skillforge.server.jobs.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.index.IndexCounts;
import io.skillforge.skills.index.SearchHit;
import java.nio.file.Path;
import java.util.Map;

/** The JSON forms of index results, the same for the command line and the HTTP API. */
public final class IndexJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexJson() {}

  /** A hit: every stored field of the example, and {@code score}. */
  public static ObjectNode hit(SearchHit hit) {
    ObjectNode node = ExampleJson.toNode(hit.example());
    node.put("score", hit.score());
    return node;
  }

  /** {@code {index, documents, perSkill, perSource, perSplit}}. */
  public static ObjectNode stats(Path index, IndexCounts counts) {
    ObjectNode node = JSON.createObjectNode();
    node.put("index", index.toString());
    node.put("documents", counts.documents());
    put(node.putObject("perSkill"), counts.perSkill());
    put(node.putObject("perSource"), counts.perSource());
    put(node.putObject("perSplit"), counts.perSplit());
    return node;
  }

  private static void put(ObjectNode into, Map<String, Long> counts) {
    counts.forEach(into::put);
  }
}
