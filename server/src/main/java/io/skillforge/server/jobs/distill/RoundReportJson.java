package io.skillforge.server.jobs.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.distill.RoundReport.DataSummary;
import io.skillforge.server.jobs.distill.RoundReport.TrainingSummary;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import io.skillforge.skills.MissingSkillProfileJson;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON form of a {@link RoundReport}, saved as {@code report.json}: the record's components
 * under their own names, with
 *
 * <ul>
 *   <li>{@code finishedAt} as an ISO-8601 instant;
 *   <li>{@code before} and {@code after} as {@code {skill: {items, correct, accuracy}}}, skills in
 *       id order;
 *   <li>{@code gain}: {@code {skill: after - before}} for every skill of before or after, null where
 *       one side was not measured, and {@code overallGain};
 *   <li>{@code profile} in the form of {@link MissingSkillProfileJson};
 *   <li>a loss that was not measured (NaN) as null, an infinite one as the string {@code Infinity}
 *       or {@code -Infinity}, since JSON has no such numbers.
 * </ul>
 *
 * <p>Reading ignores {@code accuracy}, {@code gain} and {@code overallGain}, which follow from the
 * rest, so {@code fromJson(toJson(r)).equals(r)}.
 */
public final class RoundReportJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RoundReportJson() {}

  public static ObjectNode toJson(RoundReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("run", report.run());
    root.put("round", report.round());
    root.put("finishedAt", report.finishedAt().toString());
    root.put("student", report.student());
    root.put("teacher", report.teacher());
    root.put("method", report.method());
    root.put("difficulty", report.difficulty());
    root.put("evaluation", report.evaluation());
    putScores(root.putObject("before"), report.before());
    putScores(root.putObject("after"), report.after());
    ObjectNode gain = root.putObject("gain");
    for (String skill : skills(report)) {
      if (report.before().containsKey(skill) && report.after().containsKey(skill)) {
        gain.put(skill, report.gain(skill));
      } else {
        gain.putNull(skill);
      }
    }
    root.put("overallBefore", report.overallBefore());
    root.put("overallAfter", report.overallAfter());
    root.put("overallGain", report.overallAfter() - report.overallBefore());
    root.put("probed", report.probed());
    root.put("difficult", report.difficult());
    root.set("profile", MissingSkillProfileJson.toJson(report.profile()));
    root.set("data", data(report.data()));
    root.set("training", training(report.training()));
    return root;
  }

  /**
   * @throws BadInputException when {@code node} is not a round report
   */
  public static RoundReport fromJson(JsonNode node) {
    try {
      return new RoundReport(
          required(node, "run").asText(), round(node), instant(required(node, "finishedAt")),
          text(node, "student"), text(node, "teacher"), text(node, "method"), text(node, "difficulty"),
          text(node, "evaluation"), scores(node.path("before")), scores(node.path("after")),
          node.path("overallBefore").asDouble(), node.path("overallAfter").asDouble(),
          node.path("probed").asInt(), node.path("difficult").asInt(),
          MissingSkillProfileJson.fromJson(required(node, "profile")), data(required(node, "data")),
          training(required(node, "training")));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("not a round report: " + e.getMessage(), e);
    }
  }

  /** Writes {@code report} as pretty JSON to {@code file}, atomically. */
  public static void write(RoundReport report, Path file) throws IOException {
    String text = toJson(report).toPrettyString() + "\n";
    OutputFiles.writeAtomically(file, writer -> writer.write(text));
  }

  private static TreeSet<String> skills(RoundReport report) {
    TreeSet<String> skills = new TreeSet<>(report.before().keySet());
    skills.addAll(report.after().keySet());
    return skills;
  }

  private static void putScores(ObjectNode into, Map<String, SkillScore> scores) {
    new TreeMap<>(scores).forEach((skill, score) -> into.putObject(skill)
        .put("items", score.items()).put("correct", score.correct()).put("accuracy", score.accuracy()));
  }

  private static Map<String, SkillScore> scores(JsonNode node) {
    Map<String, SkillScore> scores = new TreeMap<>();
    node.fields().forEachRemaining(f -> scores.put(f.getKey(),
        new SkillScore(f.getValue().path("items").asInt(), f.getValue().path("correct").asInt())));
    return scores;
  }

  private static ObjectNode data(DataSummary data) {
    ObjectNode node = JSON.createObjectNode();
    node.put("examples", data.examples());
    node.put("draws", data.draws());
    node.put("targeted", data.targeted());
    node.put("mixedBack", data.mixedBack());
    node.put("synthesized", data.synthesized());
    ObjectNode rejected = node.putObject("rejected");
    new TreeMap<>(data.rejected()).forEach(rejected::put);
    var files = node.putArray("files");
    data.files().forEach(files::add);
    return node;
  }

  private static DataSummary data(JsonNode node) {
    Map<String, Integer> rejected = new TreeMap<>();
    node.path("rejected").fields().forEachRemaining(f -> rejected.put(f.getKey(), f.getValue().asInt()));
    List<String> files = new ArrayList<>();
    node.path("files").forEach(f -> files.add(f.asText()));
    return new DataSummary(node.path("examples").asInt(), node.path("draws").asInt(),
        node.path("targeted").asInt(), node.path("mixedBack").asInt(), node.path("synthesized").asInt(),
        rejected, files);
  }

  private static ObjectNode training(TrainingSummary training) {
    ObjectNode node = JSON.createObjectNode();
    node.put("how", training.how());
    node.put("steps", training.steps());
    putNumber(node, "firstLoss", training.firstLoss());
    putNumber(node, "finalLoss", training.finalLoss());
    putNumber(node, "seconds", training.seconds());
    node.put("checkpoint", training.checkpoint());
    return node;
  }

  private static TrainingSummary training(JsonNode node) {
    return new TrainingSummary(text(node, "how"), node.path("steps").asInt(), number(node, "firstLoss"),
        number(node, "finalLoss"), number(node, "seconds"), text(node, "checkpoint"));
  }

  private static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else if (Double.isInfinite(value)) {
      node.put(field, value > 0 ? "Infinity" : "-Infinity");
    } else {
      node.put(field, value);
    }
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isTextual()) {
      return Double.parseDouble(value.asText());
    }
    if (value.isNull() || value.isMissingNode()) {
      return Double.NaN;
    }
    throw new IllegalArgumentException(field + " is not a number");
  }

  private static int round(JsonNode node) {
    JsonNode value = required(node, "round");
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("round " + value + " is not a whole number");
    }
    return value.asInt();
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      throw new IllegalArgumentException("no " + field);
    }
    return value;
  }

  /** The text of {@code field}, or null when it is absent or null (the record allows it). */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static Instant instant(JsonNode node) {
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("finishedAt " + node.asText() + " is not an ISO-8601 instant", e);
    }
  }
}
