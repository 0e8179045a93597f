package io.skillforge.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The API's OpenAPI 3.1 document ({@code openapi.yaml} beside this class): served as it is at
 * {@code /openapi.yaml}, and the contract every request is validated against.
 *
 * <p>Vert.x's OpenAPI support loads only documents whose media types it can validate (JSON,
 * multipart, octet-stream, plain text); responses are not validated here, so the document it loads
 * ({@link #forValidation()}) is this one without the response bodies' media types (problem+json,
 * event streams, HTML pages, YAML, JSONL), which the served document keeps.
 */
final class Contract {
  static final String RESOURCE = "openapi.yaml";

  final String yaml;
  final JsonObject json;

  private Contract(String yaml, JsonObject json) {
    this.yaml = yaml;
    this.json = json;
  }

  /** The document Vert.x validates requests with: this one without response media types. */
  JsonObject forValidation() {
    JsonObject copy = json.copy();
    JsonObject paths = copy.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("responses")) {
          stripContent(operation.getJsonObject("responses"));
        }
      }
    }
    JsonObject components = copy.getJsonObject("components", new JsonObject());
    if (components.containsKey("responses")) {
      stripContent(components.getJsonObject("responses"));
    }
    return copy;
  }

  private static void stripContent(JsonObject responses) {
    for (String status : responses.fieldNames()) {
      if (responses.getValue(status) instanceof JsonObject response) {
        response.remove("content");
      }
    }
  }

  /** Reads the document from the classpath. Blocks. */
  @SuppressWarnings("unchecked")
  static Contract load() {
    try (InputStream in = Contract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the API contract " + RESOURCE + " is missing from the classpath");
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, Object> tree = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
      return new Contract(yaml, new JsonObject(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("the API contract cannot be read", e);
    }
  }
}
