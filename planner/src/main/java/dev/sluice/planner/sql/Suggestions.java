package dev.sluice.planner.sql;

import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelt names. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to {@code word} by edit distance, ignoring case, if it is close enough to be a likely
     * typo: one edit for words of up to 4 letters, else 2 edits or a third of the word's length, whichever is more.
     * Ties go to the first candidate; the word itself (ignoring case) is never suggested.
     */
    public static Optional<String> closest(String word, Iterable<String> candidates) {
        String lowerWord = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(word)) {
                continue; // the name itself is no suggestion (an alias of the missing table, say)
            }
            int distance = editDistance(lowerWord, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int limit = word.length() <= 4 ? 1 : Math.max(2, word.length() / 3);
        boolean close = best != null && bestDistance <= limit && bestDistance < word.length();
        return close ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'x'?)", or "" when nothing is close. */
    public static String didYouMean(String word, Iterable<String> candidates) {
        return closest(word, candidates).map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    /** Levenshtein distance, with an adjacent swap counted as one edit ("vaule" is one edit from "value"). */
    static int editDistance(String a, String b) {
        int[][] distance = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            distance[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            distance[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(distance[i - 1][j - 1] + cost,
                        Math.min(distance[i - 1][j] + 1, distance[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, distance[i - 2][j - 2] + 1);
                }
                distance[i][j] = best;
            }
        }
        return distance[a.length()][b.length()];
    }
}
