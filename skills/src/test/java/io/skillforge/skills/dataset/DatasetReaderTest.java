package io.skillforge.skills.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.Gsm8kFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetReaderTest {

  private static ReadReport read(DatasetReader reader, byte[] bytes, List<Example> sink)
      throws IOException {
    return reader.read(new ByteArrayInputStream(bytes), "sample", sink::add);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void read_gsm8kTrainAndTest_importsEveryItemWithExtractedAnswers() throws IOException {
    DatasetReader reader = DatasetReader.builder().format(DatasetFormat.GSM8K).build();
    List<Example> train = new ArrayList<>();
    List<Example> test = new ArrayList<>();
    ReadReport trainReport = reader.read(Gsm8kFiles.require("train.jsonl"), train::add);
    ReadReport testReport = reader.read(Gsm8kFiles.require("test.jsonl"), test::add);

    assertEquals(7473, trainReport.accepted());
    assertEquals(1319, testReport.accepted());
    assertFalse(trainReport.anyRejected());
    assertFalse(testReport.anyRejected());
    Example first = train.get(0);
    assertEquals("72", first.answer());
    assertEquals("train", first.split());
    assertEquals("test", test.get(0).split());
    assertTrue(first.rationale().endsWith("72 clips altogether in April and May."), first.rationale());
    assertFalse(first.rationale().contains("####"));
    for (Example e : train) {
      assertTrue(e.answer().matches("-?[0-9][0-9,]*(\\.[0-9]+)?"), () -> e.id() + " answer " + e.answer());
    }
    assertEquals(7473, train.stream().map(Example::id).distinct().count());
  }

  @Test
  void read_plantedBadLines_keepsGoodLinesAndNamesEachBadOne() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(utf8("{\"question\":\"q1\",\"answer\":\"a\\n#### 1\"}\n"));
    file.writeBytes(utf8("{\"question\":\"q2\",\"answer\":\"no marker\"}\n"));
    file.writeBytes(utf8("{\"question\":\"q3\",\n"));
    file.writeBytes(utf8("{\"answer\":\"x\\n#### 3\"}\n"));
    file.writeBytes(new byte[] {'{', '"', 'q', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
    file.writeBytes(utf8("\n"));
    file.writeBytes(utf8("[1,2]\r\n"));
    file.writeBytes(utf8("{\"question\":\"q8\",\"answer\":\"b\\r\\n#### 8\"}\r\n"));
    DatasetReader reader =
        DatasetReader.builder().format(DatasetFormat.GSM8K).split("train").build();
    List<Example> kept = new ArrayList<>();

    ReadReport report = read(reader, file.toByteArray(), kept);

    assertEquals(List.of("1", "8"), kept.stream().map(Example::answer).toList());
    assertEquals(List.of("sample-1", "sample-8"), kept.stream().map(Example::id).toList());
    assertEquals(5, report.rejected());
    assertEquals(List.of(2L, 3L, 4L, 5L, 7L), report.rejections().stream().map(Rejection::line).toList());
    assertTrue(report.rejections().get(0).reason().contains("####"), report.rejections().toString());
    assertTrue(report.rejections().get(1).reason().startsWith("broken JSON"));
    assertTrue(report.rejections().get(2).reason().contains("missing field 'question'"));
    assertTrue(report.rejections().get(3).reason().contains("invalid UTF-8 at byte 4"),
        report.rejections().get(3).reason());
    assertTrue(report.rejections().get(4).reason().contains("not a JSON object"));
  }

  @Test
  void read_lineOverLimit_rejectsThatLineOnly() throws IOException {
    String longQuestion = "x".repeat(500);
    String text = "{\"question\":\"" + longQuestion + "\",\"answer\":\"1\"}\n"
        + "{\"question\":\"short\",\"answer\":\"2\"}";
    DatasetReader reader = DatasetReader.builder().maxLineBytes(100).build();
    List<Example> kept = new ArrayList<>();

    ReadReport report = read(reader, utf8(text), kept);

    assertEquals(1, kept.size());
    assertEquals("short", kept.get(0).question());
    assertEquals(1, report.rejections().get(0).line());
    assertTrue(report.rejections().get(0).reason().contains("over the limit of 100 bytes"));
  }

  @Test
  void read_fieldMapping_mapsRenamedFieldsAndSkills() throws IOException {
    String text = "{\"prompt\":\"2+2?\",\"target\":\"4\",\"steps\":\"2+2=4\",\"labels\":[\"add\"],\"key\":\"k1\"}\n"
        + "{\"prompt\":\"3+3?\",\"target\":6,\"labels\":\"add\"}\n"
        + "{\"prompt\":\"bad id\",\"target\":\"1\",\"labels\":[\"Not An Id\"]}\n";
    FieldMapping mapping = FieldMapping.DEFAULT.withQuestion("prompt").withAnswer("target")
        .withRationale("steps").withSkills("labels").withId("key");
    List<Example> kept = new ArrayList<>();

    ReadReport report = read(DatasetReader.builder().fields(mapping).build(), utf8(text), kept);

    assertEquals(1, kept.size());
    Example e = kept.get(0);
    assertEquals("k1", e.id());
    assertEquals("2+2=4", e.rationale());
    assertEquals(List.of("add"), e.skills());
    assertEquals(Example.Source.IMPORTED, e.source());
    assertEquals(2, report.rejected());
    assertTrue(report.rejections().get(0).reason().contains("array"));
    assertTrue(report.rejections().get(1).reason().contains("skill id"));
  }

  @Test
  void read_weightsWrittenByTrainingSetWriterAndExampleJson_comeBackUnchanged() throws IOException {
    double[] weights = {1.0, 2.5, 0.125, 1e-3, 7.0 / 3.0, 1.0};
    StringWriter full = new StringWriter();
    StringWriter promptCompletion = new StringWriter();
    StringBuilder exampleJson = new StringBuilder();
    List<Example> written = new ArrayList<>();
    try (TrainingSetWriter fullWriter = new TrainingSetWriter(full, TrainingFormat.FULL);
        TrainingSetWriter pcWriter =
            new TrainingSetWriter(promptCompletion, TrainingFormat.PROMPT_COMPLETION)) {
      for (int i = 0; i < weights.length; i++) {
        Example e = Example.of("w" + i, "What is " + i + "+1?", i + "+1=" + (i + 1),
            String.valueOf(i + 1), List.of("add"), Example.Source.SYNTHESIZED, "train")
            .withWeight(weights[i]);
        written.add(e);
        fullWriter.write(e);
        pcWriter.write(e);
        exampleJson.append(ExampleJson.toJson(e)).append('\n');
      }
    }
    List<Example> fromFull = new ArrayList<>();
    List<Example> fromJson = new ArrayList<>();
    List<Example> fromPc = new ArrayList<>();
    DatasetReader reader = DatasetReader.builder().build();
    assertFalse(read(reader, utf8(full.toString()), fromFull).anyRejected());
    assertFalse(read(reader, utf8(exampleJson.toString()), fromJson).anyRejected());
    DatasetReader pcReader = DatasetReader.builder()
        .fields(FieldMapping.DEFAULT.withQuestion("prompt").withAnswer("completion")).build();
    assertFalse(read(pcReader, utf8(promptCompletion.toString()), fromPc).anyRejected());

    for (int i = 0; i < weights.length; i++) {
      assertEquals(weights[i], fromFull.get(i).weight(), "full line " + (i + 1));
      assertEquals(weights[i], fromJson.get(i).weight(), "ExampleJson line " + (i + 1));
      assertEquals(weights[i], fromPc.get(i).weight(), "prompt-completion line " + (i + 1));
      assertEquals(written.get(i).id(), fromFull.get(i).id());
    }
  }

  @Test
  void read_mappedWeightField_isReadFromThatName() throws IOException {
    String text = "{\"question\":\"q1\",\"answer\":\"1\",\"w\":3,\"weight\":5}\n"
        + "{\"question\":\"q2\",\"answer\":\"2\",\"weight\":5}\n";
    List<Example> kept = new ArrayList<>();
    read(DatasetReader.builder().fields(FieldMapping.DEFAULT.withWeight("w")).build(), utf8(text),
        kept);
    assertEquals(3.0, kept.get(0).weight());
    assertEquals(1.0, kept.get(1).weight(), "the unmapped name is not read");
  }

  @Test
  void read_weightNotAFinitePositiveNumber_rejectsThatLineWithReason() throws IOException {
    String text = "{\"question\":\"q1\",\"answer\":\"1\",\"weight\":0.5}\n"
        + "{\"question\":\"q2\",\"answer\":\"2\",\"weight\":0}\n"
        + "{\"question\":\"q3\",\"answer\":\"3\",\"weight\":-2}\n"
        + "{\"question\":\"q4\",\"answer\":\"4\",\"weight\":\"2\"}\n"
        + "{\"question\":\"q5\",\"answer\":\"5\",\"weight\":1e400}\n"
        + "{\"question\":\"q6\",\"answer\":\"6\",\"weight\":null}\n"
        + "{\"question\":\"q7\",\"answer\":\"7\",\"weight\":[1]}\n";
    List<Example> kept = new ArrayList<>();

    ReadReport report = read(DatasetReader.builder().build(), utf8(text), kept);

    assertEquals(List.of("q1", "q6"), kept.stream().map(Example::question).toList());
    assertEquals(0.5, kept.get(0).weight());
    assertEquals(1.0, kept.get(1).weight(), "null weight counts as absent");
    assertEquals(List.of(2L, 3L, 4L, 5L, 7L),
        report.rejections().stream().map(Rejection::line).toList());
    List<String> reasons = report.rejections().stream().map(Rejection::reason).toList();
    assertTrue(reasons.get(0).contains("'weight' must be a finite number > 0 but was 0"), reasons.get(0));
    assertTrue(reasons.get(1).contains("but was -2"), reasons.get(1));
    assertTrue(reasons.get(2).contains("'weight' must be a number, not string"), reasons.get(2));
    assertTrue(reasons.get(3).contains("'weight' must be a finite number > 0"), reasons.get(3));
    assertTrue(reasons.get(4).contains("must be a number, not array"), reasons.get(4));
  }

  @Test
  void read_utf8ByteOrderMarkAndMultibyteText_arePreserved() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(bom);
    file.writeBytes(utf8("{\"question\":\"Größe von 🍎?\",\"answer\":\"3\"}"));
    List<Example> kept = new ArrayList<>();

    ReadReport report = read(DatasetReader.builder().build(), file.toByteArray(), kept);

    assertFalse(report.anyRejected(), report.rejections().toString());
    assertEquals("Größe von 🍎?", kept.get(0).question());
  }

  @Test
  void read_manyBadLines_countsAllButKeepsReportBounded() throws IOException {
    String text = "not json\n".repeat(DatasetReader.MAX_REPORTED_REJECTIONS + 10);
    ReadReport report = read(DatasetReader.builder().build(), utf8(text), new ArrayList<>());
    assertEquals(DatasetReader.MAX_REPORTED_REJECTIONS + 10, report.rejected());
    assertEquals(DatasetReader.MAX_REPORTED_REJECTIONS, report.rejections().size());
  }

  @Test
  void read_fileNamedTest_takesSplitFromFileStem(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("test.jsonl");
    Files.writeString(file, "{\"question\":\"q\",\"answer\":\"1\"}\n");
    List<Example> kept = new ArrayList<>();
    DatasetReader.builder().build().read(file, kept::add);
    assertEquals("test", kept.get(0).split());
    assertEquals("test-1", kept.get(0).id());
  }
}
