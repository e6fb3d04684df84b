package io.orderhook.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Compression of large bodies, so a 300-line order still fits one DynamoDB item (400 KB). */
final class Gzip {
    private Gzip() {}

    static byte[] compress(byte[] raw, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 6));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(raw, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static byte[] decompress(byte[] compressed) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored bodyGzip attribute is not valid gzip: " + e.getMessage(), e);
        }
    }
}
