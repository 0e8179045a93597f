package io.skillforge.server.jobs.bench;

import io.skillforge.skills.Example;
import io.skillforge.skills.index.SkillIndexDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The baseline of {@link IndexBench}: plain Lucene fed the same documents. One
 * {@link IndexWriter} with the index's analyzer and RAM buffer, upserts by id, and for each example
 * the very document the index writes ({@link SkillIndexDocuments#of}: the same fields, near-duplicate
 * keys and stored example included), built on the indexing threads as the index builds them. None
 * of the index's layers: no near-duplicate check, no record of recent writes, no near-real-time
 * refreshes, no locks of its own. It uses as many threads as {@code SkillIndex} does for a bulk
 * add, so the two differ in their layers, not in parallelism.
 */
final class PlainLuceneIndex implements AutoCloseable {
  private final Directory directory;
  private final Analyzer analyzer = SkillIndexDocuments.newAnalyzer();
  private final IndexWriter writer;
  private final int threads;
  private final ExecutorService pool;

  PlainLuceneIndex(Path dir, double ramBufferMb, int threads) throws IOException {
    this.directory = FSDirectory.open(dir);
    this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setRAMBufferSizeMB(ramBufferMb)
        .setCommitOnClose(false));
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads, task -> {
      Thread t = new Thread(task, "bench-plain-lucene");
      t.setDaemon(true);
      return t;
    });
  }

  /** Upserts every example, split into contiguous parts across the threads. */
  void addAll(List<Example> examples) throws IOException {
    int n = examples.size();
    List<Future<?>> parts = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int from = (int) ((long) n * t / threads);
      int to = (int) ((long) n * (t + 1) / threads);
      parts.add(pool.submit(() -> {
        for (Example e : examples.subList(from, to)) {
          writer.updateDocument(SkillIndexDocuments.idTerm(e.id()), SkillIndexDocuments.of(e));
        }
        return null;
      }));
    }
    for (Future<?> part : parts) {
      try {
        part.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while indexing the plain Lucene baseline", e);
      }
    }
  }

  void commit() throws IOException {
    writer.commit();
  }

  @Override
  public void close() throws IOException {
    pool.shutdown();
    try {
      writer.rollback();
    } finally {
      try {
        directory.close();
      } finally {
        analyzer.close();
      }
    }
  }
}
