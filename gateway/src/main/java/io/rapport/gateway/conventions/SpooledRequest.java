package io.rapport.gateway.conventions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.rapport.platform.crypto.Digests;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body has been read in full (in memory up to 1 MiB, beyond that in a temporary file) and
 * measured: its SHA-256 is known before any handler runs, and the handler reads the same bytes again.
 */
final class SpooledRequest extends HttpServletRequestWrapper implements AutoCloseable {

    /** The body is larger than allowed; nothing of it has reached a handler. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private static final int IN_MEMORY = 1 << 20;

    private final byte[] bytes;
    private final Path file;
    private final String sha256;
    private final long length;

    private SpooledRequest(HttpServletRequest request, byte[] bytes, Path file, String sha256, long length) {
        super(request);
        this.bytes = bytes;
        this.file = file;
        this.sha256 = sha256;
        this.length = length;
    }

    static SpooledRequest spool(HttpServletRequest request, long limit) throws IOException, TooLarge {
        MessageDigest digest = Digests.sha256Digest();
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        Path file = null;
        OutputStream sink = new DigestOutputStream(memory, digest);
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = request.getInputStream()) {
            for (int read; (read = in.read(buffer)) != -1; ) {
                total += read;
                if (total > limit) {
                    sink.close();
                    deleteQuietly(file);
                    throw new TooLarge();
                }
                if (file == null && total > IN_MEMORY) {
                    file = Files.createTempFile("rapport-request-", ".body");
                    OutputStream onDisk = Files.newOutputStream(file);
                    memory.writeTo(onDisk);
                    sink = new DigestOutputStream(onDisk, digest);
                }
                sink.write(buffer, 0, read);
            }
        } finally {
            sink.close();
        }
        return new SpooledRequest(request, file == null ? memory.toByteArray() : null, file,
                HexFormat.of().formatHex(digest.digest()), total);
    }

    String sha256Hex() {
        return sha256;
    }

    @Override
    public int getContentLength() {
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getContentLengthLong() {
        return length;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        InputStream in = file == null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
        return new ServletInputStream() {
            private boolean finished;

            @Override
            public int read() throws IOException {
                int b = in.read();
                finished = b == -1;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                int read = in.read(buffer, offset, count);
                finished = read == -1;
                return read;
            }

            @Override
            public boolean isFinished() {
                return finished;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("a spooled body is read synchronously");
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public void close() {
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the spooled request body " + file, e);
            }
        }
    }
}
