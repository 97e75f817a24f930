import Fluent
import FluentSQL
import Foundation
import SQLKit
import BadilCore

struct TracingRequestInput: StrictInput {
    var soughtNameOriginal: String?
    var soughtNameLatin: String?
    var soughtSex: String?
    var soughtBirthYear: Int?
    var soughtApproxAge: Int?
    var relationship: String?
    var lastKnownPlace: String?
    var lastSeenOn: String?
    var notes: String?
    static let allowedFields: Set<String> = ["soughtNameOriginal", "soughtNameLatin", "soughtSex", "soughtBirthYear", "soughtApproxAge",
                                             "relationship", "lastKnownPlace", "lastSeenOn", "notes"]
    static let nullableFields: Set<String> = ["soughtNameOriginal", "soughtNameLatin", "soughtSex", "soughtBirthYear", "soughtApproxAge",
                                              "lastKnownPlace", "lastSeenOn", "notes"]
    var facts: TracingRequestFacts {
        TracingRequestFacts(soughtNameOriginal: soughtNameOriginal, soughtNameLatin: soughtNameLatin, soughtSex: soughtSex, soughtBirthYear: soughtBirthYear,
                            soughtApproxAge: soughtApproxAge, relationship: relationship, lastKnownPlace: lastKnownPlace, lastSeenOn: lastSeenOn, notes: notes)
    }
}

/// Takes up a candidate: a registered person, or another tracing request (its seeker is the person found).
struct TracingMatchInput: StrictInput {
    var personId: UUID?
    var requestId: UUID?
    static let allowedFields: Set<String> = ["personId", "requestId"]
    static let nullableFields: Set<String> = ["personId", "requestId"]
}

struct TracingVerifyInput: StrictInput {
    var method: String?
    var verifiedOn: String?
    var seekerWishes: Bool?
    var soughtWishes: Bool?
    var notes: String?
    static let allowedFields: Set<String> = ["method", "verifiedOn", "seekerWishes", "soughtWishes", "notes"]
    static let nullableFields: Set<String> = ["notes"]
}

/// One candidate for who a tracing request seeks.
struct TracingCandidate: Sendable {
    /// The person who may be the one sought (for a request: its seeker).
    let person: PersonRecord
    /// Set when the candidate is another open request whose seeker looks for this request's seeker.
    let request: TracingRequestRecord?
    let score: TracingScore
}

/// Family tracing (DOMAIN.md §4). A request needs the seeker's consent to tracing; candidates are people the actor
/// may see who consented to tracing themselves, and other open requests whose seeker looks for this seeker, scored
/// with the registration matching rules (names across Arabic and Latin scripts, birth year, sex).
struct TracingService {
    let db: any Database
    let ctx: BadilContext

    static let maxCandidates = 20
    /// At most this many people with a tracing consent are scored per request.
    static let maxPool = 5000

    struct View: Sendable {
        let request: TracingRequestRecord
        let seeker: PersonRecord
        let matches: [MatchView]
        let reunification: ReunificationRecord?
    }

    struct MatchView: Sendable {
        let match: TracingMatchRecord
        /// Nil when the actor may no longer see the person found.
        let person: PersonRecord?
    }

    func requests(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [TracingRequestRecord] {
        try await ChildAccess.read("tracing.list_read", personID, actor, audit: audit, at: ctx.now, on: db)
        return try await TracingRequestRecord.query(on: db).filter(\.$personID == personID).sort(\.$recordedAt, .descending).all()
    }

    /// A request the actor may see (its seeker is in scope); otherwise `notFound`.
    static func request(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> (TracingRequestRecord, PersonRecord) {
        guard let r = try await TracingRequestRecord.find(id, on: db) else { throw DomainError.notFound }
        return (r, try await ChildAccess.person(r.personID, actor, on: db))
    }

    func get(_ id: UUID, by actor: Actor, audit: Bool = true) async throws -> View {
        try actor.requireCaseRead()
        let (r, seeker) = try await Self.request(id, actor, on: db)
        let matches = try await TracingMatchRecord.query(on: db).filter(\.$requestID == id).sort(\.$proposedAt, .descending).all()
        let people = try await RecordScopes.visiblePersons(matches.map(\.matchedPersonID), actor, on: db)
        let reunion = try await ReunificationRecord.query(on: db).filter(\.$requestID == id).first()
        if audit { try await ChildAccess.auditRead("tracing.read", r.personID, actor, at: ctx.now, on: db) }
        return View(request: r, seeker: seeker, matches: matches.map { MatchView(match: $0, person: people[$0.matchedPersonID]) }, reunification: reunion)
    }

    func create(personID: UUID, _ input: TracingRequestInput, by actor: Actor) async throws -> TracingRequestRecord {
        try actor.require(.caseManage)
        let now = ctx.now, today = DayDate(now)
        return try await db.writeTransaction { db in
            _ = try await ChildAccess.person(personID, actor, on: db)
            let c = try TracingRules.validate(input.facts, today: today)
            guard try await ChildAccess.tracingConsent([personID], today: today, on: db).contains(personID) else {
                throw DomainError.invalid([FieldIssue("consent", "tracing_consent_required")])
            }
            let r = TracingRequestRecord()
            r.id = UUID()
            r.personID = personID
            r.soughtNameOriginal = c.soughtNameOriginal
            r.soughtNameLatin = c.soughtNameLatin
            r.soughtSex = c.soughtSex.rawValue
            r.soughtBirthYear = c.soughtBirthYear
            r.relationship = c.relationship.rawValue
            r.lastKnownPlace = c.lastKnownPlace
            r.lastSeenOn = c.lastSeenOn?.description
            r.notes = c.notes
            r.status = TracingStatus.open.rawValue
            r.openedOn = today.description
            r.recordedByID = actor.userID
            r.recordedBy = actor.username
            r.recordedAt = now
            r.version = 1
            try await r.create(on: db)
            let given: [(String, Any?)] = [("soughtNameOriginal", c.soughtNameOriginal), ("soughtNameLatin", c.soughtNameLatin),
                                           ("soughtBirthYear", c.soughtBirthYear), ("lastKnownPlace", c.lastKnownPlace),
                                           ("lastSeenOn", c.lastSeenOn), ("notes", c.notes)]
            try await ChildAccess.audit("tracing.requested", personID, fields: ["relationship", "soughtSex"] + given.filter { $0.1 != nil }.map(\.0),
                                        actor, at: now, on: db)
            return r
        }
    }

    // MARK: Candidates

    /// What candidates are drawn from, loaded once for many requests.
    struct Pool: Sendable {
        let people: [PersonRecord]
        let requests: [(TracingRequestRecord, PersonRecord)]
    }

    func pool(by actor: Actor, today: DayDate) async throws -> Pool {
        let day = today.description
        let people = try await RecordScopes.persons(actor, on: db).filter(.sql(SQLQueryString("""
            \(ident: PersonRecord.schema).id IN (SELECT c.person_id FROM \(ident: ConsentEntry.schema) c WHERE c.purpose = \(bind: ConsentPurpose.tracing.rawValue) \
            AND c.given_on <= \(bind: day) AND (c.withdrawn_on IS NULL OR c.withdrawn_on > \(bind: day)))
            """))).sort(\.$caseNumber).limit(Self.maxPool).all()
        let open = try await TracingRequestRecord.query(on: db).filter(\.$status == TracingStatus.open.rawValue).all()
        let seekers = try await RecordScopes.visiblePersons(open.map(\.personID), actor, on: db)
        // A seeker who withdrew their consent is no longer matched.
        let consenting = try await ChildAccess.tracingConsent(Array(seekers.keys), today: today, on: db)
        return Pool(people: people, requests: open.compactMap { r in consenting.contains(r.personID) ? seekers[r.personID].map { (r, $0) } : nil })
    }

    /// Candidates for one request, best first: people not already taken up (or rejected) for it, and other open requests.
    static func candidates(for r: TracingRequestRecord, seeker: PersonRecord, in pool: Pool, taken: Set<UUID>) -> [TracingCandidate] {
        let sought = DuplicateRules.prepare(r.soughtInput)
        var found: [TracingCandidate] = []
        for p in pool.people where p.id != seeker.id && !taken.contains(p.id!) {
            if let s = DuplicateRules.score(sought, DuplicateFinder.input(p)), s.isCandidate {
                found.append(TracingCandidate(person: p, request: nil, score: TracingScore(score: s.score, reasons: s.reasons, mutual: false)))
            }
        }
        let mine = TracingSides(seeker: DuplicateFinder.input(seeker), sought: r.soughtInput)
        for (other, theirSeeker) in pool.requests where other.id != r.id && theirSeeker.id != seeker.id && !taken.contains(theirSeeker.id!) {
            guard let s = TracingRules.score(mine, TracingSides(seeker: DuplicateFinder.input(theirSeeker), sought: other.soughtInput)) else { continue }
            // The same person may be both a consenting candidate and a seeker: keep the request (it says more).
            found.removeAll { $0.person.id == theirSeeker.id && $0.request == nil }
            found.append(TracingCandidate(person: theirSeeker, request: other, score: s))
        }
        return Array(found.sorted { ($0.score.score, $1.person.caseNumber) > ($1.score.score, $0.person.caseNumber) }.prefix(maxCandidates))
    }

    static func taken(_ requestIDs: [UUID], on db: any Database) async throws -> [UUID: Set<UUID>] {
        guard !requestIDs.isEmpty else { return [:] }
        let rows = try await TracingMatchRecord.query(on: db).filter(\.$requestID ~~ requestIDs).all()
        return Dictionary(grouping: rows, by: \.requestID).mapValues { Set($0.map(\.matchedPersonID)) }
    }

    func candidates(_ id: UUID, by actor: Actor, audit: Bool = true) async throws -> [TracingCandidate] {
        try actor.requireCaseRead()
        let (r, seeker) = try await Self.request(id, actor, on: db)
        guard r.tracingStatus == .open else { return [] }
        let pool = try await pool(by: actor, today: DayDate(ctx.now))
        let taken = try await Self.taken([id], on: db)[id] ?? []
        if audit { try await ChildAccess.auditRead("tracing.candidates_read", r.personID, actor, at: ctx.now, on: db) }
        return Self.candidates(for: r, seeker: seeker, in: pool, taken: taken)
    }

    struct OpenRow: Sendable {
        let request: TracingRequestRecord
        let seeker: PersonRecord
        let candidates: Int
        let proposed: Int
    }

    /// Open requests the actor may see, oldest first, with how many candidates and matches wait for review.
    func open(page: Paging, by actor: Actor) async throws -> (items: [OpenRow], total: Int) {
        try actor.requireCaseRead()
        let pool = try await pool(by: actor, today: DayDate(ctx.now))
        let all = pool.requests.sorted { ($0.0.openedOn, $0.1.caseNumber) < ($1.0.openedOn, $1.1.caseNumber) }
        let slice = Array(all.dropFirst(page.offset).prefix(page.size))
        let rows = try await rows(slice, pool)
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("tracing.open_list_read", "tracing_request", nil, fields: ["page"]), by: AuditActor(actor), at: now, on: db)
        }
        return (rows, all.count)
    }

    /// Open requests with a candidate or a proposed match to review (for the home page).
    func toReview(by actor: Actor) async throws -> Int {
        let pool = try await pool(by: actor, today: DayDate(ctx.now))
        return try await rows(Array(pool.requests.prefix(500)), pool).filter { $0.candidates + $0.proposed > 0 }.count
    }

    private func rows(_ slice: [(TracingRequestRecord, PersonRecord)], _ pool: Pool) async throws -> [OpenRow] {
        let ids = slice.map { $0.0.id! }
        let taken = try await Self.taken(ids, on: db)
        let proposed = ids.isEmpty ? [] : try await TracingMatchRecord.query(on: db).filter(\.$requestID ~~ ids)
            .filter(\.$status == TracingMatchStatus.proposed.rawValue).all()
        return slice.map { r, seeker in
            OpenRow(request: r, seeker: seeker, candidates: Self.candidates(for: r, seeker: seeker, in: pool, taken: taken[r.id!] ?? []).count,
                    proposed: proposed.filter { $0.requestID == r.id }.count)
        }
    }

    // MARK: Matches

    func propose(_ id: UUID, _ input: TracingMatchInput, by actor: Actor) async throws -> TracingMatchRecord {
        try actor.require(.caseManage)
        let now = ctx.now
        var v = FieldChecker()
        if (input.personId == nil) == (input.requestId == nil) { v.add("personId", "match_target_required") }
        try v.finish()
        let (r, _) = try await Self.request(id, actor, on: db)
        if r.tracingStatus != .open { throw DomainError.conflict("tracing_not_open") }
        let list = try await candidates(id, by: actor, audit: false)
        let found = list.first { c in input.requestId.map { c.request?.id == $0 } ?? (c.request == nil && c.person.id == input.personId) }
        guard let found else {
            throw DomainError.invalid([FieldIssue(input.requestId == nil ? "personId" : "requestId", "not_a_candidate")])
        }
        return try await db.writeTransaction { db in
            if try await TracingMatchRecord.query(on: db).filter(\.$requestID == id).filter(\.$matchedPersonID == found.person.id!).count() > 0 {
                throw DomainError.conflict("match_exists")
            }
            let m = TracingMatchRecord()
            m.id = UUID()
            m.requestID = id
            m.matchedPersonID = found.person.id!
            m.matchedRequestID = found.request?.id
            m.score = found.score.score
            m.reasons = ReasonCoding.encode(found.score.reasons)
            m.status = TracingMatchStatus.proposed.rawValue
            m.proposedBy = actor.username
            m.proposedAt = now
            m.version = 1
            try await m.create(on: db)
            try await ChildAccess.audit("tracing.match_proposed", r.personID, fields: ["matchedPerson"] + (found.request == nil ? [] : ["matchedRequest"]),
                                        actor, at: now, on: db)
            return m
        }
    }

    /// A match of a request the actor may see, with the request.
    static func match(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> (TracingMatchRecord, TracingRequestRecord) {
        guard let m = try await TracingMatchRecord.find(id, on: db) else { throw DomainError.notFound }
        let (r, _) = try await request(m.requestID, actor, on: db)
        return (m, r)
    }

    func verify(_ id: UUID, _ input: TracingVerifyInput, expected: ExpectedVersion?, by actor: Actor) async throws -> TracingMatchRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now, today = DayDate(now)
        return try await db.writeTransaction { db in
            let (m, r) = try await Self.match(id, actor, on: db)
            let c = try TracingRules.validate(VerificationFacts(method: input.method, verifiedOn: input.verifiedOn, seekerWishes: input.seekerWishes,
                                                                soughtWishes: input.soughtWishes, notes: input.notes, matchStatus: m.matchStatus), today: today)
            if r.tracingStatus != .open { throw DomainError.conflict("tracing_not_open") }
            m.version = try await db.bumpVersion(table: TracingMatchRecord.schema, id: id, expected: expected)
            m.status = TracingMatchStatus.verified.rawValue
            m.method = c.method.rawValue
            m.verifiedOn = c.verifiedOn.description
            m.seekerWishes = c.seekerWishes
            m.soughtWishes = c.soughtWishes
            m.notes = c.notes
            m.decidedBy = actor.username
            try await m.update(on: db)
            try await ChildAccess.audit("tracing.match_verified", r.personID, fields: ["method", "verifiedOn", "seekerWishes", "soughtWishes"]
                                        + (c.notes == nil ? [] : ["notes"]), actor, at: now, on: db)
            return m
        }
    }

    /// Closes an open request without a reunification (the seeker withdrew, the person was found elsewhere...), with a reason.
    func close(_ id: UUID, reason: String?, expected: ExpectedVersion?, by actor: Actor) async throws -> TracingRequestRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            let (r, _) = try await Self.request(id, actor, on: db)
            let text = try TracingRules.close(status: r.tracingStatus, reason: reason)
            r.version = try await db.bumpVersion(table: TracingRequestRecord.schema, id: id, expected: expected)
            r.status = TracingStatus.closed.rawValue
            r.closedOn = DayDate(now).description
            r.closedReason = text
            try await r.update(on: db)
            try await ChildAccess.audit("tracing.request_closed", r.personID, fields: ["status", "closedOn", "closedReason"], actor, at: now, on: db)
            return r
        }
    }

    /// Not the person sought: the match is rejected and never proposed again for this request.
    func reject(_ id: UUID, expected: ExpectedVersion?, by actor: Actor) async throws -> TracingMatchRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            let (m, r) = try await Self.match(id, actor, on: db)
            if m.matchStatus != .proposed { throw DomainError.invalid([FieldIssue("match", "match_not_proposed")]) }
            m.version = try await db.bumpVersion(table: TracingMatchRecord.schema, id: id, expected: expected)
            m.status = TracingMatchStatus.rejected.rawValue
            m.decidedBy = actor.username
            try await m.update(on: db)
            try await ChildAccess.audit("tracing.match_rejected", r.personID, fields: ["status"], actor, at: now, on: db)
            return m
        }
    }
}
