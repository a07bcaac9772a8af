package dev.tapedeck.api.web;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows down guessing the token through {@code POST /login}: per client address, the first
 * {@link #FREE_FAILURES} wrong tokens cost nothing, then each further one locks the address out
 * for twice as long as the last (1 s, 2 s, 4 s, ... at most {@link #MAX_LOCK_NANOS}). While
 * locked, every login from the address is refused (429 with {@code Retry-After}) without looking
 * at the token, and such refusals do not lengthen the lock. A right token after the lock clears
 * the address; so does {@link #FORGET_NANOS} without a failure. At most {@link #MAX_ADDRESSES}
 * addresses are remembered (the least recently failed are forgotten first), so the table stays
 * small whoever knocks. Behind a reverse proxy every client is the proxy's address: one guesser
 * then locks everyone out for a while, which is the safer way round.
 *
 * <p>Called on the IO threads; every method is synchronized (a few map operations).
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final long FIRST_LOCK_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_LOCK_NANOS = TimeUnit.MINUTES.toNanos(5);
    static final long FORGET_NANOS = TimeUnit.MINUTES.toNanos(15);
    static final int MAX_ADDRESSES = 10_000;

    /** Failures of one address, the time of the last, and the end of its lock (0: none yet). */
    private static final class Failures {
        int count;
        long lastNanos;
        long lockedUntilNanos;
        long lockNanos;
    }

    private final LongSupplier clock;
    private final Map<InetAddress, Failures> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whole seconds the address must still wait before it may try again; 0 when it may now. */
    synchronized long secondsToWait(InetAddress address) {
        Failures f = current(address);
        if (f == null) {
            return 0;
        }
        long left = f.lockedUntilNanos - clock.getAsLong();
        return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    /** Counts a wrong token from the address, locking it out past the free failures. */
    synchronized void recordFailure(InetAddress address) {
        long now = clock.getAsLong();
        Failures f = current(address);
        if (f == null) {
            f = new Failures();
            byAddress.put(address, f);
        }
        f.count++;
        f.lastNanos = now;
        if (f.count >= FREE_FAILURES) {
            f.lockNanos = f.lockNanos == 0 ? FIRST_LOCK_NANOS : Math.min(MAX_LOCK_NANOS, f.lockNanos * 2);
            f.lockedUntilNanos = now + f.lockNanos;
        }
    }

    /** A right token: the address starts afresh. */
    synchronized void recordSuccess(InetAddress address) {
        byAddress.remove(address);
    }

    /** The address's failures, or null when it has none worth remembering. */
    private Failures current(InetAddress address) {
        Failures f = byAddress.get(address);
        if (f != null && clock.getAsLong() - f.lastNanos > FORGET_NANOS && clock.getAsLong() >= f.lockedUntilNanos) {
            byAddress.remove(address);
            return null;
        }
        return f;
    }
}
