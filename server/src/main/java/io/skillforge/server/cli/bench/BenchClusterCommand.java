package io.skillforge.server.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.JobRunner;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.server.cluster.ClusterSettings;
import io.skillforge.server.jobs.bench.ClusterBench;
import io.skillforge.skills.errors.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillforge bench cluster}: one labelling job on clusters of each size in {@code --nodes}
 * (see {@link ClusterBench}). Prints a table, then one JSON object with {@code itemsPerSecond}
 * keyed by node count and {@code scaling3} = rate(3) / (3 x rate(1)).
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the same labelling job against teacher-sim on clusters of serve --cluster nodes on this"
          + " machine, with a fixed concurrency per node; reports items/s per node count, the scaling"
          + " ratio, teacher calls per item and the store's round trips per item.",
      "Needs a PostgreSQL server (--store-url) where it may create and drop databases."
    })
public final class BenchClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--nodes", split = ",", defaultValue = "1,2,3",
      description = "Cluster sizes to run, in order (default ${DEFAULT-VALUE}).")
  List<Integer> nodes;

  @Option(names = "--store-url", paramLabel = "URL", description = "A database on the PostgreSQL server to use"
      + " (default: cluster.url); the bench makes a database of its own there for each cluster size.")
  String storeUrl;

  @Option(names = "--items", defaultValue = "20000", description = "Items labelled (default ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--workers", defaultValue = "2", description = "Parts a node runs at once (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--concurrency", defaultValue = "4",
      description = "Teacher calls in flight per part (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--shards-per-node", defaultValue = "2",
      description = "Parts of the job per node of the cluster (default ${DEFAULT-VALUE}).")
  int shardsPerNode;

  @Option(names = "--latency-ms", defaultValue = "100",
      description = "teacher-sim's latency per call, as a remote teacher has (default ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(names = "--logs", defaultValue = "runs/bench-cluster",
      description = "Where the nodes' logs go (default ${DEFAULT-VALUE}).")
  Path logs;

  @Override
  public Integer call() throws Exception {
    ClusterSettings cluster;
    try {
      cluster = SkillforgeCommand.services(spec).config().cluster();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    ClusterBench.Request request = new ClusterBench.Request(nodes, storeUrl != null ? storeUrl : cluster.url(), items,
        workers, concurrency, shardsPerNode, latencyMs, hazelcastConfig(cluster.hazelcastConfig()), logs);
    ClusterBench.Result result = JobRunner.run(spec, new ClusterBench(), request);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%-6s %9s %11s %11s %17s%n", "nodes", "seconds", "items/s", "calls/item",
        "round trips/item");
    ObjectNode json = new ObjectMapper().createObjectNode();
    ObjectNode rates = json.putObject("itemsPerSecond");
    ObjectNode calls = json.putObject("callsPerItem");
    ObjectNode trips = json.putObject("storeRoundTripsPerItem");
    for (ClusterBench.Run run : result.runs()) {
      out.printf(Locale.ROOT, "%-6d %9.1f %11.1f %11.3f %17.2f%n", run.nodes(), run.seconds(), run.itemsPerSecond(),
          run.callsPerItem(), run.roundTripsPerItem());
      rates.put(Integer.toString(run.nodes()), round(run.itemsPerSecond()));
      calls.put(Integer.toString(run.nodes()), round(run.callsPerItem()));
      trips.put(Integer.toString(run.nodes()), round(run.roundTripsPerItem()));
    }
    double scaling3 = result.scaling(3);
    if (Double.isFinite(scaling3)) {
      json.put("scaling3", round(scaling3));
    } else {
      json.putNull("scaling3");
    }
    json.put("items", items).put("workersPerNode", workers).put("concurrencyPerPart", concurrency)
        .put("shardsPerNode", shardsPerNode).put("latencyMs", latencyMs)
        .put("cores", Runtime.getRuntime().availableProcessors());
    out.println(json);
    return ExitCodes.OK;
  }

  /** The Hazelcast file as configured, found in the working directory or else beside the installation. */
  private static Path hazelcastConfig(String configured) {
    Path file = Path.of(configured);
    String home = System.getProperty("skillforge.home");
    if (!Files.isRegularFile(file) && !file.isAbsolute() && home != null) {
      file = Path.of(home).resolve(configured);
    }
    return file.toAbsolutePath();
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
