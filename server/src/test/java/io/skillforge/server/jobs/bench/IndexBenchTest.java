package io.skillforge.server.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.index.DuplicatePolicy;
import org.junit.jupiter.api.Test;

class IndexBenchTest {
  private static IndexBench.Request request(int docs, int warmupDocs) {
    return new IndexBench.Request(docs, 3, 30, 3, warmupDocs, 100, DuplicatePolicy.REJECT, 16);
  }

  @Test
  void run_tinyIndex_countsEveryExampleAndTimesEveryQuery() throws Exception {
    RecordingListener listener = new RecordingListener();

    IndexBench.Result result = new IndexBench().run(request(300, 0), listener.context());

    assertEquals(300, result.documents() + result.rejected());
    assertEquals(0, result.flagged(), "reject never flags");
    assertTrue(result.index().seconds() > 0 && result.plain().seconds() > 0, result.toString());
    assertEquals(result.docsPerSecond() / result.plainDocsPerSecond(), result.ratioToPlain(), 1e-9);
    assertTrue(result.indexBytes() > 0);
    for (IndexBench.Latencies ms : new IndexBench.Latencies[] {
        result.oneSkill(), result.allOfTwoSkills(), result.skillAndText(), result.allQueries()}) {
      assertTrue(0 < ms.p50Ms() && ms.p50Ms() <= ms.p99Ms() && ms.p99Ms() <= ms.maxMs(), ms.toString());
    }
    assertTrue(result.allQueries().maxMs() >= result.skillAndText().maxMs());
    assertTrue(result.meanHits() > 0 && result.meanHits() <= 10, "limit 10: " + result.meanHits());
    assertEquals(300, listener.last("index").done());
    assertTrue(Double.isNaN(result.coldDocsPerSecond()), "no warm-up, no cold rate");
    JsonNode json = result.json();
    assertTrue(json.get("coldDocsPerSecond").isNull(), json.toString());
    assertEquals(result.documents(), json.get("documents").asLong());
    assertEquals(Math.round(result.docsPerSecond()), json.get("docsPerSecond").asLong());
  }

  @Test
  void run_withWarmup_reportsTheColdRate() throws Exception {
    RecordingListener listener = new RecordingListener();

    IndexBench.Result result = new IndexBench().run(request(100, 200), listener.context());

    assertTrue(result.coldDocsPerSecond() > 0, result.toString());
    assertEquals(200, listener.last("warm-up").done());
    assertEquals(Math.round(result.coldDocsPerSecond()), result.json().get("coldDocsPerSecond").asLong());
  }

  @Test
  void run_cancelled_stopsWithCancelledException() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel("stopped by the test");

    assertThrows(CancelledException.class, () -> new IndexBench().run(request(300, 0),
        new JobContext(ProgressListener.NONE, cancellation)));
  }

  @Test
  void request_noQueries_namesTheFlags() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> new IndexBench.Request(10, 1, 0, 0, 0, 10, DuplicatePolicy.ALLOW, 16));
    assertTrue(e.getMessage().contains("--queries"), e.getMessage());
  }
}
