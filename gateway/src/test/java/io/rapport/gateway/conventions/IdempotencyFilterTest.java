package io.rapport.gateway.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.rapport.gateway.auth.ApiKeyFilter;
import io.rapport.gateway.auth.ApiKeys;
import io.rapport.gateway.testing.EmbeddedDatabase;
import io.rapport.platform.crypto.Digests;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class IdempotencyFilterTest {

    private final EmbeddedDatabase database = new EmbeddedDatabase();
    private final ConventionProperties limits = new ConventionProperties(DataSize.ofKilobytes(64), null, null, null);
    private final IdempotencyStore store = new IdempotencyStore(database.database(), limits);
    private final IdempotencyFilter filter = new IdempotencyFilter(store, limits, new MultipartProperties());
    private final AtomicInteger runs = new AtomicInteger();
    private int answerWith = 201;

    /** Stands for a controller: counts its runs and answers with the body it read and its run number. */
    private final HttpServlet handler = new HttpServlet() {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int run = runs.incrementAndGet();
            response.setStatus(answerWith);
            response.setContentType("application/json");
            response.setHeader("Location", "/v1/things/" + run);
            response.getWriter().write("{\"run\":" + run + ",\"read\":" + body.length() + "}");
        }
    };

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    private MockHttpServletResponse post(String workspace, String key, String body) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/things");
        request.setAttribute(ApiKeyFilter.GRANT, new ApiKeys.Grant(workspace, Set.of("write"), "k1", false));
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        if (key != null) {
            request.addHeader(IdempotencyFilter.HEADER, key);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(handler, filter).doFilter(request, response);
        return response;
    }

    @Test
    void aRepeatGetsTheFirstResponseWithoutRunningAgain() throws Exception {
        MockHttpServletResponse first = post("acme", "order-1", "{\"a\":1}");
        MockHttpServletResponse repeat = post("acme", "order-1", "{\"a\":1}");

        assertThat(runs).hasValue(1);
        assertThat(first.getStatus()).isEqualTo(201);
        assertThat(first.getContentAsString()).isEqualTo("{\"run\":1,\"read\":7}");
        assertThat(repeat.getStatus()).isEqualTo(201);
        assertThat(repeat.getContentAsString()).isEqualTo(first.getContentAsString());
        assertThat(repeat.getHeader("Location")).isEqualTo("/v1/things/1");
        assertThat(repeat.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWith422() throws Exception {
        post("acme", "order-1", "{\"a\":1}");
        MockHttpServletResponse other = post("acme", "order-1", "{\"a\":2}");

        assertThat(runs).hasValue(1);
        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(other.getContentType()).startsWith("application/problem+json");
        assertThat(other.getContentAsString()).contains("different request");
    }

    @Test
    void keysBelongToTheirWorkspaceAndWithoutAKeyEveryPostRuns() throws Exception {
        post("acme", "order-1", "{}");
        post("globex", "order-1", "{}");
        post("acme", null, "{}");
        post("acme", null, "{}");

        assertThat(runs).hasValue(4);
    }

    @Test
    void aFailureThatARetryMayMendIsNotKept() throws Exception {
        answerWith = 503;
        post("acme", "order-1", "{}");
        answerWith = 201;
        MockHttpServletResponse retry = post("acme", "order-1", "{}");

        assertThat(runs).hasValue(2);
        assertThat(retry.getStatus()).isEqualTo(201);
    }

    @Test
    void aRepeatWhileTheFirstStillRunsGets409() throws Exception {
        // Another replica runs the same request under the same key right now.
        assertThat(store.claim("acme", "order-2", fingerprintOf("{}"), Duration.ofMinutes(10))).isEmpty();

        MockHttpServletResponse running = post("acme", "order-2", "{}");
        assertThat(running.getStatus()).isEqualTo(409);
        assertThat(running.getHeader("Retry-After")).isEqualTo("1");
        assertThat(runs).hasValue(0);
    }

    @Test
    void aBodyOverTheLimitGets413BeforeAnyHandlerRunsDeclaredOrNot() throws Exception {
        String big = "x".repeat(65 * 1024);
        assertThat(post("acme", null, big).getStatus()).isEqualTo(413);

        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/v1/things") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setAttribute(ApiKeyFilter.GRANT, new ApiKeys.Grant("acme", Set.of("write"), "k1", false));
        chunked.setContent(big.getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(handler, filter).doFilter(chunked, response);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("at most 65536 bytes");
        assertThat(runs).hasValue(0);
        assertThat(post("acme", null, "x".repeat(60 * 1024)).getStatus()).isEqualTo(201);
    }

    @Test
    void aBadKeyIsRefused() throws Exception {
        assertThat(post("acme", "with space", "{}").getStatus()).isEqualTo(400);
        assertThat(post("acme", "k".repeat(256), "{}").getStatus()).isEqualTo(400);
        assertThat(runs).hasValue(0);
    }

    private static String fingerprintOf(String body) {
        return Digests.sha256Hex("POST /v1/things?\n" + Digests.sha256Hex(body));
    }
}
