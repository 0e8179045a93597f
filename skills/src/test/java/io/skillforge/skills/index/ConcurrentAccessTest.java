package io.skillforge.skills.index;

import static io.skillforge.skills.index.TestExamples.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentAccessTest {
  @TempDir Path dir;

  @Test
  void search_whileOneThreadWritesAndCommits_readersNeverFailAndSeeGrowingCounts() throws Exception {
    int docs = 1_500;
    try (SkillIndex index =
        SkillIndex.open(dir, IndexOptions.defaults().withRefreshInterval(Duration.ofMillis(5)))) {
      AtomicBoolean writing = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger reads = new AtomicInteger();
      CountDownLatch started = new CountDownLatch(3);
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        int reader = r;
        Thread t = new Thread(() -> {
          started.countDown();
          long last = 0;
          try {
            while (writing.get()) {
              long n = index.stats().documents();
              assertTrue(n >= last, "count went back from " + last + " to " + n);
              last = n;
              List<SearchHit> hits = index.search(
                  SearchRequest.builder().anySkill("skill-" + reader).text("item").limit(5).build());
              for (SearchHit hit : hits) {
                assertTrue(hit.example().skills().contains("skill-" + reader));
              }
              index.get("w" + (int) (Math.random() * docs));
              reads.incrementAndGet();
              // Leave the writer CPU on a small machine; the point is interleaving, not load.
              Thread.sleep(1);
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "reader-" + r);
        t.start();
        readers.add(t);
      }
      started.await();
      for (int i = 0; i < docs; i++) {
        index.add(example("w" + i, "item " + i + " about " + Integer.toString(i * 7919, 36), "skill-" + (i % 3)));
        if (i % 300 == 299) {
          index.commit();
        }
      }
      index.commit();
      writing.set(false);
      for (Thread t : readers) {
        t.join();
      }

      assertTrue(failures.isEmpty(), () -> "reader failed: " + failures.peek());
      assertTrue(reads.get() > 0);
      IndexCounts stats = index.stats();
      assertEquals(docs, stats.documents());
      assertEquals(docs / 3, stats.skill("skill-0"));
    }
  }

  @Test
  void add_manyThreadsAddingTheSameQuestion_storesExactlyOne() throws Exception {
    String q = "Lena reads 12 pages every evening and 30 pages on Sunday; how many pages in a week";
    try (SkillIndex index = SkillIndex.open(dir, IndexOptions.defaults().withRefreshInterval(Duration.ofMillis(1)))) {
      int threads = 4;
      int perThread = 50;
      ConcurrentLinkedQueue<AddResult> results = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int worker = t;
        Thread thread = new Thread(() -> {
          try {
            for (int i = 0; i < perThread; i++) {
              results.add(index.add(example("t" + worker + "-" + i, q + " " + ".".repeat(i))));
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        thread.start();
        workers.add(thread);
      }
      for (Thread t : workers) {
        t.join();
      }

      assertTrue(failures.isEmpty(), () -> "writer failed: " + failures.peek());
      assertEquals(1, results.stream().filter(AddResult::stored).count());
      index.commit();
      assertEquals(1, index.stats().documents());
    }
  }
}
