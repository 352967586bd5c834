package io.modelledger.console.evaluations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordDiffTest {

    @Test
    void theWordsTheOutputLacksAndAddsAreMarkedOnTheirSide() {
        WordDiff.Sides sides = WordDiff.of("Madrid is the capital", "I think Madrid");
        assertThat(sides.expected()).containsExactly(new WordDiff.Segment("Madrid", false), new WordDiff.Segment("is the capital", true));
        assertThat(sides.output()).containsExactly(new WordDiff.Segment("I think", true), new WordDiff.Segment("Madrid", false));
    }

    @Test
    void equalOrEmptyTextsHaveNothingMarked() {
        assertThat(WordDiff.of("Paris", "Paris").output()).containsExactly(new WordDiff.Segment("Paris", false));
        assertThat(WordDiff.of(null, "").expected()).isEmpty();
    }
}
