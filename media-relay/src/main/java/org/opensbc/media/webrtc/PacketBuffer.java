package org.opensbc.media.webrtc;

import java.nio.ByteBuffer;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable packet buffer for jitsi-srtp, which transforms packets in place in a byte array
 * (and appends or strips the authentication tag). One per direction and transport: no
 * allocation per packet.
 */
final class PacketBuffer implements ByteArrayBuffer {

    private final byte[] data;
    private final ByteBuffer view;
    private int offset;
    private int length;

    PacketBuffer(int capacity) {
        data = new byte[capacity];
        view = ByteBuffer.wrap(data);
    }

    /** Copies the packet's remaining bytes in (the source's position is left unchanged). */
    void load(ByteBuffer packet) {
        int size = packet.remaining();
        packet.get(packet.position(), data, 0, size);
        offset = 0;
        length = size;
    }

    /** The current contents, as a buffer valid until the next load. */
    ByteBuffer view() {
        view.limit(offset + length).position(offset);
        return view;
    }

    int readInt(int at) {
        int i = offset + at;
        return (data[i] & 0xFF) << 24 | (data[i + 1] & 0xFF) << 16 | (data[i + 2] & 0xFF) << 8 | (data[i + 3] & 0xFF);
    }

    @Override
    public byte[] getBuffer() {
        return data;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(data, offset + off, outBuf, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > data.length) {
            throw new IllegalStateException("packet buffer too small for " + howMuch + " more bytes");
        }
    }

    @Override
    public void append(byte[] bytes, int len) {
        grow(len);
        System.arraycopy(bytes, 0, data, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
