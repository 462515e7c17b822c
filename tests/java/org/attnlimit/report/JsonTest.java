package org.attnlimit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void aNonFiniteNumberIsRefusedNamingItsField() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phi", "relu");
        m.put("variance", Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> Json.write(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'variance' is Infinity");
        Map<String, Object> nested = Map.of("limit", Map.of("pdf", new double[] {0.1, Double.NaN}));
        assertThatThrownBy(() -> Json.write(nested)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pdf' is NaN");
        assertThatThrownBy(() -> Json.write(List.of(Double.NEGATIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWordInsideTextIsFine() {
        String text = Json.write(Map.of("note", "tails beyond Infinity are bounded; NaN-free", "value", 1.5));
        assertThat(text).contains("\"value\" : 1.5");
    }
}
