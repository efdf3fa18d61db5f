package io.edgeenergy.runtime.hints.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who currently asks for which value of each sysfs node this process changed. sysfs nodes are global,
 * so scopes on several threads may hold the same node: the node shows the newest open claim's value,
 * and when the last claim goes the original value comes back and the journal forgets the node. Closing
 * scopes in any order is therefore safe. Every write passes the {@link AllowList} first and is
 * journaled before it is made.
 */
public final class SysfsClaims {
  private final Path sysfsRoot;
  private final NodeIo io;
  private final HintJournal journal;
  private final Map<Path, NodeState> nodes = new HashMap<>();

  public SysfsClaims(Path sysfsRoot, NodeIo io, HintJournal journal) {
    this.sysfsRoot = sysfsRoot;
    this.io = io;
    this.journal = journal;
  }

  /** One open request for a value; {@link #release(Claim)} it exactly once. */
  public static final class Claim {
    final Path node;
    final String value;
    final String previous;

    Claim(Path node, String value, String previous) {
      this.node = node;
      this.value = value;
      this.previous = previous;
    }

    /** The value the node held just before this claim was written. */
    public String previous() {
      return previous;
    }
  }

  private static final class NodeState {
    final String original;
    final List<Claim> claims = new ArrayList<>();

    NodeState(String original) {
      this.original = original;
    }

    String shown() {
      return claims.isEmpty() ? original : claims.get(claims.size() - 1).value;
    }
  }

  public NodeIo io() {
    return io;
  }

  /**
   * Writes {@code value} to {@code node} (journaled first). Throws {@code SysfsWriteRefusedException}
   * for a node outside the allow-list and {@link IOException} when the kernel rejects the write; the
   * node and the journal are then as they were.
   */
  public synchronized Claim claim(Path node, String value) throws IOException {
    AllowList.check(sysfsRoot, node);
    Path key = node.toAbsolutePath().normalize();
    NodeState state = nodes.get(key);
    boolean fresh = state == null;
    if (fresh) {
      state = new NodeState(io.read(key));
      journal.record(key, state.original);
    }
    String previous = state.shown();
    try {
      io.write(key, value);
    } catch (IOException | RuntimeException e) {
      if (fresh) {
        journal.forget(key);
      }
      throw e;
    }
    nodes.put(key, state);
    Claim claim = new Claim(key, value, previous);
    state.claims.add(claim);
    return claim;
  }

  /**
   * Withdraws a claim: the node goes back to the newest remaining claim's value, or to its original.
   * A failed write leaves the node in the journal, so the next start (or {@code doctor --restore})
   * retries it.
   */
  public synchronized void release(Claim claim) throws IOException {
    NodeState state = nodes.get(claim.node);
    if (state == null || !state.claims.contains(claim)) {
      return;
    }
    String before = state.shown();
    state.claims.remove(claim);
    String after = state.shown();
    if (!after.equals(before)) {
      io.write(claim.node, after);   // on failure the state (and its original) stays for a later release
    }
    if (state.claims.isEmpty()) {
      nodes.remove(claim.node);
      journal.forget(claim.node);
    }
  }
}
