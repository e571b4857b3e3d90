package io.rapport.gateway.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** RFC 9457 problem details written outside Spring MVC (filters run before it). */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static void write(HttpServletResponse response, HttpStatus status, String title, String detail,
                             String instance) throws IOException {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status.value())
                .put("detail", detail)
                .put("instance", instance);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
