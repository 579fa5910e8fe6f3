package health.isthmus.mpi.matching.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Given names that stand for one another (Bill and William, Jon and John), read from {@code nicknames.txt} beside
 * this class: one group per line.
 */
public final class Nicknames {

    private static final Nicknames DEFAULT = load();

    private final Map<String, Set<Integer>> groupsByName;
    private final List<String> formalNames;

    Nicknames(List<List<String>> groups) {
        Map<String, Set<Integer>> byName = new HashMap<>();
        List<String> formal = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            formal.add(Normalization.text(groups.get(g).getFirst()));
            for (String name : groups.get(g)) {
                byName.computeIfAbsent(Normalization.text(name), n -> new HashSet<>())
                        .add(g);
            }
        }
        byName.replaceAll((name, ids) -> Set.copyOf(ids));
        this.groupsByName = Map.copyOf(byName);
        this.formalNames = List.copyOf(formal);
    }

    /** The table shipped with the service. */
    public static Nicknames standard() {
        return DEFAULT;
    }

    /** Whether two different normalised given names are known to stand for one another. */
    public boolean equivalent(String a, String b) {
        Set<Integer> groupsA = groupsByName.get(a);
        Set<Integer> groupsB = groupsByName.get(b);
        if (groupsA == null || groupsB == null) {
            return false;
        }
        for (Integer group : groupsA) {
            if (groupsB.contains(group)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The formal name of the first group a name belongs to ({@code BILL} gives {@code WILLIAM}), or the name itself:
     * a stable key for blocking.
     */
    public String canonical(String name) {
        Set<Integer> groups = groupsByName.get(name);
        if (groups == null) {
            return name;
        }
        return formalNames.get(groups.stream().mapToInt(Integer::intValue).min().orElseThrow());
    }

    private static Nicknames load() {
        try (InputStream in = Nicknames.class.getResourceAsStream("nicknames.txt")) {
            if (in == null) {
                throw new IllegalStateException("nicknames.txt is missing from the class path");
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<List<String>> groups = reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> List.of(line.split("\\s+")))
                    .toList();
            return new Nicknames(groups);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
