package io.rapport.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchLineTest {

    @Test
    void figuresKeepTheirOrderNumbersStayNumbersAndTextIsQuoted() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("messages_per_s", 54.9);
        figures.put("delivered", 21_251L);
        figures.put("met", true);
        figures.put("status", "COMPLETED \"late\"");
        assertThat(BenchLine.of("suite", figures)).isEqualTo("{\"bench\":\"suite\",\"messages_per_s\":54.9,"
                + "\"delivered\":21251,\"met\":true,\"status\":\"COMPLETED \\\"late\\\"\"}");
    }
}
