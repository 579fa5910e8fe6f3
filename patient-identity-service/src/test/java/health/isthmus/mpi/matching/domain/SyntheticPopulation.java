package health.isthmus.mpi.matching.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic population for measuring matching: people living in households, each registered at one to four
 * sites with the errors such registrations carry, and the ground truth of who is who.
 *
 * <p>Everything comes from one seeded {@link Random}, so a seed always gives the same records in the same order.
 *
 * <ul>
 *   <li>households share family name, address and landline; about 3% of households with children have twins
 *       (same birth date, address, phone and family name, different given names);
 *   <li>names are drawn with a skew, so SMITH and JOHN are common; about 1% of people have a namesake, another
 *       person with the same given name, family name and birth date living elsewhere;
 *   <li>sites differ in what they collect (national id, phone, address) and in their identifier format;
 *   <li>each record carries errors at realistic rates: typos in names, nicknames, dropped or swapped middle
 *       names, day and month transposed, a mistyped birth date, missing sex, married names (replaced,
 *       hyphenated, or with the birth name as a second name), moves, new phone numbers, address spelled another
 *       way, diacritics lost, a mistyped national id.
 * </ul>
 */
public final class SyntheticPopulation {

    /** A source record with its ground truth. */
    public record SourceRecord(long recordId, int personId, String site, Demographics demographics) {}

    private record Site(String authority, String prefix, double nationalId, double phone, double address) {}

    private static final List<Site> SITES = List.of(
            new Site("GENHOSP", "G", 0.85, 0.85, 0.95),
            new Site("STMARY", "SM", 0.60, 0.75, 0.90),
            new Site("NORTHCLIN", "NC", 0.30, 0.90, 0.97),
            new Site("CITYLAB", "L", 0.50, 0.30, 0.40));

    private static final String[] FAMILY = {
        "Smith",
        "Jones",
        "Williams",
        "Brown",
        "Taylor",
        "Davies",
        "Evans",
        "Wilson",
        "Thomas",
        "Johnson",
        "Roberts",
        "Robinson",
        "Thompson",
        "Wright",
        "Walker",
        "White",
        "Edwards",
        "Hughes",
        "Green",
        "Hall",
        "Lewis",
        "Harris",
        "Clarke",
        "Patel",
        "Jackson",
        "Wood",
        "Turner",
        "Martin",
        "Cooper",
        "Hill",
        "Ward",
        "Morris",
        "Moore",
        "Clark",
        "Lee",
        "King",
        "Baker",
        "Harrison",
        "Morgan",
        "Allen",
        "James",
        "Scott",
        "Phillips",
        "Watson",
        "Davis",
        "Parker",
        "Price",
        "Bennett",
        "Young",
        "Griffiths",
        "Mitchell",
        "Kelly",
        "Cook",
        "Carter",
        "Richardson",
        "Bailey",
        "Collins",
        "Bell",
        "Shaw",
        "Murphy",
        "Miller",
        "Cox",
        "Richards",
        "Khan",
        "Marshall",
        "Anderson",
        "Simpson",
        "Ellis",
        "Adams",
        "Singh",
        "Begum",
        "Wilkinson",
        "Foster",
        "Chapman",
        "Powell",
        "Webb",
        "Rogers",
        "Gray",
        "Mason",
        "Ali",
        "Hunt",
        "Hussain",
        "Campbell",
        "Matthews",
        "Owen",
        "Palmer",
        "Holmes",
        "Mills",
        "Barnes",
        "Knight",
        "Lloyd",
        "Butler",
        "Russell",
        "Barker",
        "Fisher",
        "Stevens",
        "Jenkins",
        "Murray",
        "Dixon",
        "Harvey",
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Schulz",
        "Hoffmann",
        "García",
        "Fernández",
        "González",
        "Rodríguez",
        "López",
        "Martínez",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Ruiz",
        "Nguyen",
        "Tran",
        "Le",
        "Pham",
        "Wang",
        "Li",
        "Zhang",
        "Chen",
        "Liu",
        "Yang",
        "O'Brien",
        "O'Connor",
        "McDonald",
        "MacLeod",
        "Fitzgerald",
        "D'Souza",
        "Van der Berg",
        "De Jong",
        "Nowak",
        "Kowalski",
        "Wiśniewski",
        "Dubois",
        "Lefèvre",
        "Rossi",
        "Russo",
        "Ferrari",
        "Esposito",
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nielsen",
        "Hansen",
        "Jensen",
        "Søndergaard",
        "Østergaard",
        "Papadopoulos",
        "Yılmaz",
        "Kaya",
        "Demir",
        "Ivanov",
        "Petrov",
        "Kovács",
        "Horváth",
        "Novák",
        "Dvořák"
    };

    private static final String[] FEMALE = {
        "Mary",
        "Elizabeth",
        "Sarah",
        "Emma",
        "Olivia",
        "Sophie",
        "Jessica",
        "Katherine",
        "Margaret",
        "Susan",
        "Patricia",
        "Jennifer",
        "Linda",
        "Barbara",
        "Anne",
        "Helen",
        "Alice",
        "Charlotte",
        "Emily",
        "Grace",
        "Hannah",
        "Isabel",
        "Laura",
        "Lucy",
        "Rachel",
        "Rebecca",
        "Victoria",
        "Amy",
        "Chloé",
        "Zoë",
        "Renée",
        "Josephine",
        "Deborah",
        "Dorothy",
        "Eleanor",
        "Judith",
        "Christine",
        "Samantha",
        "Abigail",
        "Alexandra",
        "Fatima",
        "Aisha",
        "Priya",
        "Mei",
        "Ingrid",
        "Astrid",
        "María",
        "Lucía",
        "Carmen",
        "Ana",
        "Sofía",
        "Anja",
        "Katarina",
        "Marta",
        "Agnieszka",
        "Yvonne",
        "Monique",
        "Giulia",
        "Francesca",
        "Nadia"
    };

    private static final String[] MALE = {
        "John",
        "William",
        "James",
        "Robert",
        "Michael",
        "David",
        "Richard",
        "Thomas",
        "Charles",
        "Joseph",
        "Christopher",
        "Daniel",
        "Matthew",
        "Anthony",
        "Andrew",
        "Peter",
        "Stephen",
        "Edward",
        "George",
        "Henry",
        "Benjamin",
        "Samuel",
        "Jacob",
        "Alexander",
        "Nicholas",
        "Jonathan",
        "Patrick",
        "Timothy",
        "Kenneth",
        "Ronald",
        "Lawrence",
        "Leonard",
        "Frederick",
        "Francis",
        "Philip",
        "Gregory",
        "Theodore",
        "Alfred",
        "Mohammed",
        "Ahmed",
        "Raj",
        "Wei",
        "Hiroshi",
        "José",
        "Jürgen",
        "Björn",
        "Søren",
        "Łukasz",
        "François",
        "Luca",
        "Marco",
        "Javier",
        "Pablo",
        "Sven",
        "Lars",
        "Dmitri",
        "Ivan",
        "Omar",
        "Kwame",
        "Tomás"
    };

    /** Nicknames staff write down; some are deliberately not in the service's table (Bess, Jock, Sadie). */
    private static final Map<String, List<String>> NICKNAMES = Map.ofEntries(
            Map.entry("William", List.of("Bill", "Will", "Billy", "Liam")),
            Map.entry("John", List.of("Jon", "Johnny", "Jack", "Jock")),
            Map.entry("James", List.of("Jim", "Jimmy", "Jamie")),
            Map.entry("Robert", List.of("Bob", "Rob", "Bobby")),
            Map.entry("Michael", List.of("Mike", "Mick")),
            Map.entry("David", List.of("Dave")),
            Map.entry("Richard", List.of("Rick", "Dick", "Rich")),
            Map.entry("Thomas", List.of("Tom", "Tommy")),
            Map.entry("Charles", List.of("Charlie", "Chuck")),
            Map.entry("Joseph", List.of("Joe")),
            Map.entry("Christopher", List.of("Chris")),
            Map.entry("Daniel", List.of("Dan", "Danny")),
            Map.entry("Matthew", List.of("Matt")),
            Map.entry("Anthony", List.of("Tony")),
            Map.entry("Andrew", List.of("Andy", "Drew")),
            Map.entry("Edward", List.of("Ed", "Ted", "Eddie")),
            Map.entry("Benjamin", List.of("Ben")),
            Map.entry("Samuel", List.of("Sam")),
            Map.entry("Alexander", List.of("Alex", "Sandy")),
            Map.entry("Nicholas", List.of("Nick")),
            Map.entry("Timothy", List.of("Tim")),
            Map.entry("Elizabeth", List.of("Liz", "Beth", "Betty", "Bess")),
            Map.entry("Katherine", List.of("Kate", "Kathy", "Katie")),
            Map.entry("Margaret", List.of("Maggie", "Peggy", "Meg")),
            Map.entry("Susan", List.of("Sue", "Susie")),
            Map.entry("Patricia", List.of("Pat", "Trish")),
            Map.entry("Jennifer", List.of("Jenny", "Jen")),
            Map.entry("Rebecca", List.of("Becky", "Becca")),
            Map.entry("Victoria", List.of("Vicky")),
            Map.entry("Deborah", List.of("Debbie", "Deb")),
            Map.entry("Sarah", List.of("Sadie")),
            Map.entry("Alexandra", List.of("Alex", "Sandra")),
            Map.entry("Samantha", List.of("Sam")),
            Map.entry("Abigail", List.of("Abby")));

    private static final String[] STREETS = {
        "High",
        "Station",
        "Church",
        "Park",
        "Victoria",
        "Green",
        "Manor",
        "Kings",
        "Queens",
        "Mill",
        "School",
        "Oak",
        "Elm",
        "Maple",
        "Cedar",
        "Willow",
        "Bridge",
        "Market",
        "London",
        "York",
        "North",
        "South",
        "West",
        "Chestnut",
        "Meadow",
        "Orchard",
        "Forest",
        "Hill",
        "River",
        "Lake",
        "Castle",
        "Abbey",
        "Albert",
        "Grove"
    };

    private static final String[][] STREET_TYPES = {
        {"Street", "St"}, {"Road", "Rd"}, {"Avenue", "Ave"}, {"Lane", "Ln"}, {"Drive", "Dr"}, {"Close", "Cl"}
    };

    private static final String[] CITIES = {
        "Northbridge", "Eastwood", "Southport", "Westfield", "Millbrook", "Ashford", "Kingsley", "Fairview"
    };

    private record Home(String line, String streetKey, String city, String postalCode, String landline) {}

    private record Person(
            int id,
            String given,
            @Nullable String middle,
            String family,
            @Nullable String marriedFamily,
            Sex sex,
            LocalDate birthDate,
            Home home,
            @Nullable Home laterHome,
            @Nullable String mobile,
            String nationalId) {}

    private final Random random;
    private final List<Person> people = new ArrayList<>();
    private final List<SourceRecord> records = new ArrayList<>();
    private final int[] mrnCounters = new int[SITES.size()];
    private long nextRecordId = 1;
    private int nextNationalId = 100_000_000;

    private SyntheticPopulation(long seed) {
        this.random = new Random(seed);
    }

    /** About {@code people} people and 1.7 records for each, in arrival order. */
    public static List<SourceRecord> generate(long seed, int people) {
        var population = new SyntheticPopulation(seed);
        population.createPeople(people);
        population.registerEveryone();
        Collections.shuffle(population.records, population.random);
        return List.copyOf(population.records);
    }

    private void createPeople(int count) {
        while (people.size() < count) {
            Home home = newHome();
            String family = skewed(FAMILY);
            int adults = 1 + (random.nextDouble() < 0.55 ? 1 : 0);
            int children = random.nextDouble() < 0.4 ? 1 + random.nextInt(3) : 0;
            int year = 1935 + random.nextInt(70);
            for (int a = 0; a < adults && people.size() < count; a++) {
                Sex sex = a == 0 ? randomSex() : Sex.FEMALE;
                addPerson(family, sex, birthDate(year + random.nextInt(7) - 3), home, a == 1);
            }
            boolean twins = children >= 2 && random.nextDouble() < 0.08;
            LocalDate twinBirth = birthDate(Math.min(2024, year + 22 + random.nextInt(15)));
            for (int c = 0; c < children && people.size() < count; c++) {
                LocalDate birth =
                        twins && c < 2 ? twinBirth : birthDate(Math.min(2024, year + 20 + random.nextInt(20)));
                addPerson(family, randomSex(), birth, home, false);
            }
            if (random.nextDouble() < 0.01 && people.size() < count) {
                Person twin = people.getLast();
                addNamesake(twin);
            }
        }
    }

    private void addPerson(String family, Sex sex, LocalDate birth, Home home, boolean spouse) {
        String given = givenName(sex);
        for (Person sibling : people.subList(Math.max(0, people.size() - 4), people.size())) {
            if (sibling.home() == home && sibling.given().equals(given)) {
                given = givenName(sex);
            }
        }
        String middle = random.nextDouble() < 0.45 ? givenName(sex) : null;
        // a spouse may have kept her birth name; an adult woman may marry (again) during the records' span
        String ownFamily = spouse && random.nextDouble() < 0.3 ? skewed(FAMILY) : family;
        boolean adultWoman = sex == Sex.FEMALE && birth.getYear() < 2000;
        String married = adultWoman && random.nextDouble() < 0.12 ? skewed(FAMILY) : null;
        Home later = random.nextDouble() < 0.15 ? newHome() : null;
        String mobile = random.nextDouble() < 0.7 ? phoneNumber("07") : null;
        people.add(new Person(
                people.size(), given, middle, ownFamily, married, sex, birth, home, later, mobile, nationalId()));
    }

    private void addNamesake(Person original) {
        people.add(new Person(
                people.size(),
                original.given(),
                random.nextDouble() < 0.45 ? givenName(original.sex()) : null,
                original.family(),
                null,
                original.sex(),
                original.birthDate(),
                newHome(),
                null,
                random.nextDouble() < 0.7 ? phoneNumber("07") : null,
                nationalId()));
    }

    private void registerEveryone() {
        for (Person person : people) {
            double r = random.nextDouble();
            int count = r < 0.55 ? 1 : r < 0.80 ? 2 : r < 0.93 ? 3 : 4;
            List<Integer> sites = new ArrayList<>(List.of(0, 1, 2, 3));
            Collections.shuffle(sites, random);
            for (int i = 0; i < count; i++) {
                // now and then a site registers a patient it already knows under a new number
                int site = i > 0 && random.nextDouble() < 0.08 ? sites.get(i - 1) : sites.get(i);
                records.add(new SourceRecord(
                        nextRecordId++, person.id(), SITES.get(site).authority(), record(person, site)));
            }
        }
    }

    private Demographics record(Person p, int siteIndex) {
        Site site = SITES.get(siteIndex);
        String mrn = site.prefix() + (100_000 + ++mrnCounters[siteIndex]);

        String given = p.given();
        String middle = p.middle();
        double r = random.nextDouble();
        if (r < 0.07 && NICKNAMES.containsKey(given)) {
            List<String> nicks = NICKNAMES.get(given);
            given = nicks.get(random.nextInt(nicks.size()));
        } else if (r < 0.13) {
            given = typo(given);
        } else if (r < 0.15 && middle != null) {
            String swap = given;
            given = middle;
            middle = swap;
        } else if (r < 0.17) {
            given = given.substring(0, 1);
        }
        if (middle != null && random.nextDouble() < 0.3) {
            middle = random.nextBoolean() ? null : middle.substring(0, 1);
        }

        List<Name> names = new ArrayList<>(2);
        String family = p.family();
        if (p.marriedFamily() != null && random.nextDouble() < 0.5) {
            double m = random.nextDouble();
            if (m < 0.3) {
                names.add(new Name(p.family() + "-" + p.marriedFamily(), given, middle));
            } else {
                names.add(new Name(p.marriedFamily(), given, middle));
                if (m < 0.6) {
                    names.add(new Name(p.family(), given, null));
                }
            }
        } else {
            if (random.nextDouble() < 0.06) {
                family = typo(family);
            }
            names.addFirst(new Name(family, given, middle));
        }
        if (random.nextDouble() < 0.4) {
            names.replaceAll(n -> new Name(plain(n.family()), plain(n.given()), plain(n.middle())));
        }
        if (random.nextDouble() < 0.5) {
            names.replaceAll(n -> new Name(upper(n.family()), upper(n.given()), upper(n.middle())));
        }

        LocalDate birth = p.birthDate();
        r = random.nextDouble();
        if (r < 0.03 && birth.getDayOfMonth() <= 12 && birth.getDayOfMonth() != birth.getMonthValue()) {
            birth = LocalDate.of(birth.getYear(), birth.getDayOfMonth(), birth.getMonthValue());
        } else if (r < 0.05) {
            birth = mistyped(birth);
        }
        LocalDate birthSent = r > 0.99 ? null : birth;
        Sex sex = random.nextDouble() < 0.03 ? Sex.UNKNOWN : p.sex();

        Home home = p.laterHome() != null && random.nextBoolean() ? p.laterHome() : p.home();
        Address address = null;
        if (random.nextDouble() < site.address()) {
            String line = home.line();
            if (random.nextDouble() < 0.3) {
                line = line.replace(home.streetKey(), abbreviationOf(home.streetKey()));
            }
            if (random.nextDouble() < 0.03) {
                line = typo(line);
            }
            String postal = random.nextDouble() < 0.05 ? null : home.postalCode();
            if (postal != null && random.nextDouble() < 0.3) {
                postal = postal.replace(" ", "");
            }
            address = new Address(List.of(line), home.city(), postal);
        }
        String phone = null;
        if (random.nextDouble() < site.phone()) {
            phone = p.mobile() != null && random.nextDouble() < 0.75 ? p.mobile() : home.landline();
            if (random.nextDouble() < 0.08) {
                phone = phoneNumber("07");
            } else if (random.nextDouble() < 0.3) {
                phone = "+44 " + phone.substring(1);
            }
        }
        String nationalId = null;
        if (random.nextDouble() < site.nationalId()) {
            nationalId = random.nextDouble() < 0.01 ? typo(p.nationalId()) : p.nationalId();
        }
        return new Demographics(
                List.of(new Identifier(mrn, site.authority())), names, birthSent, sex, address, phone, nationalId);
    }

    private Home newHome() {
        String street = skewed(STREETS);
        String[] type = STREET_TYPES[random.nextInt(STREET_TYPES.length)];
        String streetKey = street + " " + type[0];
        String line = (1 + random.nextInt(180)) + " " + streetKey;
        if (random.nextDouble() < 0.15) {
            line = "Flat " + (1 + random.nextInt(20)) + ", " + line;
        }
        String postal = "N" + (1 + random.nextInt(40)) + " " + (1 + random.nextInt(9))
                + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
        return new Home(line, streetKey, CITIES[random.nextInt(CITIES.length)], postal, phoneNumber("01"));
    }

    private static String abbreviationOf(String streetKey) {
        for (String[] type : STREET_TYPES) {
            if (streetKey.endsWith(" " + type[0])) {
                return streetKey.substring(0, streetKey.length() - type[0].length()) + type[1];
            }
        }
        return streetKey;
    }

    private String givenName(Sex sex) {
        return skewed(sex == Sex.FEMALE ? FEMALE : MALE);
    }

    private Sex randomSex() {
        return random.nextBoolean() ? Sex.FEMALE : Sex.MALE;
    }

    /** Earlier entries more often: roughly Zipf with exponent 1. */
    private String skewed(String[] values) {
        double h = Math.log(values.length + 1);
        int i = (int) Math.floor(Math.exp(random.nextDouble() * h)) - 1;
        return values[Math.min(values.length - 1, Math.max(0, i))];
    }

    private LocalDate birthDate(int year) {
        return LocalDate.of(year, 1, 1).plusDays(random.nextInt(365));
    }

    private LocalDate mistyped(LocalDate birth) {
        return switch (random.nextInt(3)) {
            case 0 -> birth.withDayOfMonth(Math.min(28, nearbyDigit(birth.getDayOfMonth())));
            case 1 -> birth.withMonth(Math.min(12, nearbyDigit(birth.getMonthValue())));
            default ->
                birth.withYear(birth.getYear() + (random.nextBoolean() ? 1 : -1) * (random.nextBoolean() ? 1 : 10));
        };
    }

    private int nearbyDigit(int value) {
        int ones = value % 10;
        int changed = ones == 9 ? 8 : ones == 0 ? 1 : ones + (random.nextBoolean() ? 1 : -1);
        return Math.max(1, value - ones + changed);
    }

    /** One keyboard slip: a letter substituted, dropped, doubled, or two neighbours swapped. */
    private String typo(String s) {
        if (s.length() < 3) {
            return s;
        }
        int i = 1 + random.nextInt(s.length() - 2);
        char c = s.charAt(i);
        return switch (random.nextInt(4)) {
            case 0 ->
                s.substring(0, i)
                        + (Character.isDigit(c) ? (char) ('0' + random.nextInt(10)) : (char) ('a' + random.nextInt(26)))
                        + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.substring(i + 1);
            case 2 -> s.substring(0, i) + c + s.substring(i);
            default -> s.substring(0, i - 1) + c + s.charAt(i - 1) + s.substring(i + 1);
        };
    }

    private String phoneNumber(String prefix) {
        return prefix + (100_000_000 + random.nextInt(900_000_000));
    }

    private String nationalId() {
        nextNationalId += 1 + random.nextInt(97);
        return Integer.toString(nextNationalId);
    }

    private static @Nullable String plain(@Nullable String s) {
        return s == null
                ? null
                : java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "");
    }

    private static @Nullable String upper(@Nullable String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
