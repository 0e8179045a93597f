package io.skillforge.skills.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process for {@link CrashRecoveryTest} and {@link ReadOnlySkillIndexTest}: writes to an
 * index and waits to be killed.
 *
 * <p>{@code fixed DIR C U}: adds C examples and commits, adds U more and refreshes (their segment
 * files reach the disk, but no commit names them), prints {@code READY} and sleeps.
 *
 * <p>{@code loop DIR B}: adds batches of B examples forever, printing {@code COMMITTED n} after each
 * commit, until killed.
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  /** Starts a child JVM on the test class path running {@code main(args)}; stderr is inherited. */
  static Process start(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[] command = new String[args.length + 5];
    command[0] = java;
    command[1] = "-Xmx256m";
    command[2] = "-cp";
    command[3] = System.getProperty("java.class.path");
    command[4] = CrashingWriter.class.getName();
    System.arraycopy(args, 0, command, 5, args.length);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    // commitOnClose would not matter (the process never closes), but make the point explicit.
    SkillIndex index =
        SkillIndex.open(dir, IndexOptions.defaults().withRefreshInterval(Duration.ZERO).withCommitOnClose(true));
    if (args[0].equals("fixed")) {
      int committed = Integer.parseInt(args[2]);
      int uncommitted = Integer.parseInt(args[3]);
      for (int i = 0; i < committed; i++) {
        index.add(TestExamples.example("c" + i, "committed question " + i + " " + Integer.toString(i * 7919, 36)));
      }
      index.commit();
      for (int i = 0; i < uncommitted; i++) {
        index.add(TestExamples.example("u" + i, "uncommitted question " + i + " " + Integer.toString(i * 104729, 36)));
      }
      index.delete("c0");
      index.refresh();
      System.out.println("READY");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    } else {
      int batch = Integer.parseInt(args[2]);
      for (int n = 0; ; ) {
        for (int i = 0; i < batch; i++, n++) {
          index.add(TestExamples.example("l" + n, "looping question " + n + " " + Integer.toString(n * 7919, 36)),
              DuplicatePolicy.ALLOW);
        }
        index.commit();
        System.out.println("COMMITTED " + n);
        System.out.flush();
      }
    }
  }
}
