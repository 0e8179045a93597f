package io.skillforge.server.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.bench.Latencies;
import io.skillforge.server.bench.ServerBench;
import io.skillforge.server.cli.ExitCodes;
import io.skillforge.server.cli.ServeCommand;
import io.skillforge.server.cli.SkillforgeCommand;
import io.skillforge.skills.errors.BadInputException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The HTTP server under load: {@code --clients} concurrent clients on loopback, each sending
 * search and skill-gap report requests in turn (one at a time, {@code --think-ms} apart) for
 * {@code --seconds}, after an untimed warm-up of the same load. Without {@code --url} it sets up
 * its own server (see {@link ServerBench}), in this process. Run: {@code ./skillforge bench server
 * --clients 200 --seconds 30}.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Loads the search and skill-gap report routes with concurrent clients; reports requests/s,"
        + " p50 and p99 latency and errors. Without --url it sets up a server of its own first.")
public final class BenchServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--clients", defaultValue = "200", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--warmup-seconds", defaultValue = "10",
      description = "Untimed seconds of the same load first (default ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--think-ms", defaultValue = "0",
      description = "Each client's pause between an answer and its next request; 0 sends at once"
          + " (default ${DEFAULT-VALUE}).")
  long thinkMillis;

  @Option(names = "--items", defaultValue = "5000",
      description = "Skill-world items in the index of the server set up here (default ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--seed", defaultValue = "42", description = "Seeds the data and the requests (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--url", paramLabel = "URL", description = "A running server to load instead, such as"
      + " http://127.0.0.1:8080 (its token from --token or " + ServeCommand.TOKEN_VARIABLE + ").")
  URI url;

  @Option(names = "--token", paramLabel = "T", description = "The token of the server at --url.")
  String token;

  @Option(names = "--student", defaultValue = "s0", description = "With --url: the student of the report route"
      + " (default ${DEFAULT-VALUE}).")
  String student;

  @Option(names = "--dataset", defaultValue = "validation", description = "With --url: the dataset of the report"
      + " route (default ${DEFAULT-VALUE}).")
  String dataset;

  @Override
  public Integer call() throws Exception {
    if (clients < 1 || !(seconds > 0) || warmupSeconds < 0 || thinkMillis < 0 || items < 100) {
      throw new BadInputException("--clients must be >= 1, --seconds > 0, --warmup-seconds and --think-ms >= 0,"
          + " --items >= 100");
    }
    String serverToken = token != null ? token
        : SkillforgeCommand.services(spec).environment().get(ServeCommand.TOKEN_VARIABLE);
    PrintWriter err = spec.commandLine().getErr();
    ServerBench.Result result = ServerBench.run(new ServerBench.Settings(clients, seconds, warmupSeconds, thinkMillis,
        items, seed, url, serverToken, student, dataset), line -> {
          err.println(line);
          err.flush();
        });
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%-8s %10s %8s %10s %9s %9s %9s%n", "route", "requests", "errors", "req/s", "p50 ms",
        "p99 ms", "max ms");
    for (Latencies.Stats s : result.routes()) {
      row(out, s);
    }
    row(out, result.total());
    Latencies.Stats t = result.total();
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("clients", clients).put("seconds", seconds).put("thinkMs", thinkMillis)
        .put("requestsPerSecond", round(t.requestsPerSecond())).put("p50Ms", round(t.p50Ms()))
        .put("p99Ms", round(t.p99Ms())).put("maxMs", round(t.maxMs())).put("errors", t.errors());
    for (Latencies.Stats s : result.routes()) {
      json.putObject(s.route()).put("requestsPerSecond", round(s.requestsPerSecond())).put("p50Ms", round(s.p50Ms()))
          .put("p99Ms", round(s.p99Ms())).put("errors", s.errors());
    }
    out.println(json);
    return t.errors() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static void row(PrintWriter out, Latencies.Stats s) {
    out.printf(Locale.ROOT, "%-8s %,10d %,8d %,10.0f %9.2f %9.2f %9.2f%n", s.route(), s.requests(), s.errors(),
        s.requestsPerSecond(), s.p50Ms(), s.p99Ms(), s.maxMs());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
