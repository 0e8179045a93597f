package io.skillforge.server.cluster;

import io.skillforge.server.store.pg.PgExamples;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.SkillIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's Lucene index up with the cluster's examples: applies the change log from where it
 * left off (stored beside the index, written after each commit), in batches, committing after each.
 * A new node starts from zero and so builds its index from the whole log; a node that crashed
 * between a commit and writing its position applies a few changes again, which changes nothing
 * (examples are replaced by id). Changes are applied as they were decided by the node that wrote
 * them: stored without a near-duplicate check.
 */
public final class IndexFollower {
  private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);
  static final String POSITION_FILE = "cluster-position";
  private static final int BATCH = 2000;

  private final SkillIndex local;
  private final PgExamples examples;
  private final Path positionFile;
  /** Read without the lock (the health route reads it on an event loop); written under it. */
  private volatile long position;

  /** @throws UncheckedIOException when the stored position cannot be read */
  public IndexFollower(SkillIndex local, PgExamples examples) {
    this.local = local;
    this.examples = examples;
    this.positionFile = local.directory().resolve(POSITION_FILE);
    this.position = readPosition(positionFile);
  }

  /** The last change applied. */
  public long position() {
    return position;
  }

  /**
   * Applies every change after the position, batch by batch.
   *
   * @return changes applied
   */
  public synchronized long catchUp() throws IOException {
    long applied = 0;
    while (true) {
      List<PgExamples.Change> changes = examples.changesAfter(position, BATCH);
      if (changes.isEmpty()) {
        return applied;
      }
      for (PgExamples.Change change : changes) {
        if (change.example() == null) {
          local.delete(change.id());
        } else {
          local.add(change.example(), DuplicatePolicy.ALLOW);
        }
      }
      local.commit();
      position = changes.get(changes.size() - 1).position();
      writePosition();
      applied += changes.size();
      if (changes.size() < BATCH) {
        return applied;
      }
    }
  }

  /** {@link #catchUp}, logging instead of throwing: for a timer. */
  public void catchUpQuietly() {
    try {
      long applied = catchUp();
      if (applied > 0) {
        LOG.debug("index caught up by {} change(s), to {}", applied, position());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("the index could not catch up with the cluster's examples (at change {}): {}", position,
          e.getMessage());
    }
  }

  private void writePosition() throws IOException {
    Path tmp = positionFile.resolveSibling(POSITION_FILE + ".tmp");
    Files.writeString(tmp, Long.toString(position), StandardCharsets.UTF_8);
    try {
      Files.move(tmp, positionFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, positionFile, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static long readPosition(Path file) {
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the index's place in the change log, " + file, e);
    } catch (NumberFormatException e) {
      LOG.warn("{} is not a change number; the index is rebuilt from the whole change log", file);
      return 0;
    }
  }
}
