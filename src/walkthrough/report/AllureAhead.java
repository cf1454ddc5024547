// Allure's generator in a JVM started while a run walks (report/allure_ahead.py starts it).
// A JVM that has just started runs Allure's code interpreted and compiles it as it goes:
// about 1 s on this project's 2-core machine for a report that a warmed JVM writes in about
// 0.4 s. So this one first writes a throw-away report of the sample results it is given
// (args: Allure's home, the sample's folder), while the walks still wait on the carrier,
// then reads the real `allure` arguments from standard input, one a line up to an empty
// line, and ends with Allure's exit code. Standard input closed with
// no arguments (the run stopped, or made no report): it ends without one, exit 0.

import io.qameta.allure.CommandLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

public final class AllureAhead {
    private AllureAhead() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Paths.get(args[0]);
        if (System.in.available() == 0) {  // arguments already there: no time to warm up
            Path warm = Files.createTempDirectory("walkthrough-allure-ahead-");
            try {
                allure(home, "generate", "--clean", "--single-file", "-o",
                       warm.resolve("report").toString(), args[1]);
            } finally {
                delete(warm);
            }
        }
        BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> real = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            real.add(line);
        }
        System.exit(real.isEmpty() ? 0 : allure(home, real.toArray(new String[0])));
    }

    // as Allure's own main() does, less its System.exit
    private static int allure(Path home, String... args) {
        CommandLine cli = new CommandLine(home);
        return cli.parse(args).orElseGet(cli::run).getCode();
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
