import Fluent
import Foundation
import SQLKit
import Vapor
import BadilCore

/// Benchmark commands (bench/README.md): load a synthetic population straight into the database,
/// then time Badil's own duplicate-candidate search for a set of labelled queries.
enum BenchSupport {
    /// Minimal RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes.
    static func readCSV(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [[String]] = []
        var field = ""
        var row: [String] = []
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else {
                switch c {
                case "\"": quoted = true
                case ",": row.append(field); field = ""
                case "\n": row.append(field); field = ""; rows.append(row); row = []
                case "\r": break
                default: field.unicodeScalars.append(c)
                }
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The UUID a bench id is stored under, and back.
    static func uuid(_ id: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", id))!
    }

    static func benchID(_ uuid: UUID) -> Int? {
        let s = uuid.uuidString
        guard s.hasPrefix("00000000-0000-4000-8000-") else { return nil }
        return Int(s.suffix(12))
    }

    static func registration(_ r: [String: String], today: DayDate) -> Registration {
        let year = Int(r["birth_year"] ?? "")
        let estimated = r["birth_estimated"] == "1"
        let age = AgeFacts(dateOfBirth: estimated ? nil : year.flatMap { DayDate(year: $0, month: 7, day: 1) }, dateOfBirthEstimated: false,
                           claimedAge: estimated ? year.map { today.year - $0 } : nil, recordedOn: today)
        func text(_ k: String) -> String? { (r[k] ?? "").isEmpty ? nil : r[k] }
        return Registration(nameOriginal: text("name_original"), nameLatin: text("name_latin"), sex: Sex(rawValue: r["sex"] ?? "") ?? .unknown,
                            age: age, nationality: text("nationality") ?? NationalityRules.undetermined, languages: [], urgentNeeds: [])
    }

    /// Anonymous (heap) memory of the process in MB, from /proc/self/smaps_rollup (Linux); nil elsewhere. Unlike the
    /// resident size it leaves out the database file's pages mapped into memory.
    static func anonymousMemoryMB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Anonymous:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[max(0, min(sorted.count - 1, rank))]
    }
}

/// `badil bench-load --population FILE`: inserts people, their name keys and a stay, in large transactions.
struct BenchLoadCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "population", help: "population.csv from bench/generate_population.py") var population: String?
        @Option(name: "batch", help: "rows per transaction (default 5000)") var batch: Int?
    }

    var help: String { "Benchmarks only: loads a synthetic population into the database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.population else { context.console.error("--population FILE is required"); throw CommandFailure(code: 2) }
        let app = context.application
        let db = app.db
        let ctx = app.badil
        let started = Date()
        let rows = try BenchSupport.readCSV(path)
        context.console.print("read \(rows.count) rows in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        let org = try await AccountSetup.organization(named: "Benchmark organisation", type: .iom, on: db, ctx: ctx)
        let location = LocationRecord()
        location.type = LocationType.disembarkationPoint.rawValue
        location.nameEn = "Benchmark quay \(UUID().uuidString.prefix(8))"; location.nameFr = location.nameEn; location.nameAr = location.nameEn
        location.active = true; location.version = 1
        try await location.create(on: db)
        let arrival = ArrivalRecord()
        arrival.kind = ArrivalKind.disembarkation.rawValue; arrival.$location.id = location.id!; arrival.occurredAt = ctx.now
        arrival.officeCode = "BEN"; arrival.createdByID = org.id!; arrival.organizationID = org.id!; arrival.version = 1
        try await arrival.create(on: db)
        let today = DayDate(ctx.now)
        let size = signature.batch ?? 5000
        var done = 0
        for chunk in PersonWrites.chunks(rows, size: size) {
            let people: [PersonRecord] = chunk.map { r in
                let reg = BenchSupport.registration(r, today: today)
                let p = PersonRecord()
                p.id = BenchSupport.uuid(Int(r["id"] ?? "0") ?? 0)
                p.caseNumber = CaseNumber.format(prefix: "LBY-BEN-\(today.year)", sequence: Int(r["id"] ?? "0") ?? 0)
                p.$arrival.id = arrival.id!
                p.nameOriginal = reg.nameOriginal; p.nameLatin = reg.nameLatin; p.nameKey = DuplicateFinder.displayKey(reg)
                p.sex = reg.sex.rawValue; p.dateOfBirth = reg.age.dateOfBirth?.description; p.dateOfBirthEstimated = false
                p.claimedAge = reg.age.claimedAge; p.recordedOn = today.description; p.ageDisputed = false
                p.nationality = reg.nationality; p.languages = ""; p.urgentNeeds = ""; p.careStatus = ""
                p.registeredByID = org.id!; p.organizationID = org.id!; p.fromAuthority = false; p.version = 1
                p.deriveAgeColumns(); p.createdAt = ctx.now; p.updatedAt = ctx.now
                return p
            }
            let keys = people.map(PersonWrites.KeySet.init)
            try await db.writeTransaction { db in
                try await PersonWrites.insert(people, on: db)
                try await PersonWrites.insertKeys(keys, on: db)
                try await PersonWrites.insertStays(people.map(\.id!), location: location.id!, at: ctx.now, reason: "benchmark", by: "bench", on: db)
            }
            done += people.count
            if done % 100_000 < size { context.console.print("loaded \(done) (\(Int(Double(done) / Date().timeIntervalSince(started))) per second)") }
        }
        context.console.print("loaded \(done) people in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

/// `badil bench-candidates --queries FILE --out FILE`: times one candidate search per query.
struct BenchCandidatesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "queries", help: "queries.csv from bench/generate_population.py") var queries: String?
        @Option(name: "out", help: "where to write the JSON result") var out: String?
        @Option(name: "warmup", help: "untimed queries first (default 50)") var warmup: Int?
    }

    var help: String { "Benchmarks only: times Badil's duplicate-candidate search." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.queries else { context.console.error("--queries FILE is required"); throw CommandFailure(code: 2) }
        let app = context.application
        let finder = DuplicateFinder(db: app.db, index: app.badil.matchIndex)
        let today = DayDate(app.badil.now)
        let started = DispatchTime.now().uptimeNanoseconds
        let heapBefore = BenchSupport.anonymousMemoryMB()
        try await app.badil.matchIndex.refresh(on: app.db)
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let indexMB = BenchSupport.anonymousMemoryMB().flatMap { after in heapBefore.map { after - $0 } }
        context.console.print("in-memory index built in \(String(format: "%.1f", buildSeconds)) s"
                              + (indexMB.map { ", process memory +\($0) MB" } ?? ""))
        let queries = try BenchSupport.readCSV(path)
        let population = try await app.db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(PersonRecord.schema)
            .first(decoding: CountRow.self)?.n ?? 0
        for q in queries.prefix(signature.warmup ?? 50) {
            _ = try await finder.candidates(for: [.init(id: nil, registration: BenchSupport.registration(q, today: today))], actor: nil)
        }
        var latencies: [Double] = []
        var duplicates = 0, found = 0, returned = 0, correct = 0, top1 = 0, top1Correct = 0
        for q in queries {
            let reg = BenchSupport.registration(q, today: today)
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try await finder.candidates(for: [.init(id: nil, registration: reg)], actor: nil)[0]
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            let ids = result.compactMap { BenchSupport.benchID($0.personID) }
            let truth = Int(q["true_id"] ?? "")
            if let truth { duplicates += 1; if ids.contains(truth) { found += 1 } }
            returned += ids.count
            correct += ids.filter { $0 == truth }.count
            if let first = ids.first { top1 += 1; if first == truth { top1Correct += 1 } }
        }
        let sorted = latencies.sorted()
        let result: [String: Any] = [
            "approach": "badil (\(app.databaseKind))", "n_population": population, "n_queries": queries.count, "timed_queries": queries.count,
            "latency_ms": ["p50": BenchSupport.percentile(sorted, 50), "p95": BenchSupport.percentile(sorted, 95),
                           "p99": BenchSupport.percentile(sorted, 99), "mean": sorted.reduce(0, +) / Double(max(1, sorted.count))],
            "recall": duplicates == 0 ? 0 : Double(found) / Double(duplicates),
            "precision": returned == 0 ? 0 : Double(correct) / Double(returned),
            "top1_precision": top1 == 0 ? 0 : Double(top1Correct) / Double(top1),
            "notes": "DuplicateFinder.candidates, one query at a time, warm cache, single client; in-memory blocking index + DuplicateRules.score",
            "index_build_s": buildSeconds,
            "index_memory_mb": indexMB ?? -1,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        if let out = signature.out { try data.write(to: URL(fileURLWithPath: out)) }
        context.console.print(String(decoding: data, as: UTF8.self))
    }

    struct CountRow: Decodable { let n: Int }
}
