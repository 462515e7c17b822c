package org.attnlimit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.attnlimit.report.ProofMap;
import org.junit.jupiter.api.Test;

/** The proof map and the suite name each other: no dangling check, no check without a statement. */
class ProofMapChecksTest {

    @Test
    void everyCheckNamedByTheMapExists() {
        List<String> names = Checks.all().stream().map(Check::name).toList();
        assertThat(names).containsAll(ProofMap.load().checkNames());
    }

    @Test
    void everyCheckHasANode() {
        assertThat(ProofMap.load().checkNames()).containsAll(Checks.all().stream().map(Check::name).toList());
    }

    @Test
    void checkNamesAreUnique() {
        List<String> names = Checks.all().stream().map(Check::name).toList();
        assertThat(names).doesNotHaveDuplicates();
    }
}
