package io.skillforge.synthesis.teacher.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.Skill;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.synthesis.teacher.Attempt;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Teacher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the teacher protocol's requests from the prompt templates in {@code
 * io/skillforge/synthesis/prompts/}. Every request is a system message that states the task and
 * the reply schema ({@code skillforge.<role>.v1}, see {@link PromptRole}) and a user message that
 * carries the request's material as one JSON object between {@code <data>} and {@code </data>}.
 *
 * <p>Dataset text only ever appears inside that JSON, as string values, with every {@code </}
 * written {@code \u003c/}: no item can close the data block or pose as an instruction outside it.
 * The same inputs always render the same bytes (field order is fixed), so rendered messages make
 * stable cache keys. Thread-safe.
 */
public final class TeacherPrompts {
  /** How many independent solutions a synthesis request asks per new question (STAT-Syn). */
  public static final int SOLUTIONS_PER_ITEM = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private TeacherPrompts() {}

  /** Catalog step one: name the fine-grained skills of each sampled item. */
  public static ChatPrompt catalogName(List<Example> items, int maxSkillsPerItem) {
    ObjectNode data = JSON.createObjectNode();
    data.put("maxSkillsPerItem", maxSkillsPerItem);
    ArrayNode array = data.putArray("items");
    for (Example item : items) {
      array.addObject().put("id", item.id()).put("question", item.question());
    }
    return prompt(PromptRole.CATALOG_NAME, data,
        Map.of("maxSkillsPerItem", Integer.toString(maxSkillsPerItem),
            "itemCount", Integer.toString(items.size())));
  }

  /** Catalog step two: merge fine-grained names into at most {@code maxSkills} skills. */
  public static ChatPrompt catalogMerge(List<SkillName> names, int maxSkills) {
    ObjectNode data = JSON.createObjectNode();
    data.put("maxSkills", maxSkills);
    ArrayNode array = data.putArray("names");
    for (SkillName name : names) {
      array.addObject().put("name", name.name()).put("count", name.count());
    }
    return prompt(PromptRole.CATALOG_MERGE, data,
        Map.of("maxSkills", Integer.toString(maxSkills), "nameCount", Integer.toString(names.size())));
  }

  /** Label items with catalog skills, at most {@link Teacher#MAX_LABELS_PER_ITEM} each. */
  public static ChatPrompt label(List<Example> items, SkillCatalog catalog) {
    ObjectNode data = JSON.createObjectNode();
    putCatalog(data, catalog);
    data.put("maxSkillsPerItem", Teacher.MAX_LABELS_PER_ITEM);
    ArrayNode array = data.putArray("items");
    for (Example item : items) {
      array.addObject().put("id", item.id()).put("question", item.question());
    }
    return prompt(PromptRole.LABEL, data,
        Map.of("maxSkillsPerItem", Integer.toString(Teacher.MAX_LABELS_PER_ITEM),
            "itemCount", Integer.toString(items.size())));
  }

  /** Judge student responses and name missing catalog skills. */
  public static ChatPrompt diagnose(List<Attempt> attempts, SkillCatalog catalog) {
    ObjectNode data = JSON.createObjectNode();
    putCatalog(data, catalog);
    data.put("maxMissingSkills", Teacher.MAX_MISSING_SKILLS);
    ArrayNode array = data.putArray("attempts");
    for (Attempt a : attempts) {
      array.addObject()
          .put("id", a.item().id())
          .put("question", a.item().question())
          .put("referenceRationale", a.item().rationale())
          .put("referenceAnswer", a.item().answer())
          .put("response", a.response());
    }
    return prompt(PromptRole.DIAGNOSE, data,
        Map.of("maxMissingSkills", Integer.toString(Teacher.MAX_MISSING_SKILLS),
            "attemptCount", Integer.toString(attempts.size())));
  }

  /** Write new questions for the target skills, {@link #SOLUTIONS_PER_ITEM} solutions each. */
  public static ChatPrompt synthesize(SynthesisRequest request, SkillCatalog catalog) {
    ObjectNode data = JSON.createObjectNode();
    putCatalog(data, catalog);
    ArrayNode targets = data.putArray("targetSkills");
    request.targetSkills().forEach(targets::add);
    data.put("count", request.count());
    data.put("solutionsPerItem", SOLUTIONS_PER_ITEM);
    data.put("seed", request.seed());
    if (!request.guidance().isBlank()) {
      data.put("guidance", request.guidance());
    }
    ArrayNode exemplars = data.putArray("exemplars");
    for (Example e : request.exemplars()) {
      exemplars.addObject()
          .put("question", e.question())
          .put("rationale", e.rationale())
          .put("answer", e.answer());
    }
    return prompt(PromptRole.SYNTHESIZE, data,
        Map.of("count", Integer.toString(request.count()),
            "solutionsPerItem", Integer.toString(SOLUTIONS_PER_ITEM),
            "targetSkills", String.join(", ", request.targetSkills())));
  }

  /** Check items' rationales and answers. */
  public static ChatPrompt verify(List<Example> items) {
    ObjectNode data = JSON.createObjectNode();
    ArrayNode array = data.putArray("items");
    for (Example item : items) {
      array.addObject()
          .put("id", item.id())
          .put("question", item.question())
          .put("rationale", item.rationale())
          .put("answer", item.answer());
    }
    return prompt(PromptRole.VERIFY, data, Map.of("itemCount", Integer.toString(items.size())));
  }

  /**
   * The user message that asks again after an unusable reply; send it after the original messages
   * and the bad reply.
   *
   * @param problem what was wrong with the reply, in one line (shown to the teacher)
   */
  public static String repair(PromptRole role, String problem) {
    return Templates.render("repair.user",
        Map.of("problem", problem.replace('\n', ' '), "schema", role.schemaId()));
  }

  private static ChatPrompt prompt(PromptRole role, ObjectNode data, Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put("preamble", Templates.render("_preamble", Map.of()));
    all.put("data", dataBlock(data));
    String system = Templates.render(role.wireName() + ".system", all);
    String user = Templates.render(role.wireName() + ".user", all);
    return new ChatPrompt(role, system, user);
  }

  private static void putCatalog(ObjectNode data, SkillCatalog catalog) {
    ArrayNode array = data.putArray("catalog");
    for (Skill s : catalog.skills()) {
      array.addObject().put("id", s.id()).put("name", s.name()).put("description", s.description());
    }
  }

  /** The data JSON; {@code </} cannot occur in JSON outside strings, so escaping it is lossless. */
  static String dataBlock(ObjectNode data) {
    try {
      return JSON.writeValueAsString(data).replace("</", "\\u003c/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write prompt data", e);
    }
  }
}
