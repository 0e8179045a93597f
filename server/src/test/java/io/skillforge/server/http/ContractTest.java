package io.skillforge.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.runner.kinds.StandardKinds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract and the code agree: every job kind has its schema, every kind schema is a kind. */
class ContractTest {
  @Test
  void jobKinds_matchTheContractsJobRequest() {
    JsonObject schemas = Contract.load().json.getJsonObject("components").getJsonObject("schemas");
    JsonObject request = schemas.getJsonObject("JobRequest");
    JsonArray kinds = request.getJsonObject("properties").getJsonObject("kind").getJsonArray("enum");
    assertEquals(StandardKinds.all().names(), kinds.getList(), "the kinds of JobRequest");
    List<String> branches = new ArrayList<>();
    for (Object branch : request.getJsonArray("allOf")) {
      JsonObject b = (JsonObject) branch;
      String kind = b.getJsonObject("if").getJsonObject("properties").getJsonObject("kind").getString("const");
      String ref = b.getJsonObject("then").getString("$ref");
      JsonObject schema = schemas.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
      assertEquals(kind, schema.getJsonObject("properties").getJsonObject("kind").getString("const"), ref);
      assertEquals(false, schema.getBoolean("additionalProperties"), ref + " refuses unknown parameters");
      branches.add(kind);
    }
    assertEquals(kinds.getList(), branches, "one schema per kind, in the same order");
  }

  @Test
  void validationCopy_keepsRequestsAndDropsResponseMediaTypes() {
    JsonObject copy = Contract.load().forValidation();
    JsonObject submit = copy.getJsonObject("paths").getJsonObject("/jobs").getJsonObject("post");
    assertTrue(submit.getJsonObject("requestBody").getJsonObject("content").containsKey("application/json"));
    assertTrue(!submit.getJsonObject("responses").getJsonObject("202").containsKey("content"));
    assertTrue(Contract.load().yaml.contains("application/problem+json"), "the served document keeps them");
  }
}
