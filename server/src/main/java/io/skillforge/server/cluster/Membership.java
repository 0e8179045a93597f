package io.skillforge.server.cluster;

import java.util.List;

/** Who else is in the cluster, as its membership protocol sees it now. */
public interface Membership {
  /** A server on its own. */
  Membership SINGLE = new Membership() {
    @Override
    public boolean clustered() {
      return false;
    }

    @Override
    public List<String> members() {
      return List.of();
    }
  };

  /** Whether the server joined a cluster. */
  boolean clustered();

  /** The members' addresses, this node's among them; empty when not clustered. */
  List<String> members();
}
