package io.skillforge.skills.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.util.ArrayList;
import java.util.List;

/** Turns one dataset line into an {@link Example}, or says why it cannot. Thread-safe. */
final class LineParser {

  /** Thrown for a line that is well-formed text but not a usable example. */
  static final class BadLine extends Exception {
    BadLine(String reason) {
      super(reason, null, false, false);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GSM8K_MARKER = "####";

  private final DatasetFormat format;
  private final FieldMapping fields;
  private final String idPrefix;
  private final String forcedSplit;
  private final String fallbackSplit;
  /** Every example's source; null to take the line's {@code source} field, else imported. */
  private final Example.Source forcedSource;
  private final Provenance provenance;

  LineParser(
      DatasetFormat format, FieldMapping fields, String idPrefix, String forcedSplit,
      String fallbackSplit, Example.Source source, Provenance provenance) {
    this.format = format;
    this.fields = format == DatasetFormat.GSM8K ? FieldMapping.DEFAULT : fields;
    this.idPrefix = idPrefix;
    this.forcedSplit = forcedSplit;
    this.fallbackSplit = fallbackSplit;
    this.forcedSource = source;
    this.provenance = provenance;
  }

  Example parse(long lineNumber, String text) throws BadLine {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadLine("broken JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadLine("not a JSON object");
    }
    String question = requiredText(node, fields.question());
    String rationale;
    String answer;
    if (format == DatasetFormat.GSM8K) {
      String solution = requiredText(node, "answer");
      int marker = solution.lastIndexOf(GSM8K_MARKER);
      if (marker < 0) {
        throw new BadLine("GSM8K answer has no '#### N' final line");
      }
      rationale = solution.substring(0, marker).strip();
      answer = solution.substring(marker + GSM8K_MARKER.length()).strip();
      if (answer.isEmpty()) {
        throw new BadLine("GSM8K answer has an empty '####' final line");
      }
    } else {
      answer = requiredText(node, fields.answer());
      rationale = optionalText(node, fields.rationale(), "");
    }
    String id = optionalText(node, fields.id(), idPrefix + "-" + lineNumber);
    String split =
        forcedSplit != null ? forcedSplit : optionalText(node, fields.split(), fallbackSplit);
    List<String> skills = skills(node);
    double weight = weight(node);
    Example.Source source = forcedSource != null ? forcedSource : source(node);
    try {
      return new Example(id, question, rationale, answer, skills, source, split, provenance, weight);
    } catch (IllegalArgumentException e) {
      throw new BadLine(e.getMessage());
    }
  }

  /** The optional weight: absent or null is 1; anything but a finite positive number is refused. */
  private double weight(JsonNode node) throws BadLine {
    JsonNode value = node.get(fields.weight());
    if (value == null || value.isNull()) {
      return 1.0;
    }
    if (!value.isNumber()) {
      throw new BadLine("field '" + fields.weight() + "' must be a number, not "
          + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    double weight = value.asDouble();
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new BadLine("field '" + fields.weight() + "' must be a finite number > 0 but was "
          + value.asText());
    }
    return weight;
  }

  private static Example.Source source(JsonNode node) throws BadLine {
    JsonNode value = node.get("source");
    if (value == null || value.isNull()) {
      return Example.Source.IMPORTED;
    }
    if (!value.isTextual()) {
      throw new BadLine("field 'source' must be seed, synthesized or imported");
    }
    try {
      return Example.Source.fromWire(value.asText());
    } catch (IllegalArgumentException e) {
      throw new BadLine("field 'source' must be seed, synthesized or imported, not '" + value.asText() + "'");
    }
  }

  private List<String> skills(JsonNode node) throws BadLine {
    JsonNode value = node.get(fields.skills());
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new BadLine("field '" + fields.skills() + "' must be an array of skill ids");
    }
    List<String> skills = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new BadLine("field '" + fields.skills() + "' must hold only strings");
      }
      if (!skills.contains(item.asText())) {
        skills.add(item.asText());
      }
    }
    return skills;
  }

  private static String requiredText(JsonNode node, String field) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BadLine("missing field '" + field + "'");
    }
    String text = scalarText(value, field);
    if (text.isBlank()) {
      throw new BadLine("field '" + field + "' is empty");
    }
    return text;
  }

  private static String optionalText(JsonNode node, String field, String fallback) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    String text = scalarText(value, field);
    return text.isBlank() ? fallback : text;
  }

  private static String scalarText(JsonNode value, String field) throws BadLine {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw new BadLine("field '" + field + "' must be a string or number, not " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
  }
}
