// Timing and blocking bench for the duplicate-detection rules (BadilCore/Matching).
//
//   python3 bench/matching/make_population.py 1000000 /tmp/population.tsv
//   swift run -c release MatchBench /tmp/population.tsv
//
// Needs an executable target `MatchBench` (path bench/matching/MatchBench) depending on
// BadilCore; it only uses the public API.
import BadilCore
import Foundation

struct Row {
    let input: MatchCandidateInput
}

/// CPU time of this thread (the machine may be shared: wall time would count other processes).
func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

let args = CommandLine.arguments
let path = args.count > 1 ? args[1] : "/tmp/population.tsv"
let queries = args.count > 2 ? Int(args[2]) ?? 1000 : 1000
guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    print("cannot read \(path)"); exit(1)
}
var rows: [Row] = []
rows.reserveCapacity(1_000_000)
for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
    let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard f.count >= 6 else { continue }
    rows.append(Row(input: MatchCandidateInput(
        names: PersonNameForms(original: f[0].isEmpty ? nil : f[0], latin: f[1].isEmpty ? nil : f[1]),
        sex: f[2], birthYear: Int(f[3]), birthYearEstimated: f[4] == "1", nationality: f[5])))
}
print("\(rows.count) registrations")

// 1. Keys per person.
var t0 = now()
var keysPerRow: [[String]] = []
keysPerRow.reserveCapacity(rows.count)
for r in rows { keysPerRow.append(Array(DuplicateRules.blockingKeys(r.input.names))) }
var dt = now() - t0
print(String(format: "blockingKeys: %.0f ns/person (%.1f keys/person)", Double(dt) / Double(rows.count),
             Double(keysPerRow.reduce(0) { $0 + $1.count }) / Double(rows.count)))
t0 = now()
var chars = 0
for r in rows { chars += NameNormalizer.latinKey((r.input.names.latin ?? "") + " " + (r.input.names.original ?? "")).utf8.count }
dt = now() - t0
print(String(format: "latinKey: %.0f ns/person", Double(dt) / Double(rows.count)))

// 2. Index and bucket sizes.
var index: [String: [Int32]] = [:]
for (i, ks) in keysPerRow.enumerated() { for k in ks { index[k, default: []].append(Int32(i)) } }
let sizes = index.values.map(\.count).sorted()
func pct(_ a: [Int], _ p: Double) -> Int { a.isEmpty ? 0 : a[min(a.count - 1, Int(Double(a.count) * p))] }
print("distinct keys: \(index.count); bucket size median \(pct(sizes, 0.5)), p99 \(pct(sizes, 0.99)), max \(sizes.last ?? 0)")
let top = index.sorted { $0.value.count > $1.value.count }.prefix(8).map { "\($0.key)=\($0.value.count)" }
print("largest buckets: \(top.joined(separator: ", "))")

// 3. Queries: block like the app (selective keys first, at most 3000), score every candidate.
var rng = SystemRandomNumberGenerator()
var blockSizes: [Int] = [], pairBlockSizes: [Int] = [], proposed: [Int] = []
var scored = 0
let thresholds = [0.70, 0.72, 0.75, 0.78, 0.80, 0.85, 0.90]
var perThreshold = [Int](repeating: 0, count: thresholds.count)
var scoreNs: UInt64 = 0, preparedNs: UInt64 = 0
for _ in 0..<queries {
    let q = Int.random(in: 0..<rows.count, using: &rng)
    let keys = keysPerRow[q].sorted { (index[$0]?.count ?? 0) < (index[$1]?.count ?? 0) }
    var seen = Set<Int32>(), block: [Int32] = []
    for k in keys {
        for id in index[k] ?? [] where id != Int32(q) && seen.insert(id).inserted { block.append(id) }
        if block.count >= 3000 { break }
    }
    block = Array(block.prefix(3000))
    blockSizes.append(block.count)
    pairBlockSizes.append(keysPerRow[q].filter { $0.contains("|") && !$0.hasPrefix("c:") }.reduce(0) { $0 + (index[$1]?.count ?? 0) })
    let mine = rows[q].input
    var hits = 0
    let s0 = now()
    for id in block {
        if let s = DuplicateRules.score(mine, rows[Int(id)].input) {
            if s.isCandidate { hits += 1 }
            for (k, t) in thresholds.enumerated() where s.score >= t { perThreshold[k] += 1 }
        }
    }
    scoreNs += now() - s0
    // Prepared once per registration and per candidate record (what a cache of prepared records would give).
    let pm = DuplicateRules.prepare(mine)
    let prepared = block.map { DuplicateRules.prepare(rows[Int($0)].input) }
    let p0 = now()
    var hits2 = 0
    for p in prepared { if let s = DuplicateRules.score(pm, p), s.isCandidate { hits2 += 1 } }
    preparedNs += now() - p0
    precondition(hits == hits2)
    scored += block.count
    proposed.append(hits)
}
blockSizes.sort(); pairBlockSizes.sort(); proposed.sort()
print("block size per registration (cap 3000): median \(pct(blockSizes, 0.5)), p95 \(pct(blockSizes, 0.95)), max \(blockSizes.last ?? 0)")
print("exact pair keys alone: median \(pct(pairBlockSizes, 0.5)), p95 \(pct(pairBlockSizes, 0.95)), max \(pairBlockSizes.last ?? 0)")
print(String(format: "score(input, input): %.0f ns/pair; score(prepared, prepared): %.0f ns/pair (%d pairs)",
             Double(scoreNs) / Double(max(1, scored)), Double(preparedNs) / Double(max(1, scored)), scored))
print("candidates proposed per registration (no true duplicates in this population): median \(pct(proposed, 0.5)), "
      + "p95 \(pct(proposed, 0.95)), max \(proposed.last ?? 0), mean \(String(format: "%.2f", Double(proposed.reduce(0, +)) / Double(max(1, proposed.count))))")
print("mean candidates per registration by threshold: "
      + zip(thresholds, perThreshold).map { String(format: "%.2f: %.2f", $0, Double($1) / Double(max(1, queries))) }.joined(separator: ", "))
