package org.emlab.core.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab's theory card: the paper's claim in two sentences, the paper, the key formula, what each
 * view shows and what to look for. Read from the "Theory card" section of the lab's documentation,
 * {@code docs/labs/<lab-id>.md} (shipped on the class path under {@link #RESOURCE_DIR}), so the card
 * in the window and the documentation are one text.
 *
 * <p>The section is a list of bold-labelled items, {@code - **Claim:** …}, whose continuation lines
 * and nested items belong to the item above them.
 *
 * @param labId   the lab
 * @param claim   the claim, two sentences
 * @param paper   authors, title and arXiv id
 * @param formula the formula that carries the claim (plain Unicode)
 * @param views   what each view shows, one line per view ("kl: KL(N(0,I) ‖ fit) on a log axis, …")
 * @param lookFor what to watch while the run plays
 */
public record TheoryCard(String labId, String claim, String paper, String formula, List<String> views, String lookFor) {
    /** Class-path folder of the lab documentation. */
    public static final String RESOURCE_DIR = "/org/emlab/docs/labs/";
    private static final Pattern ITEM = Pattern.compile("^- \\*\\*([^*]+?):\\*\\*\\s*(.*)$");

    public TheoryCard {
        views = List.copyOf(views);
    }

    /** The card of lab {@code labId}, or a card saying that no documentation ships for it. */
    public static TheoryCard of(String labId) {
        String text = resource(labId);
        if (text == null) {
            return new TheoryCard(labId, "No documentation ships for lab " + labId + ".", "", "", List.of(), "");
        }
        return parse(labId, text);
    }

    /** Parses the "## Theory card" section of a lab's Markdown documentation. */
    public static TheoryCard parse(String labId, String markdown) {
        String claim = "";
        String paper = "";
        String formula = "";
        String lookFor = "";
        List<String> views = new ArrayList<>();
        String current = null;
        StringBuilder value = new StringBuilder();
        boolean inSection = false;
        List<String[]> items = new ArrayList<>();
        for (String raw : markdown.split("\\R")) {
            if (raw.startsWith("## ")) {
                inSection = raw.strip().equalsIgnoreCase("## Theory card");
                continue;
            }
            if (!inSection) {
                continue;
            }
            Matcher m = ITEM.matcher(raw);
            if (m.matches()) {
                if (current != null) {
                    items.add(new String[] {current, value.toString()});
                }
                current = m.group(1).strip().toLowerCase(java.util.Locale.ROOT);
                value.setLength(0);
                value.append(m.group(2).strip());
            } else if (current != null && !raw.isBlank()) {
                value.append('\n').append(raw.strip());
            }
        }
        if (current != null) {
            items.add(new String[] {current, value.toString()});
        }
        for (String[] it : items) {
            String v = it[1];
            switch (it[0]) {
                case "claim" -> claim = oneLine(v);
                case "paper" -> paper = oneLine(v);
                case "key formula" -> formula = oneLine(v);
                case "what to look for" -> lookFor = oneLine(v);
                case "what the views show" -> {
                    for (String line : v.split("\n")) {
                        String s = line.strip();
                        if (s.startsWith("- ")) {
                            views.add(plain(s.substring(2).strip().replaceAll("[;.]$", "")));
                        } else if (!s.isEmpty() && !views.isEmpty()) {
                            views.set(views.size() - 1, (views.get(views.size() - 1) + " " + plain(s)).replaceAll("[;.]$", ""));
                        } else if (!s.isEmpty()) {
                            views.add(plain(s));
                        }
                    }
                }
                default -> {
                    // another item: not part of the card
                }
            }
        }
        return new TheoryCard(labId, claim, paper, formula, views, lookFor);
    }

    /** The arXiv id named in the paper line ("2506.11850"), or "" when there is none. */
    public String arxivId() {
        Matcher m = Pattern.compile("arXiv:?\\s*(\\d{4}\\.\\d{4,5})").matcher(paper);
        return m.find() ? m.group(1) : "";
    }

    /** The card as plain text, one item per paragraph (for a window or a slide). */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(claim).append("\n\n");
        if (!formula.isEmpty()) {
            b.append("Key formula: ").append(formula).append("\n\n");
        }
        if (!views.isEmpty()) {
            b.append("What the views show:\n");
            for (String v : views) {
                b.append("  • ").append(v).append('\n');
            }
            b.append('\n');
        }
        if (!lookFor.isEmpty()) {
            b.append("What to look for: ").append(lookFor).append("\n\n");
        }
        b.append(paper);
        return b.toString().strip();
    }

    private static String oneLine(String v) {
        return plain(v.replace('\n', ' ').replaceAll("\\s+", " ").strip());
    }

    /** Markdown emphasis and code marks removed: {@code `x`} → x, {@code **x**} → x. */
    private static String plain(String s) {
        return s.replace("**", "").replace("`", "").replaceAll("(?<![\\w*])\\*(\\S[^*]*?)\\*(?![\\w*])", "$1");
    }

    private static String resource(String labId) {
        try (InputStream in = TheoryCard.class.getResourceAsStream(RESOURCE_DIR + labId + ".md")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
