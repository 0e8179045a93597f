package io.skillforge.server.jobs.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code skillforge serve --cluster} nodes as processes of their own, started from this JVM's class
 * path: each named, each on a free port, its stderr in a file. Stopping sends SIGTERM (the node gives
 * its leases back); {@link #kill} sends SIGKILL.
 */
public final class NodeProcesses implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving on (http://\\S+?)[ ,]");

  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, String> urls = new LinkedHashMap<>();
  private final Path logs;

  /** @param logs where each node's stderr goes, as {@code <name>.err} */
  public NodeProcesses(Path logs) {
    this.logs = logs;
  }

  /**
   * Starts a node and waits until it serves.
   *
   * @param env the node's environment on top of this one's ({@code SKILLFORGE_*} settings)
   * @return its base URL
   * @throws IOException when it exits before it serves, with its last error lines
   */
  public String start(String name, Path dataDir, Map<String, String> env, String maxHeap) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        "io.skillforge.server.cli.Main", "serve", "--cluster", "--node", name, "--port", "0", "--data-dir",
        dataDir.toString()));
    Files.createDirectories(logs);
    Path err = logs.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.put(name, process);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        urls.put(name, m.group(1));
        return m.group(1);
      }
    }
    List<String> lines = Files.readAllLines(err);
    throw new IOException("node " + name + " stopped before it served: "
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
  }

  /** The base URLs of the nodes started, by name. */
  public Map<String, String> urls() {
    return Map.copyOf(urls);
  }

  /** Kills a node with SIGKILL and waits for it to be gone. */
  public void kill(String name) throws InterruptedException {
    Process p = processes.get(name);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    urls.remove(name);
  }

  /** Stops every node with SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() {
    for (Process p : processes.values()) {
      p.destroy();
    }
    for (Process p : processes.values()) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    processes.clear();
    urls.clear();
  }
}
