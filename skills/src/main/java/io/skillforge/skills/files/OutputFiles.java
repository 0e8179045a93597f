package io.skillforge.skills.files;

import io.skillforge.skills.errors.BadInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Output files a user asked for. Checked before any work starts, so that a bad {@code --out} fails
 * at once rather than after an hour; written through a temporary file beside the target and renamed
 * at the end, so the target is either absent, the old version, or complete. Temporary files get
 * the same permissions as any file the user creates (not the owner-only mode of {@link
 * Files#createTempFile}), and are removed when writing fails.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** Writes the content of a file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer writer) throws IOException;
  }

  /**
   * Checks that {@code file} can be written as an output, creating its parent directories.
   *
   * @param option how the user named it, such as {@code --out}, for messages
   * @return the file
   * @throws BadInputException when it names a directory, or its directory cannot be created or
   *     written
   */
  public static Path prepare(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw new BadInputException(option + " " + file + " is a directory; name a file");
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(option + " " + file + ": " + e.getFile() + " is not a directory", e);
    } catch (AccessDeniedException e) {
      throw new BadInputException(option + " " + file + ": cannot create " + e.getFile() + " (permission denied)", e);
    } catch (IOException e) {
      throw new BadInputException(option + " " + file + ": cannot create its directory: " + e.getMessage(), e);
    }
    if (!Files.isWritable(parent)) {
      throw new BadInputException(option + " " + file + ": directory " + parent + " is not writable");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new BadInputException(option + " " + file + " exists and is not writable");
    }
    return file;
  }

  /**
   * Writes {@code file} as UTF-8 text through a temporary file and an atomic rename, creating its
   * directory when missing.
   */
  public static void writeAtomically(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path partial = partialFile(target);
    try (OutputStream stream = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW);
        Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
      content.writeTo(writer);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    try {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
  }

  /** A fresh hidden name beside {@code target}: {@code .NAME.RANDOM.partial}. */
  static Path partialFile(Path target) {
    String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    return target.resolveSibling("." + target.getFileName() + "." + random + ".partial");
  }
}
