package io.skillforge.skills.index;

import static io.skillforge.skills.index.TestExamples.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneSkillIndexTest {
  @TempDir Path dir;
  private SkillIndex index;

  private static IndexOptions manualRefresh() {
    return IndexOptions.defaults().withRefreshInterval(Duration.ZERO);
  }

  @BeforeEach
  void open() throws IOException {
    index = SkillIndex.open(dir.resolve("index"), manualRefresh());
  }

  @AfterEach
  void close() throws IOException {
    index.close();
  }

  private List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(h -> h.example().id()).toList();
  }

  // ---- forEach

  @Test
  void forEach_filterAcrossSegments_visitsEveryLiveMatchOnce() throws IOException {
    for (int i = 0; i < 30; i++) {
      index.add(example("e" + i, "question number " + i + " about apples", i % 3 == 0 ? "fractions" : "addition"));
      if (i % 10 == 9) {
        index.commit(); // several segments
      }
    }
    index.delete("e3");
    index.add(example("e6", "question number six rewritten about pears", "fractions"));
    index.commit();
    List<String> visited = new ArrayList<>();

    long count = index.forEach(SearchRequest.builder().anySkill("fractions").build(), e -> visited.add(e.id()));

    // fractions: e0, e3, e6, ..., e27 (10 examples), minus the deleted e3; e6 visited once, new text
    assertEquals(9, count);
    assertEquals(Set.of("e0", "e6", "e9", "e12", "e15", "e18", "e21", "e24", "e27"), new HashSet<>(visited));
    assertEquals(9, visited.size());
    assertEquals(30 - 1, index.forEach(SearchRequest.all(), e -> {}));
  }

  @Test
  void forEach_visitorThrows_stopsAndPropagates() throws IOException {
    index.add(example("a", "first question about cats", "x"));
    index.add(example("b", "second question about dogs", "x"));
    index.commit();
    List<String> seen = new ArrayList<>();
    IOException thrown = assertThrows(IOException.class, () -> index.forEach(SearchRequest.all(), e -> {
      seen.add(e.id());
      throw new IOException("disk full");
    }));
    assertEquals("disk full", thrown.getMessage());
    assertEquals(1, seen.size());
  }

  // ---- add / get / round trip

  @Test
  void get_afterCommitAndReopen_returnsEveryFieldExactly() throws IOException {
    Example e = new Example(
        "q-1", "Ana has 3 apples, buys 4 more. How many?  ", "3 + 4 = 7\nSo 7 ✓", "7",
        List.of("addition", "word-problems"), Example.Source.SYNTHESIZED, "test",
        new Provenance("gpt-x", "job-42", Instant.parse("2024-03-01T10:15:30.123456789Z")), 2.5);
    Example noTeacher = new Example(
        "q-2", "Other question here", "", "1", List.of(), Example.Source.IMPORTED, "train",
        new Provenance(null, null, Instant.ofEpochSecond(0)), 1.0);
    index.add(e);
    index.add(noTeacher);
    index.commit();
    index.close();
    index = SkillIndex.open(dir.resolve("index"), manualRefresh());

    assertEquals(Optional.of(e), index.get("q-1"));
    assertEquals(Optional.of(noTeacher), index.get("q-2"));
    assertEquals(Optional.empty(), index.get("q-3"));
    assertEquals(e, index.search(SearchRequest.builder().anySkill("addition").build()).get(0).example());
  }

  @Test
  void get_beforeRefresh_seesOwnWritesButSearchDoesNot() throws IOException {
    Example e = example("a", "a fresh question about trains", "x");
    index.add(e);

    assertEquals(Optional.of(e), index.get("a"));
    assertEquals(0, index.search(SearchRequest.all()).size());
    index.refresh();
    assertEquals(List.of("a"), ids(index.search(SearchRequest.all())));
  }

  @Test
  void add_sameId_replacesTheExample() throws IOException {
    index.add(example("a", "first version of the text", "x"));
    index.commit();
    Example second = example("a", "an entirely different second question", "y");
    AddResult result = index.add(second);
    index.commit();

    assertEquals(AddResult.Status.ADDED, result.status());
    assertEquals(Optional.of(second), index.get("a"));
    IndexCounts stats = index.stats();
    assertEquals(1, stats.documents());
    assertEquals(Map.of("y", 1L), stats.perSkill());
  }

  @Test
  void add_sameIdNearlySameText_isNotItsOwnDuplicate() throws IOException {
    String q = "Sam buys twelve pencils at the shop and gives five of them to his friend Lee today";
    index.add(example("a", q, "x"));
    index.commit();

    AddResult result = index.add(example("a", q + ".", "x"));

    assertEquals(AddResult.Status.ADDED, result.status());
  }

  // ---- delete

  @Test
  void delete_existing_removesItAndReportsTrue() throws IOException {
    index.add(example("a", "question one is here", "x"));
    index.add(example("b", "question two is there", "x"));
    index.commit();

    assertTrue(index.delete("a"));
    assertFalse(index.delete("missing"));
    assertEquals(Optional.empty(), index.get("a"));
    index.commit();
    assertEquals(List.of("b"), ids(index.search(SearchRequest.all())));
    assertEquals(1, index.stats().documents());
  }

  @Test
  void delete_thenAddNearCopy_isNotADuplicateOfTheDeleted() throws IOException {
    String q = "A farmer has 17 cows and buys 5 more cows at the market on Monday morning";
    index.add(example("a", q, "x"));
    index.commit();
    index.delete("a");

    assertEquals(AddResult.Status.ADDED, index.add(example("b", q, "x")).status());
  }

  // ---- search and filters

  private void addFilterFixture() throws IOException {
    index.add(example("s1", "apples and oranges in a basket", Example.Source.SEED, "train", "addition"));
    index.add(example("s2", "trains leave the station at noon", Example.Source.SEED, "test", "addition", "rates"));
    index.add(example("s3", "apples cost two dollars each", Example.Source.SYNTHESIZED, "train", "multiplication"));
    index.add(example("s4", "a train carries apples across town", Example.Source.IMPORTED, "train", "rates", "multiplication"));
    index.add(example("s5", "nothing in common with others", Example.Source.IMPORTED, "test"));
    index.commit();
  }

  @Test
  void search_text_ranksByBm25OverQuestionAndRationale() throws IOException {
    addFilterFixture();

    List<SearchHit> hits = index.search(SearchRequest.builder().text("apples").limit(10).build());

    assertEquals(Set.of("s1", "s3", "s4"), new HashSet<>(ids(hits)));
    for (int i = 1; i < hits.size(); i++) {
      assertTrue(hits.get(i - 1).score() >= hits.get(i).score());
    }
    // "solution" only occurs in rationales ("Worked solution of ...").
    assertEquals(5, index.search(SearchRequest.builder().text("solution").build()).size());
    // Stemming: "train" matches "trains".
    assertEquals(Set.of("s2", "s4"), new HashSet<>(ids(index.search(SearchRequest.builder().text("train").build()))));
  }

  @Test
  void search_anySkills_matchesExamplesWithAtLeastOne() throws IOException {
    addFilterFixture();

    assertEquals(Set.of("s1", "s2", "s3", "s4"), new HashSet<>(ids(index.search(
        SearchRequest.builder().anySkill("addition", "multiplication").build()))));
    assertEquals(Set.of("s2", "s4"), new HashSet<>(ids(index.search(
        SearchRequest.builder().anySkill("rates").build()))));
  }

  @Test
  void search_allSkills_matchesExamplesWithEvery() throws IOException {
    addFilterFixture();

    assertEquals(List.of("s4"), ids(index.search(
        SearchRequest.builder().allSkills("rates", "multiplication").build())));
    assertEquals(List.of(), ids(index.search(
        SearchRequest.builder().allSkills("addition", "multiplication").build())));
  }

  @Test
  void search_sourceSplitAndText_combine() throws IOException {
    addFilterFixture();

    assertEquals(Set.of("s4", "s5"), new HashSet<>(ids(index.search(
        SearchRequest.builder().source(Example.Source.IMPORTED).build()))));
    assertEquals(Set.of("s2", "s5"), new HashSet<>(ids(index.search(
        SearchRequest.builder().split("test").build()))));
    assertEquals(List.of("s3"), ids(index.search(
        SearchRequest.builder().text("apples").split("train").anySkill("multiplication")
            .source(Example.Source.SYNTHESIZED).build())));
    assertEquals(List.of("s4"), ids(index.search(
        SearchRequest.builder().text("apples").anySkill("rates").build())));
  }

  @Test
  void search_filterOnly_scoresOneAndHonoursLimit() throws IOException {
    addFilterFixture();

    List<SearchHit> hits = index.search(SearchRequest.builder().split("train").limit(2).build());

    assertEquals(2, hits.size());
    assertTrue(hits.stream().allMatch(h -> h.score() == 1f));
  }

  @Test
  void search_textWithoutWords_matchesNothing() throws IOException {
    addFilterFixture();

    assertEquals(List.of(), index.search(SearchRequest.builder().text("?! -- ...").build()));
  }

  // ---- counts

  @Test
  void counts_whole_givesPerSkillSourceAndSplit() throws IOException {
    addFilterFixture();

    IndexCounts stats = index.stats();

    assertEquals(5, stats.documents());
    assertEquals(Map.of("addition", 2L, "rates", 2L, "multiplication", 2L), stats.perSkill());
    assertEquals(Map.of("seed", 2L, "synthesized", 1L, "imported", 2L), stats.perSource());
    assertEquals(Map.of("train", 3L, "test", 2L), stats.perSplit());
  }

  @Test
  void counts_filtered_countsOnlyMatches() throws IOException {
    addFilterFixture();
    index.delete("s1");
    index.commit();

    IndexCounts counts = index.counts(SearchRequest.builder().split("train").build());

    assertEquals(2, counts.documents());
    assertEquals(Map.of("multiplication", 2L, "rates", 1L), counts.perSkill());
    assertEquals(Map.of("synthesized", 1L, "imported", 1L), counts.perSource());
  }

  @Test
  void counts_manySegmentsAndDeletes_matchBruteForce() throws IOException {
    List<String> skills = List.of("s-a", "s-b", "s-c", "s-d");
    Map<String, Long> expected = new java.util.TreeMap<>();
    java.util.Random random = new java.util.Random(7);
    List<Example> kept = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> mine = new ArrayList<>();
      for (String s : skills) {
        if (random.nextInt(3) == 0) {
          mine.add(s);
        }
      }
      Example e = example("e" + i, "generated question number " + i + " with words " + random.nextInt(), mine.toArray(String[]::new));
      index.add(e, DuplicatePolicy.ALLOW);
      kept.add(e);
      if (i % 50 == 49) {
        index.commit();
      }
    }
    for (int i = 0; i < 300; i += 7) {
      index.delete("e" + i);
    }
    index.commit();
    kept.removeIf(e -> Integer.parseInt(e.id().substring(1)) % 7 == 0);
    for (Example e : kept) {
      e.skills().forEach(s -> expected.merge(s, 1L, Long::sum));
    }

    IndexCounts stats = index.stats();

    assertEquals(kept.size(), stats.documents());
    assertEquals(expected, stats.perSkill());
  }

  // ---- near-duplicates

  private static final String LONG_Q =
      "Maria bakes 24 cookies for the school fair and sells them in bags of three cookies each; "
          + "after the fair she has two bags left over, so how many bags did she sell in total";

  @Test
  void add_nearDuplicateUnderReject_isNotStoredAndNamesTheOriginal() throws IOException {
    index.add(example("orig", LONG_Q, "division"));
    index.commit();

    AddResult result = index.add(example("copy", LONG_Q.toUpperCase().replace(";", "!!"), "division"));

    assertEquals(AddResult.Status.REJECTED, result.status());
    assertEquals("orig", result.duplicateOf().id());
    assertEquals(1.0, result.duplicateOf().similarity());
    assertFalse(result.stored());
    assertEquals(Optional.empty(), index.get("copy"));
    index.commit();
    assertEquals(1, index.stats().documents());
  }

  @Test
  void add_nearDuplicateUnderFlag_isStoredAndNamesTheOriginal() throws IOException {
    index.add(example("orig", LONG_Q, "division"));
    index.commit();
    String edited = LONG_Q.replace("school", "town");

    AddResult result = index.add(example("copy", edited, "division"), DuplicatePolicy.FLAG);

    assertEquals(AddResult.Status.FLAGGED, result.status());
    assertEquals("orig", result.duplicateOf().id());
    double expected = TextSimilarity.similarity(LONG_Q, edited);
    assertTrue(expected >= 0.8 && expected < 1, "fixture similarity " + expected);
    assertEquals(expected, result.duplicateOf().similarity(), 1e-12);
    assertTrue(index.get("copy").isPresent());
  }

  @Test
  void add_nearDuplicateOfUncommittedUnrefreshedWrite_isDetected() throws IOException {
    index.add(example("orig", LONG_Q, "division"));

    AddResult result = index.add(example("copy", LONG_Q + " ?", "division"));

    assertEquals(AddResult.Status.REJECTED, result.status());
    assertEquals("orig", result.duplicateOf().id());
  }

  @Test
  void add_belowThreshold_isAdded() throws IOException {
    index.add(example("orig", LONG_Q, "division"));
    index.commit();
    String different =
        "Maria bakes 30 muffins for the church sale and sells them in boxes of five muffins each; "
            + "after the sale she has one box left over, so how many boxes did she sell in total";
    assertTrue(TextSimilarity.similarity(LONG_Q, different) < 0.8);

    assertEquals(AddResult.Status.ADDED, index.add(example("other", different, "division")).status());
  }

  @Test
  void add_allowPolicy_storesExactCopies() throws IOException {
    index.add(example("orig", LONG_Q, "division"));

    AddResult result = index.add(example("copy", LONG_Q, "division"), DuplicatePolicy.ALLOW);

    assertEquals(AddResult.Status.ADDED, result.status());
    index.commit();
    assertEquals(2, index.stats().documents());
  }

  @Test
  void add_lowerThreshold_findsLooserCopies() throws IOException {
    index.close();
    index = SkillIndex.open(dir.resolve("loose"), manualRefresh().withNearDuplicateThreshold(0.65));
    StringBuilder words = new StringBuilder();
    for (int w = 1; w <= 40; w++) {
      words.append("w").append(w).append(' ');
    }
    String a = words.toString().trim();
    String b = a.replace("w10 ", "x10 ").replace("w30 ", "x30 ");
    double similarity = TextSimilarity.similarity(a, b);
    assertEquals(32.0 / 44.0, similarity, 1e-12);
    index.add(example("a", a));
    index.commit();

    AddResult result = index.add(example("b", b));

    assertEquals(AddResult.Status.REJECTED, result.status());
    assertEquals(similarity, result.duplicateOf().similarity(), 1e-12);
    // The default threshold lets the same pair through.
    assertEquals(Optional.empty(), reopenDefault().findNearDuplicate(b, null));
  }

  private SkillIndex reopenDefault() throws IOException {
    index.close();
    index = SkillIndex.open(dir.resolve("loose"), manualRefresh());
    return index;
  }

  @Test
  void addAll_copiesWithinOneBatch_areCaughtInOrder() throws IOException {
    List<AddResult> results = index.addAll(List.of(
        example("a", LONG_Q), example("b", "something else entirely, about boats"),
        example("c", LONG_Q + "!"), example("d", LONG_Q)), DuplicatePolicy.REJECT);

    assertEquals(List.of(AddResult.Status.ADDED, AddResult.Status.ADDED, AddResult.Status.REJECTED,
        AddResult.Status.REJECTED), results.stream().map(AddResult::status).toList());
    assertEquals("a", results.get(3).duplicateOf().id());
  }

  @Test
  void findNearDuplicate_picksTheMostSimilar() throws IOException {
    String closer = LONG_Q.replace(";", " --");
    String farther = LONG_Q.replace("school", "town");
    index.add(example("far", farther), DuplicatePolicy.ALLOW);
    index.add(example("near", closer), DuplicatePolicy.ALLOW);
    index.commit();

    DuplicateMatch match = index.findNearDuplicate(LONG_Q, null).orElseThrow();

    assertEquals("near", match.id());
    assertEquals(Optional.empty(), index.findNearDuplicate("unrelated words about the weather today", null));
    assertEquals("far", index.findNearDuplicate(LONG_Q, "near").orElseThrow().id());
  }

  @Test
  void findNearDuplicate_manyMoreWritesThanTheRefreshBound_stillSeesAll() throws IOException {
    // More than maxPendingWrites writes force refreshes in between: checks must miss neither side.
    index.close();
    index = SkillIndex.open(dir.resolve("bound"), manualRefresh().withMaxPendingWrites(100));
    for (int i = 0; i < 1_050; i++) {
      index.add(example("g" + i, "generated item " + i + " alpha beta gamma delta " + (i * 31)), DuplicatePolicy.ALLOW);
    }
    for (int i : new int[] {0, 500, 1_049}) {
      String q = "generated item " + i + " alpha beta gamma delta " + (i * 31);
      assertEquals("g" + i, index.findNearDuplicate(q, null).orElseThrow().id(), "item " + i);
    }
  }

  // ---- exemplars

  @Test
  void exemplars_manyNearCopies_returnsDiverseItems() throws IOException {
    // Ten templated near-copies first (so index order would return them), then five distinct items.
    for (int i = 0; i < 10; i++) {
      index.add(example("copy" + i, LONG_Q.replace("24", String.valueOf(24 + i)), "division"),
          DuplicatePolicy.ALLOW);
    }
    List<String> distinct = List.of(
        "A tank holds 120 litres and drains at 8 litres a minute; when is it empty",
        "Split 45 marbles evenly among 9 children and say how many each child gets",
        "How many weeks are there in 364 days if every week has seven days",
        "A rope of 56 metres is cut into pieces of 7 metres; count the pieces",
        "Each bus seats 40 pupils; how many buses carry 200 pupils on the trip");
    for (int i = 0; i < distinct.size(); i++) {
      index.add(example("d" + i, distinct.get(i), "division"), DuplicatePolicy.ALLOW);
    }
    index.add(example("other", "unrelated item with another skill", "addition"));
    index.commit();
    List<String> plain = ids(index.search(SearchRequest.builder().anySkill("division").limit(4).build()));
    assertTrue(plain.stream().allMatch(id -> id.startsWith("copy")), "baseline " + plain);

    List<Example> picked = index.exemplars(new ExemplarRequest("division", 4, null, 100, 0.5, 1));

    assertEquals(4, picked.size());
    assertTrue(picked.stream().allMatch(e -> e.skills().contains("division")));
    assertTrue(picked.stream().filter(e -> e.id().startsWith("copy")).count() <= 1, "picked " + picked);
    for (int i = 0; i < picked.size(); i++) {
      for (int j = i + 1; j < picked.size(); j++) {
        double s = TextSimilarity.similarity(picked.get(i).question(), picked.get(j).question());
        assertTrue(s < 0.8, picked.get(i).id() + " ~ " + picked.get(j).id() + " = " + s);
      }
    }
  }

  @Test
  void exemplars_onlyNearCopies_returnsFewerThanAsked() throws IOException {
    for (int i = 0; i < 6; i++) {
      index.add(example("copy" + i, LONG_Q + " " + "!".repeat(i), "division"), DuplicatePolicy.ALLOW);
    }
    index.commit();

    assertEquals(1, index.exemplars(ExemplarRequest.of("division", 3, 5)).size());
  }

  @Test
  void exemplars_near_prefersRelevantItems() throws IOException {
    index.add(example("boat", "A boat sails 30 miles in 3 hours; find its speed", "rates"));
    index.add(example("car", "A car drives 120 km in 2 hours; find its speed", "rates"));
    index.add(example("pump", "A pump fills 50 buckets in 5 minutes; find its rate", "rates"));
    index.add(example("ship", "A ship sails 90 miles in 6 hours to the island", "rates"));
    index.commit();

    List<Example> picked = index.exemplars(ExemplarRequest.near("rates", 1, "the boat sails miles"));

    assertTrue(Set.of("boat", "ship").contains(picked.get(0).id()), "picked " + picked);
  }

  @Test
  void exemplars_sameSeed_sameResult() throws IOException {
    for (int i = 0; i < 40; i++) {
      index.add(example("e" + i, "distinct question " + i + " " + Integer.toString(i * 7919, 36) + " words", "s"));
    }
    index.commit();

    List<Example> a = index.exemplars(ExemplarRequest.of("s", 5, 11));
    List<Example> b = index.exemplars(ExemplarRequest.of("s", 5, 11));

    assertEquals(a, b);
    assertEquals(5, a.size());
  }

  // ---- memory over long imports

  private static List<Example> generated(int from, int count) {
    List<Example> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(example("m" + i, "generated question " + i + " about " + Integer.toString(i * 7919, 36), "s"));
    }
    return out;
  }

  @Test
  void commit_afterManyUncommittedAdds_releasesWhatTheIndexKeptForThem() throws IOException {
    LuceneSkillIndex lucene = (LuceneSkillIndex) index;
    for (int from = 0; from < 2_000; from += 500) {
      index.addAll(generated(from, 500), DuplicatePolicy.FLAG);
    }
    assertEquals(2_000, lucene.pendingWrites());

    index.commit();

    assertEquals(0, lucene.pendingWrites());
    assertEquals(2_000, index.stats().documents());
    // Checks still see the committed examples, now through the index.
    assertEquals("m1234", index.findNearDuplicate(generated(1_234, 1).get(0).question(), null).orElseThrow().id());
  }

  @Test
  void addAll_manyMoreWritesThanTheBound_keepsPendingWritesWithinIt() throws IOException {
    index.close();
    index = SkillIndex.open(dir.resolve("bounded"), manualRefresh().withMaxPendingWrites(700));
    LuceneSkillIndex lucene = (LuceneSkillIndex) index;
    for (int from = 0; from < 6_000; from += 300) {
      index.addAll(generated(from, 300), DuplicatePolicy.FLAG);
      assertTrue(lucene.pendingWrites() <= 700, lucene.pendingWrites() + " pending after " + (from + 300));
    }
    index.commit();
    assertEquals(6_000, index.stats().documents());
  }

  // ---- lifecycle

  @Test
  void open_sameDirectoryTwice_failsWithClearMessage() {
    IOException e = assertThrows(IOException.class, () -> SkillIndex.open(dir.resolve("index")));
    assertTrue(e.getMessage().contains("already open"), e.getMessage());
  }

  @Test
  void close_withoutCommitOnClose_dropsUncommittedChanges() throws IOException {
    index.close();
    index = SkillIndex.open(dir.resolve("nc"), manualRefresh().withCommitOnClose(false));
    index.add(example("kept", "committed question text"));
    index.commit();
    index.add(example("lost", "uncommitted question text"));
    index.close();

    index = SkillIndex.open(dir.resolve("nc"), manualRefresh());
    assertEquals(Set.of("kept"), index.search(SearchRequest.all()).stream()
        .map(h -> h.example().id()).collect(Collectors.toSet()));
  }

  @Test
  void close_withCommitOnClose_keepsChanges() throws IOException {
    index.add(example("a", "a question that will be kept"));
    index.close();

    index = SkillIndex.open(dir.resolve("index"), manualRefresh());
    assertTrue(index.get("a").isPresent());
  }

  @Test
  void backgroundRefresh_makesWritesSearchableWithoutCommit() throws Exception {
    index.close();
    index = SkillIndex.open(dir.resolve("bg"), IndexOptions.defaults().withRefreshInterval(Duration.ofMillis(20)));
    index.add(example("a", "question seen by background refresh"));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (index.search(SearchRequest.all()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, index.search(SearchRequest.all()).size());
  }
}
