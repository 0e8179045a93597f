package io.skillforge.server.workspace;

import io.skillforge.skills.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names that users give to stored things (datasets, catalogs, students) and the names of artifacts,
 * checked so that none can leave its directory: a name is one path segment of letters, digits,
 * {@code .}, {@code _} and {@code -} that does not start with a dot; an artifact name is such
 * segments joined by {@code /}. A resolved file must also stay inside its directory once symbolic
 * links are followed.
 */
public final class SafeNames {
  /** The pattern of one name, as the API's contract states it too. */
  public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";
  private static final Pattern NAME = Pattern.compile(PATTERN);

  private SafeNames() {}

  /**
   * @param what what the name names, for the message, such as {@code dataset}
   * @throws BadInputException when {@code name} is not a safe name
   */
  public static String check(String name, String what) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new BadInputException(what + " name '" + name + "' is not allowed: use 1 to 100 letters, digits,"
          + " '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  /**
   * The file {@code relative} names under {@code dir}, which must exist, checked to stay inside it.
   *
   * @param relative segments of safe names joined by {@code /}
   * @throws BadInputException when a segment is not safe or the file lies outside {@code dir}
   */
  public static Path resolveInside(Path dir, String relative, String what) throws IOException {
    if (relative == null || relative.isEmpty() || relative.length() > 1000) {
      throw new BadInputException(what + " name is empty or too long");
    }
    for (String segment : relative.split("/", -1)) {
      check(segment, what);
    }
    Path base = dir.toAbsolutePath().normalize();
    Path file = base.resolve(relative).normalize();
    if (!file.startsWith(base)) {
      throw new BadInputException(what + " name '" + relative + "' leaves its directory");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !file.toRealPath().startsWith(base.toRealPath())) {
      throw new BadInputException(what + " name '" + relative + "' leaves its directory");
    }
    return file;
  }
}
