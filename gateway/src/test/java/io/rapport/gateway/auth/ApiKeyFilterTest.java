package io.rapport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import io.rapport.gateway.testing.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiKeyFilterTest {

    private MockHttpServletResponse call(ApiKeyFilter filter, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private MockHttpServletResponse call(ApiKeyFilter filter, String method, String path, String key) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Authorization", "Bearer " + key);
        return call(filter, request);
    }

    @Test
    void aKeysScopesDecideWhatItMayDo() throws Exception {
        try (EmbeddedDatabase database = new EmbeddedDatabase()) {
            ApiKeyStore store = new ApiKeyStore(database.database());
            String reader = store.createKey("acme", "reader", Set.of("read"), null).key();
            String writer = store.createKey("acme", "writer", Set.of("read", "write"), null).key();
            String admin = store.createKey("acme", "admin", Set.of("admin"), null).key();
            ApiKeys keys = new ApiKeys(new ApiKeyProperties(null, null, Duration.ofSeconds(5)), store);
            ApiKeyFilter filter = new ApiKeyFilter(keys, new ConsoleSessions(
                    new ConsoleSessionStore(database.database()), keys, Duration.ofMinutes(30), Duration.ofHours(8)));

            assertThat(call(filter, "GET", "/v1/customers/ada", reader).getStatus()).isEqualTo(200);
            MockHttpServletResponse refused = call(filter, "POST", "/v1/interactions", reader);
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentAsString()).contains("'write' scope");
            assertThat(call(filter, "POST", "/v1/interactions", writer).getStatus()).isEqualTo(200);
            assertThat(call(filter, "POST", "/v1/admin/replays", writer).getStatus()).isEqualTo(403);
            assertThat(call(filter, "POST", "/v1/admin/replays", admin).getStatus()).isEqualTo(200);
            assertThat(call(filter, "GET", "/v1/admin/api-keys", admin).getStatus()).isEqualTo(200);
            assertThat(call(filter, "GET", "/v1/customers/ada", admin).getStatus()).isEqualTo(403);
            assertThat(call(filter, "GET", "/v1/customers/ada", "nobody").getStatus()).isEqualTo(401);
            assertThat(call(filter, "GET", "/v1/customers/ada", reader + "x").getStatus()).isEqualTo(401);
        }
    }

    private MockHttpServletResponse withCookie(ApiKeyFilter filter, String method, String path, String token,
                                               boolean fromTheConsole) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setCookies(new jakarta.servlet.http.Cookie(SessionController.COOKIE, token));
        if (fromTheConsole) {
            request.addHeader(ApiKeyFilter.CONSOLE_HEADER, "1");
        }
        return call(filter, request);
    }

    @Test
    void aConsoleSessionActsWithItsKeysScopesAndChangesNothingWithoutTheConsolesHeader() throws Exception {
        try (EmbeddedDatabase database = new EmbeddedDatabase()) {
            ApiKeyStore store = new ApiKeyStore(database.database());
            var reader = store.createKey("acme", "reader", Set.of("read"), null);
            String writer = store.createKey("acme", "writer", Set.of("read", "write"), null).key();
            ApiKeys keys = new ApiKeys(new ApiKeyProperties(null, null, Duration.ofSeconds(5)), store);
            ConsoleSessions sessions = new ConsoleSessions(new ConsoleSessionStore(database.database()), keys,
                    Duration.ofMinutes(30), Duration.ofHours(8));
            ApiKeyFilter filter = new ApiKeyFilter(keys, sessions);
            String reading = sessions.open(reader.key()).orElseThrow().token();
            String writing = sessions.open(writer).orElseThrow().token();

            assertThat(withCookie(filter, "GET", "/v1/customers/ada", reading, false).getStatus()).isEqualTo(200);
            assertThat(withCookie(filter, "POST", "/v1/interactions", reading, true).getStatus()).isEqualTo(403);
            assertThat(withCookie(filter, "POST", "/v1/interactions", writing, true).getStatus()).isEqualTo(200);
            MockHttpServletResponse forged = withCookie(filter, "POST", "/v1/interactions", writing, false);
            assertThat(forged.getStatus()).isEqualTo(403);
            assertThat(forged.getContentAsString()).contains(ApiKeyFilter.CONSOLE_HEADER);
            assertThat(withCookie(filter, "GET", "/v1/customers/ada", writing + "x", false).getStatus()).isEqualTo(401);

            // Signing in and out need no key.
            assertThat(withCookie(filter, "POST", "/v1/sessions", "", false).getStatus()).isEqualTo(200);
            assertThat(withCookie(filter, "DELETE", "/v1/sessions/current", "", false).getStatus()).isEqualTo(200);

            // A revoked key ends its sessions; a closed session is gone.
            store.revoke("acme", reader.record().id());
            keys.forget(reader.record().id());
            assertThat(withCookie(filter, "GET", "/v1/customers/ada", reading, false).getStatus()).isEqualTo(401);
            sessions.close(writing);
            assertThat(withCookie(filter, "GET", "/v1/customers/ada", writing, false).getStatus()).isEqualTo(401);
        }
    }
}
