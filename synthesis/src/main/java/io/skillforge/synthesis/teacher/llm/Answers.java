package io.skillforge.synthesis.teacher.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validators of the protocol's replies, one per role. Each checks types and required fields, that
 * every entry names an item of the request exactly once, and that every skill id is in the
 * catalog; the first problem rejects the whole reply, with a message that names the entry and the
 * field (it is shown to the teacher on a re-ask). Two lenient repairs, both harmless: duplicate
 * skill ids collapse, and lists longer than the role allows are cut to the allowed length.
 */
final class Answers {
  private Answers() {}

  /** Label reply: item id to catalog skill ids, for exactly the ids asked. */
  static AnswerParser<Map<String, List<String>>> labels(List<String> itemIds, SkillCatalog catalog) {
    return answer -> {
      Map<String, JsonNode> entries = entriesById(answer, "labels", itemIds);
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
        String at = "labels entry '" + e.getKey() + "'";
        out.put(e.getKey(),
            skillIds(e.getValue(), "skills", at, catalog, Teacher.MAX_LABELS_PER_ITEM));
      }
      return out;
    };
  }

  /** Catalog step one: item id to free-text skill names. */
  static AnswerParser<Map<String, List<String>>> skillNames(List<String> itemIds, int maxPerItem) {
    return answer -> {
      Map<String, JsonNode> entries = entriesById(answer, "items", itemIds);
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
        List<String> names = strings(e.getValue(), "skills", "items entry '" + e.getKey() + "'");
        List<String> kept = new ArrayList<>();
        for (String name : names) {
          String normal = normalName(name);
          if (!normal.isEmpty() && !kept.contains(normal) && kept.size() < maxPerItem) {
            kept.add(normal);
          }
        }
        out.put(e.getKey(), kept);
      }
      return out;
    };
  }

  /** Catalog step two: the merged catalog, at most {@code maxSkills} skills with valid, unique ids. */
  static AnswerParser<SkillCatalog> mergedCatalog(int maxSkills) {
    return answer -> {
      JsonNode skills = array(answer, "skills", "the reply");
      if (skills.isEmpty()) {
        throw new InvalidAnswerException("skills is empty; the catalog needs at least one skill");
      }
      if (skills.size() > maxSkills) {
        throw new InvalidAnswerException(
            "skills has " + skills.size() + " entries but at most " + maxSkills + " are allowed");
      }
      List<Skill> out = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < skills.size(); i++) {
        JsonNode s = object(skills.get(i), "skills[" + i + "]");
        String at = "skills[" + i + "]";
        String id = text(s, "id", at);
        if (!Skill.isValidId(id)) {
          throw new InvalidAnswerException(
              at + ".id '" + id + "' is not a valid skill id (lower case letters, digits, _ . -)");
        }
        if (!ids.add(id)) {
          throw new InvalidAnswerException(at + ".id '" + id + "' appears twice");
        }
        String name = text(s, "name", at);
        if (name.isBlank()) {
          throw new InvalidAnswerException(at + ".name is blank");
        }
        String description = text(s, "description", at);
        strings(s, "covers", at);
        out.add(new Skill(id, name.strip(), description.strip()));
      }
      return new SkillCatalog(out);
    };
  }

  /** Diagnose reply: attempt id to diagnosis. */
  static AnswerParser<Map<String, Diagnosis>> diagnoses(List<String> attemptIds, SkillCatalog catalog) {
    return answer -> {
      Map<String, JsonNode> entries = entriesById(answer, "diagnoses", attemptIds);
      Map<String, Diagnosis> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
        String at = "diagnoses entry '" + e.getKey() + "'";
        JsonNode d = e.getValue();
        boolean correct = bool(d, "correct", at);
        String explanation = text(d, "explanation", at);
        List<String> missing = skillIds(d, "missingSkills", at, catalog, Teacher.MAX_MISSING_SKILLS);
        out.put(e.getKey(),
            Diagnosis.of(e.getKey(), correct, correct ? List.of() : missing, explanation.strip()));
      }
      return out;
    };
  }

  /** Verify reply: item id to verdict. */
  static AnswerParser<Map<String, Verdict>> verdicts(List<String> itemIds) {
    return answer -> {
      Map<String, JsonNode> entries = entriesById(answer, "verdicts", itemIds);
      Map<String, Verdict> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
        String at = "verdicts entry '" + e.getKey() + "'";
        JsonNode v = e.getValue();
        boolean correct = bool(v, "correct", at);
        String answerText = text(v, "answer", at).strip();
        String reason = text(v, "reason", at).strip();
        out.put(e.getKey(), Verdict.of(e.getKey(), correct, answerText, correct ? "" : reason));
      }
      return out;
    };
  }

  /** One draft of a synthesis reply, checked for shape only. */
  record Draft(String question, List<String> skills, List<Solution> solutions) {}

  /** One of a draft's independent solutions. */
  record Solution(String rationale, String answer) {}

  /**
   * Synthesis reply: the drafts, each with a question, skill names and at least one solution.
   * Whether the skills are catalog ids and the solutions agree is judged per draft afterwards, as
   * a rejected draft rather than a rejected reply.
   */
  static AnswerParser<List<Draft>> drafts() {
    return answer -> {
      JsonNode items = array(answer, "items", "the reply");
      List<Draft> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        String at = "items[" + i + "]";
        JsonNode item = object(items.get(i), at);
        String question = text(item, "question", at);
        if (question.isBlank()) {
          throw new InvalidAnswerException(at + ".question is blank");
        }
        List<String> skills = strings(item, "skills", at);
        JsonNode sols = array(item, "solutions", at);
        if (sols.isEmpty()) {
          throw new InvalidAnswerException(at + ".solutions is empty");
        }
        List<Solution> solutions = new ArrayList<>();
        for (int s = 0; s < sols.size(); s++) {
          String sat = at + ".solutions[" + s + "]";
          JsonNode sol = object(sols.get(s), sat);
          solutions.add(new Solution(text(sol, "rationale", sat).strip(), text(sol, "answer", sat).strip()));
        }
        out.add(new Draft(question.strip(), skills, solutions));
      }
      return out;
    };
  }

  /** Lower case, single spaces: how catalog building counts fine-grained names. */
  static String normalName(String name) {
    return name.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
  }

  // ---- shared checks --------------------------------------------------------------------

  private static Map<String, JsonNode> entriesById(JsonNode answer, String field, List<String> ids)
      throws InvalidAnswerException {
    JsonNode array = array(answer, field, "the reply");
    Set<String> expected = new LinkedHashSet<>(ids);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode entry = object(array.get(i), at);
      String id = text(entry, "id", at);
      if (!expected.contains(id)) {
        throw new InvalidAnswerException(at + ".id '" + id + "' is not an id of the request");
      }
      if (byId.put(id, entry) != null) {
        throw new InvalidAnswerException(field + " has two entries for id '" + id + "'");
      }
    }
    for (String id : expected) {
      if (!byId.containsKey(id)) {
        throw new InvalidAnswerException(field + " has no entry for id '" + id + "'");
      }
    }
    return byId;
  }

  private static List<String> skillIds(
      JsonNode node, String field, String at, SkillCatalog catalog, int max)
      throws InvalidAnswerException {
    List<String> out = new ArrayList<>();
    for (String id : strings(node, field, at)) {
      String trimmed = id.strip();
      if (!catalog.contains(trimmed)) {
        throw new InvalidAnswerException(
            at + " names '" + id + "' in " + field + ", which is not a catalog skill id");
      }
      if (!out.contains(trimmed) && out.size() < max) {
        out.add(trimmed);
      }
    }
    return out;
  }

  private static JsonNode array(JsonNode node, String field, String at)
      throws InvalidAnswerException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidAnswerException(at + " has no field '" + field + "'");
    }
    if (!value.isArray()) {
      throw new InvalidAnswerException(at + "." + field + " must be an array but is " + kind(value));
    }
    return value;
  }

  private static JsonNode object(JsonNode node, String at) throws InvalidAnswerException {
    if (node == null || !node.isObject()) {
      throw new InvalidAnswerException(at + " must be an object but is " + kind(node));
    }
    return node;
  }

  private static String text(JsonNode node, String field, String at) throws InvalidAnswerException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidAnswerException(at + " has no field '" + field + "'");
    }
    if (!value.isTextual()) {
      throw new InvalidAnswerException(at + "." + field + " must be a string but is " + kind(value));
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String field, String at) throws InvalidAnswerException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidAnswerException(at + " has no field '" + field + "'");
    }
    if (!value.isBoolean()) {
      throw new InvalidAnswerException(at + "." + field + " must be true or false but is " + kind(value));
    }
    return value.asBoolean();
  }

  private static List<String> strings(JsonNode node, String field, String at)
      throws InvalidAnswerException {
    JsonNode value = array(node, field, at);
    List<String> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        throw new InvalidAnswerException(
            at + "." + field + "[" + i + "] must be a string but is " + kind(value.get(i)));
      }
      out.add(value.get(i).asText());
    }
    return out;
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "missing";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
