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

    private MockHttpServletResponse call(ApiKeyFilter filter, String method, String path, String key) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Authorization", "Bearer " + key);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void aKeysScopesDecideWhatItMayDo() throws Exception {
        try (EmbeddedDatabase database = new EmbeddedDatabase()) {
            ApiKeyStore store = new ApiKeyStore(database.database());
            String reader = store.createKey("acme", "reader", Set.of("read"), null).key();
            String writer = store.createKey("acme", "writer", Set.of("read", "write"), null).key();
            String admin = store.createKey("acme", "admin", Set.of("admin"), null).key();
            ApiKeyFilter filter = new ApiKeyFilter(new ApiKeys(
                    new ApiKeyProperties(null, null, Duration.ofSeconds(5)), store));

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
}
