import Fluent
import Foundation
import BadilCore

struct ReunificationInput: StrictInput {
    var reunifiedOn: String?
    var place: String?
    var notes: String?
    static let allowedFields: Set<String> = ["reunifiedOn", "place", "notes"]
    static let nullableFields: Set<String> = ["notes"]
}

/// Reunification after a verified match where both sides wish it and, for each child, the latest best-interests
/// assessment recommends care in the family. It closes the request (and the other side's request, for a match
/// between two requests) and puts a follow-up visit on the case, due in 30 days.
struct ReunificationService {
    let db: any Database
    let ctx: BadilContext

    func record(requestID: UUID, _ input: ReunificationInput, by actor: Actor) async throws -> ReunificationRecord {
        try actor.require(.caseManage)
        let now = ctx.now, today = DayDate(now)
        let localizer = ctx.localizer
        return try await db.writeTransaction { db in
            let (r, seeker) = try await TracingService.request(requestID, actor, on: db)
            if r.tracingStatus != .open { throw DomainError.conflict("tracing_not_open") }
            let match = try await TracingMatchRecord.query(on: db).filter(\.$requestID == requestID)
                .filter(\.$status == TracingMatchStatus.verified.rawValue).sort(\.$verifiedOn, .descending).first()
            let found = try await match.asyncMap { try await PersonRecord.find($0.matchedPersonID, on: db) } ?? nil
            var children: [Bool] = []
            for p in [seeker, found].compactMap({ $0 }) where p.isChild(on: today) {
                let latest = try await BestInterestsService.latest(p.id!, on: db)
                children.append(BestInterestsRules.recommendsFamily(latest.flatMap { CareType(rawValue: $0.recommendedCare) }))
            }
            let verified = match.flatMap { m -> (on: DayDate, seekerWishes: Bool, soughtWishes: Bool)? in
                guard let on = m.verifiedOn.flatMap(DayDate.init) else { return nil }
                return (on, m.seekerWishes ?? false, m.soughtWishes ?? false)
            }
            let c = try TracingRules.validate(ReunificationFacts(reunifiedOn: input.reunifiedOn, place: input.place, notes: input.notes,
                                                                 verified: verified, childrenRecommendFamily: children), today: today)
            let m = match!
            let u = ReunificationRecord()
            u.id = UUID()
            u.requestID = requestID
            u.matchID = m.id!
            u.personID = r.personID
            u.relatedPersonID = m.matchedPersonID
            u.reunifiedOn = c.reunifiedOn.description
            u.place = c.place
            u.notes = c.notes
            u.recordedByID = actor.userID
            u.recordedBy = actor.username
            u.recordedAt = now
            try await u.create(on: db)
            var closing = [r]
            if let other = try await m.matchedRequestID.asyncMap({ try await TracingRequestRecord.find($0, on: db) }) ?? nil,
               other.tracingStatus == .open {
                closing.append(other)
            }
            for q in closing {
                q.status = TracingStatus.reunified.rawValue
                q.closedOn = c.reunifiedOn.description
                q.version += 1
                try await q.save(on: db)
            }
            try await ChildAccess.audit("tracing.reunified", r.personID, fields: ["reunifiedOn", "place", "status"] + (c.notes == nil ? [] : ["notes"]),
                                        actor, at: now, on: db)
            try await ChildAccess.addTask(personID: r.personID, kind: CaseTaskKind.reunificationFollowUp.rawValue, titleKey: "child.task.reunification_follow_up",
                                          due: c.reunifiedOn.addingDays(TracingRules.followUpDays), mandatory: true, sourceID: u.id,
                                          actor, at: now, on: db, localizer: localizer)
            return u
        }
    }
}
