package io.rapport.gateway.relationship;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.relationship.v1.FitPurchaseModelRequest;
import io.rapport.proto.relationship.v1.GetPurchaseModelFitRequest;
import io.rapport.proto.relationship.v1.ListPurchaseModelFitsRequest;
import io.rapport.proto.relationship.v1.ListPurchaseModelFitsResponse;
import io.rapport.proto.relationship.v1.PurchaseModelFit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workspace's purchase models: fit them on the data as of a date, read the latest fit or any recorded one. */
@Tag(name = "Models", description = "Population models (BG/NBD, Gamma-Gamma) fitted over every customer.")
@RestController
public class ModelController {

    /** Fitting reads every customer of the workspace: seconds for tens of thousands. */
    private static final Duration FIT_DEADLINE = Duration.ofMinutes(10);

    record FitRequest(Instant asOf) {
    }

    /**
     * BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, gamma), time in weeks; the Gamma-Gamma values are null when
     * no customer had a priced repeat purchase.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FitJson(String id, Instant asOf, Instant fittedAt, double r, double alpha, double a, double b,
                   double logLikelihood, Double p, Double q, Double gamma, Double spendLogLikelihood, int customers,
                   String currency, Double bigSpenderThreshold) {

        static FitJson of(PurchaseModelFit fit) {
            return new FitJson(fit.getId(), RequestValues.instant(fit.getAsOfTime()),
                    RequestValues.instant(fit.getFitTime()), fit.getR(), fit.getAlpha(), fit.getA(), fit.getB(),
                    fit.getLogLikelihood(), finite(fit.getP()), finite(fit.getQ()), finite(fit.getGamma()),
                    finite(fit.getSpendLogLikelihood()), fit.getCustomers(),
                    fit.getCurrency().isEmpty() ? null : fit.getCurrency(), finite(fit.getBigSpenderThreshold()));
        }

        private static Double finite(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    private final RelationshipClient relationships;

    public ModelController(RelationshipClient relationships) {
        this.relationships = relationships;
    }

    /** Fits on every customer's purchases up to {@code asOf} (now when absent) and records the fit. */
    @Operation(operationId = "fitPurchaseModel", summary = "Fit the purchase models over every customer")
    @RestDoc(status = "201")
    @PostMapping("/v1/models/purchase/fits")
    ResponseEntity<FitJson> fit(@RequestBody(required = false) FitRequest body, HttpServletRequest request) {
        FitPurchaseModelRequest.Builder grpcRequest = FitPurchaseModelRequest.newBuilder();
        if (body != null && body.asOf() != null) {
            grpcRequest.setAsOfTime(RequestValues.timestamp(body.asOf()));
        }
        PurchaseModelFit fit = relationships.forWorkspace(Workspace.of(request), FIT_DEADLINE)
                .fitPurchaseModel(grpcRequest.build()).getFit();
        return ResponseEntity.created(URI.create("/v1/models/purchase/fits/" + fit.getId())).body(FitJson.of(fit));
    }

    /** The latest fit; with {@code asOf}, the latest fitted on data up to then. */
    @Operation(operationId = "getLatestFit", summary = "Get the latest purchase-model fit")
    @GetMapping("/v1/models/purchase/fits/latest")
    FitJson latest(@RequestParam(required = false) String asOf, HttpServletRequest request) {
        GetPurchaseModelFitRequest.Builder grpcRequest = GetPurchaseModelFitRequest.newBuilder();
        List<String> errors = new ArrayList<>();
        RequestValues.instant(asOf, "asOf", errors).ifPresent(t -> grpcRequest.setAsOfTime(RequestValues.timestamp(t)));
        InvalidRequestException.throwIfAny(errors);
        return FitJson.of(relationships.forWorkspace(Workspace.of(request)).getPurchaseModelFit(grpcRequest.build())
                .getFit());
    }

    record FitPage(List<FitJson> items, String nextCursor) {
    }

    /** Every recorded fit, newest first; {@code nextCursor} continues the list and is null on the last page. */
    @Operation(operationId = "listFits", summary = "List the recorded purchase-model fits, newest first")
    @GetMapping("/v1/models/purchase/fits")
    FitPage list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
                 HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListPurchaseModelFitsRequest.Builder grpc = ListPurchaseModelFitsRequest.newBuilder();
        RequestValues.page(limit, cursor, 100, errors, grpc::setPageSize, grpc::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        ListPurchaseModelFitsResponse page = relationships.forWorkspace(Workspace.of(request))
                .listPurchaseModelFits(grpc.build());
        return new FitPage(page.getFitsList().stream().map(FitJson::of).toList(),
                RequestValues.nextCursor(page.getNextPageToken()));
    }

    @Operation(operationId = "getFit", summary = "Get a recorded purchase-model fit")
    @GetMapping("/v1/models/purchase/fits/{id}")
    FitJson get(@PathVariable String id, HttpServletRequest request) {
        return FitJson.of(relationships.forWorkspace(Workspace.of(request))
                .getPurchaseModelFit(GetPurchaseModelFitRequest.newBuilder().setId(id).build()).getFit());
    }
}
