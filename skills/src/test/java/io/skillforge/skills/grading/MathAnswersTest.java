package io.skillforge.skills.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MATH-style answers (Hendrycks et al. 2021) as a case table: {@code math-answers.tsv}, next to
 * this class on the test class path, holds rows of (expected, actual, verdict) in raw LaTeX, one a
 * line, tab-separated, with {@code #} comment lines. The verdict is what {@code skillforge grade}
 * prints: {@code equivalent} or {@code different}. Each row is graded in both directions, since
 * equivalence must not depend on which side is the reference.
 */
class MathAnswersTest {
  private static final String TABLE = "math-answers.tsv";

  private record Row(int line, String expected, String actual, boolean equivalent) {}

  static Stream<Arguments> table() {
    return rows().stream()
        .map(r -> arguments(r.line(), r.expected(), r.actual(), r.equivalent()));
  }

  @ParameterizedTest(name = "line {0}: {1} vs {2} -> {3}")
  @MethodSource("table")
  void equivalent_mathAnswerTable(int line, String expected, String actual, boolean equivalent) {
    String verdict = equivalent ? "equivalent" : "different";
    assertEquals(
        equivalent,
        AnswerGrader.equivalent(expected, actual),
        TABLE + ":" + line + " expected " + verdict + ": " + expected + " vs " + actual);
    assertEquals(
        equivalent,
        AnswerGrader.equivalent(actual, expected),
        TABLE + ":" + line + " expected " + verdict + " swapped: " + actual + " vs " + expected);
  }

  @Test
  void table_holdsBothVerdicts() {
    List<Row> rows = rows();
    long different = rows.stream().filter(r -> !r.equivalent()).count();
    // A table of only positive rows would pass a grader that calls everything equivalent.
    assertTrue(different >= rows.size() / 4, different + " of " + rows.size() + " rows differ");
    assertTrue(different < rows.size(), "no equivalent rows");
  }

  private static List<Row> rows() {
    InputStream in = MathAnswersTest.class.getResourceAsStream(TABLE);
    assertNotNull(in, TABLE + " is not on the test class path");
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        rows.add(row(number, line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static Row row(int number, String line) {
    String[] fields = line.split("\t+");
    if (fields.length != 3 || !fields[2].matches("equivalent|different")) {
      throw new IllegalStateException(
          TABLE + ":" + number + ": want expected<TAB>actual<TAB>equivalent|different: " + line);
    }
    return new Row(number, fields[0], fields[1], fields[2].equals("equivalent"));
  }
}
