import Fluent
import Foundation
import SQLKit
import BadilCore

/// "Who to screen or release first": people in scope without an approved alternative, ordered by the
/// rules of `PriorityRules` (children first, unaccompanied first), each with the reasons for their place.
struct PriorityQueue {
    let db: any Database
    let ctx: BadilContext

    struct Item: Sendable {
        let person: PersonRecord
        let place: PriorityPlace
        let location: LocationRecord?
        let daysInDetention: Int
        let screening: ScreeningRecord?
        let decisionStatus: DecisionStatus?
    }

    /// At most this many people are ranked at once (children and people with urgent needs are read first).
    static let window = 5000

    func list(page: Paging, by actor: Actor) async throws -> (items: [Item], total: Int) {
        try actor.require(.screeningConduct)
        let now = ctx.now
        let today = DayDate(now)
        let settled = DecisionOutcome.allCases.filter { $0 != .detentionLastResort }.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let people = try await RecordScopes.persons(actor, on: db)
            .filter(.sql(unsafeRaw: "\(PersonRecord.schema).id NOT IN (SELECT person_id FROM \(DecisionRecord.schema) WHERE status = 'approved' AND outcome IN (\(settled)))"))
            .sort(\.$childUntil, .descending).sort(\.$urgentNeeds, .descending).sort(\.$createdAt)
            .limit(Self.window).all()
        let ids = people.compactMap(\.id)
        var stays: [UUID: [StayRecord]] = [:]
        var screenings: [UUID: ScreeningRecord] = [:]
        var decisions: [UUID: DecisionRecord] = [:]
        for chunk in PersonWrites.chunks(ids, size: 500) {
            let list = Array(chunk)
            for s in try await StayRecord.query(on: db).filter(\.$personID ~~ list).with(\.$location).all() { stays[s.personID, default: []].append(s) }
            for s in try await ScreeningRecord.query(on: db).filter(\.$personID ~~ list).filter(\.$status == ScreeningStatus.completed.rawValue).all() {
                if let have = screenings[s.personID], (have.completedAt ?? .distantPast) >= (s.completedAt ?? .distantPast) { continue }
                screenings[s.personID] = s
            }
            for d in try await DecisionRecord.query(on: db).filter(\.$personID ~~ list)
                .filter(\.$status ~~ [DecisionStatus.proposed.rawValue, DecisionStatus.returned.rawValue, DecisionStatus.approved.rawValue]).all() {
                decisions[d.personID] = d
            }
        }
        let items = people.map { p -> Item in
            let personStays = stays[p.id!] ?? []
            let current = personStays.last { $0.endedAt == nil }
            let inDetention = current?.location.locationType.isDetention ?? false
            let days = PersonService.daysInDetention(personStays, now: now)
            let screening = screenings[p.id!]
            let input = PriorityInput(isChild: p.isChild(on: today), careStatus: CareStatus(rawValue: p.careStatus), urgentNeeds: p.needs,
                                      indicators: Set(screening?.indicatorList ?? []), age: AgeRules.age(p.ageFacts, on: today),
                                      inDetention: inDetention, daysInDetention: inDetention ? days : nil,
                                      registeredOn: p.createdAt.map { DayDate($0) } ?? today)
            return Item(person: p, place: PriorityRules.place(input), location: current?.location, daysInDetention: days,
                        screening: screening, decisionStatus: decisions[p.id!]?.decisionStatus)
        }.sorted { ($0.place, $0.person.caseNumber) < ($1.place, $1.person.caseNumber) }
        return (Array(items.dropFirst(page.offset).prefix(page.size)), items.count)
    }
}
