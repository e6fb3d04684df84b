package io.orderhook.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/** Compression of large bodies, so a 300-line order still fits one DynamoDB item (400 KB). */
final class Gzip {
    private Gzip() {}

    /** The gzip header (RFC 1952): magic, deflate, no flags, no time, no extra flags, OS unknown. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    /**
     * Level 1 instead of the default 6: on order JSON it is about twice as fast for a few
     * percent more bytes, and the receiver's time is what the shop waits for. One raw deflater
     * per thread, reset per body: a new one allocates and frees zlib's ~256 KiB state each time.
     */
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));

    static byte[] compress(byte[] raw, int length) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(raw, 0, length);
        deflater.finish();
        // Order JSON compresses 5 to 20 times; the buffer grows for anything that does not.
        byte[] out = new byte[HEADER.length + length / 4 + 64];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        int size = HEADER.length;
        while (!deflater.finished()) {
            if (size == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            size += deflater.deflate(out, size, out.length - size);
        }
        CRC32 crc = new CRC32();
        crc.update(raw, 0, length);
        out = Arrays.copyOf(out, size + 8);
        writeIntLittleEndian(out, size, (int) crc.getValue());
        writeIntLittleEndian(out, size + 4, length);
        return out;
    }

    private static void writeIntLittleEndian(byte[] out, int at, int value) {
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
        out[at + 2] = (byte) (value >>> 16);
        out[at + 3] = (byte) (value >>> 24);
    }

    /** Gzip bombs stop here: the receiver refuses bodies over 1 MiB, so nothing stored expands further. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    static byte[] decompress(byte[] compressed) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] body = gzip.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("a stored bodyGzip attribute expands beyond " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("a stored bodyGzip attribute is not valid gzip: " + e.getMessage(), e);
        }
    }
}
