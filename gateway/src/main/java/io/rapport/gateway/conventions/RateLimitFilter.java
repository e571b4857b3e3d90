package io.rapport.gateway.conventions;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.rapport.gateway.auth.ApiKeyFilter;
import io.rapport.gateway.auth.ApiKeys;
import io.rapport.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each API key gets a token bucket: {@code requestsPerSecond} sustained, {@code burst} at once. Over it, 429 with
 * {@code Retry-After} (whole seconds until a request would pass); every answer carries {@code RateLimit-Limit}
 * and {@code RateLimit-Remaining}. The buckets live in each gateway replica.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
public class RateLimitFilter extends OncePerRequestFilter {

    /** A token bucket refilled continuously; {@code tokens} and {@code at} only change under its lock. */
    static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long at;

        Bucket(int perSecond, int burst, long now) {
            this.perNano = perSecond / 1e9;
            this.capacity = burst;
            this.tokens = burst;
            this.at = now;
        }

        /** Takes a token and answers 0, or answers the nanoseconds until one will be there. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized int remaining() {
            return (int) Math.floor(tokens);
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConventionProperties limits;
    private final LongSupplier nanoTime;

    @Autowired
    public RateLimitFilter(ConventionProperties limits) {
        this(limits, System::nanoTime);
    }

    RateLimitFilter(ConventionProperties limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getAttribute(ApiKeyFilter.GRANT) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiKeys.Grant grant = (ApiKeys.Grant) request.getAttribute(ApiKeyFilter.GRANT);
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(grant.workspace() + "/" + grant.keyId(),
                key -> new Bucket(limits.requestsPerSecond(), limits.burst(), now));
        long wait = bucket.take(now);
        response.setHeader("RateLimit-Limit", String.valueOf(limits.requestsPerSecond()));
        response.setHeader("RateLimit-Remaining", String.valueOf(bucket.remaining()));
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            response.setHeader("Retry-After", String.valueOf(seconds));
            Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", "This API key may send "
                    + limits.requestsPerSecond() + " requests a second (" + limits.burst() + " at once); retry in "
                    + seconds + " s.", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
