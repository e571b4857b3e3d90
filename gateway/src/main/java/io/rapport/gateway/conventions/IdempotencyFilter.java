package io.rapport.gateway.conventions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import io.rapport.gateway.auth.ApiKeyFilter;
import io.rapport.gateway.auth.ApiKeys;
import io.rapport.gateway.web.Problems;
import io.rapport.platform.crypto.Digests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Request bodies within limits, and POSTs made safe to retry.
 * <ul>
 * <li>A body over {@code rapport.limits.max-body-size} (an upload over the multipart limit) gets 413 before any
 * handler sees it, whether or not it declared its length.</li>
 * <li>A POST with {@code Idempotency-Key} runs once per workspace and key: a repeat gets the first response
 * (marked {@code Idempotent-Replayed: true}), a repeat while the first still runs gets 409, and the same key with
 * a different request (method, path, query or body) gets 422. A response of 429 or 5xx is not kept, so a retry
 * runs the request again.</li>
 * </ul>
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private final IdempotencyStore store;
    private final long maxBody;
    private final long maxUpload;

    public IdempotencyFilter(IdempotencyStore store, ConventionProperties limits, MultipartProperties multipart) {
        this.store = store;
        this.maxBody = limits.maxBodySize().toBytes();
        this.maxUpload = multipart.getMaxRequestSize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getAttribute(ApiKeyFilter.GRANT) == null || !switch (request.getMethod()) {
            case "POST", "PUT", "PATCH" -> true;
            default -> false;
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        boolean upload = request.getContentType() != null
                && request.getContentType().toLowerCase().startsWith("multipart/");
        long limit = upload ? maxUpload : maxBody;
        if (request.getContentLengthLong() > limit) {
            tooLarge(request, response, limit);
            return;
        }
        if (upload) {
            // The container parses an upload into parts kept on disk (within the multipart limits): their content
            // is the fingerprint, and the handler reads the same parts.
            if (key == null || !request.getMethod().equals("POST")) {
                chain.doFilter(request, response);
            } else if (validKey(request, response, key)) {
                String parts;
                try {
                    parts = partsDigest(request);
                } catch (IllegalStateException e) {
                    tooLarge(request, response, limit);
                    return;
                }
                once(request, parts, response, chain, key);
            }
            return;
        }
        SpooledRequest spooled;
        try {
            spooled = SpooledRequest.spool(request, limit);
        } catch (SpooledRequest.TooLarge e) {
            tooLarge(request, response, limit);
            return;
        }
        try (spooled) {
            if (key == null || !request.getMethod().equals("POST")) {
                chain.doFilter(spooled, response);
            } else if (validKey(request, response, key)) {
                once(spooled, spooled.sha256Hex(), response, chain, key);
            }
        }
    }

    private static boolean validKey(HttpServletRequest request, HttpServletResponse response, String key)
            throws IOException {
        if (!key.isEmpty() && key.length() <= 255 && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return true;
        }
        Problems.write(response, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key", "An Idempotency-Key is "
                + "1 to 255 visible ASCII characters, such as a UUID.", request.getRequestURI());
        return false;
    }

    private static String partsDigest(HttpServletRequest request) throws IOException, ServletException {
        MessageDigest digest = Digests.sha256Digest();
        for (Part part : request.getParts()) {
            digest.update((part.getName() + "\n" + part.getSubmittedFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            try (InputStream in = part.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) != -1; ) {
                    digest.update(buffer, 0, read);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void once(HttpServletRequest request, String bodyDigest, HttpServletResponse response, FilterChain chain,
                      String key) throws IOException, ServletException {
        String workspace = ((ApiKeys.Grant) request.getAttribute(ApiKeyFilter.GRANT)).workspace();
        String fingerprint = Digests.sha256Hex(request.getMethod() + " " + request.getRequestURI() + "?"
                + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n" + bodyDigest);
        Optional<IdempotencyStore.Earlier> earlier = store.claim(workspace, key, fingerprint, ABANDONED_AFTER);
        if (earlier.isPresent()) {
            answerRepeat(request, response, key, fingerprint, earlier.get());
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, recorded);
            int status = recorded.getStatus();
            if (status != 429 && status < 500) {
                store.complete(workspace, key, new IdempotencyStore.Response(status, recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.LOCATION), recorded.getContentAsByteArray()));
                kept = true;
            }
        } finally {
            if (!kept) {
                store.release(workspace, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private static void answerRepeat(HttpServletRequest request, HttpServletResponse response, String key,
                                     String fingerprint, IdempotencyStore.Earlier earlier) throws IOException {
        if (!earlier.fingerprint().equals(fingerprint)) {
            Problems.write(response, HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                    "Idempotency-Key '" + key + "' was first sent with a different request (method, path, query or "
                            + "body); use a new key for a new request.", request.getRequestURI());
        } else if (earlier.inProgress()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            Problems.write(response, HttpStatus.CONFLICT, "Request in progress", "A request with Idempotency-Key '"
                    + key + "' is still running; retry shortly for its response.", request.getRequestURI());
        } else {
            IdempotencyStore.Response first = earlier.response();
            response.setStatus(first.status());
            if (first.contentType() != null) {
                response.setContentType(first.contentType());
            }
            if (first.location() != null) {
                response.setHeader(HttpHeaders.LOCATION, first.location());
            }
            response.setHeader("Idempotent-Replayed", "true");
            response.setContentLength(first.body().length);
            response.getOutputStream().write(first.body());
        }
    }

    private static void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit)
            throws IOException {
        Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large", "This request's body may "
                + "be at most " + limit + " bytes" + (limit < 1 << 30 ? "; send large data in batches or as a file "
                + "import." : "."), request.getRequestURI());
    }
}
