package io.skillforge.student.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of probing a student: one {@link ItemResult} per item, in input order, and the
 * summary over them. Immutable.
 *
 * @param model the student's name
 * @param settings how it was probed
 * @param items per-item results in input order
 * @param generatedTokens tokens the student generated
 * @param seconds wall time of the probe
 */
public record ProbeReport(
    String model, ProbeSettings settings, List<ItemResult> items, long generatedTokens,
    double seconds) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ProbeReport {
    items = List.copyOf(items);
  }

  /** Mean per-item accuracy; NaN for no items. */
  public double accuracy() {
    return items.stream().mapToDouble(ItemResult::accuracy).average().orElse(Double.NaN);
  }

  /**
   * Per-skill results, by skill id: every item that lists a skill counts for it, so a multi-step
   * item counts for each of its skills (the skill-wise accuracy of STAT).
   */
  public Map<String, SkillAccuracy> perSkill() {
    return accuracies(false);
  }

  /**
   * Per-skill results over the items that need that skill alone (one listed skill), by skill id:
   * how well the student applies the skill itself, free of the other steps of multi-step items.
   */
  public Map<String, SkillAccuracy> perSkillAlone() {
    return accuracies(true);
  }

  /**
   * Per-skill step accuracy over the skill-world items, by skill id: of the steps of a skill that
   * responses reached (every earlier step right), the share done right. A wrong step counts against
   * its own skill only, so this is the missing-skill view of the probe. Empty when no item could be
   * checked step by step.
   */
  public Map<String, StepAccuracy> perSkillSteps() {
    Map<String, int[]> counts = new TreeMap<>();
    for (ItemResult item : items) {
      for (ItemResult.StepCount step : item.steps()) {
        int[] c = counts.computeIfAbsent(step.skill(), s -> new int[2]);
        c[0] += step.reached();
        c[1] += step.right();
      }
    }
    Map<String, StepAccuracy> result = new LinkedHashMap<>();
    counts.forEach((skill, c) -> result.put(skill,
        new StepAccuracy(skill, c[0], c[1], c[0] == 0 ? Double.NaN : (double) c[1] / c[0])));
    return Collections.unmodifiableMap(result);
  }

  /**
   * The missing-skill profile of the probe: per skill id, how many responses have their first
   * wrong step in that skill.
   */
  public Map<String, Integer> missingSkillCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (ItemResult item : items) {
      item.missingSkills().stream().filter(s -> !s.isEmpty())
          .forEach(s -> counts.merge(s, 1, Integer::sum));
    }
    return Collections.unmodifiableMap(counts);
  }

  private Map<String, SkillAccuracy> accuracies(boolean aloneOnly) {
    Map<String, int[]> counts = new TreeMap<>();
    for (ItemResult item : items) {
      if (aloneOnly && item.skills().size() != 1) {
        continue;
      }
      int right = (int) item.correct().stream().filter(Boolean::booleanValue).count();
      for (String skill : item.skills()) {
        int[] c = counts.computeIfAbsent(skill, s -> new int[3]);
        c[0]++;
        c[1] += item.correct().size();
        c[2] += right;
      }
    }
    Map<String, SkillAccuracy> result = new LinkedHashMap<>();
    counts.forEach((skill, c) -> result.put(skill,
        new SkillAccuracy(skill, c[0], c[1], c[2], c[1] == 0 ? Double.NaN : (double) c[2] / c[1])));
    return Collections.unmodifiableMap(result);
  }

  /** The summary as one JSON object (what {@link #writeSummary} writes). */
  public ObjectNode summaryJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("items", items.size());
    root.put("samplesPerItem", settings.samples());
    root.put("greedy", settings.greedyDecoding());
    if (!settings.greedyDecoding()) {
      root.put("temperature", settings.temperature());
      root.put("topP", settings.topP());
      root.put("seed", settings.seed());
    }
    root.put("maxTokens", settings.maxTokens());
    root.put("accuracy", accuracy());
    List<Double> accuracies = new ArrayList<>();
    putSkills(root.putObject("perSkill"), perSkill(), accuracies);
    List<Double> aloneAccuracies = new ArrayList<>();
    putSkills(root.putObject("perSkillAlone"), perSkillAlone(), aloneAccuracies);
    List<Double> stepAccuracies = new ArrayList<>();
    ObjectNode steps = root.putObject("perSkillSteps");
    perSkillSteps().forEach((id, s) -> {
      ObjectNode node = steps.putObject(id);
      node.put("reached", s.reached());
      node.put("right", s.right());
      node.put("accuracy", s.accuracy());
      stepAccuracies.add(s.accuracy());
    });
    ObjectNode missing = root.putObject("missingSkills");
    missingSkillCounts().forEach(missing::put);
    putSpread(root.putObject("skillSpread"), accuracies);
    putSpread(root.putObject("skillSpreadAlone"), aloneAccuracies);
    putSpread(root.putObject("skillSpreadSteps"), stepAccuracies);
    root.put("generatedTokens", generatedTokens);
    root.put("seconds", seconds);
    root.put("tokensPerSecond", seconds > 0 ? generatedTokens / seconds : 0);
    return root;
  }

  private static void putSkills(ObjectNode skills, Map<String, SkillAccuracy> perSkill,
      List<Double> accuracies) {
    perSkill.forEach((id, s) -> {
      ObjectNode node = skills.putObject(id);
      node.put("items", s.items());
      node.put("samples", s.samples());
      node.put("correct", s.correct());
      node.put("accuracy", s.accuracy());
      accuracies.add(s.accuracy());
    });
  }

  /** Min, max, range and standard deviation of per-skill accuracies, and counts by level. */
  private static void putSpread(ObjectNode spread, List<Double> accuracies) {
    double min = accuracies.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = accuracies.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double variance = accuracies.stream().mapToDouble(a -> (a - mean) * (a - mean)).average()
        .orElse(Double.NaN);
    spread.put("min", min);
    spread.put("max", max);
    spread.put("range", max - min);
    spread.put("stddev", Math.sqrt(variance));
    spread.put("skillsAtLeast90", accuracies.stream().filter(a -> a >= 0.9).count());
    spread.put("skillsBelow50", accuracies.stream().filter(a -> a < 0.5).count());
  }

  /** One item as a JSON object (a line of {@link #writeItems}). */
  public static ObjectNode itemJson(ItemResult item) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", item.id());
    node.put("question", item.question());
    node.put("expected", item.expected());
    var skills = node.putArray("skills");
    item.skills().forEach(skills::add);
    node.put("accuracy", item.accuracy());
    var responses = node.putArray("responses");
    item.responses().forEach(responses::add);
    var answers = node.putArray("answers");
    item.answers().forEach(answers::add);
    var correct = node.putArray("correct");
    item.correct().forEach(correct::add);
    node.put("majorityAnswer", item.majorityAnswer());
    node.put("majorityCount", item.majorityCount());
    var missingSkills = node.putArray("missingSkills");
    item.missingSkills().forEach(missingSkills::add);
    return node;
  }

  /** Writes one JSON line per item, in input order. */
  public void writeItems(Writer out) throws IOException {
    for (ItemResult item : items) {
      out.write(JSON.writeValueAsString(itemJson(item)));
      out.write('\n');
    }
  }

  public void writeItems(Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeItems(out);
    }
  }

  public void writeSummary(Path file) throws IOException {
    Files.writeString(file,
        JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summaryJson()) + "\n",
        StandardCharsets.UTF_8);
  }
}
