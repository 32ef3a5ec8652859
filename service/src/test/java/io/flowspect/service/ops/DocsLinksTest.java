package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and the pages under docs/ keep their links true: every relative link or image target
 * names a file or folder of the repository, every {@code #anchor} names a heading of the page it
 * points into, and the README stays a short front door.
 */
class DocsLinksTest {

  /** The README's limit: it links to docs/ for the reference. */
  private static final int README_MAX_LINES = 220;

  /**
   * The target of an inline link or image, {@code ](target)} or {@code ](target "title")}, with
   * {@code <target>} for targets holding spaces.
   */
  private static final Pattern INLINE_LINK =
      Pattern.compile(
          "\\]\\(\\s*(<[^>\\n]*>|[^\\s()]*(?:\\([^\\s()]*\\)[^\\s()]*)*)"
              + "(?:\\s+(?:\"[^\"]*\"|'[^']*'|\\([^)]*\\)))?\\s*\\)");

  /** A link reference definition, {@code [label]: target}. */
  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");

  /** An ATX heading outside code, with an optional closing run of {@code #}. */
  private static final Pattern HEADING =
      Pattern.compile("^ {0,3}#{1,6}(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");

  /** A URL scheme ({@code https:}, {@code mailto:}...): links that leave the repository. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  @Test
  void shouldResolveEveryRelativeLinkOfTheReadmeAndTheDocs() {
    Path root = Repo.root();
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    pages.addAll(Repo.files(root.resolve("docs"), ".md"));
    assertThat(pages).as("README.md and the pages under docs/").hasSizeGreaterThan(1);

    List<String> failures = brokenLinks(root, pages);

    assertThat(failures)
        .as(
            "%d broken links in README.md and docs/ (file:line: target: why):%n%s",
            failures.size(), String.join(System.lineSeparator(), failures))
        .isEmpty();
  }

  @Test
  void shouldKeepTheReadmeAFrontDoor() {
    List<String> lines = lines(Repo.root().resolve("README.md"));
    assertThat(lines.size())
        .as("README.md lines (the reference belongs in docs/)")
        .isLessThanOrEqualTo(README_MAX_LINES);
  }

  @Test
  void shouldReportBrokenTargetsAndAnchorsButNotCode(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs/results"));
    Files.writeString(root.resolve("docs/results/chart.png"), "png");
    Files.writeString(
        root.resolve("docs/other.md"),
        String.join(
            "\n",
            "# Other page",
            "",
            "## Local defects: evidence maps and the `local` score",
            "",
            "## Repeated",
            "",
            "## Repeated",
            "",
            "```bash",
            "# Not a heading",
            "```",
            ""));
    Files.writeString(
        root.resolve("docs/page.md"),
        String.join(
            "\n",
            "# Page",
            "",
            "## Section one",
            "",
            "Good: [other](other.md), [folder](results), ![chart](results/chart.png),",
            "[here](#section-one), [there](other.md#local-defects-evidence-maps-and-the-local-score),",
            "[second](other.md#repeated-1), [web](https://example.com/x.md), [mail](mailto:a@b.c),",
            "[titled](other.md \"Other\"), [split",
            "text](other.md#other-page), [ref][r], `[code](missing-in-code.md)`.",
            "",
            "Bad: [gone](missing.md), [image](results/missing.png),",
            "[anchor](#no-such-section), [remote anchor](other.md#not-a-heading).",
            "",
            "```markdown",
            "[fenced](missing-in-fence.md)",
            "```",
            "",
            "  ~~~",
            "  [indented fence](missing-in-tilde-fence.md)",
            "  ~~~",
            "",
            "[r]: ../docs/other.md#other-page",
            "[bad]: ../nowhere/",
            ""));

    List<String> failures =
        brokenLinks(root, List.of(root.resolve("docs/page.md"), root.resolve("docs/other.md")));

    assertThat(failures)
        .containsExactly(
            "docs/page.md:11: missing.md: no such file or folder",
            "docs/page.md:11: results/missing.png: no such file or folder",
            "docs/page.md:12: #no-such-section: no heading of docs/page.md has this anchor",
            "docs/page.md:12: other.md#not-a-heading: no heading of docs/other.md has this anchor",
            "docs/page.md:23: ../nowhere/: no such file or folder");
  }

  @Test
  void shouldSlugHeadingsAsGitHubDoes() {
    assertThat(slug("Local defects: evidence maps and the `local` score"))
        .isEqualTo("local-defects-evidence-maps-and-the-local-score");
    assertThat(slug("Out-of-distribution: Fashion-MNIST versus MNIST"))
        .isEqualTo("out-of-distribution-fashion-mnist-versus-mnist");
    assertThat(slug("How throughput scales: partitions and replicas"))
        .isEqualTo("how-throughput-scales-partitions-and-replicas");
    assertThat(slug("One box: Docker Compose")).isEqualTo("one-box-docker-compose");
    assertThat(slug("See [the API](rest-api.md) now")).isEqualTo("see-the-api-now");
  }

  /**
   * Checks the links of Markdown pages.
   *
   * @param root the repository root: failures name files relative to it, and links may not leave it
   * @param pages the pages to check
   * @return one line per broken link, {@code file:line: target: why}, in page and line order
   */
  static List<String> brokenLinks(Path root, List<Path> pages) {
    Map<Path, Set<String>> anchorsByPage = new HashMap<>();
    List<String> failures = new ArrayList<>();
    for (Path page : pages) {
      Path file = page.toAbsolutePath().normalize();
      List<String> lines = lines(file);
      for (Link link : links(lines)) {
        String why = check(root, file, link.target(), anchorsByPage);
        if (why != null) {
          failures.add(
              root.relativize(file) + ":" + link.line() + ": " + link.target() + ": " + why);
        }
      }
    }
    return failures;
  }

  /**
   * Checks one link target.
   *
   * @return why it is broken, or null when it resolves (or leaves the repository by a URL)
   */
  private static String check(
      Path root, Path file, String target, Map<Path, Set<String>> anchorsByPage) {
    if (target.isEmpty()) {
      return "empty target";
    }
    if (SCHEME.matcher(target).find() || target.startsWith("//")) {
      return null;
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : decode(target.substring(hash + 1));
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    Path resolved;
    if (path.isEmpty()) {
      resolved = file;
    } else {
      String decoded = decode(path);
      Path base = decoded.startsWith("/") ? root : file.getParent();
      resolved = base.resolve(decoded.replaceFirst("^/+", "")).normalize();
      if (!resolved.startsWith(root.toAbsolutePath().normalize())) {
        return "outside the repository";
      }
      if (!Files.exists(resolved)) {
        return "no such file or folder";
      }
    }
    if (anchor != null
        && Files.isRegularFile(resolved)
        && resolved.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md")) {
      Set<String> anchors = anchorsByPage.computeIfAbsent(resolved, p -> anchors(lines(p)));
      if (!anchors.contains(anchor)) {
        return "no heading of " + root.relativize(resolved) + " has this anchor";
      }
    }
    return null;
  }

  /** A link target and the 1-based line of its {@code ](}. */
  record Link(int line, String target) {}

  /**
   * Finds the inline link and image targets and the reference definitions of a page, outside fenced
   * code blocks and code spans.
   */
  static List<Link> links(List<String> lines) {
    List<String> prose = withoutCode(lines);
    List<Link> out = new ArrayList<>();
    String text = String.join("\n", prose);
    Matcher m = INLINE_LINK.matcher(text);
    while (m.find()) {
      out.add(new Link(lineOf(text, m.start()), unbracket(m.group(1))));
    }
    for (int i = 0; i < prose.size(); i++) {
      Matcher d = REFERENCE_DEFINITION.matcher(prose.get(i));
      if (d.find()) {
        out.add(new Link(i + 1, unbracket(d.group(1))));
      }
    }
    out.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return out;
  }

  /**
   * Returns the anchors of a page's headings: GitHub's slugs (lower case; only letters, digits,
   * {@code _}, spaces and hyphens kept; spaces to hyphens), {@code -1}, {@code -2}... added to
   * repeats.
   */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withFencesBlanked(lines)) {
      Matcher h = HEADING.matcher(line);
      if (!line.isBlank() && h.matches()) {
        String base = slug(h.group(1) == null ? "" : h.group(1));
        int n = seen.merge(base, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? base : base + "-" + n);
      }
    }
    return anchors;
  }

  /** GitHub's anchor for a heading's text. */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
        out.appendCodePoint(Character.toLowerCase(c));
      } else if (c == ' ') {
        out.append('-');
      }
    }
    return out.toString();
  }

  /** The lines with fenced code blocks and inline code spans replaced by spaces. */
  private static List<String> withoutCode(List<String> lines) {
    List<String> out = withFencesBlanked(lines);
    // Code spans end within their paragraph: scan each run of non-blank lines on its own.
    int start = 0;
    while (start < out.size()) {
      if (out.get(start).isBlank()) {
        start++;
        continue;
      }
      int end = start;
      while (end < out.size() && !out.get(end).isBlank()) {
        end++;
      }
      String block = blankCodeSpans(String.join("\n", out.subList(start, end)));
      String[] blanked = block.split("\n", -1);
      for (int i = 0; i < blanked.length; i++) {
        out.set(start + i, blanked[i]);
      }
      start = end;
    }
    return out;
  }

  /** The lines with every line of a fenced code block (fences included) made empty. */
  private static List<String> withFencesBlanked(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    char fenceChar = 0;
    int fenceLength = 0;
    for (String line : lines) {
      String stripped = line.stripLeading();
      boolean indentedLittle = line.length() - stripped.length() <= 3 || fenceChar != 0;
      int run = run(stripped);
      if (fenceChar == 0) {
        if (indentedLittle && run >= 3) {
          fenceChar = stripped.charAt(0);
          fenceLength = run;
          out.add("");
        } else {
          out.add(line);
        }
      } else {
        if (run >= fenceLength
            && stripped.charAt(0) == fenceChar
            && stripped.substring(run).isBlank()) {
          fenceChar = 0;
        }
        out.add("");
      }
    }
    return out;
  }

  /** The length of the run of {@code `} or {@code ~} a string starts with. */
  private static int run(String s) {
    if (s.isEmpty() || (s.charAt(0) != '`' && s.charAt(0) != '~')) {
      return 0;
    }
    int n = 1;
    while (n < s.length() && s.charAt(n) == s.charAt(0)) {
      n++;
    }
    return n;
  }

  /**
   * Replaces the content of every code span (a run of backticks up to the next run of the same
   * length) by spaces, keeping line breaks.
   */
  private static String blankCodeSpans(String text) {
    StringBuilder out = new StringBuilder(text);
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '`') {
        i++;
        continue;
      }
      int open = runAt(text, i);
      int j = i + open;
      int close = -1;
      while (j < text.length()) {
        if (text.charAt(j) == '`') {
          int r = runAt(text, j);
          if (r == open) {
            close = j;
            break;
          }
          j += r;
        } else {
          j++;
        }
      }
      if (close < 0) {
        i += open;
        continue;
      }
      for (int k = i; k < close + open; k++) {
        if (out.charAt(k) != '\n') {
          out.setCharAt(k, ' ');
        }
      }
      i = close + open;
    }
    return out.toString();
  }

  private static int runAt(String s, int from) {
    int n = 0;
    while (from + n < s.length() && s.charAt(from + n) == '`') {
      n++;
    }
    return n;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String unbracket(String target) {
    String t = target.strip();
    return t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1).strip() : t;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
