package io.skillforge.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server owned by the test run: Debian's {@code postgresql} binaries ({@code
 * .ci/run} installs the package), a cluster made with {@code initdb} in a temporary directory,
 * listening on a free loopback port, stopped and deleted when the JVM exits. Run as {@code postgres}
 * when the tests run as root (PostgreSQL refuses root). Each test takes a fresh database.
 *
 * <p>Without the binaries the tests that need it are skipped, saying why, unless the environment
 * variable {@code SKILLFORGE_REQUIRE_POSTGRES} is {@code 1} (as in CI), where they fail.
 */
public final class LocalPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static LocalPostgres shared;

  private final Path bin;
  private final Path dir;
  private final int port;

  private LocalPostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** The run's server, started on first use; skips the calling test when PostgreSQL is not installed. */
  public static synchronized LocalPostgres shared() {
    if (shared == null) {
      Path bin = findBinaries();
      if (bin == null) {
        String why = "no PostgreSQL here (initdb not found in /usr/lib/postgresql/*/bin or on the PATH;"
            + " .ci/run installs Debian's postgresql)";
        if ("1".equals(System.getenv("SKILLFORGE_REQUIRE_POSTGRES"))) {
          throw new IllegalStateException(why);
        }
        Assumptions.abort("skipped: " + why);
      }
      try {
        shared = start(bin);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("could not start a PostgreSQL for the tests: " + e.getMessage(), e);
      }
      LocalPostgres started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "local-postgres-stop"));
    }
    return shared;
  }

  /** A new, empty database: its URL, with the user and no password. */
  public String newDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try {
      run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
          "skillforge", name), null);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  public String url(String database) {
    return "postgresql://skillforge@127.0.0.1:" + port + "/" + database;
  }

  private static Path findBinaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Path newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparing(Path::toString)).orElse(null);
        if (newest != null) {
          return newest;
        }
      } catch (IOException e) {
        return null;
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
        return Path.of(entry).toAbsolutePath();
      }
    }
    return null;
  }

  private static LocalPostgres start(Path bin) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("skillforge-pg-");
    String owner = root() ? "postgres" : null;
    if (owner != null) {
      run(List.of("chown", owner, dir.toString()), null);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path data = dir.resolve("data");
    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "skillforge", "--auth=trust",
        "-E", "UTF8", "--no-sync"), owner);
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
        "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c max_connections=200", "start"), owner);
    return new LocalPostgres(bin, dir, port);
  }

  private void stop() {
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
          "-w", "stop"), root() ? "postgres" : null);
    } catch (IOException | InterruptedException e) {
      // the temporary directory goes anyway
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left in the temporary directory
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> command, String asUser) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asUser != null) {
      full.addAll(List.of("runuser", "-u", asUser, "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + new String(output).trim());
    }
  }
}
