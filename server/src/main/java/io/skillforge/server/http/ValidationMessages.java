package io.skillforge.server.http;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import java.util.LinkedHashSet;
import java.util.Set;

/** Says what a request got wrong against the contract, naming the field where the validator does. */
final class ValidationMessages {
  private static final int MOST = 5;

  private ValidationMessages() {}

  static String describe(Throwable cause, String fallback) {
    if (!(cause instanceof SchemaValidationException schema) || schema.getOutputUnit() == null) {
      return fallback;
    }
    Set<String> lines = new LinkedHashSet<>();
    collect(schema.getOutputUnit(), lines);
    if (lines.isEmpty()) {
      return fallback;
    }
    String where = schema.getMessage().startsWith("The value of the request body") ? "request body" : "parameter";
    StringBuilder out = new StringBuilder(where).append(" invalid: ");
    int n = 0;
    for (String line : lines) {
      if (n++ == MOST) {
        out.append("; and ").append(lines.size() - MOST).append(" more");
        break;
      }
      out.append(n == 1 ? "" : "; ").append(line);
    }
    return out.toString();
  }

  private static void collect(OutputUnit unit, Set<String> lines) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      for (OutputUnit child : unit.getErrors()) {
        collect(child, lines);
      }
      return;
    }
    String error = unit.getError();
    if (error == null || error.isBlank() || error.startsWith("A subschema had errors")
        || error.contains("did not match") && error.contains("allOf")) {
      return;
    }
    String at = unit.getInstanceLocation() == null || unit.getInstanceLocation().isEmpty()
        ? "" : unit.getInstanceLocation().replaceFirst("^#", "") + ": ";
    lines.add(at + error);
  }
}
