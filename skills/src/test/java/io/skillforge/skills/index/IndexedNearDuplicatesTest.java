package io.skillforge.skills.index;

import static io.skillforge.skills.index.TestExamples.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Near-duplicate checks against the searched index: batched lookups, doc values, old segments. */
class IndexedNearDuplicatesTest {
  private static final long SEED = 20250107L;

  @TempDir Path dir;

  private static IndexOptions manualRefresh() {
    return IndexOptions.defaults().withRefreshInterval(Duration.ZERO);
  }

  /** A random 40-word question of words w0..w4999. */
  private static String question(Random random) {
    StringBuilder text = new StringBuilder();
    for (int w = 0; w < 40; w++) {
      text.append('w').append(random.nextInt(5_000)).append(' ');
    }
    return text.toString().trim();
  }

  /**
   * Random questions, about one in four a copy of an earlier one with one or three words changed
   * (similarity 0.85, above the threshold, or 0.62, below it), so that copies meet their originals
   * in the committed index, in the recent writes and within the same batch.
   */
  private static List<Example> examples(int count) {
    Random random = new Random(SEED);
    List<String> questions = new ArrayList<>();
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String q;
      if (i > 10 && random.nextInt(4) == 0) {
        String[] words = questions.get(random.nextInt(i)).split(" ");
        int edits = random.nextBoolean() ? 1 : 3;
        for (int e = 0; e < edits; e++) {
          words[5 + 12 * e] = "edit" + i + "x" + e;
        }
        q = String.join(" ", words);
      } else {
        q = question(random);
      }
      questions.add(q);
      out.add(example("e" + i, q, "s"));
    }
    return out;
  }

  @Test
  void addAll_batchesAgainstCommittedAndRecentWrites_sameResultsAsOneByOne() throws IOException {
    List<Example> examples = examples(1_200);
    List<AddResult> oneByOne = new ArrayList<>();
    List<AddResult> batched = new ArrayList<>();
    try (SkillIndex single = SkillIndex.open(dir.resolve("single"), manualRefresh());
        SkillIndex bulk = SkillIndex.open(dir.resolve("bulk"), manualRefresh())) {
      for (int from = 0; from < examples.size(); from += 300) {
        List<Example> batch = examples.subList(from, from + 300);
        for (Example e : batch) {
          oneByOne.add(single.add(e, DuplicatePolicy.FLAG));
        }
        batched.addAll(bulk.addAll(batch, DuplicatePolicy.FLAG));
        if (from == 300) {
          // Leave the next batches to meet this one in the recent writes, then the index.
          continue;
        }
        single.commit();
        bulk.commit();
      }
    }

    assertEquals(oneByOne, batched, "seed " + SEED);
    long flagged = batched.stream().filter(r -> r.status() == AddResult.Status.FLAGGED).count();
    assertTrue(flagged > 100, flagged + " flagged, seed " + SEED);
  }

  @Test
  void addAll_rejectPolicy_findsCopiesOfEveryEarlierExampleOnce() throws IOException {
    List<Example> examples = examples(600);
    try (SkillIndex index = SkillIndex.open(dir, manualRefresh())) {
      index.addAll(examples.subList(0, 300), DuplicatePolicy.ALLOW);
      index.commit();
      List<Example> copies = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        Example e = examples.get(i);
        copies.add(example("copy" + i, e.question() + " again", "s"));
      }

      List<AddResult> results = index.addAll(copies, DuplicatePolicy.REJECT);

      for (int i = 0; i < 300; i++) {
        AddResult r = results.get(i);
        assertEquals(AddResult.Status.REJECTED, r.status(), "copy" + i + ", seed " + SEED);
        // The copy's best match is its original or an equally close one of the same question.
        Example match = index.get(r.duplicateOf().id()).orElseThrow();
        assertEquals(
            TextSimilarity.similarity(match.question(), copies.get(i).question()),
            r.duplicateOf().similarity(), 1e-12);
      }
    }
  }

  @Test
  void findNearDuplicate_documentsWrittenWithoutShingleDocValues_areMeasuredFromTheStoredExample()
      throws IOException {
    // An index written before the shingles doc values existed (the same documents without them),
    // merged with newer documents into one segment, where some documents have them and some not.
    Path path = dir.resolve("old");
    Random random = new Random(SEED);
    List<String> questions = new ArrayList<>();
    try (Directory directory = FSDirectory.open(path);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new ExampleAnalyzer()))) {
      for (int i = 0; i < 60; i++) {
        String q = question(random);
        questions.add(q);
        Document doc = ExampleDocuments.toDocument(example("d" + i, q), QuestionSignature.of(q));
        if (i < 50) {
          doc.removeField(ExampleDocuments.SHINGLES);
        }
        writer.addDocument(doc);
        if (i == 49) {
          writer.commit();
        }
      }
      writer.forceMerge(1);
      writer.commit();
    }

    try (SkillIndex index = SkillIndex.open(path, manualRefresh())) {
      assertEquals("d7", index.findNearDuplicate(questions.get(7) + " again", null).orElseThrow().id());
      assertEquals("d55", index.findNearDuplicate(questions.get(55) + " again", null).orElseThrow().id());
      List<AddResult> results = index.addAll(List.of(
          example("c30", questions.get(30) + " again"), example("c58", questions.get(58) + " again")),
          DuplicatePolicy.REJECT);
      assertEquals("d30", results.get(0).duplicateOf().id());
      assertEquals("d58", results.get(1).duplicateOf().id());
    }
  }

  @Test
  void findNearDuplicate_replacedAndDeletedVersions_areNeverReported() throws IOException {
    Random random = new Random(SEED);
    String a = question(random);
    String b = question(random);
    try (SkillIndex index = SkillIndex.open(dir, manualRefresh())) {
      index.add(example("x", a));
      index.add(example("y", b));
      for (int i = 0; i < 40; i++) {
        // Few deletes among many live documents: the merge policy keeps the segment as it is, so
        // the old versions stay in it, marked deleted.
        index.add(example("z" + i, question(random)));
      }
      index.commit();
      index.add(example("x", question(random))); // replaces x's text
      index.delete("y");

      assertFalse(index.findNearDuplicate(a, null).isPresent(), "x's old text, not yet refreshed");
      assertFalse(index.findNearDuplicate(b, null).isPresent(), "y deleted, not yet refreshed");
      index.commit();
      assertFalse(index.findNearDuplicate(a, null).isPresent(), "x's old text, committed");
      assertFalse(index.findNearDuplicate(b, null).isPresent(), "y deleted, committed");
    }
  }

  @Test
  void seek_fromAnyEarlierPosition_findsTheFirstKeyAtOrAboveTheValue() {
    Random random = new Random(SEED);
    QuestionSignature[] signatures = new QuestionSignature[50];
    for (int q = 0; q < signatures.length; q++) {
      long[] bands = new long[16];
      for (int b = 0; b < bands.length; b++) {
        bands[b] = random.nextInt(4) == 0 ? random.nextInt(100) : random.nextLong(); // some repeats
      }
      signatures[q] = new QuestionSignature(new long[0], bands);
    }
    IndexedNearDuplicates.BatchKeys keys = new IndexedNearDuplicates.BatchKeys(signatures);
    long[] sorted = Arrays.stream(signatures)
        .flatMapToLong(s -> Arrays.stream(s.bands())).sorted().distinct().toArray();
    int cursor = 0;
    for (int i = 0; i < 5_000; i++) {
      // Mostly ascending values, as a points walk sends them, sometimes a step back.
      long value = random.nextInt(10) == 0 ? random.nextLong()
          : random.nextBoolean() ? sorted[random.nextInt(sorted.length)] : random.nextLong();
      int expected = Arrays.binarySearch(sorted, value);
      expected = expected >= 0 ? expected : -expected - 1;

      cursor = keys.seek(value, cursor);

      assertEquals(expected, cursor, "value " + value + ", seed " + SEED);
      assertEquals(expected < sorted.length && sorted[expected] == value, keys.isKey(cursor, value));
    }
    assertEquals(0, keys.seek(Long.MIN_VALUE, sorted.length));
    assertEquals(sorted.length, keys.seek(sorted[sorted.length - 1] + 1, 0));
  }

  @Test
  void nearDuplicates_moreCandidatesThanTheCap_measuresTheFirstInIndexOrder() throws IOException {
    // 80 documents share every band key with the probe (identical questions), so each question's
    // candidates are the first 64 in index order, whichever batch it comes in.
    String q = question(new Random(SEED));
    try (SkillIndex index = SkillIndex.open(dir, manualRefresh())) {
      for (int i = 0; i < 80; i++) {
        index.add(example(String.format("d%02d", i), q), DuplicatePolicy.ALLOW);
      }
      index.commit();
    }
    try (Directory directory = FSDirectory.open(dir);
        SearcherManager searchers = new SearcherManager(directory, null)) {
      QuestionSignature probe = QuestionSignature.of(q);
      QuestionSignature other = QuestionSignature.of(question(new Random(SEED + 1)));
      List<String> alone = new ArrayList<>();
      try (IndexedNearDuplicates found =
          IndexedNearDuplicates.find(searchers, new QuestionSignature[] {probe}, 0.8)) {
        found.offer(0, id -> {
          alone.add(id);
          return true;
        }, new ExampleSearcher.Nearest(0.8));
      }
      List<String> inBatch = new ArrayList<>();
      try (IndexedNearDuplicates found =
          IndexedNearDuplicates.find(searchers, new QuestionSignature[] {other, probe, probe}, 0.8)) {
        ExampleSearcher.Nearest none = new ExampleSearcher.Nearest(0.8);
        found.offer(0, id -> true, none);
        assertNull(none.match());
        found.offer(2, id -> {
          inBatch.add(id);
          return true;
        }, none);
      }

      assertEquals(IndexedNearDuplicates.MAX_CANDIDATES, alone.size());
      assertEquals(alone, inBatch);
      List<String> firstInIndexOrder = new ArrayList<>();
      IndexSearcher searcher = searchers.acquire();
      try {
        for (int doc = 0; doc < IndexedNearDuplicates.MAX_CANDIDATES; doc++) {
          firstInIndexOrder.add(ExampleDocuments.load(searcher.storedFields(), doc).id());
        }
      } finally {
        searchers.release(searcher);
      }
      assertEquals(firstInIndexOrder, alone);
    }
  }
}
