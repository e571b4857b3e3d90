package io.rapport.gateway.conventions;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.gateway.auth.ApiKeyFilter;
import io.rapport.gateway.auth.ApiKeys;
import io.rapport.gateway.web.Problems;
import io.rapport.platform.limits.TokenBuckets;
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
 * Each API key gets a token bucket (Bucket4j): {@code requestsPerSecond} sustained, {@code burst} at once. Over it,
 * 429 with {@code Retry-After} (whole seconds until a request would pass); every answer carries
 * {@code RateLimit-Limit} and {@code RateLimit-Remaining}; refusals are counted ({@code rapport_rate_limited_total}
 * by workspace). The buckets live in each gateway replica.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
public class RateLimitFilter extends OncePerRequestFilter {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConventionProperties limits;
    private final LongSupplier nanoTime;
    private final MeterRegistry meters;

    @Autowired
    public RateLimitFilter(ConventionProperties limits, MeterRegistry meters) {
        this(limits, System::nanoTime, meters);
    }

    RateLimitFilter(ConventionProperties limits, LongSupplier nanoTime, MeterRegistry meters) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getAttribute(ApiKeyFilter.GRANT) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiKeys.Grant grant = (ApiKeys.Grant) request.getAttribute(ApiKeyFilter.GRANT);
        Bucket bucket = buckets.computeIfAbsent(grant.workspace() + "/" + grant.keyId(),
                key -> TokenBuckets.of(limits.requestsPerSecond(), limits.burst(), nanoTime));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        response.setHeader("RateLimit-Limit", String.valueOf(limits.requestsPerSecond()));
        response.setHeader("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        if (!probe.isConsumed()) {
            meters.counter("rapport.rate.limited", "workspace", grant.workspace()).increment();
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            response.setHeader("Retry-After", String.valueOf(seconds));
            Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", "This API key may send "
                    + limits.requestsPerSecond() + " requests a second (" + limits.burst() + " at once); retry in "
                    + seconds + " s.", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }
}
