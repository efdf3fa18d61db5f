package io.edgeenergy.runtime.hints.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /** One open request for a value; release it exactly once ({@link SysfsClaims#releaseAll}). */
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

  /** One step of {@link #claimAll}: the claim made, or why not. */
  public record Result(Path node, String value, Claim claim, Exception error) {}

  /**
   * Writes each {@code (node, value)} in order. Nodes outside the allow-list are refused
   * ({@code SysfsWriteRefusedException}); the originals of nodes not held yet are journaled in one
   * write before any node is written; a write the kernel rejects leaves that node and its journal entry
   * as they were. Never throws: each step's result says what happened.
   */
  public synchronized List<Result> claimAll(List<Map.Entry<Path, String>> steps) {
    int n = steps.size();
    Path[] keys = new Path[n];
    Exception[] errors = new Exception[n];
    Map<Path, String> fresh = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      try {
        AllowList.check(sysfsRoot, steps.get(i).getKey());
        keys[i] = steps.get(i).getKey().toAbsolutePath().normalize();
        if (!nodes.containsKey(keys[i]) && !fresh.containsKey(keys[i])) {
          fresh.put(keys[i], io.read(keys[i]));
        }
      } catch (IOException | RuntimeException e) {
        errors[i] = e;
      }
    }
    if (!fresh.isEmpty()) {
      try {
        journal.recordAll(fresh);
      } catch (RuntimeException e) {
        for (int i = 0; i < n; i++) {
          if (errors[i] == null && fresh.containsKey(keys[i])) {
            errors[i] = e;   // never write a node the journal does not name
          }
        }
        fresh.clear();
      }
    }
    List<Path> unused = new ArrayList<>();
    List<Result> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String value = steps.get(i).getValue();
      if (errors[i] != null) {
        results.add(new Result(steps.get(i).getKey(), value, null, errors[i]));
        continue;
      }
      NodeState state = nodes.computeIfAbsent(keys[i], k -> new NodeState(fresh.get(k)));
      String previous = state.shown();
      try {
        io.write(keys[i], value);
        Claim claim = new Claim(keys[i], value, previous);
        state.claims.add(claim);
        results.add(new Result(keys[i], value, claim, null));
      } catch (IOException | RuntimeException e) {
        if (state.claims.isEmpty()) {
          nodes.remove(keys[i]);
          unused.add(keys[i]);
        }
        results.add(new Result(keys[i], value, null, e));
      }
    }
    journal.forgetAll(unused);
    return results;
  }

  /**
   * Withdraws claims, last first: each node goes back to the newest remaining claim's value, or to its
   * original, and the journal forgets the nodes no claim holds any more (in one write). A failed write
   * leaves that node in the journal, so the next start (or {@code doctor --restore}) retries it; the
   * failures are thrown together after every claim was tried.
   */
  public synchronized void releaseAll(List<Claim> claims) throws IOException {
    List<Path> restored = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = claims.size() - 1; i >= 0; i--) {
      Claim claim = claims.get(i);
      NodeState state = nodes.get(claim.node);
      if (state == null || !state.claims.contains(claim)) {
        continue;
      }
      String before = state.shown();
      state.claims.remove(claim);
      String after = state.shown();
      try {
        if (!after.equals(before)) {
          io.write(claim.node, after);
        }
        if (state.claims.isEmpty()) {
          nodes.remove(claim.node);
          restored.add(claim.node);
        }
      } catch (IOException | RuntimeException e) {
        failures.add(claim.node.getFileName() + "=" + after + ": " + JournalRollback.describe(e));   // state kept
      }
    }
    journal.forgetAll(restored);
    if (!failures.isEmpty()) {
      throw new IOException("could not restore " + failures + " (kept in the journal for the next start)");
    }
  }
}
