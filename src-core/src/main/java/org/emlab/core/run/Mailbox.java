package org.emlab.core.run;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A latest-wins slot between one producer (the compute thread) and one consumer (the UI frame
 * pulse). Publishing never blocks; the consumer takes the newest value, and intermediate values
 * it never saw are simply dropped.
 */
public final class Mailbox<T> {
    private final AtomicReference<T> slot = new AtomicReference<>();

    /** Replaces whatever was there. */
    public void publish(T value) {
        slot.set(value);
    }

    /** The newest value and empties the slot, or null if nothing new arrived. */
    public T take() {
        return slot.getAndSet(null);
    }

    /** The newest value without taking it. */
    public T peek() {
        return slot.get();
    }
}
