package io.skillforge.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.NotFoundException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * This node's place in a Vert.x cluster whose membership Hazelcast keeps: the clustered Vert.x
 * (its event bus reaches every node, so job events published on one node reach subscribers on all)
 * and the members as Hazelcast sees them, each named by its Skillforge node name.
 */
public final class ClusterNode implements Membership, AutoCloseable {
  private static final String NODE_ATTRIBUTE = "skillforge.node";
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private final HazelcastInstance hazelcast;
  private final Vertx vertx;

  private ClusterNode(HazelcastInstance hazelcast, Vertx vertx) {
    this.hazelcast = hazelcast;
    this.vertx = vertx;
  }

  /**
   * Joins the cluster {@code settings} describe, as {@code nodeName}. Blocks until joined.
   *
   * @param builder the Vert.x this node would run alone (options, metrics); the cluster manager is
   *     added to it
   * @throws NotFoundException when the Hazelcast configuration file is missing
   * @throws BadInputException when it cannot be read
   */
  public static ClusterNode join(ClusterSettings settings, String nodeName, VertxBuilder builder,
      VertxOptions options) {
    Objects.requireNonNull(nodeName, "nodeName");
    Path file = Path.of(settings.hazelcastConfig());
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("cluster.hazelcast-config " + file + " is not a file; serve --cluster reads its"
          + " members and interfaces from it (conf/hazelcast.xml is the loopback example)");
    }
    Config config;
    try {
      config = new FileSystemXmlConfig(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new BadInputException("cluster.hazelcast-config " + file + " is not a Hazelcast configuration: "
          + e.getMessage(), e);
    }
    config.setClusterName(settings.name());
    config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, nodeName);
    // Vert.x finds its own node id among the attributes of a Hazelcast instance it did not start.
    config.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID, UUID.randomUUID().toString());
    HazelcastInstance hazelcast;
    try {
      hazelcast = Hazelcast.newHazelcastInstance(config);
    } catch (RuntimeException e) {
      throw new BadInputException("could not join the cluster described by cluster.hazelcast-config " + file + ": "
          + e.getMessage(), e);
    }
    try {
      options.getEventBusOptions().setHost(settings.host()).setPort(0);
      Vertx vertx = Await.result(builder.with(options)
          .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered());
      return new ClusterNode(hazelcast, vertx);
    } catch (RuntimeException e) {
      hazelcast.shutdown();
      throw e;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public List<String> members() {
    List<String> out = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String name = member.getAttribute(NODE_ATTRIBUTE);
      out.add((name == null ? "?" : name) + "@" + member.getAddress().getHost() + ":" + member.getAddress().getPort());
    }
    return out;
  }

  /** Leaves the cluster: closes Vert.x, then Hazelcast. */
  @Override
  public void close() {
    try {
      Await.result(vertx.close());
    } finally {
      hazelcast.shutdown();
    }
  }
}
