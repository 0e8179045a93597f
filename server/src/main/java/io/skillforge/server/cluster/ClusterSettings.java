package io.skillforge.server.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The {@code cluster} section: where jobs and the teacher's answers live, and how {@code serve
 * --cluster} joins the other nodes.
 *
 * @param store {@code embedded} (one machine) or {@code postgres} (shared by the nodes)
 * @param url the PostgreSQL database, {@code postgresql://user@host:port/database}
 * @param passwordEnv the environment variable that holds the database password
 * @param node this node's name; empty for the host name and the process id
 * @param leaseSeconds how long a node holds a job without renewing it
 * @param hazelcastConfig the Hazelcast configuration file of {@code serve --cluster}
 * @param name the cluster's name: nodes join only a cluster of the same name
 * @param host the address this node's event bus listens on
 */
public record ClusterSettings(String store, String url, String passwordEnv, String node, double leaseSeconds,
    String hazelcastConfig, String name, String host) {
  public static final String EMBEDDED = "embedded";
  public static final String POSTGRES = "postgres";

  public ClusterSettings {
    store = store == null ? EMBEDDED : store;
    hazelcastConfig = hazelcastConfig == null ? "conf/hazelcast.xml" : hazelcastConfig;
    leaseSeconds = leaseSeconds == 0 ? 15 : leaseSeconds;
    if (!EMBEDDED.equals(store) && !POSTGRES.equals(store)) {
      throw new IllegalArgumentException("cluster.store must be embedded or postgres but was '" + store + "'");
    }
    if (POSTGRES.equals(store) && (url == null || url.isBlank())) {
      throw new IllegalArgumentException("cluster.url must name the PostgreSQL database when cluster.store is postgres");
    }
    if (!(leaseSeconds >= 0.5)) {
      throw new IllegalArgumentException("cluster.lease-seconds must be at least 0.5 but was " + leaseSeconds);
    }
    node = node == null ? "" : node.trim();
    name = name == null || name.isBlank() ? "skillforge" : name;
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
  }

  /** Whether the nodes share a PostgreSQL store. */
  public boolean shared() {
    return POSTGRES.equals(store);
  }

  public Duration lease() {
    return Duration.ofMillis(Math.round(leaseSeconds * 1000));
  }

  /** This node's name: the configured one, else host name and process id. */
  public String nodeName() {
    if (!node.isEmpty()) {
      return node;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }
}
