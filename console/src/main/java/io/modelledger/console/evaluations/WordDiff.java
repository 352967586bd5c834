package io.modelledger.console.evaluations;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expected against output, word by word (java-diff-utils' Myers diff): what the output lacks is marked on the
 * expected side, what it adds on the output side. Long texts are compared on their first words only.
 */
final class WordDiff {

    static final int MAX_WORDS = 400;

    record Segment(String text, boolean changed) {
    }

    record Sides(List<Segment> expected, List<Segment> output) {
    }

    private WordDiff() {
    }

    static Sides of(String expected, String output) {
        List<String> a = words(expected);
        List<String> b = words(output);
        Patch<String> patch = DiffUtils.diff(a, b);
        boolean[] changedA = new boolean[a.size()];
        boolean[] changedB = new boolean[b.size()];
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            for (int i = 0; i < delta.getSource().size(); i++) {
                changedA[delta.getSource().getPosition() + i] = true;
            }
            for (int i = 0; i < delta.getTarget().size(); i++) {
                changedB[delta.getTarget().getPosition() + i] = true;
            }
        }
        return new Sides(segments(a, changedA), segments(b, changedB));
    }

    private static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> words = Arrays.asList(text.strip().split("\\s+"));
        return words.size() > MAX_WORDS ? words.subList(0, MAX_WORDS) : words;
    }

    /** Runs of words with the same mark, joined by single spaces. */
    private static List<Segment> segments(List<String> words, boolean[] changed) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0 && changed[i] != changed[i - 1]) {
                segments.add(new Segment(run.toString(), changed[i - 1]));
                run.setLength(0);
            }
            run.append(run.isEmpty() ? "" : " ").append(words.get(i));
        }
        if (!words.isEmpty()) {
            segments.add(new Segment(run.toString(), changed[words.size() - 1]));
        }
        return segments;
    }
}
