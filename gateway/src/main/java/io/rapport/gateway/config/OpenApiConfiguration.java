package io.rapport.gateway.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API's OpenAPI description, served at {@code /openapi} (no key needed to read it): every operation
 * needs a Bearer API key and answers errors as RFC 9457 problem+json.
 */
@Configuration
public class OpenApiConfiguration {

    private static final String API_KEY = "apiKey";
    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI rapportApi() {
        Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new Schema<String>().type("string"))
                .addProperty("title", new Schema<String>().type("string"))
                .addProperty("status", new Schema<Integer>().type("integer"))
                .addProperty("detail", new Schema<String>().type("string"))
                .addProperty("instance", new Schema<String>().type("string"))
                .addProperty("errors", new ArraySchema().items(new StringSchema())
                        .description("every problem found, as 'field: cause'"));
        return new OpenAPI()
                .info(new Info().title("Rapport API").version("v1")
                        .description("An event-sourced CRM: customers, their interactions, consent, predictions, "
                                + "imports and replays. Each API key belongs to one workspace; its scopes (read, "
                                + "write, admin) decide what it may call.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("Authorization: Bearer <api key>"))
                        .addSchemas(PROBLEM, problem))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }

    /** Every operation can fail the same few ways; say so once, for all of them. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            operation.getResponses().putIfAbsent("400", problem("Invalid request: every problem is listed"));
            operation.getResponses().putIfAbsent("401", problem("Missing or unknown API key"));
            operation.getResponses().putIfAbsent("403", problem("The API key lacks the scope the call needs"));
            operation.getResponses().putIfAbsent("404", problem("No such resource in this workspace"));
            operation.getResponses().putIfAbsent("503", problem("A service is unavailable; retry after Retry-After"));
        }));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }
}
