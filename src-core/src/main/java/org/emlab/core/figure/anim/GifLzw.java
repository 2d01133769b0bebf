package org.emlab.core.figure.anim;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The LZW compression of GIF image data for 8-bit indices: the minimum code size byte, the codes in
 * sub-blocks of at most 255 bytes and the block terminator. The string table is an open-addressing hash
 * table (prefix code, byte) → code that fits in a core's cache; it is cleared (a clear code) when all
 * 4096 codes are taken. One instance per thread: it keeps its table between calls.
 */
final class GifLzw {
    private static final int MIN_CODE_SIZE = 8;
    private static final int CLEAR = 1 << MIN_CODE_SIZE;
    private static final int END = CLEAR + 1;
    private static final int FIRST_FREE = CLEAR + 2;
    private static final int MAX_CODES = 4096;
    private static final int TABLE_BITS = 13; // 8192 slots for at most 3838 strings
    private static final int TABLE_MASK = (1 << TABLE_BITS) - 1;

    /** Slot → (prefix << 8 | byte) + 1, 0 when empty. */
    private final int[] keys = new int[1 << TABLE_BITS];
    private final short[] codes = new short[1 << TABLE_BITS];
    private final byte[] block = new byte[255];
    private int blockLength;
    private int bitBuffer;
    private int bitCount;
    private ByteArrayOutputStream out;

    /** Appends the LZW-compressed {@code data[0 .. n)} (indices 0..255), as a GIF image's data, to {@code to}. */
    void encode(byte[] data, int n, ByteArrayOutputStream to) {
        out = to;
        blockLength = 0;
        bitBuffer = 0;
        bitCount = 0;
        to.write(MIN_CODE_SIZE);
        Arrays.fill(keys, 0);
        int next = FIRST_FREE;
        int size = MIN_CODE_SIZE + 1;
        put(CLEAR, size);
        if (n > 0) {
            int prefix = data[0] & 0xFF;
            for (int i = 1; i < n; i++) {
                int k = data[i] & 0xFF;
                int key = (prefix << 8 | k) + 1;
                int slot = (key * 0x9E3779B1) >>> (32 - TABLE_BITS);
                int found = -1;
                while (keys[slot] != 0) {
                    if (keys[slot] == key) {
                        found = codes[slot];
                        break;
                    }
                    slot = (slot + 1) & TABLE_MASK;
                }
                if (found >= 0) {
                    prefix = found;
                    continue;
                }
                put(prefix, size);
                // the decoder reads the next code one bit wider once the code just assigned fills this width
                if (next >= (1 << size) && size < 12) {
                    size++;
                }
                if (next < MAX_CODES) {
                    keys[slot] = key;
                    codes[slot] = (short) next;
                    next++;
                } else {
                    put(CLEAR, size);
                    Arrays.fill(keys, 0);
                    next = FIRST_FREE;
                    size = MIN_CODE_SIZE + 1;
                }
                prefix = k;
            }
            put(prefix, size);
            if (next >= (1 << size) && size < 12) {
                size++;
            }
        }
        put(END, size);
        if (bitCount > 0) {
            byteOut(bitBuffer & 0xFF);
        }
        if (blockLength > 0) {
            flushBlock();
        }
        to.write(0); // block terminator
        out = null;
    }

    private void put(int code, int size) {
        bitBuffer |= code << bitCount;
        bitCount += size;
        while (bitCount >= 8) {
            byteOut(bitBuffer & 0xFF);
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
    }

    private void byteOut(int b) {
        block[blockLength++] = (byte) b;
        if (blockLength == 255) {
            flushBlock();
        }
    }

    private void flushBlock() {
        out.write(blockLength);
        out.write(block, 0, blockLength);
        blockLength = 0;
    }
}
