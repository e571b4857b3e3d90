package io.rapport.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The suite benches' calls to the gateway: one key, JSON bodies, and a refusal that names the call it answered. */
final class BenchClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = GatewayLoad.httpClient();
    private final String url;
    private final String header;
    private final String credential;

    BenchClient(String url, String key) {
        this(url, "Authorization", "Bearer " + key);
    }

    private BenchClient(String url, String header, String credential) {
        this.url = url;
        this.header = header;
        this.credential = credential;
    }

    /** The same gateway called as the console calls it: with its session cookie instead of the key. */
    BenchClient withCookie(String cookie) {
        return new BenchClient(url, "Cookie", cookie);
    }

    String url() {
        return url;
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofMinutes(10)).header(header, credential);
        if (body == null) {
            request.GET();
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                    .header("X-Rapport-Console", "1");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A provider's webhook call: no key, the body signed. */
    HttpResponse<String> signed(String path, String body, String timestamp, String signature)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json").header("X-Rapport-Timestamp", timestamp)
                .header("X-Rapport-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON body, when its status is one of {@code statuses}. */
    JsonNode json(HttpResponse<String> answer, int... statuses) {
        expect(answer, statuses);
        return answer.body().isEmpty() ? JSON.missingNode() : JSON.readTree(answer.body());
    }

    static HttpResponse<String> expect(HttpResponse<String> answer, int... statuses) {
        for (int status : statuses) {
            if (answer.statusCode() == status) {
                return answer;
            }
        }
        throw new IllegalStateException(answer.request().method() + " " + answer.request().uri().getPath() + " answered "
                + answer.statusCode() + ": " + abbreviate(answer.body()));
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
