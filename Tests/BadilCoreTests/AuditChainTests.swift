import Foundation
import Testing
@testable import BadilCore

@Suite("Audit hash chain")
struct AuditChainTests {
    /// A toy hash: the chain logic does not depend on which hash function is used.
    static func fnv(_ s: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h ^= UInt64(b); h = h &* 0x100000001b3 }
        return String(h, radix: 16)
    }

    func chain(_ n: Int) -> [AuditRecord] {
        var previous = AuditChain.genesis
        return (1...n).map { i in
            var r = AuditRecord(sequence: i, occurredAt: Date(timeIntervalSince1970: Double(i)), actorID: "u\(i % 3)", actorName: "user",
                                action: "person.read", entityType: "person", entityID: "id\(i)", fields: "", flagged: false, previousHash: previous)
            r.hash = Self.fnv(r.canonical)
            previous = r.hash
            return r
        }
    }

    @Test func intactChainVerifies() {
        let c = chain(5)
        #expect(AuditChain.verify(c, head: (5, c[4].hash), hash: Self.fnv) == nil)
        #expect(AuditChain.verify([], head: (0, AuditChain.genesis), hash: Self.fnv) == nil)
    }

    @Test func editedEntryIsNamed() {
        var c = chain(5)
        c[2].action = "person.updated"
        #expect(AuditChain.verify(c, head: (5, c[4].hash), hash: Self.fnv) == .contentChanged(sequence: 3))
    }

    @Test func editedAndRehashedEntryBreaksTheNextLink() {
        var c = chain(5)
        c[2].actorName = "someone else"
        c[2].hash = Self.fnv(c[2].canonical)
        #expect(AuditChain.verify(c, head: (5, c[4].hash), hash: Self.fnv) == .brokenLink(sequence: 4))
    }

    @Test func deletedEntryIsNamed() {
        var c = chain(5)
        c.remove(at: 1)
        #expect(AuditChain.verify(c, head: (5, c[3].hash), hash: Self.fnv) == .sequenceGap(expected: 2, found: 3))
    }

    @Test func reorderedEntriesAreDetected() {
        var c = chain(5)
        c.swapAt(1, 2)
        #expect(AuditChain.verify(c, head: (5, c[4].hash), hash: Self.fnv) == .sequenceGap(expected: 2, found: 3))
        // Renumbering after swapping does not help: the links no longer match.
        var d = chain(5)
        d.swapAt(1, 2)
        d[1].sequence = 2; d[2].sequence = 3
        #expect(AuditChain.verify(d, head: (5, d[4].hash), hash: Self.fnv) != nil)
    }

    @Test func truncatedChainIsDetected() {
        let c = chain(5)
        #expect(AuditChain.verify(Array(c.prefix(3)), head: (5, c[4].hash), hash: Self.fnv) == .truncated(expectedLast: 5, foundLast: 3))
    }

    @Test func canonicalFormSeparatesFields() {
        var a = chain(1)[0]
        var b = a
        a.entityType = "a|b"; a.entityID = "c"
        b.entityType = "a"; b.entityID = "b|c"
        #expect(a.canonical != b.canonical)
    }
}
