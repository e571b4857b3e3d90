package io.rapport.platform.tenant;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every log line written while a gRPC call is handled carries (MDC {@code workspace}, and {@code customer}
 * when the request names one in a {@code customer_id} field), and one DEBUG line per call: method, status, time.
 * Trace and span ids come from the tracing instrumentation around it.
 */
final class CallContext {

    static final String WORKSPACE = "workspace";
    static final String CUSTOMER = "customer";

    private static final Logger log = LoggerFactory.getLogger(CallContext.class);

    private CallContext() {
    }

    static <Q, R> ServerCall.Listener<Q> around(ServerCall<Q, R> call, String tenant,
                                                Function<ServerCall<Q, R>, ServerCall.Listener<Q>> next) {
        long started = System.nanoTime();
        String[] customer = {null};
        ServerCall<Q, R> logged = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (log.isDebugEnabled()) {
                    log.debug("gRPC {} {} in {} ms", call.getMethodDescriptor().getFullMethodName(), status.getCode(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.apply(logged)) {
            @Override
            public void onMessage(Q message) {
                if (customer[0] == null && message instanceof Message request) {
                    FieldDescriptor field = request.getDescriptorForType().findFieldByName("customer_id");
                    if (field != null && field.getType() == FieldDescriptor.Type.STRING && !field.isRepeated()) {
                        String id = (String) request.getField(field);
                        customer[0] = id.isEmpty() ? null : id;
                    }
                }
                within(tenant, customer[0], () -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                within(tenant, customer[0], super::onHalfClose);
            }

            @Override
            public void onCancel() {
                within(tenant, customer[0], super::onCancel);
            }

            @Override
            public void onComplete() {
                within(tenant, customer[0], super::onComplete);
            }

            @Override
            public void onReady() {
                within(tenant, customer[0], super::onReady);
            }
        };
    }

    private static void within(String tenant, String customer, Runnable work) {
        MDC.put(WORKSPACE, tenant);
        if (customer != null) {
            MDC.put(CUSTOMER, customer);
        }
        try {
            work.run();
        } finally {
            MDC.remove(WORKSPACE);
            MDC.remove(CUSTOMER);
        }
    }
}
