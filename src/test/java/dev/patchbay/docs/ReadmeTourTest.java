package dev.patchbay.docs;

import dev.patchbay.testing.PatchbayServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's five-minute tour, run as a reader would: its {@code sh} blocks, in the order written, in
 * one bash against a real server, with only the {@code BASE=} and {@code KEY=} lines pointed at that
 * server. Each block's output must be what the block after it shows, where {@code …} stands for any text.
 */
class ReadmeTourTest {
    private static final Path README = Path.of("README.md");
    private static final String MARKER = "::tour-block::";

    @RegisterExtension
    final PatchbayServerExtension server = new PatchbayServerExtension();

    @Test
    void every_example_of_the_tour_answers_as_shown() throws IOException, InterruptedException {
        List<MarkdownDoc.Block> blocks = MarkdownDoc.read(README).section("A five-minute tour").blocks();
        List<Step> steps = steps(blocks);
        assertThat(steps).as("the tour's examples").hasSizeGreaterThanOrEqualTo(6);

        List<String> outputs = runInOneShell(steps);

        assertThat(outputs).hasSize(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            assertThat(matches(step.expected(), outputs.get(i)))
                    .as("example %d of the tour:%n%s%nanswered%n%s%nwhere the README shows%n%s",
                            i + 1, step.command(), outputs.get(i), step.expected())
                    .isTrue();
        }
    }

    @Test
    void the_tour_sets_base_and_key_before_anything_else() {
        String first = MarkdownDoc.read(README).section("A five-minute tour").blocks().get(0).text();

        assertThat(first).containsPattern("(?m)^BASE=http://127\\.0\\.0\\.1:8080$").containsPattern("(?m)^KEY=\\S+");
    }

    /** An {@code sh} block and the output block right after it (none: the command prints nothing). */
    private record Step(String command, String expected) {
    }

    private static List<Step> steps(List<MarkdownDoc.Block> blocks) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (!blocks.get(i).language().equals("sh")) {
                continue;
            }
            boolean shown = i + 1 < blocks.size() && !blocks.get(i + 1).language().equals("sh");
            steps.add(new Step(blocks.get(i).text(), shown ? blocks.get(i + 1).text() : ""));
        }
        return steps;
    }

    private List<String> runInOneShell(List<Step> steps) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("set -u\n");
        for (Step step : steps) {
            script.append("printf '\\n").append(MARKER).append("\\n'\n").append(pointedAtTheServer(step.command()));
        }
        Process bash = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        byte[] output = bash.getInputStream().readAllBytes();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the tour finished").isTrue();
        assertThat(bash.exitValue()).as("bash's exit code; its output:%n%s", new String(output, StandardCharsets.UTF_8))
                .isZero();
        String[] parts = new String(output, StandardCharsets.UTF_8).replace("\r\n", "\n").split(Pattern.quote(MARKER));
        List<String> outputs = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            outputs.add(parts[i].strip());
        }
        return outputs;
    }

    private String pointedAtTheServer(String command) {
        return command
                .replaceAll("(?m)^BASE=.*$", "BASE=" + server.server().baseUrl())
                .replaceAll("(?m)^KEY=.*$", "KEY=" + server.server().adminKey());
    }

    /** Whether {@code actual} is {@code expected} with each {@code …} standing for any text. */
    static boolean matches(String expected, String actual) {
        StringBuilder regex = new StringBuilder();
        for (String literal : expected.strip().split("…", -1)) {
            if (regex.length() > 0) {
                regex.append(".*?");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual.strip()).matches();
    }
}
