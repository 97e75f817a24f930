import Foundation
import Testing
@testable import BadilCore

// The in-memory blocking index of duplicate detection (Sources/BadilCore/Matching/CandidateIndex.swift):
// who is selected for scoring, and how changes, merges and common names are handled.

private func person(_ n: Int, original: String? = nil, latin: String? = nil, sex: String = "male", year: Int? = 1995,
                    estimated: Bool = true, nationality: String = "SDN") -> CandidateIndex.Person {
    CandidateIndex.Person(id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!, caseNumber: "LBY-TST-2026-\(n)",
                          names: PersonNameForms(original: original, latin: latin), sex: sex, birthYear: year,
                          birthYearEstimated: estimated, nationality: nationality)
}

private func numbers(_ people: [CandidateIndex.Person]) -> Set<Int> {
    Set(people.map { Int($0.id.uuidString.suffix(12))! })
}

@Suite("Candidate index")
struct CandidateIndexTests {
    /// A small population: the same man in two scripts, a namesake woman, a namesake 20 years older, someone else.
    static func population() -> CandidateIndex {
        var index = CandidateIndex()
        index.upsert(person(1, latin: "Mohamed Abderrahmane"))
        index.upsert(person(2, original: "محمد عبد الرحمن", year: 1994))
        index.upsert(person(3, latin: "Mohamed Abderrahmane", sex: "female"))
        index.upsert(person(4, latin: "Mohamed Abderrahmane", year: 1970))
        index.upsert(person(5, latin: "Issa Garba", nationality: "NER"))
        index.upsert(person(6, latin: "Mohamed Abderrahman", sex: "unknown", year: nil))
        return index
    }

    @Test("Who is selected for scoring", arguments: [
        ("same spelling: both scripts, unknown sex and age kept; other sex and a 25-year gap left out",
         PersonNameForms(original: nil, latin: "Mohamed Abderrahmane"), "male", 1996, [1, 2, 6]),
        ("Arabic script finds the Latin spellings", PersonNameForms(original: "محمد عبدالرحمن", latin: nil), "male", 1995, [1, 2, 6]),
        ("swapped order", PersonNameForms(original: nil, latin: "Abderrahmane Mohamed"), "male", 1995, [1, 2, 6]),
        ("sex unknown: both sexes", PersonNameForms(original: nil, latin: "Mohamed Abderrahmane"), "unknown", 1995, [1, 2, 3, 6]),
        ("age unknown: every age", PersonNameForms(original: nil, latin: "Mohamed Abderrahmane"), "male", nil, [1, 2, 4, 6]),
        ("another name", PersonNameForms(original: nil, latin: "Garba Issa"), "male", 1993, [5]),
        ("nobody", PersonNameForms(original: nil, latin: "Tesfay Kidane"), "male", 1995, []),
    ] as [(String, PersonNameForms, String, Int?, Set<Int>)])
    func selection(_ what: String, _ names: PersonNameForms, _ sex: String, _ year: Int?, _ expected: Set<Int>) {
        let index = Self.population()
        #expect(numbers(index.block(names: names, sex: sex, birthYear: year)) == expected, "\(what)")
    }

    @Test("The registration's own record is left out")
    func ownRecord() {
        let index = Self.population()
        let own = person(1, latin: "Mohamed Abderrahmane")
        #expect(numbers(index.block(names: own.names, sex: "male", birthYear: 1995, excluding: own.id)) == [2, 6])
    }

    @Test("A corrected name moves the person to the new name's keys; a removed (merged) person is never selected")
    func changes() {
        var index = Self.population()
        index.upsert(person(5, latin: "Yohannes Tesfay", nationality: "ERI"))
        #expect(numbers(index.block(names: PersonNameForms(original: nil, latin: "Issa Garba"), sex: "male", birthYear: 1995)).isEmpty)
        #expect(numbers(index.block(names: PersonNameForms(original: nil, latin: "Yohanes Tesfai"), sex: "male", birthYear: 1995)) == [5])
        #expect(index.person(person(5).id)?.nationality == "ERI")
        index.remove(person(2).id)
        #expect(!index.contains(person(2).id))
        #expect(numbers(index.block(names: PersonNameForms(original: nil, latin: "Mohamed Abderrahmane"), sex: "male", birthYear: 1995)) == [1, 6])
        #expect(index.liveCount == 5)
        // Unmerged: back again, once.
        index.upsert(person(2, original: "محمد عبد الرحمن", year: 1994))
        index.upsert(person(2, original: "محمد عبد الرحمن", year: 1994))
        #expect(index.liveCount == 6)
        #expect(numbers(index.block(names: PersonNameForms(original: nil, latin: "Mohamed Abderrahmane"), sex: "male", birthYear: 1995)) == [1, 2, 6])
    }

    @Test("Fields come back as stored, in any script")
    func storedFields() {
        let index = Self.population()
        let back = index.person(person(2).id)
        #expect(back == person(2, original: "محمد عبد الرحمن", year: 1994))
        #expect(index.person(person(6).id)?.birthYear == nil)
        #expect(index.person(UUID()) == nil)
    }

    @Test("A name shared by too many people: alone, the closest in age are taken; with a rarer key found first, it is skipped")
    func commonNames() {
        var limits = CandidateIndex.Limits()
        limits.maxPerKey = 10
        var index = CandidateIndex(limits: limits)
        // 30 men called Adam Yahya born 1980–1994 (two a year), and one Adam Yahya Kidane born 1990.
        for i in 0..<30 { index.upsert(person(100 + i, latin: "Adam Yahya", year: 1980 + i / 2)) }
        index.upsert(person(200, latin: "Adam Yahya Kidane", year: 1990))
        // Alone: the 10 closest to 1990 (1986–1994 within the five-year window), the rare name among them.
        let alone = index.block(names: PersonNameForms(original: nil, latin: "Adam Yahya"), sex: "male", birthYear: 1990)
        #expect(alone.count == 10)
        #expect(alone.allSatisfy { abs(($0.birthYear ?? 0) - 1990) <= 3 }, "\(alone.map(\.birthYear))")
        // With the rarer pair "Yahya Kidane" found first, the crowded "Adam Yahya" key adds nobody.
        let rare = index.block(names: PersonNameForms(original: nil, latin: "Adam Yahya Kidane"), sex: "male", birthYear: 1990)
        #expect(numbers(rare) == [200])
    }
}

@Suite("Candidate scoring shortcut")
struct CandidateScoringTests {
    @Test("candidate() gives score() for a pair worth showing and nil for any other", arguments: [
        ("Mohamed Abderrahmane", "محمد عبد الرحمن", "male", "male", 1995, 1996, true),
        ("Adam Yahya Haroun", "Adam Yahia Haroun", "male", "male", 2010, 2010, true),
        ("Adam Yahya Haroun", "Adam Yahia Haroun", "male", "female", 2010, 2010, false),
        ("Adam Yahya Haroun", "Adam Yahia Haroun", "male", "male", 2010, 1990, false),
        ("Fatima Adam Issa", "Fatma Adam", "female", "female", 1990, 1991, true),
        ("Mahmoud Abdelrahim", "Mohamed Abderrahmane", "male", "male", 1970, 1997, false),
        ("Issa Garba", "Tesfay Kidane", "male", "male", 1990, 1990, false),
    ] as [(String, String, String, String, Int, Int, Bool)])
    func agrees(_ a: String, _ b: String, _ sa: String, _ sb: String, _ ya: Int, _ yb: Int, _ shown: Bool) {
        func prepared(_ name: String, _ sex: String, _ year: Int) -> PreparedCandidate {
            let arabic = name.unicodeScalars.contains { $0.value >= 0x600 && $0.value <= 0x6FF }
            return DuplicateRules.prepare(MatchCandidateInput(names: PersonNameForms(original: arabic ? name : nil, latin: arabic ? nil : name),
                                                              sex: sex, birthYear: year, birthYearEstimated: true, nationality: "SDN"))
        }
        let x = prepared(a, sa, ya), y = prepared(b, sb, yb)
        let full = DuplicateRules.score(x, y)
        let short = DuplicateRules.candidate(x, y)
        #expect((full?.isCandidate ?? false) == shown, "\(a) / \(b): \(String(describing: full))")
        #expect(short == (shown ? full : nil))
    }
}

@Suite("Change log cursor")
struct ChangeLogCursorTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("Where the reader stands after each read", arguments: [
        ("in order", [[1, 2, 3]], 3, []),
        ("nothing new", [[Int64]()], 0, []),
        ("12 before 11: 11 is asked for again", [[1, 2, 5]], 5, [3, 4]),
        ("the late numbers arrive", [[1, 2, 5], [3], [4, 6]], 6, []),
        ("one still missing", [[1, 2, 5], [4]], 5, [3]),
        ("a jump too wide to track", [[200_001]], 200_001, []),
    ] as [(String, [[Int64]], Int64, [Int64])])
    func reads(_ what: String, _ reads: [[Int64]], _ last: Int64, _ pending: [Int64]) {
        var cursor = ChangeLogCursor()
        for (i, seen) in reads.enumerated() { cursor.advance(seen: seen, now: Self.t0.addingTimeInterval(Double(i))) }
        #expect(cursor.last == last, "\(what)")
        #expect(cursor.pendingGaps() == pending, "\(what)")
    }

    @Test("A number missing longer than the patience was a rolled-back transaction: forgotten")
    func patience() {
        var cursor = ChangeLogCursor(last: 10)
        cursor.advance(seen: [13], now: Self.t0)
        #expect(cursor.pendingGaps() == [11, 12])
        cursor.advance(seen: [12], now: Self.t0.addingTimeInterval(ChangeLogCursor.patience - 1))
        #expect(cursor.pendingGaps() == [11])
        cursor.advance(seen: [], now: Self.t0.addingTimeInterval(ChangeLogCursor.patience + 1))
        #expect(cursor.pendingGaps().isEmpty)
        #expect(cursor.last == 13)
        #expect(ChangeLogCursor(last: -5).last == 0)
    }
}
