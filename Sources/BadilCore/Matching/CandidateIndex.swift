import Foundation

/// The blocking index of duplicate detection held in memory: for every registered person (merged records
/// left out), the fields the rules score and the blocking keys (`DuplicateRules.blockingKeys`) that find them.
///
/// `block` applies the selection rules below to pick the people worth scoring for a new registration; a
/// caller scores them with `DuplicateRules.score`. Storage is compact (names and case numbers in one byte
/// arena, sex and nationality as small codes) so that a million people fit in a few hundred megabytes.
///
/// Selection (the same whether the keys are read from memory or from the database):
/// - keys are taken from the rarest to the most common, pair keys first, single-name keys only when the
///   pair keys found fewer than `minBeforeSingles` people;
/// - per key, only people whose sex does not differ and whose birth year is within `yearWindow` years (or
///   unknown): the rules reject everyone else;
/// - a key shared by more than `maxPerKey` such people says little: it is skipped unless nothing else was
///   found, and then the `maxPerKey` people closest in birth year are taken;
/// - keys are taken until `maxBlock` people are selected.
public struct CandidateIndex: Sendable {
    public struct Person: Sendable, Equatable {
        public var id: UUID
        public var caseNumber: String
        public var names: PersonNameForms
        public var sex: String
        public var birthYear: Int?
        public var birthYearEstimated: Bool
        public var nationality: String

        public init(id: UUID, caseNumber: String, names: PersonNameForms, sex: String, birthYear: Int?,
                    birthYearEstimated: Bool, nationality: String) {
            self.id = id; self.caseNumber = caseNumber; self.names = names; self.sex = sex
            self.birthYear = birthYear; self.birthYearEstimated = birthYearEstimated; self.nationality = nationality
        }

        public var input: MatchCandidateInput {
            MatchCandidateInput(names: names, sex: sex, birthYear: birthYear, birthYearEstimated: birthYearEstimated, nationality: nationality)
        }
    }

    public struct Limits: Sendable {
        public var maxPerKey = 300
        public var maxBlock = 800
        public var minBeforeSingles = 50
        public var yearWindow = 5
        public init() {}
    }

    /// One person's place in the arena and coded fields.
    struct Slot {
        var start: UInt32 = 0
        var caseLength: UInt16 = 0
        var originalLength: UInt16 = Slot.none
        var latinLength: UInt16 = Slot.none
        var sex: UInt16 = 0
        /// `DuplicateRules.sexCode` of the sex (0 when unknown), compared without strings.
        var sexCode: UInt8 = 0
        var nationality: UInt16 = 0
        var year: Int16 = Slot.noYear
        var estimated = false
        var live = false

        static let none = UInt16.max
        static let noYear = Int16.min
    }

    public let limits: Limits
    private var ids: [UUID] = []
    private var slots: [Slot] = []
    private var arena: [UInt8] = []
    private var handles: [UUID: Int32] = [:]
    private var postings: [String: [Int32]] = [:]
    private var symbols: [String] = []
    private var symbolCodes: [String: UInt16] = [:]
    /// How many people are held (merged and removed records left out).
    public private(set) var liveCount = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// A person with their blocking keys, worked out apart from the index (loading many people, the keys can be
    /// computed in parallel and added one after the other).
    public struct Entry: Sendable {
        public let person: Person
        let keys: Set<String>

        public init(_ person: Person) {
            self.person = person
            self.keys = DuplicateRules.blockingKeys(person.names)
        }
    }

    /// Adds the person, or replaces what is held for them (names, sex, birth year, nationality, case number).
    public mutating func upsert(_ p: Person) {
        upsert(Entry(p))
    }

    public mutating func upsert(_ entry: Entry) {
        let p = entry.person
        let handle: Int32
        if let h = handles[p.id] {
            handle = h
            if slots[Int(h)].live {
                if person(at: h) == p { return }
                unlink(h)
            }
        } else {
            handle = Int32(ids.count)
            ids.append(p.id)
            slots.append(Slot())
            handles[p.id] = handle
        }
        var slot = Slot()
        slot.start = UInt32(arena.count)
        let caseBytes = Array(p.caseNumber.utf8.prefix(Int(UInt16.max - 1)))
        arena.append(contentsOf: caseBytes)
        slot.caseLength = UInt16(caseBytes.count)
        if let o = p.names.original {
            let b = Array(o.utf8.prefix(Int(UInt16.max - 1)))
            arena.append(contentsOf: b); slot.originalLength = UInt16(b.count)
        }
        if let l = p.names.latin {
            let b = Array(l.utf8.prefix(Int(UInt16.max - 1)))
            arena.append(contentsOf: b); slot.latinLength = UInt16(b.count)
        }
        slot.sex = code(p.sex)
        slot.sexCode = DuplicateRules.sexCode(p.sex) ?? 0
        slot.nationality = code(p.nationality)
        slot.year = p.birthYear.map { Int16(clamping: $0) } ?? Slot.noYear
        slot.estimated = p.birthYearEstimated
        slot.live = true
        slots[Int(handle)] = slot
        for key in entry.keys { postings[key, default: []].append(handle) }
        liveCount += 1
    }

    /// Takes the person out (merged into another record, or deleted). Unknown ids are ignored.
    public mutating func remove(_ id: UUID) {
        guard let h = handles[id], slots[Int(h)].live else { return }
        unlink(h)
    }

    public func contains(_ id: UUID) -> Bool {
        guard let h = handles[id] else { return false }
        return slots[Int(h)].live
    }

    public func person(_ id: UUID) -> Person? {
        guard let h = handles[id], slots[Int(h)].live else { return nil }
        return person(at: h)
    }

    /// How many people hold the key (any sex or age).
    public func count(of key: String) -> Int { postings[key]?.count ?? 0 }

    /// The people worth scoring against a registration with these names, sex and birth year (see the type's
    /// documentation), the registration's own record left out.
    public func block(names: PersonNameForms, sex: String?, birthYear: Int?, excluding: UUID? = nil) -> [Person] {
        let keys = DuplicateRules.blockingKeys(names)
        let ordered = keys.filter { count(of: $0) > 0 }.sorted { (count(of: $0), $0) < (count(of: $1), $1) }
        let probeSex = DuplicateRules.sexCode(sex)
        var chosen: [Int32] = []
        var seen = Set<Int32>()
        func take(_ found: [Int32], more: Bool) {
            if more && !chosen.isEmpty { return }
            for h in found where seen.insert(h).inserted { chosen.append(h) }
        }
        for pairs in [true, false] {
            if !pairs && chosen.count >= limits.minBeforeSingles { break }
            for key in ordered where key.contains("|") == pairs {
                if chosen.count >= limits.maxBlock { break }
                let (found, more) = matching(key, sex: probeSex, year: birthYear, closest: chosen.isEmpty)
                take(found, more: more)
            }
        }
        var people: [Person] = []
        people.reserveCapacity(chosen.count)
        for h in chosen where ids[Int(h)] != excluding { people.append(person(at: h)) }
        return people
    }

    /// People under the key whom sex and birth year leave possible: at most `maxPerKey`, and whether there were
    /// more. When `closest`, all of them are looked at and the closest in birth year are kept; otherwise the
    /// scan stops as soon as there are too many.
    private func matching(_ key: String, sex: UInt8?, year: Int?, closest: Bool) -> ([Int32], Bool) {
        guard let list = postings[key] else { return ([], false) }
        var found: [Int32] = []
        let cap = limits.maxPerKey
        for h in list {
            let s = slots[Int(h)]
            guard s.live else { continue }
            if let sex, s.sexCode != 0, s.sexCode != sex { continue }
            if let year, s.year != Slot.noYear, abs(Int(s.year) - year) > limits.yearWindow { continue }
            found.append(h)
            if !closest && found.count > cap { return (Array(found.prefix(cap)), true) }
        }
        guard found.count > cap else { return (found, false) }
        guard let year else { return (Array(found.prefix(cap)), true) }
        func distance(_ h: Int32) -> Int {
            let y = slots[Int(h)].year
            return y == Slot.noYear ? Int.max : abs(Int(y) - year)
        }
        let sorted = found.enumerated().sorted { (distance($0.element), $0.offset) < (distance($1.element), $1.offset) }
        return (sorted.prefix(cap).map(\.element), true)
    }

    private func person(at h: Int32) -> Person {
        let s = slots[Int(h)]
        var at = Int(s.start)
        func text(_ length: UInt16) -> String? {
            guard length != Slot.none else { return nil }
            let value = String(decoding: arena[at..<(at + Int(length))], as: UTF8.self)
            at += Int(length)
            return value
        }
        let caseNumber = text(s.caseLength) ?? ""
        let original = text(s.originalLength)
        let latin = text(s.latinLength)
        return Person(id: ids[Int(h)], caseNumber: caseNumber, names: PersonNameForms(original: original, latin: latin),
                      sex: symbols[Int(s.sex)], birthYear: s.year == Slot.noYear ? nil : Int(s.year),
                      birthYearEstimated: s.estimated, nationality: symbols[Int(s.nationality)])
    }

    private mutating func unlink(_ h: Int32) {
        let old = person(at: h)
        for key in DuplicateRules.blockingKeys(old.names) {
            guard let i = postings[key]?.lastIndex(of: h) else { continue }
            postings[key]!.swapAt(i, postings[key]!.count - 1)
            postings[key]!.removeLast()
            if postings[key]!.isEmpty { postings[key] = nil }
        }
        slots[Int(h)].live = false
        liveCount -= 1
    }

    private mutating func code(_ symbol: String) -> UInt16 {
        if let c = symbolCodes[symbol] { return c }
        let c = UInt16(clamping: symbols.count)
        symbols.append(symbol)
        symbolCodes[symbol] = c
        return c
    }
}
