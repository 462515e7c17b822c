package org.attnlimit.program;

/** Parenthesis matching shared by the program parser and the template expander. */
final class Brackets {
    private Brackets() {
    }

    /**
     * @param s the text
     * @param open the index of an opening parenthesis {@code (}
     * @return the index of the parenthesis closing the one at {@code open}, or −1 if it is never closed
     */
    static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
