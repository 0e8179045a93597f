package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswersTest {
  private static final SkillCatalog CATALOG = SkillWorld.catalog();

  private static JsonNode json(String text) throws Exception {
    return JsonAnswers.readObject(text);
  }

  private static String rejection(AnswerParser<?> parser, String text) throws Exception {
    JsonNode node = json(text);
    return assertThrows(InvalidAnswerException.class, () -> parser.parse(node)).getMessage();
  }

  @Test
  void labels_validReply_mapsEachIdToItsSkills() throws Exception {
    Map<String, List<String>> labels = Answers.labels(List.of("a", "b"), CATALOG).parse(json(
        "{\"labels\":[{\"id\":\"b\",\"skills\":[]},{\"id\":\"a\",\"skills\":[\"add_carry\",\"add_carry\",\"sort_list\"]}]}"));
    assertEquals(List.of("add_carry", "sort_list"), labels.get("a"), "duplicates collapse");
    assertEquals(List.of(), labels.get("b"));
  }

  @Test
  void labels_unknownSkillId_isRejectedByName() throws Exception {
    String why = rejection(Answers.labels(List.of("a"), CATALOG),
        "{\"labels\":[{\"id\":\"a\",\"skills\":[\"quantum_physics\"]}]}");
    assertTrue(why.contains("'quantum_physics'") && why.contains("not a catalog skill id"), why);
  }

  @Test
  void labels_missingOrForeignOrRepeatedIds_areRejected() throws Exception {
    AnswerParser<?> parser = Answers.labels(List.of("a", "b"), CATALOG);
    assertTrue(rejection(parser, "{\"labels\":[{\"id\":\"a\",\"skills\":[]}]}").contains("no entry for id 'b'"));
    assertTrue(rejection(parser,
        "{\"labels\":[{\"id\":\"a\",\"skills\":[]},{\"id\":\"b\",\"skills\":[]},{\"id\":\"c\",\"skills\":[]}]}")
        .contains("'c' is not an id of the request"));
    assertTrue(rejection(parser,
        "{\"labels\":[{\"id\":\"a\",\"skills\":[]},{\"id\":\"a\",\"skills\":[]}]}").contains("two entries"));
  }

  @Test
  void labels_wrongTypes_areRejected() throws Exception {
    AnswerParser<?> parser = Answers.labels(List.of("a"), CATALOG);
    assertTrue(rejection(parser, "{\"labels\":{}}").contains("must be an array"));
    assertTrue(rejection(parser, "{\"labels\":[{\"id\":1,\"skills\":[]}]}").contains("must be a string"));
    assertTrue(rejection(parser, "{\"labels\":[{\"id\":\"a\",\"skills\":\"add_carry\"}]}").contains("must be an array"));
    assertTrue(rejection(parser, "{\"labels\":[{\"id\":\"a\",\"skills\":[3]}]}").contains("must be a string"));
    assertTrue(rejection(parser, "{\"labels\":[{\"id\":\"a\"}]}").contains("no field 'skills'"));
    assertTrue(rejection(parser, "{\"answer\":[]}").contains("no field 'labels'"));
  }

  @Test
  void labels_moreThanFive_areCutToFive() throws Exception {
    Map<String, List<String>> labels = Answers.labels(List.of("a"), CATALOG).parse(json(
        "{\"labels\":[{\"id\":\"a\",\"skills\":[\"add_carry\",\"sub_borrow\",\"sort_list\",\"compare\",\"percent\",\"remainder\"]}]}"));
    assertEquals(5, labels.get("a").size());
  }

  @Test
  void diagnoses_checkTypesAndClearSkillsOfCorrectResponses() throws Exception {
    Map<String, Diagnosis> d = Answers.diagnoses(List.of("a", "b"), CATALOG).parse(json(
        "{\"diagnoses\":[{\"id\":\"a\",\"correct\":false,\"explanation\":\"step 1\",\"missingSkills\":[\"add_carry\"]},"
            + "{\"id\":\"b\",\"correct\":true,\"explanation\":\"fine\",\"missingSkills\":[\"compare\"]}]}"));
    assertEquals(List.of("add_carry"), d.get("a").missingSkills());
    assertFalse(d.get("a").correct());
    assertEquals(List.of(), d.get("b").missingSkills());
    assertTrue(rejection(Answers.diagnoses(List.of("a"), CATALOG),
        "{\"diagnoses\":[{\"id\":\"a\",\"correct\":\"no\",\"explanation\":\"\",\"missingSkills\":[]}]}")
        .contains("must be true or false"));
  }

  @Test
  void verdicts_parseAndDropTheReasonOfCorrectItems() throws Exception {
    Map<String, Verdict> v = Answers.verdicts(List.of("a")).parse(json(
        "{\"verdicts\":[{\"id\":\"a\",\"correct\":true,\"answer\":\" 42 \",\"reason\":\"n/a\"}]}"));
    assertEquals(Verdict.of("a", true, "42", ""), v.get("a"));
  }

  @Test
  void mergedCatalog_validatesIdsCountAndUniqueness() throws Exception {
    String ok = "{\"skills\":[{\"id\":\"carry\",\"name\":\"Carrying\",\"description\":\"d\",\"covers\":[\"x\"]}]}";
    assertEquals(List.of("carry"), Answers.mergedCatalog(3).parse(json(ok)).ids());
    assertTrue(rejection(Answers.mergedCatalog(3),
        "{\"skills\":[{\"id\":\"Bad Id\",\"name\":\"n\",\"description\":\"d\",\"covers\":[]}]}")
        .contains("not a valid skill id"));
    assertTrue(rejection(Answers.mergedCatalog(1),
        "{\"skills\":[{\"id\":\"a\",\"name\":\"n\",\"description\":\"d\",\"covers\":[]},"
            + "{\"id\":\"b\",\"name\":\"n\",\"description\":\"d\",\"covers\":[]}]}").contains("at most 1"));
    assertTrue(rejection(Answers.mergedCatalog(3),
        "{\"skills\":[{\"id\":\"a\",\"name\":\"n\",\"description\":\"d\",\"covers\":[]},"
            + "{\"id\":\"a\",\"name\":\"m\",\"description\":\"d\",\"covers\":[]}]}").contains("appears twice"));
  }

  @Test
  void skillNames_normaliseAndCut() throws Exception {
    Map<String, List<String>> names = Answers.skillNames(List.of("a"), 2).parse(json(
        "{\"items\":[{\"id\":\"a\",\"skills\":[\"  Addition   with Carry\",\"addition with carry\",\"x\",\"y\"]}]}"));
    assertEquals(List.of("addition with carry", "x"), names.get("a"));
  }

  @Test
  void drafts_needQuestionAndSolutions() throws Exception {
    List<Answers.Draft> drafts = Answers.drafts().parse(json(
        "{\"items\":[{\"question\":\"q?\",\"skills\":[\"add_carry\"],\"solutions\":[{\"rationale\":\"r\",\"answer\":\"1\"}]}]}"));
    assertEquals("q?", drafts.get(0).question());
    assertTrue(rejection(Answers.drafts(), "{\"items\":[{\"question\":\"q\",\"skills\":[],\"solutions\":[]}]}")
        .contains("solutions is empty"));
  }

  @Test
  void readObject_repairsFencesAndChatter_rejectsTheRest() throws Exception {
    assertEquals(1, json("```json\n{\"v\":1}\n```").get("v").asInt());
    assertEquals(1, json("Sure! {\"v\":1} Anything else?").get("v").asInt());
    assertThrows(InvalidAnswerException.class, () -> json("{\"v\":"));
    assertThrows(InvalidAnswerException.class, () -> json("[1,2]"));
    assertThrows(InvalidAnswerException.class, () -> json("   "));
  }

  @Test
  void majority_needsTwoAgreeingOfThree() {
    Answers.Solution a = new Answers.Solution("r1", "12");
    Answers.Solution b = new Answers.Solution("r2", "12.");
    Answers.Solution c = new Answers.Solution("r3", "13");
    assertEquals(a, LlmTeacher.majority(List.of(c, a, b)));
    assertNull(LlmTeacher.majority(List.of(a, c, new Answers.Solution("r4", "14"))));
    assertNull(LlmTeacher.majority(List.of(a)));
  }

  @Test
  void batches_keepRepeatedIdsApartAndRespectTheSize() {
    List<String> ids = List.of("a", "b", "a", "c", "a", "d", "e");
    List<List<Integer>> batches = LlmTeacher.batches(ids, s -> s, 3);
    int total = 0;
    for (List<Integer> batch : batches) {
      assertTrue(batch.size() <= 3);
      assertEquals(batch.size(), batch.stream().map(ids::get).distinct().count(), batches.toString());
      total += batch.size();
    }
    assertEquals(ids.size(), total);
  }
}
