package org.opensbc.media;

/**
 * A small map from SSRC to per-stream state without boxing (one lookup per packet). Bounded: past
 * {@code capacity} SSRCs the oldest entry is replaced, so a peer sending random SSRCs cannot grow it.
 */
public final class SsrcTable<T> {

    private final int[] keys;
    private final Object[] values;
    private int size;
    private int next;

    public SsrcTable(int capacity) {
        keys = new int[capacity];
        values = new Object[capacity];
    }

    @SuppressWarnings("unchecked")
    public T get(int ssrc) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == ssrc) {
                return (T) values[i];
            }
        }
        return null;
    }

    /** Adds an entry; returns the value it pushed out, or null. */
    @SuppressWarnings("unchecked")
    public T put(int ssrc, T value) {
        if (size < keys.length) {
            keys[size] = ssrc;
            values[size++] = value;
            return null;
        }
        T evicted = (T) values[next];
        keys[next] = ssrc;
        values[next] = value;
        next = (next + 1) % keys.length;
        return evicted;
    }

    public int size() {
        return size;
    }
}
