package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.distill.RoundReport.TrainingSummary;
import io.skillforge.skills.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundReportJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Through text, as a saved report is read back, not only through the tree. */
  private static RoundReport roundTrip(RoundReport report) throws IOException {
    String text = RoundReportJson.toJson(report).toPrettyString();
    return RoundReportJson.fromJson(JSON.readTree(text));
  }

  @Test
  void fromJson_toJson_givesEqualReport() throws IOException {
    RoundReport report = TestReports.full();
    assertEquals(report, roundTrip(report));
  }

  @Test
  void fromJson_toJson_emptyReportWithUnmeasuredLosses() throws IOException {
    RoundReport report = TestReports.empty();
    RoundReport back = roundTrip(report);
    assertEquals(report, back);
    assertTrue(Double.isNaN(back.training().firstLoss()));
  }

  @Test
  void fromJson_toJson_keepsMissingNamesAndInfiniteLoss() throws IOException {
    RoundReport report = TestReports.report().names(null, null, null, null, null)
        .training(new TrainingSummary("built-in", 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, null))
        .build();
    assertEquals(report, roundTrip(report));
  }

  @Test
  void toJson_keysMatchTheRecord() {
    ObjectNode json = RoundReportJson.toJson(TestReports.full());
    List<String> keys = Stream.of(RoundReport.class.getRecordComponents()).map(c -> c.getName()).toList();
    for (String key : keys) {
      assertTrue(json.has(key), key);
    }
    assertEquals("2025-03-04T05:06:07Z", json.get("finishedAt").asText());
    assertEquals("syn", json.get("method").asText());
    assertEquals(9_500, json.at("/data/draws").asInt());
    assertEquals(1_900, json.at("/data/mixedBack").asInt());
    assertEquals(31, json.at("/data/rejected/disagreeing solutions").asInt());
    assertEquals("mix.jsonl", json.at("/data/files/1").asText());
    assertEquals(600, json.at("/training/steps").asInt());
    assertEquals(0.4112, json.at("/training/finalLoss").asDouble());
  }

  @Test
  void toJson_scoresAsItemsCorrectAccuracy() {
    JsonNode before = RoundReportJson.toJson(TestReports.full()).at("/before/add_carry");
    assertEquals(200, before.get("items").asInt());
    assertEquals(80, before.get("correct").asInt());
    assertEquals(0.40, before.get("accuracy").asDouble(), 1e-12);
    assertEquals(0.65, RoundReportJson.toJson(TestReports.full()).at("/after/add_carry/accuracy").asDouble(), 1e-12);
  }

  @Test
  void toJson_gainPerSkillAndOverall() {
    ObjectNode json = RoundReportJson.toJson(TestReports.full());
    assertEquals(130 / 200.0 - 80 / 200.0, json.at("/gain/add_carry").asDouble(), 1e-12);
    assertEquals(45 / 100.0 - 50 / 100.0, json.at("/gain/remainder").asDouble(), 1e-12);
    assertEquals(0.0, json.at("/gain/compare").asDouble(), 1e-12);
    assertEquals(0.525 - 0.40, json.get("overallGain").asDouble(), 1e-12);
  }

  @Test
  void toJson_gainOfSkillMeasuredOnlyBefore_isNull() {
    RoundReport report = TestReports.report().skill("add_carry", 10, 4, 6).onlyBefore("remainder", 10, 5).build();
    JsonNode gain = RoundReportJson.toJson(report).get("gain");
    assertTrue(gain.get("remainder").isNull());
    assertEquals(0.2, gain.get("add_carry").asDouble(), 1e-12);
  }

  @Test
  void toJson_profileAsMissingSkillProfileJson() {
    JsonNode profile = RoundReportJson.toJson(TestReports.full()).get("profile");
    assertEquals(500, profile.get("difficultQuestions").asInt());
    assertEquals(40, profile.at("/counts/add_carry").asInt());
    assertEquals(40.0 / 74, profile.at("/distribution/add_carry").asDouble(), 1e-12);
    assertEquals(TestReports.NASTY, profile.at("/evidence/sub_borrow/0/response").asText());
  }

  @Test
  void toJson_unmeasuredLossIsNull() {
    JsonNode training = RoundReportJson.toJson(TestReports.empty()).get("training");
    assertTrue(training.get("firstLoss").isNull());
    assertTrue(training.get("finalLoss").isNull());
  }

  @Test
  void fromJson_withoutRun_badInput() {
    ObjectNode json = RoundReportJson.toJson(TestReports.full());
    json.remove("run");
    BadInputException e = assertThrows(BadInputException.class, () -> RoundReportJson.fromJson(json));
    assertTrue(e.getMessage().contains("run"), e.getMessage());
  }

  @Test
  void fromJson_badFinishedAt_badInput() {
    ObjectNode json = RoundReportJson.toJson(TestReports.full());
    json.put("finishedAt", "yesterday");
    BadInputException e = assertThrows(BadInputException.class, () -> RoundReportJson.fromJson(json));
    assertTrue(e.getMessage().contains("yesterday"), e.getMessage());
  }

  @Test
  void fromJson_fractionalRound_badInput() {
    ObjectNode json = RoundReportJson.toJson(TestReports.full());
    json.put("round", 1.5);
    assertThrows(BadInputException.class, () -> RoundReportJson.fromJson(json));
  }

  @Test
  void fromJson_notAnObject_badInput() {
    assertThrows(BadInputException.class, () -> RoundReportJson.fromJson(JSON.createArrayNode()));
  }

  @Test
  void write_prettyJsonThatReadsBack() throws IOException {
    Path file = dir.resolve("round-2/report.json");
    RoundReport report = TestReports.full();
    RoundReportJson.write(report, file);
    String text = Files.readString(file);
    assertTrue(text.startsWith("{\n  \"run\""), text.substring(0, 20));
    assertTrue(text.endsWith("}\n"));
    assertEquals(report, RoundReportJson.fromJson(JSON.readTree(text)));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no partial file is left beside the report");
    }
  }
}
