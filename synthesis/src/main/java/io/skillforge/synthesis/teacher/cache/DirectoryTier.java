package io.skillforge.synthesis.teacher.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers in a directory, one file per request: {@code <dir>/v1/<first two hex digits>/<key>.json}.
 * An entry is written to a temporary file and renamed into place atomically, so a reader sees a
 * whole entry or none, and a crash loses at most the entries being written. Several processes of
 * one machine may share the directory.
 */
final class DirectoryTier implements AnswerTier {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryTier.class);
  private static final String LAYOUT = "v1";
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  private final Path dir;
  private final Path root;
  private final Path temp;

  /** @throws UncheckedIOException when the directory cannot be created */
  DirectoryTier(Path dir) {
    this.dir = dir;
    this.root = dir.resolve(LAYOUT);
    this.temp = dir.resolve("tmp");
    try {
      Files.createDirectories(root);
      Files.createDirectories(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the teacher cache directory " + dir, e);
    }
    removeStaleTemporaries();
  }


  @Override
  public Optional<byte[]> read(String hash) {
    try {
      return Optional.of(Files.readAllBytes(fileOf(hash)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("could not read teacher answer {}: {}", hash.substring(0, 12), e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void write(String hash, byte[] entry) {
    Path file = fileOf(hash);
    Path tmp = temp.resolve(hash + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.write(tmp, entry);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // The answer is still served from memory; losing its disk copy only costs a call later.
      LOG.warn("could not persist teacher answer {}: {}", hash.substring(0, 12), e.toString());
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  @Override
  public void delete(String hash) {
    try {
      Files.deleteIfExists(fileOf(hash));
    } catch (IOException e) {
      LOG.warn("could not delete teacher answer {}: {}", hash.substring(0, 12), e.toString());
    }
  }

  @Override
  public String describe() {
    return dir.toString();
  }

  private Path fileOf(String hash) {
    return root.resolve(hash.substring(0, 2)).resolve(hash + ".json");
  }

  private void removeStaleTemporaries() {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(temp, "*.tmp")) {
      for (Path file : files) {
        FileTime modified = Files.getLastModifiedTime(file);
        if (modified.toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not clean {}: {}", temp, e.toString());
    }
  }
}
