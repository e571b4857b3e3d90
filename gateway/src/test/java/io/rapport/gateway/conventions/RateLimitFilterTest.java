package io.rapport.gateway.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rapport.gateway.auth.ApiKeyFilter;
import io.rapport.gateway.auth.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RateLimitFilterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimitFilter filter = new RateLimitFilter(new ConventionProperties(null, 10, 20, null), nanos::get,
            meters);

    private MockHttpServletResponse call(String keyId) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/customers/ada");
        request.setAttribute(ApiKeyFilter.GRANT, new ApiKeys.Grant("acme", Set.of("read"), keyId, false));
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void aKeyMaySendItsBurstThenGets429WithRetryAfterUntilTheBucketRefills() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(call("k1").getStatus()).as("request %d", i).isEqualTo(200);
        }
        MockHttpServletResponse refused = call("k1");

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getHeader("RateLimit-Limit")).isEqualTo("10");
        assertThat(refused.getHeader("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.getContentAsString()).contains("10 requests a second");
        assertThat(call("k2").getStatus()).as("another key has its own bucket").isEqualTo(200);
        assertThat(meters.get("rapport.rate.limited").tag("workspace", "acme").counter().count()).isEqualTo(1);

        nanos.addAndGet(100_000_000L);
        assertThat(call("k1").getStatus()).as("a tenth of a second refills one").isEqualTo(200);
        assertThat(call("k1").getStatus()).isEqualTo(429);
        nanos.addAndGet(10_000_000_000L);
        for (int i = 0; i < 20; i++) {
            assertThat(call("k1").getStatus()).as("refilled to the burst, not beyond").isEqualTo(200);
        }
        assertThat(call("k1").getStatus()).isEqualTo(429);
    }
}
