package dev.tapedeck.wrapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Passes SIGINT, SIGTERM and SIGHUP sent to tapedeck on to the child and all its descendants, then
 * gives them the grace period to exit before killing whatever is left, so no descendant outlives
 * tapedeck. Java cannot send those signals itself, so they go through {@code kill}.
 *
 * <p>A Ctrl-C typed in a terminal reaches the child directly (it shares our process group), and
 * agents use it to interrupt work without exiting: when our stdin is a terminal, SIGINT is neither
 * passed on again nor followed by a kill. Handlers run on the JVM's signal thread; the grace timer
 * is the thread {@code child-grace-PID}. Handlers are installed before the child starts: a signal
 * that comes first is passed on the moment the child exists.
 */
final class ChildSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildSignals.class);
    private static final String[] FORWARDED = {"TERM", "HUP", "INT"};

    /** Set once by the waiting thread when the child has started; read by the signal thread. */
    private volatile Process child;
    /**
     * The child's handle (a PTY's process is no JDK process and has none of its own): empty when it
     * was gone before it was attached.
     */
    private volatile java.util.Optional<ProcessHandle> handle = java.util.Optional.empty();
    private final Duration grace;
    /**
     * Whether our stdin is a terminal: null until the first SIGINT asks (then on the signal thread),
     * so a run that gets none never asks (without /proc the question loads the C library).
     */
    private Boolean interactive;
    private final Map<String, SignalHandler> previous = new ConcurrentHashMap<>();
    /** The first signal passed on, or null; set on the signal thread, read by the waiting thread. */
    private volatile String forwarded;
    private volatile boolean killedAfterGrace;
    private final AtomicBoolean graceStarted = new AtomicBoolean();
    /** Every process ever seen under the child, so orphans are still found after the child exits. */
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    /** A signal that arrived before the child started, passed on once it has. */
    private volatile String pending;

    /**
     * How many relaying processes lead down to the command: none (pipes), one (the shell that leads
     * the PTY pty4j opened, see {@link ChildProcess}) or two (util-linux {@code script} and under it
     * that shell). They only relay: sent SIGTERM, {@code script} said "Session terminated, killing
     * shell..." and exited 0, and the leading shell dies, both losing the command's exit code. So
     * signals go to the command and what is under it, and the relays end when it does. The kill after
     * the grace still includes them.
     */
    private final int relays;

    ChildSignals(Duration grace, int relays) {
        this.grace = grace;
        this.relays = relays;
    }

    /** The child has started: signals are passed on to it from now, and one that came early now. */
    void attach(Process started) {
        this.handle = ProcessHandle.of(started.pid());
        this.child = started;
        String early = pending;
        if (early != null) {
            onSignal(early);
        }
    }

    void install() {
        for (String name : FORWARDED) {
            try {
                previous.put(name, Signal.handle(new Signal(name), signal -> onSignal(name)));
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }

    /** The signal passed on to the child ("TERM", "HUP", "INT"), or null. */
    String forwarded() {
        return forwarded;
    }

    boolean killedAfterGrace() {
        return killedAfterGrace;
    }

    private boolean interactive() {
        if (interactive == null) {
            interactive = PtyMode.isTerminal(0);
        }
        return interactive;
    }

    private synchronized void onSignal(String name) {
        if (name.equals("INT") && interactive()) {
            return;
        }
        if (child == null) {
            pending = name;
            return;
        }
        if (forwarded == null) {
            forwarded = name;
        }
        List<ProcessHandle> targets = snapshot();
        if (relays > 0) {
            Set<Long> relaying = new HashSet<>();
            relaying.add(child.pid());
            if (relays > 1) {
                handle.ifPresent(root -> root.children().forEach(p -> relaying.add(p.pid())));
            }
            if (targets.stream().anyMatch(p -> !relaying.contains(p.pid()))) {
                targets.removeIf(p -> relaying.contains(p.pid()));
            }
        }
        send(name, targets);
        if (graceStarted.compareAndSet(false, true)) {
            Thread timer = new Thread(this::killAfterGrace, "child-grace-" + child.pid());
            timer.setDaemon(true);
            timer.start();
        }
    }

    private void killAfterGrace() {
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            if (snapshot().isEmpty()) {
                return;
            }
            try {
                child.waitFor(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        List<ProcessHandle> left = snapshot();
        if (!left.isEmpty()) {
            killedAfterGrace = true;
            LOG.info("{} processes still running {} after SIG{}; killing them", left.size(), grace, forwarded);
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The child and its descendants that are alive now, including any seen before. */
    private List<ProcessHandle> snapshot() {
        handle.filter(ProcessHandle::isAlive).ifPresent(root -> {
            seen.add(root);
            root.descendants().forEach(seen::add);
        });
        seen.removeIf(p -> !p.isAlive());
        return new ArrayList<>(new LinkedHashSet<>(seen));
    }

    private static void send(String name, List<ProcessHandle> targets) {
        if (targets.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", name));
        targets.forEach(p -> command.add(Long.toString(p.pid())));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("could not pass SIG{} on ({}); terminating instead", name, e.getMessage());
            targets.forEach(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        previous.forEach((name, handler) -> {
            try {
                Signal.handle(new Signal(name), handler);
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot restore SIG{}: {}", name, e.getMessage());
            }
        });
        previous.clear();
    }
}
