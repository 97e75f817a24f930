import Foundation
import Testing
@testable import BadilCore

// MARK: - Labelled evaluation set (bench/data/name-pairs.csv)

struct LabelledPair {
    var id: String
    var a: MatchCandidateInput
    var b: MatchCandidateInput
    var same: Bool
}

enum NamePairsFile {
    static func locate() -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["BADIL_NAME_PAIRS"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("bench/data/name-pairs.csv"))
        let here = URL(fileURLWithPath: #filePath)
        candidates.append(here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("bench/data/name-pairs.csv"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Minimal CSV reader (quoted fields, doubled quotes).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var it = text.makeIterator()
        while let c = it.next() {
            if quoted {
                if c == "\"" {
                    // Either the end of the quoted part or a doubled quote; handled by lookahead below.
                    quoted = false
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                if field.last == "\"" || !field.isEmpty { field.append("\"") }
                quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n": row.append(field); field = ""; rows.append(row); row = []
            case "\r": continue
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    static func load() throws -> [LabelledPair] {
        guard let url = locate() else { return [] }
        let rows = parse(try String(contentsOf: url, encoding: .utf8))
        guard let header = rows.first else { return [] }
        let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        func input(_ r: [String], _ side: String) -> MatchCandidateInput {
            func v(_ name: String) -> String? {
                let s = r[col[name + "_" + side]!]
                return s.isEmpty ? nil : s
            }
            return MatchCandidateInput(
                names: PersonNameForms(original: v("name"), latin: nil).with(latin: v("name_" + side + "_latin_raw")),
                sex: v("sex"), birthYear: v("birth_year").flatMap { Int($0) },
                birthYearEstimated: v("birth_estimated") == "1", nationality: v("nationality"))
        }
        return rows.dropFirst().filter { $0.count == header.count }.map { r in
            func cell(_ name: String) -> String? { let s = r[col[name]!]; return s.isEmpty ? nil : s }
            func side(_ s: String) -> MatchCandidateInput {
                MatchCandidateInput(
                    names: PersonNameForms(original: cell("name_\(s)_original"), latin: cell("name_\(s)_latin")),
                    sex: cell("sex_\(s)"), birthYear: cell("birth_year_\(s)").flatMap { Int($0) },
                    birthYearEstimated: cell("birth_estimated_\(s)") == "1", nationality: cell("nationality_\(s)"))
            }
            _ = input
            return LabelledPair(id: r[col["id"]!], a: side("a"), b: side("b"), same: r[col["same_person"]!] == "1")
        }
    }
}

extension PersonNameForms {
    func with(latin: String?) -> PersonNameForms { PersonNameForms(original: original, latin: latin ?? self.latin) }
}

@Suite("Duplicate detection on the labelled set")
struct NamePairsEvaluation {
    @Test func precisionAndRecall() throws {
        let pairs = try NamePairsFile.load()
        try #require(pairs.count >= 300, "bench/data/name-pairs.csv not found or too small (set BADIL_NAME_PAIRS)")
        var tp = 0, fp = 0, fn = 0, tn = 0, blockedPositives = 0
        let verbose = ProcessInfo.processInfo.environment["BADIL_MATCH_VERBOSE"] != nil
        for p in pairs {
            let s = DuplicateRules.score(p.a, p.b)
            let proposed = (s?.score ?? 0) >= DuplicateRules.candidateThreshold
            switch (p.same, proposed) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (true, false): fn += 1
            case (false, false): tn += 1
            }
            if p.same && !DuplicateRules.blockingKeys(p.a.names).isDisjoint(with: DuplicateRules.blockingKeys(p.b.names)) {
                blockedPositives += 1
            }
            if verbose && p.same != proposed {
                print("\(p.same ? "MISSED" : "FALSE ") \(p.id) score=\(s.map { String($0.score) } ?? "nil") "
                      + "[\(p.a.names.original ?? "")|\(p.a.names.latin ?? "")] vs [\(p.b.names.original ?? "")|\(p.b.names.latin ?? "")] "
                      + "\(s?.reasons.map(\.code) ?? [])")
            }
        }
        let precision = Double(tp) / Double(max(1, tp + fp))
        let recall = Double(tp) / Double(max(1, tp + fn))
        let blocking = Double(blockedPositives) / Double(max(1, tp + fn))
        print("name-pairs: \(pairs.count) pairs, tp=\(tp) fp=\(fp) fn=\(fn) tn=\(tn); "
              + "precision=\(String(format: "%.3f", precision)) recall=\(String(format: "%.3f", recall)); "
              + "positives sharing a blocking key=\(String(format: "%.3f", blocking))")
        #expect(precision >= 0.95)
        #expect(recall >= 0.90)
    }
}
