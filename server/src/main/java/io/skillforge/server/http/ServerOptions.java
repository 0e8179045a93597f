package io.skillforge.server.http;

import io.skillforge.skills.errors.BadInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the server runs.
 *
 * @param host interface to bind
 * @param port TCP port; 0 picks a free one
 * @param token the bearer token every route but {@code /health} needs; null for none, allowed only on
 *     a loopback address
 * @param dataDir the data directory (jobs, datasets, catalogs, students, index, teacher cache)
 * @param maxBodyBytes largest request body, uploads included
 * @param workers jobs that run at once
 * @param queueCapacity jobs that may wait for a worker
 * @param eventLoops HTTP server instances, one per event loop
 */
public record ServerOptions(String host, int port, String token, Path dataDir, long maxBodyBytes, int workers,
    int queueCapacity, int eventLoops) {
  public ServerOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port must be between 0 and 65535 (0 picks a free port), but was " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new BadInputException("server.max-body-bytes must be at least 1024 but was " + maxBodyBytes);
    }
    if (workers < 1 || queueCapacity < 1 || eventLoops < 1) {
      throw new BadInputException("server.workers, server.queue-capacity and the event loops must be at least 1");
    }
    token = token == null || token.isBlank() ? null : token;
  }

  /**
   * @throws BadInputException when there is no token and the host is not a loopback address: the
   *     API would be open to the network
   */
  public void requireSafeBinding() {
    if (token == null && !loopback(host)) {
      throw new BadInputException("no token, and " + host + " is not a loopback address: anyone on the network"
          + " could use the server. Pass --token, or set SKILLFORGE_SERVER_TOKEN, or bind to 127.0.0.1");
    }
  }

  private static boolean loopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new BadInputException("--host " + host + " is not a known address", e);
    }
  }

  public ServerOptions withPort(int newPort) {
    return new ServerOptions(host, newPort, token, dataDir, maxBodyBytes, workers, queueCapacity, eventLoops);
  }

  public ServerOptions withToken(String newToken) {
    return new ServerOptions(host, port, newToken, dataDir, maxBodyBytes, workers, queueCapacity, eventLoops);
  }

  public ServerOptions withMaxBodyBytes(long bytes) {
    return new ServerOptions(host, port, token, dataDir, bytes, workers, queueCapacity, eventLoops);
  }

  public ServerOptions withQueue(int newWorkers, int newCapacity) {
    return new ServerOptions(host, port, token, dataDir, maxBodyBytes, newWorkers, newCapacity, eventLoops);
  }
}
