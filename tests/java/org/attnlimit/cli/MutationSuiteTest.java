package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.attnlimit.numerics.Mutants;
import org.attnlimit.numerics.Mutation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mutation suite: eight realistic bugs (the issue's seven and heads sharing their scores in the finite-width
 * samplers), planted one at a time through {@link Mutation} (a test-only seam
 * the engines consult; nothing else plants one), each of which must be caught by a named test of the suite
 * and — since each changes a law or a sampler the product uses — by {@code verify --quick} (exit 3), run in
 * process with the bug planted. The named tests pass without the bug (they run in the suite on their own, so
 * they are not run again here); here they must fail with it. So the power of the tests and of {@code verify} cannot silently decay.
 *
 * <p>The fast variant runs the checks of {@code verify --quick} that catch each bug ({@code --check}); the
 * {@code slow}-tagged variant runs the whole {@code verify --quick} per bug
 * ({@code mvn test -Dtest=MutationSuiteTest -DexcludedTestGroups=none -Dgroups=slow}).
 */
class MutationSuiteTest {

    /** Which named test catches each planted bug, and which checks of {@code verify --quick}. */
    static Stream<Arguments> catalogue() {
        return Stream.of(
                Arguments.of(Mutation.CROSSWISE_TERM_DROPPED,
                        "org.attnlimit.program.ProgramLimitTest#crosswiseSharingGivesTheSecondIsserlisProduct", "program-scores"),
                Arguments.of(Mutation.EXACT_SCORES_OVER_N,
                        "org.attnlimit.finite.SamplerLimitTest#exactReducedSamplerHasTheLimitMomentsAtLargeWidth", "samplers"),
                Arguments.of(Mutation.CONDITIONING_SCORES_OVER_N,
                        "org.attnlimit.finite.SamplerLimitTest#conditioningSamplerHasTheLimitVarianceAtLargeWidth", "samplers"),
                Arguments.of(Mutation.SHARED_HEAD_SCORES,
                        "org.attnlimit.limit.HeadIndependenceTest#headsConditionalVariancesAreUncorrelated", "samplers"),
                Arguments.of(Mutation.EXACT_GRAM_WITHOUT_ACTIVATION,
                        "org.attnlimit.finite.SamplerLimitTest#exactReducedSamplerHasTheLimitMomentsAtLargeWidth", "samplers"),
                Arguments.of(Mutation.SOFTMAX_DROPS_LAST_TOKEN,
                        "org.attnlimit.numerics.NumericsTest#softmaxIsShiftInvariantAndFiniteForHugeScores", "remark-3.2"),
                Arguments.of(Mutation.HEADS_OVER_H,
                        "org.attnlimit.finite.SamplerLimitTest#exactReducedSamplerHasTheLimitMomentsAtLargeWidth", "samplers"),
                Arguments.of(Mutation.FINITE_SHARED_HEAD_SCORES,
                        "org.attnlimit.finite.FiniteHeadIndependenceTest#exactReducedSamplerHeadsAreUncorrelated", "samplers"));
    }

    @ParameterizedTest(name = "{0} caught by {1}")
    @MethodSource("catalogue")
    void eachPlantedBugIsCaughtByItsNamedTest(Mutation bug, String test, String checks) throws Exception {
        Throwable caught;
        try (Mutants planted = Mutants.plant(bug)) {
            caught = failure(test);
        }
        assertThat(caught).as("%s must fail with %s planted", test, bug).isInstanceOf(AssertionError.class);
    }

    @ParameterizedTest(name = "{0} caught by verify --quick --check {2}")
    @MethodSource("catalogue")
    void eachPlantedBugMakesVerifyQuickExit3(Mutation bug, String test, String checks) {
        MainTest.Run run;
        try (Mutants planted = Mutants.plant(bug)) {
            run = MainTest.run("verify", "--quick", "--check", checks, "--threads", "2");
        }
        assertThat(run.code()).as("verify --quick --check %s with %s planted:%n%s", checks, bug, run.err()).isEqualTo(3);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0}: whole verify --quick")
    @EnumSource(value = Mutation.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void eachPlantedBugMakesTheWholeVerifyQuickExit3(Mutation bug) {
        MainTest.Run run;
        try (Mutants planted = Mutants.plant(bug)) {
            run = MainTest.run("verify", "--quick", "--threads", "2");
        }
        List<String> failed = new ArrayList<>();
        for (String line : run.err().split("\n")) {
            if (line.endsWith(": inconsistent")) {
                failed.add(line);
            }
        }
        System.out.println(bug + ": exit " + run.code() + "; " + failed);
        assertThat(run.code()).as("verify --quick with %s planted", bug).isEqualTo(3);
    }

    /** @return what the test method {@code Class#method} threw, or {@code null} if it passed */
    private static Throwable failure(String test) throws ReflectiveOperationException {
        String[] parts = test.split("#");
        Class<?> type = Class.forName(parts[0]);
        Method m = type.getDeclaredMethod(parts[1]);
        m.setAccessible(true);
        var ctor = type.getDeclaredConstructor();
        ctor.setAccessible(true);
        try {
            m.invoke(ctor.newInstance());
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }
}
