package io.rapport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiKeyFilterTest {

    @TempDir
    Path directory;

    private MockHttpServletResponse call(ApiKeyFilter filter, String method, String path, String key) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Authorization", "Bearer " + key);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void aKeysScopesDecideWhatItMayDo() throws Exception {
        Path file = directory.resolve("api-keys");
        Files.writeString(file, "acme read " + ApiKeys.hash("reader") + "\nacme read,write " + ApiKeys.hash("writer")
                + "\nacme read,write,admin " + ApiKeys.hash("admin") + "\n");
        ApiKeyFilter filter = new ApiKeyFilter(new ApiKeys(new ApiKeyProperties(null, file)));

        assertThat(call(filter, "GET", "/v1/customers/ada", "reader").getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = call(filter, "POST", "/v1/interactions", "reader");
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("'write' scope");
        assertThat(call(filter, "POST", "/v1/interactions", "writer").getStatus()).isEqualTo(200);
        assertThat(call(filter, "POST", "/v1/admin/replays", "writer").getStatus()).isEqualTo(403);
        assertThat(call(filter, "POST", "/v1/admin/replays", "admin").getStatus()).isEqualTo(200);
        assertThat(call(filter, "GET", "/v1/customers/ada", "nobody").getStatus()).isEqualTo(401);
    }
}
